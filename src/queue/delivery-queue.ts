/**
 * The outbound delivery pipeline: a `deliveries` row first (PostgreSQL is the source of truth),
 * then a BullMQ job that carries only the row's id.
 *
 * Limits, from Telegram's (PRODUCT.md): sends start at most `perSecond` a second, spaced by a
 * gate in Redis right before each call (delivery-gate.ts) behind BullMQ's limiter, which only
 * spreads activations (limiterFor); each chat gets at most one message per interval (1 s
 * private, 3 s groups), measured in PostgreSQL so every replica agrees; a 429 pauses the whole
 * queue for `retry_after`.
 *
 * Order: a job never sends "its" row directly. It claims the OLDEST unfinished row of its chat
 * (one conditional update fenced by the row's attempt number, DeliveriesRepository.claimNext)
 * and sends that one; if its own row is still waiting afterwards, it puts itself back in the
 * delayed set until its turn. So a chat's messages go out in creation order whatever order jobs run in, and a
 * row whose job was lost still goes out when a later row's job runs.
 *
 * Yielding: a row that follows another (`follows`: an alert's photos) is claimed only when no
 * other row of its chat waits, and replies to the message it follows (see `following`).
 *
 * Joining: with `join`, a claim whose head is joinable takes the joinable rows right after it too
 * (in order, up to the limits) and sends them as ONE message (alert digests: one chat takes about
 * one message a second). Every row is recorded with the outcome and the message ids of that one
 * send, and the jobs of the rows sent with another are removed. A joined message the channel
 * refuses is not a refusal of each row: the rows go back to pending, marked to go alone.
 *
 * Idempotence: the row's state decides, not the job. A job whose row is already finished does
 * nothing, so jobs retried after a crash, duplicated by the sweep, or recreated after Redis lost
 * everything never send a row twice once its send was recorded. (A worker that dies between the
 * channel accepting a message and the row being marked sent leaves a 'sending' row that is sent
 * again after `sendingStaleAfterMs`: Telegram has no idempotency key, so that window cannot close.
 * Joined rows are claimed in one statement and go stale together: the whole joined message is
 * sent again, never a part of it.)
 */
import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { ChannelError } from '../channels/channel-error.ts';
import type {
  ChannelName,
  ChannelSender,
  ChatAddress,
  OutboundMessage,
} from '../channels/types.ts';
import { assertNever } from '../core/assert-never.ts';
import type { Logger } from '../logger.ts';
import type { Delivery, NewDelivery } from '../app/ports/outbox.ts';
import {
  NOT_JOINED,
  type ClaimedDelivery,
  type DeliveriesRepository,
  type JoinLimits,
} from '../persistence/deliveries-repository.ts';
import { deliveryJobData, deliveryJobSchema, type DeliveryJobData } from './delivery-job.ts';
import { createDeliveryGate, type GateAnswer } from './delivery-gate.ts';
import { delayForTurn, isGroupChat, limiterFor } from './delivery-pacing.ts';

const NOTICE_PRIORITY = 10;
/** A row sent this recently may be being linked by its worker right now: the sweep waits. */
const RELINK_GRACE_SECONDS = 30;
import { QUEUE, jobId } from './queue-names.ts';
import { sleep, withTimeout } from '../core/timing.ts';

