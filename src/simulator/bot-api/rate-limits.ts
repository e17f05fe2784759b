/**
 * Telegram's flood limits: a token bucket per bot and per chat; a send over the limit gets 429
 * with retry_after.
 */
import { ApiError, type BotState, type FakeBotState } from './types.ts';
import { SEND_METHODS } from './common.ts';
import { TokenBucket } from './token-bucket.ts';

export function createRateLimits(state: FakeBotState) {
  function checkRate(b: BotState, method: string, params: Record<string, unknown>): void {
    if (!state.limits || !SEND_METHODS.has(method)) return;
    const c = b.chats.get(typeof params.chat_id === 'number' ? params.chat_id : NaN);
    if (!c) return; // the handler answers "chat not found"
    const n = method === 'sendMediaGroup' && Array.isArray(params.media) ? params.media.length : 1;
    const now = Date.now();
    b.overallBucket ??= new TokenBucket(
      state.limits.overallPerSecond,
      state.limits.overallPerSecond / 1000,
      now,
    );
    let bucket = b.chatBuckets.get(c.chat.id);
    if (!bucket) {
      bucket =
        c.chat.type === 'private'
          ? new TokenBucket(state.limits.privateBurst, state.limits.privatePerSecond / 1000, now)
          : new TokenBucket(state.limits.groupPerMinute, state.limits.groupPerMinute / 60_000, now);
      b.chatBuckets.set(c.chat.id, bucket);
    }
    const wait = Math.max(b.overallBucket.waitFor(n, now), bucket.waitFor(n, now));
    if (wait > 0) {
      const retryAfter = Math.max(1, Math.ceil(wait / 1000));
      throw new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, 'rateLimit', {
        retry_after: retryAfter,
      });
    }
    b.overallBucket.take(n);
    bucket.take(n);
  }

  return { checkRate };
}

export type RateLimiter = ReturnType<typeof createRateLimits>;
