/**
 * Counts the SQL statements a part of the bench's process sends to PostgreSQL, and its CPU: the
 * part runs inside `within(tag, …)` (a worker started there keeps the tag in every job it runs,
 * as async context), and every statement on any pg pool is counted under the tag of the code
 * that sent it — through the pool (`pool.query`, Prisma's and the plain SQL's single statements)
 * or on a connection taken from it (Prisma's transactions). Bench-only: it patches pg's Pool.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';

const context = new AsyncLocalStorage<string>();
const counts = new Map<string, number>();

function count(): void {
  const tag = context.getStore() ?? 'other';
  counts.set(tag, (counts.get(tag) ?? 0) + 1);
}

type Query = (...args: unknown[]) => unknown;
type Connect = (...args: unknown[]) => unknown;
const pool = pg.Pool.prototype as unknown as { query: Query; connect: Connect };
const poolQuery = pool.query;
const poolConnect = pool.connect;
pool.query = function (this: unknown, ...args: unknown[]) {
  count();
  return poolQuery.apply(this, args);
};
// The promise form is how a transaction takes its connection; pool.query uses the callback
// form, whose statement is counted above already.
pool.connect = function (this: unknown, ...args: unknown[]) {
  if (typeof args[0] === 'function') return poolConnect.apply(this, args);
  return (poolConnect.apply(this, args) as Promise<pg.PoolClient>).then(
    (client) =>
      new Proxy(client, {
        get(target, property) {
          if (property === 'query')
            return (...queryArgs: unknown[]) => {
              count();
              return (target.query as unknown as Query).apply(target, queryArgs);
            };
          const value: unknown = Reflect.get(target, property);
          return typeof value === 'function' ? (value as Query).bind(target) : value;
        },
      }),
  );
};

/** Runs `start` (and everything it sets going) under `tag`. */
export function within<T>(tag: string, start: () => T): T {
  return context.run(tag, start);
}

/** Statements so far, by tag. */
export function statementCounts(): Map<string, number> {
  return new Map(counts);
}
