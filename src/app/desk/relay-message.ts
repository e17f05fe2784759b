/**
 * The thread between a citizen and the commune, relayed by the bot both ways:
 * - an official replies (Telegram reply) to an alert or a relayed citizen message, or writes
 *   `/tl <mã phiếu> <nội dung>`: the citizen receives it from "UBND xã …" with the ticket code;
 * - the citizen replies to that message (or taps "Trả lời"): the assignee and the commune's staff
 *   group receive it in the same thread;
 * - edits of a relayed message update the thread and the copies already delivered;
 * - `/xoa` in reply to one's own relayed message retracts it at the citizen's side.
 *
 * Every message is stored first (author, direction, time; its delivery rows give its delivery
 * state), then sent. Telegram does not tell bots when a user deletes a message, so deleting in
 * Telegram cannot be mirrored: /xoa is the way to take an answer back.
 */
import { html } from '../../core/html.ts';
import type { Lang } from '../../core/lang.ts';
import { msg, msgHtml } from '../../texts/localized.ts';
import { ANSWER, CITIZEN_RELAY, CITIZEN_THREAD } from '../../texts/citizen.ts';
import { RELAY } from '../../texts/official-thread.ts';
import { unitWord, unitWords } from '../../texts/report.ts';
import type { OfficialRecord, OfficialDirectory } from '../ports/official-directory.ts';
import type { ReportForOfficials, ReportStore } from '../ports/report-store.ts';
import type { DeliveredCopy, ThreadEntry, ReportThread } from '../ports/report-thread.ts';
import type { StepResult } from '../ports/conversation.ts';
import { currentHandlers, groupMaySee } from './alert-updates.ts';
import { authorizeOfficial, refusalText } from './authorize-official.ts';
import { isReportCitizen } from './report-citizen.ts';
import type { MessageContent, Turn } from './desk-context.ts';
import { recordAcknowledgement, type AcknowledgeDeps } from './official-actions.ts';
import type { Outbox } from '../ports/outbox.ts';
import {
  citizenLangOf,
  copyMessages,
  copyText,
  replyButton,
  threadDelivery,
  toCitizenHeader,
  toOfficialsFooter,
  toOfficialsHeader,
} from './thread-messages.ts';

/** The `/tl <mã phiếu>` before an official's words, as an edit of such a message repeats it. */
const ANSWER_COMMAND = /^\/tl(?:@\w+)?\s+\S+\s*/i;

/** What the relay reads and writes: the report and its thread, the commune's officials, the outbox. */
export interface RelayDeps {
  workflow: Pick<ReportStore, 'get'> & ReportThread;
  officials: OfficialDirectory;
  outbox: Outbox;
}

/**
 * An official's message to the citizen. The caller has authorised `official` to answer. The
 * first answer to a new report takes it up, as «Tiếp nhận» does: the citizen reading the
 * commune's words must not read «Mới, chờ tiếp nhận» above them, and the time to acknowledge
 * counts it. The deadline still runs until «Đã xử lý» gives the result.
 */
export async function relayToCitizen(
  deps: RelayDeps & AcknowledgeDeps,
  turn: Turn,
  report: ReportForOfficials,
  official: OfficialRecord,
  content: MessageContent,
): Promise<StepResult> {
  if (report.status === 'closed' || report.status === 'submitted') {
    turn.say(
      msgHtml(report.status === 'closed' ? RELAY.closed : RELAY.notRouted, turn.lang, {
        ...unitWords(report.unitName, turn.lang),
        ticket: report.ticketCode,
      }),
    );
    return turn.done();
  }
  const chatId = report.citizenChatId;
  if (!chatId) {
    turn.say((report.citizenChannel === 'open311' ? RELAY.open311 : RELAY.erased)[turn.lang]);
    return turn.done();
  }
  if (report.status === 'routed') {
    // Another official pressing «Tiếp nhận» at the same time wins the same way: either is fine.
    const outcome = await recordAcknowledgement(deps, report, official, turn.now, {
      noticeToCitizen: false,
    });
    if (outcome.type === 'ok') report = outcome.report;
  }
  // In the citizen's language (the official's words as written); each message also in both
  // languages, for the followers' copies.
  const messagesIn = (lang: Lang) =>
    copyMessages(
      chatId,
      copyText(toCitizenHeader(report, lang), content.text),
      content.files,
      replyButton(report.id, lang),
      { unitWord: unitWord(report.unitName) },
    );
  const vi = messagesIn('vi');
  const en = messagesIn('en');
  const messages = citizenLangOf(report) === 'en' ? en : vi;
  // The message, the citizen's copy and the followers' copies are stored together, then queued.
  const { deliveries } = await deps.workflow.addThreadMessageWithDeliveries(
    {
      reportId: report.id,
      direction: 'out',
      authorKind: 'official',
      authorId: official.id,
      text: content.text,
      files: content.files,
      ...turn.source(),
    },
    (threadId) =>
      messages.map((message, i) => ({
        ...threadDelivery(threadId, chatId, i),
        channel: report.citizenChannel,
        chatId,
        message,
        inLang: { vi: vi[i]!, en: en[i]! },
        reportId: report.id,
        link: { kind: 'answer', reportId: report.id },
      })),
  );
  for (const delivery of deliveries) await deps.outbox.enqueue(delivery);
  turn.say(msgHtml(RELAY.sent, turn.lang, { ticket: report.ticketCode }));
  return turn.done();
}

