/**
 * The one entry point for every inbound event, whatever the channel or framework. It loads the
 * chat's session, drops redelivered updates, steers the event to the officials' desk or the
 * citizen's conversation, saves the new state with compare-and-set, and only then replies
 * (persist, then reply). The replies are saved in the same write (the reply outbox) and marked
 * sent one by one: a process killed in between leaves them stored, and Telegram's redelivery of
 * the update (webhook mode: it was never answered 200) sends the ones not marked sent.
 */
import { sessionKey } from './session-key.ts';
import { sleep } from '../core/timing.ts';
import { ChannelError } from '../channels/channel-error.ts';
import type { InboundEvent, OutboundMessage } from '../channels/types.ts';
import type { Logger } from '../logger.ts';
import { INITIAL_CHAT_STATE, type ChatState } from './chat-state.ts';
import type { ChatSessions, PendingReplies } from './ports/chat-sessions.ts';
import type { FloodGuard } from './ports/flood-guard.ts';
import type { OfficialDesk, ReplySender, StepResult } from './ports/conversation.ts';
import { TEXT } from '../texts/citizen.ts';
import { t } from '../texts/localized.ts';

/** How many recent update ids a session remembers (Telegram redelivers recent ones only). */
const REMEMBERED_UPDATES = 50;
/** Losing a compare-and-set means another update of the same chat won; retry on fresh state. */
const MAX_ATTEMPTS = 5;
/**
 * A reply Telegram refuses with 429 (about one message per second per chat) is sent again after
 * the wait it asks for, up to this long: the state is already saved, and a reply lost now would
 * leave the citizen without the next question or their ticket code.
 */
const MAX_REPLY_WAIT_SECONDS = 10;
const MAX_REPLY_RETRIES = 3;
/** Updates whose replies are kept until sent; older unsent ones give way (bounded row size). */
const OUTBOX_ENTRIES = 5;

export type InboundOutcome = 'handled' | 'duplicate' | 'resent' | 'flood' | 'ignored';

export interface CitizenConversationPort {
  handle(event: InboundEvent, state: ChatState): Promise<StepResult>;
}

export interface HandleInboundDeps {
  sessions: ChatSessions;
  reply: ReplySender;
  citizen: CitizenConversationPort;
  officials: OfficialDesk;
  flood: FloodGuard;
  /** After an erasure's answer is out: the channel forgets the chat too (see ChannelSender). */
  forgetChat?: (channel: InboundEvent['channel'], chatId: string) => Promise<void>;
  logger: Logger;
  /**
   * The deployment's name for the bot an event came through ('' for BOT_TOKEN's): each bot's
   * conversations are their own (session-key.ts). Absent: one bot.
   */
  botOf?: (eventBot: string | undefined) => string;
}

