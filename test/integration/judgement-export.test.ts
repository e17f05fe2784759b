import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExportData } from '../../src/app/judgement/export-data.ts';
import type { ExportRequest, ExportUseCase } from '../../src/app/judgement/types.ts';
import { runAdminCommand } from '../../src/cli/admin-commands.ts';
import { loadConfig } from '../../src/config.ts';
import { createJudgementQueries } from '../../src/persistence/judgement-queries.ts';
import { NOW, official, PROVINCE, seedJudgement, UNIT_A } from '../support/judgement-fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let db: TestDatabase;
let exportData: ExportUseCase;
const base = { from: '2026-10-01', to: '2026-12-31' } as const;
const chair = { type: 'officials', accounts: [official(UNIT_A, 'leader', 'chair', 501)] } as const;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedJudgement(db.prisma);
  exportData = createExportData({
    queries: createJudgementQueries(db.prisma),
    minAnswers: 30,
    botUsername: () => Promise.resolve('gopy_test_bot'),
    now: () => NOW,
  });
});
afterAll(() => db.drop());

async function file(request: Omit<ExportRequest, 'from' | 'to'>) {
  const result = await exportData({ ...base, ...request });
  if (result.type !== 'ok') throw new Error(result.type);
  return result.file;
}

async function readXlsx(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Array<Record<string, unknown>> = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
  });
  return rows;
}