/** A citizen's message to the commune: to whoever handles the report, and the staff group. */
export async function relayToOfficials(
  deps: RelayDeps,
  turn: Turn,
  report: ReportForOfficials,
  content: MessageContent,
): Promise<StepResult> {
  if (report.status === 'closed') {
    turn.say(msgHtml(CITIZEN_RELAY.closed, turn.lang, { ticket: report.ticketCode }));
    return turn.done();
  }
  const threadId = await deps.workflow.addThreadMessage({
    reportId: report.id,
    direction: 'in',
    authorKind: 'citizen',
    text: content.text,
    files: content.files,
    ...turn.source(),
  });
  const targets = await officialTargets(deps, report);
  for (const target of targets) {
    const text = copyText(
      toOfficialsHeader(report, target.lang),
      content.text,
      toOfficialsFooter(target.lang),
      undefined,
      target.lang,
    );
    const messages = copyMessages(target.chatId, text, content.files);
    for (const [i, message] of messages.entries())
      await deps.outbox.enqueue({
        ...threadDelivery(threadId, target.chatId, i),
        chatId: target.chatId,
        message,
        reportId: report.id,
        officialId: target.officialId,
        link: { kind: 'relay', reportId: report.id, officialId: target.officialId },
      });
  }
  turn.setPending(undefined);
  turn.say(
    msgHtml(CITIZEN_RELAY.sent, turn.lang, {
      ticket: report.ticketCode,
      unit: unitWord(report.unitName, turn.lang),
    }),
  );
  return turn.done();
}

/** A chat a citizen's message is copied to, and the language its reader chose. */
interface OfficialTarget {
  chatId: string;
  officialId?: number;
  lang: Lang;
}

/** Who reads a citizen's message: the handlers, and the commune's group unless it is sealed. */
async function officialTargets(
  deps: RelayDeps,
  report: ReportForOfficials,
): Promise<OfficialTarget[]> {
  const targets: OfficialTarget[] = (await currentHandlers(deps, report)).map((o) => ({
    chatId: o.chatId,
    officialId: o.id,
    lang: o.lang,
  }));
  if (groupMaySee(report))
    for (const g of await deps.officials.groupsOfUnit(report.unitCode))
      targets.push({ chatId: g.chatId, lang: g.lang });
  if (targets.length === 0)
    for (const admin of await deps.officials.provinceAdmins(report.provinceCode))
      if (admin.id !== report.aboutOfficialId)
        targets.push({ chatId: admin.chatId, officialId: admin.id, lang: admin.lang });
  // One copy per chat (an official may also sit in the group, which is another chat).
  return targets.filter((t, i) => targets.findIndex((u) => u.chatId === t.chatId) === i);
}

/**
 * A relayed message was edited where it was written: the thread keeps the new text and the
 * copies already delivered show it. A copy with a photo or a file cannot have its text edited
 * the same way, so the new text follows as a reply to it. Undefined: not a relayed message.
 */
