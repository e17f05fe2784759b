/**
 * Scheduled upkeep, as one repeatable BullMQ job (so one replica runs it at a time). The sweep
 * rebuilds from PostgreSQL what Redis may have lost (PostgreSQL is the source of truth):
 * committed-but-unrouted reports get a routing job, pending deliveries get theirs, reports still
 * assigned to an unreachable official fall back to the next one; then reminders, escalations and
 * auto-closing. Each step runs even when an earlier one fails: a bug in reminders must not stop
 * reports from being routed.
 */
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { RerouteUnreachable } from '../app/reroute-unreachable.ts';
import { REROUTABLE_STATUSES } from '../app/reroute-unreachable.ts';
import type { SweepCounts } from '../app/desk/deadlines.ts';
import type { Logger } from '../logger.ts';
import type { ReportWorkflowRepository } from '../persistence/report-workflow-repository.ts';
import { QUEUE } from './queue-names.ts';
import type { RouteReportQueue } from './route-report-queue.ts';

export interface MaintenanceDeps {
  connection: ConnectionOptions;
  prefix: string;
  intervalSeconds: number;
  workflow: Pick<ReportWorkflowRepository, 'unrouted' | 'assignedToUnreachable'>;
  routeQueue: Pick<RouteReportQueue, 'requeue'>;
  deliveryQueue: { requeuePending(): Promise<number> };
  reroute: RerouteUnreachable;
  officialDesk: { remindAndEscalate(): Promise<SweepCounts> };
  logger: Logger;
  /** Told what each sweep did (metrics); must not throw. */
  onSweep?: (result: SweepResult) => void;
}

/** What one sweep did; a step that failed counts nothing and is named in `failed`. */
export interface SweepResult {
  /** Unrouted reports whose routing job was added or revived. */
  reroutes: number;
  deliveries: number;
  /** Reports moved away from an unreachable official. */
  fallbacks: number;
  reminded: number;
  escalated: number;
  closed: number;
  /** Daily digests sent to leaders. */
  digests: number;
  failed: string[];
}

/** Reports younger than this are left to their own routing job. */
const GRACE_MS = 30_000;

export function createMaintenance(deps: MaintenanceDeps) {
  const queue = new Queue(QUEUE.maintenance, { connection: deps.connection, prefix: deps.prefix });
  queue.on('error', (err) => deps.logger.warn({ err: err.message }, 'maintenance queue error'));
  let worker: Worker | undefined;

  /** Runs one step; a failure is logged and named, and the sweep goes on. */
  async function step<T>(name: string, failed: string[], run: () => Promise<T>, none: T) {
    try {
      return await run();
    } catch (err) {
      failed.push(name);
      deps.logger.error({ err, step: name }, 'sweep step failed');
      return none;
    }
  }

  /**
   * One pass; exported for tests and the `gopy sweep` admin path. `now` only moves the grace
   * period of fresh reports (a test or an operator may skip it).
   */
  async function sweep(now = new Date()): Promise<SweepResult> {
    const failed: string[] = [];
    const reroutes = await step(
      'route',
      failed,
      async () => {
        let count = 0;
        for (const id of await deps.workflow.unrouted(new Date(now.getTime() - GRACE_MS))) {
          const result = await deps.routeQueue.requeue(id);
          if (result === 'added' || result === 'retried' || result === 'restarted') count++;
        }
        return count;
      },
      0,
    );
    const deliveries = await step(
      'deliveries',
      failed,
      () => deps.deliveryQueue.requeuePending(),
      0,
    );
    const fallbacks = await step(
      'fallback',
      failed,
      async () => {
        let count = 0;
        for (const stranded of await deps.workflow.assignedToUnreachable(REROUTABLE_STATUSES)) {
          const outcome = await deps.reroute(stranded);
          if (outcome.type === 'rerouted') count++;
        }
        return count;
      },
      0,
    );
    const deadlines = await step('deadlines', failed, () => deps.officialDesk.remindAndEscalate(), {
      reminded: 0,
      escalated: 0,
      closed: 0,
      digests: 0,
    });
    const result: SweepResult = { reroutes, deliveries, fallbacks, ...deadlines, failed };
    const didSomething = [reroutes, deliveries, fallbacks, ...Object.values(deadlines)].some(
      Boolean,
    );
    if (didSomething || failed.length) deps.logger.info(result, 'sweep');
    deps.onSweep?.(result);
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
