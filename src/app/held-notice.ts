/**
 * An official's answer to a citizen on a channel that holds it for later (Zalo, when the
 * citizen has not written for 48 hours or has had 8 replies since): whoever handles the report
 * is told, once per report and day, that it waits and goes out when the citizen writes again,
 * naming the report's unit as what it is («Zalo chỉ cho phường trả lời…»).
 * Nothing is lost: the channel keeps the message.
 */
import { msgHtml } from '../texts/localized.ts';
import { NOTICE } from '../texts/official.ts';
import { unitWord } from '../texts/report.ts';
import { localDate } from '../core/local-date.ts';
import type { Delivery } from './ports/outbox.ts';
import { currentHandlers } from './desk/alert-updates.ts';
import type { OfficialDirectory } from './ports/official-directory.ts';
import type { Outbox } from './ports/outbox.ts';
import type { ReportStore } from './ports/report-store.ts';

export interface HeldNoticeDeps {
  workflow: Pick<ReportStore, 'get'>;
  officials: Pick<OfficialDirectory, 'get' | 'positionsOfUnit'>;
  outbox: Outbox;
}

export function createHeldNotice(deps: HeldNoticeDeps) {
  return async function tellHeld(delivery: Delivery): Promise<void> {
    // Notices of status changes wait too, but only an official's own words need saying.
    if (delivery.link?.kind !== 'answer' || delivery.reportId === undefined) return;
    const report = await deps.workflow.get(delivery.reportId);
    if (!report) return;
    const day = localDate(delivery.createdAt);
    for (const official of await currentHandlers(deps, report))
      await deps.outbox.enqueue({
        dedupeKey: `held-${report.id}-${official.id}-${day}`,
        chatId: official.chatId,
        officialId: official.id,
        reportId: report.id,
        message: {
          type: 'text',
          chatId: official.chatId,
          text: msgHtml(NOTICE.heldAnswer, official.lang, {
            ticket: report.ticketCode,
            unit: unitWord(report.unitName, official.lang),
          }),
        },
      });
  };
}
