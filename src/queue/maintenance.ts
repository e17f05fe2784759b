/**
 * Scheduled upkeep. Every worker process runs it on its own timer, under a PostgreSQL advisory
 * lock so one replica sweeps at a time: nothing about it lives in Redis, so a Redis that restarts
 * empty (or a wiped prefix) cannot take the schedule with it. (It was a BullMQ repeatable job
 * once: an empty Redis deleted the schedule and committed reports stayed unrouted until a worker
 * restarted.) Each process also watches a marker key in Redis holding the install id: when it is
 * gone, Redis lost everything, and the sweep runs at once, without the grace period of fresh
 * reports, whose routing jobs went with it.
 *
 * What a sweep does is the use case app/sweep.ts; this file only says when and where it runs.
 */
import type { Redis } from 'ioredis';
import { SWEEP_GRACE_MS, type Sweep, type SweepResult } from '../app/sweep.ts';
import type { Logger } from '../logger.ts';
import type { ExclusiveRunner } from '../persistence/installation.ts';

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
  /** The use case (app/sweep.ts): what one pass does. */
  sweep: Sweep;
  logger: Logger;
}

export type { SweepResult } from '../app/sweep.ts';

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

  /**
   * One pass; exposed for tests and the `gopy sweep` admin path. `now` only moves the grace
   * period of fresh reports (a test or an operator may skip it).
   */
  const sweep = (now = new Date()): Promise<SweepResult> => deps.sweep(now);

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
    const at = redisLost ? new Date(Date.now() + SWEEP_GRACE_MS) : new Date();
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
