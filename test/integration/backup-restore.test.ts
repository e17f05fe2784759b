/**
 * A backup taken while one report was routed and another was committed but not yet routed,
 * restored into a fresh database with an empty Redis (a new prefix), as deploy/README tell an
 * IT officer: gopy carries on. The unrouted report reaches the chair once, the routed one is
 * not alerted again, and a second sweep changes nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../src/persistence/prisma.ts';
import { dropDatabase } from '../../src/persistence/migrate/pg-admin.ts';
import { CHAIR } from '../support/demo.ts';
import { TOKEN, startHarness, type Harness } from '../support/gopy-harness.ts';
import { commitReport } from '../support/routing-fixtures.ts';
import { TEST_SERVER_URL, newTestDatabaseName } from '../support/test-db.ts';
import { until } from '../support/until.ts';

const run = promisify(execFile);
const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

const alertsFor = (h: Harness, ticket: string) =>
  h.texts(CHAIR).filter((t) => t.includes(`Phản ánh mới · ${ticket}`)).length;

describe('backup and restore', () => {
  it('a restored database routes its open reports again, without duplicates', async () => {
    const before = await startHarness();
    cleanup.push(() => before.close());
    for (const id of [7401, 7402])
      before.fake.addChat(TOKEN, { id, type: 'private', first_name: `Người dân ${id}` });
    const routed = await commitReport(before.db.prisma, { citizenChatId: 7401, unitCode: '12694' });
    await before.gopy.routeQueue.enqueue(routed.id);
    await before.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${routed.ticketCode}`), 30_000);
    await until('the alert recorded as sent', async () => {
      const rows = await before.db.prisma.delivery.findMany({ where: { reportId: routed.id } });
      return rows.length > 0 && rows.every((r) => r.state !== 'pending' && r.state !== 'sending');
    });
    // Committed, but its routing job was lost with Redis: only the sweep will find it.
    const unrouted = await commitReport(before.db.prisma, {
      citizenChatId: 7402,
      unitCode: '12694',
    });

    const dir = await mkdtemp(join(tmpdir(), 'gopy-backup-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'gopy.dump');
    await run('sh', ['deploy/backup.sh', file], {
      env: { ...process.env, DATABASE_URL: before.db.url },
    });
    const url = TEST_SERVER_URL.replace(/\/[^/]*$/, `/${newTestDatabaseName()}`);
    cleanup.push(() => dropDatabase(url));
    const restore = await run('sh', ['deploy/restore.sh', file], {
      env: { ...process.env, DATABASE_URL: url },
    });
    expect(restore.stdout).toMatch(/: 2 report\(s\)/);
    // Restoring over data is refused.
    await expect(
      run('sh', ['deploy/restore.sh', file], { env: { ...process.env, DATABASE_URL: url } }),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/already has \d+ table/) });

    const { prisma, close } = createPrismaClient(url, { maxConnections: 4 });
    cleanup.push(close);
    // A new gopy on the restored database, a new Redis prefix (nothing queued) and the same
    // Telegram: the chair already holds the first alert.
    const after = await startHarness({
      fake: before.fake,
      db: { url, prisma, drop: async () => undefined },
    });
    cleanup.push(() => after.close());
    const later = new Date(Date.now() + 60_000); // past the sweep's grace for fresh reports
    expect((await after.gopy.maintenance.sweep(later)).reroutes).toBe(1);
    await after.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${unrouted.ticketCode}`), 30_000);
    await until('the restored report routed', async () => {
      const r = await prisma.report.findUniqueOrThrow({ where: { id: unrouted.id } });
      return r.status === 'routed';
    });
    const again = await after.gopy.maintenance.sweep(new Date(Date.now() + 60_000));
    expect(again).toMatchObject({ reroutes: 0, deliveries: 0, failed: [] });

    expect(alertsFor(after, routed.ticketCode)).toBe(1);
    expect(alertsFor(after, unrouted.ticketCode)).toBe(1);
    const events = await prisma.reportEvent.count({
      where: { reportId: unrouted.id, type: 'routed' },
    });
    expect(events).toBe(1);
  }, 120_000);
});
