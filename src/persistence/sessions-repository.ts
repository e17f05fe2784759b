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
 * This is the hot path of every update (one read, one write), so it uses plain SQL on the pg
 * pool (plain-sql.ts): Prisma's query compiler, then its `$queryRaw`, cost more than the round
 * trip itself here (measured with bench:intake). The state is read as text and parsed here: a
 * jsonb column through $queryRaw cost about 3× the whole query (10 ms of 14 on this machine).
 */
import type { ChatSessions, PendingReplies, StoredChat } from '../app/ports/chat-sessions.ts';
import type { PrismaClient } from './generated/prisma/client.ts';
import { plainSqlFor } from './plain-sql.ts';

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
  const sql = plainSqlFor(prisma);
  return {
    async load(key) {
      const { rows } = await sql.query<{ state: string; revision: number; updated_at: Date }>(
        'gopy_session_load',
        'SELECT state::text AS state, revision, updated_at FROM sessions WHERE key = $1',
        [key],
      );
      const found = rows[0];
      if (!found)
        return {
          state: undefined,
          revision: 0,
          recentUpdateIds: [],
          outbox: [],
          updatedAt: new Date(0),
        };
      const state = JSON.parse(found.state) as Row<S>;
      return {
        state: state.s,
        revision: found.revision,
        recentUpdateIds: state.seen ?? [],
        updatesBot: state.bot,
        outbox: state.out ?? [],
        updatedAt: found.updated_at,
      };
    },

    async save(key, expectedRevision, next) {
      const row: Row<S> = { s: next.state, seen: next.recentUpdateIds };
      if (next.updatesBot !== undefined) row.bot = next.updatesBot;
      if (next.outbox?.length) row.out = next.outbox;
      const state = JSON.stringify(row);
      const lastUpdateId = String(Math.max(-1, ...next.recentUpdateIds));
      // First write for this chat: an insert that loses to a concurrent insert is a lost race.
      const { count } =
        expectedRevision === 0
          ? await sql.query(
              'gopy_session_insert',
              `INSERT INTO sessions (key, state, revision, last_update_id, updated_at)
               VALUES ($1, $2::jsonb, 1, $3::bigint, now())
               ON CONFLICT (key) DO NOTHING`,
              [key, state, lastUpdateId],
            )
          : await sql.query(
              'gopy_session_save',
              `UPDATE sessions
               SET state = $2::jsonb, revision = revision + 1,
                   last_update_id = $3::bigint, updated_at = now()
               WHERE key = $1 AND revision = $4::int`,
              [key, state, lastUpdateId, expectedRevision],
            );
      return count === 1;
    },

    async forget(key) {
      await sql.query('gopy_session_forget', 'DELETE FROM sessions WHERE key = $1', [key]);
    },

    async markRepliesSent(key, updateId, sent) {
      // Entries fully sent leave the outbox; a count never goes down.
      await sql.query(
        'gopy_session_replies_sent',
        `UPDATE sessions
         SET state = jsonb_set(state, '{out}', COALESCE((
               SELECT jsonb_agg(
                        CASE WHEN (e->>'updateId')::bigint = $2::bigint
                             THEN jsonb_set(e, '{sent}', to_jsonb(GREATEST((e->>'sent')::int, $3::int)))
                             ELSE e END)
                 FROM jsonb_array_elements(state->'out') AS e
                WHERE NOT ((e->>'updateId')::bigint = $2::bigint
                           AND $3::int >= jsonb_array_length(e->'messages'))),
               '[]'::jsonb)),
             revision = revision + 1
         WHERE key = $1 AND jsonb_typeof(state->'out') = 'array'`,
        [key, updateId, sent],
      );
    },
  };
}
