/**
 * The administrative units on real PostgreSQL: the whole country imported from the shipped
 * files, re-imported and edited, and searched the ways citizens type place names.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SHIPPED_UNITS_FILES,
  UnitsImportError,
  importUnits,
  parseCsv,
  type UnitsImportResult,
} from '../../src/persistence/units-import.ts';
import { createEmbeddedPrismaClient } from '../../src/persistence/prisma.ts';
import {
  createUnitsRepository,
  parseUnitQuery,
  unitNameKey,
  unitSearchStatement,
} from '../../src/persistence/units-repository.ts';
import type { Units } from '../../src/app/ports/units.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const COUNTRY = { provinces: 34, units: 3321, aliases: 10570, alternateCodes: 1 };
// Provinces + units + the alternate code of Xã Ia Mơ + aliases.
const ALL_ROWS = 34 + 3321 + 1 + 10570;

let db: TestDatabase;
let units: Units;
let firstImport: UnitsImportResult;
let scratch: string;

beforeAll(async () => {
  db = await createTestDatabase();
  units = createUnitsRepository(db.prisma);
  scratch = await mkdtemp(join(tmpdir(), 'gopy-units-'));
  firstImport = await importUnits(db.prisma);
  console.info(`units import (whole country, ${ALL_ROWS} rows): ${firstImport.durationMs} ms`);
});

afterAll(async () => {
  await db?.drop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function tableCounts() {
  const [row] = await db.prisma.$queryRawUnsafe<
    Array<{
      provinces: number;
      current: number;
      units: number;
      aliases: number;
      distinct_aliases: number;
    }>
  >(`SELECT (SELECT count(*)::int FROM provinces) AS provinces,
            (SELECT count(*)::int FROM units WHERE valid_to IS NULL) AS current,
            (SELECT count(*)::int FROM units) AS units,
            (SELECT count(*)::int FROM unit_aliases) AS aliases,
            (SELECT count(DISTINCT (old_name, old_district, old_province, unit_code))::int
               FROM unit_aliases) AS distinct_aliases`);
  return row;
}

/** A copy of a shipped file with one line changed, so tests never touch the shipped data. */
async function editedCopy(source: string, name: string, edit: (lines: string[]) => void) {
  const lines = (await readFile(source, 'utf8')).split('\n');
  edit(lines);
  const file = join(scratch, name);
  await writeFile(file, lines.join('\n'));
  return file;
}

