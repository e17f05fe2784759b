/** The languages gopy speaks: Vietnamese first, English for visitors and officials who ask. */
export type Lang = 'vi' | 'en';