export async function relayEdit(
  deps: RelayDeps,
  turn: Turn,
  edited: string,
): Promise<StepResult | undefined> {
  if (turn.event.messageId === undefined) return undefined;
  const entry = await deps.workflow.threadMessageAtSource(turn.event.chatId, turn.event.messageId);
  if (!entry || entry.deletedAt) return undefined;
  const report = await deps.workflow.get(entry.reportId);
  if (!report) return undefined;
  // Only the writer edits, and only while still what they were: an official still active, the
  // citizen still in their own chat.
  if (entry.direction === 'in') {
    if (!isReportCitizen(report, turn.event)) return turn.done();
  } else {
    const author = entry.authorId === null ? undefined : await deps.officials.get(entry.authorId);
    if (!author?.active || author.externalId !== turn.event.user.id) return turn.done();
  }
  // An edited `/tl <mã phiếu> <nội dung>` still carries its command: the thread keeps the words.
  const text = entry.direction === 'out' ? edited.replace(ANSWER_COMMAND, '') : edited;
  if (text !== edited && text.trim() === '') return turn.done();
  if (!(await deps.workflow.editThreadMessage(entry.id, text, turn.now))) return turn.done();
  if (entry.direction === 'note') {
    turn.say(msgHtml(RELAY.noteEdited, turn.lang, { ticket: report.ticketCode }));
    return turn.done();
  }
  const toCitizen = entry.direction === 'out';
  const stamp = turn.now.getTime();
  const groups = toCitizen ? [] : await deps.officials.groupsOfUnit(report.unitCode);
  for (const copy of await deps.workflow.deliveredCopies(entry.id)) {
    // Every copy in its reader's language: the citizen's or a follower's, an official's or a
    // group's.
    const lang: Lang = toCitizen
      ? citizenCopyLang(report, copy)
      : copy.officialId !== undefined
        ? ((await deps.officials.get(copy.officialId))?.lang ?? 'vi')
        : (groups.find((g) => g.chatId === copy.chatId)?.lang ?? 'vi');
    const header = toCitizen
      ? citizenCopyHeader(report, copy, lang)
      : toOfficialsHeader(report, lang);
    const footer = toCitizen ? undefined : toOfficialsFooter(lang);
    // "Trả lời" stays under the citizen's own copy; a follower's never had it.
    const buttons = toCitizen && !copy.follower ? replyButton(report.id, lang) : undefined;
    await deps.outbox.enqueue({
      dedupeKey: `thread-edit-${entry.id}-${copy.chatId}-${stamp}`,
      channel: copy.channel,
      chatId: copy.chatId,
      message:
        entry.files.length === 0
          ? {
              type: 'edit',
              chatId: copy.chatId,
              messageId: copy.messageId,
              text: copyText(header, text, footer, 'edited', lang),
              ...(buttons ? { buttons } : {}),
            }
          : {
              type: 'text',
              chatId: copy.chatId,
              text: html`${header}\n${msgHtml(RELAY.editedTo, lang)}\n${text}`,
              replyToMessageId: copy.messageId,
            },
      reportId: report.id,
    });
  }
  turn.say(
    toCitizen
      ? msgHtml(RELAY.editedAtCitizen, turn.lang, { ticket: report.ticketCode })
      : msgHtml(CITIZEN_RELAY.edited, turn.lang, {
          ticket: report.ticketCode,
          unit: unitWord(report.unitName, turn.lang),
        }),
  );
  return turn.done();
}

/**
 * `/xoa` in reply to one's own relayed message (or note): marks it retracted in the thread and
 * replaces the citizen's copy with a notice (the copy's text is edited; a photo's copy gets the
 * notice as a reply, since its caption cannot be edited as text). Its author, or a leader of the
 * commune, may retract it.
 */
export async function retract(
  deps: RelayDeps,
  turn: Turn,
  accounts: readonly OfficialRecord[],
): Promise<StepResult> {
  const replyTo = turn.event.replyToMessageId;
  const entry: ThreadEntry | undefined =
    replyTo === undefined
      ? undefined
      : await deps.workflow.threadMessageAtSource(turn.event.chatId, replyTo);
  if (!entry || entry.direction === 'in') {
    turn.say(RELAY.retractHow[turn.lang]);
    return turn.done();
  }
  const report = await deps.workflow.get(entry.reportId);
  if (!report) return turn.done();
  const access = authorizeOfficial(accounts, report, 'answer');
  if (access.type === 'refused') {
    turn.say(refusalText(access.reason, turn.lang, accounts, report));
    return turn.done();
  }
  const isAuthor = entry.authorId === access.official.id;
  if (!isAuthor && access.official.role !== 'leader' && access.official.role !== 'admin') {
    turn.say(msg(RELAY.retractNotYours, turn.lang, unitWords(report.unitName, turn.lang)));
    return turn.done();
  }
  if (!(await deps.workflow.retractThreadMessage(entry.id, turn.now))) {
    turn.say(RELAY.alreadyRetracted[turn.lang]);
    return turn.done();
  }
  if (entry.direction === 'note') {
    turn.say(msgHtml(RELAY.noteDeleted, turn.lang, { ticket: report.ticketCode }));
    return turn.done();
  }
  for (const copy of await deps.workflow.deliveredCopies(entry.id)) {
    const lang = citizenCopyLang(report, copy);
    const header = citizenCopyHeader(report, copy, lang);
    await deps.outbox.enqueue({
      dedupeKey: `thread-retract-${entry.id}-${copy.chatId}`,
      channel: copy.channel,
      chatId: copy.chatId,
      message:
        entry.files.length === 0
          ? {
              type: 'edit',
              chatId: copy.chatId,
              messageId: copy.messageId,
              text: copyText(header, '', undefined, 'retracted', lang),
            }
          : {
              type: 'text',
              chatId: copy.chatId,
              text: html`${header}\n${msgHtml(CITIZEN_THREAD.retractedAbove, lang)}`,
              replyToMessageId: copy.messageId,
            },
      reportId: report.id,
    });
  }
  turn.say(msgHtml(RELAY.retracted, turn.lang, { ticket: report.ticketCode }));
  return turn.done();
}

/** The language of a copy of an official's message: a follower's, else the report's citizen's. */
function citizenCopyLang(report: ReportForOfficials, copy: DeliveredCopy): Lang {
  return copy.follower?.lang ?? citizenLangOf(report);
}

/** The header of such a copy as its edit or retraction shows it: a follower's keeps its mark. */
function citizenCopyHeader(report: ReportForOfficials, copy: DeliveredCopy, lang: Lang) {
  const header = toCitizenHeader(report, lang);
  return copy.follower ? html`<i>${ANSWER.followedMark[lang]}</i>\n${header}` : header;
}
