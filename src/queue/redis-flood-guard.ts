/**
 * Slows down a chat that floods the bot: at most `limit` events per `windowSeconds`, counted in
 * Redis so every bot replica shares the count. The first refused event gets a polite note; the
 * rest of the window is dropped silently so the note is not itself a flood. Fails open.
 */
import type { Redis } from 'ioredis';
import type { FloodGuard } from '../app/ports/flood-guard.ts';

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
  return {
    async hit(chatKey) {
      const key = `${options.prefix}:flood:${chatKey}`;
      let count: number;
      try {
        count = Number(await redis.eval(COUNT, 1, key, windowSeconds));
      } catch {
        // Redis is down: let the citizen through rather than fall silent. PostgreSQL keeps
        // what they send; only the flood brake is off until Redis is back.
        return 'ok';
      }
      if (count <= limit) return 'ok';
      return count === limit + 1 ? 'limited' : 'limited-noted';
    },
  };
}
