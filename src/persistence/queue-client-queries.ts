/**
 * One statement at a time on each of the pool's connections, queued here in call order.
 *
 * Prisma's query interpreter reads the relations of an `include` at once (`Promise.all` over a
 * join's children). Outside a transaction each goes to a pool connection of its own; inside an
 * interactive transaction they all go to the transaction's one connection, where pg queues them
 * itself, which pg 8.19+ deprecates ("Calling client.query() when the client is already
 * executing a query", an error in pg 9). gopy reads a report with five relations inside every
 * status change (report-workflow-repository.ts `record`). The statements, their order and the
 * transaction are the same as with pg's own queue: only the waiting moves here. (A fix in
 * @prisma/adapter-pg itself is proposed upstream: prisma/orm#29979.)
 *
 * Only the promise form is queued, the one Prisma's adapter uses. A call with a callback (how
 * `pool.query` runs its statement on a connection it checked out for it alone) or a submittable
 * (a cursor) goes straight through.
 */
import type pg from 'pg';

type Query = (...args: unknown[]) => unknown;

/**
 * Installs the queue on every connection `pool` opens. Call it after the other wrappers of
 * `client.query` are installed on the pool's `connect` (reference-cache.ts): it wraps the
 * query method the connection has when it runs, so those still see every statement.
 */
export function queueClientQueries(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const target = client as unknown as { query: Query };
    const inner = target.query;
    /** Settles when the last queued statement has; undefined while the connection is idle. */
    let tail: Promise<void> | undefined;
    target.query = (...args: unknown[]) => {
      const first = args[0] as { submit?: unknown } | undefined;
      if (typeof args.at(-1) === 'function' || typeof first?.submit === 'function')
        return inner.apply(client, args);
      const run = () => inner.apply(client, args) as Promise<unknown>;
      // Idle: sent at once, as pg would. Busy: sent when the statement before it has settled,
      // whatever its outcome (pg's queue, too, runs the next after a failed one).
      const result = tail ? tail.then(run) : run();
      const settled = result.then(
        () => undefined,
        () => undefined,
      );
      tail = settled;
      void settled.then(() => {
        if (tail === settled) tail = undefined;
      });
      return result;
    };
  });
}
