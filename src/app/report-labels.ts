/** How reports read to people: status names, kinds, dates. Vietnamese with diacritics. */
import { localDateTime } from '../core/local-date.ts';
import { submissionKind, isSubmissionKind } from '../core/submission-kinds.ts';

export const STATUS_VI: Record<string, string> = {
  submitted: 'Đã tiếp nhận, chờ chuyển',
  routed: 'Mới, chờ tiếp nhận',
  acknowledged: 'Đã tiếp nhận, đang xử lý',
  assigned: 'Đã giao cán bộ xử lý',
  resolved: 'Đã có kết quả, chờ người dân xác nhận',
  reopened: 'Được mở lại, đang xử lý',
  closed: 'Đã đóng',
};

export function statusLabel(status: string): string {
  return STATUS_VI[status] ?? status;
}

export function kindLabel(kind: string): string {
  return isSubmissionKind(kind) ? submissionKind(kind).nameVi : kind;
}

/** dd/mm/yyyy hh:mm in Vietnam's time. */
export function formatDateTime(d: Date): string {
  const l = localDateTime(d);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(l.day)}/${p(l.month)}/${l.year} ${p(l.hour)}:${p(l.minute)}`;
}

export function formatDate(d: Date): string {
  return formatDateTime(d).slice(0, 10);
}

/** hh:mm in Vietnam's time. */
export function formatTime(d: Date): string {
  return formatDateTime(d).slice(11);
}

/** The start of a text on one line, at most `max` characters, cut at a word where it can be. */
export function summary(text: string, max: number): string {
  const flat = [...text.replace(/\s+/g, ' ').trim()];
  if (flat.length <= max) return flat.join('');
  const cut = flat.slice(0, max - 1).join('');
  const atWord = cut.replace(/\s+\S*$/, '');
  return `${[...atWord].length > max / 2 ? atWord : cut}…`;
}
