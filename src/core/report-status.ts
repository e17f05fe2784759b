import { assertNever } from './assert-never.ts';
import { isIsoDate, localDate, VIETNAM_TIME_ZONE, type IsoDate } from './local-date.ts';
import type { PositionKind } from './positions.ts';
import { submissionKind, type SubmissionKind } from './submission-kinds.ts';

/**
 * The life of a report, as one pure function: given the report and a command, the new status and
 * the event to record, or why the command is refused.
 *
 * ```
 * submitted ─route→ routed ─acknowledge→ acknowledged ─assign→ assigned
 *                     ▲  (pass, escalate: back to routed for the new holder)      │
 *                     └───────────────────────────────────────────────────────────┤
 *        routed | acknowledged | assigned | reopened ─resolve→ resolved ─close→ closed (final)
 *                                                           └─reopen→ reopened
 * ```
 * A report closes only after an answer with a result type (and a photo for on-site categories),
 * because vague answers are what citizens complain about most. The citizen's "not resolved"
 * reopens it; the second reopen asks for escalation.
 */

export const REPORT_STATUSES = [
  'submitted',
  'routed',
  'acknowledged',
  'assigned',
  'resolved',
  'reopened',
  'closed',
] as const;

export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Statuses in which an official is expected to act (the deadline runs). */
export const OPEN_STATUSES: readonly ReportStatus[] = [
  'routed',
  'acknowledged',
  'assigned',
  'reopened',
];

/** What the machine needs to know about a report. Field names follow the `reports` table. */
export interface ReportSnapshot {
  readonly status: ReportStatus;
  readonly kind: SubmissionKind;
  /** The category is an on-site issue (Category.onSite): resolving needs an evidence photo. */
  readonly onSite: boolean;
  readonly reopenCount: number;
  /** Set once the deadline was extended; a report is extended at most once. */
  readonly extendedAt: Date | null;
  readonly escalationLevel: number;
  /** Who has it now; assigning it again to the same official changes nothing. */
  readonly assignedOfficialId?: number | null;
}

/** How an official settled a report. */
export type ResultType = 'resolved' | 'not-competent' | 'scheduled';

/** The citizen's answer to "was it resolved?" (`none`: closed without an answer). */
export type Verdict = 'yes' | 'partly' | 'no' | 'none';

export interface EvidenceItem {
  /** A voice note is an answer spoken, never proof of a fix: only a photo counts for that. */
  readonly kind: 'photo' | 'document' | 'voice';
  readonly fileId: string;
}

export type ReportCommand =
  /** `positionId` null: nobody in the commune, only its staff group is alerted. */
  | {
      readonly type: 'route';
      readonly positionId: number | null;
      readonly officialId?: number | null;
    }
  /**
   * The holder could not be reached (they blocked the bot): the report goes to the next
   * candidate while it still waits for someone to take it up (REROUTABLE_STATUSES).
   */
  | {
      readonly type: 'reroute';
      readonly fromOfficialId: number;
      readonly toOfficialId: number;
      readonly toPositionId: number;
      readonly reason: 'unreachable';
    }
  | { readonly type: 'acknowledge'; readonly officialId?: number | null }
  | { readonly type: 'assign'; readonly officialId: number; readonly positionId?: number | null }
  | {
      readonly type: 'resolve';
      readonly resultType: ResultType;
      /** What the citizen reads. */
      readonly answer: string;
      readonly evidence: readonly EvidenceItem[];
      /** For `not-competent`: the body the report is sent on to ("UBND tỉnh", "Công an xã"). */
      readonly target?: string | null;
      /** For `scheduled`: "will be resolved before" this date (local, YYYY-MM-DD). */
      readonly scheduledFor?: string | null;
    }
  | {
      readonly type: 'pass';
      readonly toPositionKind: PositionKind;
      readonly toPositionId?: number | null;
      readonly reason: string;
    }
  | { readonly type: 'extend'; readonly reason: string }
  | {
      readonly type: 'reopen';
      /** The citizen's words; may be empty when they only pressed "Chưa giải quyết". */
      readonly comment: string;
      readonly verdict?: 'partly' | 'no';
    }
  | { readonly type: 'close'; readonly verdict: Verdict }
  | { readonly type: 'escalate'; readonly reason: 'overdue' | 'reopened' | 'manual' }
  | { readonly type: 'remind' };

/** The settled result, as recorded. */
export type Resolution =
  | { readonly type: 'resolved' }
  | { readonly type: 'not-competent'; readonly target: string }
  | { readonly type: 'scheduled'; readonly date: IsoDate };

