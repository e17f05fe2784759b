/**
 * Dispatches one CLI command. Roles (start, bot, worker) run until SIGTERM/SIGINT; admin
 * commands print what they did and return.
 */
import type { Config } from '../config.ts';
import { AppError } from '../core/errors.ts';
import type { Database } from '../persistence/database.ts';
import type { CommandContext } from './command-context.ts';

export type { CommandContext } from './command-context.ts';

const print = (line: string) => process.stdout.write(`${line}\n`);

export async function runCommand(
  command: string,
  args: string[],
  ctx: CommandContext,
): Promise<number> {
  switch (command) {
    case 'start':
    case 'bot':
    case 'worker': {
      const { runRole } = await import('./run-role.ts');
      return runRole(command, ctx);
    }
    case 'migrate': {
      const url = requireDatabaseUrl(ctx.config, 'migrate');
      const { runMigrations } = await import('../persistence/migrate/run-migrations.ts');
      const { applied } = await runMigrations(url);
      print(
        applied.length
          ? `Applied ${applied.length} migration(s): ${applied.join(', ')}`
          : 'Database is up to date; no migration applied.',
      );
      return 0;
    }
    default:
      return withDatabase(ctx, async (prisma) => {
        const { runAdminCommand } = await import('./admin-commands.ts');
        return runAdminCommand(command, args, {
          prisma,
          print,
          warn: (line) => process.stderr.write(`${line}\n`),
          config: ctx.config,
        });
      });
  }
}

function requireDatabaseUrl(config: Config, what: string): string {
  if (!config.databaseUrl)
    throw new AppError(
      'config',
      `${what} needs DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/gopy). ` +
        'Only `gopy start` runs on the embedded database.',
    );
  return config.databaseUrl;
}

async function withDatabase(
  ctx: CommandContext,
  fn: (prisma: Database['prisma']) => Promise<number>,
): Promise<number> {
  const { openDatabase } = await import('../persistence/database.ts');
  const db = await openDatabase(ctx.config, ctx.logger);
  try {
    return await fn(db.prisma);
  } finally {
    await db.close();
  }
}
