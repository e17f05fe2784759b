/**
 * The sweep: what runs on the clock and after Redis lost its data. It rebuilds from PostgreSQL
 * what Redis may have lost (PostgreSQL is the source of truth): committed-but-unrouted reports
 * get a routing job, pending deliveries get theirs, reports still assigned to an unreachable
 * official fall back to the next one; then reminders, escalations and auto-closing. Each step
 * runs even when an earlier one fails: a bug in reminders must not stop reports from being
 * routed. When and where it runs (a timer, one replica at a time) is queue/maintenance.ts.
 */
import type { Logger } from '../logger.ts';
import type { ReportWorklists } from './ports/report-worklists.ts';
import type { SweepCounts } from './desk/deadlines.ts';
import { REROUTABLE_STATUSES } from '../core/report-status.ts';
import type { RerouteUnreachable } from './reroute-unreachable.ts';

/** Reports younger than this are left to their own routing job. */
export const SWEEP_GRACE_MS = 30_000;

/** What the routing queue did for one unrouted report (queue/route-report-queue.ts). */
export type RequeueResult =
  /** No job existed (Redis lost it, or enqueue failed): added. */
  | 'added'
  /** Its job had run out of attempts (nobody to alert for a while): started over. */
  | 'retried'
  /** Its job completed yet the report is still unrouted (a restored database): run again. */
  | 'restarted'
  /** Its job is waiting, delayed or running: left alone. */
  | 'present'
  /** Redis did not answer in time: next sweep. */
  | 'deferred';

export interface SweepDeps {
  workflow: Pick<ReportWorklists, 'unrouted' | 'assignedToUnreachable'>;
  /** Port: gives an unrouted report its routing job again. */
  routeQueue: { requeue(reportId: number): Promise<RequeueResult> };
  /**
   * Port: gives every pending delivery its job again, and links to its report a sent message
   * its worker died before linking; each says how many.
   */
  deliveryQueue: { requeuePending(): Promise<number>; relinkSent(): Promise<number> };
  reroute: RerouteUnreachable;
  officialDesk: { remindAndEscalate(): Promise<SweepCounts> };
  /** Reminds citizens of tomorrow's meeting with the chair (app/reception.ts); how many. */
  receptionReminders?: () => Promise<number>;
  /** Port: deletes expired sign-in links and dead web sessions; says how many. */
  webSignIn?: { purgeExpired(): Promise<number> };
  logger: Logger;
  /** Told what each sweep did (metrics); must not throw. */
  onSweep?: (result: SweepResult) => void;
}

/** What one sweep did; a step that failed counts nothing and is named in `failed`. */
export interface SweepResult {
  /** Unrouted reports whose routing job was added or revived. */
  reroutes: number;
  deliveries: number;
  /** Sent messages linked to their report after their worker died before doing it. */
  relinked: number;
  /** Reports moved away from an unreachable official. */
  fallbacks: number;
  reminded: number;
  escalated: number;
  closed: number;
  /** Daily digests sent to leaders. */
  digests: number;
  /** Citizens reminded of their meeting with the chair. */
  receptionReminders: number;
  /** Expired sign-in links and dead web sessions deleted. */
  purged: number;
  failed: string[];
}

export function createSweep(deps: SweepDeps) {
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
   * One pass. `now` only moves the grace
   * period of fresh reports (a test or an operator may skip it).
   */
  async function sweep(now = new Date()): Promise<SweepResult> {
    const failed: string[] = [];
    const reroutes = await step(
      'route',
      failed,
      async () => {
        let count = 0;
        for (const id of await deps.workflow.unrouted(new Date(now.getTime() - SWEEP_GRACE_MS))) {
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
    const relinked = await step('links', failed, () => deps.deliveryQueue.relinkSent(), 0);
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
    const receptionReminders = await step(
      'reception',
      failed,
      () => deps.receptionReminders?.() ?? Promise.resolve(0),
      0,
    );
    const purged = await step('purge', failed, async () => deps.webSignIn?.purgeExpired() ?? 0, 0);
    const result: SweepResult = {
      reroutes,
      deliveries,
      relinked,
      fallbacks,
      ...deadlines,
      receptionReminders,
      purged,
      failed,
    };
    const didSomething = [
      reroutes,
      deliveries,
      relinked,
      fallbacks,
      receptionReminders,
      purged,
      ...Object.values(deadlines),
    ].some(Boolean);
    if (didSomething || failed.length) deps.logger.info(result, 'sweep');
    deps.onSweep?.(result);
    return result;
  }

  return sweep;
}

export type Sweep = ReturnType<typeof createSweep>;
