/**
 * Conversation sessions in PostgreSQL. Saved with compare-and-set on `revision`, so two updates
 * for one chat can never both win; the ids of recently handled updates are kept in the same row,
 * so a redelivered update is recognised in the same write that would have applied it.
 */
import type { PrismaClient } from './generated/prisma/client.ts';

export interface StoredSession<S> {
  state: S | undefined;
  revision: number;
  /** Update ids handled most recently (newest last), for deduplication. */
  recentUpdateIds: number[];
  updatedAt: Date;
}

export interface SessionsRepository<S> {
  load(key: string): Promise<StoredSession<S>>;
  /** Writes when the stored revision still equals `expectedRevision`; false when another won. */
  save(
    key: string,
    expectedRevision: number,
    next: { state: S | undefined; recentUpdateIds: number[] },
  ): Promise<boolean>;
}

interface Row<S> {
  s?: S;
  seen?: number[];
}

export function createSessionsRepository<S>(prisma: PrismaClient): SessionsRepository<S> {
  return {
    async load(key) {
      const row = await prisma.session.findUnique({ where: { key } });
      if (!row)
        return { state: undefined, revision: 0, recentUpdateIds: [], updatedAt: new Date(0) };
      const data = row.state as Row<S>;
      return {
        state: data.s,
        revision: row.revision,
        recentUpdateIds: data.seen ?? [],
        updatedAt: row.updatedAt,
      };
    },

    async save(key, expectedRevision, next) {
      const state = JSON.parse(
        JSON.stringify({ s: next.state, seen: next.recentUpdateIds } satisfies Row<S>),
      ) as object;
      const lastUpdateId = BigInt(Math.max(-1, ...next.recentUpdateIds));
      if (expectedRevision === 0) {
        // First write for this chat: an insert that loses to a concurrent insert is a lost race.
        const inserted = await prisma.session.createMany({
          data: [{ key, state, revision: 1, lastUpdateId }],
          skipDuplicates: true,
        });
        return inserted.count === 1;
      }
      const updated = await prisma.session.updateMany({
        where: { key, revision: expectedRevision },
        data: { state, revision: expectedRevision + 1, lastUpdateId, updatedAt: new Date() },
      });
      return updated.count === 1;
    },
  };
}
