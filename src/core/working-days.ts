import { z } from 'zod';
import { AppError } from './errors.ts';
import {
  addDays,
  instantAt,
  isIsoDate,
  localDate,
  localDateTime,
  VIETNAM_TIME_ZONE,
  weekdayOf,
  type IsoDate,
} from './local-date.ts';

/**
 * Vietnam's working-day calendar for the civil service: Monday–Friday, minus public holidays
 * and Tết, plus the official make-up working days (ngày làm bù, usually a Saturday traded for a
 * weekday that joins a holiday to a weekend).
 *
 * Deadlines for reports are counted in these working days (Bộ luật Lao động 2019, Art. 111–112
 * for the holidays; each year the Prime Minister approves the Ministry of Home Affairs' plan for
 * Tết and the swaps). The table is data: a commune or a province appends its own entries and a
 * later entry for a date replaces an earlier one.
 */

/** `holiday` closes an office on that date; `workday` opens it (a make-up Saturday, or a cancelled holiday). */
export type CalendarDayKind = 'holiday' | 'workday';

/** One exception to the Monday–Friday week. */
export interface CalendarDay {
  readonly date: IsoDate;
  readonly kind: CalendarDayKind;
  /** Shown to people, in Vietnamese: "Tết Nguyên đán", "Làm bù cho thứ Sáu 02/05". */
  readonly name: string;
  /**
   * `official`: in a law or a government decision. `estimate`: our best guess when no decision
   * was published yet; the commune should check it and override it if it differs.
   */
  readonly source?: 'official' | 'estimate';
}

/** Validates calendar entries that come from outside (admin input, a YAML or JSON file). */
export const calendarDaySchema = z.object({
  date: z.custom<IsoDate>((v) => typeof v === 'string' && isIsoDate(v), {
    message: 'expected a real date written YYYY-MM-DD',
  }),
  kind: z.enum(['holiday', 'workday']),
  name: z.string().trim().min(1),
  source: z.enum(['official', 'estimate']).optional(),
});

/** A built calendar. Create it with {@link createCalendar}; treat it as opaque. */
export interface WorkingDayCalendar {
  readonly days: ReadonlyMap<IsoDate, CalendarDay>;
  /** Years for which the calendar has entries; outside them only weekends are known. */
  readonly years: ReadonlySet<number>;
}

/** A calendar entry is malformed. Validate outside input with `calendarDaySchema` first. */
export class CalendarDataError extends AppError {
  constructor(message: string) {
    super('calendar_data', message);
  }
}

/** The hour (local time) at which a deadline falls due: the end of office hours. */
export const OFFICE_CLOSING_HOUR = 17;
/** The hour (local time) at which offices open; reminders are sent then. */
export const OFFICE_OPENING_HOUR = 8;

const h = (date: string, name: string, source: 'official' | 'estimate'): CalendarDay => ({
  date: date as IsoDate,
  kind: 'holiday',
  name,
  source,
});
const w = (date: string, name: string, source: 'official' | 'estimate'): CalendarDay => ({
  date: date as IsoDate,
  kind: 'workday',
  name,
  source,
});

