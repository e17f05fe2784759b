/**
 * One statement at a time on a connection (src/persistence/queue-client-queries.ts), on real
 * PostgreSQL: a report's status change reads the report with its relations inside its
 * transaction, which Prisma fetches all at once. They reach the transaction's one connection
 * one after the other instead of piling up in pg's own queue, which pg deprecates («Calling
 * client.query() when the client is already executing a query», an error from pg 9), and the
 * change reads and writes what it did before.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueClientQueries } from '../../src/persistence/queue-client-queries.ts';
import { postgresReportStore } from '../support/contracts/postgres-fixtures.ts';
import type { ReportStoreFixture } from '../support/contracts/report-store-contract.ts';
import { TEST_SERVER_URL } from '../support/test-db.ts';

type Query = (...args: unknown[]) => unknown;
const prototype = pg.Client.prototype as unknown as { query: Query };
const original = prototype.query;

/** The most statements any one connection had sent and not yet answered. */
let most = 0;
const inFlight = new Map<object, number>();
const warnings: string[] = [];
const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
let f: ReportStoreFixture;

beforeAll(async () => {
  // Counted beneath every wrapper: the connections' own wrappers call the prototype's query.
  prototype.query = function (this: object, ...args: unknown[]) {
    const result = original.apply(this, args);
    if (result instanceof Promise) {
      const n = (inFlight.get(this) ?? 0) + 1;
      inFlight.set(this, n);
      most = Math.max(most, n);
      const done = () => inFlight.set(this, (inFlight.get(this) ?? 1) - 1);
      result.then(done, done);
    }
    return result;
  };
  process.on('warning', onWarning);
  f = await postgresReportStore();
});

afterAll(async () => {
  prototype.query = original;
  process.off('warning', onWarning);
  await f?.close();
});

describe('statements on one connection', () => {
  it('a status change in a transaction sends them one by one, and reads the report as before', async () => {
    const id = await f.addReport({ citizenChatId: '951' });
    const [officialId] = f.officialIds;
    most = 0;
    const recorded = await f.store.record(
      id,
      ['submitted'],
      { status: 'routed', assignedOfficialId: officialId },
      { type: 'routed', actorKind: 'system' },
    );
    // Read inside the transaction, with its relations: category, citizen, photos, followers.
    expect(recorded?.report).toMatchObject({
      id,
      status: 'routed',
      assignedOfficialId: officialId,
      categoryName: 'Giao thông',
      citizen: { displayName: 'Người dân 951' },
      followers: { count: 0, notResolved: 0 },
    });
    expect(most).toBe(1);
    // pg warns on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((w) => w.startsWith('DeprecationWarning'))).toEqual([]);
  });

  it('a failed statement does not hold up the next one on its connection', async () => {
    const pool = new pg.Pool({ connectionString: TEST_SERVER_URL, max: 1 });
    queueClientQueries(pool);
    const client = await pool.connect();
    try {
      most = 0;
      const [failed, next] = await Promise.allSettled([
        client.query('SELEC 1'),
        client.query<{ n: number }>('SELECT 2 AS n'),
      ]);
      expect(failed.status).toBe('rejected');
      expect(next.status === 'fulfilled' && next.value.rows).toEqual([{ n: 2 }]);
      expect(most).toBe(1);
    } finally {
      client.release();
      await pool.end();
    }
  });
});
