/**
 * What Telegram's webhook endpoint decides, the same for both drivers, with no HTTP in it (the
 * route, src/http/routes/telegram-webhook.ts, turns the answers into status codes): is the
 * caller Telegram (the secret token), is gopy still taking updates, and was the update handled.
 * Telegram redelivers an update until it gets a 2xx, so an update counts as handled only once
 * onEvent has finished, and never when it failed.
 *
 * The answer may carry one Bot API call, which Telegram runs: a button's answer (the spinner
 * on the pressed button), one HTTP request less per press. Its result is never known, which is
 * why nothing else goes that way: a message must be known sent (the reply outbox).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import type { OutboundMessage, WebhookAnswer } from '../types.ts';
import type { DispatchOutcome } from './create-update-dispatcher.ts';
import { renderForTelegram } from './render-for-telegram.ts';

/** Telegram's header carrying the secret given to setWebhook. */
export const SECRET_TOKEN_HEADER = 'x-telegram-bot-api-secret-token';

/** Dependencies of createWebhookHandler. */
export interface WebhookHandlerDeps {
  /** The secret token registered with setWebhook. */
  secret: string;
  /** Handles one update (in chat order); the outcome decides the answer. */
  handle: (update: Update, webhook: WebhookAnswer) => Promise<DispatchOutcome>;
  /** False once the driver is stopping: the update is refused (503) and Telegram redelivers. */
  accepting: () => boolean;
  logger: Logger;
}

/** The webhook's decisions; see createWebhookHandler. */
export interface WebhookHandler {
  /** True when the secret header is the registered secret (compared in constant time). */
  isTelegram(secretHeader: string | string[] | undefined): boolean;
  /** False once the driver is stopping: answer 503 so Telegram redelivers later. */
  accepting(): boolean;
  /**
   * Handles one update and resolves when it is done: 'handled' (also for an update that is not
   * for gopy) is answered 2xx, with the call it carries as the body when there is one; 'failed'
   * with 500 so Telegram redelivers. Never rejects.
   */
  handle(update: Update): Promise<WebhookOutcome>;
}

/** See WebhookHandler.handle. */
export type WebhookOutcome =
  | { outcome: 'handled'; carried?: { method: string } & Record<string, unknown> }
  | { outcome: 'failed' };

export function createWebhookHandler(deps: WebhookHandlerDeps): WebhookHandler {
  const expected = digest(deps.secret);
  return {
    isTelegram(header) {
      const ok = typeof header === 'string' && timingSafeEqual(digest(header), expected);
      if (!ok) deps.logger.warn('telegram webhook: wrong secret token');
      return ok;
    },
    accepting: () => deps.accepting(),
    async handle(update) {
      let carried: WebhookOutcome & { outcome: 'handled' } = { outcome: 'handled' };
      const webhook: WebhookAnswer = {
        carry(message: OutboundMessage) {
          if (message.type !== 'answerButton' || carried.carried) return false;
          const [call] = renderForTelegram(message);
          if (!call) return false;
          carried = { outcome: 'handled', carried: { method: call.method, ...call.payload } };
          return true;
        },
      };
      try {
        const outcome = await deps.handle(update, webhook);
        return outcome.type === 'failed' ? { outcome: 'failed' } : carried;
      } catch (error) {
        deps.logger.error({ err: error, updateId: update.update_id }, 'telegram webhook failed');
        return { outcome: 'failed' };
      }
    },
  };
}

/** Hashing first gives equal lengths, so the comparison leaks neither content nor length. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
