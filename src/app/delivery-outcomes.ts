/**
 * What a sent or refused message means for the reports and the officials, told by the delivery
 * queue (queue/delivery-queue.ts) once the row's new state is recorded:
 * - sent: whoever was marked unreachable has come back (unblocked the bot); the last message of
 *   an alert or a relay is linked to its report, so an official's reply to it threads; the first
 *   alert of a report is timed (alert latency);
 * - refused (403): the official is marked unreachable, and a report waiting on them goes to the
 *   next official (reroute-unreachable.ts).
 * Each is safe to run twice (linking and marking are idempotent; the reroute is conditional).
 */
import type { Delivery } from './ports/outbox.ts';
import type { MessageLinks } from './ports/message-links.ts';
import type { OfficialReachability } from './ports/official-directory.ts';
import type { RerouteUnreachable } from './reroute-unreachable.ts';

/** Port of the delivery queue: told once per recorded outcome; errors are logged there. */
export interface DeliveryOutcomes {
  onSent: (delivery: Delivery, messageIds: number[]) => Promise<void>;
  onUnreachable: (delivery: Delivery) => Promise<void>;
}

export interface DeliveryOutcomesDeps {
  officials: OfficialReachability;
  workflow: Pick<MessageLinks, 'linkMessage'>;
  reroute: RerouteUnreachable;
  /** The time from a report's commit to its first alert's delivery, for the alert. */
  alertLatency?: {
    firstAlertLatencyMs(deliveryId: number): Promise<number | undefined>;
    observe(seconds: number): void;
  };
  now: () => Date;
}

export function createDeliveryOutcomes(deps: DeliveryOutcomesDeps): DeliveryOutcomes {
  return {
    async onSent(delivery, messageIds) {
      if (delivery.link?.kind === 'alert' && deps.alertLatency) {
        const ms = await deps.alertLatency.firstAlertLatencyMs(delivery.id);
        if (ms !== undefined) deps.alertLatency.observe(ms / 1000);
      }
      // A message got through: whoever was marked unreachable has come back (unblocked the bot).
      if (delivery.officialId !== undefined)
        await deps.officials.markReachable(delivery.officialId);
      const link = delivery.link;
      const last = messageIds[messageIds.length - 1];
      if (!link || last === undefined) return;
      // An alert is its last message (the text, under a long caption's photo); a relayed album's
      // every photo is one an official may reply to.
      const linked = link.kind === 'relay' ? messageIds : [last];
      for (const messageId of linked)
        await deps.workflow.linkMessage({
          channel: delivery.channel,
          chatId: delivery.chatId,
          messageId,
          reportId: link.reportId,
          officialId: link.officialId,
          kind: link.kind,
          // One message for a photo or a voice note means its caption carried the text (no
          // fallback).
          captioned:
            (delivery.message.type === 'photo' || delivery.message.type === 'voice') &&
            messageIds.length === 1,
          // What it shows was drawn when its row was stored (late-alerts.ts).
          drawnAt: delivery.createdAt,
        });
    },
    async onUnreachable(delivery) {
      if (delivery.officialId === undefined) return;
      await deps.officials.markUnreachable(delivery.officialId, deps.now());
      // A refused message about a report: the report goes to the next official.
      if (delivery.reportId !== undefined)
        await deps.reroute({ reportId: delivery.reportId, officialId: delivery.officialId });
    },
  };
}
