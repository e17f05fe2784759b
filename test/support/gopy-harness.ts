/**
 * Runs the real gopy (container, grammY or Telegraf driver, queues) in-process against the
 * project's fake Bot API over HTTP, on a fresh PostgreSQL database and a fresh Redis prefix.
 * Tests talk to it as a person would: send text, press the button with a given label, read the
 * messages the bot shows.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { loadConfig } from '../../src/config.ts';
import { createContainer, type Container } from '../../src/container.ts';
import { createWebServer } from '../../src/http/create-web-server.ts';
import { listen } from '../../src/http/listen.ts';
import { createLogger } from '../../src/logger.ts';
import {
  createFakeBotApi,
  type FakeBotApi,
  type InjectMessageInput,
  type TgMessage,
} from '../../src/simulator/fake-bot-api.ts';
import { CHAIR, GROUP, OTHER_CHAIR, PROVINCE_ADMIN, STAFF } from './demo.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

export const TOKEN = '123456:TEST-token-for-gopy-e2e-tests';

export interface Harness {
  fake: FakeBotApi;
  /** The running gopy; a new one after `restart()`. */
  gopy: Container;
  /** Where its web server listens (`http://127.0.0.1:<port>`); a new one after `restart()`. */
  webUrl: string;
  db: TestDatabase;
  /** The Redis key prefix of this harness (kept across restarts). */
  prefix: string;
  /** Sends a text (or command) from a user in their private chat; waits until the bot is idle. */
  send(
    userId: number,
    text: string,
    extra?: { replyToMessageId?: number; firstName?: string; chatId?: number },
  ): Promise<void>;
  /** Presses the button with this label (exact, or a RegExp) on the newest message that has it. */
  press(userId: number, label: string | RegExp, chatId?: number): Promise<void>;
  /** Sends a photo (a 1×1 PNG unless `image` is given; the same bytes are the same photo). */
  sendPhoto(userId: number, caption?: string, chatId?: number, image?: Uint8Array): Promise<void>;
  sendLocation(userId: number, latitude: number, longitude: number): Promise<void>;
  /** The texts the bot currently shows in a chat, oldest first. */
  texts(chatId: number): string[];
  last(chatId: number): TgMessage | undefined;
  /** Waits until the bot shows a message matching in the chat. */
  waitForText(chatId: number, pattern: RegExp, timeoutMs?: number): Promise<TgMessage>;
  /**
   * Sends any message from a user in their private chat (a sticker, a voice note, a document,
   * a contact…) as the fake builds it; waits until the bot is idle. Returns the update_id.
   */
  sendMessage(userId: number, input: Omit<InjectMessageInput, 'from' | 'chatId'>): Promise<number>;
  /** Queues a raw update as given (an explicit update_id delivers it again); waits until idle. */
  sendUpdate(update: Record<string, unknown>): Promise<number>;
  /** Waits until every update queued so far has been handled and the bot has settled. */
  settle(): Promise<void>;
  /**
   * With `humanPace`, forgets the flood count of a private chat on any channel (a web chat's,
   * a Zalo follower's), as `send` and `press` do for Telegram's; without it, does nothing.
   */
  humanPause(channel: string, chatId: string): Promise<void>;
  /** The button labels of the newest message in the chat that has buttons, row by row. */
  buttons(chatId: number): string[][];
  /**
   * Stops this gopy (intake, workers, queues) and starts a new one on the same database, fake
   * Bot API and Redis prefix, as a redeploy does. `env` overrides configuration of the new one.
   */
  restart(options?: { env?: Record<string, string> }): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    framework?: 'grammy' | 'telegraf';
    mode?: 'polling' | 'webhook';
    seed?: boolean;
    workers?: boolean;
    /**
     * Runs on this database instead of a fresh one (already migrated and seeded: nothing is
     * imported); close() leaves it to its owner.
     */
    db?: TestDatabase;
    /** Runs against this fake Bot API instead of a new one; close() leaves it open. */
    fake?: FakeBotApi;
    /** Configuration overrides, e.g. `{ SESSION_EXPIRY_HOURS: '0.001' }`. */
    env?: Record<string, string>;
    /**
     * The test citizen taps faster than a person can, which the flood guard (20 messages per
     * 10 s per chat) would slow down: before each send/press the chat's flood count is
     * forgotten, as after the pause a person takes. Raw injections through `fake` still count.
     */
    humanPace?: boolean;
    /**
     * The test kills a step half way (a crash after a commit), so a notice to a citizen may stay
     * unsent until the sweep: a turn then waits up to 5 s for it and goes on. Without this, a
     * notice still unsent 5 s after a turn fails the test.
     */
    noticesMayWait?: boolean;
    /** The bot's token (default TOKEN); another token is another bot on the fake. */
    token?: string;
    /** The clock of every use case (deadlines, digests, the flows' "now"). */
    now?: () => Date;
  } = {},
): Promise<Harness> {
  const token = options.token ?? TOKEN;
  const fake = options.fake ?? (await createFakeBotApi({ port: 0 }));
  // Seeded: the shipped units imported and the demo seeded (test-db.ts's seeded template).
  const db = options.db ?? (await createTestDatabase({ seeded: options.seed !== false }));
  // The seeded demo officials have started the bot (Telegram only lets bots write to those).
  for (const id of [CHAIR, STAFF, OTHER_CHAIR, PROVINCE_ADMIN])
    fake.addChat(token, { id, type: 'private', first_name: `Cán bộ ${id}` });
  fake.addChat(token, { id: GROUP, type: 'group', title: 'Nhóm cán bộ xã' });
  const prefix = `t${randomUUID().slice(0, 8)}`;
  const mode = options.mode ?? 'polling';
  const configFor = (env: Record<string, string> = {}) =>
    loadConfig({
      BOT_TOKEN: token,
      TELEGRAM_API_ROOT: fake.url,
      TELEGRAM_MODE: mode,
      TELEGRAM_FRAMEWORK: options.framework ?? 'grammy',
      TELEGRAM_WEBHOOK_URL: 'http://127.0.0.1:1/telegram',
      TELEGRAM_WEBHOOK_SECRET: 'test-secret-0123456789',
      DATABASE_URL: db.url,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: process.env.GOPY_TEST_LOG ?? 'silent',
      PORT: '0',
      OUTBOUND_PER_SECOND: '30',
      ...options.env,
      ...env,
    });
  const config = configFor();

  let webUrl = '';
  const boot = async (bootConfig: typeof config) => {
    const logger = createLogger(bootConfig.logLevel);
    const app = await createContainer(bootConfig, logger, {
      ...(options.now ? { now: options.now } : {}),
      database: {
        prisma: db.prisma,
        kind: 'postgres',
        ping: async () => true,
        close: async () => undefined,
      },
      // Sign-in links point at this harness's web server, known once it listens.
      publicUrl: () => webUrl,
    });
    const server = await createWebServer({
      logger,
      health: { checkReady: () => app.checkReady(), warnings: () => app.readinessWarnings() },
      ...app.web,
      ...(mode === 'webhook'
        ? {
            telegramWebhook: { path: '/telegram', webhook: app.driver.webhookHandler() },
            botWebhooks: app.extraBots.map((b) => ({
              path: b.webhookPath,
              webhook: b.driver.webhookHandler(),
            })),
          }
        : {}),
    });
    const port = await listen(server, 0, '127.0.0.1');
    webUrl = `http://127.0.0.1:${port}`;
    if (options.workers !== false) {
      app.routeQueue.startWorker();
      app.deliveryQueue.startWorker();
      app.zaloQueue?.startWorker();
    }
    if (mode === 'webhook') {
      await app.driver.setWebhook(`http://127.0.0.1:${port}/telegram`, 'test-secret-0123456789');
      for (const b of app.extraBots)
        await b.driver.setWebhook(`http://127.0.0.1:${port}${b.webhookPath}`, b.webhookSecret);
    } else {
      await app.driver.startPolling();
      for (const b of app.extraBots) await b.driver.startPolling();
    }
    return { app, server };
  };
  let { app: gopy, server: http } = await boot(config);

  // Every update the fake has queued for the bot since the harness started (those pending then
  // included), and how many the gopys of this harness have finished, by their own metrics:
  // together they say when the bot is done with everything sent so far. Counted by the fake,
  // not by scanning its queue at each change (quadratic over a bench's thousands of updates).
  const queuedAtStart = fake.queuedCount(token) - fake.pendingUpdates(token).length;
  const injectedCount = () => fake.queuedCount(token) - queuedAtStart;
  let handledBefore = 0;
  const handledNow = async () =>
    // Telegram's only: the web chat's messages are not updates the fake queued.
    (await gopy.metrics.updates.get()).values
      .filter((v) => v.labels.channel === 'telegram')
      .reduce((sum, v) => sum + v.value, 0);

  /** The bot has handled every injected update (nothing pending) and settled. */
  const idle = async () => {
    await fake.waitFor(() => fake.pendingUpdates(token).length === 0, 10_000);
    // Polling confirms updates before handling them: wait until gopy counted them all. An
    // update gopy does not take in (or a redelivery polling never makes) is not counted: after
    // a while the old rule applies (the bot has gone quiet).
    const deadline = Date.now() + 1500;
    let counted = false;
    while (
      !(counted = handledBefore + (await handledNow()) >= injectedCount()) &&
      Date.now() < deadline
    )
      await new Promise((r) => setTimeout(r, 5));
    const [rounds, ms] = counted ? [2, 10] : [3, 70];
    for (let quiet = 0, seq = fake.lastCallSeq(); quiet < rounds;) {
      await new Promise((r) => setTimeout(r, ms));
      const now = fake.lastCallSeq();
      quiet = now === seq ? quiet + 1 : 0;
      seq = now;
    }
    // What a citizen is told through the delivery queue (the notice that a report went to the
    // commune, an answer) follows the turn within milliseconds: a person would see it before
    // typing again, so wait for it too. Officials' chats and groups keep their own pace.
    // A notice still unsent after 5 s is a fault a citizen would notice: the test says so.
    const deadline2 = Date.now() + 5000;
    let inFlight: number;
    while ((inFlight = await citizenDeliveriesInFlight()) > 0) {
      if (Date.now() > deadline2) {
        if (options.noticesMayWait) break;
        throw new Error(`${inFlight} notice(s) to citizens still unsent 5 s after the turn`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const citizenDeliveriesInFlight = async () => {
    const rows = await db.prisma.$queryRaw<Array<{ n: bigint }>>`
      SELECT count(*) AS n FROM deliveries
      WHERE state IN ('pending', 'sending') AND payload->'link'->>'kind' IN ('notice', 'answer')`;
    return Number(rows[0]?.n ?? 0);
  };
  /** See `humanPace`: a private chat's count, as the flood guard keys it (sessionKey). */
  const humanPause = async (channel: string, chatId: string) => {
    if (options.humanPace) await harness.gopy.flood.forget(`${channel}:${chatId}`);
  };
  const pause = (chatId: number) => humanPause('telegram', String(chatId));
  const botMessages = (chatId: number) => fake.messagesTo(token, chatId);
  const textOf = (m: TgMessage) => m.text ?? m.caption ?? '';

  const harness: Harness = {
    fake,
    gopy,
    webUrl,
    db,
    prefix,
    async send(userId, text, extra = {}) {
      await pause(extra.chatId ?? userId);
      fake.injectMessage(token, {
        chatId: extra.chatId ?? userId,
        from: { id: userId, first_name: extra.firstName ?? `Người dùng ${userId}` },
        text,
        replyToMessageId: extra.replyToMessageId,
      });
      await idle();
    },
    async press(userId, label, chatId = userId) {
      const matches = (l: string) => (typeof label === 'string' ? l === label : label.test(l));
      const messages = [...botMessages(chatId)].reverse();
      for (const m of messages) {
        for (const row of m.reply_markup?.inline_keyboard ?? [])
          for (const b of row)
            if (matches(b.text) && b.callback_data) {
              await pause(chatId);
              fake.injectCallback(token, {
                chatId,
                from: { id: userId, first_name: `Người dùng ${userId}` },
                messageId: m.message_id,
                data: b.callback_data,
              });
              await idle();
              return;
            }
      }
      throw new Error(
        `no button ${String(label)} in chat ${chatId}; last: ${textOf(messages[0] ?? ({} as TgMessage))}`,
      );
    },
    async sendPhoto(userId, caption, chatId = userId, image = TINY_PNG) {
      await pause(chatId);
      fake.injectMessage(token, {
        chatId,
        from: { id: userId, first_name: `Người dùng ${userId}` },
        photo: image,
        caption,
      });
      await idle();
    },
    async sendLocation(userId, latitude, longitude) {
      await pause(userId);
      fake.injectMessage(token, {
        chatId: userId,
        from: { id: userId, first_name: `Người dùng ${userId}` },
        location: { latitude, longitude },
      });
      await idle();
    },
    texts: (chatId) => botMessages(chatId).map(textOf),
    last: (chatId) => botMessages(chatId).at(-1),
    waitForText: (chatId, pattern, timeoutMs = 10_000) =>
      fake.waitFor(() => botMessages(chatId).find((m) => pattern.test(textOf(m))), timeoutMs),
    async sendMessage(userId, input) {
      await pause(userId);
      const id = fake.injectMessage(token, {
        ...input,
        chatId: userId,
        from: { id: userId, first_name: `Người dùng ${userId}` },
      });
      await idle();
      return id;
    },
    async sendUpdate(update) {
      const id = fake.injectUpdate(token, update);
      await idle();
      return id;
    },
    settle: idle,
    humanPause,
    buttons(chatId) {
      const withButtons = botMessages(chatId).filter((m) => m.reply_markup?.inline_keyboard);
      const rows = withButtons.at(-1)?.reply_markup?.inline_keyboard ?? [];
      return rows.map((row) => row.map((b) => b.text));
    },
    async restart(restartOptions = {}) {
      await idle();
      await http.close();
      handledBefore += await handledNow();
      await gopy.close();
      ({ app: gopy, server: http } = await boot(configFor(restartOptions.env)));
      harness.gopy = gopy;
      harness.webUrl = webUrl;
    },
    async close() {
      await http.close();
      await gopy.close();
      const redis = new Redis(config.redisUrl);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
      if (!options.fake) await fake.close();
      if (!options.db) await db.drop();
    },
  };
  return harness;
}

/** A 1×1 PNG. */
export const TINY_PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  ),
);
