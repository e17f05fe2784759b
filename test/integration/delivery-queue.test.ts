/**
 * The outbound delivery pipeline on real PostgreSQL and Redis: rows first, jobs second, paced
 * globally and per chat, in order per chat, and nothing sent twice once its send was recorded.
 * Each test has its own queue prefix (its keys are deleted after it) and the file has its own
 * database. Most tests use an in-process fake ChannelSender; the last ones go through the real
 * Telegram sender (grammY) to the fake Bot API with Telegram's limits enforced.
 */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Api } from 'grammy';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChannelError } from '../../src/channels/channel-error.ts';
import { createGrammyCall } from '../../src/channels/telegram/create-grammy-driver.ts';
import { createTelegramSender } from '../../src/channels/telegram/create-telegram-sender.ts';
import type { ChannelSender, OutboundMessage } from '../../src/channels/types.ts';
import { createLogger } from '../../src/logger.ts';
import type { Delivery, DeliveryLink } from '../../src/app/ports/outbox.ts';
import {
  createDeliveriesRepository,
  type ClaimOptions,
} from '../../src/persistence/deliveries-repository.ts';
import { createPrismaClient } from '../../src/persistence/prisma.ts';
import { withinRate } from '../support/telegram-rate.ts';
import { ACTIVATION_HEADROOM, delayForTurn, limiterFor } from '../../src/queue/delivery-pacing.ts';
import {
  createDeliveryQueue,
  type DeliveryQueue,
  type DeliveryQueueOptions,
} from '../../src/queue/delivery-queue.ts';
import { QUEUE, jobId } from '../../src/queue/queue-names.ts';
import { createRedisConnection } from '../../src/queue/redis-connection.ts';
import { createFakeBotApi } from '../../src/simulator/fake-bot-api.ts';
import { TINY_PNG } from '../support/gopy-harness.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const logger = createLogger(process.env['TEST_LOG_LEVEL'] ?? 'silent', 'delivery-test');

// ------------------------------------------------------------------------------ fakes & helpers

interface SendCall {
  chatId: string;
  text: string;
  /** Epoch ms when send() was called. */
  start: number;
  outcome: 'pending' | 'sent' | 'error' | 'hung';
  reason?: ChannelError['reason'];
  retryAfterSeconds?: number;
}

type Decision = ChannelError | 'hang' | undefined;

/** A ChannelSender that records every call and fails the calls `decide` picks. */
function createFakeSender(latencyMs = 2) {
  const calls: SendCall[] = [];
  let nextMessageId = 1;
  let decide: (call: SendCall, n: number) => Decision = () => undefined;
  const sender: ChannelSender = {
    async send(message: OutboundMessage) {
      const call: SendCall = {
        chatId: 'chatId' in message ? message.chatId : '',
        text: textOf(message),
        start: Date.now(),
        outcome: 'pending',
      };
      calls.push(call);
      await sleep(latencyMs);
      const decision = decide(call, calls.length);
      if (decision === 'hang') {
        call.outcome = 'hung';
        return new Promise<never>(() => undefined);
      }
      if (decision) {
        call.outcome = 'error';
        call.reason = decision.reason;
        if (decision.retryAfterSeconds !== undefined)
          call.retryAfterSeconds = decision.retryAfterSeconds;
        throw decision;
      }
      call.outcome = 'sent';
      return { messageIds: [nextMessageId++] };
    },
  };
  return {
    sender,
    calls,
    sent: () => calls.filter((c) => c.outcome === 'sent'),
    decide(fn: (call: SendCall, n: number) => Decision) {
      decide = fn;
    },
  };
}

function textOf(message: OutboundMessage): string {
  if (message.type !== 'text') return message.type;
  return typeof message.text === 'string' ? message.text : message.text.value;
}

function text(chatId: string, body: string): OutboundMessage {
  return { type: 'text', chatId, text: body };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitUntil(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** The most timestamps within any window [t, t + windowMs). */
function maxInWindow(times: number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let from = 0;
  for (let to = 0; to < sorted.length; to++) {
    while ((sorted[to] ?? 0) - (sorted[from] ?? 0) >= windowMs) from++;
    best = Math.max(best, to - from + 1);
  }
  return best;
}

function byChat(calls: SendCall[]): Map<string, SendCall[]> {
  const chats = new Map<string, SendCall[]>();
  for (const call of calls) chats.set(call.chatId, [...(chats.get(call.chatId) ?? []), call]);
  return chats;
}

/** Smallest gap between consecutive calls to the same chat (Infinity when none). */
function minSpacing(calls: SendCall[]): number {
  let min = Number.POSITIVE_INFINITY;
  for (const list of byChat(calls).values()) {
    for (let i = 1; i < list.length; i++)
      min = Math.min(min, (list[i]?.start ?? 0) - (list[i - 1]?.start ?? 0));
  }
  return min;
}

function expectOrderedPerChat(calls: SendCall[], expected: Map<string, string[]>): void {
  const actual = byChat(calls);
  for (const [chatId, texts] of expected) {
    expect(
      actual.get(chatId)?.map((c) => c.text),
      `order in chat ${chatId}`,
    ).toEqual(texts);
  }
}

// ------------------------------------------------------------------------------ per-test set-up

let db: TestDatabase;
let admin: Redis;
let prefix: string;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  db = await createTestDatabase();
  admin = createRedisConnection(REDIS_URL, { forWorker: true });
});

afterAll(async () => {
  await admin?.quit();
  await db?.drop();
});

beforeEach(() => {
  prefix = `test-deliver-${randomUUID().slice(0, 8)}`;
});

afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups.length = 0;
  await deleteKeys(prefix);
  await db.prisma.delivery.deleteMany();
});

