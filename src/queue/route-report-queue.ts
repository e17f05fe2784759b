/**
 * The routing queue: one job per committed report, with a job id derived from the report id,
 * so enqueueing twice gives one job; completed ids are kept for a day, so a late duplicate is
 * still one job. Jobs carry the id only.
 *
 * Enqueueing never throws and never hangs: the report is already in PostgreSQL and the citizen
 * is waiting for "Đã tiếp nhận". The producer connection has no offline queue, so with Redis
 * away a command fails at once instead of waiting (and closing does not hang either); before the
 * first connection BullMQ still waits, which `enqueueTimeoutMs` bounds. A report not enqueued
 * stays 'submitted' for the sweep (`requeue`), which also revives jobs that ran out of attempts.
 */
import { Queue, UnrecoverableError, Worker, type ConnectionOptions } from 'bullmq';
import { z } from 'zod';
import type { RouteReport } from '../app/route-report.ts';
import type { RequeueResult } from '../app/sweep.ts';
import { assertNever } from '../core/assert-never.ts';
import type { Logger } from '../logger.ts';
import { QUEUE, jobId } from './queue-names.ts';

const RouteJob = z.object({ reportId: z.number().int().positive() });

const DAY_SECONDS = 86_400;

export interface RouteReportQueueDeps {
  connection: ConnectionOptions;
  prefix: string;
  routeReport: RouteReport;
  /**
   * Routing found nobody, not even a province admin: retrying cannot help until someone
   * registers, so the job completes and this parks the report (and counts it).
   */
  onNoOfficial?: (reportId: number, unitCode: string) => Promise<void>;
  logger: Logger;
  /** How long enqueue waits for Redis before leaving the report to the sweep. Default 2000. */
  enqueueTimeoutMs?: number;
  /** The install id, part of every job id (queue-names.ts). */
  scope?: string;
}

export interface RouteWorkerOptions {
  concurrency?: number;
  /** BullMQ lock duration and stalled-check interval: a dead worker's job re-runs after them. */
  lockDuration?: number;
  stalledInterval?: number;
}

// The port's answer is the sweep's vocabulary (app/sweep.ts).
export type { RequeueResult } from '../app/sweep.ts';

/** Rejects after `ms`; the losing promise runs on (harmless: job ids are idempotent). */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The producer's connection: the given options without an offline queue. A connection object
 * passed in is used as it is (its owner chose its settings).
 */
function producerConnection(connection: ConnectionOptions): ConnectionOptions {
  const isClient = ['connect', 'disconnect', 'duplicate'].every(
    (name) => typeof (connection as Record<string, unknown>)[name] === 'function',
  );
  return isClient ? connection : { ...connection, enableOfflineQueue: false };
}

export function createRouteReportQueue(deps: RouteReportQueueDeps) {
  const queue = new Queue(QUEUE.routeReport, {
    connection: producerConnection(deps.connection),
    prefix: deps.prefix,
  });
  queue.on('error', (err) => deps.logger.warn({ err: err.message }, 'route-report queue error'));
  const timeoutMs = deps.enqueueTimeoutMs ?? 2_000;
  let worker: Worker | undefined;

  async function add(reportId: number): Promise<void> {
    await queue.add('route', RouteJob.parse({ reportId }), {
      jobId: jobId.routeReport(reportId, deps.scope),
      attempts: 8,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: DAY_SECONDS },
      removeOnFail: { age: 7 * DAY_SECONDS },
    });
  }

  return {
    /** Adds the report's routing job; false when Redis failed or was too slow (the sweep will). */
    async enqueue(reportId: number): Promise<boolean> {
      try {
        await withTimeout(add(reportId), timeoutMs, 'routing enqueue');
        return true;
      } catch (err) {
        deps.logger.warn(
          { err: (err as Error).message, reportId },
          'routing job not enqueued; the sweep will',
        );
        return false;
      }
    },

    /**
     * For the sweep, given a report still 'submitted': makes sure a job will route it. Unlike
     * `enqueue`, it looks at the job that holds the id: adding over a failed or completed job is
     * a no-op in BullMQ, which would leave the report unrouted for the whole retention window.
     */
    async requeue(reportId: number): Promise<RequeueResult> {
      const id = jobId.routeReport(reportId, deps.scope);
      const run = async (): Promise<RequeueResult> => {
        const state = await queue.getJobState(id);
        switch (state) {
          case 'unknown':
            await add(reportId);
            return 'added';
          case 'failed':
            await (await queue.getJob(id))?.retry('failed');
            return 'retried';
          case 'completed':
            await queue.remove(id);
            await add(reportId);
            return 'restarted';
          case 'waiting':
          case 'delayed':
          case 'active':
          case 'prioritized':
          case 'waiting-children':
            return 'present';
          default:
            return assertNever(state, 'job state');
        }
      };
      try {
        return await withTimeout(run(), timeoutMs, 'routing requeue');
      } catch (err) {
        deps.logger.warn({ err: (err as Error).message, reportId }, 'routing job not requeued');
        return 'deferred';
      }
    },

    /** Starts this process's worker (once; later calls return the same worker). */
    startWorker(options: RouteWorkerOptions = {}): Worker {
      if (worker) return worker;
      worker = new Worker(
        QUEUE.routeReport,
        async (job) => {
          const parsed = RouteJob.safeParse(job.data);
          if (!parsed.success) throw new UnrecoverableError(`bad routing job ${job.id}`);
          const outcome = await deps.routeReport(parsed.data.reportId);
          deps.logger.info(
            { reportId: parsed.data.reportId, outcome: outcome.type },
            'report routed',
          );
          if (outcome.type === 'noOfficial')
            await deps.onNoOfficial?.(parsed.data.reportId, outcome.unitCode);
          return outcome.type;
        },
        {
          connection: deps.connection,
          prefix: deps.prefix,
          concurrency: options.concurrency ?? 4,
          ...(options.lockDuration ? { lockDuration: options.lockDuration } : {}),
          ...(options.stalledInterval ? { stalledInterval: options.stalledInterval } : {}),
        },
      );
      worker.on('error', (err) =>
        deps.logger.warn({ err: err.message }, 'route-report worker error'),
      );
      worker.on('failed', (job, err) =>
        deps.logger.warn({ jobId: job?.id, err: err.message }, 'routing attempt failed'),
      );
      return worker;
    },

    async close(): Promise<void> {
      await worker?.close();
      try {
        await queue.close();
      } catch (err) {
        // Redis is away (the connection fails fast): nothing to flush. Stop its reconnecting.
        deps.logger.warn({ err: (err as Error).message }, 'route-report queue closed uncleanly');
        void queue.disconnect().catch(() => undefined);
      }
    },

    queue,
  };
}

export type RouteReportQueue = ReturnType<typeof createRouteReportQueue>;
