/**
 * What the grammY and Telegraf drivers share: the cached bot username, the dispatcher, the
 * webhook handler and the "still accepting updates" switch. Each driver adds only its framework's
 * getMe, polling loop, setWebhook and API client.
 */
import { ConfigError } from '../../core/errors.ts';
import { createUpdateDispatcher, type UpdateDispatcher } from './create-update-dispatcher.ts';
import { createWebhookHandler, type WebhookHandler } from './create-webhook-handler.ts';
import type { TelegramDriverOptions } from './telegram-driver.ts';

/** See createDriverIntake. */
export interface DriverIntake {
  /** getMe's username, asked once; a failed ask is retried on the next call. */
  botUsername: () => Promise<string>;
  dispatcher: UpdateDispatcher;
  /** The webhook handler (built once); throws ConfigError without `webhookSecret`. */
  webhookHandler: () => WebhookHandler;
  /** Throws ConfigError when `secret` is not the handler's secret (Telegram would get 401s). */
  checkWebhookSecret(secret: string): void;
  /** From now on the webhook handler answers 503. */
  close(): void;
}

/** Builds the shared intake over `getMe`, the driver's way to ask for the bot's username. */
export function createDriverIntake(
  options: TelegramDriverOptions,
  getMe: () => Promise<string>,
): DriverIntake {
  let username: Promise<string> | undefined;
  let accepting = true;
  let handler: WebhookHandler | undefined;

  function botUsername(): Promise<string> {
    username ??= getMe().catch((error: unknown) => {
      username = undefined;
      throw error;
    });
    return username;
  }

  const dispatcher = createUpdateDispatcher({
    onEvent: options.onEvent,
    botUsername,
    botId: botIdOfToken(options.token),
    logger: options.logger,
    ...(options.clock ? { clock: options.clock } : {}),
  });

  return {
    botUsername,
    dispatcher,
    webhookHandler() {
      const secret = options.webhookSecret;
      if (secret === undefined || secret === '') {
        throw new ConfigError('Telegram webhook mode needs a webhook secret (webhookSecret)');
      }
      handler ??= createWebhookHandler({
        secret,
        handle: (update, webhook) => dispatcher.dispatchInOrder(update, webhook),
        accepting: () => accepting,
        logger: options.logger,
      });
      return handler;
    },
    checkWebhookSecret(secret) {
      if (options.webhookSecret !== undefined && secret !== options.webhookSecret) {
        throw new ConfigError(
          'setWebhook: the secret differs from the driver’s webhookSecret, so every update would get 401',
        );
      }
    },
    close() {
      accepting = false;
    },
  };
}

/** A Bot API token starts with the bot's id ("123456:ABC…"), the same id getMe answers. */
export function botIdOfToken(token: string): string | undefined {
  return /^(\d+):/.exec(token)?.[1];
}