describe('importing the units', () => {
  it('imports the whole country: 34 provinces, 3,321 units, 10,570 old names', async () => {
    expect(firstImport).toMatchObject({
      ...COUNTRY,
      inserted: ALL_ROWS,
      updated: 0,
      unchanged: 0,
      removed: 0,
    });
    expect(await tableCounts()).toEqual({
      provinces: 34,
      current: 3321,
      units: 3322,
      aliases: 10570,
      distinct_aliases: 10570,
    });
  });

  it('accepts both codes of Xã Ia Mơ (23737 in Công văn 1027, 23938 on the NSO site)', async () => {
    const ia = { code: '23737', name: 'Xã Ia Mơ', province: 'Tỉnh Gia Lai' };
    expect(await units.get('23737')).toMatchObject(ia);
    expect(await units.get('23938')).toMatchObject(ia);
    expect(await units.search('23938')).toEqual([expect.objectContaining(ia)]);
    // The alternate code never shows up as a commune of its own.
    const named = await units.search('Ia Mơ, Gia Lai');
    expect(named.filter((u) => u.name === 'Xã Ia Mơ').map((u) => u.code)).toEqual(['23737']);
  });

  it('re-imports without duplicates, reporting every row as unchanged', async () => {
    const again = await importUnits(db.prisma);
    expect(again).toMatchObject({
      ...COUNTRY,
      inserted: 0,
      updated: 0,
      unchanged: ALL_ROWS,
      removed: 0,
    });
    expect((await tableCounts())?.aliases).toBe(10570);
  });

  it('re-imports through a pg pool as well', async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    try {
      expect(await importUnits(pool)).toMatchObject({
        inserted: 0,
        updated: 0,
        unchanged: ALL_ROWS,
      });
    } finally {
      await pool.end();
    }
  });

  it('updates a renamed unit and replaces a corrected old name', async () => {
    const unitsCsv = await editedCopy(
      SHIPPED_UNITS_FILES.unitsCsv,
      'units-renamed.csv',
      (lines) => {
        const i = lines.findIndex((l) => l.includes(',12694,'));
        lines[i] = '33,Tỉnh Hưng Yên,province,12694,"Xã Bắc Đông Hưng Mới",commune';
      },
    );
    const aliasesCsv = await editedCopy(
      SHIPPED_UNITS_FILES.aliasesCsv,
      'aliases-corrected.csv',
      (lines) => {
        const i = lines.indexOf('Xã Đông Xá,Huyện Đông Hưng,Tỉnh Thái Bình,12694');
        lines[i] = 'Xã Đông Xá Cũ,Huyện Đông Hưng,Tỉnh Thái Bình,12694';
      },
    );

    const edited = await importUnits(db.prisma, { unitsCsv, aliasesCsv });
    expect(edited).toMatchObject({ inserted: 1, updated: 1, unchanged: ALL_ROWS - 2, removed: 1 });
    expect(await units.get('12694')).toMatchObject({ name: 'Xã Bắc Đông Hưng Mới' });
    expect((await units.search('bac dong hung moi'))[0]?.code).toBe('12694');
    expect((await units.search('Đông Xá Cũ'))[0]?.matchedAlias).toBe(
      'Xã Đông Xá Cũ, Huyện Đông Hưng, Tỉnh Thái Bình',
    );
    expect((await tableCounts())?.aliases).toBe(10570);

    const restored = await importUnits(db.prisma);
    expect(restored).toMatchObject({ inserted: 1, updated: 1, removed: 1 });
    expect(await units.get('12694')).toMatchObject({ name: 'Xã Bắc Đông Hưng' });
  });

  it('rejects a malformed line, naming the file and the line, and writes nothing', async () => {
    const unitsCsv = await editedCopy(SHIPPED_UNITS_FILES.unitsCsv, 'units-bad.csv', (lines) => {
      // Line 5 of the file: header is line 1.
      lines[4] = '01,Thành phố Hà Nội,municipality,0008,Phường Ngọc Hà,ward';
    });
    const attempt = importUnits(db.prisma, {
      unitsCsv,
      aliasesCsv: SHIPPED_UNITS_FILES.aliasesCsv,
    });
    await expect(attempt).rejects.toThrow(UnitsImportError);
    await expect(attempt).rejects.toThrow(
      /units-bad\.csv line 5: code: must be 5 digits \(got "0008"\)/,
    );

    const aliasesCsv = await editedCopy(
      SHIPPED_UNITS_FILES.aliasesCsv,
      'aliases-bad.csv',
      (lines) => {
        lines[9] = 'Xã Không Có,Huyện Nào Đó,Tỉnh Đâu Đó,99999';
      },
    );
    await expect(
      importUnits(db.prisma, { unitsCsv: SHIPPED_UNITS_FILES.unitsCsv, aliasesCsv }),
    ).rejects.toThrow(/aliases-bad\.csv line 10: new_code 99999 is not a unit of/);

    const latin1 = join(scratch, 'units-latin1.csv');
    await writeFile(
      latin1,
      Buffer.from(
        'province_code,province_name,province_type,code,name,type\n01,H\xe0 N\xf4i,municipality,00070,X,ward\n',
        'latin1',
      ),
    );
    await expect(
      importUnits(db.prisma, { unitsCsv: latin1, aliasesCsv: SHIPPED_UNITS_FILES.aliasesCsv }),
    ).rejects.toThrow(/units-latin1\.csv line 2: the file is not valid UTF-8/);

    expect(await tableCounts()).toMatchObject({ current: 3321, aliases: 10570 });
  });
});

