/**
 * The last check before a message leaves, shared by every worker replica through Redis: is the
 * queue paused by a 429, and when may this send's messages go?
 *
 * Telegram's limit is a rate of sends ("about 30 messages per second", with short bursts
 * tolerated: the fake Bot API models it as a token bucket of 30 refilled at 30/s). The gate
 * spaces the moments sends may start: each message takes 1000 / limit ms of a schedule kept on
 * the Redis server's clock, atomically, so at most `limit` messages start in any sliding second
 * whichever replica sends them. A pass is a reservation: the answer says how long to wait (at
 * most `maxWaitMs`) before sending, so jobs sleep to their turn instead of polling.
 *
 * The earlier gate held each send's slot until a second after Telegram's answer, which is exact
 * against a sliding window of arrivals but caps a bot at limit / (1 + round trip in seconds):
 * 25–27/s here, Dec 2026. Spacing the starts lets the round trip's jitter fall on Telegram's
 * burst allowance instead; `maxInFlight` bounds the sends that can pile up behind a stalled
 * network and then arrive together.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export type GateAnswer =
  /** Messages scheduled: send in `waitMs`; in flight until `done(slot)`. */
  | { type: 'go'; slot: string; waitMs: number }
  /** A 429 paused the queue; it lasts `ms` more. */
  | { type: 'paused'; ms: number }
  /** The schedule is full for the next `maxWaitMs`, or too many sends are in flight: ask again in `ms`. */
  | { type: 'full'; ms: number };

export interface DeliveryGate {
  /**
   * Schedules the `count` messages one send makes (a split text, an album) unless paused or
   * full.
   */
  pass(count?: number): Promise<GateAnswer>;
  /** The send of `slot` got its answer (or gave up): it is no longer in flight. */
  done(slot: string): Promise<void>;
  /** Milliseconds the pause still lasts (0 when not paused). */
  pausedForMs(): Promise<number>;
  /** Pauses for `ms` unless a longer pause is in force; true when this call set it. */
  pause(ms: number): Promise<boolean>;
}

export interface DeliveryGateOptions {
  /** Key prefix (the queue prefix and name). */
  keyPrefix: string;
  /** Messages allowed to start in any sliding second. */
  limit: number;
  /** How far ahead a pass may be scheduled. Default 1000. */
  maxWaitMs?: number;
  /** Sends scheduled or waiting for their answer at once, at most. Default ceil(limit / 2). */
  maxInFlight?: number;
  /**
   * A send whose `done` never came (its worker died mid-send) stops counting as in flight after
   * this long; longer than any send takes. Default 60 000.
   */
  inFlightMs?: number;
}

// `next` holds the Redis time (ms, 3 decimals) from which the next message may start. A send of
// `count` messages starts once the schedule has room for all of them: its earlier messages take
// the slots before it (free, or it would wait), so any second of starts holds at most `limit`
// messages. `inflight` is a zset of slots scored with now + inFlightMs (a dead worker's expires).
// KEYS: pause, next, inflight. ARGV: intervalMs, count, slot, inFlightMs, maxInFlight, maxWaitMs.
const PASS = `
local paused = redis.call('PTTL', KEYS[1])
if paused > 0 then return {1, paused} end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[5]) then return {2, 10} end
local interval = tonumber(ARGV[1])
local at = math.max(now, (tonumber(redis.call('GET', KEYS[2])) or 0) + (tonumber(ARGV[2]) - 1) * interval)
local wait = at - now
if wait > tonumber(ARGV[6]) then return {2, math.ceil(wait - tonumber(ARGV[6]))} end
redis.call('SET', KEYS[2], string.format('%.3f', at + interval), 'PX', math.ceil(wait + interval) + 1000)
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[4]), ARGV[3])
redis.call('PEXPIRE', KEYS[3], tonumber(ARGV[4]) + 1000)
return {0, math.ceil(wait)}
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
  const nextKey = `${options.keyPrefix}:gate-next`;
  const inFlightKey = `${options.keyPrefix}:gate-inflight`;
  const intervalMs = 1000 / options.limit;
  const inFlightMs = options.inFlightMs ?? 60_000;
  const maxInFlight = options.maxInFlight ?? Math.ceil(options.limit / 2);
  const maxWaitMs = options.maxWaitMs ?? 1000;
  return {
    async pass(count = 1) {
      const slot = randomUUID();
      const [kind, ms] = (await redis().eval(
        PASS,
        3,
        pauseKey,
        nextKey,
        inFlightKey,
        intervalMs,
        Math.max(1, count),
        slot,
        inFlightMs,
        maxInFlight,
        maxWaitMs,
      )) as [number, number];
      if (kind === 1) return { type: 'paused', ms };
      if (kind === 2) return { type: 'full', ms };
      return { type: 'go', slot, waitMs: ms };
    },
    async done(slot) {
      await redis().zrem(inFlightKey, slot);
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