/**
 * Public holidays and make-up days for 2025–2027, weekdays only (a holiday on a weekend shows
 * up as its compensatory day, nghỉ bù, on the next working day, Bộ luật Lao động Art. 111(3)).
 *
 * Official (announced decisions):
 * - 2025: Tết Dương lịch 1/1; Tết Ất Tỵ off Sat 25/1 – Sun 2/2; Giỗ Tổ Mon 7/4; 30/4–1/5 with
 *   Fri 2/5 swapped for Sat 26/4 (5 days off 30/4–4/5); Quốc khánh Mon 1/9 – Tue 2/9.
 * - 2026: Tết Dương lịch Thu 1/1 with Fri 2/1 swapped for Sat 10/1 (VPCP letter 12729/VPCP-KGVX,
 *   25/12/2025); Tết Bính Ngọ off Sat 14/2 – Sun 22/2 (Prime Minister's approval, October 2025);
 *   Giỗ Tổ falls on Sun 26/4, so Mon 27/4 is off; 30/4 Thu, 1/5 Fri; Quốc khánh off Sat 29/8 –
 *   Wed 2/9 (approved with the Tết plan). Which Saturday makes up for Mon 31/8/2026 had not been
 *   published when this table was written: add it as a `workday` when it is.
 * - 2027, fixed by law: 1/1 Fri; 30/4 Fri; 1/5 is a Saturday, so Mon 3/5 is off; 2/9 Thu.
 *
 * Estimates (check against the 2027 decisions and override):
 * - Tết Đinh Mùi 2027 (mùng 1 = Sat 6/2/2027): five weekdays off assumed Thu 4/2 – Wed 10/2.
 * - Giỗ Tổ 2027 (10/3 lunar): Fri 16/4/2027.
 * - Quốc khánh 2027: the second day assumed Fri 3/9 (the law allows 1/9 or 3/9).
 *
 * Not included: Ngày Văn hóa Việt Nam (24/11), which Nghị quyết 80-NQ/TW (January 2026) wants
 * as a paid holiday; it needs an amendment of Bộ luật Lao động Art. 112 first. Add it when the
 * amendment takes effect.
 */
export const DEFAULT_CALENDAR_DAYS: readonly CalendarDay[] = Object.freeze([
  // 2025
  h('2025-01-01', 'Tết Dương lịch', 'official'),
  h('2025-01-27', 'Tết Nguyên đán', 'official'),
  h('2025-01-28', 'Tết Nguyên đán', 'official'),
  h('2025-01-29', 'Tết Nguyên đán', 'official'),
  h('2025-01-30', 'Tết Nguyên đán', 'official'),
  h('2025-01-31', 'Tết Nguyên đán', 'official'),
  h('2025-04-07', 'Giỗ Tổ Hùng Vương', 'official'),
  w('2025-04-26', 'Làm bù cho thứ Sáu 02/05', 'official'),
  h('2025-04-30', 'Ngày Chiến thắng', 'official'),
  h('2025-05-01', 'Ngày Quốc tế Lao động', 'official'),
  h('2025-05-02', 'Nghỉ hoán đổi (làm bù thứ Bảy 26/04)', 'official'),
  h('2025-09-01', 'Quốc khánh', 'official'),
  h('2025-09-02', 'Quốc khánh', 'official'),
  // 2026
  h('2026-01-01', 'Tết Dương lịch', 'official'),
  h('2026-01-02', 'Nghỉ hoán đổi (làm bù thứ Bảy 10/01)', 'official'),
  w('2026-01-10', 'Làm bù cho thứ Sáu 02/01', 'official'),
  h('2026-02-16', 'Tết Nguyên đán', 'official'),
  h('2026-02-17', 'Tết Nguyên đán', 'official'),
  h('2026-02-18', 'Tết Nguyên đán', 'official'),
  h('2026-02-19', 'Tết Nguyên đán', 'official'),
  h('2026-02-20', 'Tết Nguyên đán', 'official'),
  h('2026-04-27', 'Nghỉ bù Giỗ Tổ Hùng Vương (Chủ nhật 26/04)', 'official'),
  h('2026-04-30', 'Ngày Chiến thắng', 'official'),
  h('2026-05-01', 'Ngày Quốc tế Lao động', 'official'),
  h('2026-08-31', 'Nghỉ hoán đổi dịp Quốc khánh', 'official'),
  h('2026-09-01', 'Quốc khánh', 'official'),
  h('2026-09-02', 'Quốc khánh', 'official'),
  // 2027
  h('2027-01-01', 'Tết Dương lịch', 'official'),
  h('2027-02-04', 'Tết Nguyên đán', 'estimate'),
  h('2027-02-05', 'Tết Nguyên đán', 'estimate'),
  h('2027-02-08', 'Tết Nguyên đán', 'estimate'),
  h('2027-02-09', 'Tết Nguyên đán', 'estimate'),
  h('2027-02-10', 'Tết Nguyên đán', 'estimate'),
  h('2027-04-16', 'Giỗ Tổ Hùng Vương', 'estimate'),
  h('2027-04-30', 'Ngày Chiến thắng', 'official'),
  h('2027-05-03', 'Nghỉ bù Ngày Quốc tế Lao động (thứ Bảy 01/05)', 'official'),
  h('2027-09-02', 'Quốc khánh', 'official'),
  h('2027-09-03', 'Quốc khánh', 'estimate'),
]);

