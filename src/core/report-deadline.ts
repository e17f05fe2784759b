/**
 * When the commune must answer a report. Phản ánh and kiến nghị follow the category's deadline
 * in working days (the commune's own rule); khiếu nại and tố cáo follow their laws' statutory
 * time, counted in calendar days from acceptance. Either way the deadline falls at the end of
 * office hours on its last day.
 */
import { addDays, instantAt, localDate } from './local-date.ts';
import { submissionKind, type SubmissionKind } from './submission-kinds.ts';
import { OFFICE_CLOSING_HOUR, addWorkingDays, type WorkingDayCalendar } from './working-days.ts';

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

/** "5 ngày làm việc" / "30 ngày (Luật Khiếu nại 2011 …)", for the citizen. */
export function describeDeadline(d: ReportDeadline, lang: 'vi' | 'en'): string {
  if (d.counting === 'working')
    return lang === 'vi' ? `${d.days} ngày làm việc` : `${d.days} working days`;
  return lang === 'vi'
    ? `${d.days} ngày, theo ${d.law ?? 'luật'}`
    : `${d.days} days, under ${d.law ?? 'the law'}`;
}
