/**
 * This installation's identity and the lock that lets one replica at a time run upkeep.
 */
import type { PrismaClient } from './generated/prisma/client.ts';
import { plainSqlFor } from './plain-sql.ts';

/**
 * The installation's row, made by the database on first use: one statement on the pool. Every
 * role reads it at start, before anything else needs Prisma's query compiler (whose load is a
 * good part of a cold start: bench:startup).
 */
async function installation(prisma: PrismaClient): Promise<{ id: string; secret: string }> {
  // Twice at most: processes starting together on a new database race to make the row, and the
  // loser's statement cannot see the winner's row (its snapshot began before that commit); its
  // second statement does.
  for (let attempt = 0; attempt < 2; attempt++) {
    const { rows } = await plainSqlFor(prisma).query<{ id: string; secret: string }>(
      'gopy_installation',
      `WITH made AS (
         INSERT INTO installation (singleton) VALUES (true) ON CONFLICT DO NOTHING RETURNING id, secret)
       SELECT id, secret FROM made
       UNION ALL
       SELECT id, secret FROM installation WHERE singleton AND NOT EXISTS (SELECT 1 FROM made)`,
      [],
    );
    if (rows[0]) return rows[0];
  }
  throw new Error('installation row missing');
}

/**
 * The install id: a UUID made by the database on first use and kept in it, so every process of
 * one installation agrees on it and a re-created database gets a new one.
 */
export async function installId(prisma: PrismaClient): Promise<string> {
  return (await installation(prisma)).id;
}

/** Runs `work` only if no other process holds the lock named `name`; undefined when one does. */
export type ExclusiveRunner = <T>(name: string, work: () => Promise<T>) => Promise<T | undefined>;

/**
 * PostgreSQL advisory lock (pg_try_advisory_xact_lock): held by a transaction that stays open
 * while `work` runs on other connections, and released when it ends, also when the process dies
 * (the connection closes). On the embedded database (one process, one backend) `work` just runs:
 * nothing else could hold the lock, and an open transaction would block its other queries.
 */
export function createExclusiveRunner(
  prisma: PrismaClient,
  kind: 'postgres' | 'embedded',
  options: { timeoutMs?: number } = {},
): ExclusiveRunner {
  return async (name, work) => {
    if (kind === 'embedded') return work();
    return prisma.$transaction(
      async (tx) => {
        const [row] = await tx.$queryRaw<Array<{ locked: boolean }>>`
          SELECT pg_try_advisory_xact_lock(hashtextextended(${`gopy:${name}`}, 0)) AS locked`;
        if (!row?.locked) return undefined;
        return work();
      },
      { maxWait: 10_000, timeout: options.timeoutMs ?? 10 * 60_000 },
    );
  };
}

/** The installation's signing key (made by the database with the row; never shown). */
export async function installSecret(prisma: PrismaClient): Promise<string> {
  return (await installation(prisma)).secret;
}
