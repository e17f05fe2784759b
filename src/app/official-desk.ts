/**
 * The officials' side, and the citizen's side of a report's thread. This file only steers an
 * event to the part of the desk (src/app/desk/) that handles it; it returns undefined for
 * events that are not the desk's, so the citizen's conversation gets them.
 *
 * - invites (`/start inv_<code>`), in private chats;
 * - alert buttons `o.*` (official-actions, resolve-report), authorised on every press;
 * - the citizen's buttons `v.*` / `c.*` (citizen-verdict);
 * - officials' commands (official-commands), the answer they are in the middle of giving, and
 *   replies to alerts or relayed messages (relay-message);
 * - citizens' replies to the commune's messages, their comment on a reopen, edits;
 * - the clock: reminders, escalation, auto-close and the daily digest (deadlines).
 * In a registered staff group strangers get no answer at all.
 */
import type { InboundEvent } from '../channels/types.ts';
import type { ChatState } from './chat-state.ts';
import { parseDeepLink } from './deep-link.ts';
import { digestReplyHelp, digestReplyTarget } from './alert-digest.ts';
import type { OfficialDesk, StepResult } from './ports/conversation.ts';
import { createRegisterOfficial } from './register-official.ts';
import { assertNever } from '../core/assert-never.ts';
import type { OfficialRecord } from './ports/official-directory.ts';
import { authorizeOfficial, refusalText, type DeskAction } from './desk/authorize-official.ts';
import { citizenButton, citizenReply, reopenWithComment } from './desk/citizen-verdict.ts';
import { digestDay, sendDailyDigests } from './desk/daily-digest.ts';
import { remindAndEscalate, type SweepCounts } from './desk/deadlines.ts';
import { contentOf, createTurn, type DeskDeps, type Turn } from './desk/desk-context.ts';
import {
  callbackAudience,
  decodeDeskCallback,
  type DeskCallback,
  type OfficialAction,
} from './desk/desk-callback.ts';
import { closePicker, isPickerChoice, pickerClosed } from './desk/desk-picker.ts';
import { isReportCitizen } from './desk/report-citizen.ts';
import {
  acknowledge,
  assign,
  extend,
  finishExtend,
  finishPass,
  pass,
} from './desk/official-actions.ts';
import { officialCommand, sendPin, showReport } from './desk/official-commands.ts';
import { relayEdit, relayToCitizen, relayToOfficials } from './desk/relay-message.ts';
import { continueResolve, resolveButton } from './desk/resolve-report.ts';
import type { Lang } from '../core/lang.ts';
import { DESK } from '../texts/official.ts';
import { CITIZEN_RELAY } from '../texts/citizen.ts';

export type OfficialDeskDeps = DeskDeps;
export type { SweepCounts } from './desk/deadlines.ts';

export interface OfficialDeskService extends OfficialDesk {
  /** Reminders, escalations, auto-close and (when due) the daily digest; for the sweep. */
  remindAndEscalate(now?: Date): Promise<SweepCounts>;
  /** Only the daily digest (sent when due, once per leader and day). */
  digest(now?: Date): Promise<number>;
}

/** Which desk action a button needs the official to be allowed. */
const BUTTON_ACTIONS: Record<Exclude<OfficialAction, 'huy'>, DeskAction> = {
  ack: 'acknowledge',
  asg: 'assign',
  res: 'resolve',
  pass: 'pass',
  ext: 'extend',
  xem: 'view',
  ghim: 'view',
};

