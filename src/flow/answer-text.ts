/**
 * Small pure helpers for answers as stored (JSON) and as shown (one line on a phone), shared by
 * the step kinds and the engine.
 */
import type { Json, Lang, PhotoAnswer } from './types.ts';

export function isJsonObject(v: Json | undefined): v is { [key: string]: Json } {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

export function formatCommune(unit: { [key: string]: Json }): string {
  const name = typeof unit['name'] === 'string' ? unit['name'] : '';
  const province = typeof unit['province'] === 'string' ? unit['province'] : '';
  return province ? `${name} (${province})` : name;
}

/** Characters a one-line button shows on a phone. */
export const BUTTON_LINE = 36;

/**
 * "Xã Bắc Đông Hưng – Hưng Yên": the commune and its province without "Tỉnh"/"Thành phố", and
 * the commune alone when even that is too long for a one-line button.
 */
export function communeButtonLabel(name: string, province: string): string {
  const short = province.replace(/^(Tỉnh|Thành phố|TP\.?)\s+/u, '');
  const both = short ? `${name} – ${short}` : name;
  return [...both].length <= BUTTON_LINE ? both : name;
}

/** Any stored value as text: booleans as có/không, arrays joined, objects as JSON. */
export function stringify(value: Json | undefined, lang: Lang): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean')
    return lang === 'vi' ? (value ? 'có' : 'không') : value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map((v) => stringify(v, lang)).join(', ');
  return JSON.stringify(value);
}

/** Photos stored as an answer (a JSON array), typed. */
export function toPhotos(value: Json | undefined): PhotoAnswer[] {
  if (!Array.isArray(value)) return [];
  const photos: PhotoAnswer[] = [];
  for (const p of value) {
    if (p === null || typeof p !== 'object' || Array.isArray(p) || typeof p['fileId'] !== 'string')
      continue;
    photos.push({
      fileId: p['fileId'],
      ...(typeof p['fileUniqueId'] === 'string' ? { fileUniqueId: p['fileUniqueId'] } : {}),
      ...(typeof p['size'] === 'number' ? { size: p['size'] } : {}),
    });
  }
  return photos;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += size) rows.push(items.slice(i, i + size));
  return rows;
}
