/**
 * Conversation sessions in PostgreSQL. Saved with compare-and-set on `revision`, so two updates
 * for one chat can never both win; the ids of recently handled updates are kept in the same row,
 * so a redelivered update is recognised in the same write that would have applied it.
 *
 * This is the hot path of every update (one read, one write), so it uses plain SQL: Prisma's
 * query compiler cost more than the round-trip itself here (measured with bench:intake).
 */
import type { PrismaClient } from './generated/prisma/client.ts';

export interface StoredSession<S> {
  state: S | undefined;
  revision: number;
  /** Update ids handled most recently (newest last), for deduplication. */
  recentUpdateIds: number[];
  /** The bot those update ids came from; ids of another bot say nothing about this one's. */
  updatesBot?: string | undefined;
  updatedAt: Date;
}

export interface SessionsRepository<S> {
  load(key: string): Promise<StoredSession<S>>;
  /** Writes when the stored revision still equals `expectedRevision`; false when another won. */
  save(
    key: string,
    expectedRevision: number,
    next: { state: S | undefined; recentUpdateIds: number[]; updatesBot?: string | undefined },
  ): Promise<boolean>;
}

interface Row<S> {
  s?: S;
  seen?: number[];
  bot?: string;
}

export function createSessionsRepository<S>(prisma: PrismaClient): SessionsRepository<S> {
  return {
    async load(key) {
      const rows = await prisma.$queryRaw<
        Array<{ state: Row<S>; revision: number; updated_at: Date }>
      >`
        SELECT state, revision, updated_at FROM sessions WHERE key = ${key}`;
      const row = rows[0];
      if (!row)
        return { state: undefined, revision: 0, recentUpdateIds: [], updatedAt: new Date(0) };
      return {
        state: row.state.s,
        revision: row.revision,
        recentUpdateIds: row.state.seen ?? [],
        updatesBot: row.state.bot,
        updatedAt: row.updated_at,
      };
    },

    async save(key, expectedRevision, next) {
      const state = JSON.stringify({
        s: next.state,
        seen: next.recentUpdateIds,
        ...(next.updatesBot === undefined ? {} : { bot: next.updatesBot }),
      } satisfies Row<S>);
      const lastUpdateId = BigInt(Math.max(-1, ...next.recentUpdateIds));
      // First write for this chat: an insert that loses to a concurrent insert is a lost race.
      const written =
        expectedRevision === 0
          ? await prisma.$executeRaw`
              INSERT INTO sessions (key, state, revision, last_update_id, updated_at)
              VALUES (${key}, ${state}::jsonb, 1, ${lastUpdateId}, now())
              ON CONFLICT (key) DO NOTHING`
          : await prisma.$executeRaw`
              UPDATE sessions
              SET state = ${state}::jsonb, revision = revision + 1,
                  last_update_id = ${lastUpdateId}, updated_at = now()
              WHERE key = ${key} AND revision = ${expectedRevision}`;
      return written === 1;
    },
  };
}
