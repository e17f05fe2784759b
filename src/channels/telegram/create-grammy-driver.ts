/**
 * The Telegram driver on grammY: its API client, and @grammyjs/runner for long polling with
 * per-chat sequencing. No session or conversation plugins: state lives in app/.
 */
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { Bot, type Api } from 'grammy';
import { botApiFetch } from './bot-api-fetch.ts';
import { createDriverIntake } from './create-driver-intake.ts';
import { createTelegramSender, type TelegramCallFn } from './create-telegram-sender.ts';
import {
  ALLOWED_UPDATES,
  TELEGRAM_API_ROOT,
  type TelegramDriver,
  type TelegramDriverOptions,
} from './telegram-driver.ts';

/**
 * The grammY adapter for createTelegramSender: `bot.api.raw[method](payload)`. It rejects with
 * GrammyError (`error_code`, `description`, `parameters`) or HttpError, as grammY does.
 */
export function createGrammyCall(api: Api): TelegramCallFn {
  const raw = api.raw as unknown as Record<
    string,
    ((payload: Record<string, unknown>) => Promise<unknown>) | undefined
  >;
  return (method, payload) => {
    const callMethod = raw[method];
    if (!callMethod) throw new Error(`grammY has no API method ${method}`);
    return callMethod(payload);
  };
}

/**
 * Builds the grammY driver (see TelegramDriver). Polling runs @grammyjs/runner's `run(bot)` with
 * `sequentialize` by chat id. The webhook is the handler both drivers share
 * (createWebhookHandler) rather than grammY's webhookCallback, which leaves the answer to the
 * caller when the handler throws and gives up after 10 s; ours answers 500 itself, so Telegram
 * redelivers, and behaves the same on Telegraf.
 */
export function createGrammyDriver(options: TelegramDriverOptions): TelegramDriver {
  const { logger } = options;
  const apiRoot = (options.apiRoot ?? TELEGRAM_API_ROOT).replace(/\/+$/, '');
  const bot = new Bot(options.token, {
    client: { apiRoot, fetch: botApiFetch },
  });
  const intake = createDriverIntake(options, async () => {
    await bot.init();
    return bot.botInfo.username;
  });
  const { dispatcher } = intake;
  let runner: RunnerHandle | undefined;

  // The runner retries getUpdates forever; say so in our logs rather than on the console.
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      const response = await prev(method, payload, signal);
      if (method === 'getUpdates' && !response.ok) {
        logger.warn({ errorCode: response.error_code }, 'telegram getUpdates refused');
      }
      return response;
    } catch (error) {
      if (method === 'getUpdates' && !signal?.aborted) {
        logger.warn({ err: error }, 'telegram getUpdates failed; retrying');
      }
      throw error;
    }
  });

  bot.use((_ctx, next) => dispatcher.track(next()));
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
  bot.use(async (ctx) => {
    await dispatcher.dispatch(ctx.update);
  });
  // dispatch never throws; this only catches a failure of the middleware around it.
  bot.catch((error) => {
    logger.error({ updateId: error.ctx.update.update_id, err: error.error }, 'grammY failed');
  });

  return {
    sender: createTelegramSender(createGrammyCall(bot.api)),
    botUsername: intake.botUsername,

    async startPolling() {
      if (runner?.isRunning()) return;
      await intake.botUsername();
      await bot.api.deleteWebhook();
      runner = run(bot, {
        runner: {
          fetch: { allowed_updates: [...ALLOWED_UPDATES] },
          silent: true,
          // The default doubles without bound (hours after a long outage); grow slowly instead.
          retryInterval: 'quadratic',
        },
      });
      runner.task()?.catch((error: unknown) => {
        logger.error({ err: error }, 'telegram polling stopped');
      });
    },

    webhookHandler: intake.webhookHandler,

    async setWebhook(url, secret, signal) {
      intake.checkWebhookSecret(secret);
      await bot.api.setWebhook(
        url,
        { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] },
        // grammY types its signal as the abort-controller package's: the same object at run time.
        signal as Parameters<typeof bot.api.setWebhook>[2],
      );
    },

    async stop() {
      intake.close();
      const handle = runner;
      runner = undefined;
      if (handle?.isRunning()) await handle.stop();
      await dispatcher.idle();
    },
  };
}
