/**
 * Submitting a report: the one way a report enters gopy, from the chat flow (the submitReport
 * action) and from Open311 (POST requests.json) alike. It checks what every channel must respect
 * (a known current commune, an active category, a description of sensible length, the rules of
 * each kind), computes the deadline, commits the report with its ticket code, and only then
 * hands it to routing. A retried submit with the same key finds the report already committed.
 */
import { describeDeadline, reportDeadline, type ReportDeadline } from '../core/report-deadline.ts';
import { localDateTime } from '../core/local-date.ts';
import { formatDuration } from '../core/vi-text.ts';
import { MAY_BE_PUBLIC_KINDS } from '../core/public-reports.ts';
import { submissionKind, type SubmissionKind } from '../core/submission-kinds.ts';
import { TICKET_PREFIXES } from '../core/ticket-code.ts';
import type { WorkingDayCalendar } from '../core/working-days.ts';
import type { Categories } from './ports/categories.ts';
import type { CitizenIdentity, CitizenRegistry } from './ports/citizens.ts';
import type { NewReport, ReportSubmission } from './ports/citizen-reports.ts';
import type { UnitRecord } from './ports/units.ts';

/** The shortest and longest description any channel accepts (the chat flow asks for 10–2,000). */
export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 4000;

export interface SubmitReportDeps {
  citizens: Pick<CitizenRegistry, 'ensure'>;
  reports: ReportSubmission;
  categories: Pick<Categories, 'listActive'>;
  units: { get(code: string): Promise<UnitRecord | undefined> };
  calendar: WorkingDayCalendar;
  /** Called after a report is committed; must not throw (the sweep covers a failure). */
  onReportCommitted: (reportId: number) => Promise<void>;
}

export interface SubmitReportInput {
  /** The same key twice gives one report (a conversation run, an Open311 client's request). */
  submissionKey: string;
  citizen: CitizenIdentity;
  kind: SubmissionKind;
  unitCode: string;
  categoryCode: string;
  text: string;
  latitude?: number;
  longitude?: number;
  address?: string;
  /** Hide the citizen from officials (never for a tố cáo, whose denouncer is sealed anyway). */
  anonymous: boolean;
  /** The citizen agreed to publish the report (only góp ý, phản ánh, kiến nghị can be). */
  isPublic: boolean;
  contactPhone?: string;
  complainant?: { fullName: string; homeAddress: string };
  photos: NewReport['photos'];
  /**
   * A voice note as the description: `text` is then ignored and the report's text says that
   * the content is the recording (what every list, digest and alert shows).
   */
  voice?: NewReport['voice'] & { durationSeconds: number };
  flowId: string;
  flowVersion: number;
  /** Recorded on the report's `submitted` event (e.g. which Open311 client sent it). */
  origin?: Record<string, string | number>;
  now: Date;
  lang: 'vi' | 'en';
}

export type SubmitReportRejection =
  'unknown-unit' | 'unknown-category' | 'description-too-short' | 'description-too-long';

export type SubmitReportResult =
  | {
      type: 'submitted';
      id: number;
      ticketCode: string;
      dueAt: Date;
      deadline: ReportDeadline;
      /** "5 ngày làm việc" in the citizen's language. */
      deadlineText: string;
      /** False when the same submission key had already committed it. */
      created: boolean;
      unit: UnitRecord;
    }
  | { type: 'rejected'; reason: SubmitReportRejection };

export type SubmitReport = (input: SubmitReportInput) => Promise<SubmitReportResult>;

export function createSubmitReport(deps: SubmitReportDeps): SubmitReport {
  return async (input) => {
    const unit = await deps.units.get(input.unitCode);
    if (!unit) return { type: 'rejected', reason: 'unknown-unit' };
    const category = (await deps.categories.listActive()).find(
      (c) => c.code === input.categoryCode,
    );
    if (!category) return { type: 'rejected', reason: 'unknown-category' };
    const text = input.voice ? voiceDescription(input.voice.durationSeconds) : input.text.trim();
    const length = [...text].length;
    if (length < DESCRIPTION_MIN) return { type: 'rejected', reason: 'description-too-short' };
    if (length > DESCRIPTION_MAX) return { type: 'rejected', reason: 'description-too-long' };

    const kind = input.kind;
    const deadline = reportDeadline(deps.calendar, kind, category.deadlineDays, input.now);
    const year = localDateTime(input.now).year;
    // A tố cáo is never anonymous (the law does not handle one as such); its denouncer is
    // sealed from every official instead. A khiếu nại must carry a name: not anonymous either.
    const anonymous = input.anonymous && !submissionKind(kind).handling.requiresIdentity;
    const citizen = await deps.citizens.ensure(input.citizen, input.now);
    const report = await deps.reports.submit({
      submissionKey: input.submissionKey,
      citizenId: citizen.id,
      // The current unit: a code of a merged commune reaches its successor.
      unitCode: unit.code,
      categoryCode: category.code,
      kind,
      text,
      ...(input.latitude !== undefined && input.longitude !== undefined
        ? { latitude: input.latitude, longitude: input.longitude }
        : {}),
      ...(input.address ? { address: input.address } : {}),
      anonymous,
      isPublic: input.isPublic && MAY_BE_PUBLIC_KINDS.includes(kind),
      contactPhone: anonymous ? undefined : input.contactPhone,
      ...(submissionKind(kind).handling.requiresIdentity && input.complainant
        ? { complainant: input.complainant }
        : {}),
      ...(input.origin ? { origin: input.origin } : {}),
      photos: input.photos,
      ...(input.voice
        ? {
            voice: {
              fileId: input.voice.fileId,
              ...(input.voice.fileUniqueId !== undefined
                ? { fileUniqueId: input.voice.fileUniqueId }
                : {}),
              ...(input.voice.size !== undefined ? { size: input.voice.size } : {}),
              ...(input.voice.mimeType !== undefined ? { mimeType: input.voice.mimeType } : {}),
            },
          }
        : {}),
      flowId: input.flowId,
      flowVersion: input.flowVersion,
      dueAt: deadline.dueAt,
      ticketPrefix: TICKET_PREFIXES[kind],
      year,
    });
    if (report.created) await deps.onReportCommitted(report.id);
    return {
      type: 'submitted',
      id: report.id,
      ticketCode: report.ticketCode,
      dueAt: report.dueAt,
      deadline,
      deadlineText: describeDeadline(deadline, input.lang),
      created: report.created,
      unit,
    };
  };
}

/** The text of a report told by voice, in the officials' language: the sound is the content. */
export function voiceDescription(durationSeconds: number): string {
  return `🎤 Nội dung gửi bằng ghi âm (dài ${formatDuration(durationSeconds)}), xin nghe tin nhắn thoại kèm theo.`;
}
