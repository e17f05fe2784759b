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
 * This process counts every chat's events too, and waits for Redis's count only once its own
 * count passed half the limit: below that the count goes to Redis without the update waiting for
 * it (one round trip less on nearly every update). With one replica both counts are the same
 * events, so nothing changes; with several, a flood spread over them can pass up to half the
 * limit on each before their counts are asked, then Redis's count (every replica's) decides.
 */
import type { Redis } from 'ioredis';
import type { FloodGuard } from '../app/ports/flood-guard.ts';
import { createWindowCounter, verdict } from './memory-flood-guard.ts';

/**
 * Counts one event and starts the window on the first: one command per update. It was a
 * MULTI/INCR/EXPIRE/EXEC through ioredis's pipeline, the largest share of Redis work per
 * update in bench:intake's profile.
 */
const COUNT = `local n = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[1], 'NX')
return n`;

export function createRedisFloodGuard(
  redis: Redis,
  options: { prefix: string; limit?: number; windowSeconds?: number },
): FloodGuard {
  const limit = options.limit ?? 20;
  const windowSeconds = options.windowSeconds ?? 10;
  const inProcess = createWindowCounter({ windowSeconds });
  // EVALSHA with the script's hash (ioredis loads it on the first NOSCRIPT).
  redis.defineCommand('gopyFloodCount', { numberOfKeys: 1, lua: COUNT });
  const counted = redis as unknown as {
    gopyFloodCount(key: string, seconds: number): Promise<unknown>;
  };
  return {
    async hit(chatKey) {
      const key = `${options.prefix}:flood:${chatKey}`;
      const own = inProcess.hit(chatKey);
      const inRedis = counted.gopyFloodCount(key, windowSeconds).then(Number);
      if (own <= limit / 2) {
        // Counted without waiting; Redis down (no offline queue: failed at once) changes nothing.
        inRedis.catch(() => undefined);
        return 'ok';
      }
      let count: number;
      try {
        count = await inRedis;
      } catch {
        // Redis cannot answer: this process's count decides.
        count = own;
      }
      return verdict(count, limit);
    },
  };
}
