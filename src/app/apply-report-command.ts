/**
 * The one way a report changes, for the desk, routing and the fallback alike: core's pure status
 * machine (`transition`) decides
 * whether the command is allowed and what happens; this turns its event into the conditional
 * update and the audit event row. The update holds only while the report is still in the status
 * it was read in (and, for changes that happen once, while they have not happened), so two
 * officials pressing at once, or a retried sweep, change it once. What the change says to
 * people (the citizen's notice, alerts and their edits, an answer) is written as delivery rows in
 * the same transaction, then queued: a process that dies right after the commit leaves them
 * pending, and the sweep sends them.
 */
import type { Lang } from '../core/lang.ts';
import { msg } from '../texts/localized.ts';
import { DESK, REJECTION } from '../texts/official.ts';
import { unitWord } from '../texts/report.ts';
import { assertNever } from '../core/assert-never.ts';
import {
  MIN_ANSWER_LENGTH,
  transition,
  type RejectionReason,
  type ReportCommand,
  type ReportStatusEvent,
} from '../core/report-status.ts';
import type { Outbox, NewDelivery } from './ports/outbox.ts';
import type {
  ChangeAfter,
  ChangeEffects,
  ChangeGuard,
  ReportChange,
  ReportEventInput,
  ReportForOfficials,
  ReportStore,
} from './ports/report-store.ts';

export type ActorRef = { kind: 'official'; id: number } | { kind: 'citizen' } | { kind: 'system' };

export type CommandOutcome =
  | {
      type: 'ok';
      event: ReportStatusEvent;
      /** The audit event's id: a stable key for the messages this change sends. */
      eventId: number;
      /** The report after the change. */
      report: ReportForOfficials;
      /** The thread message the change stored (its `effects.thread`). */
      threadMessageId?: number;
    }
  | { type: 'rejected'; reason: RejectionReason }
  /** Someone changed the report between reading and writing: nothing was written. */
  | { type: 'conflict' };

export interface CommandOptions {
  at: Date;
  /** Fields the machine does not decide (the new holder, the new deadline). */
  change?: ReportChange;
  /** More to record in the event row (who received it, the reason…). */
  data?: Record<string, unknown>;
  /** The thread message and the messages the change brings, stored with it. */
  effects?: CommandEffects;
}

/** {@link ChangeEffects}, whose messages also see the machine's event (a reason as recorded). */
export interface CommandEffects {
  thread?: ChangeEffects['thread'];
  deliveries?: (after: ChangeAfter & { event: ReportStatusEvent }) => readonly NewDelivery[];
}

/** What the machine would say, without writing anything: to check before asking for input. */
export function tryCommand(report: ReportForOfficials, command: ReportCommand, at: Date) {
  return transition(snapshotOf(report), command, { now: at });
}

export async function applyReportCommand(
  deps: {
    workflow: Pick<ReportStore, 'record'>;
    outbox: Outbox;
    /** Redraws alerts linked while the change was being made (desk/late-alerts.ts). */
    lateAlerts?: (reportId: number) => Promise<void>;
  },
  report: ReportForOfficials,
  command: ReportCommand,
  actor: ActorRef,
  options: CommandOptions,
): Promise<CommandOutcome> {
  const outcome = tryCommand(report, command, options.at);
  if (outcome.type === 'rejected') return { type: 'rejected', reason: outcome.reason };
  const { event } = outcome;
  const change: ReportChange = {
    ...changeFor(event, report, options.at),
    status: outcome.status,
    ...options.change,
  };
  const row: ReportEventInput = {
    type: event.type,
    actorKind: actor.kind,
    ...(actor.kind === 'official' ? { actorId: actor.id } : {}),
    data: { ...eventData(event), ...options.data },
  };
  const recorded = await deps.workflow.record(
    report.id,
    [report.status],
    change,
    row,
    guardFor(event, report),
    {
      ...(options.effects?.thread ? { thread: options.effects.thread } : {}),
      deliveries: (after) => options.effects?.deliveries?.({ ...after, event }) ?? [],
    },
  );
  if (recorded === undefined) return { type: 'conflict' };
  // Stored already: this only queues their jobs (a Redis away leaves them to the sweep).
  for (const delivery of recorded.deliveries) await deps.outbox.enqueue(delivery);
  await deps.lateAlerts?.(report.id);
  return {
    type: 'ok',
    event,
    eventId: recorded.eventId,
    report: recorded.report,
    ...(recorded.threadMessageId !== undefined
      ? { threadMessageId: recorded.threadMessageId }
      : {}),
  };
}

