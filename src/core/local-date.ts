/**
 * Calendar dates and wall-clock times in a time zone, without a date library.
 *
 * Deadlines, quarters and office hours are about the date a Vietnamese official sees on the
 * wall, not about UTC. Vietnam (Asia/Ho_Chi_Minh) is UTC+7 all year with no daylight saving, so
 * it takes a fast path; any other IANA zone goes through `Intl`, which is a language built-in
 * (no I/O, deterministic for a given instant), so `core/` stays pure.
 */

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = `${number}-${number}-${number}`;

/** The time zone of every commune in Vietnam. */
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const VIETNAM_OFFSET_MINUTES = 7 * 60;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** A wall-clock reading of an instant in a time zone. */
export interface LocalDateTime {
  readonly date: IsoDate;
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  readonly day: number;
  /** 0 = Sunday … 6 = Saturday, as `Date#getUTCDay`. */
  readonly weekday: number;
  readonly hour: number;
  readonly minute: number;
}

/** The calendar date of `instant` on the wall in `tz`. */
export function localDate(instant: Date, tz: string = VIETNAM_TIME_ZONE): IsoDate {
  return localDateTime(instant, tz).date;
}

/** The full wall-clock reading of `instant` in `tz`. */
export function localDateTime(instant: Date, tz: string = VIETNAM_TIME_ZONE): LocalDateTime {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('localDateTime: invalid Date');
  // Shift by the zone's offset, then read the UTC fields: they are the wall-clock fields.
  const shifted = new Date(ms + offsetMinutes(tz, ms) * MINUTE_MS);
  const year = shifted.getUTCFullYear();
  const month = shifted.getUTCMonth() + 1;
  const day = shifted.getUTCDate();
  return {
    date: formatIsoDate(year, month, day),
    year,
    month,
    day,
    weekday: shifted.getUTCDay(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}

/** The instant at which the wall clock in `tz` shows `date hour:minute`. */
export function instantAt(
  date: IsoDate,
  hour: number,
  minute: number,
  tz: string = VIETNAM_TIME_ZONE,
): Date {
  const { year, month, day } = parseIsoDate(date);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Guess with the offset at the wall time read as UTC, then correct once: enough for every
  // zone whose offset changes at most once within a day (and exact for Vietnam).
  const guess = wall - offsetMinutes(tz, wall) * MINUTE_MS;
  return new Date(wall - offsetMinutes(tz, guess) * MINUTE_MS);
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: IsoDate, days: number): IsoDate {
  const { year, month, day } = parseIsoDate(date);
  const d = new Date(Date.UTC(year, month - 1, day) + days * DAY_MS);
  return formatIsoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** True for a real calendar date written `YYYY-MM-DD` (so `2026-02-30` is false). */
export function isIsoDate(text: string): text is IsoDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Builds `YYYY-MM-DD` from numbers (month 1–12). */
export function formatIsoDate(year: number, month: number, day: number): IsoDate {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` as IsoDate;
}

function parseIsoDate(date: IsoDate): { year: number; month: number; day: number } {
  if (!isIsoDate(date)) throw new RangeError(`Not a date (YYYY-MM-DD): ${String(date)}`);
  const [y, m, d] = date.split('-');
  return { year: Number(y), month: Number(m), day: Number(d) };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes to add to UTC to get the wall clock of `tz` at `ms`. */
function offsetMinutes(tz: string, ms: number): number {
  if (tz === VIETNAM_TIME_ZONE) return VIETNAM_OFFSET_MINUTES;
  let fmt = formatters.get(tz);
  if (!fmt) {
    // Throws RangeError for an unknown zone: a configuration mistake, not an expected outcome.
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, fmt);
  }
  const whole = Math.floor(ms / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const p of fmt.formatToParts(new Date(whole))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(
    parts['year'] ?? 1970,
    (parts['month'] ?? 1) - 1,
    parts['day'] ?? 1,
    parts['hour'] ?? 0,
    parts['minute'] ?? 0,
    parts['second'] ?? 0,
  );
  return Math.round((asUtc - whole) / MINUTE_MS);
}

/** '2026-10-05' → "05/10/2026": how a date reads in Vietnam. */
export function formatIsoDateVi(date: IsoDate): string {
  return date.split('-').reverse().join('/');
}

/** An instant as "05/10/2026" on the wall in Vietnam. */
export function formatDateVi(instant: Date): string {
  return formatIsoDateVi(localDate(instant));
}

/** An instant as "05/10/2026 09:30" on the wall in Vietnam. */
export function formatDateTimeVi(instant: Date): string {
  const l = localDateTime(instant);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${formatIsoDateVi(l.date)} ${pad(l.hour)}:${pad(l.minute)}`;
}

/**
 * A day as people in Vietnam write it, dd/mm/yyyy (also d/m/yyyy, and with `.` or `-` between),
 * or `YYYY-MM-DD` as links carried it before forms took typed dates. `not-a-date` for text of
 * another shape, `no-such-day` for a day the calendar lacks (31/02/2026).
 */
export function parseDayMonthYear(
  text: string,
): { type: 'ok'; date: IsoDate } | { type: 'not-a-date' } | { type: 'no-such-day' } {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t))
    return isIsoDate(t) ? { type: 'ok', date: t } : { type: 'no-such-day' };
  const m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(t);
  if (!m) return { type: 'not-a-date' };
  const date = formatIsoDate(Number(m[4]), Number(m[3]), Number(m[1]));
  return isIsoDate(date) ? { type: 'ok', date } : { type: 'no-such-day' };
}

/**
 * A month as people in Vietnam write it, mm/yyyy (also m/yyyy, `.` or `-`), or `YYYY-MM` as
 * links carried it; undefined for anything else (a month 13 included).
 */
export function parseMonthYear(text: string): { year: number; month: number } | undefined {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{2})$/.exec(t);
  const vi = /^(\d{1,2})[/.-](\d{4})$/.exec(t);
  const [year, month] = iso
    ? [Number(iso[1]), Number(iso[2])]
    : vi
      ? [Number(vi[2]), Number(vi[1])]
      : [0, 0];
  return month >= 1 && month <= 12 && year >= 1900 ? { year, month } : undefined;
}