describe('exports read back', () => {
  it('reports as XLSX: typed columns that match the database, personal data for the chair only where allowed', async () => {
    const f = await file({
      kind: 'reports',
      scope: { type: 'unit', unitCode: UNIT_A },
      format: 'xlsx',
      viewer: chair,
    });
    const rows = await readXlsx(f.body);
    const dbRows = await db.prisma.report.findMany({
      where: { unitCode: UNIT_A },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    expect(rows.map((r) => r['Mã phiếu'])).toEqual(dbRows.map((r) => r.ticketCode));
    // The unit's columns fit a ward or a special zone as well as a commune.
    expect(Object.keys(rows[0] ?? {}).slice(1, 3)).toEqual(['Mã đơn vị', 'Xã, phường, đặc khu']);
    for (const [i, r] of rows.entries()) {
      const d = dbRows[i]!;
      // Dates are dates, on Vietnam's wall clock (UTC + 7).
      expect(r['Ngày nhận']).toBeInstanceOf(Date);
      expect((r['Ngày nhận'] as Date).getTime()).toBe(d.createdAt.getTime() + 7 * 3_600_000);
      expect(r['Số lần mở lại']).toBe(d.reopenCount);
    }
    const byTicket = new Map(rows.map((r) => [r['Mã phiếu'], r]));
    expect(byTicket.get('PA-2026-000001')?.['Người gửi']).toBe('Trần Thị Bình');
    expect(byTicket.get('PA-2026-000001')?.['Đúng hạn']).toBe('đúng hạn');
    expect(byTicket.get('PA-2026-000002')?.['Đúng hạn']).toBe('trễ hạn');
    // Status, result and verdict in words, like every other column (not the stored codes).
    expect(byTicket.get('PA-2026-000001')?.['Trạng thái']).toBe('Đã đóng');
    expect(byTicket.get('PA-2026-000001')?.['Kết quả']).toBe('Đã giải quyết');
    expect(byTicket.get('PA-2026-000001')?.['Người dân xác nhận']).toBe('Đã giải quyết');
    expect(byTicket.get('PA-2026-000002')?.['Trạng thái']).toBe(
      'Đã có kết quả, chờ người dân xác nhận',
    );
    expect(byTicket.get('PA-2026-000002')?.['Người dân xác nhận']).toBe('Giải quyết một phần');
    expect(byTicket.get('PA-2026-000003')?.['Trạng thái']).toBe('Đã tiếp nhận, đang xử lý');
    expect(byTicket.get('PA-2026-000003')?.['Kết quả']).toBeNull();
    // Anonymous: what was written, never who wrote it.
    expect(byTicket.get('PA-2026-000005')?.['Người gửi']).toBeNull();
    expect(byTicket.get('PA-2026-000005')?.['Điện thoại']).toBeNull();
    expect(byTicket.get('PA-2026-000005')?.['Nội dung']).toBe('Ổ gà trước cổng trường');
    // A tố cáo: the chair reads it, but the denouncer stays sealed.
    expect(byTicket.get('PA-2026-000004')?.['Người gửi']).toBeNull();
    expect(byTicket.get('PA-2026-000004')?.['Nội dung']).toBe('Tố cáo cán bộ X');
  });

  it('reports for staff: a tố cáo without its content', async () => {
    const staff = {
      type: 'officials',
      accounts: [official(UNIT_A, 'staff', 'staff', 502)],
    } as const;
    const rows = await readXlsx(
      (
        await file({
          kind: 'reports',
          scope: { type: 'unit', unitCode: UNIT_A },
          format: 'xlsx',
          viewer: staff,
        })
      ).body,
    );
    const toCao = rows.find((r) => r['Mã phiếu'] === 'PA-2026-000004');
    expect(toCao?.['Nội dung']).toBeNull();
    expect(toCao?.['Người gửi']).toBeNull();
  });

  it('a public CSV has a BOM, no personal column, no khiếu nại or tố cáo', async () => {
    const f = await file({
      kind: 'reports',
      scope: { type: 'province', provinceCode: PROVINCE },
      format: 'csv',
      viewer: { type: 'public' },
    });
    expect([...f.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = f.body.toString('utf8');
    const rows = parse<Record<string, string>>(text, { bom: true, columns: true });
    expect(Object.keys(rows[0] ?? {})).not.toContain('Người gửi');
    expect(rows.map((r) => r['Mã phiếu'])).toEqual([
      'PA-2026-000001',
      'PA-2026-000002',
      'PA-2026-000003',
      'PA-2026-000005',
    ]);
    for (const secret of ['Trần Thị Bình', '0987654321', 'Ổ gà', 'Tố cáo'])
      expect(text).not.toContain(secret);
    expect(rows[0]?.['Ngày nhận']).toBe('05/10/2026 09:00');
    expect(rows[0]?.['Lĩnh vực']).toBe('Giao thông, đường sá');
  });

  it('escapes cells that a spreadsheet would run as formulas', async () => {
    const f = await file({
      kind: 'reports',
      scope: { type: 'unit', unitCode: UNIT_A },
      format: 'csv',
      viewer: chair,
    });
    const rows = parse<Record<string, string>>(f.body.toString('utf8'), {
      bom: true,
      columns: true,
    });
    const row = rows.find((r) => r['Mã phiếu'] === 'PA-2026-000002');
    expect(row?.['Nội dung']).toBe("'+84 912 345 678 gọi tôi");
    const ratings = await file({
      kind: 'ratings',
      scope: { type: 'unit', unitCode: UNIT_A },
      format: 'csv',
      viewer: chair,
    });
    const r = parse<Record<string, string>>(ratings.body.toString('utf8'), {
      bom: true,
      columns: true,
    });
    expect(r.some((x) => x['Góp ý'] === `'=HYPERLINK("x")`)).toBe(true);
  });

  it('ratings and answers match the database counts, scores as numbers', async () => {
    const ratings = await readXlsx(
      (
        await file({
          kind: 'ratings',
          scope: { type: 'unit', unitCode: UNIT_A },
          format: 'xlsx',
          viewer: { type: 'public' },
        })
      ).body,
    );
    const q4 = { gte: new Date('2026-09-30T17:00:00Z'), lt: new Date('2026-12-31T17:00:00Z') };
    const dbRatings = await db.prisma.rating.count({
      where: { unitCode: UNIT_A, replacedAt: null, createdAt: q4 },
    });
    expect(ratings).toHaveLength(dbRatings);
    const quick = ratings.filter((r) => r['Loại'] === 'quick');
    expect(quick.filter((r) => r['Tiêu chí 1'] === 5)).toHaveLength(30);
    expect(quick.filter((r) => r['Tiêu chí 1'] === 2)).toHaveLength(10);
    expect(Object.keys(ratings[0] ?? {})).not.toContain('Góp ý');
    expect(Object.keys(ratings[0] ?? {}).slice(1, 3)).toEqual(['Mã đơn vị', 'Xã, phường, đặc khu']);

    const answers = await readXlsx(
      (
        await file({
          kind: 'answers',
          scope: { type: 'unit', unitCode: UNIT_A },
          format: 'xlsx',
          viewer: chair,
        })
      ).body,
    );
    const dbAnswers = await db.prisma.ratingAnswer.count({
      where: { rating: { unitCode: UNIT_A, replacedAt: null, createdAt: q4 } },
    });
    expect(answers).toHaveLength(dbAnswers);
    expect(answers.filter((a) => typeof a['Điểm'] === 'number').length).toBeGreaterThan(0);
    expect(Object.keys(answers[0] ?? {})[1]).toBe('Mã đơn vị');
  });

  it('refuses an official of another commune', async () => {
    const other = { type: 'officials', accounts: [official('99002', 'leader', 'chair')] } as const;
    const result = await exportData({
      ...base,
      kind: 'reports',
      scope: { type: 'unit', unitCode: UNIT_A },
      format: 'csv',
      viewer: other,
    });
    expect(result.type).toBe('forbidden');
  });

  it('gopy export writes the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gopy-export-'));
    const out = join(dir, 'reports.csv');
    const lines: string[] = [];
    await runAdminCommand(
      'export',
      [
        'reports',
        '--unit',
        UNIT_A,
        '--from',
        '2026-10-01',
        '--to',
        '2026-12-31',
        '--format',
        'csv',
        '--out',
        out,
      ],
      { prisma: db.prisma, print: (l) => lines.push(l), config: loadConfig({}) },
    );
    const rows = parse<Record<string, string>>(await readFile(out, 'utf8'), {
      bom: true,
      columns: true,
    });
    expect(rows).toHaveLength(6);
    expect(Object.keys(rows[0] ?? {})).not.toContain('Người gửi');
    expect(lines.join('\n')).toContain('6');
  });
});
