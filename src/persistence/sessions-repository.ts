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
 *
 * The row this process last read or wrote is kept (as its text, parsed afresh for each update:
 * a step changes the state it is given), so the next update of a chat reads no row. A copy
 * that is not the row any more (another process wrote it) fails the compare-and-set, is dropped,
 * and the update is handled again on the row read afresh, as when two updates race. Revisions
 * only grow while the row lives; a row deleted (and inserted again from revision 1) drops every
 * copy, as the reference cache hears deletes (reference-cache.ts). Nothing is kept while it
 * cannot hear them (starting, its connection lost, the embedded database).
 */
import {
  markSent,
  type ChatSessions,
  type PendingReplies,
  type StoredChat,
} from '../app/ports/chat-sessions.ts';
import type { PrismaClient } from './generated/prisma/client.ts';
import { plainSqlFor } from './plain-sql.ts';
import { referenceCacheFor } from './reference-cache.ts';

/** Chats whose row is kept in process: the most recently used (a few KB each). */
const KEPT_SESSIONS = 5_000;

interface Kept {
  text: string;
  revision: number;
  updatedAt: Date;
  /** The count of sessions deleted, as heard when this copy was taken. */
  deletes: number;
}

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
  const heard = referenceCacheFor(prisma);
  /** Insertion order is use order: a read or write moves the chat to the end. */
  const kept = new Map<string, Kept>();
  const keep = (key: string, copy: Omit<Kept, 'deletes'>, deletes: number | undefined) => {
    kept.delete(key);
    if (deletes === undefined) return;
    kept.set(key, { ...copy, deletes });
    if (kept.size > KEPT_SESSIONS) kept.delete(kept.keys().next().value!);
  };
  const marking = new Map<string, Promise<unknown>>();
  return {
    async load(key) {
      await marking.get(key);
      // Taken before the read: a delete heard while it runs makes the copy stale at once.
      const deletes = heard.changeCount('sessions');
      let found = deletes === undefined ? undefined : kept.get(key);
      if (found && found.deletes === deletes) keep(key, found, deletes);
      else {
        const { rows } = await sql.query<{ state: string; revision: number; updated_at: Date }>(
          'gopy_session_load',
          'SELECT state::text AS state, revision, updated_at FROM sessions WHERE key = $1',
          [key],
        );
        const row = rows[0];
        found = row && {
          text: row.state,
          revision: row.revision,
          updatedAt: row.updated_at,
          deletes: 0,
        };
        if (found) keep(key, found, deletes);
        else kept.delete(key);
      }
      if (!found)
        return {
          state: undefined,
          revision: 0,
          recentUpdateIds: [],
          outbox: [],
          updatedAt: new Date(0),
        };
      const state = JSON.parse(found.text) as Row<S>;
      return {
        state: state.s,
        revision: found.revision,
        recentUpdateIds: state.seen ?? [],
        updatesBot: state.bot,
        outbox: state.out ?? [],
        updatedAt: found.updatedAt,
      };
    },

    async save(key, expectedRevision, next) {
      const row: Row<S> = { s: next.state, seen: next.recentUpdateIds };
      if (next.updatesBot !== undefined) row.bot = next.updatesBot;
      if (next.outbox?.length) row.out = next.outbox;
      const state = JSON.stringify(row);
      const lastUpdateId = String(Math.max(-1, ...next.recentUpdateIds));
      const deletes = heard.changeCount('sessions');
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
      if (count === 1)
        keep(key, { text: state, revision: expectedRevision + 1, updatedAt: new Date() }, deletes);
      else kept.delete(key);
      return count === 1;
    },

    async forget(key) {
      kept.delete(key);
      await sql.query('gopy_session_forget', 'DELETE FROM sessions WHERE key = $1', [key]);
    },

    async markRepliesSent(key, updateId, sent, options) {
      const deletes = heard.changeCount('sessions');
      const copy = kept.get(key);
      if (options?.durable === false && copy && copy.deletes === deletes) {
        const row = JSON.parse(copy.text) as Row<S>;
        if (row.out) row.out = markSent(row.out, updateId, sent);
        keep(key, { ...copy, text: JSON.stringify(row) }, deletes);
        return;
      }
      // Entries fully sent leave the outbox and a count never goes down (markSent, in SQL). The
      // row as written is kept: it is the row, whoever wrote it before.
      const { rows } = await sql.query<{ state: string; revision: number; updated_at: Date }>(
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
         WHERE key = $1 AND jsonb_typeof(state->'out') = 'array'
         RETURNING state::text AS state, revision, updated_at`,
        [key, updateId, sent],
      );
      const row = rows[0];
      if (row)
        keep(key, { text: row.state, revision: row.revision, updatedAt: row.updated_at }, deletes);
    },
  };
}
