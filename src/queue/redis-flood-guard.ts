/**
 * Slows down a chat that floods the bot: at most `limit` events per `windowSeconds`, counted in
 * Redis so every bot replica shares the count. The first refused event gets a polite note; the
 * rest of the window is dropped silently so the note is not itself a flood.
 *
 * While Redis cannot answer (its connection is still being made at start, or it is down) this
 * process counts on its own, with the same rule: a flood right at start is limited too, without
 * making the first messages wait for the connection, and nobody is refused because Redis is
 * away. Each replica then counts only what reaches it, so a flood spread over replicas gets
 * further, for as long as Redis is away.
 *
 * This process counts every chat's events too, and asks Redis's count only once its own count
 * passed half the limit. Below that an event is only added up here, and every `flushMs` the
 * sums of all chats go to Redis in one pipeline: a round trip per update cost the node thread
 * about as much as the session's own write (bench:intake, the socket write that wakes Redis),
 * and almost no chat ever comes near the limit. With one replica both counts are the same
 * events, so nothing changes. With several, a flood spread over them can pass half the limit on
 * each, plus what the others counted in their last `flushMs`, before Redis's count (every
 * replica's) decides; and Redis's window of a chat may start up to `flushMs` after this
 * process's.
 */
import type { Redis } from 'ioredis';
import type { FloodGuard } from '../app/ports/flood-guard.ts';
import { createWindowCounter } from './memory-flood-guard.ts';

/**
 * Adds a chat's events and starts the window on the first: one command per chat. It was a
 * MULTI/INCR/EXPIRE/EXEC through ioredis's pipeline, the largest share of Redis work per
 * update in bench:intake's profile.
 */
const ADD = `local n = redis.call('INCRBY', KEYS[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[1], 'NX')
return n`;

interface Added {
  gopyFloodAdd(key: string, seconds: number, events: number): Promise<unknown>;
}
/** The same command queued on a pipeline (it returns the pipeline). */
interface QueuedAdd {
  gopyFloodAdd(key: string, seconds: number, events: number): unknown;
}

export function createRedisFloodGuard(
  redis: Redis,
  options: { prefix: string; limit?: number; windowSeconds?: number; flushMs?: number },
): FloodGuard {
  const limit = options.limit ?? 20;
  const windowSeconds = options.windowSeconds ?? 10;
  const flushMs = options.flushMs ?? 200;
  const inProcess = createWindowCounter({ windowSeconds });
  // EVALSHA with the script's hash (ioredis loads it on the first NOSCRIPT).
  redis.defineCommand('gopyFloodAdd', { numberOfKeys: 1, lua: ADD });
  const added = redis as unknown as Added;

  /** Events counted here and not yet in Redis, by Redis key. */
  let pending = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const batch = pending;
    pending = new Map();
    const pipeline = redis.pipeline();
    for (const [key, events] of batch)
      (pipeline as unknown as QueuedAdd).gopyFloodAdd(key, windowSeconds, events);
    // Redis down (no offline queue: failed at once): this process's count already has them.
    pipeline.exec().catch(() => undefined);
  };

  return {
    async hit(chatKey) {
      const key = `${options.prefix}:flood:${chatKey}`;
      const own = inProcess.hit(chatKey);
      const events = (pending.get(key) ?? 0) + 1;
      if (own <= limit / 2) {
        pending.set(key, events);
        if (!timer) timer = setTimeout(flush, flushMs).unref();
        return 'ok';
      }
      pending.delete(key);
      let count: number;
      try {
        count = Number(await added.gopyFloodAdd(key, windowSeconds, events));
      } catch {
        // Redis cannot answer: this process's count decides.
        count = own;
        return overLimit(count, 1, limit);
      }
      return overLimit(count, events, limit);
    },
  };
}

/**
 * The answer for the last of `events` events that took a window's count to `count`: the
 * others were let through already, so the note goes with the first addition past the limit.
 */
function overLimit(count: number, events: number, limit: number) {
  if (count <= limit) return 'ok';
  return count - events <= limit ? 'limited' : 'limited-noted';
}