/** What Redis losing everything looks like to this queue (FLUSHALL, scoped to the prefix). */
async function deleteKeys(keyPrefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${keyPrefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) deleted += await admin.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

type Overrides = Partial<Omit<DeliveryQueueOptions, 'connection' | 'prefix' | 'logger'>>;

/** A delivery queue on this test's prefix, closed (forcibly) after the test. */
function openQueue(overrides: Overrides & { sender: ChannelSender }, redisUrl = REDIS_URL) {
  const connection = createRedisConnection(redisUrl, { forWorker: false });
  connection.on('error', () => undefined);
  const queue = createDeliveryQueue({
    deliveries: createDeliveriesRepository(db.prisma),
    connection,
    prefix,
    logger,
    ...overrides,
  });
  cleanups.push(async () => {
    await Promise.race([queue.close({ force: true }), sleep(3000)]);
    connection.disconnect();
  });
  return queue;
}

/** A plain BullMQ queue on the same prefix, to look at job states. */
function inspector(): Queue {
  const connection = createRedisConnection(REDIS_URL, { forWorker: false });
  const queue = new Queue(QUEUE.deliver, { connection, prefix });
  cleanups.push(async () => {
    await queue.close();
    connection.disconnect();
  });
  return queue;
}

async function unfinished(): Promise<number> {
  return db.prisma.delivery.count({ where: { state: { in: ['pending', 'sending'] } } });
}

/** Delivery jobs of this test's queue that could still run (a retry waits as delayed). */
async function jobsLeft(): Promise<number> {
  const jobs = new Queue(QUEUE.deliver, { connection: admin, prefix });
  try {
    return await jobs.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized');
  } finally {
    await jobs.close();
  }
}

async function enqueueAll(queue: DeliveryQueue, messages: Array<{ chatId: string; body: string }>) {
  for (const { chatId, body } of messages) {
    await queue.enqueue({ dedupeKey: body, chatId, message: text(chatId, body) });
  }
}

/** `perChat` messages to each chat, interleaved across chats as a busy commune would. */
function interleaved(chatIds: string[], perChat: number): Array<{ chatId: string; body: string }> {
  const out: Array<{ chatId: string; body: string }> = [];
  for (let seq = 0; seq < perChat; seq++)
    for (const chatId of chatIds) out.push({ chatId, body: `${chatId}-m${seq}` });
  return out;
}

function expectedOrder(messages: Array<{ chatId: string; body: string }>): Map<string, string[]> {
  const order = new Map<string, string[]>();
  for (const m of messages) order.set(m.chatId, [...(order.get(m.chatId) ?? []), m.body]);
  return order;
}

function report(what: string, figures: Record<string, number | string>): void {
  // Figures are the point of these tests: print them even when logs are silent.
  console.info(`[delivery] ${what}: ${JSON.stringify(figures)}`);
}

// ------------------------------------------------------------------------------ pure pacing

describe('pacing arithmetic', () => {
  it('derives a limiter that spreads activations evenly, with room for those that send nothing', () => {
    // With max 1, activations are `duration` apart: ceil(1000 / duration) fit in a second. More
    // than the sends (a job whose chat is busy sends nothing), within the headroom.
    for (const perSecond of [1, 5, 20, 25, 29, 30]) {
      const { max, duration } = limiterFor(perSecond);
      expect(max).toBe(1);
      expect(1000 / duration).toBeGreaterThanOrEqual(perSecond * ACTIVATION_HEADROOM);
      expect(1000 / duration).toBeLessThanOrEqual(perSecond * ACTIVATION_HEADROOM * 1.1);
    }
    expect(limiterFor(25)).toEqual({ max: 1, duration: 26 });
    expect(() => limiterFor(31)).toThrow(RangeError);
    expect(() => limiterFor(0)).toThrow(RangeError);
  });

  it('schedules a job one interval per pending row ahead, after the chat is free', () => {
    expect(delayForTurn({ ahead: 0 }, 1000)).toBe(0);
    expect(delayForTurn({ ahead: 0, sinceLastAttemptMs: 5000 }, 1000)).toBe(0);
    expect(delayForTurn({ ahead: 2, sinceLastAttemptMs: 400 }, 1000)).toBeGreaterThanOrEqual(2600);
  });
});

// ------------------------------------------------------------------------------ the pipeline

describe('delivery queue', () => {
  it('delivers 100 messages to 10 chats exactly once, in order, within both limits', async () => {
    const fake = createFakeSender();
    const sentCallbacks: number[] = [];
    const queue = openQueue({
      sender: fake.sender,
      perSecond: 25,
      onSent: (delivery) => {
        sentCallbacks.push(delivery.id);
      },
    });
    queue.startWorker();
    const chats = Array.from({ length: 10 }, (_, i) => String(1001 + i));
    const messages = interleaved(chats, 10);
    const started = Date.now();
    await enqueueAll(queue, messages);

    await waitUntil('all sent', async () => (await unfinished()) === 0, 40_000);
    const sent = fake.sent();
    expect(sent).toHaveLength(100);
    expect(new Set(sent.map((c) => c.text)).size).toBe(100);
    expectOrderedPerChat(sent, expectedOrder(messages));
    expect(minSpacing(sent)).toBeGreaterThanOrEqual(1000);
    expect(
      withinRate(
        sent.map((c) => c.start),
        25,
      ),
    ).toBe(true);
    expect(new Set(sentCallbacks).size).toBe(100);
    const rows = await db.prisma.delivery.findMany();
    expect(rows.every((r) => r.state === 'sent' && r.messageIds.length === 1)).toBe(true);
    report('100 messages / 10 chats', {
      seconds: ((Date.now() - started) / 1000).toFixed(1),
      maxPerSlidingSecond: maxInWindow(sent.map((c) => c.start)),
      minChatSpacingMs: minSpacing(sent),
      calls: fake.calls.length,
    });
  }, 60_000);

  it('paces a group at one message per groupIntervalMs', async () => {
    const fake = createFakeSender();
    const queue = openQueue({ sender: fake.sender });
    queue.startWorker();
    const messages = [...interleaved(['-100777'], 3), ...interleaved(['3001'], 3)];
    await enqueueAll(queue, messages);
    await waitUntil('all sent', async () => (await unfinished()) === 0, 20_000);
    const group = fake.sent().filter((c) => c.chatId === '-100777');
    expect(group.map((c) => c.text)).toEqual(['-100777-m0', '-100777-m1', '-100777-m2']);
    expect(minSpacing(group)).toBeGreaterThanOrEqual(3000);
  }, 30_000);

  it.each([25, 30])(
    'sends at perSecond=%i a second, never faster than Telegram counts',
    async (perSecond) => {
      const fake = createFakeSender();
      const queue = openQueue({ sender: fake.sender, perSecond });
      // One message per chat, so only the global limiter holds them back.
      const messages = Array.from({ length: 8 * perSecond }, (_, i) => ({
        chatId: String(50_000 + i),
        body: `burst-${i}`,
      }));
      await enqueueAll(queue, messages);
      queue.startWorker();
      await waitUntil('all sent', async () => (await unfinished()) === 0, 40_000);
      const starts = fake.sent().map((c) => c.start);
      expect(starts).toHaveLength(messages.length);
      const max = maxInWindow(starts);
      const span = (Math.max(...starts) - Math.min(...starts)) / 1000;
      report(`global limiter at perSecond=${perSecond}`, {
        messages: messages.length,
        sustainedPerSecond: ((messages.length - 1) / span).toFixed(1),
        maxPerSlidingSecond: max,
      });
      // The gate spaces the starts 1000 / perSecond ms apart; the timers that wake the sends
      // may bunch a few under load, which Telegram's burst takes (a second's sliding count is
      // reported, not held: it is not what Telegram counts).
      // (How close to perSecond it gets depends on the machine's load: reported above.)
      expect(withinRate(starts, perSecond)).toBe(true);
      expect((messages.length - 1) / span).toBeLessThanOrEqual(1.02 * perSecond);
    },
    60_000,
  );

  it('survives a storm of 429s: everything delivered once, in order, each pause honoured', async () => {
    const fake = createFakeSender();
    const storm = new Set([3, 6, 9, 12, 20, 21, 22, 30]);
    const tooMany: number[] = [];
    fake.decide((_, n) => {
      if (!storm.has(n)) return undefined;
      tooMany.push(Date.now());
      return new ChannelError('rate_limited', 'Too Many Requests: retry after 1', 1);
    });
    const queue = openQueue({ sender: fake.sender });
    queue.startWorker();
    const messages = interleaved(
      ['4001', '4002', '4003', '4004', '4005', '4006', '4007', '4008'],
      5,
    );
    const started = Date.now();
    await enqueueAll(queue, messages);
    await waitUntil('all sent', async () => (await unfinished()) === 0, 60_000);

    const sent = fake.sent();
    expect(sent).toHaveLength(messages.length);
    expect(new Set(sent.map((c) => c.text)).size).toBe(messages.length);
    expectOrderedPerChat(sent, expectedOrder(messages));
    expect(minSpacing(sent)).toBeGreaterThanOrEqual(1000);
    // After each 429 (retry_after 1 s) no call may start for a second, bar calls already past
    // their last check when the 429 came back (a few ms).
    const tolerance = 50;
    const starts = fake.calls.map((c) => c.start);
    for (const at of tooMany) {
      const during = starts.filter((s) => s > at + tolerance && s < at + 1000);
      expect(during, `calls within the pause after the 429 at ${at}`).toEqual([]);
    }
    report('429 storm', {
      rateLimited: tooMany.length,
      seconds: ((Date.now() - started) / 1000).toFixed(1),
      calls: fake.calls.length,
    });
  }, 90_000);

  it('marks a blocked recipient unreachable and calls onUnreachable once', async () => {
    const fake = createFakeSender();
    fake.decide((call) =>
      call.chatId === '5001'
        ? new ChannelError('blocked', 'Forbidden: bot was blocked by the user')
        : undefined,
    );
    const unreachable: Delivery[] = [];
    const sent: Delivery[] = [];
    const queue = openQueue({
      sender: fake.sender,
      onUnreachable: (delivery) => {
        unreachable.push(delivery);
      },
      onSent: (delivery) => {
        sent.push(delivery);
      },
    });
    queue.startWorker();
    const link: DeliveryLink = { kind: 'alert', reportId: 7, officialId: 3 };
    const { id } = await queue.enqueue({
      dedupeKey: 'alert-7-3',
      chatId: '5001',
      message: text('5001', 'Phản ánh mới PA-2026-000007'),
      link,
    });
    await queue.enqueue({
      dedupeKey: 'alert-7-4',
      chatId: '5002',
      message: text('5002', 'Phản ánh mới PA-2026-000007'),
      link: { kind: 'alert', reportId: 7, officialId: 4 },
    });
    await waitUntil('both finished', async () => (await unfinished()) === 0);
    // A second call would come from a retried or duplicated job: wait until none is left.
    await waitUntil('no delivery job left', async () => (await jobsLeft()) === 0);

    expect(unreachable).toHaveLength(1);
    expect(unreachable[0]).toMatchObject({
      id,
      state: 'unreachable',
      link,
      officialId: 3,
      reportId: 7,
    });
    expect(sent.map((d) => d.link)).toEqual([{ kind: 'alert', reportId: 7, officialId: 4 }]);
    expect(fake.calls.filter((c) => c.chatId === '5001')).toHaveLength(1);
    const row = await createDeliveriesRepository(db.prisma).get(id);
    expect(row?.state).toBe('unreachable');
    expect(row?.lastError).toMatch(/blocked/);
  });

  it('marks a message the channel refuses failed, and goes on with the chat', async () => {
    const fake = createFakeSender();
    fake.decide((call) =>
      call.text === '5101-m0'
        ? new ChannelError('bad_request', "Bad Request: can't parse entities")
        : undefined,
    );
    const queue = openQueue({ sender: fake.sender });
    queue.startWorker();
    const messages = interleaved(['5101'], 2);
    await enqueueAll(queue, messages);
    await waitUntil('both finished', async () => (await unfinished()) === 0);
    const rows = await db.prisma.delivery.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.state)).toEqual(['failed', 'sent']);
    expect(fake.calls.map((c) => c.text)).toEqual(['5101-m0', '5101-m1']);
  });

  it('retries a network error with backoff, keeping the chat in order', async () => {
    const fake = createFakeSender();
    let failures = 0;
    fake.decide((call) => {
      if (call.text !== '5201-m0' || failures >= 2) return undefined;
      failures++;
      return new ChannelError('network', 'socket hang up');
    });
    const queue = openQueue({ sender: fake.sender });
    queue.startWorker();
    const messages = interleaved(['5201'], 3);
    await enqueueAll(queue, messages);
    await waitUntil('all sent', async () => (await unfinished()) === 0, 30_000);
    expect(fake.sent().map((c) => c.text)).toEqual(['5201-m0', '5201-m1', '5201-m2']);
    expect(fake.calls.filter((c) => c.outcome === 'error')).toHaveLength(2);
  }, 40_000);

  it('does not let an unreadable row block its chat', async () => {
    const fake = createFakeSender();
    await db.prisma.delivery.create({
      data: { dedupeKey: 'corrupt', chatId: '5301', payload: { something: 'else' } },
    });
    const queue = openQueue({ sender: fake.sender });
    queue.startWorker();
    await queue.enqueue({ dedupeKey: 'after', chatId: '5301', message: text('5301', 'after') });
    await waitUntil('both finished', async () => (await unfinished()) === 0);
    const rows = await db.prisma.delivery.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.state)).toEqual(['failed', 'sent']);
    expect(rows[0]?.lastError).toMatch(/unreadable payload/);
    expect(fake.calls.map((c) => c.text)).toEqual(['after']);
  });

  it('sends one message for the same dedupeKey enqueued twice, even after it was sent', async () => {
    const fake = createFakeSender();
    const queue = openQueue({ sender: fake.sender });
    queue.startWorker();
    const input = { dedupeKey: 'relay-9-1', chatId: '6001', message: text('6001', 'xin chào') };
    const [first, second] = await Promise.all([queue.enqueue(input), queue.enqueue(input)]);
    expect(first.id).toBe(second.id);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    await waitUntil('sent', async () => (await unfinished()) === 0);
    const third = await queue.enqueue(input);
    expect(third).toEqual({ id: first.id, created: false, job: 'none' });
    await waitUntil('no delivery job left', async () => (await jobsLeft()) === 0);
    expect(fake.calls).toHaveLength(1);
  });

  it('leaves the row to the sweep when Redis is down, and never throws for it', async () => {
    const fake = createFakeSender();
    // Nothing listens on port 1: every Redis command fails or waits.
    const down = openQueue({ sender: fake.sender, enqueueTimeoutMs: 300 }, 'redis://127.0.0.1:1');
    const started = Date.now();
    const result = await down.enqueue({
      dedupeKey: 'notice-1',
      chatId: '6101',
      message: text('6101', 'offline'),
    });
    expect(result).toMatchObject({ created: true, job: 'deferred' });
    expect(Date.now() - started).toBeLessThan(2000);

    const up = openQueue({ sender: fake.sender });
    up.startWorker();
    expect(await up.requeuePending()).toBe(1);
    await waitUntil('sent', async () => (await unfinished()) === 0);
    expect(fake.sent().map((c) => c.text)).toEqual(['offline']);
  });

  it('rebuilds the queue after Redis lost everything, without sending anything twice', async () => {
    const fake = createFakeSender();
    const queue = openQueue({ sender: fake.sender });
    const messages = interleaved(['7001', '7002', '7003'], 4);
    await enqueueAll(queue, messages);
    queue.startWorker();
    await waitUntil('a few sent', () => fake.sent().length >= 4);

    const lost = await deleteKeys(prefix);
    expect(lost).toBeGreaterThan(0);
    // Jobs in hand finish (their rows are in PostgreSQL either way): no row is mid-send.
    await waitUntil(
      'no send in hand',
      async () => (await db.prisma.delivery.count({ where: { state: 'sending' } })) === 0,
    );
    const requeued = await queue.requeuePending();
    expect(requeued).toBeGreaterThan(0);
    await waitUntil('all sent', async () => (await unfinished()) === 0, 30_000);
    // A second sweep finds nothing to do.
    expect(await queue.requeuePending()).toBe(0);

    const sent = fake.sent();
    expect(sent.map((c) => c.text).sort()).toEqual(messages.map((m) => m.body).sort());
    expectOrderedPerChat(sent, expectedOrder(messages));
    report('redis flushed mid-run', { sentBeforeFlush: 4, requeued, calls: fake.calls.length });
  }, 40_000);

  it('when a worker dies after the send was recorded, the next worker does not send again', async () => {
    const fake = createFakeSender();
    const crashTimings = { lockDurationMs: 1000, stalledIntervalMs: 500 };
    // Worker A records the send, then hangs in onSent: it "dies" there.
    const a = openQueue({
      sender: fake.sender,
      ...crashTimings,
      onSent: () => new Promise<void>(() => undefined),
    });
    a.startWorker();
    const { id } = await a.enqueue({
      dedupeKey: 'crash-1',
      chatId: '8001',
      message: text('8001', 'once'),
    });
    await waitUntil('sent by A', () => fake.sent().length === 1);
    await a.close({ force: true }); // no more lock renewals: the job stalls

    const b = openQueue({ sender: fake.sender, ...crashTimings });
    b.startWorker();
    const jobs = inspector();
    await waitUntil('B finished the stalled job', async () => {
      return (await jobs.getJobState(jobId.delivery(id))) === 'completed';
    });
    expect(fake.calls).toHaveLength(1);
    expect((await createDeliveriesRepository(db.prisma).get(id))?.state).toBe('sent');
  });

  it('when a worker dies mid-send, another sends the row once the claim is stale', async () => {
    const fake = createFakeSender();
    fake.decide((_, n) => (n === 1 ? 'hang' : undefined));
    const timings = { lockDurationMs: 1000, stalledIntervalMs: 500, sendingStaleAfterMs: 2000 };
    const a = openQueue({ sender: fake.sender, ...timings });
    a.startWorker();
    const { id } = await a.enqueue({
      dedupeKey: 'crash-2',
      chatId: '8101',
      message: text('8101', 'late'),
    });
    await waitUntil('A is sending', () => fake.calls.length === 1);
    await a.close({ force: true });

    const b = openQueue({ sender: fake.sender, ...timings });
    b.startWorker();
    await waitUntil('B sent it', async () => (await unfinished()) === 0);
    // A's send never completed, so this is the only completed one.
    expect(fake.calls.map((c) => c.outcome)).toEqual(['hung', 'sent']);
    const row = await createDeliveriesRepository(db.prisma).get(id);
    expect(row).toMatchObject({ state: 'sent', attempts: 2 });
  });
});

