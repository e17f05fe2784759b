/**
 * Vietnamese text helpers for matching what people type.
 *
 * Citizens type with or without diacritics, in NFC or NFD (some keyboards and older phones send
 * decomposed marks), in any case, with stray punctuation. Search and button matching compare
 * folded text; what is stored and shown stays as typed (in NFC).
 */

/** Canonical composed form, the one we store: "Hòa" typed as NFD becomes the same string as NFC. */
export function toNfc(text: string): string {
  return text.normalize('NFC');
}

/**
 * The tone mark of «oa», «oe», «uy» ending a syllable on its first vowel, the new-style placement
 * («hóa», «khỏe», «thủy»), where old-style writing puts it on the second («hoá», «khoẻ», «thuỷ»):
 * both spellings are in use, so words are compared after this. In NFC. «quý» stays: after «q»
 * the «u» is part of the consonant, and the tone is on «y» in either style. A closed syllable
 * («hoàn», «huỳnh») has one placement already and stays as written.
 */
export function newStyleTones(text: string): string {
  return text
    .normalize('NFD')
    .replace(
      OLD_STYLE_TONE,
      (_m, before: string, first: string, second: string, tone: string) =>
        `${before}${first}${tone}${second}`,
    )
    .normalize('NFC');
}

/** «oa», «oe», «uy» (not after «q») with the tone on the second vowel, nothing after it (NFD). */
const OLD_STYLE_TONE =
  /(^|[^qQ])([oO](?=[aAeE])|[uU](?=[yY]))([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])(?![\p{L}\p{M}])/gu;

/**
 * Folds text for comparison: lower case, no diacritics (đ → d), full-width characters to ASCII,
 * whitespace runs collapsed to one space, punctuation and symbols trimmed from both ends.
 * "Đông Xá", "dong xa", "  ĐÔNG   XÁ! " all fold to "dong xa". Inner punctuation stays, so
 * "Đông Xá, Đông Hưng" folds to "dong xa, dong hung".
 */
export function foldVietnamese(text: string): string {
  return (
    text
      // NFKD splits every letter from its marks (and full-width forms into ASCII).
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      // đ/Đ do not decompose; Ð/ð (eth) stand in for them in text converted from old encodings.
      .replace(/[đĐðÐ]/g, 'd')
      .toLowerCase()
      .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
      .replace(/\s+/g, ' ')
      .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '')
  );
}

/** A choice to match typed text against. A string is a label without a number. */
export type LabelOption =
  | string
  | {
      readonly label: string;
      /** The number a person may type instead ("4" for "Hài lòng" on the 5-point scale). */
      readonly number?: number;
      /** Other words that mean the same ("ok", "co" for "Có"). */
      readonly aliases?: readonly string[];
    };

export type LabelMatch =
  | { readonly type: 'match'; readonly index: number }
  | { readonly type: 'ambiguous'; readonly indexes: readonly number[] }
  | { readonly type: 'none' };

const LEADING_NUMBER = /^(\d{1,3})(?:\s*[.):-]\s*|\s+|$)(.*)$/;

/**
 * Which option a person meant by typing `input` instead of pressing a button.
 *
 * In order: a leading number ("2", "2.", "2) hài lòng") picks the option with that number (its
 * `number`, or a number the label itself starts with, as in "2. Không"); then a folded exact
 * match of a label or alias ("hai long" is "Hài lòng", never "Không hài lòng"); then a folded
 * prefix of at least two characters that only one option starts with ("rat hai" is "Rất hài
 * lòng"; "rat" is ambiguous between "Rất hài lòng" and "Rất không hài lòng").
 */
export function matchLabel(input: string, options: ReadonlyArray<LabelOption>): LabelMatch {
  const typed = foldVietnamese(input);
  if (typed === '') return { type: 'none' };
  const prepared = options.map(prepare);

  const num = LEADING_NUMBER.exec(typed);
  if (num) {
    const n = Number(num[1]);
    const byNumber = indexesWhere(prepared, (o) => o.number === n);
    if (byNumber.length === 1) return { type: 'match', index: byNumber[0] ?? 0 };
    if (byNumber.length > 1) return { type: 'ambiguous', indexes: byNumber };
  }

  const exact = indexesWhere(prepared, (o) => o.texts.includes(typed));
  if (exact.length === 1) return { type: 'match', index: exact[0] ?? 0 };
  if (exact.length > 1) return { type: 'ambiguous', indexes: exact };

  if (typed.length < 2) return { type: 'none' };
  const prefix = indexesWhere(prepared, (o) => o.texts.some((t) => t.startsWith(typed)));
  if (prefix.length === 1) return { type: 'match', index: prefix[0] ?? 0 };
  if (prefix.length > 1) return { type: 'ambiguous', indexes: prefix };
  return { type: 'none' };
}

