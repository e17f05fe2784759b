/**
 * Processes of one installation started together on a new database (gopy bot and two workers,
 * replicas behind a load balancer) all read the same install id: the ones that lose the race
 * to make its row must not fail to start. Real PostgreSQL, one pool per process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installId } from '../../src/persistence/installation.ts';
import { createPrismaClient } from '../../src/persistence/prisma.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

describe('the installation row, made on first use', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  }, 60_000);
  afterAll(async () => db?.drop());

  it('gives every process started at once the same id, none failing', async () => {
    const processes = Array.from({ length: 8 }, () =>
      createPrismaClient(db.url, { maxConnections: 1 }),
    );
    try {
      for (let round = 0; round < 10; round++) {
        await db.prisma.$executeRawUnsafe('DELETE FROM installation');
        const ids = await Promise.all(processes.map(({ prisma }) => installId(prisma)));
        expect(new Set(ids).size, `round ${round}: ${ids.join(', ')}`).toBe(1);
      }
    } finally {
      await Promise.all(processes.map(({ close }) => close()));
    }
  }, 60_000);
});