describe('reading CSV', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\n2,"two\nlines",\n\n';
    expect(parseCsv('f.csv', text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, y', 'say "hi"'] },
      { line: 3, fields: ['2', 'two\nlines', ''] },
    ]);
  });

  it('names the line of an unclosed quote or a stray one', () => {
    expect(() => parseCsv('f.csv', 'a,b\n1,2\n3,"open\n')).toThrow(
      'f.csv line 3: a quoted field is never closed',
    );
    expect(() => parseCsv('f.csv', 'a,b\n1,x"y\n')).toThrow(
      /f\.csv line 2: a quote inside an unquoted field/,
    );
  });
});

describe('searching the units', () => {
  const BAC_DONG_HUNG = { code: '12694', name: 'Xã Bắc Đông Hưng', province: 'Tỉnh Hưng Yên' };
  const DONG_XA = 'Xã Đông Xá, Huyện Đông Hưng, Tỉnh Thái Bình';

  it('finds a merged commune by its old name, without diacritics', async () => {
    const [first] = await units.search('dong xa');
    expect(first).toEqual({
      ...BAC_DONG_HUNG,
      type: 'commune',
      provinceCode: '33',
      matchedAlias: DONG_XA,
    });
  });

  it('narrows an old name by its old district', async () => {
    for (const query of [
      'Đông Xá, Đông Hưng',
      'xã Đông Xá, huyện Đông Hưng',
      'xa dong xa huyen dong hung',
    ]) {
      const found = await units.search(query);
      expect(found, query).toEqual([
        expect.objectContaining({ ...BAC_DONG_HUNG, matchedAlias: DONG_XA }),
      ]);
    }
  });

  it('ranks current names before old names, at most 8 by default', async () => {
    const found = await units.search('binh dinh');
    expect(found.length).toBeLessThanOrEqual(8);
    expect(found[0]).toMatchObject({
      code: '13186',
      name: 'Xã Bình Định',
      province: 'Tỉnh Hưng Yên',
    });
    const firstOld = found.findIndex((u) => u.matchedAlias !== undefined);
    expect(firstOld).toBeGreaterThan(0);
    expect(found.slice(0, firstOld).every((u) => u.name.endsWith('Bình Định'))).toBe(true);
    expect(found.slice(firstOld).every((u) => u.matchedAlias !== undefined)).toBe(true);
    expect(await units.search('binh dinh', 2)).toHaveLength(2);
  });

  it('ranks an exact name before a longer one that contains it', async () => {
    const found = await units.search('dong hung');
    expect(found[0]).toMatchObject({ code: '12688', name: 'Xã Đông Hưng' });
    expect(found.map((u) => u.code)).toContain('12694');
  });

  it('ignores case and the unit prefix', async () => {
    for (const query of [
      'BẮC ĐÔNG HƯNG',
      'xã Bắc Đông Hưng',
      'UBND xã Bắc Đông Hưng',
      'bac dong hung',
    ]) {
      const [first] = await units.search(query);
      expect(first, query).toMatchObject(BAC_DONG_HUNG);
      expect(first?.matchedAlias, query).toBeUndefined();
    }
  });

  it('marks the one unit typed exactly as its name and province, and no other', async () => {
    for (const query of [
      'phuong binh dinh gia lai',
      'Phường Bình Định, Gia Lai',
      'binh dinh, tinh gia lai',
    ]) {
      const found = await units.search(query);
      expect(found, query).toEqual([
        expect.objectContaining({
          name: 'Phường Bình Định',
          province: 'Tỉnh Gia Lai',
          exact: true,
        }),
      ]);
    }
    // A name alone, or a name with more than its province, is not exact.
    for (const query of ['binh dinh', 'phuong binh dinh', 'binh dinh gia lai viet nam'])
      expect(
        (await units.search(query)).filter((u) => u.exact),
        query,
      ).toEqual([]);
  });

  it('finds a unit by its 5-digit code', async () => {
    expect(await units.search('12694')).toEqual([expect.objectContaining(BAC_DONG_HUNG)]);
    expect(await units.search('99999')).toEqual([]);
  });

  it('finds nothing for nonsense or a bare prefix', async () => {
    for (const query of ['qwzxkj', 'xã', '', '  ,  ', '%_%']) {
      expect(await units.search(query), query).toEqual([]);
    }
  });

  it('answers the same, in the same order and with the same old names, each time it is asked', async () => {
    // Every tier: current names exact and contained, old names narrowed by their district and
    // province, and words found across name and province. After five answers PostgreSQL
    // plans the search once for all (a generic plan): the later rounds run that plan.
    const expected: Record<string, Array<[string, string?]>> = {
      'binh dinh': [
        ['13186'],
        ['21907'],
        ['20818', 'Xã Bình Định, Huyện Thăng Bình, Tỉnh Quảng Nam'],
        ['09529', 'Xã Bình Định, Huyện Lương Tài, Tỉnh Bắc Ninh'],
        ['09025', 'Xã Bình Định, Huyện Yên Lạc, Tỉnh Vĩnh Phúc'],
      ],
      'dong hung': [
        ['12688'],
        ['31036'],
        ['26791'],
        ['12694'],
        ['12775'],
        ['31018', 'Xã Đông Hưng, Huyện An Minh, Tỉnh Kiên Giang'],
        ['32128', 'Xã Đông Hưng, Huyện Cái Nước, Tỉnh Cà Mau'],
        ['11806', 'Xã Đông Hưng, Huyện Tiên Lãng, Thành phố Hải Phòng'],
      ],
      'tan thanh, long an': [
        ['27823', 'Xã Tân Thành, Huyện Mộc Hóa, Tỉnh Long An'],
        ['28051', 'Xã Tân Thành, Huyện Thủ Thừa, Tỉnh Long An'],
        ['27856', 'Xã Tân Thành, Huyện Tân Thạnh, Tỉnh Long An'],
        ['27826', 'Thị trấn Tân Thạnh, Huyện Tân Thạnh, Tỉnh Long An'],
        ['28036', 'Xã Tân Thành, Huyện Thủ Thừa, Tỉnh Long An'],
      ],
      'dong xa dong hung': [
        ['12694', DONG_XA],
        ['12688', 'Xã Nguyên Xá, Huyện Đông Hưng, Tỉnh Thái Bình'],
        ['12286', 'Xã Vĩnh Xá, Huyện Kim Động, Tỉnh Hưng Yên'],
      ],
      'ha noi': [
        ['09877'],
        ['00004'],
        ['09700'],
        ['00292'],
        ['09676'],
        ['00577'],
        ['10126'],
        ['00118'],
      ],
    };
    for (let round = 1; round <= 7; round++)
      for (const [query, want] of Object.entries(expected)) {
        const found = await units.search(query);
        const got = found.map((u) => (u.matchedAlias ? [u.code, u.matchedAlias] : [u.code]));
        expect(got, `${query}, round ${round}`).toEqual(want);
      }
  });

  it('reads the old names through their trigram index, finding what their scan finds', async () => {
    // The index serves a pattern with a trigram; "%1%" or "%an%" has none and keeps the scan.
    const indexed = [
      'bac dong hung',
      'Bắc Đông Hưng',
      'hồng châu',
      'hong chau',
      'dong xa',
      'dong xa dong hung',
      'xa dong xa huyen dong hung',
      'xã Đông Xá, huyện Đông Hưng',
      'tan thanh, long an',
      'Bến Thành, TP HCM',
      'quan son',
      'phuong binh dinh gia lai',
      'ha noi',
      'hn',
    ];
    const scanned = ['phuong 1 quan 3', 'phuong 1', 'phường 12', 'xa an', 'an ha', 'ia mo'];
    const provinces = await units.listProvinces();
    const keys = {
      codes: provinces.map((p) => p.code),
      names: provinces.map((p) => p.name),
      keys: provinces.map((p) => unitNameKey(p.name)),
    };
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      // The plan the pool keeps after five searches: one for any patterns.
      await client.query(`SET plan_cache_mode = force_generic_plan`);
      for (const query of [...indexed, ...scanned]) {
        const parsed = parseUnitQuery(query);
        if (parsed.type !== 'text') throw new Error(`${query}: not a text query`);
        const chosen = unitSearchStatement(parsed, keys, 50);
        expect(chosen.name, query).toBe(
          indexed.includes(query) ? 'gopy_units_search' : 'gopy_units_search_scan',
        );
        const run = async (form: 'indexed' | 'scan') => {
          const { text, values } = unitSearchStatement(parsed, keys, 50, form);
          const plan = await client.query<{ 'QUERY PLAN': string }>({
            text: `EXPLAIN ${text}`,
            values,
          });
          const { rows } = await client.query({ text, values });
          return { plan: plan.rows.map((r) => r['QUERY PLAN']).join('\n'), rows };
        };
        const [viaIndex, viaScan] = [await run('indexed'), await run('scan')];
        expect(viaIndex.plan, query).toContain('Bitmap Index Scan on unit_aliases_name_folded_idx');
        expect(viaScan.plan, query).not.toContain('unit_aliases_name_folded_idx');
        expect(viaIndex.rows.length, query).toBeGreaterThan(0);
        expect(viaIndex.rows, query).toEqual(viaScan.rows);
      }
    } finally {
      await client.end();
    }
    // What citizens see, as before the index, for queries that mix both kinds.
    const found = async (query: string) =>
      (await units.search(query)).map((u) => u.code + (u.matchedAlias ? '*' : ''));
    expect(await found('bac dong hung')).toEqual(['12694']);
    expect(await found('hồng châu')).toEqual([
      '11218',
      '11980',
      '07954',
      '09064*',
      '01501*',
      '08230*',
    ]);
    expect(await found('phuong 1')).toEqual([
      '24823',
      '20056',
      '25054',
      '24886',
      '00694',
      '31480',
      '06712',
      '22319',
    ]);
    expect(await found('xa an')).toEqual([
      '11407',
      '30985',
      '05425',
      '23614',
      '29584',
      '29954',
      '31150',
      '17479',
    ]);
  });

  it('lists the 34 provinces in code order', async () => {
    const provinces = await units.listProvinces();
    expect(provinces).toHaveLength(34);
    expect(provinces[0]).toEqual({ code: '01', name: 'Thành phố Hà Nội', type: 'municipality' });
    expect(provinces.filter((p) => p.type === 'municipality')).toHaveLength(6);
  });
});

