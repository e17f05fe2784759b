/**
 * Every text an official reads exists in Vietnamese and in English with the same placeholders,
 * the English has no Vietnamese left in it, and the Vietnamese was not left in English by
 * mistake (it has diacritics, or is one of the few texts the same in both languages).
 */
import { describe, expect, it } from 'vitest';
import * as OFFICIAL from '../../../src/texts/official.ts';
import type { Localized } from '../../../src/texts/localized.ts';
import { msgHtml } from '../../../src/texts/localized.ts';

/** Letters only Vietnamese has (lower and upper case), after NFC. */
const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/iu;
/**
 * Words a Vietnamese text may carry untranslated: commands, the language's own name on the
 * language switch, and markup. Anything else in the English must not look Vietnamese.
 */
const ALLOWED_IN_ENGLISH = [/Tiếng Việt/gu, /gopy officials invite/gu];

/** Vietnamese texts whose few words happen to have no diacritics («Xem»). */
const NO_DIACRITICS = ['BUTTON.view'];

function entries(): Array<[string, Localized]> {
  const out: Array<[string, Localized]> = [];
  for (const [group, table] of Object.entries(OFFICIAL))
    for (const [key, text] of Object.entries(table as Record<string, Localized>))
      out.push([`${group}.${key}`, text]);
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const tags = (text: string) =>
  [...text.matchAll(/<\/?(b|i|u|s|a|code|pre)>/g)].map((m) => m[0]).sort();

describe('officials’ texts', () => {
  const all = entries();

  it('has texts to check (the module exports its tables)', () => {
    expect(all.length).toBeGreaterThan(60);
  });

  it.each(all)('%s is in both languages with the same placeholders and markup', (_key, text) => {
    expect(text.vi.trim()).not.toBe('');
    expect(text.en.trim()).not.toBe('');
    expect(placeholders(text.en)).toEqual(placeholders(text.vi));
    expect(tags(text.en)).toEqual(tags(text.vi));
    expect(text.vi).toBe(text.vi.normalize('NFC'));
  });

  it.each(all)('%s in English has no Vietnamese left in it', (_key, text) => {
    let english = text.en;
    for (const allowed of ALLOWED_IN_ENGLISH) english = english.replace(allowed, '');
    expect(english).not.toMatch(VIETNAMESE);
  });

  it.each(all)('%s in Vietnamese is Vietnamese, not English left by mistake', (_key, text) => {
    // Texts made only of symbols and placeholders ("📋 {kind}") read the same in both.
    const words = text.vi
      .replace(/\{\w+\}/g, ' ')
      .replace(/<\/?\w+>|\/\w+|[^\p{L}]+/gu, ' ')
      .trim();
    if (words === '') {
      expect(text.en).toBe(text.vi);
      return;
    }
    if (!NO_DIACRITICS.includes(_key)) expect(text.vi).toMatch(VIETNAMESE);
    expect(text.vi).not.toBe(text.en);
  });

  it('fills values escaped, so a citizen’s text never becomes markup', () => {
    const said = msgHtml(OFFICIAL.ALERT.sender, 'en', { name: '<b>Lan</b> & co' });
    expect(said.value).toBe('Sender: &lt;b&gt;Lan&lt;/b&gt; &amp; co');
  });
});
