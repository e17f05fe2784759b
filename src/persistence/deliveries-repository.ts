/**
 * Outbound deliveries: every message to an official and every relayed message is a row here
 * before it is a queue job, so PostgreSQL, not Redis, knows what still has to go out.
 *
 * States: pending → sending → sent | failed | unreachable, and sending → pending after a 429 or a
 * network error. Every change is a conditional update whose count says who won; a claim is
 * fenced by its attempt number, so a worker that lost its claim cannot overwrite the outcome of
 * the worker that took the row over.
 *
 * Column use (no schema change needed):
 * - `payload` holds `{ message: OutboundMessage, link?: DeliveryLink, joinable?, follows?,
 *   sentJoined? }`.
 * - `sent_at` holds the time of the last send attempt: when it was claimed while 'sending', when
 *   it ended otherwise (so it is the delivery time for 'sent'). Per-chat pacing is measured from
 *   it with the database clock, so every worker replica agrees on it.
 * - a row 'sending' for longer than `staleAfterMs` belongs to a worker that died mid-send: it is
 *   claimable again (the message may then go out twice; nothing can tell whether it left).
 *
 * The send path (the row's look-up, the claim, the marks) is plain SQL on the pg pool
 * (plain-sql.ts), one prepared statement each: through Prisma it was a transaction of five or
 * more statements per claim plus ORM reads, and at the bench's load the claim alone took 123 ms
 * p50 of CPU-starved time (bench/README.md, bench:routing).
 */
import { z } from 'zod';
import {
  isChannelName,
  type ChannelName,
  type ChatAddress,
  type OutboundMessage,
} from '../channels/types.ts';
import { isUniqueViolation } from './prisma-errors.ts';
import { followerCopies } from './followers-repository.ts';
import { plainSqlFor } from './plain-sql.ts';
import type { Delivery as DeliveryRow, Prisma, PrismaClient } from './generated/prisma/client.ts';
import type { Delivery, DeliveryState, NewDelivery } from '../app/ports/outbox.ts';

/** A row this caller holds in 'sending': pass it back to the mark* methods. */
export interface ClaimedDelivery extends Delivery {
  state: 'sending';
  /** The attempt number this claim owns (fencing token). */
  attempt: number;
}

export type ClaimResult =
  /**
   * `joined`: the rows right after the head, claimed with it, to go out as one message with it
   * (empty unless the head and they are joinable).
   */
  | { type: 'claimed'; delivery: ClaimedDelivery; joined: ClaimedDelivery[] }
  /** The chat's head is being sent, or the chat's interval has not passed: try in retryInMs. */
  | { type: 'busy'; retryInMs: number }
  /** Nothing left to send in this chat. */
  | { type: 'idle' }
  /**
   * The head's stored payload is unreadable (written by an incompatible release): it was marked
   * failed so it cannot block its chat forever. Claim again.
   */
  | { type: 'discarded'; id: number; error: string };

export interface ClaimOptions {
  /** Minimum time between the end of one attempt and the start of the next in this chat. */
  minIntervalMs: number;
  /** A 'sending' row older than this is taken over (its worker died). */
  staleAfterMs: number;
  /**
   * Claim with a joinable head the joinable rows that follow it without a gap, up to `maxRows`
   * rows in all and `maxWeight` summed weights. Absent: one row at a time.
   */
  join?: JoinLimits;
}

export interface JoinLimits {
  maxRows: number;
  maxWeight: number;
}

/**
 * A row whose joined message was refused carries this error: it goes out alone next time, so one
 * bad row cannot keep refusing the rows joined with it.
 */
export const NOT_JOINED = 'not joined: ';

/** What a new job for a row of this chat has to wait for. */
export interface ChatBacklog {
  /** Pending rows of the chat created before the given row. */
  ahead: number;
  /** Time since the chat's last attempt started or ended, by the database clock. */
  sinceLastAttemptMs?: number;
}

export interface PendingDelivery {
  id: number;
  channel: ChannelName;
  chatId: string;
}

function toChannel(value: string): ChannelName {
  if (!isChannelName(value)) throw new Error(`Unknown channel: ${value}`);
  return value;
}

