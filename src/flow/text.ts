/**
 * Text helpers of the flow engine. Folding, phone numbers and links come from core/vi-text.ts;
 * what is here is specific to how the engine reads and writes messages.
 */
import { foldVietnamese, looksLikeLink, normalizePhone as parsePhone } from '../core/vi-text.ts';

export { foldVietnamese, looksLikeLink };

/** A Vietnamese phone number in national form (0912345678), or undefined. */
export function normalizePhone(input: string): string | undefined {
  const parsed = parsePhone(input);
  return parsed.type === 'ok' ? parsed.national : undefined;
}

/** Folded words only: punctuation inside becomes a space ("Có, gửi ẩn danh" → "co gui an danh"). */
export function foldWords(text: string): string {
  return foldVietnamese(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
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
