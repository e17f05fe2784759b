/**
 * The sweep (app/sweep.ts) on the in-memory ports: what it gives a routing job again (a report
 * committed but never routed, once its own job had time to run), what it moves away from an
 * unreachable official, and that a failing step does not stop the others.
 */
import { describe, expect, it } from 'vitest';
import { createRerouteUnreachable } from '../../../src/app/reroute-unreachable.ts';
import { createSweep, SWEEP_GRACE_MS, type RequeueResult } from '../../../src/app/sweep.ts';
import { createMemoryWorklists } from '../../support/memory/report-worklists.ts';
import { HOME, routingWorld, silentLogger } from '../../support/memory/routing-world.ts';

const NOW = new Date('2026-03-02T03:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);

function setup(requeue: (reportId: number) => Promise<RequeueResult>) {
  const world = routingWorld();
  const requeued: number[] = [];
  const sweep = createSweep({
    workflow: createMemoryWorklists(world.reports, world.officials),
    routeQueue: {
      requeue: async (id) => {
        requeued.push(id);
        return requeue(id);
      },
    },
    deliveryQueue: { requeuePending: async () => 2, relinkSent: async () => 0 },
    reroute: createRerouteUnreachable({
      workflow: world.reports,
      officials: world.officials,
      rules: world.rules,
      outbox: world.outbox,
      logger: silentLogger,
    }),
    officialDesk: {
      remindAndEscalate: async () => ({ reminded: 1, escalated: 0, closed: 0, digests: 0 }),
    },
    logger: silentLogger,
  });
  return { ...world, sweep, requeued };
}

describe('sweep', () => {
  it('gives a routing job again to a report never routed once the grace is over, not to a fresh one', async () => {
    const w = setup(async () => 'added');
    const lost = w.submitted({ createdAt: ago(SWEEP_GRACE_MS + 1_000) });
    w.submitted({ createdAt: ago(SWEEP_GRACE_MS - 1_000) });
    w.submitted({ createdAt: ago(3_600_000), status: 'routed', routedAt: ago(3_500_000) });

    const result = await w.sweep(NOW);

    expect(w.requeued).toEqual([lost.id]);
    expect(result).toMatchObject({ reroutes: 1, deliveries: 2, reminded: 1, failed: [] });
  });

  it('counts only the jobs it added or revived, not those still waiting in the queue', async () => {
    const answers: RequeueResult[] = ['present', 'retried', 'deferred', 'restarted'];
    const w = setup(async () => answers.shift() ?? 'present');
    const reports = [1, 2, 3, 4].map(() => w.submitted({ createdAt: ago(60_000) }));

    const result = await w.sweep(NOW);

    expect(w.requeued).toEqual(reports.map((r) => r.id));
    expect(result.reroutes).toBe(2);
  });

  it('moves a report stranded with an unreachable official to the next one, and alerts them', async () => {
    const w = setup(async () => 'added');
    const vice = w.officials.addOfficial({
      unitCode: HOME.code,
      kind: 'vice-chair',
      chatId: '5002',
      fields: ['giao-thong'],
    });
    const chair = w.officials.addOfficial({ unitCode: HOME.code, kind: 'chair', chatId: '5001' });
    const report = w.submitted({
      status: 'routed',
      assignedOfficialId: vice.id,
      assignedPositionId: vice.positionId,
      routedAt: ago(60_000),
    });
    w.officials.markUnreachable(vice.id, ago(30_000));

    const result = await w.sweep(NOW);

    expect(result.fallbacks).toBe(1);
    expect(await w.reports.get(report.id)).toMatchObject({ assignedOfficialId: chair.id });
    expect(w.outbox.to('5001').at(-1)?.link).toEqual({
      kind: 'alert',
      reportId: report.id,
      officialId: chair.id,
    });
    // The next sweep finds nothing left to move.
    expect((await w.sweep(NOW)).fallbacks).toBe(0);
  });

  it('names a failing step and still runs the others', async () => {
    const w = setup(async () => {
      throw new Error('Redis is down');
    });
    w.submitted({ createdAt: ago(60_000) });

    const result = await w.sweep(NOW);

    expect(result.failed).toEqual(['route']);
    expect(result).toMatchObject({ reroutes: 0, deliveries: 2, reminded: 1 });
  });
});