/**
 * Whether `input` means `label`, among `siblings` (the other choices on screen, which decide
 * whether a prefix is unique). Without siblings only an exact folded match or the label's
 * number counts as a prefix match.
 */
export function matchesLabel(
  input: string,
  label: LabelOption,
  siblings: ReadonlyArray<LabelOption> = [],
): boolean {
  const m = matchLabel(input, [label, ...siblings]);
  return m.type === 'match' && m.index === 0;
}

interface PreparedOption {
  readonly number: number | undefined;
  /** Folded label (with and without its leading number) and aliases. */
  readonly texts: readonly string[];
}

function prepare(option: LabelOption): PreparedOption {
  const label = typeof option === 'string' ? option : option.label;
  const aliases = typeof option === 'string' ? [] : (option.aliases ?? []);
  const folded = foldVietnamese(label);
  const own = LEADING_NUMBER.exec(folded);
  const texts = [folded, ...aliases.map(foldVietnamese)];
  if (own && own[2]) texts.push(own[2]);
  const explicit = typeof option === 'string' ? undefined : option.number;
  return { number: explicit ?? (own ? Number(own[1]) : undefined), texts: texts.filter(Boolean) };
}

function indexesWhere<T>(items: readonly T[], test: (item: T) => boolean): number[] {
  const out: number[] = [];
  items.forEach((item, i) => {
    if (test(item)) out.push(i);
  });
  return out;
}

// Unit-type words, longest first so "thị xã" wins over "xã". Both spellings of "ủy/uỷ" exist.
const UNIT_WORDS = [
  'ủy ban nhân dân',
  'uỷ ban nhân dân',
  'ubnd',
  'thành phố',
  'đặc khu',
  'thị trấn',
  'thị xã',
  'phường',
  'huyện',
  'quận',
  'tỉnh',
  'xã',
];
const FOLDED_UNIT_WORDS = [...new Set(UNIT_WORDS.map(foldVietnamese))];
// Abbreviations written with a dot may touch the name ("P.Bến Nghé", "Q.1").
const DOTTED_ABBREVIATIONS = ['tp.', 'tx.', 'tt.', 'p.', 'x.', 'q.', 'h.'];
const SPACED_ABBREVIATIONS = ['tp', 'tx', 'tt'];

/**
 * Removes the unit-type words in front of a place name, so "xã Đông Xá" is searched as
 * "Đông Xá"; each part of a list is stripped ("Xã Đông Xá, Huyện Đông Hưng" → "Đông Xá, Đông
 * Hưng"). The words are xã, phường, đặc khu, thị trấn, huyện, quận, thị xã, thành phố, tỉnh
 * (and UBND), in any case, plus abbreviations (TP., TX., TT., P., X., Q., H.).
 *
 * Typed without diacritics, a type word is also a name ("phuong" in "Phương Liệt", "quan" in
 * "Quan Hóa"), so an unaccented word is removed only when at least two words or a number remain
 * ("phuong ben nghe" → "ben nghe", "quan 1" → "1", but "quan hoa" stays).
 */
export function stripUnitPrefix(text: string): string {
  return toNfc(text)
    .split(/[,;]/)
    .map((part) => stripOne(part.trim().replace(/\s+/g, ' ')))
    .filter((part) => part !== '')
    .join(', ');
}

/** The folded search key of a place name: `foldVietnamese(stripUnitPrefix(text))`. */
export function unitSearchKey(text: string): string {
  return foldVietnamese(stripUnitPrefix(text));
}

function stripOne(part: string): string {
  let current = part;
  // Two passes cover "UBND xã Đông Xá".
  for (let pass = 0; pass < 2; pass++) {
    const next = stripLeadingUnitWord(current);
    if (next === current) break;
    current = next;
  }
  return current;
}

