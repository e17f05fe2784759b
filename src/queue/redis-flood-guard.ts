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
 */
import type { Redis } from 'ioredis';
import type { FloodGuard } from '../app/ports/flood-guard.ts';
import { createMemoryFloodGuard } from './memory-flood-guard.ts';

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
  const inProcess = createMemoryFloodGuard({ limit, windowSeconds });
  return {
    async hit(chatKey) {
      const key = `${options.prefix}:flood:${chatKey}`;
      let count: number;
      try {
        count = Number(await redis.eval(COUNT, 1, key, windowSeconds));
      } catch {
        // The connection has no offline queue: the command failed at once, nothing waited.
        return inProcess.hit(chatKey);
      }
      if (count <= limit) return 'ok';
      return count === limit + 1 ? 'limited' : 'limited-noted';
    },
  };
}
