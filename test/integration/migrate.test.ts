/**
 * Migrations work offline: runMigrations applies prisma/migrations through the Wasm schema
 * engine, the real Prisma CLI (through bin/schema-engine) agrees with the result, and the
 * embedded PGlite path gets the same schema.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.ts';
import { DataDirLockedError, LOCK_FILE } from '../../src/persistence/data-dir-lock.ts';
import { openDatabase } from '../../src/persistence/database.ts';
import { MigrationError } from '../../src/persistence/migrate/migration-error.ts';
import { DEFAULT_MIGRATIONS_DIR } from '../../src/persistence/migrate/migrations-list.ts';
import { dropDatabase, withDatabase } from '../../src/persistence/migrate/pg-admin.ts';
import { createMigrationAdapterFactory } from '../../src/persistence/migrate/pg-migration-adapter.ts';
import { runMigrations } from '../../src/persistence/migrate/run-migrations.ts';
import { createEmbeddedPrismaClient } from '../../src/persistence/prisma.ts';
import { TEST_SERVER_URL, createTestDatabase, newTestDatabaseName } from '../support/test-db.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PRISMA_CLI = path.join(ROOT, 'node_modules', 'prisma', 'build', 'index.js');

const migrationNames = (await readdir(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true }))
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** Every table schema.prisma declares: @@map name, else the model name. */
async function schemaTables(): Promise<string[]> {
  const schema = await readFile(path.join(ROOT, 'prisma', 'schema.prisma'), 'utf8');
  const tables = [...schema.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)].map(
    ([, model, body]) => /@@map\("([^"]+)"\)/.exec(body ?? '')?.[1] ?? model ?? '',
  );
  expect(tables.length).toBeGreaterThan(0);
  return tables.sort();
}

async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  values: unknown[] = [],
) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

