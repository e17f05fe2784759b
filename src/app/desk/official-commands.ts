/**
 * What officials type: /whoami, /stats, /viec (the tickets waiting for them), /web (a one-time
 * link to the dashboard), /xem <mã phiếu>, /tl <mã phiếu> <nội dung> (answer the
 * citizen), /ghichu <mã phiếu> <nội dung> (a private note, never sent to the citizen), /xoa (in
 * reply to one's own relayed message: take it back), /lang vi|en (the language the official
 * reads gopy in; in a staff group, the group's), /huy, /help. A command about a ticket is
 * honoured only for an official of that ticket's commune (authorizeOfficial); a ticket of
 * another commune reads as not found, so nothing leaks about it.
 */
import { joinHtml } from '../../core/html.ts';
import { isLang } from '../../core/lang.ts';
import { msg, msgHtml, type Localized } from '../../texts/localized.ts';
import { DESK } from '../../texts/official.ts';
import { findTicketCode } from '../../core/ticket-code.ts';
import type { OfficialRecord } from '../ports/official-directory.ts';
import type { ReportForOfficials } from '../ports/report-store.ts';
import type { StepResult } from '../ports/conversation.ts';
import { describeOfficial } from '../register-official.ts';
import {
  authorizeOfficial,
  ownUnitOf,
  refusalText,
  type DeskAction,
} from './authorize-official.ts';
import type { DeskDeps, Turn } from './desk-context.ts';
import { relayToCitizen, retract } from './relay-message.ts';
import { formatTime } from '../report-labels.ts';
import { statsText } from './stats.ts';
import { loadThreadView } from './load-thread-view.ts';
import { alertKeyboard } from '../alert-message.ts';
import { viewerOf } from './alert-updates.ts';
import { myTickets } from './my-tickets.ts';
import { markDuplicate } from './mark-duplicate.ts';

/** Undefined for a command that is not the desk's (a private chat passes it on). */
export async function officialCommand(
  deps: DeskDeps,
  turn: Turn,
  accounts: readonly OfficialRecord[],
  command: string,
  args: string,
): Promise<StepResult | undefined> {
  switch (command) {
    case 'whoami':
      turn.say(accounts.map((o) => describeOfficial(o, turn.lang)).join('\n\n'));
      return turn.done();
    case 'stats': {
      const [first] = accounts;
      if (!first) return undefined;
      const parts = [];
      // An account holding positions in several communes sees each.
      const seen = new Set<string>();
      for (const o of accounts) {
        if (seen.has(o.unitCode)) continue;
        seen.add(o.unitCode);
        parts.push(await statsText(deps, o, turn.now, turn.lang));
      }
      turn.say(joinHtml(parts, '\n\n'));
      return turn.done();
    }
    case 'viec':
      return myTickets(deps, turn, accounts);
    case 'web':
      return webLink(deps, turn, accounts);
    case 'xem':
      return showThread(deps, turn, accounts, args);
    case 'tl':
      return answerByCommand(deps, turn, accounts, args);
    case 'ghichu':
      return note(deps, turn, accounts, args);
    case 'trung':
      return markDuplicate(deps, turn, accounts, args);
    case 'xoa':
      return retract(deps, turn, accounts);
    case 'lang':
      return setLanguage(deps, turn, args);
    case 'huy':
      turn.setPending(undefined);
      turn.say(DESK.cancelled[turn.lang]);
      return turn.done();
    case 'help':
      turn.say(msg(DESK.help, turn.lang, ownUnitOf(accounts, turn.lang)));
      return turn.done();
    case 'start':
      // An official who lives in the commune is a citizen too: /start (and its deep links, a
      // counter's QR code) opens the citizen's menu; /help and /viec are the desk's.
      return undefined;
    default:
      return undefined;
  }
}

/**
 * `/lang en` / `/lang vi`: the language this official reads alerts, digests and answers in (every
 * position the account holds), or in a staff group the group's. Answered in the new language.
 */
async function setLanguage(deps: DeskDeps, turn: Turn, args: string): Promise<StepResult> {
  const wanted = args.trim().toLowerCase();
  if (!isLang(wanted)) {
    turn.say(DESK.langUsage[turn.lang]);
    return turn.done();
  }
  const { event } = turn;
  if (turn.isGroup) await deps.officials.setGroupLang(event.chatId, wanted, event.channel);
  else await deps.officials.setLangByExternalId(event.channel, event.user.id, wanted);
  turn.lang = wanted;
  turn.say((turn.isGroup ? DESK.groupLangSet : DESK.langSet)[wanted]);
  return turn.done();
}

/** The report a command names (by ticket, or by the alert it replies to), if the official may. */
async function reportFor(
  deps: DeskDeps,
  turn: Turn,
  accounts: readonly OfficialRecord[],
  args: string,
  action: DeskAction,
): Promise<
  | { type: 'found'; report: ReportForOfficials; official: OfficialRecord; rest: string }
  | { type: 'missing' }
  | { type: 'refused'; text: string }
> {
  const ticket = findTicketCode(args);
  let report: ReportForOfficials | undefined;
  let rest = args.trim();
  if (ticket) {
    report = await deps.workflow.getByTicket(ticket.code);
    rest = args.replace(/^\s*\S+\s*/, '').trim();
  } else if (turn.event.replyToMessageId !== undefined) {
    const link = await deps.workflow.findLink(turn.event.chatId, turn.event.replyToMessageId);
    if (link) report = await deps.workflow.get(link.reportId);
  }
  if (!report) return { type: 'missing' };
  const access = authorizeOfficial(accounts, report, action);
  if (access.type === 'refused')
    // Another commune's ticket is "not found": its existence is not theirs to learn.
    return access.reason === 'other-commune'
      ? { type: 'missing' }
      : { type: 'refused', text: refusalText(access.reason, turn.lang, accounts, report) };
  return { type: 'found', report, official: access.official, rest };
}

