/**
 * Opens gopy's database: PostgreSQL at DATABASE_URL, or the embedded PGlite under DATA_DIR
 * (migrated on open, since an embedded database has no release step). On a fresh embedded
 * database it also imports the unit list and runs `gopy setup` (and, for the simulator,
 * `gopy seed`), so `npm start` is useful at once. The folder is locked to this process.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { plainSqlFor } from './plain-sql.ts';
import type { PrismaClient } from './generated/prisma/client.ts';
import { createEmbeddedPrismaClient, createPrismaClient } from './prisma.ts';

export interface Database {
  prisma: PrismaClient;
  kind: 'postgres' | 'embedded';
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  if (config.databaseUrl) {
    const { prisma, close } = createPrismaClient(config.databaseUrl, {
      maxConnections: config.databasePoolSize,
    });
    return { prisma, kind: 'postgres', ping: () => ping(prisma), close };
  }
  const dataDir = join(config.dataDir, 'pglite');
  logger.info({ dataDir }, 'no DATABASE_URL: using embedded PostgreSQL (PGlite)');
  // One process per DATA_DIR (data-dir-lock.ts), taken before PGlite touches its files. The
  // lock sits in DATA_DIR, beside the PGlite folder: PGlite creates a new database only in an
  // empty folder, so a lock file inside it would stop the first start.
  await mkdir(config.dataDir, { recursive: true });
  const lock = lockDataDir(config.dataDir);
  let embedded: Awaited<ReturnType<typeof createEmbeddedPrismaClient>>;
  try {
    embedded = await createEmbeddedPrismaClient(dataDir);
  } catch (error) {
    lock.release();
    throw error;
  }
  const { prisma, applied } = embedded;
  const close = once(async () => {
    try {
      await embedded.close();
    } finally {
      lock.release();
    }
  });
  try {
    if (applied.length) logger.info({ applied }, 'embedded database migrated');
    await firstStart(prisma, config, logger);
  } catch (error) {
    await close();
    throw error;
  }
  return { prisma, kind: 'embedded', ping: () => ping(prisma), close };
}

/** On a fresh embedded database: the unit list, then `gopy setup` or (simulator) `gopy seed`. */
async function firstStart(prisma: PrismaClient, config: Config, logger: Logger): Promise<void> {
  if ((await prisma.unit.count()) === 0) {
    const { importUnits } = await import('./units-import.ts');
    const units = await importUnits(prisma);
    // The simulator needs someone to talk to: the demo communes. A real bot on the embedded
    // database gets the reference data only; its communes are set up with invites.
    if (config.simulator && !config.production) {
      const { seedDemo } = await import('./seed-demo.ts');
      const demo = await seedDemo(prisma);
      logger.info({ units: units.units, demo }, 'first start: units imported, demo seeded');
    } else {
      const { setupReference } = await import('./reference-data.ts');
      const reference = await setupReference(prisma);
      logger.info({ units: units.units, reference }, 'first start: units imported, setup done');
    }
  }
}

function once(run: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= run());
}

async function ping(prisma: PrismaClient): Promise<boolean> {
  try {
    // On the pool (plain-sql.ts): /readyz needs no query compiler.
    await plainSqlFor(prisma).query('gopy_ping', 'SELECT 1', []);
    return true;
  } catch {
    return false;
  }
}
