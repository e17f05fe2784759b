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
 * trip itself here (measured with bench:intake). Saves of several chats that arrive while one
 * is being written go together as one statement (session-writes.ts). The state is read as text
 * and parsed here: a jsonb column through $queryRaw cost about 3× the whole query (10 ms of 14
 * on this machine).
 *
 * The row this process last read or wrote is kept, so the next update of a chat reads no row.
 * A copy that is not the row any more (another process wrote it) fails the compare-and-set, is
 * dropped, and the update is handled again on the row read afresh, as when two updates race.
 * Revisions only grow while the row lives; a row deleted (and inserted again from revision 1)
 * drops every copy, as the reference cache hears deletes (reference-cache.ts). Nothing is kept
 * while it cannot hear them (starting, its connection lost, the embedded database).
 *
 * Session writes commit asynchronously (ASYNC_COMMIT): PostgreSQL answers once the write is in
 * its WAL buffers, not after the disk flush, which cost 1.9 ms of waiting per write here (about
 * half an update's time in bench:intake) and most of the server's CPU per update. A gopy process
 * that dies loses nothing by it: the row is committed and visible. Only a crash of PostgreSQL
 * itself (or the machine) within about 0.6 s of a save can lose that save (the WAL writer
 * flushes every 200 ms): the chat is then back at its previous question, asked again if the
 * answer does not fit it, and the review shows every answer before anything is sent. What must
 * not be lost commits synchronously, and a synchronous commit flushes all WAL before it: the
 * report (submit-report), so every save before a report is durable with it; erasing a chat
 * (`forget`). This is PostgreSQL's documented trade-off for data of this kind ("Asynchronous
 * Commit" in its manual); the peer of bench:intake keeps its sessions in a Redis that keeps
 * nothing on disk.
 *
 * The state saved is handed to the next load as it is (no JSON between them, and the flow
 * engine knows the states it made, flow-state.ts): a step changes the state it is given, so
 * each saved state is handed out once, and a later load without a save in between (the step
 * failed, or another update of the chat runs beside it) parses the row's text afresh.
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
import { createSessionWrites } from './session-writes.ts';

/** Chats whose row is kept in process: the most recently used (a few KB each). */
const KEPT_SESSIONS = 5_000;

interface Row<S> {
  s?: S;
  seen?: number[];
  bot?: string;
  out?: PendingReplies[];
}

interface Kept<S> {
  /** The row as written. */
  text: string;
  /** The row as saved by this process, until a load takes it (then `text` is parsed). */
  saved?: Row<S>;
  /** Replies marked sent in this copy only (`durable: false`), not yet in `text`. */
  marks: Array<{ updateId: number; sent: number }>;
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

type RowRead = { state: string; revision: number; updated_at: Date };

/**
 * A condition that is always true and makes the statement's own transaction commit without
 * waiting for the disk (`SET LOCAL synchronous_commit = off`, inside the one statement: a
 * separate SET would be a round trip more). See the header.
 */
const ASYNC_COMMIT = `set_config('synchronous_commit', 'off', true) IS NOT NULL`;

export function createSessionsRepository<S>(prisma: PrismaClient): SessionsRepository<S> {
  const sql = plainSqlFor(prisma);
  const heard = referenceCacheFor(prisma);
  const update = createSessionWrites(sql, ASYNC_COMMIT);
  /** Insertion order is use order: a read or write moves the chat to the end. */
  const kept = new Map<string, Kept<S>>();
  const keep = (key: string, copy: Kept<S>) => {
    kept.delete(key);
    kept.set(key, copy);
    if (kept.size > KEPT_SESSIONS) kept.delete(kept.keys().next().value!);
  };
  /** The copy of `key`, while it can still be the row. */
  const copyOf = (key: string, deletes: number | undefined) => {
    const copy = kept.get(key);
    if (copy && copy.deletes === deletes) return copy;
    kept.delete(key);
    return undefined;
  };
  /** The copy of a row as read (its marks: those of the copy it replaces). */
  const fromRead = (r: RowRead, deletes: number, marks: Kept<S>['marks'] = []): Kept<S> => ({
    text: r.state,
    marks,
    revision: r.revision,
    updatedAt: r.updated_at,
    deletes,
  });

  return {
    async load(key) {
      // Taken before the read: a delete heard while it runs makes the copy stale at once.
      const deletes = heard.changeCount('sessions');
      let copy = copyOf(key, deletes);
      if (!copy) {
        const { rows } = await sql.query<RowRead>(
          'gopy_session_load',
          'SELECT state::text AS state, revision, updated_at FROM sessions WHERE key = $1',
          [key],
        );
        const read = rows[0];
        if (!read)
          return {
            state: undefined,
            revision: 0,
            recentUpdateIds: [],
            outbox: [],
            updatedAt: new Date(0),
          };
        copy = fromRead(read, deletes ?? -1);
      }
      if (deletes !== undefined) keep(key, copy);
      // The saved row is handed out once; after that the text is parsed (with its marks).
      let row = copy.saved;
      copy.saved = undefined;
      if (!row) {
        row = JSON.parse(copy.text) as Row<S>;
        for (const m of copy.marks) row.out = markSent(row.out ?? [], m.updateId, m.sent);
      }
      return {
        state: row.s,
        revision: copy.revision,
        recentUpdateIds: row.seen ?? [],
        updatesBot: row.bot,
        outbox: row.out ?? [],
        updatedAt: copy.updatedAt,
      };
    },

    async save(key, expectedRevision, next) {
      const row: Row<S> = { s: next.state, seen: next.recentUpdateIds };
      if (next.updatesBot !== undefined) row.bot = next.updatesBot;
      if (next.outbox?.length) row.out = next.outbox;
      const text = JSON.stringify(row);
      const lastUpdateId = String(Math.max(-1, ...next.recentUpdateIds));
      const deletes = heard.changeCount('sessions');
      // First write for this chat: an insert that loses to a concurrent insert is a lost race.
      const won =
        expectedRevision === 0
          ? (
              await sql.query(
                'gopy_session_insert',
                `INSERT INTO sessions (key, state, revision, last_update_id, updated_at)
                 SELECT $1, $2::jsonb, 1, $3::bigint, now() WHERE ${ASYNC_COMMIT}
                 ON CONFLICT (key) DO NOTHING`,
                [key, text, lastUpdateId],
              )
            ).count === 1
          : await update({ key, text, lastUpdateId, expectedRevision });
      if (won && deletes !== undefined)
        keep(key, {
          text,
          saved: row,
          marks: [],
          revision: expectedRevision + 1,
          updatedAt: new Date(),
          deletes,
        });
      else kept.delete(key);
      return won;
    },

    async forget(key) {
      kept.delete(key);
      await sql.query('gopy_session_forget', 'DELETE FROM sessions WHERE key = $1', [key]);
    },

    async markRepliesSent(key, updateId, sent, options) {
      const deletes = heard.changeCount('sessions');
      const copy = options?.durable === false ? copyOf(key, deletes) : undefined;
      if (copy) {
        copy.marks.push({ updateId, sent });
        // A new row object: the saved one may share its outbox with the caller.
        if (copy.saved)
          copy.saved = { ...copy.saved, out: markSent(copy.saved.out ?? [], updateId, sent) };
        return;
      }
      // Entries fully sent leave the outbox and a count never goes down (markSent, in SQL). The
      // row as written is kept: it is the row, whoever wrote it before.
      const { rows } = await sql.query<RowRead>(
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
         WHERE key = $1 AND jsonb_typeof(state->'out') = 'array' AND ${ASYNC_COMMIT}
         RETURNING state::text AS state, revision, updated_at`,
        [key, updateId, sent],
      );
      const read = rows[0];
      if (read && deletes !== undefined) keep(key, fromRead(read, deletes, kept.get(key)?.marks));
    },
  };
}