// ------------------------------------------------------------------------------ fake Bot API

describe('delivery queue through the Telegram sender and the fake Bot API', () => {
  const TOKEN = '424242:delivery-queue-test';

  async function openFake() {
    const fakeApi = await createFakeBotApi({ autoCreateChats: true });
    fakeApi.enforceLimits(true);
    cleanups.push(() => fakeApi.close());
    const sender = createTelegramSender(createGrammyCall(new Api(TOKEN, { apiRoot: fakeApi.url })));
    return { fakeApi, sender };
  }

  it('stays within Telegram limits: no 429, every message in order', async () => {
    const { fakeApi, sender } = await openFake();
    const queue = openQueue({ sender });
    queue.startWorker();
    const privateChats = Array.from({ length: 8 }, (_, i) => String(9001 + i));
    const messages = [...interleaved(privateChats, 5), ...interleaved(['-100900'], 3)];
    await enqueueAll(queue, messages);
    await waitUntil('all sent', async () => (await unfinished()) === 0, 30_000);

    const calls = fakeApi.calls(TOKEN, 'sendMessage');
    expect(calls.filter((c) => !c.response.ok)).toEqual([]);
    expect(fakeApi.violations(TOKEN)).toEqual([]);
    for (const [chatId, texts] of expectedOrder(messages)) {
      expect(fakeApi.messagesTo(TOKEN, Number(chatId)).map((m) => m.text)).toEqual(texts);
    }
    report('fake Bot API, limits enforced', {
      messages: messages.length,
      maxPerSlidingSecond: maxInWindow(calls.map((c) => c.time)),
    });
  }, 40_000);

  it('paces a chat by the messages of an album: albums in a row get no 429', async () => {
    const { fakeApi, sender } = await openFake();
    // Photos the fake knows for this bot, as a citizen's would be.
    fakeApi.injectMessage(TOKEN, { chatId: 9101, photo: TINY_PNG });
    fakeApi.injectMessage(TOKEN, { chatId: 9102, photo: TINY_PNG });
    const fileIds = fakeApi.pendingUpdates(TOKEN).map((u) => {
      const sizes = (u as { message?: { photo?: Array<{ file_id: string }> } }).message?.photo;
      return sizes?.at(-1)?.file_id ?? '';
    });
    const queue = openQueue({ sender });
    for (let i = 0; i < 5; i++)
      await queue.enqueue({
        dedupeKey: `album-${i}`,
        chatId: '9103',
        message: { type: 'album', chatId: '9103', fileIds, caption: `album ${i}` },
      });
    queue.startWorker();
    await waitUntil('all sent', async () => (await unfinished()) === 0, 30_000);
    const calls = fakeApi.calls(TOKEN, 'sendMediaGroup');
    expect(calls.map((c) => c.response.ok)).toEqual([true, true, true, true, true]);
    expect(fakeApi.violations(TOKEN)).toEqual([]);
  }, 40_000);

  it('two bots: each its own budget and order, even to the same chat id', async () => {
    const { fakeApi, sender } = await openFake();
    const OTHER = '434343:delivery-queue-test-other-bot';
    const otherSender = createTelegramSender(
      createGrammyCall(new Api(OTHER, { apiRoot: fakeApi.url })),
    );
    const main = openQueue({ sender, perSecond: 10 });
    const other = openQueue({
      sender: otherSender,
      perSecond: 10,
      bot: '434343',
      deliveries: createDeliveriesRepository(db.prisma, { bot: '434343' }),
    });
    // A 429 on the main bot pauses the main bot only.
    fakeApi.failNext(
      'sendMessage',
      {
        error_code: 429,
        description: 'Too Many Requests: retry after 3',
        parameters: { retry_after: 3 },
      },
      { token: TOKEN },
    );
    main.startWorker();
    other.startWorker();
    // 30 chats per bot, the same ids on both: a user's private chats with two bots.
    const chats = Array.from({ length: 30 }, (_, i) => String(9201 + i));
    const messages = interleaved(chats, 2);
    await enqueueAll(main, messages);
    for (const [i, m] of messages.entries())
      await other.enqueue({
        dedupeKey: `other-${i}`,
        chatId: m.chatId,
        message: text(m.chatId, `other:${m.body}`),
      });
    await waitUntil('all sent', async () => (await unfinished()) === 0, 40_000);

    const mainCalls = fakeApi.calls(TOKEN, 'sendMessage');
    const otherCalls = fakeApi.calls(OTHER, 'sendMessage');
    expect(otherCalls.filter((c) => !c.response.ok)).toEqual([]);
    // Each bot stays within its own 10 a second; the 429 reached the main bot only.
    expect(mainCalls.some((c) => !c.response.ok && c.response.error_code === 429)).toBe(true);
    const sentMain = mainCalls.filter((c) => c.response.ok);
    expect(
      withinRate(
        sentMain.map((c) => c.time),
        10,
      ),
    ).toBe(true);
    expect(
      withinRate(
        otherCalls.map((c) => c.time),
        10,
      ),
    ).toBe(true);
    for (const [chatId, texts] of expectedOrder(messages)) {
      expect(fakeApi.messagesTo(TOKEN, Number(chatId)).map((m) => m.text)).toEqual(texts);
      expect(fakeApi.messagesTo(OTHER, Number(chatId)).map((m) => m.text)).toEqual(
        texts.map((t) => `other:${t}`),
      );
    }
    const rows = await db.prisma.delivery.groupBy({ by: ['bot'], _count: true });
    expect(rows.map((r) => [r.bot, r._count]).sort()).toEqual([
      ['', 60],
      ['434343', 60],
    ]);
  }, 60_000);

  it('pauses on a real 429 answer and falls back on a real 403', async () => {
    const { fakeApi, sender } = await openFake();
    fakeApi.addChat(TOKEN, { id: 9101, first_name: 'Blocked' });
    fakeApi.setBlocked(TOKEN, 9101, true);
    fakeApi.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 2',
      parameters: { retry_after: 2 },
    });
    const unreachable: Delivery[] = [];
    const queue = openQueue({ sender, onUnreachable: (d) => void unreachable.push(d) });
    queue.startWorker();
    const messages = interleaved(['9102', '9103'], 2);
    await enqueueAll(queue, messages);
    await queue.enqueue({ dedupeKey: 'blocked', chatId: '9101', message: text('9101', 'x') });
    await waitUntil('all finished', async () => (await unfinished()) === 0, 30_000);

    const calls = fakeApi.calls(TOKEN, 'sendMessage');
    const limited = calls.find((c) => !c.response.ok && c.response.error_code === 429);
    expect(limited).toBeDefined();
    const at = limited?.time ?? 0;
    // Calls already past their last check when the 429 came back may follow within a few ms.
    expect(calls.filter((c) => c.time > at + 50 && c.time < at + 2000)).toEqual([]);
    expect(calls.some((c) => c.time >= at + 2000)).toBe(true);
    for (const [chatId, texts] of expectedOrder(messages)) {
      expect(fakeApi.messagesTo(TOKEN, Number(chatId)).map((m) => m.text)).toEqual(texts);
    }
    expect(unreachable.map((d) => d.chatId)).toEqual(['9101']);
  }, 40_000);
});

