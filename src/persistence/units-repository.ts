/**
 * Administrative units as the domain sees them: the 34 provinces and the 3,321 commune-level
 * units since 1 July 2025, found by current name, by pre-merger name ("xã Đông Xá, huyện Đông
 * Hưng"), with or without diacritics, or by official code.
 *
 * Search runs in SQL over `units.name_folded` (3,321 rows, scanned) and `unit_aliases.name_folded`
 * (10,570 rows, through a pg_trgm index). Both columns hold search keys built by
 * {@link unitNameKey} and {@link aliasNameKey}, the one definition shared by the importer (which
 * writes them) and this repository (which queries them).
 *
 * Once a report conversation, so the search is a named prepared statement on the pool
 * (plain-sql.ts), planned once per connection: through Prisma it was planned on every call, and
 * planning cost as much as the scans. The old names' trigram index serves `LIKE '%…%'` on the
 * name candidates and on the longest word (`LIKE ALL` over the words rechecks the rows found);
 * patterns of under three letters ("%1%") have no trigram and keep the scan
 * ({@link unitSearchStatement}).
 */
import { AppError } from '../core/errors.ts';
import { foldVietnamese, stripUnitPrefix } from '../core/vi-text.ts';
import type { PrismaClient } from './generated/prisma/client.ts';
import { plainSqlFor } from './plain-sql.ts';
import { referenceCacheFor } from './reference-cache.ts';
import type { ProvinceType, UnitMatch, UnitRecord, UnitType, Units } from '../app/ports/units.ts';

const MAX_LIMIT = 50;
/** Superseded-by chains are one hop today; the bound only guards against a cycle in bad data. */
const MAX_SUCCESSOR_HOPS = 5;

export function createUnitsRepository(prisma: PrismaClient): Units {
  const sql = plainSqlFor(prisma);
  // Provinces change only by law, and folding needs JavaScript (no unaccent extension), so their
  // search keys are computed once. An empty table (search before the first import) is not cached.
  let provinceKeys: Promise<ProvinceKeys> | undefined;
  const loadProvinceKeys = (): Promise<ProvinceKeys> => {
    provinceKeys ??= prisma.province
      .findMany({ orderBy: { code: 'asc' } })
      .then((rows) => {
        if (rows.length === 0) provinceKeys = undefined;
        return {
          codes: rows.map((p) => p.code),
          names: rows.map((p) => p.name),
          keys: rows.map((p) => unitNameKey(p.name)),
        };
      })
      .catch((error: unknown) => {
        provinceKeys = undefined;
        throw error;
      });
    return provinceKeys;
  };

  // A unit is read on every commune question answered and every report submitted; units change
  // by import, rarely: each one read is kept in process until units or provinces change
  // (reference-cache.ts). A fresh map when they did (or when nothing may be kept).
  const unitsRead = referenceCacheFor(prisma).memo(['units', 'provinces'], () =>
    Promise.resolve(new Map<string, Promise<UnitRecord | undefined>>()),
  );
  async function get(code: string): Promise<UnitRecord | undefined> {
    const read = await unitsRead();
    const key = code.trim();
    let unit = read.get(key);
    if (!unit) {
      unit = readUnit(key);
      read.set(key, unit);
      unit.catch(() => read.delete(key));
    }
    // A copy each: callers may add to the record they get.
    const found = await unit;
    return found && { ...found };
  }

  async function readUnit(code: string): Promise<UnitRecord | undefined> {
    let current = code.trim();
    for (let hop = 0; hop <= MAX_SUCCESSOR_HOPS; hop++) {
      const row = await prisma.unit.findUnique({
        where: { code: current },
        include: { province: true },
      });
      if (!row) return undefined;
      if (row.supersededBy === null) {
        return {
          code: row.code,
          name: row.name,
          type: toUnitType(row.type),
          provinceCode: row.provinceCode,
          province: row.province.name,
        };
      }
      current = row.supersededBy;
    }
    throw new AppError(
      'units_data',
      `Unit ${code}: superseded-by chain longer than ${MAX_SUCCESSOR_HOPS}`,
    );
  }

  async function search(query: string, limit = 8): Promise<UnitMatch[]> {
    const parsed = parseUnitQuery(query);
    if (parsed.type === 'empty') return [];
    if (parsed.type === 'code') {
      const unit = await get(parsed.code);
      return unit ? [unit] : [];
    }
    const cap = Number.isFinite(limit) ? Math.max(1, Math.min(MAX_LIMIT, Math.trunc(limit))) : 8;
    const provinces = await loadProvinceKeys();
    const provinceKeyOf = (code: string) => provinces.keys[provinces.codes.indexOf(code)] ?? '';
    const statement = unitSearchStatement(parsed, provinces, cap);
    const { rows } = await sql.query<SearchRow>(statement.name, statement.text, statement.values);
    return rows.map((r) => {
      const unit: UnitMatch = {
        code: r.code,
        name: r.name,
        type: toUnitType(r.type),
        provinceCode: r.province_code,
        province: r.province,
      };
      if (r.matched_alias !== null) unit.matchedAlias = r.matched_alias;
      else if (namesExactly(parsed, unitNameKey(r.name), provinceKeyOf(r.province_code)))
        unit.exact = true;
      return unit;
    });
  }

  return {
    search,
    get,
    async listProvinces() {
      const rows = await prisma.province.findMany({ orderBy: { code: 'asc' } });
      return rows.map((p) => ({ code: p.code, name: p.name, type: toProvinceType(p.type) }));
    },
  };
}

