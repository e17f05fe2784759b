import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJudgement, type Judgement } from '../../src/app/judgement/judgement.ts';
import type { ShareFigure } from '../../src/app/judgement/types.ts';
import { createJudgementQueries } from '../../src/persistence/judgement-queries.ts';
import {
  NOW,
  official,
  PROVINCE,
  seedJudgement,
  UNIT_A,
  UNIT_B,
  UNIT_C,
} from '../support/judgement-fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let db: TestDatabase;
let judgement: Judgement;
const Q4 = { type: 'quarter', year: 2026, quarter: 4 } as const;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedJudgement(db.prisma);
  judgement = createJudgement({
    queries: createJudgementQueries(db.prisma),
    minAnswers: 30,
    botUsername: () => Promise.resolve('gopy_test_bot'),
    now: () => NOW,
  });
});
afterAll(() => db.drop());

const shown = (f: ShareFigure | undefined) => {
  if (f?.type !== 'shown') throw new Error(`expected a shown figure, got ${JSON.stringify(f)}`);
  return f;
};

describe('commune dashboard', () => {
  const chair = {
    type: 'officials',
    accounts: [official(UNIT_A, 'leader', 'chair', 501)],
  } as const;
  const staff = { type: 'officials', accounts: [official(UNIT_A, 'staff', 'staff', 502)] } as const;

  it('reads the quarter in Vietnam time: replaced ratings, skips and the minute before do not count', async () => {
    const result = await judgement.communeDashboard(UNIT_A, Q4, chair);
    if (result.type !== 'ok') throw new Error(result.type);
    const d = result.dashboard;
    const c1 = shown(d.criteria[0]?.figure);
    expect([c1.hits, c1.n]).toEqual([30, 40]);
    expect(c1.share).toBe(0.75);
    expect(c1.interval.low).toBeLessThan(0.75);
    expect(c1.interval.high).toBeGreaterThan(0.75);
    expect(d.ratings).toBe(42);
    expect(d.criteria[0]?.belowPublicMinimum).toBe(false);
    // The overall item: 30 × 5, 10 × 2, 2 × 3.
    expect(shown(d.overall.figure).n).toBe(42);
  });

  it('gives the trend by month, counters, what to improve, and the report figures', async () => {
    const result = await judgement.communeDashboard(UNIT_A, Q4, chair);
    if (result.type !== 'ok') throw new Error(result.type);
    const d = result.dashboard;
    expect(d.trend.months.map((m) => m.label)).toEqual(['10/2026', '11/2026', '12/2026']);
    const c1 = d.trend.series[0]?.points ?? [];
    expect(shown(c1[0]).n).toBe(30);
    expect(shown(c1[1]).share).toBe(0);
    expect(c1[2]).toEqual({ type: 'too-few', n: 0, minAnswers: 1 });

    expect(d.counters).toHaveLength(1);
    expect(d.counters[0]?.counterCode).toBe('Q1');
    expect(d.counters[0]?.ratings).toBe(4);
    expect(shown(d.counters[0]?.items[0]?.figure).share).toBe(0.75);

    expect(d.improve.respondents).toBe(5);
    expect(d.improve.choices[0]).toMatchObject({ value: 'attitude', count: 5 });
    expect(d.improve.choices[1]).toMatchObject({ value: 'digital', count: 1 });

    const r = d.reports;
    expect(r.received).toBe(6);
    expect(r.byKind.find((k) => k.key === 'phan-anh')?.count).toBe(3);
    expect(r.byCategory[0]).toMatchObject({ key: 'giao-thong', count: 6 });
    // On time: PA-1 (answered by the deadline), PA-2 (late), PA-3 (open past its deadline),
    // khiếu nại (on time); PA-5 is not due yet and the tố cáo is not due.
    expect(shown(r.onTime)).toMatchObject({ hits: 2, n: 4 });
    expect(shown(r.reopened)).toMatchObject({ hits: 1, n: 3 });
    expect(r.verdicts).toEqual({ yes: 1, partly: 1, no: 0, none: 1, waiting: 0 });
    // 2 hours and 24 hours.
    expect(r.medianAck).toEqual({ hours: 13, n: 2 });
    expect(r.medianAnswer.n).toBe(3);
    expect(shown(r.answerSatisfaction)).toMatchObject({ hits: 1, n: 1 });
  });

  it('lists open reports overdue first; a tố cáo only for the chair', async () => {
    const forChair = await judgement.communeDashboard(UNIT_A, Q4, chair);
    const forStaff = await judgement.communeDashboard(UNIT_A, Q4, staff);
    if (forChair.type !== 'ok' || forStaff.type !== 'ok') throw new Error('not ok');
    expect(forChair.dashboard.openReports.map((r) => r.ticketCode)).toEqual([
      'PA-2026-000003',
      'PA-2026-000005',
      'PA-2026-000004',
    ]);
    expect(forChair.dashboard.openReports[0]?.overdue).toBe(true);
    expect(forChair.dashboard.openReports[1]?.anonymous).toBe(true);
    expect(forChair.dashboard.openReports[2]?.sealedIdentity).toBe(true);
    expect(forStaff.dashboard.openReports.map((r) => r.ticketCode)).toEqual([
      'PA-2026-000003',
      'PA-2026-000005',
    ]);
  });

  it('refuses an official of another commune and the public', async () => {
    const other = { type: 'officials', accounts: [official(UNIT_B, 'leader', 'chair')] } as const;
    expect((await judgement.communeDashboard(UNIT_A, Q4, other)).type).toBe('forbidden');
    expect((await judgement.communeDashboard(UNIT_A, Q4, { type: 'public' })).type).toBe(
      'forbidden',
    );
    const admin = { type: 'officials', accounts: [official(UNIT_B, 'admin', 'staff')] } as const;
    expect((await judgement.communeDashboard(UNIT_A, Q4, admin)).type).toBe('ok');
    expect((await judgement.communeDashboard('00000', Q4, admin)).type).toBe('unknown-unit');
  });
});