/** Deliveries as stored: payload envelope checked on read (it is JSON from a previous release). */
const payloadSchema = z.object({
  message: z.custom<OutboundMessage>(
    (v) =>
      typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string',
    'not an OutboundMessage',
  ),
  link: z
    .object({
      kind: z.enum(['alert', 'relay', 'answer', 'notice']),
      reportId: z.number().int(),
      officialId: z.number().int().optional(),
    })
    .optional(),
  joinable: z.object({ weight: z.number(), part: z.record(z.string(), z.unknown()) }).optional(),
  follows: z.object({ dedupeKey: z.string(), onlyIfJoined: z.boolean().optional() }).optional(),
  sentJoined: z.boolean().optional(),
});

const STATES: readonly DeliveryState[] = ['pending', 'sending', 'sent', 'failed', 'unreachable'];

function toState(value: string): DeliveryState {
  const state = STATES.find((s) => s === value);
  if (!state) throw new Error(`Unknown delivery state: ${value}`);
  return state;
}

function toDelivery(row: Omit<DeliveryRow, 'bot' | 'threadMessageId'>): Delivery {
  const payload = payloadSchema.parse(row.payload);
  const state = toState(row.state);
  return {
    id: row.id,
    dedupeKey: row.dedupeKey,
    channel: toChannel(row.channel),
    chatId: row.chatId,
    message: payload.message,
    ...(payload.link ? { link: payload.link } : {}),
    ...(payload.joinable ? { joinable: payload.joinable } : {}),
    ...(payload.follows ? { follows: payload.follows } : {}),
    ...(payload.sentJoined ? { sentJoined: true } : {}),
    state,
    attempts: row.attempts,
    ...(row.lastError !== null ? { lastError: row.lastError } : {}),
    ...(row.reportId !== null ? { reportId: row.reportId } : {}),
    ...(row.officialId !== null ? { officialId: row.officialId } : {}),
    messageIds: row.messageIds,
    createdAt: row.createdAt,
    ...(row.sentAt !== null ? { lastAttemptAt: row.sentAt } : {}),
    ...(state === 'sent' && row.sentAt !== null ? { sentAt: row.sentAt } : {}),
  };
}

/** A row as the plain statements below read it (ROW_COLUMNS). */
interface PlainRow {
  id: number;
  dedupe_key: string;
  channel: string;
  chat_id: string;
  /** jsonb read as text: parsed here, the same on the pg pool and through Prisma (PGlite). */
  payload: string;
  state: string;
  attempts: number;
  last_error: string | null;
  report_id: number | null;
  official_id: number | null;
  message_ids: number[];
  created_at: Date;
  sent_at: Date | null;
}

/**
 * The columns of PlainRow, of the table or of an UPDATE's RETURNING aliased `d`. Timestamps are
 * stored in UTC without a zone (Prisma's convention): read with one, so no driver guesses.
 */
const ROW_COLUMNS = `d.id, d.dedupe_key, d.channel, d.chat_id, d.payload::text AS payload, d.state,
  d.attempts, d.last_error, d.report_id, d.official_id, COALESCE(d.message_ids, '{}') AS message_ids,
  d.created_at AT TIME ZONE 'UTC' AS created_at, d.sent_at AT TIME ZONE 'UTC' AS sent_at`;

function fromPlainRow(row: PlainRow): Delivery {
  return toDelivery({
    id: row.id,
    dedupeKey: row.dedupe_key,
    channel: row.channel,
    chatId: row.chat_id,
    payload: JSON.parse(row.payload) as DeliveryRow['payload'],
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error,
    reportId: row.report_id,
    officialId: row.official_id,
    messageIds: row.message_ids,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  });
}

/** Errors are stored for operators; keep them short. */
function clip(error: string): string {
  return error.length > 1000 ? `${error.slice(0, 1000)}…` : error;
}

/** The database clock in UTC, the convention Prisma uses for `timestamp(3)` columns. */
const DB_NOW = `(clock_timestamp() AT TIME ZONE 'UTC')`;

