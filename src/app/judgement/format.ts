/**
 * How the judgement's figures read in Vietnamese, for the pages, the PDF and the exports:
 * percentages with a decimal comma (dates: core/local-date.ts). Formatted once, here.
 */
import type { ShareFigure } from '../../core/judgement-stats.ts';

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

/** 2.5 → "2,5" (one decimal), null → "—". */
export function formatDecimal(x: number | null): string {
  return x === null
    ? '—'
    : x.toLocaleString('vi-VN', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
}