export function createHandleInbound(deps: HandleInboundDeps) {
  return async function handleInbound(event: InboundEvent): Promise<InboundOutcome> {
    const key = sessionKey(event, deps.botOf?.(event.bot) ?? '');
    // Made when something is logged: a pino child per update cost more than most of the rest
    // of this function (bench:intake), and nearly every update logs nothing.
    let child: Logger | undefined;
    const log = () =>
      (child ??= deps.logger.child({ updateId: event.updateId, chat: event.chatType }));

    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      // The flood count (Redis) is taken while the session loads (PostgreSQL): one wait instead
      // of two on every update. A redelivered update is counted too; it is dropped just below.
      const [stored, flood] = await Promise.all([
        deps.sessions.load(key),
        attempt === 1 && event.chatType === 'private' ? deps.flood.hit(key) : ('ok' as const),
      ]);
      // Update ids are numbered per bot: those remembered from another bot (a new token on the
      // same database) say nothing about this one's.
      const sameBot = stored.updatesBot === event.bot;
      const seen = sameBot ? stored.recentUpdateIds : [];
      if (seen.includes(event.updateId)) {
        const unsent = stored.outbox.find(
          (o) => o.updateId === event.updateId && o.sent < o.messages.length,
        );
        if (unsent) {
          // Saved, but the process stopped before every reply went out: send the rest.
          log().info({ left: unsent.messages.length - unsent.sent }, 'resending unsent replies');
          if (event.body.type === 'button') await answerButton(event, undefined);
          await sendReplies(key, event, unsent, log);
          return 'resent';
        }
        // A button press is answered before its replies are sent, so it was answered the first
        // time (Telegram refuses a second answer).
        log().debug('duplicate update dropped');
        return 'duplicate';
      }
      if (flood !== 'ok') {
        const lang = stored.state?.lang ?? 'vi';
        if (event.body.type === 'button') await answerButton(event, t(TEXT.floodNote, lang));
        else if (flood === 'limited')
          // A note the channel refuses is not worth a redelivery: the update is dropped anyway.
          await deps
            .reply(
              { type: 'text', chatId: event.chatId, text: t(TEXT.floodNote, lang) },
              event.channel,
              event.bot,
            )
            .catch((err: unknown) => {
              if (!(err instanceof ChannelError)) throw err;
              log().debug({ err }, 'flood note not sent');
            });
        return 'flood';
      }

      const state = stored.state ?? INITIAL_CHAT_STATE;
      const step =
        (await deps.officials.handle(event, state)) ??
        (event.chatType === 'private' ? await deps.citizen.handle(event, state) : undefined);
      const recentUpdateIds = [...seen, event.updateId].slice(-REMEMBERED_UPDATES);
      const replies: PendingReplies = {
        updateId: event.updateId,
        messages: step?.messages ?? [],
        sent: 0,
      };
      // Unsent replies are keyed by update id too: another bot's are not this one's to resend.
      const outbox = [
        ...(sameBot ? stored.outbox.filter((o) => o.sent < o.messages.length) : []),
        ...(replies.messages.length ? [replies] : []),
      ].slice(-OUTBOX_ENTRIES);
      const saved = await deps.sessions.save(key, stored.revision, {
        state: step?.state ?? state,
        recentUpdateIds,
        updatesBot: event.bot,
        outbox,
      });
      if (!saved) {
        log().debug({ attempt }, 'session changed meanwhile; retrying on fresh state');
        continue;
      }
      // The button's answer (its spinner, a toast) and the replies are independent calls: sent
      // side by side, the chat gets its next message one Bot API round trip sooner.
      await Promise.all([answerButton(event, step?.toast), sendReplies(key, event, replies, log)]);
      if (step?.forget) {
        await deps.sessions.forget(key);
        if (event.chatType === 'private') await deps.forgetChat?.(event.channel, event.chatId);
      }
      return step ? 'handled' : 'ignored';
    }
    throw new Error(`session ${key} kept changing; gave up after ${MAX_ATTEMPTS} attempts`);
  };

  /**
   * Sends the replies not yet sent, in order, marking each one sent as soon as the channel took
   * it. A 429 waits and sends again; a chat that blocked the bot gets nothing more, and a reply
   * the channel refuses (400) is skipped: neither would go through on a redelivery. Anything
   * else is thrown to the intake (webhook: 500, so Telegram redelivers and the rest is resent).
   */
  async function sendReplies(
    key: string,
    from: Pick<InboundEvent, 'channel' | 'bot' | 'webhook'>,
    replies: PendingReplies,
    log: () => Logger,
  ): Promise<void> {
    const { messages, updateId } = replies;
    for (let i = replies.sent; i < messages.length; i++) {
      const message = messages[i]!;
      for (let retry = 0; ; retry++) {
        try {
          await deps.reply(message, from.channel, from.bot);
          break;
        } catch (err) {
          if (!(err instanceof ChannelError)) throw err;
          if (err.reason === 'blocked') {
            log().info('chat blocked the bot; replies dropped');
            await deps.sessions.markRepliesSent(key, updateId, messages.length);
            return;
          }
          if (err.reason === 'bad_request') {
            log().error({ err, reply: i }, 'reply refused by the channel; skipped');
            break;
          }
          const wait = err.retryAfterSeconds ?? 1;
          if (err.reason !== 'rate_limited' || retry >= MAX_REPLY_RETRIES) throw err;
          if (wait > MAX_REPLY_WAIT_SECONDS) throw err;
          log().debug({ wait }, 'reply rate limited; waiting');
          await sleep(wait * 1000);
        }
      }
      // Once all are out and a webhook's answer follows at once, a redelivery can only follow a
      // failure before that answer, as when the last mark is not written yet: the mark is kept
      // with the chat's row in this process (a redelivery here finds it) and written with the
      // chat's next save, one statement less per update.
      const last = i + 1 === messages.length;
      await deps.sessions.markRepliesSent(key, updateId, i + 1, {
        durable: !(last && from.webhook),
      });
    }
  }

  async function answerButton(event: InboundEvent, text: string | undefined): Promise<void> {
    if (event.body.type !== 'button') return;
    const message: OutboundMessage = { type: 'answerButton', callbackId: event.body.callbackId };
    if (text) message.text = text;
    if (event.webhook?.carry(message)) return;
    // A callback query older than a few minutes can no longer be answered; that is harmless.
    await deps
      .reply(message, event.channel, event.bot)
      .catch((err: unknown) => deps.logger.debug({ err }, 'answerButton failed'));
  }
}

export type HandleInbound = ReturnType<typeof createHandleInbound>;
