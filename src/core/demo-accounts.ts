/**
 * The Telegram ids of the demo officials, shared by the demo seed (persistence/seed-demo.ts),
 * the simulator's people and the tests.
 *
 * Telegram user ids "have at most 52 significant bits" (Bot API, User.id), so no real account
 * has an id of 2^52 or more; 2^52 + n is still an exact JavaScript number (below 2^53). A demo
 * seeded into a database that a real bot later uses therefore makes nobody the chair of a real
 * commune, which the old ids 9001, 9002 and 9011 would have (they are real people's accounts).
 */
const BEYOND_REAL_USER_IDS = 2 ** 52;

export const DEMO_TELEGRAM_IDS = {
  /** The chair of Xã Bắc Đông Hưng (12694). */
  chair: BEYOND_REAL_USER_IDS + 9001,
  /** A staff member of 12694. */
  staff: BEYOND_REAL_USER_IDS + 9002,
  /** The chair of Xã Bình Định (13186). */
  otherChair: BEYOND_REAL_USER_IDS + 9011,
  /** The administrator of Tỉnh Hưng Yên (33): the province dashboard, the last escalation step. */
  provinceAdmin: BEYOND_REAL_USER_IDS + 9021,
} as const;

/** True for an id no real Telegram account can have (the demo's). */
export function isDemoTelegramId(id: string | number): boolean {
  const n = Number(id);
  return Number.isInteger(n) && n >= BEYOND_REAL_USER_IDS;
}
