import { describe, expect, it } from 'vitest';
import {
  currentPeriod,
  formatPeriod,
  monthsOf,
  parsePeriod,
  periodBounds,
  periodLabel,
  type Period,
} from '../../../src/core/judgement-period.ts';

describe('periods in Vietnam time', () => {
  it('starts a quarter at 00:00 in Hà Nội, 17:00 UTC the day before', () => {
    const q4: Period = { type: 'quarter', year: 2026, quarter: 4 };
    expect(periodBounds(q4)).toEqual({
      start: new Date('2026-09-30T17:00:00Z'),
      end: new Date('2026-12-31T17:00:00Z'),
    });
  });

  it("puts New Year's Eve 20:00 UTC into the next quarter and year", () => {
    const now = new Date('2025-12-31T20:00:00Z');
    expect(currentPeriod('quarter', now)).toEqual({ type: 'quarter', year: 2026, quarter: 1 });
    expect(currentPeriod('year', now)).toEqual({ type: 'year', year: 2026 });
    expect(currentPeriod('month', new Date('2026-01-31T16:59:59Z'))).toEqual({
      type: 'month',
      year: 2026,
      month: 1,
    });
    expect(currentPeriod('month', new Date('2026-01-31T17:00:00Z'))).toEqual({
      type: 'month',
      year: 2026,
      month: 2,
    });
  });

  it('includes both days of a custom period', () => {
    const { start, end } = periodBounds({ type: 'custom', from: '2026-02-14', to: '2026-02-22' });
    expect(start).toEqual(new Date('2026-02-13T17:00:00Z'));
    expect(end).toEqual(new Date('2026-02-22T17:00:00Z'));
  });

  it('reads and writes periods as in URLs', () => {
    for (const text of ['2026', '2026-Q2', '2026-02', '2026-02-14..2026-02-22']) {
      const parsed = parsePeriod(text);
      expect(parsed.type).toBe('ok');
      if (parsed.type === 'ok') expect(formatPeriod(parsed.period)).toBe(text);
    }
    expect(parsePeriod('2026-13').type).toBe('invalid');
    expect(parsePeriod('2026-02-22..2026-02-14').type).toBe('invalid');
    expect(parsePeriod('2026-02-30..2026-03-01').type).toBe('invalid');
  });

  it('labels periods in Vietnamese', () => {
    expect(periodLabel({ type: 'quarter', year: 2026, quarter: 4 })).toBe('Quý 4/2026');
    expect(periodLabel({ type: 'month', year: 2026, month: 2 })).toBe('Tháng 2/2026');
    expect(periodLabel({ type: 'custom', from: '2026-02-14', to: '2026-02-22' })).toBe(
      '14/02/2026 – 22/02/2026',
    );
  });

  it('splits a period into months for the trend, across the new year, clipping custom ends', () => {
    const months = monthsOf({ type: 'custom', from: '2025-11-15', to: '2026-01-10' });
    expect(months.map((m) => m.label)).toEqual(['11/2025', '12/2025', '01/2026']);
    expect(months[0]?.start).toEqual(new Date('2025-11-14T17:00:00Z'));
    expect(months[2]?.end).toEqual(new Date('2026-01-10T17:00:00Z'));
    expect(monthsOf({ type: 'year', year: 2026 })).toHaveLength(12);
  });
});