/** A joinable row's join weight, when its payload has a usable one. */
const WEIGHT = `CASE WHEN jsonb_typeof(payload->'joinable'->'weight') = 'number'
  THEN (payload->'joinable'->>'weight')::float8 END`;

/**
 * A row that may go out joined with others: it has a usable weight, and no joined message was
 * refused with it ($8 is NOT_JOINED).
 */
const JOINABLE = `COALESCE(${WEIGHT} >= 0 AND (last_error IS NULL OR NOT starts_with(last_error, $8)), false)`;

/**
 * The claim, in ONE statement (so no transaction, no lock to hold across round trips):
 * `view` is the chat's head (its oldest unfinished row) and how long until the chat's
 * interval since its last attempt has passed (an album counts its photos, as Telegram's per-chat
 * limit does); `due` is the head when it may go now; the head is claimed with a conditional
 * update fenced by its state AND attempt number, then the joinable rows right after it (only if
 * the head was won, in order, stopping at the first that is not joinable, is held by a live
 * worker, or would pass the limits).
 *
 * Why two workers never both claim a row: the fence. A concurrent claim of the same row waits for
 * the winner's row lock, then PostgreSQL re-checks the WHERE on the new version (READ COMMITTED),
 * where `attempts` has moved on, and updates nothing. The `attempts` fence matters for a stale
 * 'sending' head, whose state the winner does not change. Why order holds: a row is the head only
 * once every earlier row of its chat is finished, and finished rows never come back; the rows
 * joined to a head are claimed only with it.
 *
 * $1 bot, $2 channel, $3 chat, $4 the chat's interval (ms), $5 staleAfterMs, $6 rows at most
 * (1: no join), $7 weight at most, $8 NOT_JOINED. Rows out: always the view's columns; with
 * the row columns of each row claimed, the head first (`pos` 0), then the joined rows by `pos`.
 */
const CLAIM = `
WITH now AS (SELECT ${DB_NOW} AS t),
head AS (
  SELECT id, state, attempts, sent_at, ${WEIGHT} AS weight, ${JOINABLE} AS joinable
    FROM deliveries
   WHERE bot = $1 AND channel = $2 AND chat_id = $3 AND state IN ('pending', 'sending')
   -- Rows that follow another (an alert's photos) yield: the head only when nothing else waits.
   ORDER BY (state = 'sending') DESC, (payload ? 'follows'), id LIMIT 1),
last AS (
  SELECT sent_at, CASE WHEN payload->'message'->>'type' = 'album'
                  THEN jsonb_array_length(payload->'message'->'fileIds') ELSE 1 END AS messages
    FROM deliveries
   WHERE bot = $1 AND channel = $2 AND chat_id = $3 AND sent_at IS NOT NULL
   -- By time: rows that follow another go out of id order.
   ORDER BY sent_at DESC, id DESC LIMIT 1),
view AS (
  SELECT head.id, head.state, head.attempts, head.weight, head.joinable,
         COALESCE(EXTRACT(EPOCH FROM (now.t - head.sent_at)) * 1000, 0)::float8 AS sending_for_ms,
         -- +1 ms: sent_at is rounded to milliseconds, the interval must never be cut short.
         ($4::float8 * GREATEST(1, COALESCE(last.messages, 1)) + 1
           - EXTRACT(EPOCH FROM (now.t - last.sent_at)) * 1000)::float8 AS wait_ms
    FROM now LEFT JOIN head ON true LEFT JOIN last ON true),
due AS (
  SELECT * FROM view
   WHERE id IS NOT NULL
     AND CASE WHEN state = 'sending' THEN sending_for_ms >= $5::float8
              ELSE wait_ms IS NULL OR wait_ms <= 0 END),
claimed_head AS (
  UPDATE deliveries d SET state = 'sending', sent_at = ${DB_NOW}, attempts = d.attempts + 1
    FROM due
   WHERE d.id = due.id AND d.state = due.state AND d.attempts = due.attempts
  RETURNING 0::int AS pos, ${ROW_COLUMNS}),
candidates AS (
  SELECT f.id, f.state, f.attempts, (row_number() OVER w)::int AS pos,
         bool_and(f.ok) OVER w AS run_ok, sum(f.weight) OVER w AS run_weight
    FROM (SELECT id, state, attempts, ${WEIGHT} AS weight,
                 ${JOINABLE} AND (state = 'pending' OR COALESCE(EXTRACT(EPOCH FROM
                   ((SELECT t FROM now) - sent_at)) * 1000, 0) >= $5::float8) AS ok
            FROM deliveries
           WHERE bot = $1 AND channel = $2 AND chat_id = $3 AND state IN ('pending', 'sending')
             AND id > (SELECT id FROM due) AND NOT (payload ? 'follows')
           ORDER BY id LIMIT GREATEST(0, $6::int - 1)) f
  WINDOW w AS (ORDER BY f.id)),
claimed_joined AS (
  UPDATE deliveries d SET state = 'sending', sent_at = ${DB_NOW}, attempts = d.attempts + 1
    FROM candidates c, due, claimed_head h
   WHERE d.id = c.id AND d.state = c.state AND d.attempts = c.attempts
     AND due.joinable AND c.run_ok AND due.weight + c.run_weight <= $7::float8
  RETURNING c.pos, ${ROW_COLUMNS})
SELECT v.id AS head_id, v.state AS head_state, v.sending_for_ms, v.wait_ms, r.*
  FROM view v
  LEFT JOIN (SELECT * FROM claimed_head UNION ALL SELECT * FROM claimed_joined) r ON true
 ORDER BY r.pos`;