describe('province view', () => {
  const admin = { type: 'officials', accounts: [official(UNIT_B, 'admin', 'staff')] } as const;

  it('shows "chưa đủ ý kiến" below the minimum and ranks only where intervals part', async () => {
    const result = await judgement.provinceView(PROVINCE, Q4, admin);
    if (result.type !== 'ok') throw new Error(result.type);
    const rows = new Map(result.view.communes.map((c) => [c.unit.code, c]));
    expect([...rows.keys()].sort()).toEqual([UNIT_A, UNIT_B, UNIT_C]);
    expect(rows.get(UNIT_B)?.criteria[0]).toEqual({
      number: 1,
      figure: { type: 'too-few', n: 10, minAnswers: 30 },
      tier: null,
    });
    expect(rows.get(UNIT_A)?.criteria[0]?.tier).toBe(1);
    expect(rows.get(UNIT_C)?.criteria[0]?.tier).toBe(2);
    // Criterion 2: everyone answered 4, so nobody is ranked.
    expect(rows.get(UNIT_A)?.criteria[1]?.tier).toBeNull();
    expect(rows.get(UNIT_A)?.reports.received).toBe(6);
    expect(rows.get(UNIT_C)?.reports.received).toBe(0);
  });

  it('is refused to another province’s admin and to a commune’s chair', async () => {
    const elsewhere = {
      type: 'officials',
      accounts: [{ ...official(UNIT_A, 'admin', 'staff'), provinceCode: '01' }],
    } as const;
    const chair = { type: 'officials', accounts: [official(UNIT_A, 'leader', 'chair')] } as const;
    expect((await judgement.provinceView(PROVINCE, Q4, elsewhere)).type).toBe('forbidden');
    expect((await judgement.provinceView(PROVINCE, Q4, chair)).type).toBe('forbidden');
    expect((await judgement.provinceView(PROVINCE, Q4, { type: 'public' })).type).toBe('forbidden');
  });

  it('says so for an unknown province', async () => {
    expect((await judgement.provinceView('00', Q4, admin)).type).toBe('unknown-province');
  });
});

describe('public board', () => {
  it("shows this quarter's figures above the minimum and answered reports without text or khiếu nại", async () => {
    const result = await judgement.publicBoard(UNIT_A, NOW);
    if (result.type !== 'ok') throw new Error(result.type);
    const b = result.board;
    expect(b.periodLabel).toBe('Quý 4/2026');
    expect(shown(b.criteria[0]?.figure).n).toBe(40);
    expect(b.criteria[2]?.figure).toEqual({ type: 'too-few', n: 0, minAnswers: 30 });
    expect(b.reports.received).toBe(6);
    expect(b.latestAnswered).toEqual([
      {
        categoryVi: 'Giao thông, đường sá',
        receivedOn: '2026-10-05',
        answeredOn: '2026-10-14',
        resultType: 'resolved',
        reopened: false,
        resultVi: 'Đã giải quyết',
      },
      {
        categoryVi: 'Giao thông, đường sá',
        receivedOn: '2026-10-05',
        answeredOn: '2026-10-09',
        resultType: 'resolved',
        reopened: false,
        resultVi: 'Đã giải quyết',
      },
    ]);
    expect(b.ratingLink).toBe('https://t.me/gopy_test_bot?start=r_99001');
    const text = JSON.stringify(b);
    for (const secret of ['Trần Thị Bình', '0987654321', 'Ổ gà', 'PA-2026', 'Tố cáo']) {
      expect(text).not.toContain(secret);
    }
  });

  it('shows a reopened report as reopened, and the share reopened as the dashboard counts it', async () => {
    // PA-2026-000002 was answered, then the citizen said «Một phần»: the commune handles it again.
    await db.prisma.report.update({
      where: { ticketCode: 'PA-2026-000002' },
      data: { status: 'reopened' },
    });
    try {
      const result = await judgement.publicBoard(UNIT_A, NOW);
      if (result.type !== 'ok') throw new Error(result.type);
      const b = result.board;
      expect(b.latestAnswered[0]).toMatchObject({
        answeredOn: '2026-10-14',
        reopened: true,
        resultVi: 'Được mở lại, đang xử lý',
      });
      expect(b.latestAnswered[1]).toMatchObject({ reopened: false, resultVi: 'Đã giải quyết' });
      const dashboard = await judgement.communeDashboard(UNIT_A, Q4, {
        type: 'officials',
        accounts: [official(UNIT_A, 'leader', 'chair', 501)],
      });
      if (dashboard.type !== 'ok') throw new Error(dashboard.type);
      expect(b.reports.reopened).toEqual(dashboard.dashboard.reports.reopened);
      expect(b.reports.onTime).toEqual(dashboard.dashboard.reports.onTime);
      expect(shown(b.reports.reopened)).toMatchObject({ hits: 1, n: 3 });
    } finally {
      await db.prisma.report.update({
        where: { ticketCode: 'PA-2026-000002' },
        data: { status: 'resolved' },
      });
    }
  });

  it('hides a commune below the minimum', async () => {
    const result = await judgement.publicBoard(UNIT_B, NOW);
    if (result.type !== 'ok') throw new Error(result.type);
    expect(result.board.criteria.every((c) => c.figure.type === 'too-few')).toBe(true);
    expect(result.board.overall).toEqual({ type: 'too-few', n: 10, minAnswers: 30 });
  });
});