async function publicTables(url: string): Promise<string[]> {
  const rows = await query<{ table_name: string }>(
    url,
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return rows.map((row) => row.table_name);
}

function sha256(text: string) {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Runs the real Prisma CLI from the repository root, as a developer or CI would. */
function prismaCli(args: string[], databaseUrl: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [PRISMA_CLI, ...args],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('runMigrations on PostgreSQL', () => {
  const url = withDatabase(TEST_SERVER_URL, newTestDatabaseName());
  afterAll(() => dropDatabase(url));

  it('creates every table of the schema in a fresh database', async () => {
    const { applied } = await runMigrations(url);

    expect(applied).toEqual(migrationNames);
    expect(await publicTables(url)).toEqual(
      [...(await schemaTables()), '_prisma_migrations'].sort(),
    );
  });

  it('applies nothing when run again', async () => {
    expect(await runMigrations(url)).toEqual({ applied: [] });
  });

  it('records each migration as the CLI does: finished, one step, sha256 of the file', async () => {
    const rows = await query<{ migration_name: string; checksum: string; steps: number }>(
      url,
      `SELECT migration_name, checksum, applied_steps_count AS steps FROM _prisma_migrations
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    const expected = await Promise.all(
      migrationNames.map(async (name) => ({
        migration_name: name,
        checksum: sha256(
          await readFile(path.join(DEFAULT_MIGRATIONS_DIR, name, 'migration.sql'), 'utf8'),
        ),
        steps: 1,
      })),
    );
    expect(rows).toEqual(expected);
  });

  it('leaves the real CLI nothing to apply: migrate status says up to date', async () => {
    const status = await prismaCli(['migrate', 'status'], url);
    expect(status.stdout).toContain('Database schema is up to date!');
    expect(status.code).toBe(0);
  });

  it('matches schema.prisma: migrate diff --exit-code finds no drift', async () => {
    // Replays the migrations into a shadow database the stand-in creates and drops.
    const diff = await prismaCli(
      [
        'migrate',
        'diff',
        '--from-migrations',
        'prisma/migrations',
        '--to-schema',
        'prisma/schema.prisma',
        '--exit-code',
      ],
      url,
    );
    expect(diff.stdout).toContain('No difference detected.');
    expect(diff.code).toBe(0);
  });

  it('makes migrate diff --exit-code fail on real drift, so the check cannot pass silently', async () => {
    const diff = await prismaCli(
      ['migrate', 'diff', '--from-migrations', 'prisma/migrations', '--to-empty', '--exit-code'],
      url,
    );
    expect(diff.code).toBe(2);
    expect(diff.stdout).toContain('Removed tables');
  });
});

describe('a migration script', () => {
  const url = withDatabase(TEST_SERVER_URL, newTestDatabaseName());
  let migrationsDir: string;

  beforeAll(async () => {
    migrationsDir = await mkdtemp(path.join(tmpdir(), 'gopy-migrations-'));
    const write = async (name: string, sql: string) => {
      await mkdir(path.join(migrationsDir, name));
      await writeFile(path.join(migrationsDir, name, 'migration.sql'), sql);
    };
    await write(
      '20000101000000_tricky',
      [
        '-- A comment; with a semicolon',
        "CREATE TABLE notes (body TEXT NOT NULL DEFAULT 'a;b');",
        'CREATE FUNCTION two() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 2; END; $$;',
      ].join('\n'),
    );
    await write('20000102000000_broken', 'CREATE TABLE half_applied (id INT);\nSELECT 1 / 0;\n');
  });
  afterAll(async () => {
    await dropDatabase(url);
    await rm(migrationsDir, { recursive: true, force: true });
  });

  it('runs whole: comments, strings and function bodies keep their semicolons; a failure keeps nothing', async () => {
    const run = runMigrations(url, { migrationsDir });

    await expect(run).rejects.toBeInstanceOf(MigrationError);
    const [row] = await query<{ body: string; two: number }>(
      url,
      'INSERT INTO notes DEFAULT VALUES RETURNING body, two() AS two',
    );
    expect(row).toEqual({ body: 'a;b', two: 2 });
    expect(await publicTables(url)).not.toContain('half_applied');
  });

  it('blocks later runs once it failed, as migrate deploy does (P3009)', async () => {
    await expect(runMigrations(url, { migrationsDir })).rejects.toMatchObject({
      prismaCode: 'P3009',
    });
  });
});

describe('the migration engine connection', () => {
  const url = withDatabase(TEST_SERVER_URL, newTestDatabaseName());
  const factory = createMigrationAdapterFactory({ url });
  beforeAll(() => runMigrations(url));
  afterAll(async () => {
    await factory.close();
    await dropDatabase(url);
  });

  it('replays migrations into a database of its own, dropped after use, never the main one', async () => {
    const shadow = await factory.connectToShadowDb();
    const result = await shadow.queryRaw({
      sql: 'SELECT current_database() AS name',
      args: [],
      argTypes: [],
    });
    const name = String(result.rows[0]?.[0]);
    expect(name).toMatch(/^prisma_migrate_shadow_db_/);
    expect(name).not.toBe(new URL(url).pathname.slice(1));

    await shadow.dispose();
    const left = await query(TEST_SERVER_URL, 'SELECT 1 FROM pg_database WHERE datname = $1', [
      name,
    ]);
    expect(left).toEqual([]);
  });

  it('reads PostgreSQL\'s internal "char" columns, which schema descriptions query', async () => {
    const adapter = await factory.connect();
    const result = await adapter.queryRaw({
      sql: "SELECT relkind FROM pg_class WHERE relname = '_prisma_migrations'",
      args: [],
      argTypes: [],
    });
    expect(result.rows).toEqual([['r']]);
  });
});

describe('embedded PGlite', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'gopy-pglite-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('migrates a new data directory, serves Prisma queries, and migrates nothing on restart', async () => {
    const first = await createEmbeddedPrismaClient(dataDir);
    try {
      expect(first.applied).toEqual(migrationNames);
      await first.prisma.province.create({
        data: { code: '01', name: 'Hà Nội', type: 'municipality' },
      });
      const checksums = await first.prisma.$queryRaw<
        { migration_name: string; checksum: string }[]
      >`
        SELECT migration_name, checksum FROM _prisma_migrations ORDER BY migration_name`;
      const expected = await Promise.all(
        migrationNames.map(async (name) => ({
          migration_name: name,
          checksum: sha256(
            await readFile(path.join(DEFAULT_MIGRATIONS_DIR, name, 'migration.sql'), 'utf8'),
          ),
        })),
      );
      expect(checksums).toEqual(expected);
    } finally {
      await first.close();
    }

    const second = await createEmbeddedPrismaClient(dataDir);
    try {
      expect(second.applied).toEqual([]);
      expect(await second.prisma.province.findMany()).toEqual([
        { code: '01', name: 'Hà Nội', type: 'municipality' },
      ]);
    } finally {
      await second.close();
    }
  }, 60_000);

  it('starts on a new DATA_DIR as `npm start` does, locked to one process beside the PGlite folder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'gopy-data-'));
    const config = { dataDir: dir, simulator: true, production: false } as Config;
    const logger = pino({ level: 'silent' });
    try {
      const db = await openDatabase(config, logger);
      try {
        expect(await db.prisma.official.count()).toBeGreaterThan(0);
        expect((await readdir(dir)).sort()).toEqual([LOCK_FILE, 'pglite']);
        await expect(openDatabase(config, logger)).rejects.toThrow(DataDirLockedError);
      } finally {
        await db.close();
      }
      expect(await readdir(dir)).toEqual(['pglite']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('openDatabase on PostgreSQL', () => {
  it('opens at most DATABASE_POOL_SIZE connections, however many statements wait', async () => {
    const test = await createTestDatabase();
    const config = { databaseUrl: test.url, databasePoolSize: 2 } as Config;
    const db = await openDatabase(config, pino({ level: 'silent' }));
    try {
      // Six statements at once, each holding its connection for 100 ms.
      const pids = await Promise.all(
        Array.from(
          { length: 6 },
          () =>
            db.prisma.$queryRaw<
              Array<{ pid: number }>
            >`SELECT pg_backend_pid() AS pid FROM pg_sleep(0.1)`,
        ),
      );
      expect(new Set(pids.map(([row]) => row!.pid)).size).toBe(2);
    } finally {
      await db.close();
      await test.drop();
    }
  });
});

describe('createTestDatabase', () => {
  it('clones the migrated template into a database of its own, dropped by drop()', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    try {
      expect(a.url).not.toBe(b.url);
      await a.prisma.province.create({
        data: { code: '79', name: 'TP. Hồ Chí Minh', type: 'municipality' },
      });
      expect(await a.prisma.province.count()).toBe(1);
      expect(await b.prisma.province.count()).toBe(0);
      expect(await publicTables(b.url)).toEqual(
        [...(await schemaTables()), '_prisma_migrations'].sort(),
      );
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
    const left = await query(TEST_SERVER_URL, 'SELECT 1 FROM pg_database WHERE datname = ANY($1)', [
      [a.url, b.url].map((url) => new URL(url).pathname.slice(1)),
    ]);
    expect(left).toEqual([]);
  });
});

describe('the thread_message_id column of deliveries', () => {
  const url = withDatabase(TEST_SERVER_URL, newTestDatabaseName());
  const added = '20261206072500_delivery_thread_message';
  let migrationsDir: string;

  beforeAll(async () => {
    // The migrations before the column, then rows as gopy wrote them then.
    migrationsDir = await mkdtemp(path.join(tmpdir(), 'gopy-migrations-'));
    for (const name of migrationNames.filter((n) => n < added)) {
      await mkdir(path.join(migrationsDir, name));
      await writeFile(
        path.join(migrationsDir, name, 'migration.sql'),
        await readFile(path.join(DEFAULT_MIGRATIONS_DIR, name, 'migration.sql')),
      );
    }
    await runMigrations(url, { migrationsDir });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // The rows' reports and citizens do not matter here: foreign keys off for the fixture.
      await client.query(`SET session_replication_role = replica`);
      await client.query(
        `INSERT INTO thread_messages (id, report_id, direction, author_kind, text)
         VALUES (12, 1, 'out', 'official', 'a'), (123, 1, 'in', 'citizen', 'b')`,
      );
      const keys = [
        'thread-12-7001-0',
        'thread-12-7001-1',
        'thread-12-7001-0~f5',
        'thread-123--100900-0',
        'thread-edit-12-7001-1733456',
        'thread-retract-12-7001',
        'thread-77-7001-0',
        'thread-99999999999-7001-0',
        'notice-1-routed-x',
      ];
      for (const key of keys)
        await client.query(
          `INSERT INTO deliveries (dedupe_key, chat_id, payload) VALUES ($1, '7001', '{}')`,
          [key],
        );
    } finally {
      await client.end();
    }
    await mkdir(path.join(migrationsDir, added));
    await writeFile(
      path.join(migrationsDir, added, 'migration.sql'),
      await readFile(path.join(DEFAULT_MIGRATIONS_DIR, added, 'migration.sql')),
    );
  });
  afterAll(async () => {
    await dropDatabase(url);
    await rm(migrationsDir, { recursive: true, force: true });
  });

  it('is filled for the rows stored before it, from their dedupe keys', async () => {
    expect((await runMigrations(url, { migrationsDir })).applied).toEqual([added]);
    const rows = await query<{ dedupe_key: string; thread_message_id: number | null }>(
      url,
      `SELECT dedupe_key, thread_message_id FROM deliveries ORDER BY id`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.dedupe_key, r.thread_message_id]))).toEqual({
      'thread-12-7001-0': 12,
      'thread-12-7001-1': 12,
      'thread-12-7001-0~f5': 12,
      'thread-123--100900-0': 123,
      // Edits and retractions are not the message's delivery; a message that is gone, or an
      // id no message can have, leaves the row without one.
      'thread-edit-12-7001-1733456': null,
      'thread-retract-12-7001': null,
      'thread-77-7001-0': null,
      'thread-99999999999-7001-0': null,
      'notice-1-routed-x': null,
    });
  });
});

describe('the web chat citizens’ display name', () => {
  const url = withDatabase(TEST_SERVER_URL, newTestDatabaseName());
  const renamed = '20261207000000_web_citizen_name';
  let migrationsDir: string;

  beforeAll(async () => {
    // The migrations before the rename, then citizens as gopy saved them then.
    migrationsDir = await mkdtemp(path.join(tmpdir(), 'gopy-migrations-'));
    const copy = async (name: string) => {
      await mkdir(path.join(migrationsDir, name));
      await writeFile(
        path.join(migrationsDir, name, 'migration.sql'),
        await readFile(path.join(DEFAULT_MIGRATIONS_DIR, name, 'migration.sql')),
      );
    };
    for (const name of migrationNames.filter((n) => n < renamed)) await copy(name);
    await runMigrations(url, { migrationsDir });
    const citizens: Array<[string, string, string | null]> = [
      ['web', 'w-old', 'Người dân (web chat)'],
      ['web', 'w-new', 'Người dân (trò chuyện trên web)'],
      ['web', 'w-erased', null],
      ['web', 'w-similar', 'Người dân (web chat) thôn Đông'],
      ['telegram', '7001', 'Người dân (web chat)'],
      ['zalo', 'z-1', 'Người dân (web chat)'],
    ];
    for (const [channel, externalId, displayName] of citizens)
      await query(
        url,
        `INSERT INTO citizens (channel, external_id, display_name) VALUES ($1, $2, $3)`,
        [channel, externalId, displayName],
      );
    await copy(renamed);
  });
  afterAll(async () => {
    await dropDatabase(url);
    await rm(migrationsDir, { recursive: true, force: true });
  });

  it('reads «Người dân (trò chuyện trên web)» for the web chat’s rows saved with the old label, and only those', async () => {
    expect((await runMigrations(url, { migrationsDir })).applied).toEqual([renamed]);
    const rows = await query<{ channel: string; external_id: string; display_name: string | null }>(
      url,
      `SELECT channel, external_id, display_name FROM citizens ORDER BY id`,
    );
    expect(rows.map((r) => [r.channel, r.external_id, r.display_name])).toEqual([
      ['web', 'w-old', 'Người dân (trò chuyện trên web)'],
      ['web', 'w-new', 'Người dân (trò chuyện trên web)'],
      ['web', 'w-erased', null],
      ['web', 'w-similar', 'Người dân (web chat) thôn Đông'],
      ['telegram', '7001', 'Người dân (web chat)'],
      ['zalo', 'z-1', 'Người dân (web chat)'],
    ]);
  });
});