/**
 * The search statement for a parsed query, exported for its test. The old names' trigram index
 * serves it when every pattern it looks up has a trigram; otherwise (a name or every word of
 * under three letters: "phuong 1" looks for "%1%") the index would be read whole, slower than
 * the sequential scan, and a second statement scans. Both find the same rows; `form` picks one
 * (tests compare them).
 */
export function unitSearchStatement(
  parsed: Extract<ParsedUnitQuery, { type: 'text' }>,
  provinces: ProvinceKeys,
  cap: number,
  form?: 'indexed' | 'scan',
): { name: string; text: string; values: unknown[] } {
  // The word the index looks up: the longest (likely in the fewest old names); `LIKE ALL`
  // checks the others on the rows it finds.
  const word = parsed.words.reduce<string | null>(
    (longest, w) => (longest === null || w.length > longest.length ? w : longest),
    null,
  );
  const indexed = form
    ? form === 'indexed'
    : parsed.names.every(hasTrigram) && (word === null || hasTrigram(word));
  return {
    name: indexed ? 'gopy_units_search' : 'gopy_units_search_scan',
    text: indexed ? SEARCH_SQL : SEARCH_SCAN_SQL,
    values: [
      provinces.codes,
      provinces.names,
      provinces.keys,
      parsed.names,
      parsed.names.map((n) => `${n}%`),
      parsed.names.map((n) => `%${n}%`),
      parsed.qualifiers.map((q) => `%${q}%`),
      parsed.words.map((w) => `\\m${w}\\M`),
      parsed.words.map((w) => `%${w}%`),
      cap,
      word === null ? null : `%${word}%`,
    ],
  };
}

/**
 * Whether pg_trgm finds a trigram in `%key%`: a word of three letters, or a word boundary
 * (a space: "%a b%" holds "a  " and "  b"). Keys hold only [a-z0-9 ], single-spaced.
 */
function hasTrigram(key: string): boolean {
  return key.length >= 3 || key.includes(' ');
}

export interface ProvinceKeys {
  codes: string[];
  names: string[];
  keys: string[];
}

interface SearchRow {
  code: string;
  name: string;
  type: string;
  province_code: string;
  province: string;
  matched_alias: string | null;
}

