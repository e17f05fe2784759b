/**
 * The Telegram driver on Telegraf: its API client and its own long polling, with per-chat
 * sequencing added here. No scenes or session middleware: state lives in app/.
 */
import type { Update } from 'grammy/types';
import { Telegraf, type Telegram } from 'telegraf';
import { createDriverIntake } from './create-driver-intake.ts';
import { createTelegramSender, type TelegramCallFn } from './create-telegram-sender.ts';
import {
  ALLOWED_UPDATES,
  TELEGRAM_API_ROOT,
  type TelegramDriver,
  type TelegramDriverOptions,
} from './telegram-driver.ts';

/** Updates taken from a polling batch and not yet finished before polling waits (grammY's runner: 500). */
const MAX_PENDING_UPDATES = 500;

/** Telegraf 4's polling entry point, private in its typings. */
interface PollingTelegraf {
  startPolling(allowedUpdates: readonly string[]): Promise<void>;
}

/**
 * The Telegraf adapter for createTelegramSender: `telegram.callApi(method, payload)`. It rejects
 * with TelegramError (`response.error_code`, `response.description`, `response.parameters`) or
 * node-fetch's FetchError, as Telegraf does.
 */
export function createTelegrafCall(telegram: Telegram): TelegramCallFn {
  const client = telegram as unknown as {
    callApi(method: string, payload: Record<string, unknown>): Promise<unknown>;
  };
  return (method, payload) => client.callApi(method, payload);
}

/**
 * Builds the Telegraf driver (see TelegramDriver). Telegraf's polling hands a batch to its
 * middleware and fetches the next batch when every handler of this one has returned; the
 * middleware here queues the update by chat and returns at once (waiting only when 500 are
 * pending), so a slow chat holds up neither other chats nor the next batch, as with grammY's
 * runner. The webhook is the handler both drivers share (createWebhookHandler).
 */
export function createTelegrafDriver(options: TelegramDriverOptions): TelegramDriver {
  const { logger } = options;
  const root = options.apiRoot ?? TELEGRAM_API_ROOT;
  // Telegraf resolves `./bot<token>/<method>` against the root: keep a path like /fake/ in it.
  const apiRoot = root.endsWith('/') ? root : `${root}/`;
  const telegraf = new Telegraf(options.token, { telegram: { apiRoot } });
  const intake = createDriverIntake(options, async () => {
    const me = await telegraf.telegram.getMe();
    telegraf.botInfo = me;
    return me.username;
  });
  const { dispatcher } = intake;
  let polling: Promise<void> | undefined;

  telegraf.use(async (ctx) => {
    await dispatcher.whenBelow(MAX_PENDING_UPDATES);
    void dispatcher.dispatchInOrder(ctx.update as unknown as Update);
  });
  // dispatch never throws; this only catches a failure of the middleware around it (Telegraf's
  // default handler would rethrow and end polling).
  telegraf.catch((error, ctx) => {
    logger.error({ updateId: ctx.update.update_id, err: error }, 'Telegraf failed');
  });

  return {
    sender: createTelegramSender(createTelegrafCall(telegraf.telegram)),
    botUsername: intake.botUsername,

    async startPolling() {
      if (polling) return;
      await intake.botUsername();
      await telegraf.telegram.deleteWebhook();
      // Telegraf's startPolling, not launch(): launch signals before polling has begun (a stop()
      // in between would find nothing to stop) and repeats getMe and deleteWebhook.
      const loop = (telegraf as unknown as PollingTelegraf).startPolling([...ALLOWED_UPDATES]);
      polling = loop.catch((error: unknown) => {
        logger.error({ err: error }, 'telegram polling stopped');
      });
    },

    webhookHandler: intake.webhookHandler,

    async setWebhook(url, secret, signal) {
      intake.checkWebhookSecret(secret);
      await telegraf.telegram.callApi(
        'setWebhook',
        { url, secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] },
        // Telegraf types its signal as the abort-controller package's: the same object at run time.
        (signal ? { signal } : {}) as Parameters<typeof telegraf.telegram.callApi>[2],
      );
    },

    async stop() {
      intake.close();
      const loop = polling;
      polling = undefined;
      if (loop) {
        telegraf.stop('stop');
        await loop; // ends once Telegraf has confirmed the fetched updates to Telegram
      }
      await dispatcher.idle();
    },
  };
}
