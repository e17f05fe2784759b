/**
 * The sweep does not live in Redis: each worker runs it on its own timer under a PostgreSQL
 * advisory lock, and a Redis that lost everything (restarted empty, or its prefix wiped) is
 * noticed by its missing install marker and swept at once. Real PostgreSQL and Redis, alerts
 * through the real bot to the fake Bot API.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExclusiveRunner } from '../../src/persistence/installation.ts';
import { installMarkerKey } from '../../src/queue/maintenance.ts';
import { CHAIR } from '../support/demo.ts';
import { startHarness, type Harness } from '../support/gopy-harness.ts';
import { commitReport } from '../support/routing-fixtures.ts';
import { until } from '../support/until.ts';

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
    const row = await h.db.prisma.report.findUniqueOrThrow({ where: { id: report.id } });
    expect(row.status).toBe('routed');
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
