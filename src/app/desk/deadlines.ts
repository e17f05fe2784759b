/**
 * What the clock does to reports, run by the maintenance sweep: a reminder to whoever handles a
 * report before its deadline (core `reminderTime`: office opening, with a quarter of the
 * deadline left), one step up when it is overdue (vice chair → chair → the province's admin,
 * each step an event), closing answers the citizen left unjudged for 7 days (verdict `none`,
 * counted apart from confirmed ones), and the leaders' daily digest. Every step is a
 * conditional change plus deduplicated deliveries, so a sweep run twice does each thing once.
 */
import type { Lang } from '../../core/lang.ts';
import { msgHtml } from '../../texts/localized.ts';
import { NOTICE } from '../../texts/official.ts';
import { workingDaysBetween, reminderTime } from '../../core/working-days.ts';
import type { ReportForOfficials } from '../ports/report-store.ts';
import { alertButtons, describeAction } from '../alert-message.ts';
import { citizenNotice } from '../notify-citizen.ts';
import { formatDate } from '../report-labels.ts';
import {
  alertEdits,
  currentHandlers,
  groupMaySee,
  optional,
  sentAlerts,
  viewerOf,
} from './alert-updates.ts';
import { applyReportCommand } from '../apply-report-command.ts';
import { sendDailyDigests } from './daily-digest.ts';
import type { DeskDeps } from './desk-context.ts';
import { escalateReport } from './escalate-report.ts';

/** An answer the citizen has not judged after this long closes without a verdict. */
export const VERDICT_WAIT_MS = 7 * 86_400_000;
/** How far ahead to look for reminders: beyond any reminder lead (a quarter of the deadline). */
const REMINDER_HORIZON_MS = 90 * 86_400_000;

export interface SweepCounts {
  reminded: number;
  escalated: number;
  closed: number;
  digests: number;
}

/**
 * One pass of the clock's work. `digest` sends the daily digests when due (the desk passes a
 * version that skips the work once the day's digests went out).
 */
export async function remindAndEscalate(
  deps: DeskDeps,
  now: Date,
  digest: (now: Date) => Promise<number> = (at) => sendDailyDigests(deps, at),
): Promise<SweepCounts> {
  const counts: SweepCounts = { reminded: 0, escalated: 0, closed: 0, digests: 0 };
  /** One report at a time: a report that fails (bad data, a bug) must not hold up the others. */
  const each = async (id: number, step: string, run: () => Promise<boolean>): Promise<boolean> => {
    try {
      return await run();
    } catch (err) {
      deps.logger.error({ err, reportId: id, step }, 'deadline step failed for a report');
      return false;
    }
  };

  for (const candidate of await deps.workflow.reminderCandidates(
    now,
    new Date(now.getTime() + REMINDER_HORIZON_MS),
  )) {
    const at = reminderTime(deps.calendar, candidate.dueAt, candidate.deadlineDays);
    if (at === null || at.getTime() > now.getTime()) continue;
    const reminded = await each(candidate.id, 'remind', async () => {
      const report = await deps.workflow.get(candidate.id);
      return report !== undefined && (await remind(deps, report, now));
    });
    if (reminded) counts.reminded++;
  }

  for (const id of await deps.workflow.overdue(now)) {
    const escalated = await each(id, 'escalate', async () => {
      const report = await deps.workflow.get(id);
      if (!report) return false;
      return (await escalateReport(deps, report, 'overdue', now)).type === 'escalated';
    });
    if (escalated) counts.escalated++;
  }

  for (const id of await deps.workflow.awaitingVerdictSince(
    new Date(now.getTime() - VERDICT_WAIT_MS),
  )) {
    if (await each(id, 'auto-close', () => autoClose(deps, id, now))) counts.closed++;
  }

  counts.digests = await digest(now);
  return counts;
}

/** Closes an answer the citizen did not judge: verdict `none`, the alerts and the citizen told. */
async function autoClose(deps: DeskDeps, id: number, now: Date): Promise<boolean> {
  const report = await deps.workflow.get(id);
  if (!report) return false;
  const alerts = await sentAlerts(deps, report.id);
  const outcome = await applyReportCommand(
    deps,
    report,
    { type: 'close', verdict: 'none' },
    { kind: 'system' },
    {
      at: now,
      effects: {
        deliveries: ({ report: after, eventId }) => [
          ...alertEdits(
            alerts,
            after,
            describeAction(
              (l) => NOTICE.autoClosed[l],
              (l) => NOTICE.system[l],
              now,
            ),
            eventId,
          ),
          ...optional(citizenNotice(after, 'autoClosed', {}, String(eventId))),
        ],
      },
    },
  );
  return outcome.type === 'ok';
}

async function remind(deps: DeskDeps, report: ReportForOfficials, now: Date): Promise<boolean> {
  // A reminder changes nobody's assignment: whoever handles the report now is who it reminds.
  const handlers = await currentHandlers(deps, report);
  const targets: Array<{
    chatId: string;
    officialId?: number;
    viewer: ReturnType<typeof viewerOf> | 'group';
    lang: Lang;
  }> = handlers.map((o) => ({
    chatId: o.chatId,
    officialId: o.id,
    viewer: viewerOf(o),
    lang: o.lang,
  }));
  if (targets.length === 0 && groupMaySee(report))
    for (const g of await deps.officials.groupsOfUnit(report.unitCode))
      targets.push({ chatId: g.chatId, viewer: 'group', lang: g.lang });
  const outcome = await applyReportCommand(
    deps,
    report,
    { type: 'remind' },
    { kind: 'system' },
    {
      at: now,
      effects: {
        deliveries: ({ report: fresh, eventId }) => {
          const left = workingDaysBetween(deps.calendar, now, fresh.dueAt);
          const when = (lang: Lang) =>
            left <= 0
              ? msgHtml(NOTICE.remindToday, lang)
              : msgHtml(NOTICE.remindOn, lang, { date: formatDate(fresh.dueAt), days: left });
          return targets.map((t) => ({
            dedupeKey: `remind-${eventId}-${t.chatId}`,
            chatId: t.chatId,
            message: {
              type: 'text' as const,
              chatId: t.chatId,
              text: msgHtml(NOTICE.reminder, t.lang, {
                ticket: fresh.ticketCode,
                field: fresh.categoryName,
                when: when(t.lang),
              }),
              buttons: alertButtons(fresh, t.viewer, t.lang),
            },
            reportId: fresh.id,
            ...(t.officialId !== undefined ? { officialId: t.officialId } : {}),
            link: {
              kind: 'alert' as const,
              reportId: fresh.id,
              ...(t.officialId !== undefined ? { officialId: t.officialId } : {}),
            },
          }));
        },
      },
    },
  );
  return outcome.type === 'ok';
}