/** What happened, for the audit trail (`report_events.type` and `data`). */
export type ReportStatusEvent =
  | {
      readonly type: 'routed';
      readonly positionId: number | null;
      readonly officialId: number | null;
    }
  /** Recorded as `from`, `to` (official ids) and the reason. */
  | {
      readonly type: 'rerouted';
      readonly from: number;
      readonly to: number;
      readonly toPositionId: number;
      readonly reason: 'unreachable';
    }
  | { readonly type: 'acknowledged'; readonly officialId: number | null }
  | { readonly type: 'assigned'; readonly officialId: number; readonly positionId: number | null }
  | {
      readonly type: 'resolved';
      readonly result: Resolution;
      readonly answer: string;
      readonly evidence: readonly EvidenceItem[];
    }
  | {
      readonly type: 'passed';
      readonly toPositionKind: PositionKind;
      readonly toPositionId: number | null;
      readonly reason: string;
    }
  | { readonly type: 'extended'; readonly reason: string }
  | {
      readonly type: 'reopened';
      readonly comment: string;
      readonly verdict: 'partly' | 'no';
      /** How many times the report has now been reopened. */
      readonly reopenCount: number;
      /** Reopened twice or more: the citizen is not satisfied twice, escalate it now. */
      readonly escalationRequested: boolean;
    }
  | { readonly type: 'closed'; readonly verdict: Verdict }
  | {
      readonly type: 'escalated';
      readonly reason: 'overdue' | 'reopened' | 'manual';
      /** The new escalation level (previous + 1). */
      readonly level: number;
    }
  | { readonly type: 'reminded' };

export type RejectionReason =
  /** Closed is final; a citizen who still has the problem sends a new report. */
  | 'closed'
  /** Nobody has it yet: route it first. */
  | 'not-routed'
  | 'already-routed'
  | 'already-acknowledged'
  /** Assigned to this very official already (an old button pressed again). */
  | 'already-assigned'
  /** Answered already: only the citizen's verdict (close or reopen) moves it on. */
  | 'already-resolved'
  /** Close and reopen follow an answer. */
  | 'not-resolved'
  | 'answer-required'
  | 'answer-too-short'
  /** An on-site issue is resolved only with a photo of the result. */
  | 'evidence-required'
  | 'target-required'
  | 'date-required'
  | 'date-invalid'
  /** A "will resolve before" date must be after today. */
  | 'date-not-future'
  | 'reason-required'
  /** A deadline is extended at most once. */
  | 'already-extended'
  /** Góp ý has no deadline to extend or to be reminded of. */
  | 'no-deadline';

export type TransitionOutcome =
  | { readonly type: 'ok'; readonly status: ReportStatus; readonly event: ReportStatusEvent }
  | { readonly type: 'rejected'; readonly reason: RejectionReason; readonly status: ReportStatus };

/** An answer shorter than this ("Đã xử lý xong.") tells the citizen nothing. */
export const MIN_ANSWER_LENGTH = 15;

/** The reopen that asks for escalation. */
export const REOPENS_BEFORE_ESCALATION = 2;

export interface TransitionOptions {
  /** When given, a `scheduled` date must be after today (local date in `tz`). */
  readonly now?: Date;
  readonly tz?: string;
  readonly minAnswerLength?: number;
}

/**
 * Applies `command` to `report`. Expected refusals (a closed report, a resolve without an
 * answer, a second extension…) are `rejected` values with a reason the caller turns into a
 * kind message; nothing is thrown.
 */
