/**
 * Server-level PostgreSQL chores that Prisma's engines do for the CLI and that the Wasm engine
 * cannot: create and drop databases, and tell why a connection fails in the CLI's own terms.
 * Used by the schema-engine stand-in, runMigrations and the test database helpers.
 */
import pg from 'pg';

/** A connection failure as the Prisma CLI reports it: a P-code and its user-facing message. */
export interface UserFacingError {
  code: string;
  message: string;
}

/** Why a connection failed; `code` is set when the native engine has a P-code for it. */
export interface ConnectionFailure {
  code?: string;
  message: string;
}

/** The same server and credentials as `url`, connected to database `database`. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** The database a connection URL names (PostgreSQL defaults it to the user name). */
export function databaseNameOf(url: string): string {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  return name || decodeURIComponent(parsed.username) || 'postgres';
}

/** The `?schema=` of a Prisma connection URL; adapter-pg takes it as an option, not from the URL. */
export function schemaNameOf(url: string): string | undefined {
  return new URL(url).searchParams.get('schema') ?? undefined;
}

/** Quotes an identifier for SQL that cannot take parameters (CREATE/DROP DATABASE). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Runs `work` on a short-lived connection to the server's maintenance database, the way
 * `createdb` does: `postgres`, or `template1` where `postgres` was dropped.
 */
export async function withMaintenanceClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  let lastError: unknown;
  for (const database of ['postgres', 'template1']) {
    const client = new pg.Client({ connectionString: withDatabase(url, database) });
    try {
      await client.connect();
    } catch (error) {
      lastError = error;
      await client.end().catch(() => undefined);
      if (pgErrorCode(error) === '3D000') continue;
      throw error;
    }
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
  throw lastError;
}

/** Creates the database `url` names. Fails with PostgreSQL's 42P04 if it exists. */
export async function createDatabase(url: string, options: { template?: string } = {}) {
  const name = databaseNameOf(url);
  const template = options.template ? ` TEMPLATE ${quoteIdentifier(options.template)}` : '';
  await withMaintenanceClient(url, (client) =>
    client.query(`CREATE DATABASE ${quoteIdentifier(name)}${template}`),
  );
  return name;
}

/**
 * Drops a database even if sessions are still open on it (WITH (FORCE), PostgreSQL 13+), as
 * the native engine does with its shadow databases.
 */
export async function dropDatabase(url: string, name: string = databaseNameOf(url)) {
  await withMaintenanceClient(url, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`),
  );
}

/** Opens and closes one connection to `url`; resolves to why it failed, or undefined. */
export async function probeConnection(url: string): Promise<ConnectionFailure | undefined> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return toUserFacingError(error, url) ?? { message: messageOf(error) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates the database `url` names unless it exists; true when it was created. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const failure = await probeConnection(url);
  if (!failure) return false;
  if (failure.code !== 'P1003') {
    throw new Error(failure.code ? `${failure.code}: ${failure.message}` : failure.message);
  }
  try {
    await createDatabase(url);
  } catch (error) {
    // Another process created it between our probe and our CREATE: that is what we wanted.
    if (pgErrorCode(error) !== '42P04') throw error;
    return false;
  }
  return true;
}

/**
 * Translates a pg or socket error into the P-code and wording of Prisma's native engine, so
 * the CLI prints and branches (P1003 means "create the database") exactly as it would there.
 */
export function toUserFacingError(error: unknown, url: string): UserFacingError | undefined {
  const parsed = new URL(url);
  const host = parsed.hostname || 'localhost';
  const port = parsed.port || '5432';
  const database = databaseNameOf(url);
  const user = decodeURIComponent(parsed.username) || 'postgres';
  const code = pgErrorCode(error);
  if (code === undefined) return undefined;
  switch (code) {
    case '3D000':
      return {
        code: 'P1003',
        message: `Database \`${database}\` does not exist on the database server at \`${host}:${port}\`.`,
      };
    case '42P04':
      return {
        code: 'P1009',
        message: `Database \`${database}\` already exists on the database server at \`${host}:${port}\``,
      };
    case '28P01':
    case '28000':
      return {
        code: 'P1000',
        message: `Authentication failed against database server, the provided database credentials for \`${user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at the configured address.`,
      };
    case '42501':
      return {
        code: 'P1010',
        message: `User \`${user}\` was denied access on the database \`${database}\``,
      };
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'EAI_AGAIN':
      return {
        code: 'P1001',
        message: `Can't reach database server at \`${host}:${port}\`\n\nPlease make sure your database server is running at \`${host}:${port}\`.`,
      };
    case 'ETIMEDOUT':
      return {
        code: 'P1002',
        message: `The database server at \`${host}:${port}\` was reached but timed out.`,
      };
    default:
      return undefined;
  }
}

/** The SQLSTATE of a pg DatabaseError, or the errno code of a socket error. */
export function pgErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
