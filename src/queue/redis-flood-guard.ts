/**
 * Slows down a chat that floods the bot: at most `limit` events per `windowSeconds`, counted in
 * Redis so every bot replica shares the count. The first refused event gets a polite note; the
 * rest of the window is dropped silently so the note is not itself a flood.
 *
 * No update waits for Redis. This process counts every chat's events itself, and every
 * `flushMs` it adds what it counted to Redis in one pipeline, whose replies say each chat's
 * count over all replicas. An event is judged on the larger of this process's own count and
 * the shared count of the last reply plus this process's events since. With one replica that
 * is exactly the count. With several, a flood spread over them is seen by each within about
 * `flushMs` (what the others counted reaches it with its next flush's reply), so it can pass the
 * limit by the events of that moment before every replica refuses it. An update used to wait
 * for Redis once its chat passed half the limit: bench:intake's citizens, faster than people,
 * did so on 4 of their 14 updates, and the socket write that wakes Redis cost the node thread
 * about as much as the session's own write.
 *
 * While Redis cannot answer (its connection is still being made at start, or it is down) the
 * pipeline fails and this process's own count decides: a flood right at start is limited too,
 * and nobody is refused because Redis is away. Each replica then counts only what reaches it.
 */
import type { Redis } from 'ioredis';
import type { FloodGuard } from '../app/ports/flood-guard.ts';
import { createWindowCounter } from './memory-flood-guard.ts';

/**
 * Adds a chat's events; the first addition of a window ends it when the window of the process
 * that sent it ends (ARGV[1], ms since the epoch: a batch sent late still ends on time, and
 * events of a window that is over expire at once). Answers the count over all replicas and how
 * long the window still runs (ms).
 */
const ADD = `local n = redis.call('INCRBY', KEYS[1], ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[1], 'NX')
return {n, redis.call('PTTL', KEYS[1])}`;

/** The command queued on a pipeline (EVALSHA; ioredis loads the script on a NOSCRIPT). */
interface QueuedAdd {
  gopyFloodAdd(key: string, windowEnd: number, events: number): unknown;
}

/** Past this many chats, shared counts whose window ended are dropped. */
const PRUNE_AT = 1_000;

export function createRedisFloodGuard(
  redis: Redis,
  options: { prefix: string; limit?: number; windowSeconds?: number; flushMs?: number },
): FloodGuard {
  const limit = options.limit ?? 20;
  const windowSeconds = options.windowSeconds ?? 10;
  const flushMs = options.flushMs ?? 200;
  const own = createWindowCounter({ windowSeconds });
  redis.defineCommand('gopyFloodAdd', { numberOfKeys: 1, lua: ADD });

  /** Events counted here and not yet sent to Redis, by Redis key, and when their window ends. */
  let pending = new Map<string, { events: number; windowEnd: number }>();
  /** Each chat's count over all replicas as Redis last answered it, until its window ends. */
  const shared = new Map<string, { count: number; until: number }>();
  /** The chats this process has sent the note to, until their window here ends. */
  const noted = new Map<string, number>();
  /** For each flush awaiting Redis's replies, the chats forgotten since: their replies are stale. */
  const awaiting = new Set<Set<string>>();
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    timer = undefined;
    const batch = [...pending].map(([key, p]) => ({ key, ...p }));
    pending = new Map();
    const forgottenSince = new Set<string>();
    awaiting.add(forgottenSince);
    const pipeline = redis.pipeline();
    for (const { key, events, windowEnd } of batch)
      (pipeline as unknown as QueuedAdd).gopyFloodAdd(key, windowEnd, events);
    pipeline.exec().then(
      (replies) => {
        awaiting.delete(forgottenSince);
        const now = Date.now();
        if (shared.size >= PRUNE_AT)
          for (const [key, s] of shared) if (now >= s.until) shared.delete(key);
        replies?.forEach(([error, reply], i) => {
          const sent = batch[i]!;
          if (error || !Array.isArray(reply) || forgottenSince.has(sent.key)) return;
          const [count, ttl] = reply.map(Number);
          if (count! > 0 && ttl! > 0) shared.set(sent.key, { count: count!, until: now + ttl! });
        });
      },
      // Redis down (no offline queue: failed at once): this process's count decides.
      () => awaiting.delete(forgottenSince),
    );
  };

  return {
    async hit(chatKey) {
      const key = `${options.prefix}:flood:${chatKey}`;
      const now = Date.now();
      const ownCount = own.hit(chatKey);
      const windowEnd = own.windowEnd(chatKey) ?? now + windowSeconds * 1000;
      const events = (pending.get(key)?.events ?? 0) + 1;
      pending.set(key, { events, windowEnd });
      if (!timer) timer = setTimeout(flush, flushMs).unref();
      const known = shared.get(key);
      const count = Math.max(ownCount, known && now < known.until ? known.count + events : 0);
      if (count <= limit) return 'ok';
      const notedUntil = noted.get(key);
      if (notedUntil !== undefined && now < notedUntil) return 'limited-noted';
      if (noted.size >= PRUNE_AT) for (const [k, until] of noted) if (now >= until) noted.delete(k);
      noted.set(key, windowEnd);
      return 'limited';
    },
    async forget(chatKey) {
      const key = `${options.prefix}:flood:${chatKey}`;
      own.forget(chatKey);
      pending.delete(key);
      shared.delete(key);
      noted.delete(key);
      for (const since of awaiting) since.add(key);
      await redis.del(key);
    },
  };
}
