/**
 * The last check before a message leaves, shared by every worker replica through Redis: is the
 * queue paused by a 429, and is there room in the sliding second of recent sends?
 *
 * Telegram counts a message when it ARRIVES, and we cannot see that moment: it lies somewhere
 * between the gate's answer and the call's response, and under load that stretch varies by more
 * than 100 ms (a fixed margin of 1.1 s over the second let 26 sends arrive within one second at
 * perSecond 25; 1.2 s held but cost a sixth of the rate). So each send holds its slots from the
 * gate's answer until `done` records when its response came back, and a slot counts while that
 * moment is less than a second old. Every send that can arrive within one second of another was
 * counted when the later of the two passed, so at most `limit` messages arrive in any second
 * whatever the lag; the price is only the round trip (measured, not guessed), not a margin.
 * Everything runs on the Redis server's clock, atomically.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export type GateAnswer =
  /** Slots taken, in flight until `done(slot)`. */
  | { type: 'go'; slot: string }
  /** A 429 paused the queue; it lasts `ms` more. */
  | { type: 'paused'; ms: number }
  /** The window is full; room in about `ms`. */
  | { type: 'full'; ms: number };

export interface DeliveryGate {
  /**
   * Takes `count` slots (the messages one send makes: a split text, an album) unless paused or
   * without room for them all.
   */
  pass(count?: number): Promise<GateAnswer>;
  /** The send of `slot` got its answer (or gave up): its slots count for a second from now. */
  done(slot: string): Promise<void>;
  /** Milliseconds the pause still lasts (0 when not paused). */
  pausedForMs(): Promise<number>;
  /** Pauses for `ms` unless a longer pause is in force; true when this call set it. */
  pause(ms: number): Promise<boolean>;
}

export interface DeliveryGateOptions {
  /** Key prefix (the queue prefix and name). */
  keyPrefix: string;
  /** Messages allowed to arrive in any window of `windowMs`. */
  limit: number;
  windowMs: number;
  /**
   * A slot whose `done` never came (its worker died mid-send) is released after this long;
   * longer than any send takes. Default 60 000.
   */
  inFlightMs?: number;
}

// A slot is a member `<slot>:<i>` of the window zset, scored with the time its send answered,
// or with now + inFlightMs while in flight (so it counts until `done` or its worker's death).
// KEYS: pause, window. ARGV: limit, windowMs, slot, count, inFlightMs.
const PASS = `
local paused = redis.call('PTTL', KEYS[1])
if paused > 0 then return {1, paused} end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
local count = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
local used = redis.call('ZCARD', KEYS[2])
if used + count > tonumber(ARGV[1]) and used > 0 then
  local oldest = tonumber(redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')[2])
  if oldest > now then return {2, 10} end
  return {2, oldest + window - now + 1}
end
local inflight = now + tonumber(ARGV[5])
for i = 1, count do redis.call('ZADD', KEYS[2], inflight, ARGV[3] .. ':' .. i) end
redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[5]) + window)
return {0, 0}
`;

// KEYS: window. ARGV: slot, count.
const DONE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 1, tonumber(ARGV[2]) do redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1] .. ':' .. i) end
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
  const inFlightMs = options.inFlightMs ?? 60_000;
  return {
    async pass(count = 1) {
      const slot = `${randomUUID()}:${count}`;
      const [kind, ms] = (await redis().eval(
        PASS,
        2,
        pauseKey,
        windowKey,
        options.limit,
        options.windowMs,
        slot,
        Math.max(1, count),
        inFlightMs,
      )) as [number, number];
      if (kind === 1) return { type: 'paused', ms };
      if (kind === 2) return { type: 'full', ms };
      return { type: 'go', slot };
    },
    async done(slot) {
      const count = Number(slot.slice(slot.lastIndexOf(':') + 1));
      await redis().eval(DONE, 1, windowKey, slot, Math.max(1, count));
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
