/**
 * How the judgement's figures read in Vietnamese, for the pages, the PDF and the exports:
 * percentages with a decimal comma (dates: core/local-date.ts). Formatted once, here.
 */
import type { ShareFigure } from '../../core/judgement-stats.ts';

/** 0.753 → "75,3 %" */
export function formatPercent(share: number): string {
  return `${(Math.round(share * 1000) / 10).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} %`;
}

/**
 * How a share of reports (answered on time, reopened) reads when there is none to count yet:
 * these count reports, not opinions, so "chưa có ý kiến" would say something untrue.
 */
export const NO_REPORTS_YET = 'chưa có';

/**
 * "75,3 %", or "chưa đủ ý kiến" / "chưa có ý kiến"; `none` replaces the latter for a share
 * that counts something other than opinions (NO_REPORTS_YET).
 */
export function formatShare(f: ShareFigure, none = 'chưa có ý kiến'): string {
  if (f.type === 'shown') return formatPercent(f.share);
  return f.n === 0 ? none : 'chưa đủ ý kiến';
}

/** "61,2–86,0 %", or "—". */
export function formatInterval(f: ShareFigure): string {
  if (f.type !== 'shown') return '—';
  const p = (x: number) =>
    (Math.round(x * 1000) / 10).toLocaleString('vi-VN', { maximumFractionDigits: 1 });
  return `${p(f.interval.low)}–${p(f.interval.high)} %`;
}

/** 2.5 → "2,5" (one decimal), null → "—". */
export function formatDecimal(x: number | null): string {
  return x === null
    ? '—'
    : x.toLocaleString('vi-VN', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
}
