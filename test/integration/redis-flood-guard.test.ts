/**
 * The flood guard on a real connection as gopy opens it (no offline queue, so a command fails
 * at once). No update waits for Redis: each process counts, sends its counts to Redis together
 * every `flushMs`, and Redis's replies bring every replica's count back. A flood that arrives
 * before the connection is up, right at start, is limited all the same, counted in the process;
 * a Redis that cannot be reached at all limits too.
 * The rule itself, on a connected Redis: test/support/contracts/flood-guard-contract.ts.
 */
import { randomUUID } from 'node:crypto';
import { connect, createServer, type Socket } from 'node:net';
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

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A TCP proxy to Redis that can hold what its clients send (`hold`) and pass it on later
 * (`release`): a command on its way for as long as a test needs, on this connection alone.
 */
async function holdingProxy(): Promise<{
  url: string;
  hold(): void;
  release(): void;
  close(): Promise<void>;
}> {
  const target = new URL(REDIS_URL);
  let held: Array<() => void> | undefined;
  const sockets: Socket[] = [];
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 6379), target.hostname);
    sockets.push(client, upstream);
    client.on('data', (data) =>
      held ? held.push(() => upstream.write(data)) : upstream.write(data),
    );
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    hold: () => (held = []),
    release: () => {
      const queued = held ?? [];
      held = undefined;
      for (const send of queued) send();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('the flood guard while Redis cannot answer', () => {
  it('limits a flood that arrives before Redis is connected, then counts in Redis', async () => {
    const redis = createRedisConnection(REDIS_URL, { forWorker: false });
    const prefix = `test-flood-start-${randomUUID().slice(0, 8)}`;
    try {
      const guard = createRedisFloodGuard(redis, {
        prefix,
        limit: 3,
        windowSeconds: 60,
        flushMs: 20,
      });
      // Right at start: the connection is still being made.
      expect(redis.status).not.toBe('ready');
      expect(await flood(guard, 'telegram:7101', 6)).toEqual(FLOODED);
      expect(redis.status).not.toBe('ready');

      await new Promise((resolve) => redis.once('ready', resolve));
      // Redis counts from here, under the guard's key: another chat, sent at the next flush.
      expect(await flood(guard, 'telegram:7102', 6)).toEqual(FLOODED);
      await pause(100);
      expect(await redis.get(`${prefix}:flood:telegram:7102`)).toBe('6');
      // The flood counted while Redis was away is still this window's: still refused, silently.
      expect(await guard.hit('telegram:7101')).toBe('limited-noted');
      await pause(100);
      // This event reached Redis; the six before it too if their flush came once it was up.
      expect(['1', '7']).toContain(await redis.get(`${prefix}:flood:telegram:7101`));
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
});

describe('the flood guard on Redis, never waited for', () => {
  it('ignores the reply to counts sent before the chat was forgotten', async () => {
    const proxy = await holdingProxy();
    const redis = createRedisConnection(proxy.url, { forWorker: false });
    const prefix = `test-flood-forget-${randomUUID().slice(0, 8)}`;
    try {
      await new Promise((resolve) => redis.once('ready', resolve));
      const guard = createRedisFloodGuard(redis, {
        prefix,
        limit: 3,
        windowSeconds: 60,
        flushMs: 20,
      });
      proxy.hold();
      expect(await flood(guard, 'telegram:7109', 5)).toEqual(FLOODED.slice(0, 5));
      await pause(100); // the flush of these five is on its way, held
      const forgotten = guard.forget('telegram:7109');
      proxy.release();
      // Redis counts the five, then deletes the key; its reply (5) must not count any more.
      await forgotten;
      expect(await flood(guard, 'telegram:7109', 4)).toEqual(['ok', 'ok', 'ok', 'limited']);
    } finally {
      redis.disconnect();
      await proxy.close();
    }
  });

  it('sends the counts to Redis together at the flush, not one by one, with the window’s end', async () => {
    const redis = createRedisConnection(REDIS_URL, { forWorker: false });
    const prefix = `test-flood-batch-${randomUUID().slice(0, 8)}`;
    try {
      await new Promise((resolve) => redis.once('ready', resolve));
      const guard = createRedisFloodGuard(redis, {
        prefix,
        limit: 6,
        windowSeconds: 10,
        flushMs: 1000,
      });
      const key = (chat: string) => `${prefix}:flood:telegram:${chat}`;
      const started = Date.now();
      // Past the limit too: decided here, at once.
      expect(await flood(guard, 'telegram:7106', 8)).toEqual([
        ...Array(6).fill('ok'),
        'limited',
        'limited-noted',
      ]);
      expect(await guard.hit('telegram:7107')).toBe('ok');
      // Read on the guard's own connection, so after anything it sent: nothing yet.
      expect(await redis.mget(key('7106'), key('7107'))).toEqual([null, null]);
      await pause(1300);
      expect(await redis.mget(key('7106'), key('7107'))).toEqual(['8', '1']);
      // Redis's window ends with this process's, though the count arrived 0.3 s late.
      const ends = Date.now() + (await redis.pttl(key('7106')));
      expect(Math.abs(ends - (started + 10_000))).toBeLessThan(250);
    } finally {
      redis.disconnect();
    }
  });

  it('stops a flood spread over two replicas: each hears the other’s count with its next flush', async () => {
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
        // Past its flush and the reply, even on a busy machine.
        await pause(150);
      }
      // Each replica alone saw 3 of the first 6; the shared count stops the flood one event
      // past the limit (a replica knows the other's events from its own last flush), and each
      // replica sends the note once.
      expect(hits).toEqual([
        ...Array(7).fill('ok'),
        'limited',
        'limited',
        ...Array(3).fill('limited-noted'),
      ]);
      expect(await a!.get(`${prefix}:flood:telegram:7105`)).toBe('12');
    } finally {
      a!.disconnect();
      b!.disconnect();
    }
  });

  it('a burst faster than the flush passes the limit on each replica once; the next event anywhere is refused', async () => {
    const [a, b] = [1, 2].map(() => createRedisConnection(REDIS_URL, { forWorker: false }));
    const prefix = `test-flood-fast-${randomUUID().slice(0, 8)}`;
    try {
      await Promise.all([a, b].map((r) => new Promise((resolve) => r!.once('ready', resolve))));
      const guards = [a, b].map((r) =>
        createRedisFloodGuard(r!, { prefix, limit: 6, windowSeconds: 60, flushMs: 1000 }),
      );
      const hits: string[] = [];
      for (let i = 0; i < 12; i++) hits.push(await guards[i % 2]!.hit('telegram:7108'));
      expect(hits).toEqual(Array(12).fill('ok'));
      await pause(1300);
      expect(await a!.get(`${prefix}:flood:telegram:7108`)).toBe('12');
      expect(await guards[0]!.hit('telegram:7108')).toBe('limited');
      expect(await guards[1]!.hit('telegram:7108')).toBe('limited');
      expect(await guards[1]!.hit('telegram:7108')).toBe('limited-noted');
    } finally {
      a!.disconnect();
      b!.disconnect();
    }
  });
});