export function transition(
  report: ReportSnapshot,
  command: ReportCommand,
  options: TransitionOptions = {},
): TransitionOutcome {
  const { status } = report;
  const reject = (reason: RejectionReason): TransitionOutcome => ({
    type: 'rejected',
    reason,
    status,
  });
  const ok = (next: ReportStatus, event: ReportStatusEvent): TransitionOutcome => ({
    type: 'ok',
    status: next,
    event,
  });

  if (status === 'closed') return reject('closed');

  // Commands that act on a report in hand need it routed and not yet answered.
  const handling = (): RejectionReason | null => {
    if (status === 'submitted') return 'not-routed';
    if (status === 'resolved') return 'already-resolved';
    return null;
  };

  switch (command.type) {
    case 'route': {
      if (status !== 'submitted') return reject('already-routed');
      return ok('routed', {
        type: 'routed',
        positionId: command.positionId,
        officialId: command.officialId ?? null,
      });
    }
    case 'reroute': {
      const refused = handling();
      if (refused) return reject(refused);
      if (!REROUTABLE_STATUSES.includes(status)) return reject('already-acknowledged');
      return ok(status, {
        type: 'rerouted',
        from: command.fromOfficialId,
        to: command.toOfficialId,
        toPositionId: command.toPositionId,
        reason: command.reason,
      });
    }
    case 'acknowledge': {
      const refused = handling();
      if (refused) return reject(refused);
      if (status === 'acknowledged' || status === 'assigned') return reject('already-acknowledged');
      return ok('acknowledged', { type: 'acknowledged', officialId: command.officialId ?? null });
    }
    case 'assign': {
      const refused = handling();
      if (refused) return reject(refused);
      // A second press of the same name would tell the assignee and the citizen twice.
      if (status === 'assigned' && report.assignedOfficialId === command.officialId)
        return reject('already-assigned');
      return ok('assigned', {
        type: 'assigned',
        officialId: command.officialId,
        positionId: command.positionId ?? null,
      });
    }
    case 'resolve': {
      const refused = handling();
      if (refused) return reject(refused);
      // Stored composed (NFC) with its line breaks; measured in letters with spaces collapsed,
      // so neither decomposed marks nor padding make a vague answer long enough.
      const answer = tidy(command.answer);
      if (answer === '') return reject('answer-required');
      if (
        [...answer.replace(/\s+/g, ' ')].length < (options.minAnswerLength ?? MIN_ANSWER_LENGTH)
      ) {
        return reject('answer-too-short');
      }
      const result = resolution(command, report, options);
      if (typeof result === 'string') return reject(result);
      return ok('resolved', { type: 'resolved', result, answer, evidence: command.evidence });
    }
    case 'pass': {
      const refused = handling();
      if (refused) return reject(refused);
      const reason = tidy(command.reason);
      if (reason === '') return reject('reason-required');
      return ok('routed', {
        type: 'passed',
        toPositionKind: command.toPositionKind,
        toPositionId: command.toPositionId ?? null,
        reason,
      });
    }
    case 'extend': {
      const refused = handling();
      if (refused) return reject(refused);
      if (!submissionKind(report.kind).handling.hasDeadline) return reject('no-deadline');
      if (report.extendedAt !== null) return reject('already-extended');
      const reason = tidy(command.reason);
      if (reason === '') return reject('reason-required');
      return ok(status, { type: 'extended', reason });
    }
    case 'reopen': {
      if (status !== 'resolved') return reject('not-resolved');
      const reopenCount = report.reopenCount + 1;
      return ok('reopened', {
        type: 'reopened',
        comment: tidy(command.comment),
        verdict: command.verdict ?? 'no',
        reopenCount,
        escalationRequested: reopenCount >= REOPENS_BEFORE_ESCALATION,
      });
    }
    case 'close': {
      if (status !== 'resolved') return reject('not-resolved');
      return ok('closed', { type: 'closed', verdict: command.verdict });
    }
    case 'escalate': {
      const refused = handling();
      if (refused) return reject(refused);
      // The new holder must see and acknowledge it: back to routed.
      return ok('routed', {
        type: 'escalated',
        reason: command.reason,
        level: report.escalationLevel + 1,
      });
    }
    case 'remind': {
      const refused = handling();
      if (refused) return reject(refused);
      if (!submissionKind(report.kind).handling.hasDeadline) return reject('no-deadline');
      return ok(status, { type: 'reminded' });
    }
    default:
      return assertNever(command, 'report command');
  }
}

/**
 * Statuses in which a report waits for its assignee to take it up, so the alert is all they
 * have. Once someone acknowledged or assigned it, a refused message is the desk's business
 * (and the deadline's escalation), not a reason to hand the report to someone else.
 */
export const REROUTABLE_STATUSES: readonly ReportStatus[] = ['routed', 'reopened'];

/** Whether an official is expected to act on a report in this status. */
export function isOpen(status: ReportStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

function tidy(text: string): string {
  return text.normalize('NFC').trim();
}

function resolution(
  command: Extract<ReportCommand, { type: 'resolve' }>,
  report: ReportSnapshot,
  options: TransitionOptions,
): Resolution | RejectionReason {
  switch (command.resultType) {
    case 'resolved': {
      // A photo proves an on-site fix; documents alone do not show the road was repaired.
      if (report.onSite && !command.evidence.some((e) => e.kind === 'photo'))
        return 'evidence-required';
      return { type: 'resolved' };
    }
    case 'not-competent': {
      const target = tidy(command.target ?? '');
      if (target === '') return 'target-required';
      return { type: 'not-competent', target };
    }
    case 'scheduled': {
      const date = command.scheduledFor?.trim() ?? '';
      if (date === '') return 'date-required';
      if (!isIsoDate(date)) return 'date-invalid';
      if (options.now && date <= localDate(options.now, options.tz ?? VIETNAM_TIME_ZONE)) {
        return 'date-not-future';
      }
      return { type: 'scheduled', date };
    }
    default:
      return assertNever(command.resultType, 'result type');
  }
}
