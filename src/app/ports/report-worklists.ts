/**
 * The lists of reports that work is owed on, read by the sweep, the deadlines and the desk
 * (implemented by persistence/report-workflow-repository.ts): reports committed but never routed,
 * reports stranded with an unreachable official, reminders and overdue reports, and the open
 * reports a digest lists. The figures of /stats are the desk's own port, UnitFigures.
 */
import type { ReportStatus } from '../../core/report-status.ts';

/** An open report as the daily digest lists it. */
export interface OpenReportLine {
  id: number;
  ticketCode: string;
  kind: string;
  status: ReportStatus;
  unitCode: string;
  categoryName: string;
  /** What the citizen wrote (officials of the commune read it on the alert anyway). */
  text: string;
  assignedPositionId: number | null;
  assignedOfficialId: number | null;
  dueAt: Date;
}

/** Candidates for a reminder: the app decides with the working-day calendar whether it is time. */
export interface ReminderCandidate {
  id: number;
  dueAt: Date;
  deadlineDays: number;
}

export interface ReportWorklists {
  /** Ids of reports committed but never routed, older than `olderThan`: the sweep routes them. */
  unrouted(olderThan: Date, limit?: number): Promise<number[]>;
  /**
   * Reports in `statuses` assigned to an official marked unreachable: their alert was refused
   * and the fallback has not moved them yet (a crash lost it, or nobody else could take it).
   */
  assignedToUnreachable(
    statuses: readonly ReportStatus[],
    limit?: number,
  ): Promise<Array<{ reportId: number; officialId: number }>>;
  /**
   * Open reports with a deadline, not reminded yet, due after `now` and no later than
   * `horizon`: the app decides with the calendar (core reminderTime) which are due a reminder.
   */
  reminderCandidates(now: Date, horizon: Date): Promise<ReminderCandidate[]>;
  /** Open reports past their deadline (góp ý has none), oldest deadline first. */
  overdue(now: Date): Promise<number[]>;
  /**
   * Resolved reports the citizen never judged, resolved before `before`; not those answered with
   * a promise ("sẽ giải quyết trước ngày …"), whose wait starts at the promised date.
   */
  awaitingVerdictSince(before: Date): Promise<number[]>;
  /** Reports answered with a promise ("sẽ giải quyết trước ngày …") the citizen has not judged. */
  awaitingPromise(): Promise<number[]>;
  /**
   * Open reports of some units, or held by some officials (a province admin holds reports of
   * other communes), by deadline: what the daily digest lists.
   */
  openReports(filter: {
    unitCodes: readonly string[];
    officialIds?: readonly number[];
  }): Promise<OpenReportLine[]>;
}

/** A commune's counts and medians, for /stats. */
export interface UnitStats {
  open: number;
  overdue: number;
  resolved: number;
  closedConfirmed: number;
  /** Closed after 7 days without the citizen's answer: counted apart from confirmed ones. */
  closedWithoutVerdict: number;
  medianAckMs: number | undefined;
  medianResolveMs: number | undefined;
}

export interface UnitFigures {
  /** Counts and medians over a unit, from `periodStart` to `now`. */
  unitStats(unitCode: string, periodStart: Date, now: Date): Promise<UnitStats>;
}
