/**
 * Open311 client keys: a random key is shown once to whoever creates it; gopy keeps only its
 * SHA-256, so a copy of the database lets nobody in. A key's scope is one commune, one province
 * or every commune; it may only create or answer reports inside it.
 */
import { createHash, randomBytes } from 'node:crypto';

/** "o311_" and 32 random bytes in base64url: long enough that guessing is hopeless. */
export function newApiKey(): { key: string; hash: string } {
  const key = `o311_${randomBytes(32).toString('base64url')}`;
  return { key, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key.trim()).digest('hex');
}

export interface KeyScope {
  unitCode: string | null;
  provinceCode: string | null;
}

/** Whether a key of this scope may act on a report of this commune. */
export function keyCovers(key: KeyScope, unit: { code: string; provinceCode: string }): boolean {
  if (key.unitCode !== null) return key.unitCode === unit.code;
  if (key.provinceCode !== null) return key.provinceCode === unit.provinceCode;
  return true;
}
