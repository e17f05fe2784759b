/**
 * Pacing arithmetic for outbound messages, pure so it can be reasoned about and tested alone.
 */

/** Telegram's documented ceiling per bot; we stay under it. */
export const TELEGRAM_MAX_PER_SECOND = 30;

/**
 * The window the delivery gate counts sends in (see delivery-gate.ts): a second plus a margin for
 * the milliseconds between the gate's answer and the HTTP call, so at most perSecond calls START
 * within any sliding second even when those milliseconds vary. 1100 let 26 calls at perSecond 25
 * start within one second in a CI run on the loaded 2-core machine (Dec 2026); 1200 holds.
 */
export const SEND_WINDOW_MS = 1200;

/**
 * BullMQ limiter options that spread job activations evenly at `perSecond`.
 *
 * BullMQ counts jobs in fixed windows that start at the first job after the previous window
 * expired, so `{ max: m, duration: d }` allows up to ceil(1000/d)·m + (m − 1) jobs within one
 * sliding second (measured: `{ max: 30, duration: 1000 }` let 48 through). With `max: 1` jobs
 * are at least `duration` apart, so at most ceil(1000/d) start in any second: d = ceil(1000/
 * perSecond). That bounds ACTIVATIONS; a send follows its activation after a claim in PostgreSQL,
 * and under load that lag varies (measured: 26 sends in a second at 25), so the hard ceiling on
 * sends is the gate's sliding window. The limiter keeps the flow smooth and workers idle instead
 * of spinning on a full gate.
 */
export function limiterFor(perSecond: number): { max: number; duration: number } {
  if (!Number.isFinite(perSecond) || perSecond <= 0 || perSecond > TELEGRAM_MAX_PER_SECOND) {
    throw new RangeError(
      `perSecond must be in (0, ${TELEGRAM_MAX_PER_SECOND}], got ${String(perSecond)}`,
    );
  }
  return { max: 1, duration: Math.ceil(1000 / perSecond) };
}

/** Telegram group and channel chat ids are negative; private chats are positive. */
export function isGroupChat(chatId: string): boolean {
  return chatId.startsWith('-');
}

/**
 * How long a job of a chat's row should wait before it runs: until the chat's interval since its
 * last attempt has passed, plus one interval per pending row ahead of it. Jobs scheduled this way
 * wake up roughly in their turn instead of all at once (each early wake-up costs a slot of the
 * global limiter).
 */
export function delayForTurn(
  backlog: { ahead: number; sinceLastAttemptMs?: number },
  intervalMs: number,
): number {
  const untilChatFree =
    backlog.sinceLastAttemptMs === undefined
      ? 0
      : Math.max(0, intervalMs - backlog.sinceLastAttemptMs);
  const delay = untilChatFree + backlog.ahead * intervalMs;
  // A few ms late rather than a few ms early: an early job finds the chat busy and goes back.
  return delay > 0 ? Math.ceil(delay) + WAKE_MARGIN_MS : 0;
}

const WAKE_MARGIN_MS = 15;
