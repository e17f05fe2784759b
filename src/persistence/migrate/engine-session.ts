/**
 * The RPC methods of the native schema engine, served by one Wasm engine instance: what the
 * stand-in does between the CLI's first request and the closing of stdin.
 */
import type {
  ApplyMigrationsInput,
  CreateMigrationInput,
  DbExecuteParams,
  DevDiagnosticInput,
  DiagnoseMigrationHistoryInput,
  DiffParams,
  EnsureConnectionValidityParams,
  EvaluateDataLossInput,
  GetDatabaseVersionInput,
  IntrospectParams,
  IntrospectSqlParams,
  MarkMigrationAppliedInput,
  MarkMigrationRolledBackInput,
  ResetInput,
  SchemaPushInput,
} from '@prisma/schema-engine-wasm/schema_engine_bg';
import { describeEngineFailure } from './engine-failure.ts';
import type { EngineFailure } from './engine-failure.ts';
import { JsonRpcError, methodNotFound } from './json-rpc-stdio.ts';
import type { JsonRpcPeer } from './json-rpc-stdio.ts';
import { createDatabase, probeConnection, toUserFacingError } from './pg-admin.ts';
import type { ConnectionFailure } from './pg-admin.ts';
import { createMigrationAdapterFactory } from './pg-migration-adapter.ts';
import type { MigrationAdapterFactory } from './pg-migration-adapter.ts';
import { openSchemaEngine } from './wasm-schema-engine.ts';
import type { SchemaEngine } from './wasm-schema-engine.ts';

export interface Datasource {
  url?: string;
  shadowDatabaseUrl?: string;
}

export interface EngineSession {
  handle(method: string, params: unknown, peer: JsonRpcPeer): Promise<unknown>;
  /** True once a Rust panic poisoned the Wasm instance; the process should exit (101). */
  readonly panicked: boolean;
  close(): Promise<void>;
}

/** The native engine's JSON-RPC error code for user-facing and connector errors. */
const ENGINE_ERROR = 4466;

// The params come from the Prisma CLI, the engine's only client, and the engine validates them
// when it deserializes them; the casts below only name the shape the method expects.
type Call = (engine: SchemaEngine, params: unknown) => Promise<unknown>;

const PASS_THROUGH: Record<string, Call> = {
  applyMigrations: (e, p) => e.applyMigrations(p as ApplyMigrationsInput),
  dbExecute: (e, p) => e.dbExecute(p as DbExecuteParams),
  diagnoseMigrationHistory: (e, p) =>
    e.diagnoseMigrationHistory(p as DiagnoseMigrationHistoryInput),
  ensureConnectionValidity: (e, p) =>
    e.ensureConnectionValidity(p as EnsureConnectionValidityParams),
  getDatabaseVersion: (e, p) => e.version((p ?? null) as GetDatabaseVersionInput | null),
  introspect: (e, p) => e.introspect(p as IntrospectParams),
  introspectSql: (e, p) => e.introspectSql(p as IntrospectSqlParams),
  markMigrationApplied: (e, p) => e.markMigrationApplied(p as MarkMigrationAppliedInput),
  markMigrationRolledBack: (e, p) => e.markMigrationRolledBack(p as MarkMigrationRolledBackInput),
  reset: (e, p) => e.reset(p as ResetInput),
  schemaPush: (e, p) => e.schemaPush(p as SchemaPushInput),
};