export interface DeliveryQueueOptions {
  deliveries: DeliveriesRepository;
  /**
   * Producer connection (createRedisConnection(url, { forWorker: false })): enqueueing fails
   * fast when Redis is down. Owned by the caller.
   */
  connection: Redis;
  /**
   * Worker connection (createRedisConnection(url, { forWorker: true })). Defaults to a duplicate
   * of `connection` with worker settings, owned and closed by this queue.
   */
  workerConnection?: Redis;
  /** Redis key prefix (QUEUE_PREFIX); several gopy instances can share one Redis. */
  prefix: string;
  /**
   * The bot this queue sends for (the id in its token; '' or absent for the main bot). Each bot
   * has its own BullMQ queue, limiter and gate: Telegram's 30 a second is per bot. `deliveries`
   * must be scoped to the same bot.
   */
  bot?: string;
  /** The install id, part of every job id (queue-names.ts). */
  scope?: string;
  /** Telegram's sender: officials, and citizens on Telegram. */
  sender: ChannelSender;
  /**
   * The senders of the citizens' other channels (web chat, Zalo), by channel. A delivery to a
   * channel without one fails as refused. Telegram's limits (the global gate, per-chat pacing)
   * apply to Telegram only; these pace themselves.
   */
  channelSenders?: Partial<Record<Exclude<ChannelName, 'telegram'>, ChannelSender>>;
  /** Global ceiling, messages per second in any sliding second. Default 25, at most 30. */
  perSecond?: number;
  /** Minimum time between two messages to one private chat. Default 1000. */
  privateChatIntervalMs?: number;
  /** Minimum time between two messages to one group (20/minute). Default 3000. */
  groupIntervalMs?: number;
  /**
   * Called once, by the worker that recorded the send, after the row is 'sent' (alert links for
   * reply threading). Errors are logged, not retried; a crash between the two loses the call, and
   * the row's messageIds remain for reconciliation.
   */
  onSent?: (delivery: Delivery, messageIds: number[]) => Promise<void> | void;
  /**
   * Called once per send after onSent of every row in it (a digest joins several): what needs
   * all of the message's links at once (redrawing an alert whose report changed meanwhile).
   */
  afterSent?: (sent: readonly Delivery[]) => Promise<void> | void;
  /**
   * Called once, by the worker that recorded it, after the row is 'unreachable' (the recipient
   * blocked the bot): the routing layer falls back to the next official.
   */
  onUnreachable?: (delivery: Delivery) => Promise<void> | void;
  /**
   * Called once, after the row is 'sent', when the channel holds the message for later (Zalo
   * outside the citizen's reply window): whoever wrote it is told it waits.
   */
  onHeld?: (delivery: Delivery) => Promise<void> | void;
  /**
   * Joins a chat's waiting joinable rows (alerts without photos) into one message, up to the
   * limits: `message` draws it from the rows' parts, in order. Absent: every row goes alone.
   */
  join?: JoinLimits & {
    message: (chatId: string, parts: Array<Record<string, unknown>>) => OutboundMessage;
  };
  /** Told what each send attempt came to (metrics); must not throw. */
  observer?: DeliveryObserver;
  logger: Logger;
  /** Jobs in flight per worker; the limiter still bounds the rate. Default 8. */
  concurrency?: number;
  /**
   * A row 'sending' for longer than this belongs to a dead worker and is sent again. Must exceed
   * the sender's own timeout. Default 60 000.
   */
  sendingStaleAfterMs?: number;
  /** BullMQ lock duration and stalled-check interval (a dead worker's job re-runs after them). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** How long enqueue waits for Redis before leaving the row to the sweep. Default 2000. */
  enqueueTimeoutMs?: number;
  /** Job attempts on network errors (exponential backoff from 1 s). Default 8. */
  jobAttempts?: number;
  /** After this many send attempts of one row, a network error marks it failed. Default 50. */
  maxSendAttempts?: number;
}

export interface EnqueueResult {
  /** The delivery row's id. */
  id: number;
  /** false when the dedupeKey existed: nothing new was stored. */
  created: boolean;
  /**
   * queued: a job exists for the row. deferred: Redis was unreachable, the row is pending and
   * the sweep (requeuePending) will enqueue it. none: the row was already finished.
   */
  job: 'queued' | 'deferred' | 'none';
}

export interface RequeueOptions {
  /** Only rows created before this (default: now). */
  olderThan?: Date;
  /** Rows per call (default 1000); the sweep calls again next time. */
  limit?: number;
  /**
   * Several bots: offered each pending Telegram row of this queue that has no job, before it is
   * queued here; true when another bot's queue took it (createBotDeliveryQueues).
   */
  handOver?: (delivery: Delivery) => Promise<boolean>;
}

export interface DeliveryQueue {
  /**
   * Stores the delivery (deduplicated by dedupeKey), then adds its job. Database errors are
   * thrown (nothing was stored); Redis errors and timeouts are not: the row stays pending and
   * the sweep picks it up.
   */
  enqueue(input: NewDelivery): Promise<EnqueueResult>;
  /** Starts this process's worker (once). */
  startWorker(): void;
  /**
   * For the sweep: makes sure every pending row (and every row stuck 'sending' past
   * sendingStaleAfterMs) has a live job. Returns how many jobs it added or revived. Safe to run
   * at any time and on every replica: jobs are deduplicated by id and handlers are idempotent.
   */
  requeuePending(options?: RequeueOptions): Promise<number>;
  /**
   * For the sweep: tells onSent and afterSent again of sent rows whose message was never
   * linked to its report (their worker died in between), so a reply to it threads and its
   * report's changes reach it. Returns how many rows it told.
   */
  relinkSent(): Promise<number>;
  /**
   * Closes the worker (waiting for jobs in hand unless `force`), then the queue, then the
   * connections this queue opened. A forced close leaves rows 'sending' or pending: they are
   * recovered by another worker (stalled jobs) or the sweep.
   */
  close(options?: { force?: boolean }): Promise<void>;
}

