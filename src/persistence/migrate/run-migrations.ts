/**
 * Applies pending migrations from prisma/migrations, in-process, through the same engine code
 * as `prisma migrate deploy`: same `_prisma_migrations` rows, checksums and advisory lock, so
 * the real CLI accepts a database migrated here and vice versa. Used by `gopy migrate` and by
 * the test template database.
 */
import { describeEngineFailure } from './engine-failure.ts';
import { MigrationError } from './migration-error.ts';
import { loadMigrationsList } from './migrations-list.ts';
import { ensureDatabase } from './pg-admin.ts';
import { createMigrationAdapterFactory } from './pg-migration-adapter.ts';
import { NO_SCHEMA_FILTER, openSchemaEngine } from './wasm-schema-engine.ts';

export { migrateEmbedded } from './migrate-embedded.ts';

export interface RunMigrationsOptions {
  /** Defaults to the repository's prisma/migrations. */
  migrationsDir?: string;
}

/**
 * Applies every migration not yet recorded as applied, in order, and returns their names
 * (empty when the database was up to date). Like `migrate deploy`, creates the database if it
 * does not exist. Safe to run concurrently: the engine serializes runs with an advisory lock.
 *
 * @throws MigrationError when a migration fails (it is recorded as failed; fix it and resolve
 *   it with `prisma migrate resolve`) or when an earlier failure blocks the history (P3009).
 */
export async function runMigrations(
  databaseUrl: string,
  options: RunMigrationsOptions = {},
): Promise<{ applied: string[] }> {
  const migrationsList = await loadMigrationsList(options.migrationsDir);
  try {
    await ensureDatabase(databaseUrl);
  } catch (error) {
    throw new MigrationError(
      `Could not reach or create the database: ${messageOf(error)}`,
      undefined,
      { cause: error },
    );
  }

  const adapterFactory = createMigrationAdapterFactory({ url: databaseUrl });
  try {
    const engine = await openSchemaEngine({ adapterFactory });
    try {
      const { appliedMigrationNames } = await engine.applyMigrations({
        migrationsList,
        filters: NO_SCHEMA_FILTER,
      });
      return { applied: appliedMigrationNames };
    } finally {
      engine.free();
    }
  } catch (error) {
    const failure = describeEngineFailure(error);
    throw new MigrationError(failure.message, failure.errorCode, { cause: error });
  } finally {
    await adapterFactory.close();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