/**
 * Ends the claims of rows sent (or refused) together, in one statement: only the holder of a
 * row's current attempt may, and only once. $1 state, $2 error, $3 message ids ('1,2', or null
 * to keep them), $4 the claims as JSON [{id, attempt}], $5 true when the rows went out joined
 * as one message (a digest: `sentJoined`). Returns the rows won.
 */
const FINISH = `
WITH done AS (
  UPDATE deliveries d
     SET state = $1, sent_at = ${DB_NOW}, last_error = $2,
         message_ids = COALESCE(string_to_array($3::text, ',')::int[], d.message_ids),
         payload = CASE WHEN $5::boolean THEN jsonb_set(d.payload, '{sentJoined}', 'true'::jsonb)
                        ELSE d.payload END
    FROM jsonb_to_recordset($4::jsonb) AS c(id int, attempt int)
   WHERE d.id = c.id AND d.state = 'sending' AND d.attempts = c.attempt
  RETURNING d.id)
SELECT id FROM done`;

type Claim = Pick<ClaimedDelivery, 'id' | 'attempt'>;

/**
 * The deliveries of one bot: `bot` is the id in its token ('' for the main bot, BOT_TOKEN). A
 * chat id names a user's private chat with ANY bot, so each bot's rows are ordered and paced
 * on their own: every query below is scoped to the bot.
 */
