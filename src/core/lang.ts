/** The languages gopy speaks: Vietnamese first, English for visitors and officials who ask. */
export type Lang = 'vi' | 'en';

export const LANGS = ['vi', 'en'] as const satisfies readonly Lang[];

export function isLang(value: string): value is Lang {
  return (LANGS as readonly string[]).includes(value);
}
