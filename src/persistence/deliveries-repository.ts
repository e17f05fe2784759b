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
 */
import { z } from 'zod';
import {
  isChannelName,
  type ChannelName,
  type ChatAddress,
  type OutboundMessage,
} from '../channels/types.ts';
import { Prisma, type PrismaClient } from './generated/prisma/client.ts';
import { isUniqueViolation } from './prisma-errors.ts';
import { followerCopies } from './followers-repository.ts';
import type { Delivery as DeliveryRow } from './generated/prisma/client.ts';
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

function toDelivery(row: DeliveryRow): Delivery {
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

/** Errors are stored for operators; keep them short. */
function clip(error: string): string {
  return error.length > 1000 ? `${error.slice(0, 1000)}…` : error;
}

/** How many messages the chat's last delivery was to Telegram's limits: an album counts its photos. */
const LAST_MESSAGES = Prisma.sql`(CASE WHEN last.payload->'message'->>'type' = 'album'
  THEN jsonb_array_length(last.payload->'message'->'fileIds') ELSE 1 END)`;

/** The database clock in UTC, the convention Prisma uses for `timestamp(3)` columns. */
const DB_NOW = Prisma.sql`(clock_timestamp() AT TIME ZONE 'UTC')`;

/**
 * The deliveries of one bot: `bot` is the id in its token ('' for the main bot, BOT_TOKEN). A
 * chat id names a user's private chat with ANY bot, so each bot's rows are ordered and paced
 * on their own: every query below is scoped to the bot.
 */
export function createDeliveriesRepository(prisma: PrismaClient, options: { bot?: string } = {}) {
  const bot = options.bot ?? '';
  /** Ends a claim: only the holder of the current attempt may, and only once. */
  async function finish(
    claim: Pick<ClaimedDelivery, 'id' | 'attempt'>,
    state: Exclude<DeliveryState, 'sending'>,
    fields: { messageIds?: number[]; error?: string; joined?: boolean },
  ): Promise<boolean> {
    const messageIds = fields.messageIds
      ? Prisma.sql`, message_ids = ${fields.messageIds}::int[]`
      : Prisma.empty;
    const joined = fields.joined
      ? Prisma.sql`, payload = jsonb_set(payload, '{sentJoined}', 'true'::jsonb)`
      : Prisma.empty;
    const count = await prisma.$executeRaw`
      UPDATE deliveries
         SET state = ${state}, sent_at = ${DB_NOW}, last_error = ${fields.error ?? null} ${messageIds} ${joined}
       WHERE id = ${claim.id} AND state = 'sending' AND attempts = ${claim.attempt}`;
    return count === 1;
  }

  function canJoin(row: Delivery): boolean {
    return row.joinable !== undefined && !row.lastError?.startsWith(NOT_JOINED);
  }

  /**
   * Claims the joinable rows that follow a claimed joinable head in its chat, in order, stopping
   * at the first that is not (so the chat's order holds) or would pass the limits. Rows that
   * follow another (an alert's photos) yield, so they are passed over, not a stop.
   */
  async function claimFollowers(
    tx: Prisma.TransactionClient,
    head: ClaimedDelivery,
    limits: JoinLimits,
    staleAfterMs: number,
  ): Promise<ClaimedDelivery[]> {
    const rows = await tx.$queryRaw<Array<{ id: number; state: string; sending_for_ms: number }>>`
      SELECT id, state, (EXTRACT(EPOCH FROM (${DB_NOW} - sent_at)) * 1000)::float8 AS sending_for_ms
        FROM deliveries
       WHERE bot = ${bot} AND channel = ${head.channel} AND chat_id = ${head.chatId}
         AND state IN ('pending', 'sending') AND id > ${head.id} AND NOT (payload ? 'follows')
       ORDER BY id LIMIT ${limits.maxRows - 1}`;
    const joined: ClaimedDelivery[] = [];
    let weight = head.joinable?.weight ?? 0;
    for (const candidate of rows) {
      // A row 'sending' for a live worker belongs to another send: the run ends there.
      if (candidate.state === 'sending' && (candidate.sending_for_ms ?? 0) < staleAfterMs) break;
      const found = await tx.delivery.findUnique({ where: { id: candidate.id } });
      let row: Delivery;
      try {
        if (!found) break;
        row = toDelivery(found);
      } catch {
        break; // left to its own claim, which discards it
      }
      if (!canJoin(row) || weight + (row.joinable?.weight ?? 0) > limits.maxWeight) break;
      const won = await tx.$executeRaw`
        UPDATE deliveries
           SET state = 'sending', sent_at = ${DB_NOW}, attempts = attempts + 1
         WHERE id = ${row.id} AND state = ${candidate.state}`;
      if (won !== 1) break;
      weight += row.joinable?.weight ?? 0;
      joined.push({ ...row, state: 'sending', attempt: row.attempts + 1 });
    }
    return joined;
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
      const row = await prisma.delivery.findUnique({ where: { id } });
      return row ? toDelivery(row) : undefined;
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
     * Rows that follow another (Follows: an alert's photos) yield: they are the head only when
     * nothing else of the chat waits, and keep their own order among themselves.
     * Claims of one chat are serialized by a transaction-scoped advisory lock, so two workers
     * never both decide the chat is free.
     */
    async claimNext({ channel, chatId }: ChatAddress, options: ClaimOptions): Promise<ClaimResult> {
      return prisma.$transaction(
        async (tx) => {
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`deliveries-chat:${bot}:${channel}:${chatId}`}, 0))`;
          const [view] = await tx.$queryRaw<
            Array<{
              id: number | null;
              state: string | null;
              sending_for_ms: number | null;
              since_last_ms: number | null;
              last_messages: number | null;
            }>
          >`
          WITH now AS (SELECT ${DB_NOW} AS t),
          head AS (
            SELECT id, state, sent_at FROM deliveries
             WHERE bot = ${bot} AND channel = ${channel} AND chat_id = ${chatId} AND state IN ('pending', 'sending')
             ORDER BY (state = 'sending') DESC, (payload ? 'follows'), id LIMIT 1),
          last AS (
            SELECT sent_at, payload FROM deliveries
             WHERE bot = ${bot} AND channel = ${channel} AND chat_id = ${chatId} AND sent_at IS NOT NULL
             ORDER BY sent_at DESC, id DESC LIMIT 1)
          SELECT head.id, head.state,
                 (EXTRACT(EPOCH FROM (now.t - head.sent_at)) * 1000)::float8 AS sending_for_ms,
                 (EXTRACT(EPOCH FROM (now.t - last.sent_at)) * 1000)::float8 AS since_last_ms,
                 ${LAST_MESSAGES} AS last_messages
            FROM now LEFT JOIN head ON true LEFT JOIN last ON true`;
          if (!view || view.id === null || view.state === null) return { type: 'idle' } as const;
          if (view.state === 'sending' && (view.sending_for_ms ?? 0) < options.staleAfterMs) {
            // Someone is sending the head right now; it usually ends within one interval.
            return { type: 'busy', retryInMs: options.minIntervalMs } as const;
          }
          // +1 ms: sent_at is rounded to milliseconds, the interval must never be cut short.
          // An album of n photos is n messages to Telegram's per-chat limit: n intervals.
          const interval = options.minIntervalMs * Math.max(1, view.last_messages ?? 1);
          const wait = interval + 1 - (view.since_last_ms ?? Number.POSITIVE_INFINITY);
          if (view.state === 'pending' && wait > 0) {
            return { type: 'busy', retryInMs: Math.ceil(wait) } as const;
          }
          const won = await tx.$executeRaw`
          UPDATE deliveries
             SET state = 'sending', sent_at = ${DB_NOW}, attempts = attempts + 1
           WHERE id = ${view.id} AND state = ${view.state}`;
          if (won !== 1) return { type: 'busy', retryInMs: options.minIntervalMs } as const;
          const row = await tx.delivery.findUniqueOrThrow({ where: { id: view.id } });
          let delivery: Delivery;
          try {
            delivery = toDelivery(row);
          } catch (error) {
            const reason = `unreadable payload: ${error instanceof Error ? error.message : String(error)}`;
            await tx.$executeRaw`
            UPDATE deliveries SET state = 'failed', last_error = ${clip(reason)} WHERE id = ${row.id}`;
            return { type: 'discarded', id: row.id, error: reason } as const;
          }
          const claimed: ClaimedDelivery = { ...delivery, state: 'sending', attempt: row.attempts };
          const joined =
            options.join && canJoin(claimed)
              ? await claimFollowers(tx, claimed, options.join, options.staleAfterMs)
              : [];
          return { type: 'claimed', delivery: claimed, joined } as const;
        },
        // A claim may queue for a pool connection and the chat's lock: be patient with both.
        { maxWait: 10_000, timeout: 15_000 },
      );
    },

    /**
     * sending → sent, with the channel's message ids (`joined`: they are a message joined from
     * several rows). False when the claim was lost.
     */
    markSent(
      claim: Pick<ClaimedDelivery, 'id' | 'attempt'>,
      messageIds: number[],
      options: { joined?: boolean } = {},
    ): Promise<boolean> {
      return finish(claim, 'sent', { messageIds, joined: options.joined === true });
    },

    /** The delivery stored under a dedupeKey (what a Follows row follows). */
    async byKey(dedupeKey: string): Promise<Delivery | undefined> {
      const row = await prisma.delivery.findUnique({ where: { dedupeKey } });
      return row ? toDelivery(row) : undefined;
    },

    /** sending → pending (a 429 or a network error): the row waits for its next attempt. */
    markPending(claim: Pick<ClaimedDelivery, 'id' | 'attempt'>, error: string): Promise<boolean> {
      return finish(claim, 'pending', { error: clip(error) });
    },

    /** sending → failed: the channel refused the message itself (permanent). */
    markFailed(claim: Pick<ClaimedDelivery, 'id' | 'attempt'>, error: string): Promise<boolean> {
      return finish(claim, 'failed', { error: clip(error) });
    },

    /** sending → unreachable: the recipient blocked the bot or the chat is gone. */
    markUnreachable(
      claim: Pick<ClaimedDelivery, 'id' | 'attempt'>,
      error: string,
    ): Promise<boolean> {
      return finish(claim, 'unreachable', { error: clip(error) });
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
      const [row] = await prisma.$queryRaw<
        Array<{ alone: number; joinable: number; since_last_ms: number | null }>
      >`
        SELECT
          (SELECT count(*)::int FROM deliveries
            WHERE bot = ${bot} AND channel = ${channel} AND chat_id = ${chatId} AND id < ${deliveryId}
              AND state = 'pending' AND payload->'joinable' IS NULL) AS alone,
          (SELECT count(*)::int FROM deliveries
            WHERE bot = ${bot} AND channel = ${channel} AND chat_id = ${chatId} AND id < ${deliveryId}
              AND state = 'pending' AND payload->'joinable' IS NOT NULL) AS joinable,
          (SELECT (EXTRACT(EPOCH FROM (${DB_NOW} - sent_at)) * 1000)::float8 FROM deliveries
            WHERE bot = ${bot} AND channel = ${channel} AND chat_id = ${chatId} AND sent_at IS NOT NULL
            ORDER BY sent_at DESC, id DESC LIMIT 1) AS since_last_ms`;
      const joinable = row?.joinable ?? 0;
      return {
        ahead: (row?.alone ?? 0) + Math.ceil(joinable / Math.max(1, joinRows)),
        ...(row?.since_last_ms != null ? { sinceLastAttemptMs: row.since_last_ms } : {}),
      };
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
