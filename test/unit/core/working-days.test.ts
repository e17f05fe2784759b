import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  calendarDayOf,
  calendarDaySchema,
  CalendarDataError,
  coversYear,
  createCalendar,
  DEFAULT_CALENDAR,
  DEFAULT_CALENDAR_DAYS,
  isWorkingDay,
  nextWorkingDay,
  receiptDate,
  reminderTime,
  shiftWorkingDays,
  workingDaysBetween,
  type CalendarDay,
} from '../../../src/core/working-days.ts';
import { weekdayOf, type IsoDate } from '../../../src/core/local-date.ts';

const cal = DEFAULT_CALENDAR;
/** An instant given as Vietnamese wall-clock time. */
const vn = (date: string, time: string) => new Date(`${date}T${time}:00+07:00`);
const d = (s: string) => s as IsoDate;

describe('the default calendar', () => {
  it('closes offices on weekends and opens them Monday to Friday', () => {
    expect(isWorkingDay(cal, d('2026-03-07'))).toBe(false); // Saturday
    expect(isWorkingDay(cal, d('2026-03-08'))).toBe(false); // Sunday
    expect(isWorkingDay(cal, d('2026-03-09'))).toBe(true); // Monday
    expect(isWorkingDay(cal, d('2026-03-13'))).toBe(true); // Friday
  });

  it('closes offices for Tết 2026 and reopens on Monday 23 February', () => {
    for (const day of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']) {
      expect(isWorkingDay(cal, d(day)), day).toBe(false);
    }
    expect(isWorkingDay(cal, d('2026-02-13'))).toBe(true);
    expect(isWorkingDay(cal, d('2026-02-23'))).toBe(true);
    expect(calendarDayOf(cal, d('2026-02-17'))?.name).toBe('Tết Nguyên đán');
  });

  it('closes offices for Tết 2025 (27–31 January)', () => {
    expect(isWorkingDay(cal, d('2025-01-24'))).toBe(true);
    for (const day of ['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']) {
      expect(isWorkingDay(cal, d(day)), day).toBe(false);
    }
    expect(isWorkingDay(cal, d('2025-02-03'))).toBe(true);
  });

  it('opens offices on an official make-up Saturday and closes the swapped weekday', () => {
    expect(isWorkingDay(cal, d('2026-01-10'))).toBe(true); // Saturday, làm bù for Fri 2/1
    expect(isWorkingDay(cal, d('2026-01-02'))).toBe(false);
    expect(isWorkingDay(cal, d('2025-04-26'))).toBe(true); // Saturday, làm bù for Fri 2/5
    expect(isWorkingDay(cal, d('2025-05-02'))).toBe(false);
  });

  it('gives the compensatory Monday when Giỗ Tổ 2026 falls on a Sunday', () => {
    expect(isWorkingDay(cal, d('2026-04-27'))).toBe(false);
    expect(calendarDayOf(cal, d('2026-04-27'))?.name).toMatch(/Giỗ Tổ/);
  });

  it('has the fixed national holidays of each year', () => {
    for (const day of [
      '2025-01-01',
      '2025-04-07',
      '2025-04-30',
      '2025-05-01',
      '2025-09-01',
      '2025-09-02',
      '2026-01-01',
      '2026-04-30',
      '2026-05-01',
      '2026-09-01',
      '2026-09-02',
      '2027-01-01',
      '2027-04-16',
      '2027-04-30',
      '2027-05-03',
      '2027-09-02',
    ]) {
      expect(isWorkingDay(cal, d(day)), day).toBe(false);
    }
  });

  it('lists holidays on weekdays only and make-up days on Saturdays, once each, every one named', () => {
    const dates = DEFAULT_CALENDAR_DAYS.map((x) => x.date);
    expect(new Set(dates).size).toBe(dates.length);
    expect([...dates].sort()).toEqual(dates);
    for (const day of DEFAULT_CALENDAR_DAYS) {
      const wd = weekdayOf(day.date);
      if (day.kind === 'holiday') expect(wd === 0 || wd === 6, day.date).toBe(false);
      else expect(wd, day.date).toBe(6);
      expect(day.name.trim()).not.toBe('');
      expect(calendarDaySchema.safeParse(day).success).toBe(true);
    }
  });

  it('marks the 2027 Tết dates as estimates for the commune to check', () => {
    const tet2027 = DEFAULT_CALENDAR_DAYS.filter((x) => x.date.startsWith('2027-02'));
    expect(tet2027).toHaveLength(5);
    expect(tet2027.every((x) => x.source === 'estimate')).toBe(true);
    expect(
      DEFAULT_CALENDAR_DAYS.filter((x) => x.date.startsWith('2026')).every(
        (x) => x.source === 'official',
      ),
    ).toBe(true);
  });

  it('knows which years it covers', () => {
    expect(coversYear(cal, 2025)).toBe(true);
    expect(coversYear(cal, 2027)).toBe(true);
    expect(coversYear(cal, 2028)).toBe(false);
  });

  it('reads a Date on the Vietnamese wall clock', () => {
    // Sunday 8 March 2026, 23:30 UTC is already Monday 06:30 in Hà Nội.
    expect(isWorkingDay(cal, new Date('2026-03-08T23:30:00Z'))).toBe(true);
  });
});

