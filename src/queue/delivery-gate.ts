/**
 * The last check before a message leaves, shared by every worker replica through Redis: is the
 * queue paused by a 429, and is there room in the sliding window of recent sends?
 *
 * BullMQ's limiter counts job activations, and a send follows its activation after a claim in
 * PostgreSQL: on a loaded machine that lag varies by more than 50 ms, and 26 sends landed in one
 * second at perSecond 25. The gate counts the sends themselves, atomically, on the Redis
 * server's clock, right before the call, so the ceiling holds whatever happened before.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export type GateAnswer =
  | { type: 'go' }
  /** A 429 paused the queue; it lasts `ms` more. */
  | { type: 'paused'; ms: number }
  /** The window is full; room in about `ms`. */
  | { type: 'full'; ms: number };

export interface DeliveryGate {
  /** Takes a slot in the window unless paused or full. */
  pass(): Promise<GateAnswer>;
  /** Takes `count` more slots now (the extra messages of a split text or an album). */
  spend(count: number): Promise<void>;
  /** Milliseconds the pause still lasts (0 when not paused). */
  pausedForMs(): Promise<number>;
  /** Pauses for `ms` unless a longer pause is in force; true when this call set it. */
  pause(ms: number): Promise<boolean>;
}

export interface DeliveryGateOptions {
  /** Key prefix (the queue prefix and name). */
  keyPrefix: string;
  /** Sends allowed in any window of `windowMs`. */
  limit: number;
  windowMs: number;
}

// KEYS: pause, window. ARGV: limit, windowMs, member.
const PASS = `
local paused = redis.call('PTTL', KEYS[1])
if paused > 0 then return {1, paused} end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[1]) then
  local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  return {2, tonumber(oldest[2]) + window - now + 1}
end
redis.call('ZADD', KEYS[2], now, ARGV[3])
redis.call('PEXPIRE', KEYS[2], window * 2)
return {0, 0}
`;

// KEYS: window. ARGV: windowMs, members...
const SPEND = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], now, ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]) * 2)
return 0
`;

// KEYS: pause. ARGV: ms.
const PAUSE = `
if redis.call('PTTL', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
return 1
`;

/**
 * Builds the gate on `redis()` (a getter: the queue switches to the worker's connection once
 * it has one).
 */
export function createDeliveryGate(redis: () => Redis, options: DeliveryGateOptions): DeliveryGate {
  const pauseKey = `${options.keyPrefix}:gate-pause`;
  const windowKey = `${options.keyPrefix}:gate-window`;
  return {
    async pass() {
      const [kind, ms] = (await redis().eval(
        PASS,
        2,
        pauseKey,
        windowKey,
        options.limit,
        options.windowMs,
        randomUUID(),
      )) as [number, number];
      if (kind === 1) return { type: 'paused', ms };
      if (kind === 2) return { type: 'full', ms };
      return { type: 'go' };
    },
    async spend(count) {
      if (count <= 0) return;
      const members = Array.from({ length: count }, () => randomUUID());
      await redis().eval(SPEND, 1, windowKey, options.windowMs, ...members);
    },
    async pausedForMs() {
      const ttl = await redis().pttl(pauseKey);
      return ttl > 0 ? ttl : 0;
    },
    async pause(ms) {
      return (await redis().eval(PAUSE, 1, pauseKey, Math.ceil(ms))) === 1;
    },
  };
}
