/**
 * What a relayed message looks like on the other side. The citizen reads the commune's
 * committee ("UBND xã …"), never an official's name or account; officials read "Người dân" and,
 * only when the citizen agreed to be named, their name: never a username, phone or chat id.
 */
import { kindIsSealed } from '../../core/submission-kinds.ts';
import type { Button, ChannelName, OutboundMessage } from '../../channels/types.ts';
import { assertNever } from '../../core/assert-never.ts';
import { html, type Html } from '../../core/html.ts';
import { toLang, type Lang } from '../../core/lang.ts';
import { msg, msgHtml } from '../../texts/localized.ts';
import { CITIZEN_THREAD } from '../../texts/citizen.ts';
import { ALERT } from '../../texts/official.ts';
import { RELAY } from '../../texts/official-thread.ts';
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
  /** The web chat's citizen has no name: officials read the channel instead. */
  citizenChannel?: ChannelName;
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

/** The "Trả lời" button under a message to the citizen, in their language. */
export function replyButton(reportId: number, lang: Lang = 'vi'): Button[][] {
  return [
    [
      {
        type: 'callback',
        label: CITIZEN_THREAD.replyButton[lang],
        data: encodeDeskCallback({ type: 'citizenReply', reportId }),
      },
    ],
  ];
}

/** The language a report's citizen chose (/language): English or, by default, Vietnamese. */
export function citizenLangOf(report: { citizenLang?: string }): Lang {
  return toLang(report.citizenLang);
}

/** Above an official's message to a citizen (or a follower), in its reader's language. */
export function toCitizenHeader(report: ThreadReport, lang: Lang = 'vi'): Html {
  return msgHtml(CITIZEN_THREAD.header, lang, {
    committee: committeeName(report.unitName),
    ticket: report.ticketCode,
  });
}

/**
 * How the citizen is named to officials (in the reader's language): by name only when they did
 * not ask to stay hidden.
 */
export function citizenLabel(report: ThreadReport, lang: Lang = 'vi'): string {
  if (kindIsSealed(report.kind)) return RELAY.sealed[lang];
  if (report.anonymous || !report.citizen) return RELAY.anonymous[lang];
  // Named once, in words: not «Người dân Người dân (web chat)».
  if (report.citizenChannel === 'web') return ALERT.webChatCitizen[lang];
  return report.citizen.displayName
    ? msg(RELAY.named, lang, { name: report.citizen.displayName })
    : ALERT.aCitizen[lang];
}

export function toOfficialsHeader(report: ThreadReport, lang: Lang = 'vi'): Html {
  return html`💬 <b>${report.ticketCode}</b> · ${citizenLabel(report, lang)}:`;
}

/** Under a citizen's message copied to an official or a group, in its reader's language. */
export function toOfficialsFooter(lang: Lang): Html {
  return msgHtml(RELAY.footer, lang);
}

/**
 * The text of a copy (also what an edit or a retraction of it shows), in its reader's language
 * `lang`: an official's, a group's, the citizen's or a follower's.
 */
export function copyText(
  header: Html,
  body: string | Html,
  footer?: Html,
  mark?: 'edited' | 'retracted',
  lang: Lang = 'vi',
): Html {
  if (mark === 'retracted') return html`${header}\n\n${msgHtml(CITIZEN_THREAD.retracted, lang)}`;
  const edited = mark === 'edited' ? html`\n${msgHtml(RELAY.editedMark, lang)}` : '';
  const text = isBlank(body) ? html`` : html`\n\n${body}`;
  return footer ? html`${header}${text}${edited}\n\n${footer}` : html`${header}${text}${edited}`;
}

/**
 * The messages of one copy: a single photo, file or voice note carries the text as its caption
 * (a photo and a voice note also the buttons);
 * otherwise, or with `textApart`, the files go first (photos as an album) and the text with the
 * buttons last; `fileCaption` then labels each file message, so none arrives unexplained.
 * `unitWord` («phường») goes with each file and voice note, for a channel that can only say
 * where to get them.
 */
export function copyMessages(
  chatId: string,
  text: Html,
  files: readonly ThreadFile[],
  buttons?: Button[][],
  options: { textApart?: boolean; fileCaption?: Html; unitWord?: string } = {},
): OutboundMessage[] {
  const withButtons = buttons && buttons.length > 0 ? { buttons } : {};
  const unit = options.unitWord ? { unitWord: options.unitWord } : {};
  const [only] = files;
  if (files.length === 1 && only && !options.textApart)
    switch (only.kind) {
      case 'photo':
        return [{ type: 'photo', chatId, fileId: only.fileId, caption: text, ...withButtons }];
      case 'voice':
        return [
          { type: 'voice', chatId, fileId: only.fileId, caption: text, ...withButtons, ...unit },
        ];
      case 'document':
        // Telegram documents carry no buttons here; a reply to the file still threads.
        return [{ type: 'document', chatId, fileId: only.fileId, caption: text, ...unit }];
      default:
        return assertNever(only.kind, 'thread file');
    }
  const out: OutboundMessage[] = [];
  const caption = options.fileCaption ? { caption: options.fileCaption } : {};
  const photos = files.filter((f) => f.kind === 'photo').map((f) => f.fileId);
  if (photos.length === 1 && photos[0])
    out.push({ type: 'photo', chatId, fileId: photos[0], ...caption });
  else if (photos.length > 1) out.push({ type: 'album', chatId, fileIds: photos, ...caption });
  for (const d of files.filter((f) => f.kind === 'document'))
    out.push({ type: 'document', chatId, fileId: d.fileId, ...caption, ...unit });
  for (const v of files.filter((f) => f.kind === 'voice'))
    out.push({ type: 'voice', chatId, fileId: v.fileId, ...caption, ...unit });
  out.push({ type: 'text', chatId, text, ...withButtons });
  return out;
}

function isBlank(body: string | Html): boolean {
  return (typeof body === 'string' ? body : body.value).trim() === '';
}