/*
 * One statement, in two forms (below). Every current unit and every alias that could match
 * (some name candidate, or every word, occurs in it) becomes an entry: (code, key, qualifier
 * text, word text). Its tier says how its key matches the name candidates, provided every
 * qualifier occurs in its qualifier text (old district, old province, current province);
 * otherwise it may still match by words. Each unit keeps its best entry. Tiers: 0-2 current
 * name exact/prefix/contains, 3-5 old name exact/prefix/contains, 6-7 current/old name by words
 * (only when nothing matched by name: beside a name match they are noise). Keys hold only
 * [a-z0-9 ], so the LIKE patterns built from them need no escaping.
 *
 * $1-$3 province codes, names, keys; $4 name candidates; $5 their prefix patterns; $6 their
 * contains patterns; $7 qualifier patterns; $8 word regexes; $9 word patterns; $10 limit; $11
 * the longest word's pattern.
 *
 * The patterns enter through `q` and the scans read them as subqueries: a plan then costs the
 * same whatever they hold, so after five executions PostgreSQL keeps the generic plan instead of
 * planning each call (pg_prepared_statements.generic_plans counts it), and the scans still
 * filter before any join (`ANY((SELECT …)::text[])`: the cast makes it one array, not the
 * rows of a subquery). No word patterns are NULL, so `LIKE ALL` over them matches nothing.
 */
const searchSql = (aliasesFilter: string) => `
WITH q AS MATERIALIZED (
  SELECT $4::text[] AS names, $5::text[] AS prefixes, $6::text[] AS contains,
         $7::text[] AS quals, $8::text[] AS word_res, NULLIF($9::text[], '{}') AS word_likes,
         $11::text AS word_like
),
prov AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS p(code, name, key)
),
entries AS (
  SELECT u.code, u.name_folded AS key, p.key AS qual, u.name_folded || ' ' || p.key AS words,
         NULL::text AS matched_alias, 0 AS old
  FROM units u JOIN prov p ON p.code = u.province_code
  WHERE u.valid_to IS NULL AND u.superseded_by IS NULL
    AND (u.name_folded LIKE ANY((SELECT contains FROM q)::text[])
         OR u.name_folded || ' ' || p.key LIKE ALL((SELECT word_likes FROM q)::text[]))
  UNION ALL
  SELECT COALESCE(u.superseded_by, u.code), split_part(a.name_folded, ', ', 1),
         split_part(a.name_folded, ', ', 2) || ' | ' || split_part(a.name_folded, ', ', 3)
           || ' | ' || p.key,
         replace(a.name_folded, ',', ''),
         a.old_name || ', ' || a.old_district || ', ' || a.old_province, 1
  FROM unit_aliases a JOIN units u ON u.code = a.unit_code JOIN prov p ON p.code = u.province_code
  WHERE ${aliasesFilter}
),
tiered AS (
  SELECT code, matched_alias,
         CASE WHEN qual_ok AND key = ANY(names) THEN old * 3
              WHEN qual_ok AND key LIKE ANY(prefixes) THEN old * 3 + 1
              WHEN qual_ok AND key LIKE ANY(contains) THEN old * 3 + 2
              WHEN cardinality(word_res) > 0 AND words ~ ALL(word_res) THEN 6 + old
         END AS tier
  FROM (SELECT e.*, q.*, e.qual LIKE ALL(q.quals) AS qual_ok FROM entries e, q) s
),
best AS (
  SELECT DISTINCT ON (code) code, tier, matched_alias
  FROM tiered
  WHERE tier IS NOT NULL
  ORDER BY code, tier, matched_alias NULLS FIRST
),
ranked AS (
  SELECT b.*, min(b.tier) OVER () AS best_tier FROM best b
)
SELECT u.code, u.name, u.type, u.province_code, p.name AS province, r.matched_alias
FROM ranked r JOIN units u ON u.code = r.code JOIN prov p ON p.code = u.province_code
WHERE u.valid_to IS NULL AND u.superseded_by IS NULL
  AND (r.tier < 6 OR r.best_tier >= 6)
ORDER BY r.tier, u.name_folded, u.code
LIMIT $10::int
`;

/*
 * The old names through their trigram index (migration 20261207063000): a bitmap scan for the
 * name candidates' patterns and one for the longest word's, `LIKE ALL` over every word as its
 * recheck.
 */
