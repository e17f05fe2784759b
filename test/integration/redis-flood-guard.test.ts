/**
 * The flood guard while Redis cannot answer, on a real connection as gopy opens it (no offline
 * queue, so a command fails at once): a flood that arrives before the connection is up, right
 * at start, is limited all the same, counted in the process; once Redis answers the count is
 * Redis's again (shared by every replica). A Redis that cannot be reached at all limits too.
 * Below half the limit the counts go to Redis together, every `flushMs`.
 * The rule itself, on a connected Redis: test/support/contracts/flood-guard-contract.ts.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { FloodGuard } from '../../src/app/ports/flood-guard.ts';
import { createRedisConnection } from '../../src/queue/redis-connection.ts';
import { createRedisFloodGuard } from '../../src/queue/redis-flood-guard.ts';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const FLOODED = ['ok', 'ok', 'ok', 'limited', 'limited-noted', 'limited-noted'];

async function flood(guard: FloodGuard, chatKey: string, events: number): Promise<string[]> {
  const hits: string[] = [];
  for (let i = 0; i < events; i++) hits.push(await guard.hit(chatKey));
  return hits;
}

/** A local port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('the flood guard while Redis cannot answer', () => {
  it('limits a flood that arrives before Redis is connected, then counts in Redis', async () => {
    const redis = createRedisConnection(REDIS_URL, { forWorker: false });
    const prefix = `test-flood-start-${randomUUID().slice(0, 8)}`;
    try {
      const guard = createRedisFloodGuard(redis, { prefix, limit: 3, windowSeconds: 60 });
      // Right at start: the connection is still being made.
      expect(redis.status).not.toBe('ready');
      expect(await flood(guard, 'telegram:7101', 6)).toEqual(FLOODED);
      expect(redis.status).not.toBe('ready');

      await new Promise((resolve) => redis.once('ready', resolve));
      // Redis counts from here, under the guard's key: another chat, then the flooded one.
      expect(await flood(guard, 'telegram:7102', 6)).toEqual(FLOODED);
      expect(await redis.get(`${prefix}:flood:telegram:7102`)).toBe('6');
      expect(await guard.hit('telegram:7101')).toBe('ok');
      expect(await redis.get(`${prefix}:flood:telegram:7101`)).toBe('1');
    } finally {
      redis.disconnect();
    }
  });

  it('limits a flood while Redis cannot be reached, and lets other chats through', async () => {
    const redis = createRedisConnection(`redis://127.0.0.1:${await closedPort()}`, {
      forWorker: false,
    });
    redis.on('error', () => undefined);
    try {
      const guard = createRedisFloodGuard(redis, { prefix: 'test-flood-down', limit: 3 });
      // Refused at least once: the connection has really failed, not only not started yet.
      await new Promise((resolve) => redis.once('error', resolve));
      expect(await flood(guard, 'telegram:7103', 6)).toEqual(FLOODED);
      expect(await guard.hit('telegram:7104')).toBe('ok');
    } finally {
      redis.disconnect();
    }
  });

  it('stops a flood spread over two replicas at the limit: past half of it each, Redis (both counts) decides', async () => {
    const [a, b] = [1, 2].map(() => createRedisConnection(REDIS_URL, { forWorker: false }));
    const prefix = `test-flood-replicas-${randomUUID().slice(0, 8)}`;
    try {
      await Promise.all([a, b].map((r) => new Promise((resolve) => r!.once('ready', resolve))));
      const guards = [a, b].map((r) =>
        createRedisFloodGuard(r!, { prefix, limit: 6, windowSeconds: 60, flushMs: 20 }),
      );
      const hits: string[] = [];
      for (let i = 0; i < 12; i++) {
        hits.push(await guards[i % 2]!.hit('telegram:7105'));
        // Each replica's counts below half the limit reach Redis at its next flush.
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      // Each replica let its first 3 through alone; from the 4th each, Redis's count of all.
      expect(hits).toEqual([...Array(6).fill('ok'), 'limited', ...Array(5).fill('limited-noted')]);
      expect(await a!.get(`${prefix}:flood:telegram:7105`)).toBe('12');
    } finally {
      a!.disconnect();
      b!.disconnect();
    }
  });

  it('sends the counts below half the limit to Redis together at the flush, not one by one', async () => {
    const redis = createRedisConnection(REDIS_URL, { forWorker: false });
    const prefix = `test-flood-batch-${randomUUID().slice(0, 8)}`;
    try {
      await new Promise((resolve) => redis.once('ready', resolve));
      const guard = createRedisFloodGuard(redis, { prefix, limit: 6, flushMs: 300 });
      const key = (chat: string) => `${prefix}:flood:telegram:${chat}`;
      expect(await flood(guard, 'telegram:7106', 3)).toEqual(['ok', 'ok', 'ok']);
      expect(await guard.hit('telegram:7107')).toBe('ok');
      // Read on the guard's own connection, so after anything it sent: nothing yet.
      expect(await redis.mget(key('7106'), key('7107'))).toEqual([null, null]);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(await redis.mget(key('7106'), key('7107'))).toEqual(['3', '1']);
      expect(await redis.ttl(key('7106'))).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });

  it('a flood faster than the flush: each replica passes half the limit, then Redis has its own count with the other’s flushed', async () => {
    const [a, b] = [1, 2].map(() => createRedisConnection(REDIS_URL, { forWorker: false }));
    const prefix = `test-flood-fast-${randomUUID().slice(0, 8)}`;
    try {
      await Promise.all([a, b].map((r) => new Promise((resolve) => r!.once('ready', resolve))));
      const guards = [a, b].map((r) =>
        createRedisFloodGuard(r!, { prefix, limit: 6, windowSeconds: 60, flushMs: 10_000 }),
      );
      const hits: string[] = [];
      for (let i = 0; i < 12; i++) hits.push(await guards[i % 2]!.hit('telegram:7108'));
      // The 7th (A's 4th) sends A's 4 events: Redis has 4. The 8th (B's 4th) brings it to 8,
      // past the limit: refused with the note; then silence. Nothing sent after it is lost.
      expect(hits).toEqual([...Array(7).fill('ok'), 'limited', ...Array(4).fill('limited-noted')]);
      expect(await a!.get(`${prefix}:flood:telegram:7108`)).toBe('12');
    } finally {
      a!.disconnect();
      b!.disconnect();
    }
  });
});
