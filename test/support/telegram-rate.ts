/**
 * Telegram's outbound limit as the fake Bot API models it: a token bucket of `perSecond`
 * refilled at `perSecond` a second. A sliding-second count can read 31–32 for sends Telegram
 * takes without a 429 (a burst after a pause), so tests judge the rate with the fake's model.
 */
import { TokenBucket } from '../../src/simulator/bot-api/token-bucket.ts';

/** Whether Telegram would have taken sends at these times (ms) without a 429. */
export function withinRate(times: readonly number[], perSecond: number): boolean {
  const sorted = [...times].sort((a, b) => a - b);
  const bucket = new TokenBucket(perSecond, perSecond / 1000, sorted[0] ?? 0);
  for (const t of sorted) {
    if (bucket.waitFor(1, t) > 0) return false;
    bucket.take(1);
  }
  return true;
}
