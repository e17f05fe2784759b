/**
 * Conversation sessions in PostgreSQL. Saved with compare-and-set on `revision`, so two updates
 * for one chat can never both win; the ids of recently handled updates are kept in the same row,
 * so a redelivered update is recognised in the same write that would have applied it.
 *
 * The replies of a step are saved in the same write (the reply outbox): a process that dies after
 * the save and before the replies went out leaves them here, and Telegram's redelivery of the
 * update sends what was not yet marked sent. Each reply is marked sent right after the channel
 * accepted it, so a resend never repeats one that was recorded.
 *
 * This is the hot path of every update (one read, one write), so it uses plain SQL: Prisma's
 * query compiler cost more than the round-trip itself here (measured with bench:intake). The
 * state is read as text and parsed here: a jsonb column through $queryRaw cost about 3× the
 * whole query (10 ms of 14 on this machine, bench:intake's profile).
 */
import type { ChatSessions, PendingReplies, StoredChat } from '../app/ports/chat-sessions.ts';
import type { PrismaClient } from './generated/prisma/client.ts';

/** A stored chat session, with when it was last written. */
export interface StoredSession<S> extends StoredChat<S> {
  updatedAt: Date;
}

export interface SessionsRepository<S> extends ChatSessions<S> {
  load(key: string): Promise<StoredSession<S>>;
}

interface Row<S> {
  s?: S;
  seen?: number[];
  bot?: string;
  out?: PendingReplies[];
}

export function createSessionsRepository<S>(prisma: PrismaClient): SessionsRepository<S> {
  return {
    async load(key) {
      const rows = await prisma.$queryRaw<
        Array<{ state: string; revision: number; updated_at: Date }>
      >`
        SELECT state::text AS state, revision, updated_at FROM sessions WHERE key = ${key}`;
      const found = rows[0];
      const row = found && { ...found, state: JSON.parse(found.state) as Row<S> };
      if (!row)
        return {
          state: undefined,
          revision: 0,
          recentUpdateIds: [],
          outbox: [],
          updatedAt: new Date(0),
        };
      return {
        state: row.state.s,
        revision: row.revision,
        recentUpdateIds: row.state.seen ?? [],
        updatesBot: row.state.bot,
        outbox: row.state.out ?? [],
        updatedAt: row.updated_at,
      };
    },

    async save(key, expectedRevision, next) {
      const row: Row<S> = { s: next.state, seen: next.recentUpdateIds };
      if (next.updatesBot !== undefined) row.bot = next.updatesBot;
      if (next.outbox?.length) row.out = next.outbox;
      const state = JSON.stringify(row);
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

    async forget(key) {
      await prisma.$executeRaw`DELETE FROM sessions WHERE key = ${key}`;
    },

    async markRepliesSent(key, updateId, sent) {
      // Entries fully sent leave the outbox; a count never goes down.
      await prisma.$executeRaw`
        UPDATE sessions
        SET state = jsonb_set(state, '{out}', COALESCE((
              SELECT jsonb_agg(
                       CASE WHEN (e->>'updateId')::bigint = ${updateId}
                            THEN jsonb_set(e, '{sent}', to_jsonb(GREATEST((e->>'sent')::int, ${sent}::int)))
                            ELSE e END)
                FROM jsonb_array_elements(state->'out') AS e
               WHERE NOT ((e->>'updateId')::bigint = ${updateId}
                          AND ${sent}::int >= jsonb_array_length(e->'messages'))),
              '[]'::jsonb)),
            revision = revision + 1
        WHERE key = ${key} AND jsonb_typeof(state->'out') = 'array'`;
    },
  };
}
