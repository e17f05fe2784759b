/**
 * Loads the administrative units (provinces, commune-level units, pre-merger aliases) from the
 * shipped CSV files into PostgreSQL. Set-based: one `INSERT ... SELECT FROM unnest(...) ON
 * CONFLICT DO UPDATE` per table inside one transaction, so the whole country (3,321 units and
 * 10,570 aliases) loads in about a second and a re-import updates in place, never duplicates.
 *
 * The file is the truth about the units it lists: they are current (validTo and supersededBy
 * cleared). A unit it does not list is left as it is: retiring one (validTo, supersededBy) is a
 * deliberate act, not a side effect of a partial file. Aliases mirror the file: an alias of an
 * imported unit that the file no longer lists (a corrected typo or mapping) is removed, so a fix
 * does not leave the wrong old name behind.
 */
import { readFile } from 'node:fs/promises';
import { CsvError, parse } from 'csv-parse/sync';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { z } from 'zod';
import { AppError } from '../core/errors.ts';
import type { PrismaClient } from './generated/prisma/client.ts';
import { aliasNameKey, unitNameKey } from './units-repository.ts';

/** A units file is unreadable or invalid; the message names the file and the line. */
export class UnitsImportError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('units_import', message, options);
  }
}

export interface UnitsImportFiles {
  /** Path of `province_code,province_name,province_type,code,name,type` (UTF-8). */
  unitsCsv: string;
  /** Path of `old_name,old_district,old_province,new_code` (UTF-8). */
  aliasesCsv: string;
}

export interface UnitsImportResult {
  /** Rows read from the files. */
  provinces: number;
  units: number;
  aliases: number;
  /** Alternate codes stored as superseded unit rows (see {@link ALTERNATE_CODES}). */
  alternateCodes: number;
  /** Database rows over all tables: new, changed, and already identical. */
  inserted: number;
  updated: number;
  unchanged: number;
  /** Aliases of the imported units that the aliases file no longer lists. */
  removed: number;
  durationMs: number;
}

/** The files gopy ships (prisma/seed/, provenance in prisma/seed/SOURCES.md). */
export const SHIPPED_UNITS_FILES: UnitsImportFiles = {
  unitsCsv: fileURLToPath(new URL('../../prisma/seed/units-2025.csv', import.meta.url)),
  aliasesCsv: fileURLToPath(new URL('../../prisma/seed/units-2025-aliases.csv', import.meta.url)),
};

/**
 * Codes that official sources disagree on. Xã Ia Mơ (Gia Lai) is 23737 in Công văn
 * 1027/CTK-CSCL (our CSV, and the code the aliases point to) and 23938 on the NSO's online list.
 * The CSV code stays the unit; the other is stored as a unit row superseded by it (validTo =
 * validFrom, so it is never a current unit of its own), so `get('23938')`, a search for
 * "23938" and a report or deep link carrying either code all reach the same commune.
 */
export const ALTERNATE_CODES: ReadonlyArray<{ code: string; canonical: string }> = [
  { code: '23938', canonical: '23737' },
];

const UNIT_COLUMNS = ['province_code', 'province_name', 'province_type', 'code', 'name', 'type'];
const ALIAS_COLUMNS = ['old_name', 'old_district', 'old_province', 'new_code'];

const name = z.string().trim().min(1, 'must not be empty');
const unitRowSchema = z.object({
  province_code: z.string().regex(/^\d{2}$/, 'must be 2 digits'),
  province_name: name,
  province_type: z.enum(['province', 'municipality']),
  code: z.string().regex(/^\d{5}$/, 'must be 5 digits'),
  name,
  type: z.enum(['commune', 'ward', 'special_zone']),
});
const aliasRowSchema = z.object({
  old_name: name,
  old_district: name,
  old_province: name,
  new_code: z.string().regex(/^\d{5}$/, 'must be 5 digits'),
});

type UnitRow = z.infer<typeof unitRowSchema>;
type AliasRow = z.infer<typeof aliasRowSchema>;

/** What the import needs of a database: PrismaClient or a pg Pool or Client. */
export type UnitsImportTarget = PrismaClient | pg.Pool | pg.ClientBase;

/**
 * Imports (or re-imports) the units files. All or nothing: a bad row fails before anything is
 * written, and the writes share one transaction.
 */
