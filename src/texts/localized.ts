/**
 * A text in both of gopy's languages, and how it is said: the shape every module of src/texts/
 * uses. Vietnamese first, with proper diacritics (NFC); English for those who chose it.
 */
import { escapeHtml, isHtml, type Html, type HtmlValue } from '../core/html.ts';
import type { Lang } from '../core/lang.ts';

/** One text in Vietnamese and in English; `{name}` marks a value filled in when it is said. */
export interface Localized {
  vi: string;
  en: string;
}

export function t(text: Localized, lang: Lang): string {
  return text[lang];
}

/** Replaces {name} placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

/** One formatter per language: building one costs more than formatting (bench:intake). */
const VI_COUNT = new Intl.NumberFormat('vi-VN');
const EN_COUNT = new Intl.NumberFormat('en-US');

/** 2000 → "2.000" in Vietnamese, "2,000" in English. */
export function formatCount(n: number, lang: Lang): string {
  return (lang === 'vi' ? VI_COUNT : EN_COUNT).format(n);
}

/** A text in `lang` with `{name}` filled in (numbers formatted for the language). */
export function msg(
  text: Localized,
  lang: Lang,
  values: Record<string, string | number> = {},
): string {
  return text[lang].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = values[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? formatCount(v, lang) : v;
  });
}

/**
 * A text whose template is trusted markup (`<b>`, `<i>`) with `{name}` filled in escaped, as the
 * `html` tag does: user text never injects markup. Html values nest as they are.
 */
export function msgHtml(text: Localized, lang: Lang, values: Record<string, HtmlValue> = {}): Html {
  const value = text[lang].replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in values)) return whole;
    const v = values[name];
    if (isHtml(v)) return v.value;
    if (typeof v === 'number') return escapeHtml(formatCount(v, lang));
    return escapeHtml(v === null || v === undefined ? '' : String(v));
  });
  return { kind: 'html', value };
}

/** What a reader sees in their language: a fixed text, or one said per language. */
export type PerLang<T> = T | ((lang: Lang) => T);

export function inLang<T>(text: PerLang<T>, lang: Lang): T {
  return typeof text === 'function' ? (text as (lang: Lang) => T)(lang) : text;
}
