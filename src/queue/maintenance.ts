/**
 * Scheduled upkeep, as one repeatable BullMQ job (so one replica runs it at a time):
 * the sweep re-enqueues committed-but-unrouted reports and pending deliveries (Redis may have
 * lost them: PostgreSQL is the source of truth), then reminders, escalations and auto-closing.
 */
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from '../logger.ts';
import type { ReportWorkflowRepository } from '../persistence/report-workflow-repository.ts';
import { QUEUE } from './queue-names.ts';
import type { RouteReportQueue } from './route-report-queue.ts';

export interface MaintenanceDeps {
  connection: ConnectionOptions;
  prefix: string;
  intervalSeconds: number;
  workflow: Pick<ReportWorkflowRepository, 'unrouted'>;
  routeQueue: Pick<RouteReportQueue, 'enqueue'>;
  deliveryQueue: { requeuePending(): Promise<number> };
  officialDesk: {
    remindAndEscalate(): Promise<{ reminded: number; escalated: number; closed: number }>;
  };
  logger: Logger;
}

/** Reports younger than this are left to their own routing job. */
const GRACE_MS = 30_000;

export function createMaintenance(deps: MaintenanceDeps) {
  const queue = new Queue(QUEUE.maintenance, { connection: deps.connection, prefix: deps.prefix });
  queue.on('error', (err) => deps.logger.warn({ err: err.message }, 'maintenance queue error'));
  let worker: Worker | undefined;

  /** One pass; exported for tests and the `gopy sweep` admin path. */
  async function sweep(now = new Date()) {
    const unrouted = await deps.workflow.unrouted(new Date(now.getTime() - GRACE_MS));
    for (const id of unrouted) await deps.routeQueue.enqueue(id);
    const deliveries = await deps.deliveryQueue.requeuePending();
    const deadlines = await deps.officialDesk.remindAndEscalate();
    const result = { reroutes: unrouted.length, deliveries, ...deadlines };
    if (
      unrouted.length ||
      deliveries ||
      deadlines.reminded ||
      deadlines.escalated ||
      deadlines.closed
    )
      deps.logger.info(result, 'sweep');
    return result;
  }

  return {
    sweep,
    async start(): Promise<void> {
      await queue.upsertJobScheduler(
        'sweep',
        { every: deps.intervalSeconds * 1000 },
        { name: 'sweep', opts: { removeOnComplete: true, removeOnFail: 100 } },
      );
      worker = new Worker(QUEUE.maintenance, async () => sweep(), {
        connection: deps.connection,
        prefix: deps.prefix,
        concurrency: 1,
      });
      worker.on('error', (err) =>
        deps.logger.warn({ err: err.message }, 'maintenance worker error'),
      );
    },
    async close(): Promise<void> {
      await worker?.close();
      await queue.close();
    },
  };
}
