/**
 * The routing queue: one job per committed report, with a job id derived from the report id,
 * so enqueueing twice gives one job. Jobs carry the id only. Enqueueing never throws: when Redis
 * is down the report stays 'submitted' in PostgreSQL and the sweep enqueues it later.
 */
import { Queue, UnrecoverableError, Worker, type ConnectionOptions } from 'bullmq';
import { z } from 'zod';
import type { RouteReport } from '../app/route-report.ts';
import type { Logger } from '../logger.ts';
import { QUEUE, jobId } from './queue-names.ts';

const RouteJob = z.object({ reportId: z.number().int().positive() });

export interface RouteReportQueueDeps {
  connection: ConnectionOptions;
  prefix: string;
  routeReport: RouteReport;
  logger: Logger;
}

export function createRouteReportQueue(deps: RouteReportQueueDeps) {
  const queue = new Queue(QUEUE.routeReport, { connection: deps.connection, prefix: deps.prefix });
  queue.on('error', (err) => deps.logger.warn({ err: err.message }, 'route-report queue error'));
  let worker: Worker | undefined;

  return {
    async enqueue(reportId: number): Promise<boolean> {
      try {
        await queue.add('route', RouteJob.parse({ reportId }), {
          jobId: jobId.routeReport(reportId),
          attempts: 8,
          backoff: { type: 'exponential', delay: 1000 },
          // Keep ids for a day, so a duplicate enqueue within that window is still one job.
          removeOnComplete: { age: 86_400 },
          removeOnFail: { age: 7 * 86_400 },
        });
        return true;
      } catch (err) {
        deps.logger.warn(
          { err: (err as Error).message, reportId },
          'routing job not enqueued; the sweep will',
        );
        return false;
      }
    },

    startWorker(
      options: { concurrency?: number; lockDuration?: number; stalledInterval?: number } = {},
    ) {
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
          // Nobody to alert yet: fail so BullMQ retries with backoff; the sweep retries later too.
          if (outcome.type === 'noOfficial')
            throw new Error(`no reachable official in ${outcome.unitCode}`);
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
      return worker;
    },

    async close(): Promise<void> {
      await worker?.close();
      await queue.close();
    },

    queue,
  };
}

export type RouteReportQueue = ReturnType<typeof createRouteReportQueue>;
