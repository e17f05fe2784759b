/**
 * The sweep does not live in Redis: each worker runs it on its own timer under a PostgreSQL
 * advisory lock, and a Redis that lost everything (restarted empty, or its prefix wiped) is
 * noticed by its missing install marker and swept at once. Real PostgreSQL and Redis, alerts
 * through the real bot to the fake Bot API.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRerouteUnreachable } from '../../src/app/reroute-unreachable.ts';
import { createRouteReport } from '../../src/app/route-report.ts';
import { createLogger } from '../../src/logger.ts';
import { createExclusiveRunner } from '../../src/persistence/installation.ts';
import { installMarkerKey } from '../../src/queue/maintenance.ts';
import { CHAIR } from '../support/demo.ts';
import { startHarness, TOKEN, type Harness } from '../support/gopy-harness.ts';
import { commitReport } from '../support/routing-fixtures.ts';
import { until } from '../support/until.ts';
import { DEFAULT_CALENDAR } from '../../src/core/working-days.ts';

let h: Harness;
let redis: Redis;

beforeAll(async () => {
  // A sweep interval of an hour: only the marker can explain a prompt sweep.
  h = await startHarness({ env: { SWEEP_INTERVAL_SECONDS: '3600' } });
  redis = new Redis(h.gopy.config.redisUrl);
}, 60_000);
afterAll(async () => {
  redis?.disconnect();
  await h?.close();
});

async function wipePrefix(): Promise<void> {
  const keys = await redis.keys(`${h.prefix}:*`);
  if (keys.length) await redis.del(...keys);
}

describe('sweep and an empty Redis', () => {
  it('routes a report whose job Redis lost, at once, without a restart', async () => {
    await h.gopy.maintenance.start();
    // The first sweep ran and left the marker.
    await until(
      'the install marker',
      async () => (await redis.get(installMarkerKey(h.prefix))) ?? undefined,
    );
    expect(await redis.get(installMarkerKey(h.prefix))).toBe(h.gopy.installId);

    // A fresh report whose routing job is lost with everything else in Redis.
    await wipePrefix();
    const report = await commitReport(h.db.prisma, { citizenChatId: 730_001, unitCode: '12694' });

    await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${report.ticketCode}`), 20_000);
    expect(await redis.get(installMarkerKey(h.prefix))).toBe(h.gopy.installId);
    // The alert may be sent before the worker has confirmed its job: wait for the change too.
    await until('the report routed', async () => {
      const row = await h.db.prisma.report.findUniqueOrThrow({ where: { id: report.id } });
      return row.status === 'routed';
    });
  }, 60_000);

  it('a routing job that dies right after the status change still gets the citizen told', async () => {
    const citizen = 730_002;
    h.fake.addChat(TOKEN, { id: citizen, type: 'private', first_name: 'Lan' });
    const report = await commitReport(h.db.prisma, { citizenChatId: citizen, unitCode: '12694' });
    const { repos, deliveryQueue } = h.gopy;
    const logger = createLogger('silent');
    // The job's process "dies" the moment the change has committed: nothing after it runs.
    const died = new Error('worker killed');
    const outbox = {
      enqueue: (input: Parameters<typeof deliveryQueue.enqueue>[0]) =>
        input.dedupeKey.startsWith('notice-') ? Promise.reject(died) : deliveryQueue.enqueue(input),
    };
    const deps = { officials: repos.officials, rules: repos.rules, outbox, logger };
    const routeReport = createRouteReport({
      calendar: DEFAULT_CALENDAR,
      ...deps,
      workflow: repos.workflow,
      reroute: createRerouteUnreachable({ ...deps, workflow: repos.workflow }),
      now: () => new Date(),
    });
    await expect(routeReport(report.id)).rejects.toBe(died);
    // The retry sees "already routed"; the notice went into PostgreSQL with the change.
    expect((await routeReport(report.id)).type).toBe('alreadyRouted');
    await h.gopy.maintenance.sweep(new Date(Date.now() + 60_000));
    const told = new RegExp(`${report.ticketCode} của Ông/Bà đã được chuyển đến`);
    await h.waitForText(citizen, told, 20_000);
    await h.settle();
    expect(h.texts(citizen).filter((t) => told.test(t))).toHaveLength(1);
  }, 60_000);

  it('a routing job that dies before its status change commits leaves no alert for the unrouted report; the sweep routes it once', async () => {
    const report = await commitReport(h.db.prisma, { citizenChatId: 730_003, unitCode: '12694' });
    const { repos, deliveryQueue } = h.gopy;
    const logger = createLogger('silent');
    // The job's process "dies" as the status change goes to PostgreSQL: it never commits.
    const died = new Error('worker killed');
    const workflow = { ...repos.workflow, record: () => Promise.reject(died) };
    const deps = { officials: repos.officials, rules: repos.rules, outbox: deliveryQueue, logger };
    const routeReport = createRouteReport({
      calendar: DEFAULT_CALENDAR,
      ...deps,
      workflow,
      reroute: createRerouteUnreachable({ ...deps, workflow }),
      now: () => new Date(),
    });
    await expect(routeReport(report.id)).rejects.toBe(died);
    // Neither the change nor its alerts: the report waits for the sweep, no official is told.
    expect(await h.db.prisma.report.findUniqueOrThrow({ where: { id: report.id } })).toMatchObject({
      status: 'submitted',
    });
    expect(await h.db.prisma.delivery.count({ where: { reportId: report.id } })).toBe(0);

    await h.gopy.maintenance.sweep(new Date(Date.now() + 60_000));
    // Alone, or as a line of a digest when earlier tests' alerts still wait for the chair.
    const alert = new RegExp(`(Phản ánh mới|#\\d+) · ${report.ticketCode}`);
    await h.waitForText(CHAIR, alert, 20_000);
    await h.settle();
    expect(h.texts(CHAIR).filter((t) => alert.test(t))).toHaveLength(1);
    expect((await h.db.prisma.report.findUniqueOrThrow({ where: { id: report.id } })).status).toBe(
      'routed',
    );
  }, 60_000);

  it('one process at a time holds the sweep lock', async () => {
    const exclusive = createExclusiveRunner(h.db.prisma, 'postgres');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const first = exclusive('test-lock', async () => {
      entered();
      await held;
      return 'first';
    });
    await inside;
    expect(await exclusive('test-lock', async () => 'second')).toBeUndefined();
    release();
    expect(await first).toBe('first');
    expect(await exclusive('test-lock', async () => 'third')).toBe('third');
  }, 30_000);
});
