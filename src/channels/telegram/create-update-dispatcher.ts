/**
 * The intake pipeline shared by both drivers and both modes: Update → normalizeTelegramUpdate →
 * onEvent. It is the one error boundary: a failing onEvent is logged with the update id and
 * returned as a value, never thrown into the framework.
 */
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import type { InboundEvent, WebhookAnswer } from '../types.ts';
import { chatKeyOfUpdate, createChatSequencer } from './create-chat-sequencer.ts';
import { normalizeTelegramUpdate } from './normalize-telegram-update.ts';

/** What became of one update. Webhook mode answers 500 on 'failed' so Telegram redelivers. */
export type DispatchOutcome =
  { type: 'handled' } | { type: 'ignored' } | { type: 'failed'; error: unknown };

/** Dependencies of createUpdateDispatcher. */
export interface UpdateDispatcherDeps {
  onEvent: (event: InboundEvent) => Promise<void>;
  /** The bot's username, for `/cmd@bot`; asked once per update (cache it). */
  botUsername: () => Promise<string>;
  /** The bot's id (from its token), stamped on every event: update ids are numbered per bot. */
  botId?: string;
  logger: Logger;
  clock?: () => Date;
}

/** See createUpdateDispatcher. */
export interface UpdateDispatcher {
  /** Normalizes the update and hands it to onEvent. Never rejects. */
  dispatch(update: Update): Promise<DispatchOutcome>;
  /**
   * dispatch(), after every earlier update of the same chat has finished. `webhook`: the update
   * came in a webhook request, answered when this resolves (InboundEvent.webhook).
   */
  dispatchInOrder(update: Update, webhook?: WebhookAnswer): Promise<DispatchOutcome>;
  /** Counts `work` as pending until it settles (for intake that queues before dispatching). */
  track<T>(work: Promise<T>): Promise<T>;
  /** Updates taken in and not finished. */
  pending(): number;
  /** Resolves once fewer than `limit` updates are pending (backpressure for a polling loop). */
  whenBelow(limit: number): Promise<void>;
  /** Resolves once nothing is pending. */
  idle(): Promise<void>;
}

const settled = (): void => undefined;

/** The bot's username could not be had (getMe failed): the update is fine, try it again. */
class BotUsernameError extends Error {
  constructor(override readonly cause: unknown) {
    super('bot username unavailable');
  }
}

/**
 * Builds the dispatcher. Logs hold the update id and never the message text: an ignored update
 * at debug with its kind, a failed one at error with the error.
 */
export function createUpdateDispatcher(deps: UpdateDispatcherDeps): UpdateDispatcher {
  const clock = deps.clock ?? (() => new Date());
  const sequencer = createChatSequencer();
  const inFlight = new Set<Promise<unknown>>();

  function track<T>(work: Promise<T>): Promise<T> {
    inFlight.add(work);
    const forget = () => inFlight.delete(work);
    work.then(forget, forget);
    return work;
  }

  async function botUsername(): Promise<string> {
    try {
      return await deps.botUsername();
    } catch (error) {
      throw new BotUsernameError(error);
    }
  }

  async function run(update: Update, webhook?: WebhookAnswer): Promise<DispatchOutcome> {
    const updateId = update.update_id;
    let event: InboundEvent | undefined;
    try {
      event = normalizeTelegramUpdate(update, await botUsername(), clock());
    } catch (error) {
      // An update whose shape the normalizer cannot read (a field of an unexpected type) will
      // not read better when Telegram sends it again: answer it as ignored, or it is redelivered
      // forever. A failure to reach the bot's username is a real failure: redeliver.
      if (error instanceof BotUsernameError) {
        deps.logger.error({ updateId, err: error.cause }, 'telegram update failed');
        return { type: 'failed', error: error.cause };
      }
      deps.logger.warn({ updateId, err: error }, 'telegram update unreadable; ignored');
      return { type: 'ignored' };
    }
    try {
      if (!event) {
        const kind = Object.keys(update).filter((k) => k !== 'update_id');
        deps.logger.debug({ updateId, kind }, 'telegram update ignored');
        return { type: 'ignored' };
      }
      if (deps.botId !== undefined) event = { ...event, bot: deps.botId };
      await deps.onEvent(webhook ? { ...event, webhook } : event);
      return { type: 'handled' };
    } catch (error) {
      deps.logger.error({ updateId, err: error }, 'telegram update failed');
      return { type: 'failed', error };
    }
  }

  return {
    dispatch: (update) => track(run(update)),
    dispatchInOrder: (update, webhook) =>
      track(sequencer.run(chatKeyOfUpdate(update), () => run(update, webhook))),
    track,
    pending: () => inFlight.size,
    async whenBelow(limit) {
      while (inFlight.size >= limit) {
        await Promise.race([...inFlight].map((p) => p.then(settled, settled)));
      }
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
