/**
 * vitest globalSetup of the integration project: checks PostgreSQL is there, then builds a
 * fresh template (`gopy_test_template_<hash of the migrations>`) from prisma/migrations (every run, so a changed migration is
 * never tested against a stale template), and from it the seeded template
 * (`gopy_test_seeded_<hash>`: the shipped units imported and the demo seeded, which files that
 * run gopy on the demo commune clone instead of importing and seeding on their own). Each test
 * file clones one of them (test-db.ts).
 *
 * Several runs may share the server (CI jobs, engineers on one machine). The template is built
 * under another name and swapped in under an advisory lock, so a concurrent run's clones see
 * either the old template or the new one, and only for a moment none (they retry).
 */
import type pg from 'pg';
import { runMigrations } from '../../src/persistence/migrate/run-migrations.ts';
import { createPrismaClient } from '../../src/persistence/prisma.ts';
import { seedDemo } from '../../src/persistence/seed-demo.ts';
import { importUnits } from '../../src/persistence/units-import.ts';
import {
  createDatabase,
  pgErrorCode,
  probeConnection,
  quoteIdentifier,
  withDatabase,
  withMaintenanceClient,
} from '../../src/persistence/migrate/pg-admin.ts';
import {
  SEEDED_TEMPLATE_DATABASE,
  TEMPLATE_DATABASE,
  TEST_DATABASE_PREFIX,
  TEST_SERVER_URL,
  newTestDatabaseName,
  testDatabaseCreatedAt,
} from './test-db.ts';

/** pg_advisory_lock key for swapping the template: "gopy" in ASCII. */
const TEMPLATE_LOCK = 0x676f7079;
/** Test databases older than this are leftovers of crashed runs. */
const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

export default async function setup(): Promise<void> {
  await assertServerReachable();
  await buildTemplate();
  await dropStaleTestDatabases();
}

async function assertServerReachable() {
  const failure = await probeConnection(withDatabase(TEST_SERVER_URL, 'postgres'));
  if (!failure) return;
  const where = new URL(TEST_SERVER_URL).host;
  throw new Error(
    [
      `Integration tests need PostgreSQL at ${where}, which is not usable:`,
      `  ${failure.code ? `${failure.code}: ` : ''}${failure.message}`,
      'Start it (e.g. `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`)',
      'or point TEST_DATABASE_URL at a server where this user may create databases.',
    ].join('\n'),
  );
}

async function buildTemplate() {
  const staging = newTestDatabaseName();
  const stagingUrl = withDatabase(TEST_SERVER_URL, staging);
  await runMigrations(stagingUrl);
  const seeded = newTestDatabaseName();
  const seededUrl = withDatabase(TEST_SERVER_URL, seeded);
  await withMaintenanceClient(TEST_SERVER_URL, (client) => waitUntilUnused(client, staging));
  await createDatabase(seededUrl, { template: staging });
  const { prisma, close } = createPrismaClient(seededUrl, { maxConnections: 2 });
  try {
    await importUnits(prisma);
    await seedDemo(prisma);
  } finally {
    await close();
  }
  await withMaintenanceClient(TEST_SERVER_URL, async (client) => {
    await waitUntilUnused(client, seeded);
    await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      for (const [built, name] of [
        [staging, TEMPLATE_DATABASE],
        [seeded, SEEDED_TEMPLATE_DATABASE],
      ] as const) {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
        await client.query(
          `ALTER DATABASE ${quoteIdentifier(built)} RENAME TO ${quoteIdentifier(name)}`,
        );
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
}

/**
 * A database cannot be renamed or used as a template while sessions are on it, and a closed
 * pg connection's backend may take a moment to exit.
 */
async function waitUntilUnused(client: pg.Client, database: string) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
      [database],
    );
    if ((rows[0]?.n ?? 0) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function dropStaleTestDatabases() {
  await withMaintenanceClient(TEST_SERVER_URL, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [TEST_DATABASE_PREFIX],
    );
    const now = Date.now();
    for (const { datname } of rows) {
      const createdAt = testDatabaseCreatedAt(datname);
      if (!createdAt || now - createdAt.getTime() < STALE_AFTER_MS) continue;
      // Without FORCE: a database someone is connected to is in use, whatever its name says (a
      // run under faketime reads every other run's databases as hours old). 55006: skipped.
      try {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(datname)}`);
      } catch (error) {
        if (pgErrorCode(error) !== '55006') throw error;
      }
    }
  });
}