export async function importUnits(
  db: UnitsImportTarget,
  files: UnitsImportFiles = SHIPPED_UNITS_FILES,
): Promise<UnitsImportResult> {
  const started = performance.now();
  const [unitsText, aliasesText] = await Promise.all([
    readText(files.unitsCsv),
    readText(files.aliasesCsv),
  ]);
  const data = parseUnitsData(
    { file: files.unitsCsv, text: unitsText },
    { file: files.aliasesCsv, text: aliasesText },
  );
  const counts = await inTransaction(db, (sql) => writeUnitsData(sql, data));
  // Fresh statistics right away: before autovacuum gets to a freshly loaded table the planner
  // guesses its size, and search's plan goes from milliseconds to hundreds of them.
  if (counts.inserted + counts.updated + counts.removed > 0) await analyze(db);
  return {
    provinces: data.provinces.length,
    units: data.units.length,
    aliases: data.aliases.length,
    alternateCodes: data.alternates.length,
    ...counts,
    durationMs: Math.round(performance.now() - started),
  };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UnitsImportError(`${file}: cannot read the file`, { cause: error });
  }
}

// ---------------------------------------------------------------- parsing and validation

interface UnitsData {
  provinces: Array<{ code: string; name: string; type: string }>;
  units: UnitRow[];
  aliases: AliasRow[];
  alternates: Array<{ code: string; canonical: UnitRow }>;
}

/** Parses and cross-checks both files; pure, so the checks are testable without a database. */
export function parseUnitsData(
  unitsFile: { file: string; text: string },
  aliasesFile: { file: string; text: string },
): UnitsData {
  const units = readRows(unitsFile.file, unitsFile.text, UNIT_COLUMNS, unitRowSchema);
  const aliases = readRows(aliasesFile.file, aliasesFile.text, ALIAS_COLUMNS, aliasRowSchema);

  const provinces = new Map<string, { code: string; name: string; type: string; line: number }>();
  const unitLines = new Map<string, number>();
  for (const { line, row } of units) {
    const seen = unitLines.get(row.code);
    if (seen !== undefined) fail(unitsFile.file, line, `code ${row.code} repeats line ${seen}`);
    unitLines.set(row.code, line);
    const province = provinces.get(row.province_code);
    if (!province) {
      const { province_code: code, province_name: name, province_type: type } = row;
      provinces.set(code, { code, name, type, line });
    } else if (province.name !== row.province_name || province.type !== row.province_type) {
      fail(
        unitsFile.file,
        line,
        `province ${row.province_code} is "${row.province_name}" (${row.province_type}) here but "${province.name}" (${province.type}) on line ${province.line}`,
      );
    }
  }

  const aliasLines = new Map<string, number>();
  for (const { line, row } of aliases) {
    if (!unitLines.has(row.new_code)) {
      fail(aliasesFile.file, line, `new_code ${row.new_code} is not a unit of ${unitsFile.file}`);
    }
    const key = [row.old_name, row.old_district, row.old_province, row.new_code].join('\u0000');
    const seen = aliasLines.get(key);
    if (seen !== undefined) fail(aliasesFile.file, line, `repeats line ${seen}`);
    aliasLines.set(key, line);
  }

  const byCode = new Map(units.map(({ row }) => [row.code, row]));
  const alternates = ALTERNATE_CODES.flatMap(({ code, canonical }) => {
    const unit = byCode.get(canonical);
    // Only while the file still has the canonical code and not the alternate one: a corrected
    // file that switches codes must not be overridden by this table.
    return unit && !byCode.has(code) ? [{ code, canonical: unit }] : [];
  });

  return {
    provinces: [...provinces.values()].map(({ code, name, type }) => ({ code, name, type })),
    units: units.map((u) => u.row),
    aliases: aliases.map((a) => a.row),
    alternates,
  };
}

function fail(file: string, line: number, message: string): never {
  throw new UnitsImportError(`${file} line ${line}: ${message}`);
}

function readRows<T>(
  file: string,
  text: string,
  columns: readonly string[],
  schema: z.ZodType<T>,
): Array<{ line: number; row: T }> {
  // Spreadsheets on Windows often save Vietnamese as Windows-1258, which reads as U+FFFD here.
  const badByte = text.indexOf('\uFFFD');
  if (badByte >= 0) {
    const line = text.slice(0, badByte).split('\n').length;
    fail(file, line, 'the file is not valid UTF-8 (save it as "CSV UTF-8")');
  }
  const [header, ...records] = parseCsv(file, text.normalize('NFC'));
  if (!header) fail(file, 1, `the file is empty; expected the header ${columns.join(',')}`);
  const missing = columns.filter((c) => !header.fields.includes(c));
  if (missing.length > 0) {
    fail(file, header.line, `header lacks ${missing.join(', ')}; expected ${columns.join(',')}`);
  }
  return records.map(({ line, fields }) => {
    if (fields.length !== header.fields.length) {
      fail(file, line, `expected ${header.fields.length} fields, found ${fields.length}`);
    }
    const record = Object.fromEntries(header.fields.map((column, i) => [column, fields[i]]));
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => {
        const column = issue.path.join('.');
        return `${column}: ${issue.message} (got ${JSON.stringify(record[column] ?? null)})`;
      });
      fail(file, line, issues.join('; '));
    }
    return { line, row: parsed.data };
  });
}

