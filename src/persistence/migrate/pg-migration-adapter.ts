/**
 * The driver adapter the Wasm schema engine runs on: @prisma/adapter-pg with the fixes that
 * make it behave like the native engine's own PostgreSQL connection. For the migration engine
 * only; the application's Prisma Client uses adapter-pg unchanged (src/persistence/prisma.ts).
 */
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { DriverAdapterError } from '@prisma/driver-adapter-utils';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { databaseNameOf, quoteIdentifier, schemaNameOf, withDatabase } from './pg-admin.ts';

const CHAR_OID = 18;
const TEXT_OID = 25;

/** An adapter factory that also owns its pools and any shadow database it made. */
export interface MigrationAdapterFactory extends SqlMigrationAwareDriverAdapterFactory {
  /** Drops shadow databases the engine did not dispose of, then ends every pool. Idempotent. */
  close(): Promise<void>;
}

export interface MigrationAdapterOptions {
  /** The database to migrate. */
  url: string;
  /**
   * A database the engine may wipe to replay migrations into. Without it, a temporary
   * `prisma_migrate_shadow_db_<uuid>` is created on the main server and dropped after use.
   */
  shadowDatabaseUrl?: string;
}

export function createMigrationAdapterFactory(
  options: MigrationAdapterOptions,
): MigrationAdapterFactory {
  const pools = new Set<pg.Pool>();
  const shadowDatabases = new Set<string>();
  let mainPool: pg.Pool | undefined;
  let closed: Promise<void> | undefined;

  const openPool = (url: string) => {
    const pool = createEnginePool(url);
    pools.add(pool);
    return pool;
  };
  const main = () => (mainPool ??= openPool(options.url));

  const dropShadow = async (name: string) => {
    // WITH (FORCE), as the native engine does: a pooled session must not keep it alive.
    await main().query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
    shadowDatabases.delete(name);
  };

  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',

    async connect() {
      return connectAdapter(main(), options.url);
    },

    async connectToShadowDb() {
      if (options.shadowDatabaseUrl) {
        return connectExternalShadow(options.url, options.shadowDatabaseUrl, openPool);
      }
      // adapter-pg's own connectToShadowDb builds the shadow pool from the main connection
      // string, so the "shadow" would be the main database and migrations would be replayed
      // into real data. We create, connect to and drop a separate database instead.
      const name = `prisma_migrate_shadow_db_${randomUUID()}`;
      try {
        await main().query(`CREATE DATABASE ${quoteIdentifier(name)}`);
      } catch (error) {
        throw asDriverAdapterError(error, 'Could not create the shadow database');
      }
      shadowDatabases.add(name);
      const shadowUrl = withDatabase(options.url, name);
      const pool = openPool(shadowUrl);
      const adapter = await connectAdapter(pool, shadowUrl);
      adapter.dispose = async () => {
        pools.delete(pool);
        await pool.end();
        await dropShadow(name);
      };
      return adapter;
    },

    close() {
      closed ??= (async () => {
        try {
          for (const name of [...shadowDatabases]) await dropShadow(name).catch(() => undefined);
        } finally {
          await Promise.all([...pools].map((pool) => pool.end().catch(() => undefined)));
          pools.clear();
        }
      })();
      return closed;
    },
  };
}

/**
 * One connection, held for the engine's lifetime, as the native engine does: its session-level
 * advisory lock (72707369) and the migration it guards must share a session.
 */
function createEnginePool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 1, idleTimeoutMillis: 0 });
  pool.on('connect', (client) => {
    // adapter-pg has no column type for PostgreSQL's internal "char" (OID 18), which the
    // catalog queries of every schema description return ("Column type 'char' could not be
    // deserialized"). Its values are one-character strings, so we relabel them as text before
    // pg builds the result. prependListener: before the client's own handler reads the fields.
    client.connection.prependListener('rowDescription', relabelCharAsText);
  });
  // An idle client's socket error must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  return pool;
}

function relabelCharAsText(message: { fields?: { dataTypeID: number }[] }) {
  for (const field of message.fields ?? []) {
    if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
  }
}

async function connectAdapter(pool: pg.Pool, url: string): Promise<SqlDriverAdapter> {
  const schema = schemaNameOf(url);
  const adapter = await new PrismaPg(pool, schema ? { schema } : undefined).connect();
  // adapter-pg's executeScript splits on ";" and runs the pieces one by one: comments, string
  // literals and function bodies break, and a failing migration is left half applied. A query
  // without parameters goes out as one simple-protocol message, which PostgreSQL runs whole,
  // in one implicit transaction, like the native engine's raw_cmd. executeRaw maps its errors.
  adapter.executeScript = async (script: string) => {
    await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
  };
  return adapter;
}

async function connectExternalShadow(
  mainUrl: string,
  shadowUrl: string,
  openPool: (url: string) => pg.Pool,
): Promise<SqlDriverAdapter> {
  if (sameDatabase(mainUrl, shadowUrl)) {
    throw new DriverAdapterError({
      kind: 'postgres',
      code: 'N/A',
      severity: 'ERROR',
      message: `The shadow database you configured appears to be the same as the main database. Please specify another shadow database.`,
      detail: undefined,
      column: undefined,
      hint: undefined,
    });
  }
  const pool = openPool(shadowUrl);
  const adapter = await connectAdapter(pool, shadowUrl);
  // The Wasm engine replays migrations into the shadow database as it finds it; the native
  // engine resets a configured one first, and so do we.
  const schema = quoteIdentifier(schemaNameOf(shadowUrl) ?? 'public');
  await adapter.executeScript(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema};`);
  return adapter;
}

function sameDatabase(a: string, b: string): boolean {
  const left = new URL(a);
  const right = new URL(b);
  return (
    left.hostname === right.hostname &&
    (left.port || '5432') === (right.port || '5432') &&
    databaseNameOf(a) === databaseNameOf(b)
  );
}

/** Keeps PostgreSQL's message in what the engine reports, instead of an opaque GenericJs id. */
function asDriverAdapterError(error: unknown, context: string): DriverAdapterError {
  const fields = typeof error === 'object' && error !== null ? error : {};
  const text = (key: string) => {
    const value: unknown = Reflect.get(fields, key);
    return typeof value === 'string' ? value : undefined;
  };
  const message = error instanceof Error ? error.message : String(error);
  return new DriverAdapterError({
    kind: 'postgres',
    code: text('code') ?? 'N/A',
    severity: text('severity') ?? 'ERROR',
    message: `${context}: ${message}`,
    detail: text('detail'),
    column: text('column'),
    hint: text('hint'),
  });
}