/** The queue of one bot (createDeliveryQueue). */
export interface OneBotDeliveryQueue extends DeliveryQueue {
  /**
   * As DeliveryQueue's; the copies for the report's followers are handed to `enqueueCopy`
   * (default: this queue), which may send them through another bot: the one each follower
   * talks to (createBotDeliveryQueues).
   */
  enqueue(
    input: NewDelivery,
    enqueueCopy?: (copy: NewDelivery) => Promise<unknown>,
  ): Promise<EnqueueResult>;
  /**
   * Makes a pending row stored for another bot this bot's and queues it. False when the row is
   * no longer pending (a worker holds it, or it finished) or is this bot's already.
   */
  adopt(id: number): Promise<boolean>;
}

/** What one send attempt came to, as operations count it. */
export type DeliveryOutcome =
  'sent' | 'unreachable' | 'rejected' | 'rate_limited' | 'retry' | 'lost';

export interface DeliveryObserver {
  attempted(outcome: DeliveryOutcome): void;
  /** A 429 paused the queue for `ms` (retry_after). */
  paused(ms: number): void;
}

/** What one send attempt of a claimed row came to. */
type AttemptOutcome =
  /** Recorded sent: `announce` tells onSent and onHeld, once the send is counted. */
  | { type: 'sent'; messageIds: number[]; announce: () => Promise<void> }
  /** Nothing to send: media its alert carried itself (recorded sent, not a send attempt). */
  | { type: 'carried' }
  | { type: 'unreachable' }
  | { type: 'rejected'; error: Error }
  | { type: 'rateLimited'; pauseMs: number }
  | { type: 'retry'; error: Error }
  /** Another worker took the row over (our claim went stale): its outcome stands. */
  | { type: 'lost' };

const DAY_SECONDS = 24 * 3600;

function isFinished(state: Delivery['state']): boolean {
  switch (state) {
    case 'sent':
    case 'failed':
    case 'unreachable':
      return true;
    case 'pending':
    case 'sending':
      return false;
    default:
      return assertNever(state, 'delivery state');
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** The message as a reply to `messageId`, for the kinds that can reply. */
function replyingTo(message: OutboundMessage, messageId: number | undefined): OutboundMessage {
  if (messageId === undefined) return message;
  switch (message.type) {
    case 'text':
    case 'photo':
    case 'album':
    case 'voice':
      return { ...message, replyToMessageId: messageId };
    case 'location':
    case 'document':
    case 'edit':
    case 'answerButton':
      return message;
  }
}

/**
 * Bookkeeping right after a message left: a database hiccup here would leave the row 'sending'
 * and the message sent again later, so it is worth a few quick retries.
 */
async function persistently<T>(action: () => Promise<T>, tries = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      if (attempt >= tries) throw error;
      await sleep(200 * 2 ** attempt);
    }
  }
}

/**
 * Builds the delivery queue: `enqueue` for producers, `startWorker` for worker processes,
 * `requeuePending` for the sweep. Nothing happens until a method is called.
 */
