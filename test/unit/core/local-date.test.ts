import { describe, expect, it } from 'vitest';
import {
  formatDateTimeVi,
  formatDateVi,
  formatIsoDateVi,
  addDays,
  instantAt,
  isIsoDate,
  localDate,
  localDateTime,
  parseDayMonthYear,
  parseMonthYear,
  weekdayOf,
} from '../../../src/core/local-date.ts';

describe('local dates', () => {
  it('reads the Vietnamese wall clock, UTC+7 all year', () => {
    expect(localDateTime(new Date('2026-06-30T17:30:00Z'))).toEqual({
      date: '2026-07-01',
      year: 2026,
      month: 7,
      day: 1,
      weekday: 3,
      hour: 0,
      minute: 30,
    });
    expect(localDate(new Date('2026-01-15T16:59:00Z'))).toBe('2026-01-15');
    expect(localDate(new Date('2026-01-15T17:00:00Z'))).toBe('2026-01-16');
  });

  it('turns a Vietnamese wall-clock time into an instant', () => {
    expect(instantAt('2026-02-23', 17, 0)).toEqual(new Date('2026-02-23T10:00:00Z'));
  });

  it('handles other zones through their daylight-saving changes', () => {
    expect(instantAt('2026-03-27', 17, 0, 'Europe/Berlin')).toEqual(
      new Date('2026-03-27T16:00:00Z'),
    );
    expect(instantAt('2026-03-30', 17, 0, 'Europe/Berlin')).toEqual(
      new Date('2026-03-30T15:00:00Z'),
    );
    expect(localDateTime(new Date('2026-07-01T22:30:00Z'), 'Europe/Berlin')).toMatchObject({
      date: '2026-07-02',
      hour: 0,
      minute: 30,
    });
    expect(() => localDate(new Date(), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });

  it('does calendar arithmetic across months, years and leap days', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(weekdayOf('2026-02-17')).toBe(2); // mùng 1 Tết Bính Ngọ, a Tuesday
  });

  it('accepts only real dates', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-2-3')).toBe(false);
    expect(isIsoDate('03/02/2026')).toBe(false);
    expect(() => localDate(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('dates as they read in Vietnam (dd/mm/yyyy)', () => {
  it("pads early-month days and months, and turns the year on Vietnam's clock", () => {
    expect(formatIsoDateVi('2026-01-05')).toBe('05/01/2026');
    // 17:30 UTC on 31/12 is already 00:30 on 01/01 in Vietnam.
    expect(formatDateVi(new Date('2026-12-31T17:30:00Z'))).toBe('01/01/2027');
    expect(formatDateTimeVi(new Date('2026-12-31T17:30:00Z'))).toBe('01/01/2027 00:30');
    expect(formatDateTimeVi(new Date('2026-12-06T10:00:00Z'))).toBe('06/12/2026 17:00');
  });

  it('reads a day typed dd/mm/yyyy, and the ISO days old links carry', () => {
    expect(parseDayMonthYear('05/10/2026')).toEqual({ type: 'ok', date: '2026-10-05' });
    expect(parseDayMonthYear(' 5/3/2026 ')).toEqual({ type: 'ok', date: '2026-03-05' });
    expect(parseDayMonthYear('05.10.2026')).toEqual({ type: 'ok', date: '2026-10-05' });
    expect(parseDayMonthYear('05-10-2026')).toEqual({ type: 'ok', date: '2026-10-05' });
    expect(parseDayMonthYear('2026-10-05')).toEqual({ type: 'ok', date: '2026-10-05' });
    // The day comes first, never the month (an English browser's 10/05/2026 is 10 May).
    expect(parseDayMonthYear('10/05/2026')).toEqual({ type: 'ok', date: '2026-05-10' });
    expect(parseDayMonthYear('13/12/2026')).toEqual({ type: 'ok', date: '2026-12-13' });
    expect(parseDayMonthYear('12/13/2026')).toEqual({ type: 'no-such-day' });
    expect(parseDayMonthYear('31/02/2026')).toEqual({ type: 'no-such-day' });
    expect(parseDayMonthYear('29/02/2028')).toEqual({ type: 'ok', date: '2028-02-29' });
    expect(parseDayMonthYear('2026-02-30')).toEqual({ type: 'no-such-day' });
    for (const text of ['', 'hôm qua', '05/10/26', '05/10-2026', '5 tháng 10 2026', '2026/10/05'])
      expect(parseDayMonthYear(text), text).toEqual({ type: 'not-a-date' });
  });

  it('reads a month typed mm/yyyy, and the ISO months old links carry', () => {
    expect(parseMonthYear('10/2026')).toEqual({ year: 2026, month: 10 });
    expect(parseMonthYear('3/2026')).toEqual({ year: 2026, month: 3 });
    expect(parseMonthYear('03.2026')).toEqual({ year: 2026, month: 3 });
    expect(parseMonthYear('2026-03')).toEqual({ year: 2026, month: 3 });
    for (const text of ['', '13/2026', '0/2026', '2026-13', '10/26', 'tháng 10'])
      expect(parseMonthYear(text), text).toBeUndefined();
  });
});
