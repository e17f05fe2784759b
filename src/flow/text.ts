/**
 * The small pieces of Vietnamese text handling the flow engine needs: folding for matching what
 * citizens type without diacritics, phone numbers and links.
 *
 * Kept inside flow/ because src/core/vi-text.ts was being written at the same time; when it
 * lands with the same behaviour, these can become re-exports.
 */

/**
 * Lower case, no diacritics, đ → d, punctuation and emoji dropped, spaces collapsed:
 * "◀ Quay lại" → "quay lai", "Hủy!" → "huy".
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** True when `typed` is `label` with or without diacritics, case, punctuation or emoji. */
export function matchesLabel(typed: string, label: string): boolean {
  const t = foldVietnamese(typed);
  return t.length > 0 && t === foldVietnamese(label);
}

/**
 * A Vietnamese phone number in national form (0912345678), or undefined. Accepts spaces, dots,
 * dashes and the +84 / 84 prefixes; mobile numbers have 10 digits, landlines 11 (02x…).
 */
export function normalizePhone(input: string): string | undefined {
  const compact = input.replace(/[\s.\-()]/g, '');
  if (!/^\+?\d+$/.test(compact)) return undefined;
  let digits = compact.replace(/^\+/, '');
  if (digits.startsWith('84') && (digits.length === 11 || digits.length === 12)) {
    digits = '0' + digits.slice(2);
  }
  if (/^0[35789]\d{8}$/.test(digits)) return digits;
  if (/^02\d{9}$/.test(digits)) return digits;
  return undefined;
}

const LINK =
  /(?:\b(?:https?|ftp):\/\/|\bwww\.|\bt\.me\/|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|vn|info|io|me|xyz|top|link|ly|gl|co|app|site|online|biz|click|shop|store|tk|ru|cn)\b)/i;

/** True when the text contains something a messenger would turn into a link. */
export function looksLikeLink(text: string): boolean {
  return LINK.test(text);
}

/** Length as a person counts it: code points of the NFC form. */
export function textLength(text: string): number {
  return [...text.normalize('NFC')].length;
}

/** Cuts to at most `max` code points, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/** 2000 → "2.000" in Vietnamese, "2,000" in English. */
export function formatCount(n: number, lang: 'vi' | 'en'): string {
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-US').format(n);
}