describe('searching the units on the embedded database', () => {
  // PGlite runs the search through Prisma's raw queries, PostgreSQL as a prepared statement on
  // the pool (plain-sql.ts): both must find the same units for what citizens type.
  let embedded: Awaited<ReturnType<typeof createEmbeddedPrismaClient>> | undefined;
  let onPglite: Units;
  beforeAll(async () => {
    embedded = await createEmbeddedPrismaClient();
    await importUnits(embedded.prisma);
    onPglite = createUnitsRepository(embedded.prisma);
  }, 120_000);
  afterAll(async () => {
    await embedded?.close();
  });

  it('finds what PostgreSQL finds, in the same order', async () => {
    const queries = [
      'dong xa',
      'xã Đông Xá, huyện Đông Hưng',
      'binh dinh',
      'dong hung',
      'tan thanh, long an',
      'dong xa dong hung',
      'ha noi',
      'quan son',
      'phường 1',
      'phuong 1',
      'xa an',
      'bac dong hung',
      'hồng châu',
      'Bến Thành, TP HCM',
      '12694',
      'qwzxkj',
    ];
    for (const query of queries) {
      const onPostgres = await units.search(query, 5);
      expect(await onPglite.search(query, 5), query).toEqual(onPostgres);
    }
    expect((await onPglite.search('dong xa'))[0]).toMatchObject({ code: '12694' });
  });
});