/**
 * RFC 4180 CSV through csv-parse: quoted fields may hold commas, newlines and doubled quotes; LF,
 * CRLF or CR line ends; a UTF-8 BOM is ignored; blank lines are skipped. Each record carries the
 * line it starts on, and a malformed file fails naming its line in words an IT officer with a
 * spreadsheet can act on.
 */
export function parseCsv(file: string, text: string): Array<{ line: number; fields: string[] }> {
  let rows: Array<{ record: string[]; raw: string; info: { lines: number } }>;
  try {
    rows = parse(text, {
      bom: true,
      relax_column_count: true, // readRows reports a wrong field count with the header's
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      info: true,
      raw: true,
    }) as unknown as typeof rows; // csv-parse's types do not model `info` + `raw` together
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines ?? 1;
    fail(file, line, CSV_ERRORS[error.code] ?? error.message);
  }
  // csv-parse counts lines up to a record's end; a quoted line break moves its start back.
  return rows.map(({ record, raw, info }) => ({
    line: info.lines - (raw.replace(/(\r\n|\n|\r)$/, '').match(/\r\n|\n|\r/g)?.length ?? 0),
    fields: record,
  }));
}

const CSV_ERRORS: Partial<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field (quote the whole field)',
  CSV_INVALID_CLOSING_QUOTE:
    'unexpected character after a closing quote (a quote inside a field must be doubled)',
};

// ---------------------------------------------------------------- writing

interface Sql {
  query<T>(text: string, params: unknown[]): Promise<T[]>;
}

interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

async function writeUnitsData(
  sql: Sql,
  data: UnitsData,
): Promise<UpsertCounts & { removed: number }> {
  // 31,710 district and province names of the aliases are only 9,371 distinct strings.
  const keys = new Map<string, string>();
  const key = (name: string) => {
    let k = keys.get(name);
    if (k === undefined) keys.set(name, (k = unitNameKey(name)));
    return k;
  };

  // Two imports at once would only waste work, but their row locks could deadlock: queue them.
  await sql.query(
    `SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('gopy:units-import'))) l`,
    [],
  );

  const provinces = await upsert(
    sql,
    data.provinces.length,
    `INSERT INTO provinces (code, name, type)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type
     WHERE (provinces.name, provinces.type) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.type)`,
    [
      data.provinces.map((p) => p.code),
      data.provinces.map((p) => p.name),
      data.provinces.map((p) => p.type),
    ],
  );

  // valid_from stays: when a unit came into being is not in the file.
  const units = await upsert(
    sql,
    data.units.length,
    `INSERT INTO units (code, name, name_folded, type, province_code)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, name_folded = EXCLUDED.name_folded,
       type = EXCLUDED.type, province_code = EXCLUDED.province_code,
       valid_to = NULL, superseded_by = NULL
     WHERE (units.name, units.name_folded, units.type, units.province_code, units.valid_to,
            units.superseded_by)
       IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.name_folded, EXCLUDED.type,
            EXCLUDED.province_code, NULL::date, NULL::text)`,
    [
      data.units.map((u) => u.code),
      data.units.map((u) => u.name),
      data.units.map((u) => key(u.name)),
      data.units.map((u) => u.type),
      data.units.map((u) => u.province_code),
    ],
  );

  const alternates = await upsert(
    sql,
    data.alternates.length,
    `INSERT INTO units (code, name, name_folded, type, province_code, valid_to, superseded_by)
     SELECT code, name, name_folded, type, province_code, '2025-07-01'::date, superseded_by
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
       AS t(code, name, name_folded, type, province_code, superseded_by)
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, name_folded = EXCLUDED.name_folded,
       type = EXCLUDED.type, province_code = EXCLUDED.province_code,
       valid_to = EXCLUDED.valid_to, superseded_by = EXCLUDED.superseded_by
     WHERE (units.name, units.name_folded, units.type, units.province_code, units.valid_to,
            units.superseded_by)
       IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.name_folded, EXCLUDED.type,
            EXCLUDED.province_code, EXCLUDED.valid_to, EXCLUDED.superseded_by)`,
    [
      data.alternates.map((a) => a.code),
      data.alternates.map((a) => a.canonical.name),
      data.alternates.map((a) => key(a.canonical.name)),
      data.alternates.map((a) => a.canonical.type),
      data.alternates.map((a) => a.canonical.province_code),
      data.alternates.map((a) => a.canonical.code),
    ],
  );

  const aliases = await upsert(
    sql,
    data.aliases.length,
    `INSERT INTO unit_aliases (old_name, old_district, old_province, name_folded, unit_code)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
     ON CONFLICT (old_name, old_district, old_province, unit_code)
       DO UPDATE SET name_folded = EXCLUDED.name_folded
     WHERE unit_aliases.name_folded IS DISTINCT FROM EXCLUDED.name_folded`,
    [
      data.aliases.map((a) => a.old_name),
      data.aliases.map((a) => a.old_district),
      data.aliases.map((a) => a.old_province),
      data.aliases.map((a) => aliasNameKey(a.old_name, a.old_district, a.old_province, key)),
      data.aliases.map((a) => a.new_code),
    ],
  );

  // Only aliases of units in this units file: importing one province's files leaves the
  // others' aliases alone. NOT IN over the unnest is planned as a hashed subplan.
  const [gone] = await sql.query<{ removed: number }>(
    `WITH gone AS (
       DELETE FROM unit_aliases
       WHERE unit_code = ANY($1::text[])
         AND (old_name, old_district, old_province, unit_code) NOT IN (
           SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]))
       RETURNING 1)
     SELECT count(*)::int AS removed FROM gone`,
    [
      data.units.map((u) => u.code),
      data.aliases.map((a) => a.old_name),
      data.aliases.map((a) => a.old_district),
      data.aliases.map((a) => a.old_province),
      data.aliases.map((a) => a.new_code),
    ],
  );

  const sum = [provinces, units, alternates, aliases].reduce((total, c) => ({
    inserted: total.inserted + c.inserted,
    updated: total.updated + c.updated,
    unchanged: total.unchanged + c.unchanged,
  }));
  return { ...sum, removed: gone?.removed ?? 0 };
}

