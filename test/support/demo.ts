/** The seeded demo officials (src/persistence/seed-demo.ts), as tests address them. */
export const CHAIR = 9001; // chair of Xã Bắc Đông Hưng (12694)
export const STAFF = 9002; // staff of 12694
export const OTHER_CHAIR = 9011; // chair of Xã Bình Định (13186)
export const GROUP = -100900; // the staff group registered for 12694
/** Telegram allows 20 messages a minute in a group: the bot paces them, 3 s apart. */
export const GROUP_WAIT_MS = 30_000;