export function createOfficialDesk(deps: OfficialDeskDeps): OfficialDeskService {
  const register = createRegisterOfficial({
    officials: deps.officials,
    now: deps.now,
    ...(deps.onOfficialRegistered ? { onRegistered: deps.onOfficialRegistered } : {}),
  });
  // The day whose digests this process has sent: later sweeps that day skip the queries. Only
  // a shortcut: once per leader and day is the outbox's dedupe key, across processes too.
  let digestsSentOn: string | undefined;
  const digestOnce = async (now: Date): Promise<number> => {
    const day = digestDay(deps, now);
    if (!day || day === digestsSentOn) return 0;
    const sent = await sendDailyDigests(deps, now);
    digestsSentOn = day;
    return sent;
  };

  return {
    async handle(event: InboundEvent, incoming: ChatState): Promise<StepResult | undefined> {
      const turn = createTurn(event, incoming, deps.now());
      const body = event.body;
      // A citizen's button is answered in the chat's language (chosen with /language), as the
      // citizen's conversation answers; a follower's verdict and the report's citizen's
      // confirmation, ratings and reopening replies read it.
      const forCitizen = (callback: DeskCallback | undefined) => {
        turn.lang = incoming.lang;
        return citizenButton(deps, turn, callback);
      };

      // Officials are on Telegram only: on any other channel the desk sees a citizen.
      if (event.channel !== 'telegram') {
        if (body.type === 'button')
          return callbackAudience(body.data) === 'citizen'
            ? forCitizen(decodeDeskCallback(body.data))
            : undefined;
        return citizenMessage(turn, incoming.lang);
      }

      if (body.type === 'command' && body.command === 'start') {
        const link = parseDeepLink(body.args);
        if (link.type === 'invite') {
          if (turn.isGroup) return turn.done(); // an invite is personal: never in a group
          // An official taking another position is answered in the language they chose.
          const held = await deps.officials.findActiveByExternalId(event.channel, event.user.id);
          turn.say(
            await register({
              payload: body.args,
              user: event.user,
              chatId: event.chatId,
              ...(held.length > 0 ? { lang: languageOf(held) } : {}),
            }),
          );
          return turn.done();
        }
      }

      if (body.type === 'button') {
        const audience = callbackAudience(body.data);
        if (!audience) return undefined;
        const callback = decodeDeskCallback(body.data);
        return callback?.type === 'official'
          ? officialButton(turn, callback, incoming.lang)
          : audience === 'citizen'
            ? forCitizen(callback)
            : turn.done(DESK.invalidButton[turn.lang]);
      }

      const accounts = await deps.officials.findActiveByExternalId(event.channel, event.user.id);
      if (turn.isGroup) {
        if (body.type === 'botMembership' && body.status === 'removed') {
          await deps.officials.deactivateGroup(event.chatId);
          return turn.done();
        }
        const group = await deps.officials.groupByChat(event.chatId);
        // Strangers in a group, or a group no commune registered: stay silent.
        if (!group || accounts.length === 0) return turn.done();
        turn.lang = group.lang;
        return (await officialMessage(turn, accounts)) ?? turn.done();
      }
      if (accounts.length > 0) {
        turn.lang = languageOf(accounts);
        const handled = await officialMessage(turn, accounts);
        if (handled) return handled;
      } else if (body.type === 'command' && body.command === 'whoami') {
        // Not an official: answered as gopy answers anyone who is not one, in the chat's
        // language (Vietnamese unless chosen with /language), not the Telegram client's.
        turn.say(DESK.notAnOfficial[incoming.lang]);
        return turn.done();
      }
      // An official's own message not handled as one (an edit of a relayed message) is answered
      // in the official's language; anyone else's in the chat's.
      return citizenMessage(turn, accounts.length > 0 ? turn.lang : incoming.lang);
    },

    async remindAndEscalate(now = deps.now()) {
      return remindAndEscalate(deps, now, digestOnce);
    },

    async digest(now = deps.now()) {
      return digestOnce(now);
    },
  };

  /** `chatLang`: the presser's chat language (chosen with /language), for one who is no official. */
  async function officialButton(
    turn: Turn,
    parsed: Extract<DeskCallback, { type: 'official' }>,
    chatLang: Lang,
  ): Promise<StepResult> {
    const accounts = await deps.officials.findActiveByExternalId(
      turn.event.channel,
      turn.event.user.id,
    );
    // Not an official: answered as gopy answers anyone who is not one (see /whoami).
    if (accounts.length === 0) return turn.done(refusalText('not-official', chatLang, accounts));
    turn.lang = turn.isGroup
      ? ((await deps.officials.groupByChat(turn.event.chatId))?.lang ?? languageOf(accounts))
      : languageOf(accounts);
    // A picker whose choice was taken answers a second press and does nothing (desk-picker.ts).
    if (isPickerChoice(parsed) && pickerClosed(turn)) return turn.done(DESK.pickerUsed[turn.lang]);
    if (parsed.action === 'huy') {
      // A question's «Hủy» (no argument) cancels only a question of this report this person is
      // still asked: one under a question answered since, or asked of another, cancels nothing.
      // A list's («huy.list», nothing asked yet) closes the list.
      if (parsed.arg === undefined) {
        if (turn.pending()?.reportId !== parsed.reportId)
          return turn.done(DESK.nothingToCancel[turn.lang]);
        turn.setPending(undefined);
      }
      closePicker(turn, DESK.cancelledHere[turn.lang]);
      return turn.done(DESK.cancelledToast[turn.lang]);
    }
    const report = await deps.workflow.get(parsed.reportId);
    if (!report) return turn.done(DESK.ticketNotFound[turn.lang]);
    const access = authorizeOfficial(accounts, report, BUTTON_ACTIONS[parsed.action]);
    if (access.type === 'refused')
      return turn.done(refusalText(access.reason, turn.lang, accounts, report));
    const official = access.official;
    // A new button press abandons a question left half answered, except a canned answer and
    // keeping a late promised date, which continue the open draft.
    const continuesDraft =
      parsed.action === 'res' && (parsed.arg?.startsWith('cr') || parsed.arg === 'late');
    if (!continuesDraft) turn.setPending(undefined);
    switch (parsed.action) {
      case 'ack':
        return acknowledge(deps, turn, report, official);
      case 'asg':
        return assign(deps, turn, report, official, parsed.arg);
      case 'res':
        return resolveButton(deps, turn, report, official, parsed.arg);
      case 'pass':
        return pass(deps, turn, report, official, parsed.arg);
      case 'ext':
        return extend(deps, turn, report);
      case 'xem':
        return showReport(deps, turn, report, official);
      case 'ghim':
        return sendPin(deps, turn, report);
      default:
        return assertNever(parsed.action, 'official action');
    }
  }

  /** Messages of an official: commands, the answer being given, replies to alerts, edits. */
  async function officialMessage(
    turn: Turn,
    accounts: OfficialRecord[],
  ): Promise<StepResult | undefined> {
    const { event } = turn;
    const body = event.body;
    if (body.type === 'command')
      return officialCommand(deps, turn, accounts, body.command, body.args);
    if (body.type === 'edited') return relayEdit(deps, turn, body.text);

    // A reply to an alert or a relayed message is meant for the citizen of that report.
    if (event.replyToMessageId !== undefined) {
      const links = await deps.workflow.findLinks(
        event.chatId,
        event.replyToMessageId,
        event.channel,
      );
      const [link] = links;
      if (link && (link.kind === 'alert' || link.kind === 'relay')) {
        let content = contentOf(event);
        let reportId = link.reportId;
        if (links.length > 1) {
          // A digest: the reply names its report ("#2 …" or a ticket code), or is asked to.
          const reports = [];
          for (const l of links) {
            const r = await deps.workflow.get(l.reportId);
            if (r) reports.push(r);
          }
          const target = content && digestReplyTarget(content.text, reports);
          if (!target || !content || (target.rest.trim() === '' && content.files.length === 0)) {
            turn.say(digestReplyHelp(reports, turn.lang));
            return turn.done();
          }
          reportId = target.reportId;
          content = { ...content, text: target.rest };
        }
        const report = await deps.workflow.get(reportId);
        if (!report) return turn.done();
        const access = authorizeOfficial(accounts, report, 'answer');
        if (access.type === 'refused') {
          turn.say(refusalText(access.reason, turn.lang, accounts, report));
          return turn.done();
        }
        if (!content) {
          turn.say(DESK.relayOnlyContent[turn.lang]);
          return turn.done();
        }
        return relayToCitizen(deps, turn, report, access.official, content);
      }
    }

    const pending = turn.pending();
    if (
      pending &&
      (pending.type === 'pass' || pending.type === 'extend' || pending.type === 'resolve')
    ) {
      const report = await deps.workflow.get(pending.reportId);
      const action: DeskAction = pending.type === 'resolve' ? 'resolve' : pending.type;
      const access = report && authorizeOfficial(accounts, report, action);
      if (!report || !access || access.type === 'refused') {
        turn.setPending(undefined);
        turn.say(DESK.notWaitingForYou[turn.lang]);
        return turn.done();
      }
      const content = contentOf(event);
      switch (pending.type) {
        case 'resolve':
          return continueResolve(deps, turn, report, access.official, pending, content);
        case 'pass':
          if (!content?.text.trim()) return askAgain(turn, DESK.passReasonAsText[turn.lang]);
          return finishPass(deps, turn, report, access.official, pending, content);
        case 'extend':
          if (!content?.text.trim()) return askAgain(turn, DESK.extendReasonAsText[turn.lang]);
          return finishExtend(deps, turn, report, access.official, content);
        default:
          return assertNever(pending, 'pending input');
      }
    }
    return turn.isGroup ? turn.done() : undefined;
  }

  /** Messages of a citizen that belong to a report's thread; undefined for everything else. */
  async function citizenMessage(turn: Turn, lang: Lang): Promise<StepResult | undefined> {
    const { event } = turn;
    if (turn.isGroup) return undefined;
    // Answered in the citizen's chat language (chosen with /language), as their buttons are.
    turn.lang = lang;
    const body = event.body;
    const pending = turn.pending();
    if (body.type === 'command') {
      if (body.command === 'huy' && pending) {
        turn.setPending(undefined);
        turn.say(CITIZEN_RELAY.cancelled[turn.lang]);
        return turn.done();
      }
      return undefined;
    }
    if (body.type === 'edited') return relayEdit(deps, turn, body.text);
    const content = contentOf(event);
    if (!content) return undefined;
    if (pending?.type === 'reopen') return reopenWithComment(deps, turn, pending, content);
    if (pending?.type === 'citizenReply') {
      turn.setPending(undefined);
      return citizenReply(deps, turn, pending.reportId, content);
    }
    if (event.replyToMessageId !== undefined) {
      const link = await deps.workflow.findLink(
        event.chatId,
        event.replyToMessageId,
        event.channel,
      );
      if (link && (link.kind === 'answer' || link.kind === 'notice')) {
        const report = await deps.workflow.get(link.reportId);
        if (report && isReportCitizen(report, event))
          return relayToOfficials(deps, turn, report, content);
      }
    }
    return undefined;
  }
}

/**
 * The language of an account: an official holding several positions set it on all of them
 * (/lang), so the first one's is theirs.
 */
function languageOf(accounts: readonly OfficialRecord[]): Lang {
  return accounts[0]?.lang ?? 'vi';
}

function askAgain(turn: Turn, text: string): StepResult {
  turn.say(text);
  return turn.done();
}
