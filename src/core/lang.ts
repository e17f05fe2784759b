/** The languages gopy speaks: Vietnamese first, English for visitors and officials who ask. */
export type Lang = 'vi' | 'en';

export const LANGS = ['vi', 'en'] as const satisfies readonly Lang[];

export function isLang(value: string): value is Lang {
  return (LANGS as readonly string[]).includes(value);
}

/** A stored language (a citizen's, an official's); anything unknown or missing reads as Vietnamese. */
export function toLang(value: string | null | undefined): Lang {
  return value === 'en' ? 'en' : 'vi';
}