describe('createCalendar', () => {
  it('lets a later entry override the built-in table', () => {
    const commune = createCalendar([
      ...DEFAULT_CALENDAR_DAYS,
      { date: d('2027-09-03'), kind: 'workday', name: 'Nghỉ 1/9 thay cho 3/9' },
      { date: d('2027-09-01'), kind: 'holiday', name: 'Quốc khánh', source: 'official' },
    ]);
    expect(isWorkingDay(commune, d('2027-09-03'))).toBe(true);
    expect(isWorkingDay(commune, d('2027-09-01'))).toBe(false);
    // The default calendar itself is untouched.
    expect(isWorkingDay(cal, d('2027-09-03'))).toBe(false);
  });

  it('accepts a local holiday added by a commune', () => {
    const commune = createCalendar([
      ...DEFAULT_CALENDAR_DAYS,
      { date: d('2026-03-10'), kind: 'holiday', name: 'Lễ hội địa phương' },
    ]);
    expect(isWorkingDay(commune, d('2026-03-10'))).toBe(false);
    expect(addWorkingDays(commune, vn('2026-03-09', '10:00'), 1)).toEqual(
      vn('2026-03-11', '17:00'),
    );
  });

  it('refuses an impossible date or an empty name', () => {
    expect(() => createCalendar([{ date: d('2026-02-30'), kind: 'holiday', name: 'x' }])).toThrow(
      CalendarDataError,
    );
    expect(() => createCalendar([{ date: d('2026-02-03'), kind: 'holiday', name: '  ' }])).toThrow(
      CalendarDataError,
    );
  });

  it('validates outside input with the schema', () => {
    expect(
      calendarDaySchema.safeParse({ date: '2026-13-01', kind: 'holiday', name: 'x' }).success,
    ).toBe(false);
    expect(
      calendarDaySchema.safeParse({ date: '2026-02-03', kind: 'day-off', name: 'x' }).success,
    ).toBe(false);
    const parsed = calendarDaySchema.parse({
      date: '2026-02-07',
      kind: 'workday',
      name: ' Làm bù ',
    });
    expect(parsed.name).toBe('Làm bù');
    // What the schema accepts builds a calendar as is: Saturday 7 February becomes a working day.
    expect(isWorkingDay(createCalendar([parsed]), parsed.date)).toBe(true);
  });

  it('without entries is a plain Monday–Friday week', () => {
    const plain = createCalendar([] as CalendarDay[]);
    expect(isWorkingDay(plain, d('2026-02-17'))).toBe(true);
    expect(coversYear(plain, 2026)).toBe(false);
  });
});