// ------------------------------------------------------------------------------ joined rows

describe('two workers claiming the same chat', () => {
  /** Each its own pool, as two worker processes are. */
  function twoWorkers() {
    const other = createPrismaClient(db.url, { maxConnections: 2 });
    cleanups.push(other.close);
    return [createDeliveriesRepository(db.prisma), createDeliveriesRepository(other.prisma)];
  }
  const chat = { channel: 'telegram', chatId: '8801' } as const;

  async function store(count: number, from = 0): Promise<number[]> {
    const ids: number[] = [];
    for (let i = from; i < from + count; i++)
      ids.push(
        (
          await createDeliveriesRepository(db.prisma).create({
            dedupeKey: `race-${i}`,
            chatId: chat.chatId,
            message: text(chat.chatId, `race-${i}`),
          })
        ).id,
      );
    return ids;
  }

  it('claim at the same moment: one gets the head, the other is told to wait', async () => {
    const [a, b] = twoWorkers();
    const ids = await store(20);
    const now: ClaimOptions = { minIntervalMs: 0, staleAfterMs: 60_000 };
    const sent: number[] = [];
    for (const id of ids) {
      const results = await Promise.all([a!.claimNext(chat, now), b!.claimNext(chat, now)]);
      const won = results.filter((r) => r.type === 'claimed');
      expect(won, `row ${id}`).toHaveLength(1);
      expect(results.filter((r) => r.type === 'busy')).toHaveLength(1);
      const claim = won[0]!.type === 'claimed' ? won[0]!.delivery : undefined;
      expect(claim?.id).toBe(id);
      sent.push(claim!.id);
      expect([...(await a!.markAllSent([claim!], [id]))]).toEqual([id]);
      // The claim waits 1 ms past the last send even at interval 0 (sent_at is rounded to
      // milliseconds): without this pause both workers could rightly be told to wait.
      await sleep(2);
    }
    expect(sent).toEqual(ids);
  });

  it('take over a stale claim at the same moment: exactly one of them does', async () => {
    const [a, b] = twoWorkers();
    const [id] = await store(1, 100);
    const options: ClaimOptions = { minIntervalMs: 0, staleAfterMs: 60_000 };
    const first = await a!.claimNext(chat, options);
    expect(first).toMatchObject({ type: 'claimed', delivery: { id, attempt: 1 } });
    for (let attempt = 2; attempt <= 11; attempt++) {
      // The claim in hand goes stale (its worker died an hour ago): both try to take it over.
      await db.prisma.$executeRaw`
        UPDATE deliveries SET sent_at = sent_at - interval '1 hour' WHERE id = ${id}`;
      const results = await Promise.all([a!.claimNext(chat, options), b!.claimNext(chat, options)]);
      const won = results.flatMap((r) => (r.type === 'claimed' ? [r.delivery] : []));
      expect(won.map((d) => [d.id, d.attempt])).toEqual([[id, attempt]]);
    }
    // Only the last claim may record the outcome.
    expect([...(await b!.markAllSent([{ id: id!, attempt: 10 }], [1]))]).toEqual([]);
    expect([...(await b!.markAllSent([{ id: id!, attempt: 11 }], [1]))]).toEqual([id]);
  });

  it('two workers draining one chat send every row once, in order', async () => {
    const [a, b] = twoWorkers();
    const ids = await store(40, 200);
    const order: Array<{ id: number; by: string }> = [];
    const options: ClaimOptions = { minIntervalMs: 0, staleAfterMs: 60_000 };
    async function drain(repo: typeof a, by: string) {
      for (;;) {
        const result = await repo!.claimNext(chat, options);
        if (result.type === 'idle') return;
        if (result.type !== 'claimed') continue;
        order.push({ id: result.delivery.id, by });
        await repo!.markAllSent([result.delivery], [result.delivery.id]);
      }
    }
    await Promise.all([drain(a, 'a'), drain(b, 'b')]);
    expect(order.map((o) => o.id)).toEqual(ids);
    report('two claimers on one chat', {
      rows: ids.length,
      byA: order.filter((o) => o.by === 'a').length,
      byB: order.filter((o) => o.by === 'b').length,
    });
  });
});

