/**
 * An alert drawn before a change of its report but linked after it. A change edits the alerts
 * it reads as linked just before it (alert-updates.ts), so it misses an alert still queued (a
 * staff group takes 20 messages a minute: in a burst its alert waits minutes) or sent but not
 * yet linked at that moment. Such an alert would keep «Mới, chờ tiếp nhận» and buttons that no
 * longer apply, for good. It is redrawn here with the report as it is now and its last change,
 * keyed by that change's event as the change's own edits are, so an alert reached both ways is
 * edited once:
 * - when it is linked (afterSent): if the report changed after the alert was drawn;
 * - right after every change (applyReportCommand): the alerts linked in the last minute, which
 *   the change's read may have missed (linked between that read and the commit).
 * Each side writes first (the link, the change) and reads the other's write after, so the one
 * that comes second sees the first.
 */
import type { Lang } from '../../core/lang.ts';
import { describeAction } from '../alert-message.ts';
import type { Delivery, Outbox } from '../ports/outbox.ts';
import type { ReportEventEntry } from '../ports/report-thread.ts';
import { HISTORY } from '../../texts/official-views.ts';
import type { PerLang } from '../../texts/localized.ts';
import { alertEdits, alertsOf, whoActed } from './alert-updates.ts';
import type { DeskDeps } from './desk-context.ts';
import { eventLabel } from './thread-view.ts';

/** How long after its link an alert may have been missed by a change's read (seconds). */
const MISSED_WITHIN_SECONDS = 60;

export interface LateAlertsDeps {
  workflow: Pick<DeskDeps['workflow'], 'alertMessages' | 'get' | 'lastEvent'>;
  officials: Pick<DeskDeps['officials'], 'get' | 'groupByChat'>;
  outbox: Outbox;
}

/**
 * Redraws the report's alerts that were drawn before its last change: the one message given
 * (just linked), or every alert linked in the last minute. Says how many edits it stored.
 */
export async function redrawLateAlerts(
  deps: LateAlertsDeps,
  reportId: number,
  which: { chatId: string; messageId: number } | 'recent',
): Promise<number> {
  const linked = await deps.workflow.alertMessages(
    reportId,
    which === 'recent' ? { linkedWithinSeconds: MISSED_WITHIN_SECONDS } : {},
  );
  const candidates = linked.filter(
    (l) =>
      l.drawnAt !== null &&
      (which === 'recent' || (l.chatId === which.chatId && l.messageId === which.messageId)),
  );
  if (candidates.length === 0) return 0;
  const last = await deps.workflow.lastEvent(reportId);
  if (!last) return 0;
  const stale = candidates.filter((l) => l.drawnAt !== null && last.createdAt > l.drawnAt);
  if (stale.length === 0) return 0;
  const report = await deps.workflow.get(reportId);
  if (!report) return 0;
  const edits = alertEdits(
    await alertsOf(deps, stale),
    report,
    describeAction(
      (lang) => eventLabel(last, lang, report.unitName),
      await actorOf(deps, last),
      last.createdAt,
    ),
    last.id,
  );
  for (const edit of edits) await deps.outbox.enqueue(edit);
  return edits.length;
}

/** Who made the change, as the alerts name them. */
async function actorOf(
  deps: Pick<LateAlertsDeps, 'officials'>,
  event: ReportEventEntry,
): Promise<PerLang<string>> {
  if (event.actorKind === 'official' && event.actorId !== null) {
    const official = await deps.officials.get(event.actorId);
    if (official) return whoActed(official);
  }
  const by = event.actorKind === 'citizen' ? HISTORY.byCitizen : HISTORY.bySystem;
  return (lang: Lang) => by[lang];
}

/**
 * The delivery queue's hook after a send is recorded and linked: every alert in it (a digest
 * carries several reports' alerts) is checked against its report's last change.
 */
export function lateAlertsAfterSent(
  deps: LateAlertsDeps,
): (sent: readonly Delivery[]) => Promise<void> {
  return async (sent) => {
    for (const delivery of sent) {
      const messageId = delivery.messageIds.at(-1);
      if (delivery.link?.kind !== 'alert' || messageId === undefined) continue;
      // Nearly always unchanged: one read decides it, on the send path (bench:routing).
      const last = await deps.workflow.lastEvent(delivery.link.reportId);
      if (!last || last.createdAt <= delivery.createdAt) continue;
      await redrawLateAlerts(deps, delivery.link.reportId, {
        chatId: delivery.chatId,
        messageId,
      });
    }
  };
}
