/**
 * The native engine's CLI mode (`schema-engine --datasource … cli <command>`), which the Prisma
 * CLI runs before `migrate dev`, `migrate deploy` and `db push` to check the database exists
 * and create it. Plain pg does this; the Wasm engine is not needed.
 *
 * Contract with the CLI: exit 0 on success; on failure exit 1 with JSON log lines on stderr.
 * The CLI drops the first stderr line, parses every other one as JSON, and looks for
 * `{"level":"ERROR","target":"schema_engine::logger","fields":{"error_code","message"}}`.
 */
import { assertNever } from '../../core/assert-never.ts';
import { createDatabase, dropDatabase, probeConnection, toUserFacingError } from './pg-admin.ts';
import type { ConnectionFailure } from './pg-admin.ts';

export type EngineCliCommand = 'can-connect-to-database' | 'create-database' | 'drop-database';

export function isEngineCliCommand(value: string | undefined): value is EngineCliCommand {
  return (
    value === 'can-connect-to-database' || value === 'create-database' || value === 'drop-database'
  );
}

/** Runs one command and returns the process exit code. */
export async function runEngineCliCommand(
  command: EngineCliCommand,
  url: string | undefined,
  io: { stdout: (line: string) => void; stderr: (line: string) => void },
): Promise<number> {
  // The line the CLI discards, as the native engine starts its log with one.
  io.stderr(logLine('INFO', { message: `Starting schema engine CLI (${command})` }));
  if (!url) {
    io.stderr(errorLine({ message: 'The datasource has no url.' }));
    return 1;
  }
  const failure = await perform(command, url);
  if (failure) {
    io.stderr(errorLine(failure));
    return 1;
  }
  if (command !== 'can-connect-to-database') io.stdout(`${command}: done`);
  return 0;
}

async function perform(
  command: EngineCliCommand,
  url: string,
): Promise<ConnectionFailure | undefined> {
  switch (command) {
    case 'can-connect-to-database':
      return probeConnection(url);
    case 'create-database':
      return attempt(url, () => createDatabase(url));
    case 'drop-database':
      return attempt(url, () => dropDatabase(url));
    default:
      return assertNever(command, 'engine CLI command');
  }
}

async function attempt(
  url: string,
  work: () => Promise<unknown>,
): Promise<ConnectionFailure | undefined> {
  try {
    await work();
    return undefined;
  } catch (error) {
    return (
      toUserFacingError(error, url) ?? {
        message: error instanceof Error ? error.message : String(error),
      }
    );
  }
}

function errorLine(failure: ConnectionFailure): string {
  return logLine(
    'ERROR',
    {
      is_panic: false,
      message: failure.message,
      ...(failure.code ? { error_code: failure.code } : {}),
    },
    'schema_engine::logger',
  );
}

/** One log line in the native engine's JSON format. */
export function logLine(
  level: 'INFO' | 'WARN' | 'ERROR',
  fields: object,
  target = 'schema_engine',
): string {
  return JSON.stringify({ timestamp: new Date().toISOString(), level, fields, target });
}
