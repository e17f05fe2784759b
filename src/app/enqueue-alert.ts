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
import type { OutboundMessage } from '../channels/types.ts';
import type { Lang } from '../core/lang.ts';
import type { PerLang } from '../texts/localized.ts';

/** The alert buttons an official sees follow their role (a group sees them all). */
export function viewerOf(official: Pick<OfficialRecord, 'role'>): AlertViewer {
  return official.role;
}

/**
 * Stores one alert for one chat (see alertDeliveries). `key` makes the dedupe keys: the same key
 * twice stores nothing new.
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

/**
 * The deliveries of one alert, in the order they go out: the alert first (the text with the
 * buttons, or one photo or voice note with the text as caption), then the media it did not carry
 * (voice notes, the album), each replying to it and yielding to the chat's other waiting messages
 * (`follows`): an official learns of every waiting report first, a second or two before the
 * photos arrive.
 *
 * A plain new alert (no heading or note of its own) may go out joined with the chat's other
 * waiting ones as a digest line (alert-digest.ts); the media it carries alone (a captioned photo
 * or voice note) is then sent after the digest, by one more row sent only in that case.
 *
 * Dedupe keys are `${key}-${i}`, i being the message's place in alertMessages (media first, the
 * alert last), as in the releases that sent them in that order, and new keys get a suffix: a
 * routing retry that an upgrade interrupted finds what was stored before under the same keys,
 * so nothing is sent twice or skipped (what was stored first goes first).
 */
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
  const last = messages.length - 1;
  const alert = messages[last];
  if (alert === undefined) return [];
  const alertKey = `${key}-${last}`;
  const plain = extra.heading === undefined && extra.note === undefined;
  const row = (message: OutboundMessage, dedupeKey: string, kind: 'alert' | 'relay') => ({
    dedupeKey,
    chatId: recipient.chatId,
    message,
    reportId: report.id,
    officialId: recipient.officialId,
    link: { kind, reportId: report.id, officialId: recipient.officialId },
  });
  const rows: NewDelivery[] = [
    {
      // Only the alert carries the buttons; a reply to it or to its media threads (link 'relay').
      ...row(alert, alertKey, 'alert'),
      ...(plain ? { joinable: digestPart(report, recipient.viewer, lang) } : {}),
    },
    ...messages.slice(0, last).map((message, i) => ({
      ...row(message, `${key}-${i}`, 'relay'),
      follows: { dedupeKey: alertKey },
    })),
  ];
  const carried = carriedMedia(alert, report.ticketCode);
  if (plain && carried)
    rows.push({
      ...row(carried, `${alertKey}-media`, 'relay'),
      follows: { dedupeKey: alertKey, onlyIfJoined: true },
    });
  return rows;
}

/**
 * The photo or voice note an alert carries as its caption's message, captioned with the ticket
 * alone (after a digest, it says which line it belongs to).
 */
function carriedMedia(alert: OutboundMessage, ticketCode: string): OutboundMessage | undefined {
  switch (alert.type) {
    case 'photo':
      return { type: 'photo', chatId: alert.chatId, fileId: alert.fileId, caption: ticketCode };
    case 'voice':
      return { type: 'voice', chatId: alert.chatId, fileId: alert.fileId, caption: ticketCode };
    case 'text':
    case 'album':
    case 'location':
    case 'document':
    case 'edit':
    case 'answerButton':
      return undefined;
  }
}
