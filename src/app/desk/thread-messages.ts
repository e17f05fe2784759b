/**
 * What a relayed message looks like on the other side. The citizen reads the commune's
 * committee ("UBND xã …"), never an official's name or account; officials read "Người dân" and,
 * only when the citizen agreed to be named, their name: never a username, phone or chat id.
 */
import { kindIsSealed } from '../../core/submission-kinds.ts';
import type { Button, OutboundMessage } from '../../channels/types.ts';
import { assertNever } from '../../core/assert-never.ts';
import { html, type Html } from '../../core/html.ts';
import type { ThreadFile } from '../ports/report-thread.ts';
import { committeeName } from '../alert-message.ts';
import { encodeDeskCallback } from './desk-callback.ts';

export interface ThreadReport {
  id: number;
  ticketCode: string;
  unitName: string;
  kind: string;
  anonymous: boolean;
  citizen?: { displayName: string | null };
}

/**
 * What makes a delivery one part of a thread message in one chat: its dedupe key (one row per
 * message, chat and part, whatever the retries) and the message it carries, from which the
 * message's delivery state is read. The key's shape is kept as it always was, so a retry after
 * an upgrade still finds the row stored before it.
 */
export function threadDelivery(
  threadMessageId: number,
  chatId: string,
  part = 0,
): { dedupeKey: string; threadMessageId: number } {
  return { dedupeKey: `thread-${threadMessageId}-${chatId}-${part}`, threadMessageId };
}

/** The "Trả lời" button under a message to the citizen. */
export function replyButton(reportId: number): Button[][] {
  return [
    [
      {
        type: 'callback',
        label: '✉ Trả lời',
        data: encodeDeskCallback({ type: 'citizenReply', reportId }),
      },
    ],
  ];
}

export function toCitizenHeader(report: ThreadReport): Html {
  return html`🏛 <b>${committeeName(report.unitName)}</b> · phiếu <b>${report.ticketCode}</b>:`;
}

/** How the citizen is named to officials: by name only when they did not ask to stay hidden. */
export function citizenLabel(report: ThreadReport): string {
  if (kindIsSealed(report.kind)) return 'Người tố cáo (được giữ bí mật)';
  if (report.anonymous || !report.citizen) return 'Người dân (ẩn danh)';
  return report.citizen.displayName ? `Người dân ${report.citizen.displayName}` : 'Người dân';
}

export function toOfficialsHeader(report: ThreadReport): Html {
  return html`💬 <b>${report.ticketCode}</b> · ${citizenLabel(report)}:`;
}

export const TO_OFFICIALS_FOOTER = html`<i>Trả lời (Reply) tin nhắn này để nhắn lại người dân.</i>`;

/** The text of a copy (also what an edit of it shows). */
export function copyText(
  header: Html,
  body: string | Html,
  footer?: Html,
  mark?: 'edited' | 'retracted',
): Html {
  if (mark === 'retracted') return html`${header}\n\n<i>Tin nhắn này đã được thu hồi.</i>`;
  const edited = mark === 'edited' ? html`\n<i>(đã sửa)</i>` : '';
  const text = isBlank(body) ? html`` : html`\n\n${body}`;
  return footer ? html`${header}${text}${edited}\n\n${footer}` : html`${header}${text}${edited}`;
}

/**
 * The messages of one copy: a single photo, file or voice note carries the text as its caption
 * (a photo and a voice note also the buttons);
 * otherwise, or with `textApart`, the files go first (photos as an album) and the text with the
 * buttons last.
 */
export function copyMessages(
  chatId: string,
  text: Html,
  files: readonly ThreadFile[],
  buttons?: Button[][],
  options: { textApart?: boolean } = {},
): OutboundMessage[] {
  const withButtons = buttons && buttons.length > 0 ? { buttons } : {};
  const [only] = files;
  if (files.length === 1 && only && !options.textApart)
    switch (only.kind) {
      case 'photo':
      case 'voice':
        return [{ type: only.kind, chatId, fileId: only.fileId, caption: text, ...withButtons }];
      case 'document':
        // Telegram documents carry no buttons here; a reply to the file still threads.
        return [{ type: 'document', chatId, fileId: only.fileId, caption: text }];
      default:
        return assertNever(only.kind, 'thread file');
    }
  const out: OutboundMessage[] = [];
  const photos = files.filter((f) => f.kind === 'photo').map((f) => f.fileId);
  if (photos.length === 1 && photos[0]) out.push({ type: 'photo', chatId, fileId: photos[0] });
  else if (photos.length > 1) out.push({ type: 'album', chatId, fileIds: photos });
  for (const d of files.filter((f) => f.kind === 'document'))
    out.push({ type: 'document', chatId, fileId: d.fileId });
  for (const v of files.filter((f) => f.kind === 'voice'))
    out.push({ type: 'voice', chatId, fileId: v.fileId });
  out.push({ type: 'text', chatId, text, ...withButtons });
  return out;
}

function isBlank(body: string | Html): boolean {
  return (typeof body === 'string' ? body : body.value).trim() === '';
}
