/**
 * What a citizen reads about the commune's answer to a report (the answer itself, their verdict
 * and ratings, a reopen, a message to the commune, the frame of an official's relayed message)
 * exists in Vietnamese and in English with the same placeholders and markup, and the English has
 * no Vietnamese left in it.
 */
import { describe, expect, it } from 'vitest';
import {
  ANSWER,
  CITIZEN_RELAY,
  CITIZEN_THREAD,
  FOLLOWER_VERDICT,
  REOPEN_VERDICT,
  REPORTER_VERDICT,
} from '../../../src/texts/citizen.ts';
import type { Localized } from '../../../src/texts/localized.ts';

/** Letters only Vietnamese has (lower and upper case), after NFC. */
const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/iu;

const TABLES = {
  ANSWER,
  CITIZEN_RELAY,
  CITIZEN_THREAD,
  FOLLOWER_VERDICT,
  REOPEN_VERDICT,
  REPORTER_VERDICT,
};

const all: Array<[string, Localized]> = Object.entries(TABLES).flatMap(([group, table]) =>
  Object.entries(table as Record<string, Localized>).map(([key, text]): [string, Localized] => [
    `${group}.${key}`,
    text,
  ]),
);

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const tags = (text: string) =>
  [...text.matchAll(/<\/?(b|i|u|s|a|code|pre)>/g)].map((m) => m[0]).sort();

describe('the texts of a citizen’s answer, verdict and reopen', () => {
  it('has texts to check', () => {
    expect(all.length).toBeGreaterThan(30);
  });

  it.each(all)('%s is in both languages with the same placeholders and markup', (_key, text) => {
    expect(Object.keys(text).sort()).toEqual(['en', 'vi']);
    expect(text.vi.trim()).not.toBe('');
    expect(text.en.trim()).not.toBe('');
    expect(placeholders(text.en)).toEqual(placeholders(text.vi));
    expect(tags(text.en)).toEqual(tags(text.vi));
    expect(text.vi).toBe(text.vi.normalize('NFC'));
  });

  it.each(all)('%s has no diacritics in English, and diacritics in Vietnamese', (_key, text) => {
    expect(text.en).not.toMatch(VIETNAMESE);
    expect(text.vi).toMatch(VIETNAMESE);
  });
});