export function snapshotOf(report: ReportForOfficials) {
  return {
    status: report.status,
    kind: report.kind,
    onSite: report.onSite,
    reopenCount: report.reopenCount,
    extendedAt: report.extendedAt,
    escalationLevel: report.escalationLevel,
    assignedOfficialId: report.assignedOfficialId,
  };
}

function changeFor(event: ReportStatusEvent, report: ReportForOfficials, at: Date): ReportChange {
  switch (event.type) {
    case 'routed':
      return {
        assignedPositionId: event.positionId,
        assignedOfficialId: event.officialId,
        routedAt: at,
      };
    case 'rerouted':
      return { assignedPositionId: event.toPositionId, assignedOfficialId: event.to };
    case 'acknowledged':
      // The first acknowledgement counts for the time-to-acknowledge statistics.
      return { acknowledgedAt: report.acknowledgedAt ?? at };
    case 'assigned':
      return {
        assignedOfficialId: event.officialId,
        ...(event.positionId !== null ? { assignedPositionId: event.positionId } : {}),
        acknowledgedAt: report.acknowledgedAt ?? at,
      };
    case 'resolved':
      return { resolvedAt: at, resultType: event.result.type };
    case 'passed':
      return {
        ...(event.toPositionId !== null ? { assignedPositionId: event.toPositionId } : {}),
        remindedAt: null,
      };
    case 'extended':
      return { extendedAt: at, remindedAt: null };
    case 'reopened':
      return { reopenCount: event.reopenCount, verdict: event.verdict, remindedAt: null };
    case 'closed':
      return { closedAt: at, verdict: event.verdict };
    case 'escalated':
      return { escalationLevel: event.level, remindedAt: null };
    case 'reminded':
      return { remindedAt: at };
    default:
      return assertNever(event, 'report event');
  }
}

/** The conditions besides the status that make a once-only change happen once. */
function guardFor(event: ReportStatusEvent, report: ReportForOfficials): ChangeGuard {
  switch (event.type) {
    case 'extended':
      return { extendedAt: null };
    case 'reminded':
      return { remindedAt: null };
    case 'reopened':
      return { reopenCount: report.reopenCount };
    case 'assigned':
      // Given once to whoever it was read with: two officials assigning at once, one wins.
      return { assignedOfficialId: report.assignedOfficialId };
    case 'escalated':
      return { escalationLevel: report.escalationLevel };
    case 'rerouted':
      // Moved once, from the official it was refused to, however many refusals are handled.
      return { assignedOfficialId: event.from };
    case 'routed':
    case 'acknowledged':
    case 'resolved':
    case 'passed':
    case 'closed':
      return {};
    default:
      return assertNever(event, 'report event');
  }
}

/** The event as recorded: what happened, without the citizen's words (those are in the thread). */
function eventData(event: ReportStatusEvent): Record<string, unknown> {
  switch (event.type) {
    case 'resolved':
      // The answer is kept with the result: Open311 publishes it for reports made public.
      return { result: event.result, evidence: event.evidence.length, answer: event.answer };
    case 'reopened':
      return {
        verdict: event.verdict,
        reopenCount: event.reopenCount,
        escalationRequested: event.escalationRequested,
      };
    case 'rerouted':
      return { from: event.from, to: event.to, reason: event.reason };
    case 'routed':
    case 'acknowledged':
    case 'assigned':
    case 'passed':
    case 'extended':
    case 'closed':
    case 'escalated':
    case 'reminded': {
      const { type: _type, ...rest } = event;
      return rest;
    }
    default:
      return assertNever(event, 'report event');
  }
}

/**
 * The machine's refusal, as the official or the citizen reads it, naming the report's unit as
 * what it is: «Phiếu này chưa được chuyển đến phường.» for a ward's report.
 */
export function rejectionIn(reason: RejectionReason, lang: Lang, unitName: string): string {
  return msg(REJECTION[reason], lang, { min: MIN_ANSWER_LENGTH, unit: unitWord(unitName, lang) });
}

/** The refusal in Vietnamese (the record's language; a reader's is rejectionIn's). */
export function rejectionText(reason: RejectionReason, unitName: string): string {
  return rejectionIn(reason, 'vi', unitName);
}

/** A report changed under the official's hands. */
export const CONFLICT_TEXT = DESK.conflict.vi;
