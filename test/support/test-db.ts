/**
 * One real PostgreSQL database per test file, cloned from the migrated template that
 * test/support/global-setup.ts builds: a clone takes tens of milliseconds, migrating takes
 * seconds. Tests on the same server do not see each other's rows. A file that wants the
 * country's units and the demo commune clones the seeded template instead (built once per run:
 * importing the units and seeding take seconds on a loaded machine, in every such file).
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  createDatabase,
  dropDatabase,
  pgErrorCode,
  quoteIdentifier,
  withDatabase,
  withMaintenanceClient,
} from '../../src/persistence/migrate/pg-admin.ts';
import { createPrismaClient } from '../../src/persistence/prisma.ts';
import type { PrismaClient } from '../../src/persistence/prisma.ts';

/**
 * The server the integration tests use. Tests may read the environment; TEST_DATABASE_URL
 * points them at another server (any database name: only server and credentials are used).
 */
export const TEST_SERVER_URL =
  process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/**
 * The template is named after the migrations it holds, so runs of checkouts with different
 * migrations (branches side by side on one server) never clone each other's schema.
 */
export const TEMPLATE_DATABASE = `gopy_test_template_${filesHash(['prisma/migrations'], '.sql')}`;

/**
 * The template plus `importUnits` of the shipped files and `seedDemo`, named after the
 * migrations, the seed files and the code that loads them.
 */
export const SEEDED_TEMPLATE_DATABASE = `gopy_test_seeded_${filesHash(
  [
    'prisma/migrations',
    'prisma/seed',
    'src/persistence/units-import.ts',
    'src/persistence/seed-demo.ts',
    'src/persistence/units-repository.ts',
  ],
  '',
)}`;

function filesHash(paths: string[], suffix: string): string {
  const root = resolve(import.meta.dirname, '../..');
  const hash = createHash('sha256');
  for (const path of paths) {
    const full = join(root, path);
    const files = statSync(full).isDirectory()
      ? readdirSync(full, { recursive: true, encoding: 'utf8' })
          .sort()
          .map((entry) => join(path, entry))
      : [path];
    for (const file of files) {
      if (!file.endsWith(suffix) || !statSync(join(root, file)).isFile()) continue;
      hash.update(file).update(readFileSync(join(root, file)));
    }
  }
  return hash.digest('hex').slice(0, 10);
}

/** Prefix of the per-file databases; global-setup drops stale ones by it. */
export const TEST_DATABASE_PREFIX = 'gopy_t_';

export interface TestDatabase {
  url: string;
  prisma: PrismaClient;
  /** Disconnects and drops the database. Call it in afterAll. */
  drop(): Promise<void>;
}

/**
 * A fresh, migrated, empty database of its own, with a Prisma Client on it; with `seeded`, it
 * holds what `importUnits` (the shipped files) and `seedDemo` write.
 */
export async function createTestDatabase(
  options: { seeded?: boolean } = {},
): Promise<TestDatabase> {
  const name = newTestDatabaseName();
  const url = withDatabase(TEST_SERVER_URL, name);
  await cloneTemplate(url, options.seeded ? SEEDED_TEMPLATE_DATABASE : TEMPLATE_DATABASE);
  // A commit need not wait for its WAL to reach the disk (several milliseconds each on a busy CI
  // machine): what tests see is the same, only a crash of the server itself could lose the last
  // commits, and no test crashes PostgreSQL. Every session on the database (gopy processes the
  // tests spawn too) takes the setting.
  await withMaintenanceClient(url, (client) =>
    client.query(`ALTER DATABASE ${quoteIdentifier(name)} SET synchronous_commit = off`),
  );
  const { prisma, close } = createPrismaClient(url, { maxConnections: 4 });
  let dropped: Promise<void> | undefined;
  return {
    url,
    prisma,
    drop: () =>
      (dropped ??= (async () => {
        await close();
        await dropDatabase(url);
      })()),
  };
}

/**
 * A name that sorts by creation time (base-36 milliseconds), so global-setup can tell a
 * leftover of a crashed run from a database another run is using right now.
 */
export function newTestDatabaseName(): string {
  return `${TEST_DATABASE_PREFIX}${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** When a test database was created, from its name; undefined for foreign names. */
export function testDatabaseCreatedAt(name: string): Date | undefined {
  const match = new RegExp(`^${TEST_DATABASE_PREFIX}([0-9a-z]+)_[0-9a-f]+$`).exec(name);
  return match?.[1] ? new Date(parseInt(match[1], 36)) : undefined;
}

async function cloneTemplate(url: string, template: string) {
  // CREATE DATABASE … TEMPLATE fails while any session is on the template (55006), and for a
  // moment while a concurrent run swaps in a fresh template (3D000): both pass quickly.
  for (let attempt = 1; ; attempt++) {
    try {
      await createDatabase(url, { template });
      return;
    } catch (error) {
      const code = pgErrorCode(error);
      const transient = code === '55006' || code === '3D000';
      if (!transient || attempt >= 20) {
        const hint =
          code === '3D000'
            ? ` (is ${template} built? Run integration tests through vitest's integration project)`
            : '';
        throw new Error(`Could not clone ${template}${hint}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
