/**
 * The periods a judgement is read over (a month, a quarter, a year, or custom dates), as
 * instants on Vietnam's wall clock: a quarter starts at 00:00 in Hà Nội, which is 17:00 UTC
 * the day before. Bounds are half-open, `[start, end)`, so consecutive periods never count a
 * rating twice.
 */
import {
  addDays,
  formatIsoDate,
  instantAt,
  isIsoDate,
  localDateTime,
  VIETNAM_TIME_ZONE,
  type IsoDate,
} from './local-date.ts';

export type Period =
  | { readonly type: 'month'; readonly year: number; /** 1–12 */ readonly month: number }
  | { readonly type: 'quarter'; readonly year: number; readonly quarter: 1 | 2 | 3 | 4 }
  | { readonly type: 'year'; readonly year: number }
  /** From `from` to `to`, both days included. */
  | { readonly type: 'custom'; readonly from: IsoDate; readonly to: IsoDate };

export interface PeriodBounds {
  /** Inclusive. */
  readonly start: Date;
  /** Exclusive. */
  readonly end: Date;
}

/** A calendar month of a period, for trends. */
export interface MonthSlot {
  readonly year: number;
  readonly month: number;
  /** "10/2026" */
  readonly label: string;
  readonly start: Date;
  readonly end: Date;
}

export type PeriodParse =
  { readonly type: 'ok'; readonly period: Period } | { readonly type: 'invalid' };

const firstOfMonth = (year: number, month: number): IsoDate =>
  month > 12 ? formatIsoDate(year + 1, month - 12, 1) : formatIsoDate(year, month, 1);

/** The first and the day after the last local day of a period. */
function periodDays(p: Period): { first: IsoDate; afterLast: IsoDate } {
  switch (p.type) {
    case 'month':
      return { first: firstOfMonth(p.year, p.month), afterLast: firstOfMonth(p.year, p.month + 1) };
    case 'quarter': {
      const m = (p.quarter - 1) * 3 + 1;
      return { first: firstOfMonth(p.year, m), afterLast: firstOfMonth(p.year, m + 3) };
    }
    case 'year':
      return { first: formatIsoDate(p.year, 1, 1), afterLast: formatIsoDate(p.year + 1, 1, 1) };
    case 'custom':
      return { first: p.from, afterLast: addDays(p.to, 1) };
  }
}

/** The instants a period spans on the wall clock of `tz` (Vietnam by default). */
export function periodBounds(p: Period, tz: string = VIETNAM_TIME_ZONE): PeriodBounds {
  const { first, afterLast } = periodDays(p);
  return { start: instantAt(first, 0, 0, tz), end: instantAt(afterLast, 0, 0, tz) };
}

/** The month, quarter or year `now` falls in, on Vietnam's wall clock. */
export function currentPeriod(
  type: 'month' | 'quarter' | 'year',
  now: Date,
  tz: string = VIETNAM_TIME_ZONE,
): Period {
  const local = localDateTime(now, tz);
  switch (type) {
    case 'month':
      return { type, year: local.year, month: local.month };
    case 'quarter':
      return { type, year: local.year, quarter: Math.ceil(local.month / 3) as 1 | 2 | 3 | 4 };
    case 'year':
      return { type, year: local.year };
  }
}

/**
 * Reads a period as written in a URL or a command: `2026-10` (month), `2026-Q4` (quarter),
 * `2026` (year), `2026-10-01..2026-10-15` (custom, both days included).
 */
export function parsePeriod(text: string): PeriodParse {
  const t = text.trim();
  let m = /^(\d{4})$/.exec(t);
  if (m) return ok({ type: 'year', year: Number(m[1]) });
  m = /^(\d{4})-Q([1-4])$/i.exec(t);
  if (m) return ok({ type: 'quarter', year: Number(m[1]), quarter: Number(m[2]) as 1 | 2 | 3 | 4 });
  m = /^(\d{4})-(\d{2})$/.exec(t);
  if (m) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? ok({ type: 'month', year: Number(m[1]), month }) : invalid;
  }
  m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(t);
  if (m && isIsoDate(m[1] ?? '') && isIsoDate(m[2] ?? '')) {
    return customPeriod(m[1] as IsoDate, m[2] as IsoDate);
  }
  return invalid;
}

/** A custom period; invalid when `to` is before `from`. */
export function customPeriod(from: IsoDate, to: IsoDate): PeriodParse {
  return from <= to ? ok({ type: 'custom', from, to }) : invalid;
}

/** The inverse of `parsePeriod`, for links. */
export function formatPeriod(p: Period): string {
  switch (p.type) {
    case 'month':
      return `${p.year}-${String(p.month).padStart(2, '0')}`;
    case 'quarter':
      return `${p.year}-Q${p.quarter}`;
    case 'year':
      return String(p.year);
    case 'custom':
      return `${p.from}..${p.to}`;
  }
}

/** "Tháng 10/2026", "Quý 4/2026", "Năm 2026", "01/10/2026 – 15/10/2026". */
export function periodLabel(p: Period): string {
  const dmy = (d: IsoDate) => d.split('-').reverse().join('/');
  switch (p.type) {
    case 'month':
      return `Tháng ${p.month}/${p.year}`;
    case 'quarter':
      return `Quý ${p.quarter}/${p.year}`;
    case 'year':
      return `Năm ${p.year}`;
    case 'custom':
      return `${dmy(p.from)} – ${dmy(p.to)}`;
  }
}

/** The calendar months a period touches, in order (a custom period's ends are clipped). */
export function monthsOf(p: Period, tz: string = VIETNAM_TIME_ZONE): MonthSlot[] {
  const bounds = periodBounds(p, tz);
  const { first, afterLast } = periodDays(p);
  const out: MonthSlot[] = [];
  let year = Number(first.slice(0, 4));
  let month = Number(first.slice(5, 7));
  while (firstOfMonth(year, month) < afterLast) {
    const start = instantAt(firstOfMonth(year, month), 0, 0, tz);
    const end = instantAt(firstOfMonth(year, month + 1), 0, 0, tz);
    out.push({
      year,
      month,
      label: `${String(month).padStart(2, '0')}/${year}`,
      start: start < bounds.start ? bounds.start : start,
      end: end > bounds.end ? bounds.end : end,
    });
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return out;
}

const ok = (period: Period): PeriodParse => ({ type: 'ok', period });
const invalid: PeriodParse = { type: 'invalid' };
