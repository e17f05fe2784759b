/**
 * Pacing arithmetic for outbound messages, pure so it can be reasoned about and tested alone.
 */

/** Telegram's documented ceiling per bot; we stay under it. */
export const TELEGRAM_MAX_PER_SECOND = 30;

/**
 * The window the delivery gate counts messages in (see delivery-gate.ts): Telegram's second. No
 * margin: a send's slots count from the gate's answer until a second after its response, so the
 * lag between the two is covered whatever it is. (A margin on the pass time alone was not enough
 * at 1.1 s under CI load, Dec 2026, and 1.2 s capped the rate at perSecond/1.2.)
 */
export const SEND_WINDOW_MS = 1000;

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
