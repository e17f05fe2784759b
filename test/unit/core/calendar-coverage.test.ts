import { describe, expect, it } from 'vitest';
import { calendarCoverage, coverageWarning } from '../../../src/core/calendar-coverage.ts';
import { DEFAULT_CALENDAR_DAYS, createCalendar } from '../../../src/core/working-days.ts';

const shipped = createCalendar(DEFAULT_CALENDAR_DAYS);

describe('whether the calendar covers next year', () => {
  it('in December 2026 the shipped calendar covers 2027, with its Tết marked as an estimate', () => {
    const c = calendarCoverage(shipped, new Date('2026-12-06T03:00:00Z'));
    expect(c).toMatchObject({ nextYear: 2027, nextYearCovered: true, warn: false });
    expect(c.estimates.map((d) => d.date)).toContain('2027-02-08');
    expect(c.estimates.every((d) => d.source === 'estimate')).toBe(true);
    expect(coverageWarning(c)).toBeUndefined();
  });

  it('warns from December (Vietnam time) when next year has no holidays', () => {
    // 30 Nov 2027 17:30 UTC is already 1 December in Vietnam.
    const c = calendarCoverage(shipped, new Date('2027-11-30T17:30:00Z'));
    expect(c).toMatchObject({ nextYear: 2028, nextYearCovered: false, warn: true });
    expect(coverageWarning(c)).toMatch(/chưa có ngày nghỉ lễ năm 2028/);
  });

  it('stays quiet before December unless asked, and once the commune adds the year', () => {
    const november = calendarCoverage(shipped, new Date('2027-11-15T03:00:00Z'));
    expect(november.warn).toBe(false);
    expect(coverageWarning(november)).toBeUndefined();
    expect(coverageWarning(november, true)).toMatch(/2028/);
    const added = createCalendar([
      ...DEFAULT_CALENDAR_DAYS,
      { date: '2028-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
    ]);
    expect(calendarCoverage(added, new Date('2027-12-10T03:00:00Z')).warn).toBe(false);
  });
});
