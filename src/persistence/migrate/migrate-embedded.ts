/**
 * Applies prisma/migrations to an embedded PGlite database (the zero-setup `gopy start`).
 *
 * Not through the schema engine: pglite-prisma-adapter 0.7.2 does not await migration scripts
 * and loses their errors, so a broken migration would be recorded as applied. Each pending
 * script runs here in its own transaction together with its `_prisma_migrations` row (same
 * table, columns and sha256 checksum as the engine writes), so it applies whole or not at all,
 * and the real CLI would accept the history.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { PGliteInterface } from '@electric-sql/pglite';
import { MigrationError } from './migration-error.ts';
import { loadMigrationsList } from './migrations-list.ts';

/** The engine's own DDL for the table (sql-schema-connector, PostgreSQL flavour). */
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

interface MigrationRow {
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies every migration not yet recorded as applied, in order; returns their names.
 *
 * @throws MigrationError naming the migration whose script failed (nothing of it is kept),
 *   or when the table records a failed migration, as `migrate deploy` refuses to go on (P3009).
 */
export async function migrateEmbedded(
  pglite: PGliteInterface,
  options: { migrationsDir?: string } = {},
): Promise<{ applied: string[] }> {
  const { migrationDirectories } = await loadMigrationsList(options.migrationsDir);

  await pglite.exec(CREATE_MIGRATIONS_TABLE);
  const { rows } = await pglite.query<MigrationRow>(
    'SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations',
  );
  const failed = rows.filter((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed.length > 0) {
    const names = failed.map((row) => row.migration_name).join(', ');
    throw new MigrationError(`Failed migrations block the history: ${names}`, 'P3009');
  }
  const done = new Set(
    rows.filter((row) => row.rolled_back_at === null).map((row) => row.migration_name),
  );

  const applied: string[] = [];
  for (const directory of migrationDirectories) {
    if (done.has(directory.path)) continue;
    const content = directory.migrationFile.content;
    if (content.tag === 'error') {
      throw new MigrationError(`Cannot read migration ${directory.path}: ${content.value}`);
    }
    const script = content.value;
    try {
      await pglite.transaction(async (tx) => {
        const { rows: started } = await tx.query<{ now: Date }>('SELECT clock_timestamp() AS now');
        await tx.exec(script);
        await tx.query(
          `INSERT INTO _prisma_migrations
             (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
           VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, $4, 1)`,
          [randomUUID(), sha256(script), directory.path, started[0]?.now ?? new Date()],
        );
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new MigrationError(`Migration ${directory.path} failed: ${reason}`, 'P3018', {
        cause: error,
      });
    }
    applied.push(directory.path);
  }
  return { applied };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
