import { describe, expect, it } from 'vitest';
import {
  countScores,
  median,
  onTimeShare,
  rankTiers,
  shareFigure,
  sipasIndex,
  timeliness,
  wilsonInterval,
  type ShareFigure,
} from '../../../src/core/judgement-stats.ts';
import { instantAt } from '../../../src/core/local-date.ts';
import { reportDeadline } from '../../../src/core/report-deadline.ts';
import { DEFAULT_CALENDAR } from '../../../src/core/working-days.ts';

describe('SIPAS index', () => {
  it('is the share of 4–5 answers, skips excluded', () => {
    const counts = countScores([5, 4, 3, 2, 1, null, null, 5]);
    expect(counts).toEqual({ answered: 6, satisfied: 3, skipped: 2 });
    const figure = sipasIndex(counts, 1);
    expect(figure.type === 'shown' && figure.share).toBe(0.5);
    expect(figure.type === 'shown' && figure.n).toBe(6);
  });

  it('with 0 answers shows nothing, not 0 %', () => {
    expect(sipasIndex(countScores([null, null]), 1)).toEqual({
      type: 'too-few',
      n: 0,
      minAnswers: 1,
    });
  });

  it('all 5s is 100 % with an interval that still admits doubt', () => {
    const figure = sipasIndex(countScores(Array<number>(40).fill(5)), 30);
    if (figure.type !== 'shown') throw new Error('expected a shown figure');
    expect(figure.share).toBe(1);
    expect(figure.interval.high).toBe(1);
    expect(figure.interval.low).toBeCloseTo(0.9124, 3);
  });

  it('below the minimum sample is "chưa đủ ý kiến" with its n', () => {
    expect(shareFigure(29, 29, 30)).toEqual({ type: 'too-few', n: 29, minAnswers: 30 });
    expect(shareFigure(20, 30, 30).type).toBe('shown');
  });

  it('rejects a score outside 1–5 as bad data', () => {
    expect(() => countScores([6])).toThrow(RangeError);
  });
});

describe('Wilson 95 % interval', () => {
  it('at n = 1 spans most of the scale', () => {
    const yes = wilsonInterval(1, 1);
    expect(yes.high).toBe(1);
    expect(yes.low).toBeCloseTo(0.2065, 3);
    const no = wilsonInterval(0, 1);
    expect(no.low).toBe(0);
    expect(no.high).toBeCloseTo(0.7935, 3);
  });

  it('matches the textbook value for 81 of 263', () => {
    // Wilson (1927) as tabulated by Newcombe (1998): 0.2553 – 0.3662.
    const i = wilsonInterval(81, 263);
    expect(i.low).toBeCloseTo(0.2553, 3);
    expect(i.high).toBeCloseTo(0.3662, 3);
  });

  it('narrows as answers grow and stays within 0–1', () => {
    const small = wilsonInterval(8, 10);
    const large = wilsonInterval(800, 1000);
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
    expect(small.low).toBeGreaterThanOrEqual(0);
    expect(small.high).toBeLessThanOrEqual(1);
  });

  it('has no interval for no answers', () => {
    expect(() => wilsonInterval(0, 0)).toThrow(RangeError);
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
  });
});

describe('rank tiers', () => {
  const fig = (hits: number, n: number): ShareFigure => shareFigure(hits, n, 30);

  it('gives no rank when the intervals overlap', () => {
    const tiers = rankTiers([
      { key: 'a', figure: fig(32, 40) },
      { key: 'b', figure: fig(28, 40) },
      { key: 'c', figure: fig(30, 40) },
    ]);
    expect([...tiers.values()]).toEqual([null, null, null]);
  });

  it('separates communes whose intervals do not overlap, and keeps the rest together', () => {
    const tiers = rankTiers([
      { key: 'low', figure: fig(200, 1000) },
      { key: 'high', figure: fig(900, 1000) },
      { key: 'high2', figure: fig(890, 1000) },
      { key: 'mid', figure: fig(500, 1000) },
    ]);
    expect(tiers.get('high')).toBe(1);
    expect(tiers.get('high2')).toBe(1);
    expect(tiers.get('mid')).toBe(2);
    expect(tiers.get('low')).toBe(3);
  });

  it('gives no tier to a commune with too few answers', () => {
    const tiers = rankTiers([
      { key: 'a', figure: fig(900, 1000) },
      { key: 'b', figure: fig(100, 1000) },
      { key: 'small', figure: fig(1, 5) },
    ]);
    expect(tiers.get('small')).toBeNull();
    expect(tiers.get('a')).toBe(1);
    expect(tiers.get('b')).toBe(2);
  });
});

describe('median', () => {
  it('is undefined for nothing, the middle for odd, the mean of the middles for even', () => {
    expect(median([])).toBeUndefined();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('on-time share against the working-day deadline', () => {
  it('counts a report answered on the last working day after Tết as on time', () => {
    // Submitted Friday 13 Feb 2026 at 10:00, a 5-working-day category: Tết Bính Ngọ closes
    // offices 16–20 Feb, so day 1 is Monday 23 Feb and the deadline Friday 27 Feb at 17:00.
    const submitted = instantAt('2026-02-13', 10, 0);
    const { dueAt } = reportDeadline(DEFAULT_CALENDAR, 'phan-anh', 5, submitted);
    expect(dueAt).toEqual(instantAt('2026-02-27', 17, 0));
    const onTime = timeliness(
      { hasDeadline: true, dueAt, answeredAt: instantAt('2026-02-27', 16, 30) },
      instantAt('2026-03-10', 9, 0),
    );
    const late = timeliness(
      { hasDeadline: true, dueAt, answeredAt: instantAt('2026-03-02', 8, 0) },
      instantAt('2026-03-10', 9, 0),
    );
    // Seven calendar days would have said late; the working-day calendar says on time.
    expect(onTime).toBe('on-time');
    expect(late).toBe('late');
  });

  it('counts open reports past their deadline as late, and leaves pending and góp ý out', () => {
    const dueAt = instantAt('2026-03-02', 17, 0);
    const now = instantAt('2026-03-03', 9, 0);
    const kinds = [
      timeliness({ hasDeadline: true, dueAt, answeredAt: instantAt('2026-03-02', 9, 0) }, now),
      timeliness({ hasDeadline: true, dueAt, answeredAt: null }, now),
      timeliness(
        { hasDeadline: true, dueAt: instantAt('2026-03-09', 17, 0), answeredAt: null },
        now,
      ),
      timeliness({ hasDeadline: false, dueAt, answeredAt: null }, now),
    ];
    expect(kinds).toEqual(['on-time', 'late', 'pending', 'no-deadline']);
    const share = onTimeShare(kinds);
    expect(share.type === 'shown' && [share.hits, share.n]).toEqual([1, 2]);
  });
});
