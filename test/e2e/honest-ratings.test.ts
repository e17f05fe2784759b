/**
 * Honest ratings through the real grammY bot and the fake Bot API, on an injected clock: a
 * citizen's second commune rating in the quarter replaces the first (said before the first
 * question) and the dashboard counts only the latest; a rating in the next quarter (a minute
 * after midnight on 1 January, Vietnam's time) is a new one; a burst of new citizens is
 * flagged, as is a rating given faster than anyone can read, and both are counted apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/gopy-harness.ts';
import { parsePeriod } from '../../src/core/judgement-period.ts';
import { createOfficialsRepository } from '../../src/persistence/officials-repository.ts';
import { CHAIR } from '../support/demo.ts';

const COMMUNE = '12694';
let clock = new Date('2026-10-05T02:00:00Z'); // 09:00 on 5 October, Vietnam's time
const tick = (ms: number) => (clock = new Date(clock.getTime() + ms));

const VARIED = [
  '4 – Hài lòng',
  '3 – Bình thường',
  '4 – Hài lòng',
  '5 – Rất hài lòng',
  '4 – Hài lòng',
  '4 – Hài lòng',
];

/** Rates the commune through the bot (a label, or one per item); `readMs` per question. */
async function rate(
  h: Harness,
  c: number,
  labels: string | string[],
  readMs: number,
): Promise<string> {
  const before = h.texts(c).length;
  await h.send(c, '/start');
  await h.press(c, 'Đánh giá chính quyền');
  await h.send(c, 'Bac Dong Hung');
  await h.press(c, 'Xã Bắc Đông Hưng – Hưng Yên');
  for (let i = 0; i < 6; i++) {
    tick(readMs);
    await h.press(c, typeof labels === 'string' ? labels : labels[i]!);
  }
  await h.press(c, 'Không, gửi đánh giá ngay');
  return h.texts(c).slice(before).join('\n');
}

async function dashboard(h: Harness, period: string) {
  const p = parsePeriod(period);
  if (p.type !== 'ok') throw new Error(`bad period ${period}`);
  // What the commune's chair sees (officials never see who rated: only counts).
  const accounts = await createOfficialsRepository(h.db.prisma).findActiveByExternalId(
    'telegram',
    String(CHAIR),
  );
  const d = await h.gopy.judgement.communeDashboard(COMMUNE, p.period, {
    type: 'officials',
    accounts,
  });
  if (d.type !== 'ok') throw new Error(`dashboard: ${d.type}`);
  return d.dashboard;
}

describe('honest ratings', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ humanPace: true, now: () => clock });
  }, 90_000);
  afterAll(async () => h?.close());

  it('a second rating in the quarter replaces the first; the dashboard counts the latest', async () => {
    const first = await rate(h, 7401, ['2 – Không hài lòng', ...VARIED.slice(1)], 8000);
    expect(first).toContain(
      'Mỗi quý, mỗi người đánh giá một xã một lần: nếu trong quý này Ông/Bà đã đánh giá xã này, đánh giá mới sẽ thay cho đánh giá trước.',
    );
    // 23:40 on 31 December, Vietnam's time: still the fourth quarter.
    clock = new Date('2026-12-31T16:40:00Z');
    const second = await rate(h, 7401, VARIED, 8000);
    expect(second).toContain(
      'Cảm ơn Ông/Bà đã đánh giá Xã Bắc Đông Hưng (Tỉnh Hưng Yên)! (Đánh giá trước của Ông/Bà trong quý này đã được thay bằng đánh giá mới.)',
    );
    const q4 = await dashboard(h, '2026-Q4');
    expect(q4.ratings).toBe(1);
    expect(q4.flagged.total).toBe(0);
    // Only the latest counts: criterion 1 was «Không hài lòng» first, «Hài lòng» now.
    expect(q4.criteria[0]?.figure).toMatchObject({ type: 'shown', n: 1, hits: 1 });

    // 00:10 on 1 January 2027 in Vietnam (still 31 December in UTC): the first quarter of 2027.
    clock = new Date('2026-12-31T17:10:00Z');
    const third = await rate(h, 7401, VARIED, 8000);
    expect(third).not.toMatch(/đã được thay bằng đánh giá mới/);
    const rows = await h.db.prisma.rating.findMany({
      where: { citizen: { externalId: '7401' } },
      orderBy: { id: 'asc' },
    });
    expect(rows.map((r) => [r.period, r.replacedAt !== null])).toEqual([
      ['2026-Q4', true],
      ['2026-Q4', false],
      ['2027-Q1', false],
    ]);
    expect((await dashboard(h, '2026-Q4')).ratings).toBe(1);
    expect((await dashboard(h, '2027-Q1')).ratings).toBe(1);
  }, 180_000);

  it('a burst of new citizens and a rating faster than reading are flagged and counted apart', async () => {
    clock = new Date('2027-02-08T03:00:00Z'); // 10:00 on 8 February
    // One careful citizen, then one who taps through without reading (no time passes).
    await rate(h, 7411, VARIED, 8000);
    await rate(h, 7412, VARIED, 0);
    let d = await dashboard(h, '2027-Q1');
    // The 1 January rating, the careful one; the hasty one is flagged, not counted.
    expect(d.ratings).toBe(2);
    expect(d.flagged).toEqual({ total: 1, byFlag: { 'too-fast': 1 } });

    // Five citizens never seen before rate within ten minutes: all five are flagged.
    tick(3_600_000);
    for (const c of [7421, 7422, 7423, 7424, 7425]) {
      await rate(h, c, '5 – Rất hài lòng', 10_000);
      tick(30_000);
    }
    d = await dashboard(h, '2027-Q1');
    expect(d.ratings).toBe(2);
    expect(d.flagged.total).toBe(6);
    expect(d.flagged.byFlag).toMatchObject({ burst: 5, 'too-fast': 1, 'same-answer': 5 });
    const burst = await h.db.prisma.rating.findMany({
      where: { citizen: { externalId: { in: ['7421', '7422', '7423', '7424', '7425'] } } },
    });
    expect(burst.every((r) => r.flags.includes('burst'))).toBe(true);
  }, 180_000);
});
