/**
 * Pacing arithmetic for outbound messages, pure so it can be reasoned about and tested alone.
 */

/** Telegram's documented ceiling per bot; we stay under it. */
export const TELEGRAM_MAX_PER_SECOND = 30;

/**
 * How many job activations the limiter allows per message the gate lets out. Some activations
 * send nothing: a job whose chat is not free yet goes back to the delayed set (per-chat pacing),
 * a job whose row went out joined to another ends. With activations capped at exactly the send
 * rate, each of those cost a send (measured: 8 % of activations at 150 % demand, Dec 2026); the
 * gate alone holds the rate of sends, so the limiter only has to keep workers from spinning.
 */
export const ACTIVATION_HEADROOM = 1.5;

/**
 * BullMQ limiter options that spread job activations evenly at `perSecond` × ACTIVATION_HEADROOM.
 *
 * BullMQ counts jobs in fixed windows that start at the first job after the previous window
 * expired, so `{ max: m, duration: d }` allows up to ceil(1000/d)·m + (m − 1) jobs within one
 * sliding second (measured: `{ max: 30, duration: 1000 }` let 48 through). With `max: 1` jobs
 * are at least `duration` apart. This bounds ACTIVATIONS; the ceiling on sends is the gate's
 * schedule (delivery-gate.ts). The limiter keeps the flow smooth and workers idle instead of
 * spinning on a full gate, and carries a 429's pause to every worker (queue.rateLimit).
 */
export function limiterFor(perSecond: number): { max: number; duration: number } {
  if (!Number.isFinite(perSecond) || perSecond <= 0 || perSecond > TELEGRAM_MAX_PER_SECOND) {
    throw new RangeError(
      `perSecond must be in (0, ${TELEGRAM_MAX_PER_SECOND}], got ${String(perSecond)}`,
    );
  }
  return { max: 1, duration: Math.max(1, Math.floor(1000 / (perSecond * ACTIVATION_HEADROOM))) };
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
