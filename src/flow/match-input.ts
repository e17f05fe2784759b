/**
 * Reading what citizens type instead of pressing a button: control words, an option by its
 * number or words, a score, and the rules of a text question.
 */
import { matchLabel } from '../core/vi-text.ts';
import { MSG, SCALE, WORDS } from '../texts/flow.ts';
import { msg } from '../texts/localized.ts';
import type { TextRules } from './schema.ts';
import { foldWords, looksLikeLink, normalizePhone, textLength } from './text.ts';

/** Default upper bound for typed answers without their own. */
const DEFAULT_MAX_LENGTH = 4000;

/** The whole message is one of `words` (folded words: "Hủy-bỏ!" is "huy bo"). */
export function isWord(text: string, words: readonly string[]): boolean {
  const folded = foldWords(text);
  return folded.length > 0 && words.includes(folded);
}

export function controlWord(text: string): 'back' | 'cancel' | 'skip' | undefined {
  if (isWord(text, WORDS.back)) return 'back';
  if (isWord(text, WORDS.cancel)) return 'cancel';
  if (isWord(text, WORDS.skip)) return 'skip';
  return undefined;
}

/**
 * The option a typed answer means: its number ("2"), its label or one of its aliases with or
 * without diacritics, the start of exactly one of them ("co" → "Có, gửi ẩn danh"; see
 * matchLabel), or else words found in exactly one option's label or aliases ("an danh" → "Có,
 * gửi ẩn danh").
 */
export function matchOption(
  text: string,
  options: ReadonlyArray<{ label: string; aliases?: readonly string[] }>,
): number | undefined {
  const m = matchLabel(
    text,
    options.map((o, i) => ({ label: o.label, aliases: o.aliases, number: i + 1 })),
  );
  if (m.type === 'match') return m.index;
  if (/^\s*\d/.test(text)) return undefined;
  const words = foldWords(text);
  if (words.length < 3) return undefined;
  const hits = options.flatMap((o, i) =>
    [o.label, ...(o.aliases ?? [])].some((l) => ` ${foldWords(l)} `.includes(` ${words} `))
      ? [i]
      : [],
  );
  return hits.length === 1 ? hits[0] : undefined;
}

/** A typed score: "4", "hai long", "Rất hài lòng", "5 – Rất hài lòng", "satisfied". */
export function matchScore(text: string): number | undefined {
  const m = matchLabel(
    text,
    SCALE.map((s) => ({ label: s.label.vi, number: s.score, aliases: [s.label.en] })),
  );
  return m.type === 'match' ? SCALE[m.index]?.score : undefined;
}

export type Checked = { ok: true; value: string } | { ok: false; note: string };

/** Applies a text step's rules; the note says what to fix, with the limit in numbers. */
export function checkText(text: string, rules: TextRules, lang: 'vi' | 'en'): Checked {
  const length = textLength(text);
  const max = rules.maxLength ?? DEFAULT_MAX_LENGTH;
  if (length > max) return { ok: false, note: msg(MSG.tooLong, lang, { length, max }) };
  const min = rules.minLength ?? 1;
  if (length < min) return { ok: false, note: msg(MSG.tooShort, lang, { min }) };
  if (rules.noLinks && looksLikeLink(text)) return { ok: false, note: msg(MSG.noLinks, lang) };
  if (rules.phone) {
    const phone = normalizePhone(text);
    if (!phone) return { ok: false, note: msg(MSG.badPhone, lang) };
    return { ok: true, value: phone };
  }
  return { ok: true, value: text };
}