export function createDeliveriesRepository(prisma: PrismaClient, options: { bot?: string } = {}) {
  const bot = options.bot ?? '';
  const sql = plainSqlFor(prisma);

  /** Ends claims: only the holder of a row's current attempt may, and only once. */
  async function finish(
    claims: readonly Claim[],
    state: Exclude<DeliveryState, 'sending'>,
    fields: { messageIds?: number[]; error?: string; joined?: boolean },
  ): Promise<Set<number>> {
    if (claims.length === 0) return new Set();
    const { rows } = await sql.query<{ id: number }>('gopy_delivery_finish', FINISH, [
      state,
      fields.error ?? null,
      fields.messageIds ? fields.messageIds.join(',') : null,
      JSON.stringify(claims.map((c) => ({ id: c.id, attempt: c.attempt }))),
      fields.joined === true,
    ]);
    return new Set(rows.map((r) => r.id));
  }

  async function finishOne(
    claim: Claim,
    state: Exclude<DeliveryState, 'sending'>,
    fields: { messageIds?: number[]; error?: string; joined?: boolean },
  ): Promise<boolean> {
    return (await finish([claim], state, fields)).has(claim.id);
  }

  /** Gives claimed rows back (sending → pending), to go in their own turn. */
  async function release(rows: readonly PlainRow[], why: string): Promise<void> {
    await finish(
      rows.map((r) => ({ id: r.id, attempt: r.attempts })),
      'pending',
      { error: why },
    );
  }

  function canJoin(row: Delivery): boolean {
    return row.joinable !== undefined && !row.lastError?.startsWith(NOT_JOINED);
  }

  return {
    /**
     * Stores a delivery unless one with the same dedupeKey exists; `created` says which. This is
     * how a retried routing job never alerts twice.
     */
    async create(input: NewDelivery): Promise<{ id: number; created: boolean }> {
      const existing = await prisma.delivery.findUnique({
        where: { dedupeKey: input.dedupeKey },
        select: { id: true },
      });
      if (existing) return { id: existing.id, created: false };
      const payload = {
        message: input.message,
        ...(input.link ? { link: input.link } : {}),
        ...(input.joinable ? { joinable: input.joinable } : {}),
        ...(input.follows ? { follows: input.follows } : {}),
      };
      try {
        const row = await prisma.delivery.create({
          data: {
            dedupeKey: input.dedupeKey,
            bot,
            channel: input.channel ?? 'telegram',
            chatId: input.chatId,
            payload: payload as unknown as Prisma.InputJsonValue,
            reportId: input.reportId ?? input.link?.reportId ?? null,
            officialId: input.officialId ?? input.link?.officialId ?? null,
            threadMessageId: input.threadMessageId ?? null,
          },
          select: { id: true },
        });
        return { id: row.id, created: true };
      } catch (err) {
        // Two producers raced on the same dedupeKey: the other one stored it.
        if (isUniqueViolation(err)) {
          const row = await prisma.delivery.findUniqueOrThrow({
            where: { dedupeKey: input.dedupeKey },
            select: { id: true },
          });
          return { id: row.id, created: false };
        }
        throw err;
      }
    },

    /**
     * Makes a pending row this bot's: rows stored in a report change's transaction are stored
     * for the default bot and handed to the bot chosen for them when queued. Only a row no
     * worker holds moves ('pending'), so one bot alone ever sends it.
     */
    async adopt(id: number): Promise<boolean> {
      const count = await prisma.$executeRaw`
        UPDATE deliveries SET bot = ${bot}
         WHERE id = ${id} AND state = 'pending' AND bot <> ${bot}`;
      return count === 1;
    },

    /** Copies of a citizen's notice or answer for the followers of its report. */
    followerCopies(input: NewDelivery): Promise<NewDelivery[]> {
      return followerCopies(prisma, input);
    },

    async get(id: number): Promise<Delivery | undefined> {
      const { rows } = await sql.query<PlainRow>(
        'gopy_delivery_get',
        `SELECT ${ROW_COLUMNS} FROM deliveries d WHERE d.id = $1::int`,
        [id],
      );
      return rows[0] ? fromPlainRow(rows[0]) : undefined;
    },

    /** The chat's oldest delivery not yet finished ('pending' or 'sending'): the next to go. */
    async oldestPendingForChat({ channel, chatId }: ChatAddress): Promise<Delivery | undefined> {
      const row = await prisma.delivery.findFirst({
        where: { bot, channel, chatId, state: { in: ['pending', 'sending'] } },
        orderBy: { id: 'asc' },
      });
      return row ? toDelivery(row) : undefined;
    },

    /**
     * Claims the chat's oldest unfinished delivery (pending → sending), so a chat's messages go
     * out strictly in order: only when no other row of the chat is being sent (a stale 'sending'
     * row is the one taken over) and the chat's interval has passed since its last attempt.
     * One statement (CLAIM): the claim is fenced by the row's state and attempt number, so of
     * two workers that both decide the chat is free, one claims and the other is told `busy`.
     */
    async claimNext({ channel, chatId }: ChatAddress, options: ClaimOptions): Promise<ClaimResult> {
      const { rows } = await sql.query<
        {
          head_id: number | null;
          head_state: string | null;
          sending_for_ms: number | null;
          wait_ms: number | null;
          pos: number | null;
        } & Partial<PlainRow>
      >('gopy_delivery_claim', CLAIM, [
        bot,
        channel,
        chatId,
        options.minIntervalMs,
        options.staleAfterMs,
        options.join?.maxRows ?? 1,
        options.join?.maxWeight ?? 0,
        NOT_JOINED,
      ]);
      const [view] = rows;
      if (!view || view.head_id === null || view.head_state === null)
        return { type: 'idle' } as const;
      const claimedRows = rows.filter((r): r is typeof r & PlainRow => r.id === view.head_id);
      const headRow = claimedRows[0];
      if (!headRow) {
        // The head is being sent right now (it usually ends within one interval), or another
        // worker claimed it first.
        if (view.head_state === 'pending' && (view.wait_ms ?? 0) > 0)
          return { type: 'busy', retryInMs: Math.ceil(view.wait_ms ?? 0) } as const;
        return { type: 'busy', retryInMs: options.minIntervalMs } as const;
      }
      const followers = rows.filter(
        (r): r is typeof r & PlainRow => r.id !== undefined && r.id !== null && r.pos !== 0,
      );
      let delivery: Delivery;
      try {
        delivery = fromPlainRow(headRow);
      } catch (error) {
        const reason = `unreadable payload: ${error instanceof Error ? error.message : String(error)}`;
        const claim = { id: headRow.id, attempt: headRow.attempts };
        await finishOne(claim, 'failed', { error: clip(reason) });
        await release(followers, 'the head of this message was unreadable');
        return { type: 'discarded', id: headRow.id, error: reason } as const;
      }
      const claimed: ClaimedDelivery = { ...delivery, state: 'sending', attempt: headRow.attempts };
      // The joined rows in order, up to the first that is not the next one or cannot be read
      // (claimed in the statement, they go back: each is sent in its own turn).
      const joined: ClaimedDelivery[] = [];
      const rest: PlainRow[] = [];
      for (const row of followers) {
        let next: Delivery | undefined;
        try {
          next = rest.length === 0 && row.pos === joined.length + 1 ? fromPlainRow(row) : undefined;
        } catch {
          next = undefined;
        }
        if (next && canJoin(next) && canJoin(claimed))
          joined.push({ ...next, state: 'sending', attempt: row.attempts });
        else rest.push(row);
      }
      await release(rest, 'claimed out of turn');
      return { type: 'claimed', delivery: claimed, joined } as const;
    },

    /**
     * sending → sent for the rows of one message (a head and the rows joined to it), in one
     * statement (`joined`: they went out as one message joined from several rows): the ids of
     * the rows whose claim still held.
     */
    markAllSent(
      claims: readonly Claim[],
      messageIds: number[],
      options: { joined?: boolean } = {},
    ): Promise<Set<number>> {
      return finish(claims, 'sent', { messageIds, joined: options.joined === true });
    },

    /** The delivery stored under a dedupeKey (what a Follows row follows). */
    async byKey(dedupeKey: string): Promise<Delivery | undefined> {
      const row = await prisma.delivery.findUnique({ where: { dedupeKey } });
      return row ? toDelivery(row) : undefined;
    },

    /** sending → pending for the rows of one message, each with the same error. */
    markAllPending(claims: readonly Claim[], error: string): Promise<Set<number>> {
      return finish(claims, 'pending', { error: clip(error) });
    },

    /** sending → pending (a 429 or a network error): the row waits for its next attempt. */
    markPending(claim: Pick<ClaimedDelivery, 'id' | 'attempt'>, error: string): Promise<boolean> {
      return finishOne(claim, 'pending', { error: clip(error) });
    },

    /** sending → failed: the channel refused the message itself (permanent). */
    markFailed(claim: Pick<ClaimedDelivery, 'id' | 'attempt'>, error: string): Promise<boolean> {
      return finishOne(claim, 'failed', { error: clip(error) });
    },

    /** sending → unreachable: the recipient blocked the bot or the chat is gone. */
    markUnreachable(
      claim: Pick<ClaimedDelivery, 'id' | 'attempt'>,
      error: string,
    ): Promise<boolean> {
      return finishOne(claim, 'unreachable', { error: clip(error) });
    },

    /**
     * Where a row of the chat stands in its queue, to schedule its job. With `joinRows`, joinable
     * rows ahead count as the turns they take joined (`joinRows` to a turn).
     */
    async chatBacklog(
      { channel, chatId }: ChatAddress,
      deliveryId: number,
      joinRows = 1,
    ): Promise<ChatBacklog> {
      const { rows } = await sql.query<{
        alone: number;
        joinable: number;
        since_last_ms: number | null;
      }>(
        'gopy_delivery_backlog',
        `SELECT
          (SELECT count(*)::int FROM deliveries
            WHERE bot = $1 AND channel = $2 AND chat_id = $3 AND id < $4::int
              AND state = 'pending' AND payload->'joinable' IS NULL) AS alone,
          (SELECT count(*)::int FROM deliveries
            WHERE bot = $1 AND channel = $2 AND chat_id = $3 AND id < $4::int
              AND state = 'pending' AND payload->'joinable' IS NOT NULL) AS joinable,
          (SELECT (EXTRACT(EPOCH FROM (${DB_NOW} - sent_at)) * 1000)::float8 FROM deliveries
            WHERE bot = $1 AND channel = $2 AND chat_id = $3 AND sent_at IS NOT NULL
            ORDER BY sent_at DESC, id DESC LIMIT 1) AS since_last_ms`,
        [bot, channel, chatId, deliveryId],
      );
      const [row] = rows;
      const joinable = row?.joinable ?? 0;
      return {
        ahead: (row?.alone ?? 0) + Math.ceil(joinable / Math.max(1, joinRows)),
        ...(row?.since_last_ms != null ? { sinceLastAttemptMs: row.since_last_ms } : {}),
      };
    },

    /**
     * Sent deliveries of a report whose message was never linked to it: the worker that sent
     * them died before telling the routing layer (onSent). Sent more than `graceSeconds` ago
     * (the worker may be linking them right now) and created in the last two days, oldest
     * first, for the sweep.
     */
    async sentUnlinked(options: { graceSeconds: number; limit?: number }): Promise<Delivery[]> {
      const { rows } = await sql.query<PlainRow>(
        'gopy_delivery_sent_unlinked',
        `SELECT ${ROW_COLUMNS} FROM deliveries d
         WHERE d.bot = $1 AND d.state = 'sent' AND d.payload ? 'link'
           AND cardinality(d.message_ids) > 0
           AND d.created_at > ${DB_NOW} - interval '2 days'
           AND d.sent_at < ${DB_NOW} - make_interval(secs => $2::double precision)
           AND NOT EXISTS (
             SELECT 1 FROM alert_links l
             WHERE l.channel = d.channel AND l.chat_id = d.chat_id
               AND l.message_id = d.message_ids[cardinality(d.message_ids)]
               AND l.report_id = (d.payload->'link'->>'reportId')::int)
         ORDER BY d.id
         LIMIT $3::int`,
        [bot, options.graceSeconds, options.limit ?? 200],
      );
      return rows.map(fromPlainRow);
    },

    /**
     * Deliveries created before `olderThan` that still have to go out: pending ones, and ones
     * 'sending' for longer than `staleAfterMs` (their worker died). Oldest first, for the sweep.
     */
    async pendingOlderThan(
      olderThan: Date,
      options: { staleAfterMs: number; limit?: number },
    ): Promise<PendingDelivery[]> {
      // The application clock is good enough here: the sweep runs every minute or so.
      const staleBefore = new Date(Date.now() - options.staleAfterMs);
      const rows = await prisma.delivery.findMany({
        where: {
          bot,
          createdAt: { lt: olderThan },
          OR: [{ state: 'pending' }, { state: 'sending', sentAt: { lt: staleBefore } }],
        },
        select: { id: true, channel: true, chatId: true },
        orderBy: { id: 'asc' },
        take: options.limit ?? 1000,
      });
      return rows.map((r) => ({ id: r.id, channel: toChannel(r.channel), chatId: r.chatId }));
    },
  };
}

export type DeliveriesRepository = ReturnType<typeof createDeliveriesRepository>;
