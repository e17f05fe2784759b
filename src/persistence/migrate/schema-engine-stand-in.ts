/**
 * A stand-in for Prisma's native `schema-engine` binary, which the CLI downloads and cannot
 * download offline. prisma.config.ts points PRISMA_SCHEMA_ENGINE_BINARY at bin/schema-engine,
 * which runs this file; the CLI then talks to it as to the binary:
 *
 * - RPC mode: `schema-engine [--datamodels FILE]... --datasource '{"url":…,"shadowDatabaseUrl":…}'`,
 *   newline-delimited JSON-RPC 2.0 on stdin/stdout until the CLI closes stdin. Served by the
 *   same engine compiled to Wasm (@prisma/schema-engine-wasm) over @prisma/adapter-pg.
 * - CLI mode: `schema-engine --datasource '{"url":…}' cli can-connect-to-database|create-database`.
 * - `--version`, which `prisma version` shows.
 *
 * stdout belongs to the protocol: everything else, logs included, goes to stderr as JSON lines.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { format } from 'node:util';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { isEngineCliCommand, logLine, runEngineCliCommand } from './engine-cli-commands.ts';
import { createEngineSession } from './engine-session.ts';
import { serveJsonRpc } from './json-rpc-stdio.ts';
import { schemaEngineVersion } from './wasm-schema-engine.ts';

const DatasourceSchema = z.object({
  url: z.string().optional(),
  shadowDatabaseUrl: z.string().optional(),
});

/** Exit code of the native engine after a panic. */
const PANIC_EXIT_CODE = 101;

/** Runs the stand-in with the process's arguments and streams; resolves to its exit code. */
export async function runSchemaEngineStandIn(argv: readonly string[]): Promise<number> {
  keepStdoutForTheProtocol();
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      datamodels: { type: 'string', multiple: true },
      datasource: { type: 'string' },
      'enabled-preview-features': { type: 'string' },
      'extension-types': { type: 'string' },
      version: { type: 'boolean', short: 'V' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: false,
  });

  if (values.version) {
    writeStdout(`schema-engine-cli ${await schemaEngineVersion()} (gopy wasm stand-in)`);
    return 0;
  }
  if (values.help) {
    writeStdout(
      'gopy schema-engine stand-in: see src/persistence/migrate/schema-engine-stand-in.ts',
    );
    return 0;
  }

  const datasource = parseDatasource(values.datasource);
  if (datasource === undefined) {
    writeStderr(
      logLine('ERROR', { message: 'Invalid --datasource JSON' }, 'schema_engine::logger'),
    );
    return 1;
  }

  if (positionals[0] === 'cli') {
    const command = positionals[1];
    if (!isEngineCliCommand(command)) {
      writeStderr(logLine('INFO', { message: 'Starting schema engine CLI' }));
      writeStderr(
        logLine(
          'ERROR',
          { message: `Unknown command: ${String(command)}` },
          'schema_engine::logger',
        ),
      );
      return 1;
    }
    return runEngineCliCommand(command, datasource.url, {
      stdout: writeStdout,
      stderr: writeStderr,
    });
  }

  const datamodelPaths = (values.datamodels ?? []).filter(
    (v): v is string => typeof v === 'string',
  );
  const datamodels = await Promise.all(
    datamodelPaths.map(async (file): Promise<[string, string]> => [
      file,
      await readFile(path.resolve(file), 'utf8'),
    ]),
  );
  return serveRpc(datasource, datamodels);
}

async function serveRpc(
  datasource: z.infer<typeof DatasourceSchema>,
  datamodels: [string, string][],
): Promise<number> {
  // The engine's log lines already are the native stderr format (one JSON object per line).
  const session = createEngineSession({
    datasource,
    datamodels,
    onLog: (line) => writeStderr(line.trimEnd()),
  });

  // On Linux the CLI kills us (SIGTERM) right after closing stdin, usually before we notice
  // the end of input: dispose of what we hold (shadow databases above all) either way.
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= session.close().catch(() => undefined));
  const onSignal = () => void close().then(() => process.exit(0));
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);

  await serveJsonRpc({
    input: process.stdin,
    output: process.stdout,
    handle: async (method, params, peer) => {
      try {
        return await session.handle(method, params, peer);
      } finally {
        // A Rust panic leaves the Wasm instance unusable; the native engine exits after one.
        if (session.panicked)
          setImmediate(() => void close().then(() => process.exit(PANIC_EXIT_CODE)));
      }
    },
    onLineError: (line, reason) =>
      writeStderr(
        logLine('WARN', { message: `Ignored input line (${reason}): ${line.slice(0, 200)}` }),
      ),
  });
  await close();
  return session.panicked ? PANIC_EXIT_CODE : 0;
}

function parseDatasource(
  raw: string | boolean | undefined,
): z.infer<typeof DatasourceSchema> | undefined {
  if (typeof raw !== 'string') return {};
  try {
    const parsed = DatasourceSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** A stray console.log from a dependency would corrupt the JSON-RPC stream: log it instead. */
function keepStdoutForTheProtocol() {
  const toLog = (...args: unknown[]) => writeStderr(logLine('INFO', { message: format(...args) }));
  console.log = toLog;
  console.info = toLog;
  console.debug = toLog;
}

function writeStdout(line: string) {
  process.stdout.write(`${line}\n`);
}

function writeStderr(line: string) {
  process.stderr.write(`${line}\n`);
}
