/**
 * Plain SQL for the few statements every update runs (the chat session's read and writes) and
 * the report's commit (one statement). On PostgreSQL they go straight to the pg pool under the
 * Prisma client, as named prepared statements: Prisma's `$queryRaw` spent more CPU than the round trip itself there (4.5–15 ms a
 * query against 3.4 ms on the pool, bench:intake). On the embedded database (PGlite, no pool)
 * they go through Prisma's raw queries; the SQL and its `$n` parameters are the same.
 */
import type pg from 'pg';
import type { PrismaClient } from './generated/prisma/client.ts';

export interface PlainSql {
  /**
   * Runs one statement. `name` names its prepared statement (one text per name: PostgreSQL
   * keeps it per connection). Returns the rows, and how many rows it wrote.
   */
  query<T>(name: string, text: string, values: unknown[]): Promise<{ rows: T[]; count: number }>;
}

type Run = (text: string, ...values: unknown[]) => Promise<unknown>;

/** The same statement on PGlite, through Prisma's raw queries. */
function rawQuery(raw: { $queryRawUnsafe: Run; $executeRawUnsafe: Run }): PlainSql['query'] {
  return async <T>(_name: string, text: string, values: unknown[]) => {
    if (/^\s*(SELECT|WITH)\b/i.test(text) || /\bRETURNING\b/i.test(text)) {
      const rows = (await raw.$queryRawUnsafe(text, ...values)) as T[];
      return { rows, count: rows.length };
    }
    return { rows: [], count: (await raw.$executeRawUnsafe(text, ...values)) as number };
  };
}

/** A statement on the pool. */
function pgQuery(on: pg.Pool): PlainSql['query'] {
  return async <T>(name: string, text: string, values: unknown[]) => {
    const result = await on.query<T & pg.QueryResultRow>({ name, text, values });
    return { rows: result.rows as T[], count: result.rowCount ?? 0 };
  };
}

const pools = new WeakMap<PrismaClient, pg.Pool>();

/** Called by createPrismaClient: the pool `prisma` runs on. */
export function registerPool(prisma: PrismaClient, pool: pg.Pool): void {
  pools.set(prisma, pool);
}

/** Plain SQL on the database `prisma` runs on: its pg pool when it has one. */
export function plainSqlFor(prisma: PrismaClient): PlainSql {
  const pool = pools.get(prisma);
  return { query: pool ? pgQuery(pool) : rawQuery(prisma) };
}
