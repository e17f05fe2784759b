/**
 * Reads a Prisma migrations directory into the engine's MigrationList, exactly as the Prisma
 * CLI does before every migrate command (same lock file, same order), so runMigrations and
 * `prisma migrate deploy` see the same history.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MigrationList } from '@prisma/schema-engine-wasm/schema_engine_bg';

/** gopy's migrations: prisma/migrations at the repository root. */
export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(
  new URL('../../../prisma/migrations', import.meta.url),
);

const LOCKFILE = 'migration_lock.toml';
const SCRIPT = 'migration.sql';

export async function loadMigrationsList(
  migrationsDir: string = DEFAULT_MIGRATIONS_DIR,
  shadowDbInitScript = '',
): Promise<MigrationList> {
  const baseDir = path.resolve(migrationsDir);
  const lockContent = await readFile(path.join(baseDir, LOCKFILE), 'utf8').catch(() => null);
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const directories = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);

  const migrationDirectories = await Promise.all(
    directories.map(async (name) => ({
      path: name,
      migrationFile: {
        path: SCRIPT,
        content: await readFile(path.join(baseDir, name, SCRIPT), 'utf8').then(
          (value) => ({ tag: 'ok' as const, value }),
          (error: unknown) => ({
            tag: 'error' as const,
            value: error instanceof Error ? error.message : String(error),
          }),
        ),
      },
    })),
  );
  // The CLI sorts with localeCompare; timestamps make that chronological.
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path));

  return {
    baseDir,
    lockfile: { path: LOCKFILE, content: lockContent },
    shadowDbInitScript,
    migrationDirectories,
  };
}