describe('joining a chat’s waiting rows into one message', () => {
  /** Joins parts as "J:a+b+c", so the order and the rows of each send can be read back. */
  const join = {
    maxRows: 5,
    maxWeight: 1000,
    message: (chatId: string, parts: Array<Record<string, unknown>>): OutboundMessage =>
      text(chatId, `J:${parts.map((p) => String(p['name'])).join('+')}`),
  };

  async function enqueueJoinable(queue: DeliveryQueue, chatId: string, names: string[]) {
    for (const name of names)
      await queue.enqueue({
        dedupeKey: `${chatId}-${name}`,
        chatId,
        message: text(chatId, name),
        joinable: { weight: 10, part: { name } },
      });
  }

  it('sends the waiting joinable rows of a chat as one message, in order, around the others', async () => {
    const fake = createFakeSender();
    const sent: Array<{ id: number; messageIds: number[] }> = [];
    const queue = openQueue({
      sender: fake.sender,
      join,
      onSent: (delivery, messageIds) => void sent.push({ id: delivery.id, messageIds }),
    });
    // Everything waits before the worker starts, as in a rush.
    await enqueueJoinable(queue, '8201', ['a', 'b']);
    await queue.enqueue({ dedupeKey: '8201-p', chatId: '8201', message: text('8201', 'p') });
    await enqueueJoinable(queue, '8201', ['c', 'd', 'e']);
    await enqueueJoinable(
      queue,
      '8202',
      Array.from({ length: 12 }, (_, i) => `x${i}`),
    );
    queue.startWorker();
    await waitUntil('all sent', async () => (await unfinished()) === 0);

    expectOrderedPerChat(
      fake.sent(),
      new Map([
        ['8201', ['J:a+b', 'p', 'J:c+d+e']],
        ['8202', ['J:x0+x1+x2+x3+x4', 'J:x5+x6+x7+x8+x9', 'J:x10+x11']],
      ]),
    );
    expect(fake.calls.every((c) => c.outcome === 'sent')).toBe(true);
    // Each row is recorded sent, with the message that carried it; each is told once.
    const rows = await db.prisma.delivery.findMany({ orderBy: { id: 'asc' } });
    expect(rows.every((r) => r.state === 'sent')).toBe(true);
    expect(sent).toHaveLength(rows.length);
    const [a, b] = rows;
    expect(a?.messageIds).toEqual(b?.messageIds);
    expect(new Set(rows.map((r) => r.messageIds.join()))).toHaveProperty('size', 6);
    // The jobs of rows sent with another are gone, not left to wake for nothing.
    expect(await jobsLeft()).toBe(0);
  });

  it('a joined message the channel refuses: each row goes alone, only the bad one fails', async () => {
    const fake = createFakeSender();
    fake.decide((call) =>
      call.text.startsWith('J:') || call.text === 'b'
        ? new ChannelError('bad_request', 'Bad Request: can’t parse entities')
        : undefined,
    );
    const queue = openQueue({ sender: fake.sender, join });
    await enqueueJoinable(queue, '8203', ['a', 'b', 'c']);
    queue.startWorker();
    await waitUntil('all finished', async () => (await unfinished()) === 0);
    expect(fake.calls.map((c) => `${c.text}:${c.outcome}`)).toEqual([
      'J:a+b+c:error',
      'a:sent',
      'b:error',
      'c:sent',
    ]);
    const states = (await db.prisma.delivery.findMany({ orderBy: { id: 'asc' } })).map(
      (r) => r.state,
    );
    expect(states).toEqual(['sent', 'failed', 'sent']);
  });

  it('a worker that dies mid-send of a joined message: the next sends the rows together, once', async () => {
    const fake = createFakeSender();
    fake.decide((_, n) => (n === 1 ? 'hang' : undefined));
    const timings = { lockDurationMs: 1000, stalledIntervalMs: 500, sendingStaleAfterMs: 2000 };
    const a = openQueue({ sender: fake.sender, join, ...timings });
    await enqueueJoinable(a, '8204', ['a', 'b', 'c']);
    a.startWorker();
    await waitUntil('A is sending', () => fake.calls.length === 1);
    await a.close({ force: true });

    const b = openQueue({ sender: fake.sender, join, ...timings });
    b.startWorker();
    await waitUntil('B sent them', async () => (await unfinished()) === 0);
    // Nothing lost and, since A's send never completed, nothing twice.
    expect(fake.calls.map((c) => `${c.text}:${c.outcome}`)).toEqual([
      'J:a+b+c:hung',
      'J:a+b+c:sent',
    ]);
    const rows = await db.prisma.delivery.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.state, r.attempts])).toEqual([
      ['sent', 2],
      ['sent', 2],
      ['sent', 2],
    ]);
  });
  it('media that follows an alert yields to the chat’s waiting alerts and replies to the message that carried it', async () => {
    const fake = createFakeSender();
    const seen: OutboundMessage[] = [];
    const sender: ChannelSender = {
      send: (message) => {
        seen.push(message);
        return fake.sender.send(message);
      },
    };
    const queue = openQueue({ sender, join });
    const album = (chatId: string): OutboundMessage => ({
      type: 'album',
      chatId,
      fileIds: ['p1', 'p2'],
    });
    const photo = (chatId: string): OutboundMessage => ({ type: 'photo', chatId, fileId: 'p' });
    // A rush: a, its album, b, its photo (wanted only if b goes joined), c.
    await enqueueJoinable(queue, '8301', ['a']);
    await queue.enqueue({
      dedupeKey: '8301-a-album',
      chatId: '8301',
      message: album('8301'),
      follows: { dedupeKey: '8301-a' },
    });
    await enqueueJoinable(queue, '8301', ['b']);
    await queue.enqueue({
      dedupeKey: '8301-b-photo',
      chatId: '8301',
      message: photo('8301'),
      follows: { dedupeKey: '8301-b', onlyIfJoined: true },
    });
    await enqueueJoinable(queue, '8301', ['c']);
    // Alone: x, its album, and its photo that x carried itself (not sent again).
    await enqueueJoinable(queue, '8302', ['x']);
    await queue.enqueue({
      dedupeKey: '8302-x-album',
      chatId: '8302',
      message: album('8302'),
      follows: { dedupeKey: '8302-x' },
    });
    await queue.enqueue({
      dedupeKey: '8302-x-photo',
      chatId: '8302',
      message: photo('8302'),
      follows: { dedupeKey: '8302-x', onlyIfJoined: true },
    });
    queue.startWorker();
    await waitUntil('all finished', async () => (await unfinished()) === 0);

    const to = (chatId: string) => seen.filter((m) => 'chatId' in m && m.chatId === chatId);
    // The three alerts first, as one message; the media after it, each a reply to it.
    expect(to('8301').map((m) => textOf(m))).toEqual(['J:a+b+c', 'album', 'photo']);
    const rows = new Map(
      (await db.prisma.delivery.findMany()).map((r) => [r.dedupeKey, r] as const),
    );
    const digestId = rows.get('8301-a')?.messageIds.at(-1);
    expect(digestId).toBeDefined();
    expect(to('8301').slice(1)).toEqual([
      expect.objectContaining({ type: 'album', replyToMessageId: digestId }),
      expect.objectContaining({ type: 'photo', replyToMessageId: digestId }),
    ]);
    // Alone: x, then its album replying to x; x's own photo went with x, so not again.
    expect(to('8302').map((m) => textOf(m))).toEqual(['x', 'album']);
    const xId = rows.get('8302-x')?.messageIds.at(-1);
    expect(to('8302')[1]).toMatchObject({ replyToMessageId: xId });
    expect(rows.get('8302-x-photo')).toMatchObject({ state: 'sent', messageIds: [xId] });
    expect([...rows.values()].every((r) => r.state === 'sent')).toBe(true);
  });

  it('counts each message sent once, before onSent is told, and no send for media its alert carried', async () => {
    const fake = createFakeSender();
    let sendsCounted = 0;
    // The sends onSent was told of (a digest's rows share one), and whether the counter held
    // every one of them each time, as a scrape right then would read it.
    const announced = new Set<number>();
    const countedWhenTold: boolean[] = [];
    const queue = openQueue({
      sender: fake.sender,
      join,
      observer: {
        attempted: (outcome) => {
          if (outcome === 'sent') sendsCounted++;
        },
        paused: () => undefined,
      },
      onSent: (_delivery, messageIds) => {
        announced.add(messageIds.at(-1)!);
        countedWhenTold.push(sendsCounted >= announced.size);
      },
    });
    const photo = (chatId: string): OutboundMessage => ({ type: 'photo', chatId, fileId: 'p' });
    // Alone: x carries its photo, so the photo's row is recorded sent without a send.
    await enqueueJoinable(queue, '8401', ['x']);
    await queue.enqueue({
      dedupeKey: '8401-x-photo',
      chatId: '8401',
      message: photo('8401'),
      follows: { dedupeKey: '8401-x', onlyIfJoined: true },
    });
    // Joined: a and b go as one digest, then a's photo goes after it, a send of its own.
    await enqueueJoinable(queue, '8402', ['a']);
    await queue.enqueue({
      dedupeKey: '8402-a-photo',
      chatId: '8402',
      message: photo('8402'),
      follows: { dedupeKey: '8402-a', onlyIfJoined: true },
    });
    await enqueueJoinable(queue, '8402', ['b']);
    queue.startWorker();
    await waitUntil(
      'all finished',
      async () => (await unfinished()) === 0 && (await jobsLeft()) === 0,
    );

    expect(fake.sent().map((c) => `${c.chatId}:${c.text}`)).toEqual(
      expect.arrayContaining(['8401:x', '8402:J:a+b', '8402:photo']),
    );
    expect(fake.calls).toHaveLength(3);
    // Three messages left, three sends counted: x's photo went with x, not as a send of its own.
    expect(sendsCounted).toBe(3);
    // Told of x, of a and b (the digest), of a's photo: every time with its send counted.
    expect(countedWhenTold).toEqual([true, true, true, true]);
    expect(announced.size).toBe(3);
  });
});