function stripLeadingUnitWord(part: string): string {
  const lower = part.toLowerCase();
  for (const word of UNIT_WORDS) {
    if (startsWithWord(lower, word)) {
      const rest = part.slice(word.length).trim();
      if (rest !== '') return rest;
    }
  }
  for (const abbr of DOTTED_ABBREVIATIONS) {
    if (lower.startsWith(abbr)) {
      const rest = part.slice(abbr.length).trim();
      if (rest !== '') return rest;
    }
  }
  for (const abbr of SPACED_ABBREVIATIONS) {
    if (startsWithWord(lower, abbr)) {
      const rest = part.slice(abbr.length).trim();
      if (rest !== '') return rest;
    }
  }
  // Unaccented type words: only plain ASCII, and only when what remains cannot be a name that
  // merely starts with the same syllable.
  for (const word of FOLDED_UNIT_WORDS) {
    if (startsWithWord(lower, word)) {
      const rest = part.slice(word.length).trim();
      if (rest !== '' && (rest.split(' ').length >= 2 || /^\d/.test(rest))) return rest;
    }
  }
  return part;
}

function startsWithWord(text: string, word: string): boolean {
  return text.startsWith(word) && (text.length === word.length || text[word.length] === ' ');
}

const TLDS =
  'com|net|org|info|biz|vn|me|ly|io|co|app|dev|xyz|top|site|online|link|click|gl|gd|tk|ml|ga|cf|gq|ru|cn|shop|store|live|vip|cc|to|tv|asia|page|pro|club|fun|icu|ws|bit';
const SCHEME_LINK = /(?:^|[^\p{L}\p{N}])(?:https?|ftp):\/\/\S/iu;
const WWW_LINK = /(?:^|[^\p{L}\p{N}@.])www\.[a-z0-9-]+\.[a-z]/iu;
// A host name ending in a known top-level domain, not preceded by "@" (an e-mail address is not
// a link) and not followed by more letters ("abc.community" is not "abc.com").
const DOMAIN_LINK = new RegExp(
  String.raw`(?:^|[^\p{L}\p{N}@.\-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:${TLDS})(?![\p{L}\p{N}-])`,
  'iu',
);

/**
 * Whether text contains a web link (a scheme, "www.", or a host such as "t.me/abc",
 * "zalo.me/123", "dichvucong.gov.vn"). E-mail addresses and abbreviations like "TP.HCM", "v.v."
 * or "Q.1" are not links.
 */
export function looksLikeLink(text: string): boolean {
  const t = text.normalize('NFKC');
  return SCHEME_LINK.test(t) || WWW_LINK.test(t) || DOMAIN_LINK.test(t);
}

export type PhoneParse =
  | {
      readonly type: 'ok';
      /** E.164, e.g. "+84912345678". */
      readonly e164: string;
      /** As written in Vietnam, e.g. "0912345678". */
      readonly national: string;
      readonly kind: 'mobile' | 'landline';
    }
  | {
      readonly type: 'invalid';
      readonly reason:
        'empty' | 'not-a-number' | 'not-vietnamese' | 'wrong-length' | 'unknown-prefix';
    };

/**
 * Normalizes a Vietnamese phone number typed any common way ("0912 345 678", "091.234.5678",
 * "+84 912 345 678", "84912345678", "(+84) 912-345-678", "+84 0912…") to E.164.
 *
 * Mobile numbers have 9 digits after the 0 and start with 3, 5, 7, 8 or 9 (the 2018 plan);
 * landlines have 10 digits after the 0 and start with 2. Old 11-digit mobile numbers (01xx)
 * and hotlines (1800, 1900) are rejected: neither reaches a citizen.
 */