/**
 * Builds a calendar from exceptions to the Monday–Friday week. For a date listed more than
 * once, the last entry wins, so `createCalendar([...DEFAULT_CALENDAR_DAYS, ...communeDays])`
 * lets a commune correct an estimate or cancel a holiday (`kind: 'workday'` on that date).
 *
 * @throws CalendarDataError for a date that is not a real `YYYY-MM-DD` or an empty name.
 */
export function createCalendar(days: ReadonlyArray<CalendarDay>): WorkingDayCalendar {
  const map = new Map<IsoDate, CalendarDay>();
  const years = new Set<number>();
  for (const day of days) {
    if (!isIsoDate(day.date)) {
      throw new CalendarDataError(`Calendar entry "${day.name}": not a date: ${String(day.date)}`);
    }
    if (day.kind !== 'holiday' && day.kind !== 'workday') {
      throw new CalendarDataError(`Calendar entry ${day.date}: unknown kind ${String(day.kind)}`);
    }
    if (day.name.trim() === '') {
      throw new CalendarDataError(`Calendar entry ${day.date}: the name is empty`);
    }
    map.set(day.date, Object.freeze({ ...day }));
    years.add(Number(day.date.slice(0, 4)));
  }
  return Object.freeze({ days: map, years });
}

/** The built-in calendar for 2025–2027. */
export const DEFAULT_CALENDAR: WorkingDayCalendar = createCalendar(DEFAULT_CALENDAR_DAYS);

/**
 * Whether offices work on `date`. A `Date` is read on the wall clock of `tz`; a string is a
 * calendar date.
 */
export function isWorkingDay(
  cal: WorkingDayCalendar,
  date: Date | IsoDate,
  tz: string = VIETNAM_TIME_ZONE,
): boolean {
  const d = toIsoDate(date, tz);
  const entry = cal.days.get(d);
  if (entry) return entry.kind === 'workday';
  const wd = weekdayOf(d);
  return wd !== 0 && wd !== 6;
}

/** The holiday or make-up entry for `date`, if the calendar has one (for "closed for Tết"). */
export function calendarDayOf(
  cal: WorkingDayCalendar,
  date: Date | IsoDate,
  tz: string = VIETNAM_TIME_ZONE,
): CalendarDay | undefined {
  return cal.days.get(toIsoDate(date, tz));
}

/** Whether the calendar knows the holidays of `year`; beyond it, only weekends are skipped. */
export function coversYear(cal: WorkingDayCalendar, year: number): boolean {
  return cal.years.has(year);
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(cal: WorkingDayCalendar, date: IsoDate): IsoDate {
  return shiftWorkingDays(cal, date, 1);
}

/**
 * The working day `n` working days after (`n > 0`) or before (`n < 0`) `date`, not counting
 * `date` itself. `n = 0` returns `date` unchanged, working day or not.
 */
export function shiftWorkingDays(cal: WorkingDayCalendar, date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n))
    throw new RangeError(`shiftWorkingDays: n must be an integer, got ${n}`);
  const step = n < 0 ? -1 : 1;
  let d = date;
  for (let left = Math.abs(n); left > 0;) {
    d = addDays(d, step);
    if (isWorkingDay(cal, d)) left--;
  }
  return d;
}

