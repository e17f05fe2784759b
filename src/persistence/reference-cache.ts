/**
 * In-process copies of the rarely-changing tables that nearly every update reads (who is an
 * official, the categories, the units) or every report (a unit's groups): bench:intake measured
 * 0.7 statements per update for them. A copy is kept until its table changes:
 *
 * - in another process (another gopy, the CLI, psql): a statement trigger NOTIFYs
 *   `gopy_reference` with the table's name on commit (migrations 20261206130000_reference_changes,
 *   20261207120000_unit_groups_reference)
 *   and this process's LISTEN connection hears it;
 * - in this process: the pool's connections see the write themselves, and the copy is dropped
 *   when the connection goes back to the pool (after the statement, or after its transaction's
 *   COMMIT), so the very next read here sees it without waiting for the notification.
 *
 * While the LISTEN connection is not listening (starting, lost, or no pool: the embedded
 * database), nothing is kept: every read goes to the database, so a missed notification can
 * never leave a stale copy behind.
 */
import pg from 'pg';
import type { PrismaClient } from './generated/prisma/client.ts';

/** The tables whose copies are kept; the migration's triggers name them the same way. */
export type ReferenceTable = 'officials' | 'categories' | 'units' | 'provinces' | 'unit_groups';
/**
 * What a change is heard for: the reference tables, and `sessions`, whose rows deleted (an
 * erasure, psql) drop the chat sessions kept in process (sessions-repository.ts). A session's
 * other writes are checked by its compare-and-set and announce nothing.
 */
export type HeardTable = ReferenceTable | 'sessions';
const TABLES: readonly HeardTable[] = [
  'officials',
  'categories',
  'units',
  'provinces',
  'unit_groups',
  'sessions',
];
const CHANNEL = 'gopy_reference';
/**
 * A write to one of the tables, as the pool's connections see it (anywhere in the statement: an
 * import writes from a `WITH`). A false match only drops a copy more.
 */
const WRITE =
  /\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+(?:"?\w+"?\.)?"?(officials|categories|units|provinces|unit_groups)\b/gi;
