/**
 * The one interface both Telegram drivers (grammY, Telegraf) implement, so the composition root
 * picks one by configuration and nothing else changes.
 */
import type { Logger } from 'pino';
import type { ChannelSender, InboundEvent } from '../types.ts';
import type { WebhookHandler } from './create-webhook-handler.ts';

/** Telegram's own Bot API server. */
export const TELEGRAM_API_ROOT = 'https://api.telegram.org';

/** The updates gopy asks for (polling and webhook alike); everything else is not sent to us. */
export const ALLOWED_UPDATES = [
  'message',
  'edited_message',
  'callback_query',
  'my_chat_member',
] as const;

/** A running connection to one bot: intake (polling or webhook) and the sender. */
export interface TelegramDriver {
  /** Sends OutboundMessages through this bot (see createTelegramSender for the errors). */
  sender: ChannelSender;
  /** The bot's username without `@` (getMe, asked once). */
  botUsername(): Promise<string>;
  /**
   * Removes any webhook and starts long polling in the background, one update per chat at a
   * time, different chats concurrently. Resolves once polling has started; rejects when the bot
   * cannot start (a wrong token). Updates are confirmed to Telegram before they are handled, so
   * a crash can drop the updates in hand: production uses the webhook.
   */
  startPolling(): Promise<void>;
  /**
   * What the webhook route asks (see createWebhookHandler): is it Telegram (the secret), is
   * intake open, and was the update handled (only after onEvent finished; failed when it threw,
   * so Telegram redelivers). Throws when the driver was built without `webhookSecret`.
   */
  webhookHandler(): WebhookHandler;
  /** Registers `url` with Telegram, with `secret` as the secret token and ALLOWED_UPDATES. */
  /** `signal` gives the call up (gopy stopped while starting). */
  setWebhook(url: string, secret: string, signal?: AbortSignal): Promise<void>;
  /**
   * Stops intake (polling stops; the webhook handler answers 503 from now on), then waits for
   * the updates in hand to finish. Safe to call more than once.
   */
  stop(): Promise<void>;
}

/** What createGrammyDriver and createTelegrafDriver need. */
export interface TelegramDriverOptions {
  token: string;
  /** A Bot API server root such as `http://127.0.0.1:8081`; Telegram's by default. */
  apiRoot?: string;
  /** Receives every update meant for gopy, translated. A throw is logged with the update id. */
  onEvent: (event: InboundEvent) => Promise<void>;
  /** Required for webhookHandler(); the same value must be passed to setWebhook. */
  webhookSecret?: string;
  logger: Logger;
  /** The clock stamped on button presses (Telegram does not date them). */
  clock?: () => Date;
}
