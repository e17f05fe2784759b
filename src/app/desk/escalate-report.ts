/**
 * One step up the ladder (core `escalationTarget`: staff → head → vice chair in charge → chair →
 * the province's admin) when a report is overdue or reopened a second time. A position with
 * nobody reachable (or only the official the report is about) is passed over for the next one.
 * The new holder gets the alert and a short deadline; the citizen is told; whoever held it (and,
 * for a reopen, the official who answered) learns where it went, in a notice with nothing to
 * act on; the step is an event.
 */
import { assertNever } from '../../core/assert-never.ts';
import type { Html } from '../../core/html.ts';
import type { Lang } from '../../core/lang.ts';
import { msg, type PerLang } from '../../texts/localized.ts';
import { NOTICE } from '../../texts/official.ts';
import { escalationTarget, type EscalationLevel } from '../../core/routing.ts';
import { addWorkingDays } from '../../core/working-days.ts';
import type { OfficialRecord } from '../ports/official-directory.ts';
import type { ReportForOfficials } from '../ports/report-store.ts';
import { describeAction, positionIn } from '../alert-message.ts';
import { citizenNotice } from '../notify-citizen.ts';
import { applyReportCommand, type CommandOutcome } from '../apply-report-command.ts';
import {
  alertDeliveries,
  alertEdits,
  carrying,
  movedAwayNotice,
  optional,
  sentAlerts,
} from './alert-updates.ts';
import type { DeskDeps } from './desk-context.ts';

/** Working days the next level gets to act after an escalation. */
export const ESCALATION_DEADLINE_DAYS = 2;

export type EscalationReason = 'overdue' | 'reopened';

export type EscalationOutcome =
  | { type: 'escalated'; to: OfficialRecord; outcome: Extract<CommandOutcome, { type: 'ok' }> }
  /** Nobody above (the province's admin holds it, or no admin is registered). */
  | { type: 'top' }
  | { type: 'unchanged'; outcome: Exclude<CommandOutcome, { type: 'ok' }> };

/** What a step up carries besides the new holder's alert (a reopen's words and its audience). */
export interface EscalationNotes {
  /** Under the alert's heading: the citizen's verdict and words, for a reopen. */
  note?: PerLang<Html | string>;
  /** The thread message the alerts carry (the citizen's comment): /xem reads it reached them. */
  threadMessageId?: number;
  /**
   * Others told of the step (whoever held it, or the staff group when nobody did; for a reopen
   * also the official who answered it), by a notice without buttons or deadline (it is no longer
   * theirs): each once, and never the new holder, who reads the step in his own alert.
   * `heading` names where it went.
   */
  bystanders?: {
    to: ReadonlyArray<{ chatId: string; official?: OfficialRecord; lang?: Lang }>;
    heading: (lang: Lang, to: string) => string;
  };
}

export async function escalateReport(
  deps: DeskDeps,
  report: ReportForOfficials,
  reason: EscalationReason,
  at: Date,
  notes: EscalationNotes = {},
): Promise<EscalationOutcome> {
  const { note, threadMessageId, bystanders } = notes;
  const target = await nextLevel(deps, report);
  if (!target) return { type: 'top' };
  const dueAt = addWorkingDays(deps.calendar, at, ESCALATION_DEADLINE_DAYS);
  const toNameIn = (lang: Lang) =>
    target.role === 'admin'
      ? msg(NOTICE.provinceLevel, lang, { province: report.provinceName })
      : positionIn(
          { kind: target.positionKind, title: target.positionTitle },
          report.unitName,
          lang,
        );
  const alerts = await sentAlerts(deps, report.id);
  const outcome = await applyReportCommand(
    deps,
    report,
    { type: 'escalate', reason },
    { kind: 'system' },
    {
      at,
      change: { assignedOfficialId: target.id, assignedPositionId: target.positionId, dueAt },
      data: {
        fromOfficialId: report.assignedOfficialId,
        toOfficialId: target.id,
        toPositionId: target.positionId,
      },
      effects: {
        deliveries: ({ report: fresh, eventId }) => [
          ...carrying(
            alertDeliveries(
              { chatId: target.chatId, official: target },
              fresh,
              (lang) =>
                reason === 'overdue'
                  ? msg(NOTICE.escalatedOverdue, lang, { to: toNameIn(lang) })
                  : msg(NOTICE.escalatedUnhappy, lang, {
                      n: fresh.reopenCount,
                      to: toNameIn(lang),
                    }),
              `esc-${eventId}`,
              note,
            ),
            threadMessageId,
          ),
          // Those it moved past read where it went, not an alert of their own: the buttons and
          // the new deadline are the new holder's.
          ...onceEach(bystanders?.to ?? [], target).map((bystander) =>
            movedAwayNotice(
              bystander,
              fresh,
              (lang) => bystanders?.heading(lang, toNameIn(lang)) ?? '',
              `esc-told-${eventId}`,
              note,
            ),
          ),
          ...alertEdits(
            alerts,
            fresh,
            describeAction(
              (lang) =>
                msg(NOTICE.escalatedAction, lang, {
                  to: toNameIn(lang),
                  why: (reason === 'overdue' ? NOTICE.whyOverdue : NOTICE.whyUnhappy)[lang],
                }),
              (l) => NOTICE.system[l],
              at,
            ),
            eventId,
          ),
          ...optional(
            citizenNotice(
              fresh,
              'escalated',
              { to: { vi: toNameIn('vi'), en: toNameIn('en') } },
              String(eventId),
            ),
          ),
        ],
      },
    },
  );
  if (outcome.type !== 'ok') return { type: 'unchanged', outcome };
  return { type: 'escalated', to: target, outcome };
}

/** Each chat once, leaving out the new holder's (his own alert tells him). */
function onceEach<T extends { chatId: string; official?: OfficialRecord }>(
  bystanders: readonly T[],
  holder: OfficialRecord,
): T[] {
  const seen = new Set<string>([holder.chatId]);
  return bystanders.filter((b) => {
    if (b.official?.id === holder.id || seen.has(b.chatId)) return false;
    seen.add(b.chatId);
    return true;
  });
}

/** The first reachable official above the report's current level, or undefined at the top. */
async function nextLevel(
  deps: DeskDeps,
  report: ReportForOfficials,
): Promise<OfficialRecord | undefined> {
  const eligible = (o: OfficialRecord) =>
    o.active &&
    o.unreachableAt === null &&
    o.id !== report.aboutOfficialId &&
    o.id !== report.assignedOfficialId;
  const holder =
    report.assignedOfficialId === null
      ? undefined
      : await deps.officials.get(report.assignedOfficialId);
  // The province's admin is the top: nobody above.
  if (holder?.role === 'admin') return undefined;
  const positions = await deps.officials.positionsOfUnit(report.unitCode);
  // Unassigned (only the staff group had it): the chair is the next level.
  let level: EscalationLevel =
    report.assignedPositionId === null
      ? { type: 'position', positionId: -1 }
      : { type: 'position', positionId: report.assignedPositionId };
  for (let step = 0; step <= positions.length; step++) {
    const target = escalationTarget(level, positions, report.categoryCode);
    switch (target.type) {
      case 'position': {
        const position = positions.find((p) => p.id === target.positionId);
        const official = position?.officials.find(eligible);
        if (official) return official;
        level = { type: 'position', positionId: target.positionId };
        break;
      }
      case 'provinceAdmin': {
        const admins = await deps.officials.provinceAdmins(report.provinceCode);
        return admins.find(eligible);
      }
      case 'none':
        return undefined;
      default:
        return assertNever(target, 'escalation target');
    }
  }
  return undefined;
}
