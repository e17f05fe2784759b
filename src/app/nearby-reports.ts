/**
 * How the open reports near a citizen's place are shown before they send the same problem
 * again: the category, how long ago, the status and about how far, one line each. Never the
 * words or the name of whoever sent it.
 */
import { localDate } from '../core/local-date.ts';
import type { NearbyReport } from './ports/followers.ts';
import { statusLabel } from '../texts/report.ts';

/** Whole local days from one instant's date to another's (Asia/Ho_Chi_Minh). */
function daysBetween(from: Date, to: Date): number {
  const day = (d: Date) => Date.parse(`${localDate(d)}T00:00:00Z`);
  return Math.round((day(to) - day(from)) / 86_400_000);
}

function ago(days: number, lang: 'vi' | 'en'): string {
  if (lang === 'en') return days === 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`;
  return days === 0 ? 'hôm nay' : days === 1 ? 'hôm qua' : `${days} ngày trước`;
}

/** Rounded so it reads as "about": 40 m, 150 m. */
function distance(m: number): string {
  return `${Math.max(10, Math.round(m / 10) * 10)} m`;
}

/** The run result of findNearby: `count`, the `list` shown in the prompt, the report ids. */
export function describeNearby(
  found: readonly NearbyReport[],
  categoryName: string,
  now: Date,
  lang: 'vi' | 'en',
): { count: number; list: string; reports: Array<{ id: number }> } {
  const lines = found.map((r, i) => {
    const days = Math.max(0, daysBetween(r.createdAt, now));
    // In the words of the report's status everywhere else (texts/report.ts), mid-line.
    const status = statusLabel(r.status, lang).toLowerCase();
    const number = found.length > 1 ? `${i + 1}. ` : '• ';
    return lang === 'en'
      ? `${number}${categoryName} · sent ${ago(days, lang)} · ${status} · about ${distance(r.distanceM)} away`
      : `${number}${categoryName} · gửi ${ago(days, lang)} · ${status} · cách khoảng ${distance(r.distanceM)}`;
  });
  return { count: found.length, list: lines.join('\n'), reports: found.map((r) => ({ id: r.id })) };
}