/**
 * When a report submitted at `from` with a deadline of `n` working days falls due.
 *
 * The rule: a report is received (tiếp nhận) on the day it arrives if that is a working day and
 * it arrives before 17:00 local time; otherwise it is received on the next working day (the office
 * is closed). Day 1 is the first working day after the day of receipt, and the deadline is 17:00
 * (end of office hours) on day `n`. So a 1-day report sent on a working Monday at 10:00 is due
 * Tuesday 17:00; one sent on Monday at 18:00 is received Tuesday and due Wednesday 17:00; one sent
 * on a Friday afternoon before a Monday holiday is due on Tuesday. `n = 0` means the end of the day
 * of receipt.
 */
export function addWorkingDays(
  cal: WorkingDayCalendar,
  from: Date,
  n: number,
  tz: string = VIETNAM_TIME_ZONE,
): Date {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`addWorkingDays: n must be a whole number ≥ 0, got ${n}`);
  }
  const receipt = receiptDate(cal, from, tz);
  return instantAt(shiftWorkingDays(cal, receipt, n), OFFICE_CLOSING_HOUR, 0, tz);
}

/**
 * The working day on which a submission at `instant` counts as received: that day if offices
 * are open and it is before 17:00, else the next working day.
 */
export function receiptDate(
  cal: WorkingDayCalendar,
  instant: Date,
  tz: string = VIETNAM_TIME_ZONE,
): IsoDate {
  const local = localDateTime(instant, tz);
  const inOfficeDay = isWorkingDay(cal, local.date) && local.hour < OFFICE_CLOSING_HOUR;
  return inOfficeDay ? local.date : nextWorkingDay(cal, local.date);
}

/**
 * The number of working days after `from`'s date up to and including `to`'s date (negative
 * when `to` is earlier). Counts dates, not office hours: from a working Monday to the Friday of
 * that week is 4; from a due date to today, it says how many working days a report is late.
 */
export function workingDaysBetween(
  cal: WorkingDayCalendar,
  from: Date | IsoDate,
  to: Date | IsoDate,
  tz: string = VIETNAM_TIME_ZONE,
): number {
  const a = toIsoDate(from, tz);
  const b = toIsoDate(to, tz);
  if (a === b) return 0;
  const [lo, hi, sign] = a < b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let d = addDays(lo, 1); d <= hi; d = addDays(d, 1)) {
    if (isWorkingDay(cal, d)) count++;
  }
  return sign * count;
}

/**
 * When to remind the official of a report due at `due` with a deadline of `deadlineDays`
 * working days: at the opening of offices (08:00 local) with a quarter of the deadline left,
 * and at least one full working day, so a 1–7 day deadline reminds on the morning of the due
 * day, a 15-day deadline three working days before it. Returns `null` for a same-day deadline
 * (`deadlineDays` 0), where the alert itself is the reminder.
 */
export function reminderTime(
  cal: WorkingDayCalendar,
  due: Date,
  deadlineDays: number,
  tz: string = VIETNAM_TIME_ZONE,
): Date | null {
  if (!Number.isInteger(deadlineDays) || deadlineDays < 0) {
    throw new RangeError(
      `reminderTime: deadlineDays must be a whole number ≥ 0, got ${deadlineDays}`,
    );
  }
  if (deadlineDays === 0) return null;
  const daysLeft = Math.max(1, Math.floor(deadlineDays / 4));
  const dueDate = localDate(due, tz);
  // With k working days left, the reminder opens the k-th last working day (the due day is 1).
  const day = shiftWorkingDays(cal, dueDate, -(daysLeft - 1));
  return instantAt(day, OFFICE_OPENING_HOUR, 0, tz);
}

function toIsoDate(date: Date | IsoDate, tz: string): IsoDate {
  if (typeof date !== 'string') return localDate(date, tz);
  if (!isIsoDate(date)) throw new RangeError(`Not a date (YYYY-MM-DD): ${String(date)}`);
  return date;
}
