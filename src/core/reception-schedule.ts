/**
 * The chair's reception days (lịch tiếp công dân): which dates a rule gives, the time of each
 * turn, and when a citizen is reminded. Pure; the rules come from `gopy reception set`.
 *
 * A rule is weekly (`weekday`, 1 = Monday … 7 = Sunday) or for one `date`. A holiday of the
 * working-day calendar is never a reception day, whatever the rule says.
 */
import { addDays, weekdayOf, type IsoDate } from './local-date.ts';
import { calendarDayOf, shiftWorkingDays, type WorkingDayCalendar } from './working-days.ts';

export interface ReceptionRule {
  weekday: number | null;
  date: IsoDate | null;
  /** "HH:MM", Vietnam time. */
  startTime: string;
  endTime: string;
  slots: number;
  place: string | null;
}

/** How far ahead a citizen may book: four weeks, the usual span of a published schedule. */
export const BOOKING_HORIZON_DAYS = 28;

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since midnight of "HH:MM", or undefined when it is not a time of day. */
export function parseTimeOfDay(text: string): number | undefined {
  const m = HHMM.exec(text.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  return weekdayOf(date) || 7;
}

const WEEKDAYS_VI = ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật'];
const WEEKDAYS_EN = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** "Thứ Năm" for 1 … 7 (ISO). */
export function weekdayName(weekday: number, lang: 'vi' | 'en' = 'vi'): string {
  return (lang === 'en' ? WEEKDAYS_EN : WEEKDAYS_VI)[weekday - 1] ?? '';
}

/** Words a commune officer may type for a weekday: "thu5", "t5", "5", "thursday", "thu". */
export function parseWeekday(text: string): number | undefined {
  const t = text
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/[\s_-]/g, '');
  const numbered = /^(?:thu|t)?([2-7])$/.exec(t);
  if (numbered) return Number(numbered[1]) - 1;
  if (t === 'cn' || t === 'chunhat' || t === 'sunday' || t === 'sun') return 7;
  const en = WEEKDAYS_EN.findIndex(
    (d) => d.toLowerCase() === t || d.slice(0, 3).toLowerCase() === t,
  );
  return en >= 0 ? en + 1 : undefined;
}

/** "10/12/2026". */
export function formatDay(date: IsoDate): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

/** "Thứ Năm, 10/12/2026". */
export function describeDay(date: IsoDate, lang: 'vi' | 'en' = 'vi'): string {
  return `${weekdayName(isoWeekday(date), lang)}, ${formatDay(date)}`;
}

/** When turn `slotNo` (1-based) begins: the session cut into equal turns. */
export function slotStart(
  rule: Pick<ReceptionRule, 'startTime' | 'endTime' | 'slots'>,
  slotNo: number,
): string {
  const from = parseTimeOfDay(rule.startTime) ?? 0;
  const to = parseTimeOfDay(rule.endTime) ?? from;
  const length = Math.floor((to - from) / Math.max(rule.slots, 1));
  return hhmm(from + (slotNo - 1) * length);
}

/** The rule that makes `date` a reception day: a one-off date wins over the weekly rule. */
export function ruleFor(
  rules: readonly ReceptionRule[],
  calendar: WorkingDayCalendar,
  date: IsoDate,
): ReceptionRule | undefined {
  if (calendarDayOf(calendar, date)?.kind === 'holiday') return undefined;
  return (
    rules.find((r) => r.date === date) ??
    rules.find((r) => r.date === null && r.weekday === isoWeekday(date))
  );
}

/** Reception days from `first` on, `days` dates long, in order. */
export function receptionDates(
  rules: readonly ReceptionRule[],
  calendar: WorkingDayCalendar,
  first: IsoDate,
  days: number,
): Array<{ date: IsoDate; rule: ReceptionRule }> {
  const out: Array<{ date: IsoDate; rule: ReceptionRule }> = [];
  for (let i = 0; i < days; i++) {
    const date = addDays(first, i);
    const rule = ruleFor(rules, calendar, date);
    if (rule) out.push({ date, rule });
  }
  return out;
}

/**
 * The day a citizen is reminded of a booking on `date`: the working day before it, so a Monday
 * appointment is recalled on Friday, while the office can still answer a question about it.
 */
export function reminderDay(calendar: WorkingDayCalendar, date: IsoDate): IsoDate {
  return shiftWorkingDays(calendar, date, -1);
}
