/**
 * The report as routing, the fallback and the desk read and change it (implemented by
 * persistence/report-workflow-repository.ts). Every change is conditional on the status it was
 * read in (and on the fields a once-only change depends on), so the caller learns whether it won;
 * the audit event, the thread message and the deliveries the change owes are written with it.
 * The citizen's identity is absent for anonymous reports and sealed kinds, so it cannot reach
 * officials.
 */
import type { ChannelName } from '../../channels/types.ts';
import type { ReportStatus } from '../../core/report-status.ts';
import type { SubmissionKind } from '../../core/submission-kinds.ts';
import type { NewDelivery } from './outbox.ts';
import type { NewThreadMessage } from './report-thread.ts';

export interface ReportForOfficials {
  id: number;
  ticketCode: string;
  kind: SubmissionKind;
  status: ReportStatus;
  unitCode: string;
  unitName: string;
  provinceCode: string;
  provinceName: string;
  categoryCode: string;
  categoryName: string;
  /** The category's deadline in working days (also the length of an extension). */
  deadlineDays: number;
  onSite: boolean;
  text: string;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  photoFileIds: string[];
  /** The citizen's description when they spoke it: a voice note, relayed as audio. */
  voiceFileIds: string[];
  anonymous: boolean;
  /** Undefined for anonymous reports and sealed kinds: officials never see who sent it. */
  citizen?: {
    displayName: string | null;
    username: string | null;
    phone: string | null;
    /** Full name and home address a complainant (khiếu nại) gave, as the law requires. */
    complainant?: { fullName: string; homeAddress: string };
  };
  /**
   * Where to answer the citizen (never shown to officials): their channel and chat; 'open311'
   * is a connected system with no chat to answer.
   */
  citizenChannel: ChannelName;
  citizenChatId: string | null;
  citizenLang: string;
  aboutOfficialId: number | null;
  assignedPositionId: number | null;
  assignedOfficialId: number | null;
  escalationLevel: number;
  reopenCount: number;
  dueAt: Date;
  extendedAt: Date | null;
  remindedAt: Date | null;
  routedAt: Date | null;
  /**
   * Routing once found nobody to receive it (it waited for the commune's first official): its
   * deadline counts from when it reached one (core deadlineOnReceipt).
   */
  waitedForOfficial: boolean;
  /**
   * Parked now, waiting for the commune's first official (routing found nobody): it has no
   * deadline yet, and every view says it waits (texts/report.ts stateLabel, DUE_ON_RECEIPT).
   */
  awaitingOfficialAt: Date | null;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  resultType: string | null;
  verdict: string | null;
  createdAt: Date;
  /** Other citizens following it (same problem nearby, or a duplicate of it): never who. */
  followers: { count: number; notResolved: number };
}

export interface ReportChange {
  status?: ReportStatus;
  assignedPositionId?: number | null;
  assignedOfficialId?: number | null;
  escalationLevel?: number;
  dueAt?: Date;
  remindedAt?: Date | null;
  routedAt?: Date;
  acknowledgedAt?: Date;
  resolvedAt?: Date;
  closedAt?: Date;
  extendedAt?: Date;
  reopenCount?: number;
  resultType?: string;
  verdict?: string;
}

/**
 * Extra conditions of a change besides the status: a change that depends on a field read
 * before (extended once, reminded once, escalated from this level) wins only if it still holds.
 */
export interface ChangeGuard {
  extendedAt?: null;
  remindedAt?: null;
  reopenCount?: number;
  escalationLevel?: number;
  /**
   * Still assigned to this official, or to nobody (a fallback moves a report away from them
   * once; an assignment replaces the assignee it was read with).
   */
  assignedOfficialId?: number | null;
}

/**
 * What a change writes besides the report and its event, in the same transaction: a process that
 * dies right after the commit leaves its messages pending for the sweep, never lost.
 */
export interface ChangeEffects {
  /** A message of the report's thread the change brings (an official's answer, a comment). */
  thread?: NewThreadMessage;
  /**
   * The messages the change owes (the citizen's notice, alerts, edits of alerts), built from the
   * report as the change left it; the event id (and the thread message's) key them.
   */
  deliveries?: (after: ChangeAfter) => readonly NewDelivery[];
}

/** The change as committed. */
export interface ChangeAfter {
  eventId: number;
  /** The report as the change left it (read inside the transaction). */
  report: ReportForOfficials;
  threadMessageId?: number;
}

/** {@link ChangeAfter} with the deliveries the change stored, for the caller to queue. */
export interface RecordedChange extends ChangeAfter {
  deliveries: readonly NewDelivery[];
}

export interface ReportEventInput {
  type: string;
  actorKind: 'citizen' | 'official' | 'system';
  actorId?: number;
  data?: Record<string, unknown>;
}

export interface ReportStore {
  get(id: number): Promise<ReportForOfficials | undefined>;
  /**
   * Applies `change` only while the report is in one of `fromStatuses` (and `guard` holds), and
   * records the event, the thread message and the deliveries of `effects` with it, all or
   * nothing. Returns what was written, or undefined when someone else changed the report first
   * (nothing written).
   */
  record(
    id: number,
    fromStatuses: readonly string[],
    change: ReportChange,
    event: ReportEventInput,
    guard?: ChangeGuard,
    effects?: ChangeEffects,
  ): Promise<RecordedChange | undefined>;
}

/** Reads about a report besides the report itself. */
export interface ReportLookup {
  /** The report of a ticket code (an official typed or tapped it). */
  getByTicket(ticketCode: string): Promise<ReportForOfficials | undefined>;
  /** Who sent the report (an id only: officials never learn who). */
  citizenIdOf(reportId: number): Promise<number>;
}
