/**
 * Loads Prisma's schema engine compiled to Wasm (@prisma/schema-engine-wasm) and opens engine
 * instances on a driver adapter. The same Rust code as the native `schema-engine` binary, so
 * `_prisma_migrations`, checksums and the advisory lock are those of the real CLI.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';

export type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';

/** Filters for entities managed outside Prisma; gopy has none. */
export const NO_SCHEMA_FILTER = { externalTables: [], externalEnums: [] } satisfies {
  externalTables: string[];
  externalEnums: string[];
};

declare global {
  // The Rust panic hook of the Wasm build reports its message through this global.
  var PRISMA_WASM_PANIC_REGISTRY: { set_message(message: string): void } | undefined;
}

let lastPanicMessage: string | undefined;
let loading: Promise<void> | undefined;

/** The message of the last Rust panic in this process, cleared by reading it. */
export function takePanicMessage(): string | undefined {
  const message = lastPanicMessage;
  lastPanicMessage = undefined;
  return message;
}

/** The engine's version: the prisma-engines commit it was built from. */
export async function schemaEngineVersion(): Promise<string> {
  await loadSchemaEngineWasm();
  return bindings.version();
}

/**
 * Opens an engine on `adapterFactory`. The engine connects at once, so this fails when the
 * database cannot be reached. Call `engine.free()` when done; the factory's pools are yours.
 */
export async function openSchemaEngine(options: {
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** Prisma schema files as [path, content]; needed by methods that read "the" schema. */
  datamodels?: [string, string][];
  /** Receives the engine's JSON log lines (the native engine's stderr format). */
  onLog?: (line: string) => void;
}): Promise<SchemaEngine> {
  await loadSchemaEngineWasm();
  const onLog = options.onLog ?? (() => undefined);
  // The engine rejects an empty list; "no schema" is spelled undefined.
  const datamodels = options.datamodels?.length ? options.datamodels : undefined;
  return bindings.SchemaEngine.new(
    { datamodels },
    onLog,
    bindMigrationAwareSqlAdapterFactory(options.adapterFactory),
  );
}

/** Instantiates the Wasm module once per process. */
export function loadSchemaEngineWasm(): Promise<void> {
  loading ??= instantiate();
  return loading;
}

async function instantiate(): Promise<void> {
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message: string) {
      lastPanicMessage = message;
    },
  };

  // The package's main entry does `import * as wasm from "./schema_engine_bg.wasm"`, which
  // Node 20 cannot load without --experimental-wasm-modules. Its `./schema_engine_bg` export
  // is the plain JS glue, so we compile the .wasm ourselves and hand it to the glue.
  const require = createRequire(import.meta.url);
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bytes = await readFile(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));

  const glue: WebAssembly.ModuleImports = {};
  for (const [name, value] of Object.entries(bindings)) {
    if (typeof value !== 'function') continue;
    // The engine arms 10 s timers (e.g. the advisory-lock timeout) and never clears them;
    // unref'd, they no longer hold the process open after the work is done.
    glue[name] = name.startsWith('__wbg_setTimeout_')
      ? unrefTimers(value as (...args: unknown[]) => unknown)
      : value;
  }
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': glue });
  bindings.__wbg_set_wasm(instance.exports);
  const start = instance.exports['__wbindgen_start'];
  if (typeof start === 'function') Reflect.apply(start, undefined, []);
}

function unrefTimers(setTimeoutImport: (...args: unknown[]) => unknown) {
  return (...args: unknown[]): unknown => {
    const timer = setTimeoutImport(...args);
    if (isUnrefable(timer)) timer.unref();
    return timer;
  };
}

function isUnrefable(value: unknown): value is { unref(): unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { unref?: unknown }).unref === 'function'
  );
}
