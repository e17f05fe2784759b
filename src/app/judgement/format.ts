/**
 * How the judgement's figures read in Vietnamese, for the pages, the PDF and the exports:
 * percentages with a decimal comma, dates dd/mm/yyyy in Vietnam's time. Formatted once, here.
 */
import type { ShareFigure } from '../../core/judgement-stats.ts';
import { localDateTime, type IsoDate } from '../../core/local-date.ts';

/** 0.753 → "75,3 %" */
export function formatPercent(share: number): string {
  return `${(Math.round(share * 1000) / 10).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} %`;
}

/** "75,3 %", or "chưa đủ ý kiến" / "chưa có ý kiến". */
export function formatShare(f: ShareFigure): string {
  if (f.type === 'shown') return formatPercent(f.share);
  return f.n === 0 ? 'chưa có ý kiến' : 'chưa đủ ý kiến';
}

/** "61,2–86,0 %", or "—". */
export function formatInterval(f: ShareFigure): string {
  if (f.type !== 'shown') return '—';
  const p = (x: number) =>
    (Math.round(x * 1000) / 10).toLocaleString('vi-VN', { maximumFractionDigits: 1 });
  return `${p(f.interval.low)}–${p(f.interval.high)} %`;
}

/** '2026-10-05' → "05/10/2026" */
export function formatIsoDateVi(date: IsoDate): string {
  return date.split('-').reverse().join('/');
}

/** An instant as "05/10/2026" in Vietnam. */
export function formatDateVi(instant: Date): string {
  return formatIsoDateVi(localDateTime(instant).date);
}

/** An instant as "05/10/2026 09:30" in Vietnam. */
export function formatDateTimeVi(instant: Date): string {
  const l = localDateTime(instant);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${formatIsoDateVi(l.date)} ${pad(l.hour)}:${pad(l.minute)}`;
}

/** 2.5 → "2,5" (one decimal), null → "—". */
export function formatDecimal(x: number | null): string {
  return x === null
    ? '—'
    : x.toLocaleString('vi-VN', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
}