export function normalizePhone(input: string): PhoneParse {
  const compact = input.normalize('NFKC').replace(/[\s.\-()\u00a0/]/g, '');
  if (compact === '') return { type: 'invalid', reason: 'empty' };
  if (!/^(?:\+|00)?\d+$/.test(compact)) return { type: 'invalid', reason: 'not-a-number' };

  let nsn: string;
  if (compact.startsWith('+') || compact.startsWith('00')) {
    const digits = compact.replace(/^(?:\+|00)/, '');
    if (!digits.startsWith('84')) return { type: 'invalid', reason: 'not-vietnamese' };
    nsn = digits.slice(2);
  } else if (compact.startsWith('84') && (compact.length === 11 || compact.length === 12)) {
    // 84 + 9 or 10 digits: the country code without "+". A national number never starts with 84.
    nsn = compact.slice(2);
  } else {
    nsn = compact;
  }
  // "+84 0912…": a trunk 0 kept after the country code, or the national form "0912…".
  if (nsn.startsWith('0')) nsn = nsn.slice(1);

  // Classify by the first digit, so a digit too many or too few says "wrong length" rather than
  // "unknown number": that is the mistake a person makes.
  const first = nsn[0] ?? '';
  const mobile = first !== '' && '35789'.includes(first);
  const landline = first === '2';
  if (!mobile && !landline) {
    return { type: 'invalid', reason: nsn.length < 3 ? 'wrong-length' : 'unknown-prefix' };
  }
  if (mobile && nsn.length === 9) return ok(nsn, 'mobile');
  if (landline && nsn.length === 10) return ok(nsn, 'landline');
  return { type: 'invalid', reason: 'wrong-length' };
}

function ok(nsn: string, kind: 'mobile' | 'landline'): PhoneParse {
  return { type: 'ok', e164: `+84${nsn}`, national: `0${nsn}`, kind };
}

/**
 * A phone number as people read it aloud: a mobile "0912 345 678", a landline "0221 3456 789".
 * Anything that is not a Vietnamese number is returned as given.
 */
export function formatPhone(input: string): string {
  const parsed = normalizePhone(input);
  if (parsed.type !== 'ok') return input;
  const n = parsed.national;
  return parsed.kind === 'mobile'
    ? `${n.slice(0, 4)} ${n.slice(4, 7)} ${n.slice(7)}`
    : `${n.slice(0, 4)} ${n.slice(4, 8)} ${n.slice(8)}`;
}

/**
 * A person's name from a messenger's first and last name, in Vietnamese order: family name first.
 * Telegram's form asks for the given name first, and people fill it in both ways ("Lan" +
 * "Nguyễn Thị", or "Nguyễn" + "Văn An"): the part that starts with a common family name goes
 * first, so both read "Nguyễn Thị Lan" / "Nguyễn Văn An", never "Lan Nguyễn Thị". Otherwise the
 * name is kept as typed.
 */
export function personName(firstName?: string, lastName?: string): string {
  const first = firstName?.trim() ?? '';
  const last = lastName?.trim() ?? '';
  // "Hoàng" + "Nguyễn Văn": a single word before a family and middle name is the given name,
  // even when it could be a family name too.
  const words = (p: string) => p.split(/\s+/).filter(Boolean).length;
  const reversed =
    startsWithFamilyName(last) &&
    (!startsWithFamilyName(first) || (words(first) === 1 && words(last) >= 2));
  return (reversed ? [last, first] : [first, last]).filter((p) => p !== '').join(' ');
}

/** The most common Vietnamese family names (together well over nine in ten people), folded. */
const FAMILY_NAMES = new Set(
  [
    'Nguyễn',
    'Trần',
    'Lê',
    'Phạm',
    'Hoàng',
    'Huỳnh',
    'Phan',
    'Vũ',
    'Võ',
    'Đặng',
    'Bùi',
    'Đỗ',
    'Hồ',
    'Ngô',
    'Dương',
    'Lý',
    'Đinh',
    'Trương',
    'Lương',
    'Mai',
    'Trịnh',
    'Đào',
    'Cao',
    'Lâm',
    'Hà',
    'Tạ',
    'Tô',
    'Chu',
    'Đoàn',
    'Vương',
    'Thái',
    'Lưu',
    'Kiều',
    'Quách',
    'La',
    'Triệu',
  ].map((n) => foldVietnamese(n)),
);

function startsWithFamilyName(name: string): boolean {
  const head = name.split(/\s+/)[0] ?? '';
  return head !== '' && FAMILY_NAMES.has(foldVietnamese(head));
}

/** 42 → "0:42", 185 → "3:05": a recording's length as a phone shows it. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