describe('addWorkingDays: when a report falls due', () => {
  it('counts the next working day as day 1 for a report sent on a working day before 17:00', () => {
    expect(addWorkingDays(cal, vn('2026-03-09', '10:00'), 1)).toEqual(vn('2026-03-10', '17:00'));
    // Hồ Chí Minh City's 5 working days for infrastructure: Monday → next Monday.
    expect(addWorkingDays(cal, vn('2026-03-09', '10:00'), 5)).toEqual(vn('2026-03-16', '17:00'));
    // Đà Nẵng's 3 working days: Wednesday → Monday.
    expect(addWorkingDays(cal, vn('2026-03-11', '16:59'), 3)).toEqual(vn('2026-03-16', '17:00'));
  });

  it('treats a report sent after 17:00 as received the next working day', () => {
    expect(addWorkingDays(cal, vn('2026-03-09', '17:00'), 1)).toEqual(vn('2026-03-11', '17:00'));
    expect(addWorkingDays(cal, vn('2026-03-09', '21:45'), 1)).toEqual(vn('2026-03-11', '17:00'));
  });

  it('treats a report sent on a weekend as received on Monday', () => {
    expect(addWorkingDays(cal, vn('2026-03-07', '09:00'), 1)).toEqual(vn('2026-03-10', '17:00'));
  });

  it('lands a report sent on Friday 16:00 before a Monday holiday after the holiday', () => {
    // Friday 24 April 2026; Monday 27 April is the compensatory day for Giỗ Tổ.
    expect(addWorkingDays(cal, vn('2026-04-24', '16:00'), 1)).toEqual(vn('2026-04-28', '17:00'));
    // Friday 29 August 2025, before Quốc khánh on 1–2 September.
    expect(addWorkingDays(cal, vn('2025-08-29', '16:00'), 1)).toEqual(vn('2025-09-03', '17:00'));
    // The same Friday at 17:30: received Tuesday, due Wednesday.
    expect(addWorkingDays(cal, vn('2026-04-24', '17:30'), 1)).toEqual(vn('2026-04-29', '17:00'));
  });

  it('skips Tết', () => {
    // Friday 13 February 2026, the last working day before Tết Bính Ngọ.
    expect(addWorkingDays(cal, vn('2026-02-13', '10:00'), 3)).toEqual(vn('2026-02-25', '17:00'));
    // Sent on mùng 1 Tết: received Monday 23 February, due five working days later.
    expect(addWorkingDays(cal, vn('2026-02-17', '09:00'), 5)).toEqual(vn('2026-03-02', '17:00'));
  });

  it('counts an official make-up Saturday as a working day', () => {
    // Thursday 8 January 2026: Friday 9 is day 1, make-up Saturday 10 is day 2.
    expect(addWorkingDays(cal, vn('2026-01-08', '10:00'), 2)).toEqual(vn('2026-01-10', '17:00'));
    // Sent on the make-up Saturday morning: received that day.
    expect(addWorkingDays(cal, vn('2026-01-10', '09:00'), 1)).toEqual(vn('2026-01-12', '17:00'));
    // An ordinary Saturday a week later: received Monday.
    expect(addWorkingDays(cal, vn('2026-01-17', '09:00'), 1)).toEqual(vn('2026-01-20', '17:00'));
  });

  it('skips New Year and its swapped Friday', () => {
    expect(addWorkingDays(cal, vn('2025-12-31', '15:00'), 1)).toEqual(vn('2026-01-05', '17:00'));
  });

  it('uses Vietnamese time whatever the server clock says', () => {
    // 09:30 UTC = 16:30 in Hà Nội: still received that Friday.
    expect(addWorkingDays(cal, new Date('2026-03-13T09:30:00Z'), 1)).toEqual(
      new Date('2026-03-16T10:00:00Z'),
    );
    // 10:30 UTC = 17:30 in Hà Nội: received Monday, due Tuesday.
    expect(addWorkingDays(cal, new Date('2026-03-13T10:30:00Z'), 1)).toEqual(
      new Date('2026-03-17T10:00:00Z'),
    );
  });

  it('supports another time zone, daylight saving included', () => {
    // Friday 27 March 2026 11:00 in Berlin; clocks go forward on Sunday 29 March.
    const due = addWorkingDays(cal, new Date('2026-03-27T10:00:00Z'), 1, 'Europe/Berlin');
    expect(due).toEqual(new Date('2026-03-30T15:00:00Z'));
  });

  it('with 0 days is the end of the day of receipt', () => {
    expect(addWorkingDays(cal, vn('2026-03-09', '10:00'), 0)).toEqual(vn('2026-03-09', '17:00'));
    expect(addWorkingDays(cal, vn('2026-03-07', '10:00'), 0)).toEqual(vn('2026-03-09', '17:00'));
  });

  it('keeps skipping weekends beyond the years the table covers', () => {
    expect(addWorkingDays(cal, vn('2028-03-10', '10:00'), 1)).toEqual(vn('2028-03-13', '17:00'));
  });

  it('refuses a negative or fractional number of days', () => {
    expect(() => addWorkingDays(cal, vn('2026-03-09', '10:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingDays(cal, vn('2026-03-09', '10:00'), 1.5)).toThrow(RangeError);
  });
});

describe('receiptDate, nextWorkingDay and shiftWorkingDays', () => {
  it('finds the day a submission is received', () => {
    expect(receiptDate(cal, vn('2026-02-13', '16:59'))).toBe('2026-02-13');
    expect(receiptDate(cal, vn('2026-02-13', '17:00'))).toBe('2026-02-23');
  });

  it('moves by working days both ways', () => {
    expect(nextWorkingDay(cal, d('2026-02-13'))).toBe('2026-02-23');
    expect(shiftWorkingDays(cal, d('2026-02-23'), -1)).toBe('2026-02-13');
    expect(shiftWorkingDays(cal, d('2026-01-12'), -1)).toBe('2026-01-10');
    expect(shiftWorkingDays(cal, d('2026-03-08'), 0)).toBe('2026-03-08');
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after the first date up to the second', () => {
    expect(workingDaysBetween(cal, d('2026-03-09'), d('2026-03-13'))).toBe(4);
    expect(workingDaysBetween(cal, d('2026-03-09'), d('2026-03-09'))).toBe(0);
    expect(workingDaysBetween(cal, d('2026-03-13'), d('2026-03-09'))).toBe(-4);
  });

  it('does not count Tết', () => {
    expect(workingDaysBetween(cal, d('2026-02-13'), d('2026-02-23'))).toBe(1);
  });

  it('counts the make-up Saturday', () => {
    expect(workingDaysBetween(cal, d('2026-01-09'), d('2026-01-12'))).toBe(2);
  });

  it('accepts instants on the Vietnamese wall clock', () => {
    expect(workingDaysBetween(cal, vn('2026-03-09', '08:00'), vn('2026-03-10', '23:00'))).toBe(1);
  });

  it('agrees with addWorkingDays for a report sent in office hours', () => {
    const starts = [
      '2025-01-24',
      '2025-04-25',
      '2025-08-29',
      '2026-01-08',
      '2026-02-13',
      '2026-04-24',
      '2027-02-03',
    ];
    for (const start of starts) {
      for (const n of [1, 2, 3, 5, 10, 15]) {
        const from = vn(start, '09:00');
        expect(workingDaysBetween(cal, from, addWorkingDays(cal, from, n)), `${start} + ${n}`).toBe(
          n,
        );
      }
    }
  });
});

describe('reminderTime', () => {
  it('reminds on the morning of the due day for short deadlines', () => {
    const due = addWorkingDays(cal, vn('2026-04-24', '16:00'), 1); // Tuesday 28 April 17:00
    expect(reminderTime(cal, due, 1)).toEqual(vn('2026-04-28', '08:00'));
    expect(reminderTime(cal, vn('2026-03-16', '17:00'), 5)).toEqual(vn('2026-03-16', '08:00'));
  });

  it('reminds a quarter of the deadline ahead for long ones, skipping holidays', () => {
    // 8 working days: two left. Due Monday 23 February 2026, the day before is Friday 13 (Tết).
    expect(reminderTime(cal, vn('2026-02-23', '17:00'), 8)).toEqual(vn('2026-02-13', '08:00'));
    // 15 working days: three left.
    expect(reminderTime(cal, vn('2026-03-20', '17:00'), 15)).toEqual(vn('2026-03-18', '08:00'));
  });

  it('always falls after the submission and before the deadline', () => {
    for (const n of [1, 2, 3, 5, 8, 15, 30]) {
      const from = vn('2026-02-12', '16:30');
      const due = addWorkingDays(cal, from, n);
      const remind = reminderTime(cal, due, n);
      expect(remind, String(n)).not.toBeNull();
      expect(remind!.getTime()).toBeGreaterThan(from.getTime());
      expect(remind!.getTime()).toBeLessThan(due.getTime());
    }
  });

  it('has no separate reminder for a same-day deadline', () => {
    expect(reminderTime(cal, vn('2026-03-09', '17:00'), 0)).toBeNull();
  });
});