const SEARCH_SQL = searchSql(`a.name_folded LIKE ANY((SELECT contains FROM q)::text[])
     OR a.name_folded LIKE (SELECT word_like FROM q)
        AND a.name_folded LIKE ALL((SELECT word_likes FROM q)::text[])`);

/** The old names scanned, for patterns with no trigram. */
const SEARCH_SCAN_SQL = searchSql(`a.name_folded LIKE ANY((SELECT contains FROM q)::text[])
     OR a.name_folded LIKE ALL((SELECT word_likes FROM q)::text[])`);

function toUnitType(type: string): UnitType {
  if (type === 'commune' || type === 'ward' || type === 'special_zone') return type;
  throw new AppError('units_data', `Unknown unit type in the database: ${type}`);
}

function toProvinceType(type: string): ProvinceType {
  if (type === 'province' || type === 'municipality') return type;
  throw new AppError('units_data', `Unknown province type in the database: ${type}`);
}

// ---------------------------------------------------------------- search keys and queries

/*
 * Unit-type words as typed without diacritics, longest first. The shared stripUnitPrefix keeps
 * an ambiguous unaccented word ("quan son" may be Quận Sơn or Xã Quan Sơn); search instead
 * tries both readings and lets the ranking decide.
 */
const FOLDED_BODY_PREFIXES = ['uy ban nhan dan', 'ubnd'];
const FOLDED_PREFIXES = [
  'thanh pho',
  'thi tran',
  'thi xa',
  'dac khu',
  'phuong',
  'huyen',
  'quan',
  'tinh',
  'xa',
  'tp',
  'tx',
  'tt',
];
const BARE_PREFIXES = new Set([...FOLDED_PREFIXES, ...FOLDED_BODY_PREFIXES]);

/** "xa dong xa" → "dong xa", "ubnd xa dong xa" → "dong xa", "xa tinh son" → "tinh son". */
function stripFolded(key: string): string {
  const once = (text: string, prefixes: readonly string[]) => {
    const prefix = prefixes.find((p) => text.startsWith(`${p} `));
    return prefix ? text.slice(prefix.length + 1) : text;
  };
  const stripped = once(once(key, FOLDED_BODY_PREFIXES), FOLDED_PREFIXES);
  // A prefix alone ("xa", "ubnd xa") names nothing.
  return BARE_PREFIXES.has(stripped) ? '' : stripped;
}

