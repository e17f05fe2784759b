/**
 * Zalo's webhook events, handled off the request: the webhook stores the event (PostgreSQL)
 * and answers 200 at once; this queue's job, carrying the event row's id only, handles it. A
 * job lost with Redis is made up by `requeueUnhandled` (the sweep). One job at a time per
 * process, so a citizen's messages are handled in the order they came.
 */
import { Queue, UnrecoverableError, Worker, type ConnectionOptions } from 'bullmq';
import { z } from 'zod';
import { withTimeout } from '../core/timing.ts';
import type { Logger } from '../logger.ts';
import { QUEUE, jobId } from './queue-names.ts';

const ZaloJob = z.object({ eventId: z.number().int().positive() });
const DAY_SECONDS = 86_400;

export interface ZaloInboundQueueDeps {
  connection: ConnectionOptions;
  prefix: string;
  /** The install id, part of every job id. */
  scope?: string;
  /** Handles the stored event (safe to run twice: a handled event is skipped). */
  handle: (eventId: number) => Promise<void>;
  /** Ids of events stored but not handled, received before the given time. */
  unhandled: (olderThan: Date) => Promise<number[]>;
  logger: Logger;
  enqueueTimeoutMs?: number;
}

export function createZaloInboundQueue(deps: ZaloInboundQueueDeps) {
  const queue = new Queue(QUEUE.zaloInbound, {
    // No offline queue: with Redis away, enqueue fails at once and the sweep takes over.
    connection: { ...(deps.connection as object), enableOfflineQueue: false },
    prefix: deps.prefix,
    defaultJobOptions: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: { age: DAY_SECONDS },
      removeOnFail: { age: 7 * DAY_SECONDS },
    },
  });
  queue.on('error', (err) => deps.logger.warn({ err }, 'zalo inbound queue: redis error'));
  let worker: Worker | undefined;

  async function add(eventId: number): Promise<void> {
    await queue.add(
      QUEUE.zaloInbound,
      { eventId },
      { jobId: jobId.zaloInbound(eventId, deps.scope) },
    );
  }

  return {
    /** Adds the event's job; false when Redis did not take it (the sweep will). Never throws. */
    async enqueue(eventId: number): Promise<boolean> {
      try {
        await withTimeout(add(eventId), deps.enqueueTimeoutMs ?? 2_000, 'zalo enqueue');
        return true;
      } catch (err) {
        deps.logger.warn({ err, eventId }, 'zalo event stored but not enqueued; the sweep will');
        return false;
      }
    },

    startWorker(): void {
      if (worker) return;
      worker = new Worker(
        QUEUE.zaloInbound,
        async (job) => {
          const parsed = ZaloJob.safeParse(job.data);
          if (!parsed.success) throw new UnrecoverableError('invalid zalo-inbound job');
          await deps.handle(parsed.data.eventId);
        },
        {
          connection: deps.connection,
          prefix: deps.prefix,
          concurrency: 1,
        },
      );
      worker.on('error', (err) => deps.logger.error({ err }, 'zalo inbound worker error'));
      worker.on('failed', (job, err) =>
        deps.logger.warn({ jobId: job?.id, err }, 'zalo inbound job failed'),
      );
    },

    /** For the sweep: events stored a minute ago and still unhandled get a job again. */
    async requeueUnhandled(): Promise<number> {
      let added = 0;
      for (const id of await deps.unhandled(new Date(Date.now() - 60_000))) {
        const state = await queue.getJobState(jobId.zaloInbound(id, deps.scope));
        if (state === 'unknown' || state === 'completed') {
          await queue.remove(jobId.zaloInbound(id, deps.scope));
          await add(id);
          added++;
        } else if (state === 'failed') {
          await (await queue.getJob(jobId.zaloInbound(id, deps.scope)))?.retry('failed');
          added++;
        }
      }
      return added;
    },

    async close(): Promise<void> {
      if (worker) await worker.close();
      await queue.close();
    },
  };
}

export type ZaloInboundQueue = ReturnType<typeof createZaloInboundQueue>;