export function createEngineSession(options: {
  datasource: Datasource;
  datamodels: [string, string][];
  onLog: (line: string) => void;
}): EngineSession {
  const { datasource } = options;
  let adapterFactory: MigrationAdapterFactory | undefined;
  let opening: Promise<SchemaEngine> | undefined;
  let engine: SchemaEngine | undefined;
  let diagnosed = false;
  let panicked = false;

  const open = () => {
    opening ??= (async () => {
      const url = datasource.url;
      if (!url) throw engineError({ message: 'The datasource has no url.', isPanic: false });
      adapterFactory = createMigrationAdapterFactory({
        url,
        ...(datasource.shadowDatabaseUrl
          ? { shadowDatabaseUrl: datasource.shadowDatabaseUrl }
          : {}),
      });
      try {
        engine = await openSchemaEngine({
          adapterFactory,
          datamodels: options.datamodels,
          onLog: options.onLog,
        });
        return engine;
      } catch (error) {
        // The engine's connection errors carry no P-code; ask the server why, as the native
        // engine's would (P1001 unreachable, P1003 no such database…).
        const why = await probeConnection(url);
        throw engineError(why ? fromConnectionFailure(why) : describeEngineFailure(error), error);
      }
    })();
    return opening;
  };

  // createMigration and evaluateDataLoss work only after devDiagnostic ran in the same engine
  // instance: the Wasm build wires up the shadow database there, and fails otherwise with
  // "PostgreSQL shadow DB must be provided through an external factory". `migrate dev` calls
  // it first anyway; any other caller gets it done here.
  const ensureDiagnosed = async (e: SchemaEngine, input: DevDiagnosticInput) => {
    if (diagnosed) return;
    await e.devDiagnostic({ migrationsList: input.migrationsList, filters: input.filters });
    diagnosed = true;
  };

  const call = async (method: string, params: unknown, peer: JsonRpcPeer): Promise<unknown> => {
    switch (method) {
      case 'createDatabase':
        return createDatabaseFor(params, datasource);
      case 'debugPanic':
        (await open()).debugPanic();
        return null;
      case 'devDiagnostic': {
        const result = await (await open()).devDiagnostic(params as DevDiagnosticInput);
        diagnosed = true;
        return result;
      }
      case 'createMigration': {
        const e = await open();
        const input = params as CreateMigrationInput;
        await ensureDiagnosed(e, input);
        return e.createMigration(input);
      }
      case 'evaluateDataLoss': {
        const e = await open();
        const input = params as EvaluateDataLossInput;
        await ensureDiagnosed(e, input);
        return e.evaluateDataLoss(input);
      }
      case 'diff': {
        // The native engine prints the diff itself, through a `print` request the CLI answers,
        // and returns no stdout; the CLI prints nothing else, so we must do the same.
        const result = await (await open()).diff(params as DiffParams);
        if (result.stdout !== null) await peer.request('print', { content: result.stdout });
        return { ...result, stdout: null };
      }
      default: {
        const passThrough = PASS_THROUGH[method];
        if (!passThrough) throw methodNotFound(method);
        return passThrough(await open(), params);
      }
    }
  };

  return {
    get panicked() {
      return panicked;
    },
    async handle(method, params, peer) {
      try {
        return await call(method, params, peer);
      } catch (error) {
        if (error instanceof JsonRpcError) throw error;
        const failure = describeEngineFailure(error);
        if (failure.isPanic) panicked = true;
        throw engineError(failure, error);
      }
    },
    async close() {
      try {
        engine?.free();
      } finally {
        engine = undefined;
        await adapterFactory?.close();
      }
    },
  };
}

/** `createDatabase` RPC: the Wasm build cannot create databases, pg can. */
async function createDatabaseFor(params: unknown, datasource: Datasource) {
  const url = urlOfDatasourceParam(params) ?? datasource.url;
  if (!url) throw engineError({ message: 'No database url to create.', isPanic: false });
  try {
    return { databaseName: await createDatabase(url) };
  } catch (error) {
    const why = toUserFacingError(error, url);
    throw engineError(why ? fromConnectionFailure(why) : describeEngineFailure(error), error);
  }
}

function urlOfDatasourceParam(params: unknown): string | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const datasource: unknown = Reflect.get(params, 'datasource');
  if (typeof datasource !== 'object' || datasource === null) return undefined;
  const url: unknown = Reflect.get(datasource, 'url');
  return typeof url === 'string' ? url : undefined;
}

function fromConnectionFailure(failure: ConnectionFailure): ErrorReport {
  return { message: failure.message, ...(failure.code ? { errorCode: failure.code } : {}) };
}

type ErrorReport = Pick<EngineFailure, 'message' | 'errorCode' | 'meta'> & { isPanic?: boolean };

/** The error object the CLI parses: it reads data.is_panic, data.message and data.error_code. */
function engineError(failure: ErrorReport, cause?: unknown): JsonRpcError {
  const code = failure.errorCode;
  const error = new JsonRpcError({
    code: ENGINE_ERROR,
    message: failure.isPanic
      ? failure.message
      : 'An error happened. Check the data field for details.',
    data: {
      is_panic: failure.isPanic ?? false,
      message: failure.message,
      ...(typeof code === 'string' ? { error_code: code } : {}),
      ...(failure.meta === undefined ? {} : { meta: failure.meta }),
    },
  });
  if (cause !== undefined) error.cause = cause;
  return error;
}