/** Folded and punctuation-free: "Bà Rịa - Vũng Tàu" → "ba ria vung tau". */
function searchKey(text: string): string {
  return foldVietnamese(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * The search key of a unit, district or province name, as stored in `name_folded`:
 * "Xã Bắc Đông Hưng" → "bac dong hung", "Tỉnh Bà Rịa - Vũng Tàu" → "ba ria vung tau".
 */
export function unitNameKey(name: string): string {
  return searchKey(stripUnitPrefix(name));
}

/**
 * The search key of a pre-merger name: "dong xa, dong hung, thai binh" (names hold no commas,
 * so search splits it on ", "). `keyOf` lets a bulk import reuse the keys of repeated names.
 */
export function aliasNameKey(
  oldName: string,
  oldDistrict: string,
  oldProvince: string,
  keyOf: (name: string) => string = unitNameKey,
): string {
  return [oldName, oldDistrict, oldProvince].map(keyOf).join(', ');
}

export type ParsedUnitQuery =
  | { type: 'empty' }
  | { type: 'code'; code: string }
  | {
      type: 'text';
      /** Candidate keys for the unit's own name (with and without an ambiguous prefix). */
      names: string[];
      /** Keys that must each occur in the old district, old province or current province. */
      qualifiers: string[];
      /** Words that, in any order, also identify a unit (for "dong xa dong hung" without commas). */
      words: string[];
    };

// District and province words in the middle of a query start a qualifier.
const ADMIN_WORDS_MID = /\s+(?=(?:huyện|quận|thị xã|thành phố|tỉnh|tp\.?)\s)/iu;
const FOLDED_ADMIN_WORDS_MID = / (?=(?:huyen|quan|thi xa|thanh pho|tinh|tp) )/;

/** Reads what a citizen typed into a name, qualifiers and words; a pure function. */
export function parseUnitQuery(raw: string): ParsedUnitQuery {
  const text = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (/^\d{5}$/.test(text)) return { type: 'code', code: text };
  if (searchKey(text) === '') return { type: 'empty' };

  const hasDiacritics = /[^\p{ASCII}]/u.test(text);
  let parts = text
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter((p) => searchKey(p) !== '');
  if (parts.length === 1) parts = splitOnAdminWords(parts[0] ?? text, hasDiacritics);

  const [first = text, ...rest] = parts;
  const names = nameCandidates(first, hasDiacritics);
  if (names.length === 0) return { type: 'empty' };
  const qualifiers = rest.map((p) => qualifierKey(p, hasDiacritics)).filter((q) => q !== '');
  // Words: the prefix-free name and qualifiers, for "dong xa dong hung" typed without commas.
  const words = [...new Set([names.at(-1) ?? '', ...qualifiers].join(' ').split(' '))].filter(
    (w) => w !== '',
  );
  return { type: 'text', names, qualifiers, words: words.length >= 2 ? words : [] };
}

/**
 * Whether a query is a unit's current name and its province exactly: the name with the province
 * as its one qualifier ("Phường Bình Định, Gia Lai"), or both typed as one ("phuong binh dinh gia
 * lai"). A name alone is not: another province may have a unit of the same name.
 */
export function namesExactly(
  query: Extract<ParsedUnitQuery, { type: 'text' }>,
  nameKey: string,
  provinceKey: string,
): boolean {
  if (nameKey === '' || provinceKey === '') return false;
  if (query.names.includes(nameKey) && query.qualifiers.length === 1)
    return query.qualifiers[0] === provinceKey;
  return query.qualifiers.length === 0 && query.names.includes(`${nameKey} ${provinceKey}`);
}

/** Splits "xã Đông Xá huyện Đông Hưng" into name and qualifiers when no commas were typed. */
function splitOnAdminWords(part: string, hasDiacritics: boolean): string[] {
  if (hasDiacritics) return part.split(ADMIN_WORDS_MID).map((p) => p.trim());
  // Without diacritics "tinh" may be "Tịnh" and "quan" "Quan": split only if every piece
  // still has a name after its prefix is removed.
  const pieces = searchKey(part).split(FOLDED_ADMIN_WORDS_MID);
  if (pieces.length > 1 && pieces.every((p) => stripFolded(p) !== '')) return pieces;
  return [part];
}

/**
 * Typed with diacritics, the prefix is recognised exactly ("Quận" strips, "Quan" stays). Typed
 * without, "quan son" may be "Quận Sơn" or "Quan Sơn": keep both readings.
 */
function nameCandidates(part: string, hasDiacritics: boolean): string[] {
  if (hasDiacritics) return nonEmptyUnique([qualifierKey(part, true)]);
  const key = searchKey(part);
  const stripped = stripFolded(key);
  // A bare prefix ("xa", "tp") names nothing.
  return stripped === '' ? [] : nonEmptyUnique([key, stripped].map(expandAbbreviation));
}

function qualifierKey(part: string, hasDiacritics: boolean): string {
  if (!hasDiacritics) return expandAbbreviation(stripFolded(searchKey(part)));
  const key = searchKey(stripUnitPrefix(part));
  return stripFolded(key) === '' ? '' : expandAbbreviation(key);
}

/** What citizens write for the two biggest cities ("TP HCM", "TP.HCM", "HN"). */
const ABBREVIATIONS = new Map([
  ['hcm', 'ho chi minh'],
  ['tphcm', 'ho chi minh'],
  ['tp hcm', 'ho chi minh'],
  ['hn', 'ha noi'],
]);

function expandAbbreviation(key: string): string {
  return ABBREVIATIONS.get(key) ?? key;
}

function nonEmptyUnique(keys: string[]): string[] {
  return [...new Set(keys.filter((k) => k !== ''))];
}