/**
 * Runs one upsert and counts what it did: RETURNING yields only inserted and changed rows
 * (identical rows are skipped by the DO UPDATE ... WHERE), and `xmax = 0` tells inserts apart.
 */
async function upsert(
  sql: Sql,
  rows: number,
  statement: string,
  params: unknown[],
): Promise<UpsertCounts> {
  if (rows === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const [counts] = await sql.query<{ inserted: number; updated: number }>(
    `WITH up AS (${statement} RETURNING (xmax = 0) AS inserted)
     SELECT count(*) FILTER (WHERE inserted)::int AS inserted,
            count(*) FILTER (WHERE NOT inserted)::int AS updated
     FROM up`,
    params,
  );
  const inserted = counts?.inserted ?? 0;
  const updated = counts?.updated ?? 0;
  return { inserted, updated, unchanged: rows - inserted - updated };
}

async function analyze(db: UnitsImportTarget): Promise<void> {
  // The old names' trigram index (its migration) takes new rows into a pending list that every
  // search reads through until autovacuum merges it: a whole country is about 100 pages of it,
  // and a search then costs more than the sequential scan the index replaces. Merged here.
  // Only its owner may (as with ANALYZE, which skips what it does not own); else autovacuum will.
  const statements = [
    'ANALYZE provinces, units, unit_aliases',
    `SELECT gin_clean_pending_list(c.oid) FROM pg_class c
      WHERE c.oid = to_regclass('unit_aliases_name_folded_idx') AND pg_has_role(c.relowner, 'USAGE')`,
  ];
  for (const statement of statements)
    if ('$transaction' in db) await db.$executeRawUnsafe(statement);
    else await db.query(statement);
}

// Import runs from the CLI (with Prisma) and from scripts or tests that hold a pg pool.
async function inTransaction<T>(db: UnitsImportTarget, work: (sql: Sql) => Promise<T>): Promise<T> {
  if ('$transaction' in db) {
    return db.$transaction(
      (tx) =>
        work({
          query: <R>(text: string, params: unknown[]) => tx.$queryRawUnsafe<R[]>(text, ...params),
        }),
      // The default 5 s is meant for request-sized transactions; a national import on a slow
      // disk may need longer.
      { timeout: 120_000, maxWait: 30_000 },
    );
  }
  const pooled = db instanceof pg.Pool ? await db.connect() : undefined;
  const client = pooled ?? (db as pg.ClientBase); // not a pool (checked above), so a client
  try {
    await client.query('BEGIN');
    const result = await work({
      query: async <R>(text: string, params: unknown[]) =>
        (await client.query(text, params)).rows as R[],
    });
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    pooled?.release();
  }
}
