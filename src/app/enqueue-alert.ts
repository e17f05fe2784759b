/**
 * Stores the alert about a report for one official or group chat, as deliveries: what routing
 * (route-report.ts) and the fallback (reroute-unreachable.ts) both send.
 */
import type { Html } from '../core/html.ts';
import type { OfficialRecord } from './ports/official-directory.ts';
import type { ReportForOfficials } from './ports/report-store.ts';
import { digestPart } from './alert-digest.ts';
import { alertMessages, type AlertViewer } from './alert-message.ts';
import type { NewDelivery, Outbox } from './ports/outbox.ts';
import type { Lang } from '../core/lang.ts';
import type { PerLang } from '../texts/localized.ts';

/** The alert buttons an official sees follow their role (a group sees them all). */
export function viewerOf(official: Pick<OfficialRecord, 'role'>): AlertViewer {
  return official.role;
}

/**
 * Stores one alert (its photo with the text as caption, or photos then the text) for one chat. `key` makes the
 * dedupe keys: the same key twice stores nothing new. A plain new alert (no heading or note of its
 * own, not a photo's caption) may go out joined with the chat's other waiting ones as a digest
 * (alert-digest.ts).
 */
export async function enqueueAlert(
  outbox: Outbox,
  report: ReportForOfficials,
  recipient: AlertRecipient,
  key: string,
  extra: AlertExtra = {},
): Promise<void> {
  for (const delivery of alertDeliveries(report, recipient, key, extra))
    await outbox.enqueue(delivery);
}

export interface AlertRecipient {
  chatId: string;
  officialId?: number;
  viewer: AlertViewer;
  lang?: Lang;
}
export interface AlertExtra {
  heading?: PerLang<string>;
  note?: PerLang<Html | string>;
}

/** The deliveries of one alert (see enqueueAlert), for storing with a status change. */
export function alertDeliveries(
  report: ReportForOfficials,
  recipient: AlertRecipient,
  key: string,
  extra: AlertExtra = {},
): NewDelivery[] {
  const lang = recipient.lang ?? 'vi';
  const messages = alertMessages(recipient.chatId, report, extra.heading, {
    viewer: recipient.viewer,
    lang,
    ...(extra.note !== undefined ? { note: extra.note } : {}),
  });
  // One photo carries its alert as caption: one message either way, and the official sees the
  // evidence where they act. Several photos are an album, then the alert text: that text joins.
  const plain =
    report.photoFileIds.length !== 1 && extra.heading === undefined && extra.note === undefined;
  return messages.map((message, i): NewDelivery => ({
    dedupeKey: `${key}-${i}`,
    chatId: recipient.chatId,
    message,
    reportId: report.id,
    officialId: recipient.officialId,
    link: {
      // Only the text carries the buttons and threads replies; the photos go before it.
      kind: i === messages.length - 1 ? 'alert' : 'relay',
      reportId: report.id,
      officialId: recipient.officialId,
    },
    ...(plain && i === messages.length - 1
      ? { joinable: digestPart(report, recipient.viewer, lang) }
      : {}),
  }));
}
