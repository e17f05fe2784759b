/**
 * Every text an official reads exists in Vietnamese and in English with the same placeholders,
 * the English has no Vietnamese left in it, and the Vietnamese was not left in English by
 * mistake (it has diacritics, or is one of the few texts the same in both languages).
 */
import { describe, expect, it } from 'vitest';
import * as OFFICIAL from '../../../src/texts/official.ts';
import * as OFFICIAL_THREAD from '../../../src/texts/official-thread.ts';
import * as OFFICIAL_VIEWS from '../../../src/texts/official-views.ts';
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
// «UBND {unit} · {name}»: the committee's abbreviation and placeholders only. «an ninh»: a field.
const NO_DIACRITICS = ['BUTTON.view', 'THREAD.fromCommune', 'FIELD_WORDS.security'];

/** Every module of officials' texts: the alerts and desk, the views, the thread. */
const MODULES = { OFFICIAL, OFFICIAL_VIEWS, OFFICIAL_THREAD };

function entries(): Array<[string, Localized]> {
  const out: Array<[string, Localized]> = [];
  for (const module of Object.values(MODULES))
    for (const [group, table] of Object.entries(module))
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

  it('has every module’s tables, and no table named twice across modules', () => {
    const groups = Object.values(MODULES).flatMap((m) => Object.keys(m));
    expect(groups).toEqual(expect.arrayContaining(['THREAD', 'WORKLIST', 'STATS', 'MORNING']));
    expect(groups).toEqual(expect.arrayContaining(['RELAY', 'DUPLICATE', 'VERDICT']));
    expect(new Set(groups).size).toBe(groups.length);
    for (const [key, text] of all) expect(Object.keys(text).sort(), key).toEqual(['en', 'vi']);
  });

  it('writes an example date as dd/mm/yyyy in both languages', () => {
    for (const [key, text] of all)
      for (const said of [text.vi, text.en]) {
        const dates = said.match(/\b\d{1,4}[/-]\d{1,2}[/-]\d{1,4}\b/g) ?? [];
        for (const date of dates) expect(date, key).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      }
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