export function createDeliveryQueue(options: DeliveryQueueOptions): OneBotDeliveryQueue {
  const {
    deliveries,
    connection,
    prefix,
    sender,
    logger: baseLogger,
    onSent,
    onUnreachable,
    observer,
  } = options;
  const queueName = options.bot ? `${QUEUE.deliver}-${options.bot}` : QUEUE.deliver;
  const logger = baseLogger.child({ queue: queueName });
  const perSecond = options.perSecond ?? 25;
  const limiter = limiterFor(perSecond);
  const privateIntervalMs = options.privateChatIntervalMs ?? 1000;
  const groupIntervalMs = options.groupIntervalMs ?? 3000;
  const staleAfterMs = options.sendingStaleAfterMs ?? 60_000;
  const enqueueTimeoutMs = options.enqueueTimeoutMs ?? 2_000;
  const maxSendAttempts = options.maxSendAttempts ?? 50;
  const joinLimits: JoinLimits | undefined = options.join
    ? { maxRows: options.join.maxRows, maxWeight: options.join.maxWeight }
    : undefined;
  const joinRows = joinLimits?.maxRows ?? 1;

  const queue = new Queue<DeliveryJobData>(queueName, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: options.jobAttempts ?? 8,
      backoff: { type: 'exponential', delay: 1_000 },
      // Completed ids are kept for the dedupe window (true would forget them at once, and a
      // late duplicate would run again: harmless here, but wasted work and a limiter slot).
      removeOnComplete: { age: DAY_SECONDS },
      removeOnFail: { age: 7 * DAY_SECONDS },
    },
  });
  queue.on('error', (error) => logger.warn({ err: error }, 'delivery queue: redis error'));

  let worker: Worker<DeliveryJobData, string> | undefined;
  let ownedWorkerConnection: Redis | undefined;
  // The gate runs on the worker's connection once there is one: it waits out a reconnect
  // instead of failing the job in hand, as the producer connection would.
  let control: Redis = connection;
  const gate = createDeliveryGate(() => control, {
    keyPrefix: `${prefix}:${queueName}-gopy`,
    limit: perSecond,
  });

  function intervalFor({ channel, chatId }: ChatAddress): number {
    if (channel !== 'telegram') return 0;
    return isGroupChat(chatId) ? groupIntervalMs : privateIntervalMs;
  }

  function senderFor(channel: ChannelName): ChannelSender {
    if (channel === 'telegram') return sender;
    const other = options.channelSenders?.[channel];
    if (!other)
      return {
        send: () => Promise.reject(new ChannelError('bad_request', `no sender for ${channel}`)),
      };
    return other;
  }

  /**
   * Notices to citizens yield to alerts for officials when the outbound limit is saturated: a
   * leader must learn of a report first (BullMQ runs jobs without a priority before any with
   * one). Order within a chat is unaffected: a job always sends its chat's oldest row.
   */
  async function addJob(deliveryId: number, delay: number, kind?: string): Promise<void> {
    await queue.add(queueName, deliveryJobData(deliveryId), {
      jobId: jobId.delivery(deliveryId, options.scope),
      ...(delay > 0 ? { delay } : {}),
      ...(kind === 'notice' ? { priority: NOTICE_PRIORITY } : {}),
    });
  }

  /**
   * Pauses every worker of the queue for `ms`: BullMQ's limiter stops fetching, the gate stops
   * jobs already in hand. Never shortens a longer pause in force.
   */
  async function pause(ms: number): Promise<void> {
    if (await gate.pause(ms)) await queue.rateLimit(ms);
  }

  /** Marks a send's slots answered; a failure here only keeps them counted a little longer. */
  async function release(slot: string, log: Logger): Promise<void> {
    try {
      await gate.done(slot);
    } catch (error) {
      log.warn({ err: error }, 'could not release the slots of a send');
    }
  }

  async function notify(
    what: string,
    log: Logger,
    call: () => Promise<void> | void,
  ): Promise<void> {
    try {
      await call();
    } catch (error) {
      log.error({ err: error }, `delivery ${what} callback failed`);
    }
  }

  /**
   * The message of a claim: the row's own, or the rows joined into one. Undefined when the parts
   * cannot be drawn (a previous release's payload): the rows then go out alone.
   */
  function messageOf(rows: readonly ClaimedDelivery[], log: Logger): OutboundMessage | undefined {
    const [head] = rows;
    if (!head) return undefined;
    if (rows.length === 1 || !options.join) return head.message;
    try {
      return options.join.message(
        head.chatId,
        rows.map((r) => r.joinable?.part ?? {}),
      );
    } catch (error) {
      log.error({ err: error }, 'could not join deliveries; each goes alone');
      return undefined;
    }
  }

  /**
   * Sends a claimed row (with the rows joined to it, as one message) and records the outcome on
   * each. Joined rows share the outcome: sent with the same message ids, or back to pending.
   */
  async function attempt(rows: readonly ClaimedDelivery[], log: Logger): Promise<AttemptOutcome> {
    const claim = rows[0];
    if (!claim) throw new Error('attempt without a row');
    let message = messageOf(rows, log);
    if (message && claim.follows) {
      const after = await following(claim, message, log);
      if (after.type !== 'send') return after.outcome;
      message = after.message;
    }
    if (!message) {
      await persistently(() => deliveries.markAllPending(rows, `${NOT_JOINED}unreadable part`));
      return { type: 'retry', error: new Error('joined message could not be drawn') };
    }
    // Wait for this send's turn in the gate's schedule, holding the claim (at most a second).
    // Only Telegram's sends count: the other channels have their own limits.
    const gated = claim.channel === 'telegram';
    const count = sender.messagesIn?.(message) ?? 1;
    let slot: string | undefined;
    while (gated && slot === undefined) {
      let answer: GateAnswer;
      try {
        answer = await gate.pass(count);
      } catch (error) {
        await deliveries.markAllPending(rows, 'redis unavailable before send');
        throw error;
      }
      switch (answer.type) {
        case 'go': {
          slot = answer.slot;
          if (answer.waitMs <= 0) break;
          // Our turn in the schedule is ahead: wait for it, then look again for a 429's pause.
          await sleep(answer.waitMs);
          const pausedMs = await gate.pausedForMs().catch(() => 0);
          if (pausedMs <= 0) break;
          await release(slot, log);
          await deliveries.markAllPending(rows, 'queue paused by a rate limit');
          return { type: 'rateLimited', pauseMs: pausedMs };
        }
        case 'full':
          await sleep(answer.ms);
          break;
        case 'paused':
          // A 429 arrived after this job was fetched: give the rows back untouched by the channel.
          await deliveries.markAllPending(rows, 'queue paused by a rate limit');
          return { type: 'rateLimited', pauseMs: answer.ms };
        default:
          return assertNever(answer, 'gate answer');
      }
    }

    let messageIds: number[];
    let held: boolean | undefined;
    try {
      ({ messageIds, held } = await senderFor(claim.channel).send(message));
    } catch (error) {
      // The pause a 429 sets comes first: every moment before it, other jobs may still send.
      const outcome = await failed(rows, error, log);
      if (slot !== undefined) await release(slot, log);
      return outcome;
    }
    if (slot !== undefined) await release(slot, log);
    // The head's record decides the outcome; rows joined to it were claimed in the same
    // statement, so they are only ever taken over together with it.
    const joined = rows.length > 1;
    const recorded = await persistently(() => deliveries.markAllSent(rows, messageIds, { joined }));
    if (!recorded.has(claim.id)) {
      log.warn({ deliveryId: claim.id }, 'delivery sent after its claim was taken over');
      return { type: 'lost' };
    }
    log.debug({ deliveryId: claim.id, joined: rows.length - 1, messageIds }, 'delivery sent');
    const sentMessage = message;
    const announce = async (): Promise<void> => {
      // A joined row was sent as the joined message (a digest), not as its own.
      const sent: Delivery[] = rows
        .filter((row) => recorded.has(row.id))
        .map((row) => ({
          ...row,
          ...(joined ? { message: sentMessage, sentJoined: true } : {}),
          state: 'sent',
          messageIds,
        }));
      if (onSent)
        for (const row of sent) await notify('onSent', log, () => onSent(row, messageIds));
      const afterSent = options.afterSent;
      if (afterSent) await notify('afterSent', log, () => afterSent(sent));
      if (held && options.onHeld) {
        const onHeld = options.onHeld;
        const sent: Delivery = { ...claim, state: 'sent', messageIds };
        await notify('onHeld', log, () => onHeld(sent));
      }
    };
    return { type: 'sent', messageIds, announce };
  }

  /**
   * A row that follows another (an alert's photos): it replies to that message once sent; it is
   * not sent at all when it is only for a joined alert and the alert went alone, carrying its
   * media itself (then it is recorded sent with the alert's message ids). The row it follows is
   * older and does not yield, so it has finished by now, unless another bot's queue still holds
   * it: then this one waits.
   */
  async function following(
    claim: ClaimedDelivery,
    message: OutboundMessage,
    log: Logger,
  ): Promise<
    { type: 'send'; message: OutboundMessage } | { type: 'done'; outcome: AttemptOutcome }
  > {
    const follows = claim.follows;
    if (!follows) return { type: 'send', message };
    const first = await deliveries.byKey(follows.dedupeKey);
    if (first && !isFinished(first.state)) {
      await persistently(() => deliveries.markPending(claim, 'waiting for the message it follows'));
      return {
        type: 'done',
        outcome: { type: 'retry', error: new Error('the message it follows is not sent yet') },
      };
    }
    if (first?.state === 'sent' && follows.onlyIfJoined && !first.sentJoined) {
      const won = (await persistently(() => deliveries.markAllSent([claim], first.messageIds))).has(
        claim.id,
      );
      log.debug({ deliveryId: claim.id }, 'media went with its alert; nothing to send');
      return { type: 'done', outcome: won ? { type: 'carried' } : { type: 'lost' } };
    }
    const replyTo = first?.state === 'sent' ? first.messageIds.at(-1) : undefined;
    return { type: 'send', message: replyingTo(message, replyTo) };
  }

  /** Records a failed send on every row of it; the head's record decides the outcome. */
  async function failed(
    rows: readonly ClaimedDelivery[],
    error: unknown,
    log: Logger,
  ): Promise<AttemptOutcome> {
    const [head, ...joined] = rows;
    if (!head) throw new Error('failed without a row');
    if (joined.length > 0 && error instanceof ChannelError && error.reason === 'bad_request') {
      // The joined message was refused: each row goes alone next time, where a refusal is its own.
      const err = asError(error);
      await persistently(() => deliveries.markAllPending(rows, `${NOT_JOINED}${err.message}`));
      log.error({ deliveryId: head.id, joined: joined.length, err }, 'joined message refused');
      return { type: 'retry', error: err };
    }
    const outcome = await failedOne(head, error, log);
    for (const row of joined) await failedOne(row, error, log, { pauseSet: true });
    return outcome;
  }

  async function failedOne(
    claim: ClaimedDelivery,
    error: unknown,
    log: Logger,
    { pauseSet = false } = {},
  ): Promise<AttemptOutcome> {
    const err = asError(error);
    if (!(error instanceof ChannelError)) return retryLater(claim, err, log);
    switch (error.reason) {
      case 'rate_limited': {
        const pauseMs = Math.max(1, error.retryAfterSeconds ?? 5) * 1000;
        if (pauseSet) {
          await persistently(() => deliveries.markPending(claim, err.message));
          return { type: 'rateLimited', pauseMs };
        }
        // Pause first: every moment before it is a moment other jobs may still hit Telegram.
        await pause(pauseMs);
        observer?.attempted('rate_limited');
        observer?.paused(pauseMs);
        await persistently(() => deliveries.markPending(claim, err.message));
        log.warn({ deliveryId: claim.id, pauseMs }, 'rate limited: delivery queue paused');
        return { type: 'rateLimited', pauseMs };
      }
      case 'blocked': {
        const won = await persistently(() => deliveries.markUnreachable(claim, err.message));
        if (!won) return { type: 'lost' };
        log.info({ deliveryId: claim.id }, 'recipient unreachable');
        if (onUnreachable) {
          const unreachable: Delivery = { ...claim, state: 'unreachable', lastError: err.message };
          await notify('onUnreachable', log, () => onUnreachable(unreachable));
        }
        return { type: 'unreachable' };
      }
      case 'bad_request': {
        const won = await persistently(() => deliveries.markFailed(claim, err.message));
        if (!won) return { type: 'lost' };
        log.error({ deliveryId: claim.id, err }, 'delivery refused by the channel');
        return { type: 'rejected', error: err };
      }
      case 'network':
        return retryLater(claim, err, log);
      default:
        return assertNever(error.reason, 'channel error reason');
    }
  }

  async function retryLater(
    claim: ClaimedDelivery,
    err: Error,
    log: Logger,
  ): Promise<AttemptOutcome> {
    if (claim.attempt >= maxSendAttempts) {
      const won = await persistently(() =>
        deliveries.markFailed(claim, `gave up after ${claim.attempt} attempts: ${err.message}`),
      );
      log.error({ deliveryId: claim.id, err }, 'delivery failed too many times');
      return won ? { type: 'rejected', error: err } : { type: 'lost' };
    }
    const won = await persistently(() => deliveries.markPending(claim, err.message));
    log.warn({ deliveryId: claim.id, err }, 'delivery attempt failed, will retry');
    return won ? { type: 'retry', error: err } : { type: 'lost' };
  }

  /**
   * The jobs of rows that went out joined to another have nothing left to do: removed, they do
   * not take slots of the limiter. (A job running right now cannot be removed: it finds its row
   * sent and ends.)
   */
  async function dropJobsOf(rows: readonly Delivery[], log: Logger): Promise<void> {
    for (const row of rows) {
      try {
        await queue.remove(jobId.delivery(row.id, options.scope));
      } catch (error) {
        log.debug({ err: error, deliveryId: row.id }, 'job of a joined row not removed');
      }
    }
  }

  /** Puts the job back in the delayed set until its row's turn (does not count as an attempt). */
  async function waitForTurn(
    job: Job<DeliveryJobData, string>,
    token: string | undefined,
    own: Delivery,
    atLeastMs: number,
  ): Promise<never> {
    const backlog = await deliveries.chatBacklog(own, own.id, joinRows);
    const delay = Math.max(atLeastMs, delayForTurn(backlog, intervalFor(own)));
    await job.moveToDelayed(Date.now() + delay, token);
    throw new DelayedError();
  }

  async function process(job: Job<DeliveryJobData, string>, token?: string): Promise<string> {
    const parsed = deliveryJobSchema.safeParse(job.data);
    if (!parsed.success)
      throw new UnrecoverableError(`invalid deliver job: ${parsed.error.message}`);
    const { deliveryId } = parsed.data;
    const log = logger.child({ jobId: job.id, deliveryId });

    const own = await deliveries.get(deliveryId);
    if (!own) {
      log.warn('delivery row not found; job dropped');
      return 'missing';
    }
    if (isFinished(own.state)) return own.state;

    const pausedMs = await gate.pausedForMs();
    if (pausedMs > 0) {
      // Re-arm BullMQ's limiter in case it expired before our flag: without it the job would
      // come straight back.
      await queue.rateLimit(pausedMs);
      throw Worker.RateLimitError();
    }

    const intervalMs = intervalFor(own);
    const claim = await deliveries.claimNext(own, {
      minIntervalMs: intervalMs,
      staleAfterMs,
      ...(joinLimits ? { join: joinLimits } : {}),
    });
    switch (claim.type) {
      case 'idle':
        // Nothing unfinished in the chat: our row finished while we looked.
        return 'idle';
      case 'busy':
        return waitForTurn(job, token, own, claim.retryInMs);
      case 'discarded':
        log.error(
          { discardedId: claim.id, error: claim.error },
          'unreadable delivery marked failed',
        );
        return waitForTurn(job, token, own, 0);
      case 'claimed': {
        const rows = [claim.delivery, ...claim.joined];
        const outcome = await attempt(rows, log);
        // A rate limit is counted where the 429 arrived, not when the gate held a job back; media
        // its alert carried was never sent, so it is no send attempt.
        if (outcome.type !== 'rateLimited' && outcome.type !== 'carried')
          observer?.attempted(outcome.type);
        // Counted before the callbacks: what they record (an alert's latency, its links) is
        // about a send the counter already holds, however long they take.
        if (outcome.type === 'sent') await outcome.announce();
        const ownRow = rows.some((r) => r.id === own.id);
        if (outcome.type === 'sent' && claim.joined.length > 0)
          await dropJobsOf(
            rows.filter((r) => r.id !== own.id),
            log,
          );
        switch (outcome.type) {
          case 'rateLimited':
            throw Worker.RateLimitError();
          case 'retry':
            // BullMQ retries with exponential backoff; the row stays at the head of its chat.
            throw outcome.error;
          case 'rejected':
            if (ownRow) throw new UnrecoverableError(outcome.error.message);
            return waitForTurn(job, token, own, intervalMs);
          case 'sent':
          case 'carried':
          case 'unreachable':
            if (ownRow) return outcome.type;
            return waitForTurn(job, token, own, intervalMs);
          case 'lost':
            return waitForTurn(job, token, own, intervalMs);
          default:
            return assertNever(outcome, 'attempt outcome');
        }
      }
      default:
        return assertNever(claim, 'claim result');
    }
  }

  /**
   * Adds the job of a stored row, after the chat's backlog. Redis errors and timeouts are not
   * thrown: the row stays pending and the sweep picks it up.
   */
  async function queueRow(
    id: number,
    chat: ChatAddress,
    kind: string | undefined,
    created: boolean,
  ): Promise<EnqueueResult['job']> {
    try {
      return await withTimeout(
        (async (): Promise<EnqueueResult['job']> => {
          const row = created ? undefined : await deliveries.get(id);
          if (row && isFinished(row.state)) return 'none';
          const backlog = await deliveries.chatBacklog(chat, id, joinRows);
          await addJob(id, delayForTurn(backlog, intervalFor(chat)), kind);
          return 'queued';
        })(),
        enqueueTimeoutMs,
        'enqueue',
      );
    } catch (error) {
      logger.warn(
        { err: error, deliveryId: id },
        'delivery stored but not enqueued; the sweep will enqueue it',
      );
      return 'deferred';
    }
  }

  async function enqueueOne(input: NewDelivery): Promise<EnqueueResult> {
    const { id, created } = await deliveries.create(input);
    // Stored already (in a report change's transaction, or by an earlier try): it is ours now
    // unless a worker of another bot holds it.
    if (!created && options.bot) await deliveries.adopt(id);
    const chat = { channel: input.channel ?? 'telegram', chatId: input.chatId } as const;
    return { id, created, job: await queueRow(id, chat, input.link?.kind, created) };
  }

  return {
    async enqueue(input, enqueueCopy = enqueueOne) {
      const result = await enqueueOne(input);
      // Citizens following the report get a copy of what its citizen gets (same problem, one
      // report): stored and queued like the original, keyed from it.
      for (const copy of await deliveries.followerCopies(input)) await enqueueCopy(copy);
      return result;
    },

    startWorker() {
      if (worker) return;
      const workerConnection =
        options.workerConnection ??
        (ownedWorkerConnection = connection.duplicate({
          maxRetriesPerRequest: null,
          enableOfflineQueue: true,
        }));
      control = workerConnection;
      worker = new Worker<DeliveryJobData, string>(queueName, process, {
        connection: workerConnection,
        prefix,
        concurrency: options.concurrency ?? 8,
        limiter,
        ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
        ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
      });
      worker.on('error', (error) => logger.error({ err: error }, 'delivery worker error'));
      worker.on('failed', (job, error) =>
        logger.warn({ jobId: job?.id, err: error }, 'delivery job failed'),
      );
    },

    async relinkSent() {
      const rows = await deliveries.sentUnlinked({ graceSeconds: RELINK_GRACE_SECONDS });
      if (rows.length === 0) return 0;
      // Every row linked first: a digest's redraw needs all of its reports' links.
      if (onSent)
        for (const row of rows) await notify('onSent', logger, () => onSent(row, row.messageIds));
      const afterSent = options.afterSent;
      if (afterSent) await notify('afterSent', logger, () => afterSent(rows));
      logger.warn({ rows: rows.length }, 'sent deliveries linked to their reports by the sweep');
      return rows.length;
    },

    async requeuePending(requeueOptions = {}) {
      const rows = await deliveries.pendingOlderThan(requeueOptions.olderThan ?? new Date(), {
        staleAfterMs,
        ...(requeueOptions.limit ? { limit: requeueOptions.limit } : {}),
      });
      // Rows of one chat are spread one interval apart so their jobs do not all wake together.
      const turnInChat = new Map<string, number>();
      let requeued = 0;
      for (const row of rows) {
        const id = jobId.delivery(row.id, options.scope);
        const state = await queue.getJobState(id);
        switch (state) {
          case 'unknown': {
            // No job: perhaps stored in a report change's transaction by a process that died
            // before queueing it, and meant for another bot.
            if (requeueOptions.handOver && row.channel === 'telegram') {
              const delivery = await deliveries.get(row.id);
              if (delivery?.state === 'pending' && (await requeueOptions.handOver(delivery))) {
                requeued++;
                break;
              }
            }
            const chatKey = `${row.channel}:${row.chatId}`;
            const turn = turnInChat.get(chatKey) ?? 0;
            turnInChat.set(chatKey, turn + 1);
            await addJob(row.id, turn * intervalFor(row));
            requeued++;
            break;
          }
          case 'failed': {
            // Its retries ran out (a long network outage): start it over.
            await (await queue.getJob(id))?.retry('failed');
            requeued++;
            break;
          }
          case 'completed': {
            // A completed job's row is finished unless the database was restored: start over.
            await queue.remove(id);
            await addJob(row.id, 0);
            requeued++;
            break;
          }
          case 'waiting':
          case 'delayed':
          case 'active':
          case 'prioritized':
          case 'waiting-children':
            break;
          default:
            return assertNever(state, 'job state');
        }
      }
      if (requeued > 0) logger.info({ requeued }, 'pending deliveries requeued');
      return requeued;
    },

    async adopt(id) {
      if (!(await deliveries.adopt(id))) return false;
      const row = await deliveries.get(id);
      if (row) await queueRow(id, row, row.link?.kind, false);
      return true;
    },

    async close(closeOptions = {}) {
      if (worker) await worker.close(closeOptions.force ?? false);
      await queue.close();
      if (ownedWorkerConnection) ownedWorkerConnection.disconnect();
    },
  };
}
