/**
 * Redis connections for BullMQ. Producers and workers want opposite things when Redis is away:
 * a producer (the bot answering a citizen) must fail at once so the caller can rely on the sweep,
 * while a worker must wait for Redis to come back rather than fail the job in hand.
 */
import { Redis } from 'ioredis';

export interface RedisConnectionOptions {
  /**
   * true for a BullMQ Worker's connection: `maxRetriesPerRequest: null` (BullMQ refuses anything
   * else for its blocking connection) and commands queued while reconnecting. false for
   * producers: no offline queue and one retry, so an enqueue fails fast when Redis is down.
   */
  forWorker: boolean;
  /** Shown in `CLIENT LIST`, to tell gopy's connections apart. */
  connectionName?: string;
}

/** Reconnect forever, backing off to at most 5 s: Redis outages end, processes should not. */
function retryStrategy(times: number): number {
  return Math.min(200 * times, 5_000);
}

/**
 * Opens an ioredis connection to `url` (redis:// or rediss://) tuned for its role. The caller
 * owns it and quits it last, after the queues and workers built on it are closed.
 */
export function createRedisConnection(url: string, options: RedisConnectionOptions): Redis {
  const common = {
    retryStrategy,
    ...(options.connectionName ? { connectionName: options.connectionName } : {}),
  };
  if (options.forWorker) {
    return new Redis(url, { ...common, maxRetriesPerRequest: null, enableOfflineQueue: true });
  }
  return new Redis(url, {
    ...common,
    // A command issued while disconnected rejects at once instead of waiting for a reconnect
    // that may never come; the delivery row is already in PostgreSQL and the sweep re-enqueues.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
  });
}