/** Sessions deleted through the pool (the migration's trigger announces the same). */
const SESSIONS_DELETED =
  /\b(?:DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+(?:"?\w+"?\.)?"?(sessions)\b/gi;
/**
 * The heard tables a statement's text writes. Read once per text: the statements are a small set
 * of fixed texts with `$n` parameters, and the two scans cost more than the rest of the wrapper
 * on every query (bench:intake). The texts kept are bounded, for SQL built with its values in it.
 */
const writtenByText = new Map<string, HeardTable[]>();
const KEPT_TEXTS = 2_000;
function tablesWritten(text: string): HeardTable[] {
  let tables = writtenByText.get(text);
  if (tables) return tables;
  tables = [...text.matchAll(WRITE), ...text.matchAll(SESSIONS_DELETED)].map(
    ([, t]) => t!.toLowerCase() as HeardTable,
  );
  if (writtenByText.size >= KEPT_TEXTS) writtenByText.clear();
  writtenByText.set(text, tables);
  return tables;
}
/** How long a lost LISTEN connection waits before the next read tries again. */
const RETRY_MS = 1000;

export interface ReferenceCache {
  /** `load`, run once and kept until one of `tables` changes. */
  memo<T>(tables: readonly ReferenceTable[], load: () => Promise<T>): () => Promise<T>;
  /**
   * How many changes of `table` this process has heard, or undefined while it cannot hear them
   * (nothing may be kept then). A copy taken at one count is good while the count is the same.
   */
  changeCount(table: HeardTable): number | undefined;
  /** Resolves when this process next hears that `table` changed (tests). */
  nextChange(table: HeardTable): Promise<void>;
  /** Stops listening. */
  close(): Promise<void>;
}

/** Called by createPrismaClient: the cache of the database `pool` serves. */
export function createReferenceCache(pool: pg.Pool): ReferenceCache {
  /** Counts the changes heard per table; a copy is good while its tables' counts are unchanged. */
  const changes = new Map<HeardTable, number>(TABLES.map((t) => [t, 0]));
  let waiters: Array<{ table: HeardTable; resolve: () => void }> = [];
  let listener: pg.Client | undefined;
  let listening = false;
  let retryAfter = 0;
  let closed = false;

  const changed = (table: HeardTable) => {
    changes.set(table, (changes.get(table) ?? 0) + 1);
    const woken = waiters.filter((w) => w.table === table);
    waiters = waiters.filter((w) => w.table !== table);
    for (const w of woken) w.resolve();
  };
  const stamp = (tables: readonly ReferenceTable[]) =>
    tables.map((t) => changes.get(t) ?? 0).join(',');

  // Writes through this pool: mark the connection, drop the copies when it is released.
  const dirty = new WeakMap<pg.PoolClient, Set<HeardTable>>();
  pool.on('connect', (client) => {
    // The prototype's query is looked up at each call, so a wrapper installed there later (the
    // bench's statement count) still sees these connections.
    const prototype = Object.getPrototypeOf(client) as { query: (...args: unknown[]) => unknown };
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const first = args[0];
      const text = typeof first === 'string' ? first : (first as { text?: unknown })?.text;
      const written = typeof text === 'string' ? tablesWritten(text) : [];
      const markDirty = () => {
        const tables = dirty.get(client) ?? new Set();
        for (const t of written) tables.add(t);
        dirty.set(client, tables);
      };
      if (written.length === 0) return prototype.query.apply(client, args);
      // A write that changed no row changes no copy: the delivery queue's "mark the official
      // reachable again" runs after every alert and almost always finds them reachable already.
      // Marked before the caller hears the result (the pool's own callback releases the
      // connection), so the release that follows drops the copies.
      const seen = (r: { rowCount?: number | null } | undefined) => {
        if (r?.rowCount !== 0) markDirty();
      };
      const last = args.length - 1;
      const callback = args[last];
      if (typeof callback === 'function') {
        args[last] = (error: unknown, r: { rowCount?: number | null } | undefined) => {
          if (!error) seen(r);
          return (callback as (...a: unknown[]) => unknown)(error, r);
        };
        return prototype.query.apply(client, args);
      }
      const result = prototype.query.apply(client, args);
      if (result instanceof Promise) void result.then(seen, () => undefined);
      else markDirty();
      return result;
    };
  });
  pool.on('release', (_error, client) => {
    const tables = dirty.get(client);
    if (!tables) return;
    dirty.delete(client);
    for (const t of tables) changed(t);
  });

  const lost = (client: pg.Client) => {
    if (listener !== client) return;
    listener = undefined;
    listening = false;
    retryAfter = Date.now() + RETRY_MS;
    // Whatever changed while nobody listened: every copy is dropped.
    for (const t of TABLES) changed(t);
    client.end().catch(() => undefined);
  };
  const listen = () => {
    if (listener || closed || Date.now() < retryAfter) return;
    const client = new pg.Client(pool.options);
    listener = client;
    client.on('notification', (message) => {
      if (message.channel === CHANNEL && TABLES.includes(message.payload as HeardTable))
        changed(message.payload as HeardTable);
    });
    client.on('error', () => lost(client));
    client.on('end', () => lost(client));
    client
      .connect()
      .then(() => client.query(`LISTEN ${CHANNEL}`))
      .then(() => {
        if (listener === client) listening = true;
      })
      .catch(() => lost(client));
  };

  return {
    memo<T>(tables: readonly ReferenceTable[], load: () => Promise<T>) {
      let kept: { stamp: string; value: Promise<T> } | undefined;
      return () => {
        listen();
        if (!listening) return load();
        const now = stamp(tables);
        if (kept?.stamp === now) return kept.value;
        const value = load();
        const entry = { stamp: now, value };
        kept = entry;
        // A failed read is not kept.
        value.catch(() => {
          if (kept === entry) kept = undefined;
        });
        return value;
      };
    },
    changeCount(table) {
      listen();
      return listening ? (changes.get(table) ?? 0) : undefined;
    },
    nextChange(table) {
      return new Promise((resolve) => waiters.push({ table, resolve }));
    },
    async close() {
      closed = true;
      listening = false;
      const client = listener;
      listener = undefined;
      await client?.end().catch(() => undefined);
    },
  };
}

const caches = new WeakMap<PrismaClient, ReferenceCache>();

/** Called by createPrismaClient. */
export function registerReferenceCache(prisma: PrismaClient, cache: ReferenceCache): void {
  caches.set(prisma, cache);
}

/** Without a pool (the embedded database) nothing is kept: every read goes to the database. */
const NO_CACHE: ReferenceCache = {
  memo: (_tables, load) => load,
  changeCount: () => undefined,
  nextChange: () => new Promise(() => undefined),
  close: async () => undefined,
};

/** The reference cache of the database `prisma` runs on. */
export function referenceCacheFor(prisma: PrismaClient): ReferenceCache {
  return caches.get(prisma) ?? NO_CACHE;
}
