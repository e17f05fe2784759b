/**
 * How much work waits in each queue and for how long, read from Redis at scrape time (so every
 * replica reports the same figures). Its own Queue handles: read-only, closed with close().
 */
import { Queue, type ConnectionOptions } from 'bullmq';
import { QUEUE, type QueueName } from './queue-names.ts';

export interface QueueStat {
  queue: QueueName;
  /** Jobs by BullMQ state: ready (waiting + prioritized), active, delayed, failed. */
  counts: { ready: number; active: number; delayed: number; failed: number };
  /** Age of the oldest job ready to run, 0 when none is. */
  oldestReadyAgeSeconds: number;
}

export interface QueueStats {
  read(now?: Date): Promise<QueueStat[]>;
  close(): Promise<void>;
}

export function createQueueStats(deps: { connection: ConnectionOptions; prefix: string }) {
  const queues = Object.values(QUEUE).map(
    (name) =>
      new Queue(name, {
        // Fail fast while Redis is down: a scrape must answer, not hang.
        connection: { ...deps.connection, enableOfflineQueue: false },
        prefix: deps.prefix,
      }),
  );
  for (const q of queues) q.on('error', () => undefined);

  async function readOne(queue: Queue, now: Date): Promise<QueueStat> {
    const c = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
    // The waiting list's oldest job comes first in ascending order; prioritized jobs are ordered
    // by priority, so look at the first few of those.
    const oldest = [
      ...(await queue.getJobs(['waiting'], 0, 0, true)),
      ...(await queue.getJobs(['prioritized'], 0, 9, true)),
    ].reduce((min, job) => Math.min(min, job.timestamp), Infinity);
    return {
      queue: queue.name as QueueName,
      counts: {
        ready: (c['waiting'] ?? 0) + (c['prioritized'] ?? 0),
        active: c['active'] ?? 0,
        delayed: c['delayed'] ?? 0,
        failed: c['failed'] ?? 0,
      },
      oldestReadyAgeSeconds: Number.isFinite(oldest)
        ? Math.max(0, (now.getTime() - oldest) / 1000)
        : 0,
    };
  }

  return {
    read: (now = new Date()) => Promise.all(queues.map((q) => readOne(q, now))),
    async close() {
      await Promise.all(queues.map((q) => q.close()));
    },
  } satisfies QueueStats;
}
