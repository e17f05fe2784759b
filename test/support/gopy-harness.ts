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
import { createHttpServer } from '../../src/http/http-server.ts';
import { createLogger } from '../../src/logger.ts';
import { importUnits } from '../../src/persistence/units-import.ts';
import { seedDemo } from '../../src/persistence/seed-demo.ts';
import {
  createFakeBotApi,
  type FakeBotApi,
  type TgMessage,
} from '../../src/simulator/fake-bot-api.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

export const TOKEN = '123456:TEST-token-for-gopy-e2e-tests';

export interface Harness {
  fake: FakeBotApi;
  gopy: Container;
  db: TestDatabase;
  /** Sends a text (or command) from a user in their private chat; waits until the bot is idle. */
  send(
    userId: number,
    text: string,
    extra?: { replyToMessageId?: number; firstName?: string; chatId?: number },
  ): Promise<void>;
  /** Presses the button with this label (exact, or a RegExp) on the newest message that has it. */
  press(userId: number, label: string | RegExp, chatId?: number): Promise<void>;
  sendPhoto(userId: number, caption?: string, chatId?: number): Promise<void>;
  sendLocation(userId: number, latitude: number, longitude: number): Promise<void>;
  /** The texts the bot currently shows in a chat, oldest first. */
  texts(chatId: number): string[];
  last(chatId: number): TgMessage | undefined;
  /** Waits until the bot shows a message matching in the chat. */
  waitForText(chatId: number, pattern: RegExp, timeoutMs?: number): Promise<TgMessage>;
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    framework?: 'grammy' | 'telegraf';
    mode?: 'polling' | 'webhook';
    seed?: boolean;
    workers?: boolean;
  } = {},
): Promise<Harness> {
  const fake = await createFakeBotApi({ port: 0 });
  const db = await createTestDatabase();
  if (options.seed !== false) {
    await importUnits(db.prisma);
    await seedDemo(db.prisma);
  }
  // The seeded demo officials have started the bot (Telegram only lets bots write to those).
  for (const id of [9001, 9002, 9011])
    fake.addChat(TOKEN, { id, type: 'private', first_name: `Cán bộ ${id}` });
  fake.addChat(TOKEN, { id: -100900, type: 'group', title: 'Nhóm cán bộ xã' });
  const prefix = `t${randomUUID().slice(0, 8)}`;
  const mode = options.mode ?? 'polling';
  const config = loadConfig({
    BOT_TOKEN: TOKEN,
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
  });
  const logger = createLogger(config.logLevel);
  const gopy = await createContainer(config, logger, {
    database: {
      prisma: db.prisma,
      kind: 'postgres',
      ping: async () => true,
      close: async () => undefined,
    },
  });
  const http = createHttpServer({
    logger,
    metrics: gopy.metrics,
    checkReady: () => gopy.checkReady(),
    webhook:
      mode === 'webhook' ? { path: '/telegram', handler: gopy.driver.webhookHandler() } : undefined,
  });
  const port = await http.listen(0, '127.0.0.1');
  if (options.workers !== false) {
    gopy.routeQueue.startWorker();
    gopy.deliveryQueue.startWorker();
  }
  if (mode === 'webhook')
    await gopy.driver.setWebhook(`http://127.0.0.1:${port}/telegram`, 'test-secret-0123456789');
  else await gopy.driver.startPolling();

  /** The bot has handled every injected update (nothing pending) and settled. */
  const idle = async () => {
    await fake.waitFor(() => fake.pendingUpdates(TOKEN).length === 0, 10_000);
    // Polling confirms updates before handling them: wait until the bot has gone quiet.
    for (let quiet = 0, seq = fake.lastCallSeq(); quiet < 3;) {
      await new Promise((r) => setTimeout(r, 70));
      const now = fake.lastCallSeq();
      quiet = now === seq ? quiet + 1 : 0;
      seq = now;
    }
  };
  const botMessages = (chatId: number) => fake.messagesTo(TOKEN, chatId);
  const textOf = (m: TgMessage) => m.text ?? m.caption ?? '';

  return {
    fake,
    gopy,
    db,
    async send(userId, text, extra = {}) {
      fake.injectMessage(TOKEN, {
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
              fake.injectCallback(TOKEN, {
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
    async sendPhoto(userId, caption, chatId = userId) {
      fake.injectMessage(TOKEN, {
        chatId,
        from: { id: userId, first_name: `Người dùng ${userId}` },
        photo: TINY_PNG,
        caption,
      });
      await idle();
    },
    async sendLocation(userId, latitude, longitude) {
      fake.injectMessage(TOKEN, {
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
    async close() {
      await http.close();
      await gopy.close();
      const redis = new Redis(config.redisUrl);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
      await fake.close();
      await db.drop();
    },
  };
}

/** A 1×1 PNG. */
export const TINY_PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  ),
);
