/** How reports read to people: status names, kinds, dates. Vietnamese with diacritics. */
import type { Lang } from '../core/lang.ts';
import { formatDateTimeVi, formatDateVi } from '../core/local-date.ts';
import { REPORT_STATUSES, type ReportStatus } from '../core/report-status.ts';
import { submissionKind, isSubmissionKind } from '../core/submission-kinds.ts';

/** Each status in words, keyed by the status type: a new status must be named here. */
export const STATUS_LABELS: Readonly<Record<ReportStatus, Readonly<Record<Lang, string>>>> = {
  submitted: { vi: 'Đã tiếp nhận, chờ chuyển', en: 'Received, being forwarded' },
  routed: { vi: 'Mới, chờ tiếp nhận', en: 'Waiting for the commune leaders' },
  acknowledged: { vi: 'Đã tiếp nhận, đang xử lý', en: 'Accepted, being handled' },
  assigned: { vi: 'Đã giao cán bộ xử lý', en: 'Assigned to an official' },
  resolved: {
    vi: 'Đã có kết quả, chờ người dân xác nhận',
    en: 'Answered, waiting for your confirmation',
  },
  reopened: { vi: 'Được mở lại, đang xử lý', en: 'Reopened, being handled' },
  closed: { vi: 'Đã đóng', en: 'Closed' },
};

/** A status read from the database as words; an unknown one as it is stored. */
export function statusLabel(status: string, lang: Lang = 'vi'): string {
  return (REPORT_STATUSES as readonly string[]).includes(status)
    ? STATUS_LABELS[status as ReportStatus][lang]
    : status;
}

export function kindLabel(kind: string): string {
  return isSubmissionKind(kind) ? submissionKind(kind).nameVi : kind;
}

/** dd/mm/yyyy hh:mm in Vietnam's time. */
export const formatDateTime = formatDateTimeVi;

/** dd/mm/yyyy in Vietnam's time. */
export const formatDate = formatDateVi;

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