async function showThread(
  deps: DeskDeps,
  turn: Turn,
  accounts: readonly OfficialRecord[],
  args: string,
): Promise<StepResult> {
  const found = await reportFor(deps, turn, accounts, args, 'view');
  if (found.type !== 'found') {
    turn.say(
      found.type === 'refused'
        ? found.text
        : msg(DESK.viewUsage, turn.lang, ownUnitOf(accounts, turn.lang)),
    );
    return turn.done();
  }
  return showReport(deps, turn, found.report, found.official);
}

/**
 * The report as its alert reads, its thread and history, with the action buttons the alert would
 * give this official (the same presses, checked the same way).
 */
export async function showReport(
  deps: DeskDeps,
  turn: Turn,
  report: ReportForOfficials,
  official: OfficialRecord,
): Promise<StepResult> {
  turn.say(
    await loadThreadView(deps, report, turn.lang),
    alertKeyboard(report, turn.isGroup ? 'group' : viewerOf(official), turn.lang),
  );
  return turn.done();
}

/**
 * «📍 Ghim vị trí»: the report's place as a Telegram map pin in the chat that asked, where the
 * official can open it in a map app and navigate. Sent only on request: every message counts
 * against the chat's one a second and the bot's thirty. Each press sends one pin (keyed by the
 * press, so a retried update sends it once).
 */
export async function sendPin(
  deps: DeskDeps,
  turn: Turn,
  report: ReportForOfficials,
): Promise<StepResult> {
  if (report.latitude === null || report.longitude === null)
    return turn.done(DESK.noPlace[turn.lang]);
  const { event } = turn;
  const press = event.body.type === 'button' ? event.body.callbackId : String(event.updateId);
  await deps.outbox.enqueue({
    dedupeKey: `pin-${report.id}-${event.chatId}-${press}`,
    chatId: event.chatId,
    message: {
      type: 'location',
      chatId: event.chatId,
      latitude: report.latitude,
      longitude: report.longitude,
    },
    link: { kind: 'relay', reportId: report.id },
  });
  return turn.done(msg(DESK.sendingPin, turn.lang, { ticket: report.ticketCode }));
}

async function answerByCommand(
  deps: DeskDeps,
  turn: Turn,
  accounts: readonly OfficialRecord[],
  args: string,
): Promise<StepResult> {
  const found = await reportWithText(deps, turn, accounts, args, 'answer', DESK.answerUsage);
  if (!found) return turn.done();
  return relayToCitizen(deps, turn, found.report, found.official, { text: found.rest, files: [] });
}

/**
 * The report a `/tl` or `/ghichu` names (or replies to) and the text after the ticket; says
 * why not (not found, refused, or how to use the command) when there is none.
 */
async function reportWithText(
  deps: DeskDeps,
  turn: Turn,
  accounts: readonly OfficialRecord[],
  args: string,
  action: DeskAction,
  usage: Localized,
): Promise<{ report: ReportForOfficials; official: OfficialRecord; rest: string } | undefined> {
  const found = await reportFor(deps, turn, accounts, args, action);
  if (found.type === 'found' && found.rest !== '') return found;
  turn.say(
    found.type === 'refused'
      ? found.text
      : found.type === 'missing' && findTicketCode(args)
        ? msg(DESK.notFoundInCommune, turn.lang, ownUnitOf(accounts, turn.lang))
        : msg(DESK.usage, turn.lang, { usage: usage[turn.lang] }),
  );
  return undefined;
}

async function note(
  deps: DeskDeps,
  turn: Turn,
  accounts: readonly OfficialRecord[],
  args: string,
): Promise<StepResult> {
  const found = await reportWithText(deps, turn, accounts, args, 'note', DESK.noteUsage);
  if (!found) return turn.done();
  await deps.workflow.addThreadMessage({
    reportId: found.report.id,
    direction: 'note',
    authorKind: 'official',
    authorId: found.official.id,
    text: found.rest,
    ...turn.source(),
  });
  turn.say(msgHtml(DESK.noteSaved, turn.lang, { ticket: found.report.ticketCode }));
  return turn.done();
}

/** `/web`: a one-time sign-in link, in a private chat only (whoever holds it gets in). */
async function webLink(
  deps: DeskDeps,
  turn: Turn,
  accounts: readonly OfficialRecord[],
): Promise<StepResult> {
  if (turn.isGroup) {
    turn.say(DESK.webPrivateOnly[turn.lang]);
    return turn.done();
  }
  if (!deps.webSignIn) {
    turn.say(DESK.webOff[turn.lang]);
    return turn.done();
  }
  const link = await deps.webSignIn.issueLink({
    channel: turn.event.channel,
    externalId: turn.event.user.id,
  });
  // A province administrator opens the province's pages, not only a commune's.
  const text = accounts.some((o) => o.role === 'admin') ? DESK.webLinkProvince : DESK.webLink;
  turn.say(
    msgHtml(text, turn.lang, {
      ...ownUnitOf(accounts, turn.lang),
      url: link.url,
      time: formatTime(link.expiresAt),
    }),
  );
  return turn.done();
}
