/**
 * Builds gopy's Prisma Client on a driver adapter: PostgreSQL through pg, or embedded PGlite
 * for a zero-setup local run. Only the composition root calls these.
 */
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client.ts';
import { migrateEmbedded } from './migrate/migrate-embedded.ts';
import { schemaNameOf } from './migrate/pg-admin.ts';
import { registerPool } from './plain-sql.ts';
import { queueClientQueries } from './queue-client-queries.ts';
import { createReferenceCache, registerReferenceCache } from './reference-cache.ts';

export type { PrismaClient } from './generated/prisma/client.ts';

export interface PrismaHandle {
  prisma: PrismaClient;
  /** Disconnects the client, then releases the pool or database. Safe to call twice. */
  close: () => Promise<void>;
}

/**
 * Connections per process unless DATABASE_POOL_SIZE says otherwise: twice the CPUs, 4 to 10.
 * More statements at once than the cores can run only wait inside PostgreSQL, and on a small
 * machine that also runs PostgreSQL (the compose file's setup) each backend woken beside the
 * node thread takes turns with it: on 2 cores, 4 connections instead of 10 gave bench:intake
 * about 5 % more updates/s (4 alternating pairs, medians 0.995 against 0.945 of the peer's).
 */
export function defaultPoolSize(): number {
  return Math.min(10, Math.max(4, 2 * availableParallelism()));
}

/**
 * A client on PostgreSQL at `databaseUrl` (adapter-pg over a pg Pool). Connects lazily, so
 * this neither fails nor waits when the server is down; the first query does.
 */
export function createPrismaClient(
  databaseUrl: string,
  options: { maxConnections?: number } = {},
): PrismaHandle {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.maxConnections ?? defaultPoolSize(),
  });
  // An idle client's socket error must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const schema = schemaNameOf(databaseUrl);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, schema ? { schema } : undefined) });
  registerPool(prisma, pool);
  const reference = createReferenceCache(pool);
  registerReferenceCache(prisma, reference);
  // After the reference cache: it wraps each connection's query method on `connect`, and the
  // queue wraps that in turn.
  queueClientQueries(pool);
  return {
    prisma,
    close: once(async () => {
      await reference.close();
      await prisma.$disconnect();
      await pool.end();
    }),
  };
}

/**
 * A client on an embedded PGlite database in `dataDir` (in memory when omitted), with pending
 * migrations applied first unless `migrate: false`. Takes 3–6 s and ~400 MB to start; one
 * process per data directory; queries are serialized (one backend), so an interactive
 * transaction must only use its `tx` client: using the root client inside one deadlocks.
 */
export async function createEmbeddedPrismaClient(
  dataDir?: string,
  options: { migrate?: boolean; migrationsDir?: string } = {},
): Promise<PrismaHandle & { applied: string[] }> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  // Nothing else may be put in `dataDir`: PGlite initialises a new database only in an empty
  // folder (initdb exits otherwise). The caller locks the folder around it (database.ts).
  // PGlite and its adapter load only here: PostgreSQL deployments never need them.
  const [{ PGlite }, { pg_trgm }, { PrismaPGlite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('pglite-prisma-adapter'),
  ]);
  // pg_trgm: the commune search's trigram index (its migration creates the extension), which
  // PGlite can create only when opened with it.
  const pglite = await PGlite.create({ ...(dataDir ? { dataDir } : {}), extensions: { pg_trgm } });
  try {
    const { applied } =
      options.migrate === false
        ? { applied: [] }
        : await migrateEmbedded(
            pglite,
            options.migrationsDir ? { migrationsDir: options.migrationsDir } : {},
          );
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    return {
      prisma,
      applied,
      close: once(async () => {
        await prisma.$disconnect();
        await pglite.close();
      }),
    };
  } catch (error) {
    await pglite.close();
    throw error;
  }
}

function once(run: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= run());
}
