/**
 * When the commune must answer a report. Phản ánh and kiến nghị follow the category's deadline
 * in working days (the commune's own rule); khiếu nại and tố cáo follow their laws' statutory
 * time, counted in calendar days from acceptance. Either way the deadline falls at the end of
 * office hours on its last day.
 */
import { addDays, instantAt, localDate } from './local-date.ts';
import { submissionKind, type SubmissionKind } from './submission-kinds.ts';
import {
  OFFICE_CLOSING_HOUR,
  addWorkingDays,
  shiftWorkingDays,
  type WorkingDayCalendar,
} from './working-days.ts';

export interface ReportDeadline {
  dueAt: Date;
  days: number;
  counting: 'working' | 'calendar';
  /** The law that sets it, for statutory deadlines. */
  law?: string;
}

export function reportDeadline(
  calendar: WorkingDayCalendar,
  kind: SubmissionKind,
  categoryDeadlineDays: number,
  now: Date,
): ReportDeadline {
  const legal = submissionKind(kind).legal;
  if (legal) {
    const dueAt = instantAt(addDays(localDate(now), legal.deadlineDays), OFFICE_CLOSING_HOUR, 0);
    return { dueAt, days: legal.deadlineDays, counting: 'calendar', law: legal.law };
  }
  return {
    dueAt: addWorkingDays(calendar, now, categoryDeadlineDays),
    days: categoryDeadlineDays,
    counting: 'working',
  };
}

/**
 * The event recorded when routing finds nobody at all for a report (it waits for the commune's
 * first official): it marks a report whose deadline counts from when it reached one.
 */
export const AWAITING_OFFICIAL_EVENT = 'awaitingOfficial';

/**
 * The deadline of a report that waited for the commune's first official (routing found nobody
 * and parked it): the time limit runs from receipt by the competent body, so it counts from
 * `receivedAt`, when the report reached an official, the same way as from a submission (working
 * days from the day of receipt, or the statute's calendar days). Never earlier than `dueAt`, the
 * date the citizen may already have been given. A kind without a deadline keeps what it has.
 */
export function deadlineOnReceipt(
  calendar: WorkingDayCalendar,
  report: { kind: SubmissionKind; dueAt: Date },
  categoryDeadlineDays: number,
  receivedAt: Date,
): Date {
  if (!submissionKind(report.kind).handling.hasDeadline) return report.dueAt;
  const counted = reportDeadline(calendar, report.kind, categoryDeadlineDays, receivedAt).dueAt;
  return counted > report.dueAt ? counted : report.dueAt;
}

/** "5 ngày làm việc" / "30 ngày (Luật Khiếu nại 2011 …)", for the citizen. */
export function describeDeadline(d: ReportDeadline, lang: 'vi' | 'en'): string {
  if (d.counting === 'working')
    return lang === 'vi' ? `${d.days} ngày làm việc` : `${d.days} working days`;
  return lang === 'vi'
    ? `${d.days} ngày, theo ${d.law ?? 'luật'}`
    : `${d.days} days, under ${d.law ?? 'the law'}`;
}

/**
 * The deadline after the one extension gopy allows. A phản ánh or kiến nghị gets its category's
 * working days once more, counted from the current deadline. A khiếu nại or tố cáo gets its
 * statutory time once more, but never past the law's longest term from acceptance (45 days for
 * a complaint, 90 for a denunciation): from when it reached an official (`routedAt`; a report
 * that waited for one counts from then, see deadlineOnReceipt), else from its submission.
 */
export function extendedDeadline(
  calendar: WorkingDayCalendar,
  report: { kind: SubmissionKind; dueAt: Date; createdAt: Date; routedAt?: Date | null },
  categoryDeadlineDays: number,
): Date {
  const legal = submissionKind(report.kind).legal;
  if (!legal) {
    // n working days after the day the deadline fell on, at the end of office hours.
    const day = shiftWorkingDays(
      calendar,
      localDate(report.dueAt),
      Math.max(1, categoryDeadlineDays),
    );
    return instantAt(day, OFFICE_CLOSING_HOUR, 0);
  }
  const endOf = (from: Date, days: number) =>
    instantAt(addDays(localDate(from), days), OFFICE_CLOSING_HOUR, 0);
  const longer = endOf(report.dueAt, legal.deadlineDays);
  const longest = endOf(report.routedAt ?? report.createdAt, legal.maxDeadlineDays);
  return longer < longest ? longer : longest;
}
