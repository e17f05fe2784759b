/**
 * Scheduled upkeep. Every worker process runs it on its own timer, under a PostgreSQL advisory
 * lock so one replica sweeps at a time: nothing about it lives in Redis, so a Redis that restarts
 * empty (or a wiped prefix) cannot take the schedule with it. (It was a BullMQ repeatable job
 * once: an empty Redis deleted the schedule and committed reports stayed unrouted until a worker
 * restarted.) Each process also watches a marker key in Redis holding the install id: when it is
 * gone, Redis lost everything, and the sweep runs at once, without the grace period of fresh
 * reports, whose routing jobs went with it.
 *
 * The sweep rebuilds from PostgreSQL what Redis may have lost (PostgreSQL is the source of truth):
 * committed-but-unrouted reports get a routing job, pending deliveries get theirs, reports still
 * assigned to an unreachable official fall back to the next one; then reminders, escalations and
 * auto-closing. Each step runs even when an earlier one fails: a bug in reminders must not stop
 * reports from being routed.
 */
import type { Redis } from 'ioredis';
import type { RerouteUnreachable } from '../app/reroute-unreachable.ts';
import { REROUTABLE_STATUSES } from '../app/reroute-unreachable.ts';
import type { SweepCounts } from '../app/desk/deadlines.ts';
import type { Logger } from '../logger.ts';
import type { ReportWorkflowRepository } from '../persistence/report-workflow-repository.ts';
import type { ExclusiveRunner } from '../persistence/installation.ts';
import type { RouteReportQueue } from './route-report-queue.ts';

export interface MaintenanceDeps {
  /** Producer connection (fails fast while Redis is away): for the marker only. */
  redis: Redis;
  prefix: string;
  /** The install id: the marker's value. */
  installId: string;
  /** Runs the sweep unless another process is running it (persistence/installation.ts). */
  exclusive: ExclusiveRunner;
  intervalSeconds: number;
  /** How often the marker is checked. Default min(5 s, the interval). */
  checkSeconds?: number;
  workflow: Pick<ReportWorkflowRepository, 'unrouted' | 'assignedToUnreachable'>;
  routeQueue: Pick<RouteReportQueue, 'requeue'>;
  deliveryQueue: { requeuePending(): Promise<number> };
  reroute: RerouteUnreachable;
  officialDesk: { remindAndEscalate(): Promise<SweepCounts> };
  logger: Logger;
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

/** The marker's Redis key: its absence means Redis lost everything under the prefix. */
export function installMarkerKey(prefix: string): string {
  return `${prefix}:install`;
}

export function createMaintenance(deps: MaintenanceDeps) {
  const intervalMs = deps.intervalSeconds * 1000;
  const checkMs = (deps.checkSeconds ?? Math.min(5, deps.intervalSeconds)) * 1000;
  const markerKey = installMarkerKey(deps.prefix);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  let lastSweep = 0;
  /** Redis was found empty and no sweep has run since (the lock was held, or it failed). */
  let redisLost = false;

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
    return result;
  }

  /**
   * True when this call put the marker back: Redis had lost it (or this install is new to this
   * Redis). Undefined when Redis does not answer: nothing can be told, the sweep runs on time.
   */
  async function markerWasMissing(): Promise<boolean | undefined> {
    try {
      const set = await Promise.race([
        deps.redis.set(markerKey, deps.installId, 'NX'),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('marker check timed out')), 2_000).unref(),
        ),
      ]);
      return set === 'OK';
    } catch (err) {
      deps.logger.debug({ err: (err as Error).message }, 'redis marker not checked');
      return undefined;
    }
  }

  async function tick(): Promise<void> {
    if ((await markerWasMissing()) === true) {
      deps.logger.warn('redis has lost its data (no install marker): sweeping now');
      redisLost = true;
    }
    if (!redisLost && Date.now() - lastSweep < intervalMs) return;
    // After a loss, fresh reports have no routing job either: no grace period for them.
    const at = redisLost ? new Date(Date.now() + GRACE_MS) : new Date();
    const result = await deps.exclusive('sweep', () => sweep(at));
    if (result === undefined) return; // another replica is sweeping; try again next tick
    lastSweep = Date.now();
    if (!result.failed.includes('route')) redisLost = false;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick()
        .catch((err: unknown) => deps.logger.error({ err }, 'maintenance tick failed'))
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, checkMs);
  }

  return {
    sweep,
    /** Starts the timer; the first tick (and so the first sweep) comes after one check period. */
    start(): Promise<void> {
      stopped = false;
      schedule();
      return Promise.resolve();
    },
    async close(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
