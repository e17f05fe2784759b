/** The seeded demo officials (src/persistence/seed-demo.ts), as tests address them. */
import { DEMO_TELEGRAM_IDS } from '../../src/core/demo-accounts.ts';

export const CHAIR = DEMO_TELEGRAM_IDS.chair; // chair of Xã Bắc Đông Hưng (12694)
export const STAFF = DEMO_TELEGRAM_IDS.staff; // staff of 12694
export const OTHER_CHAIR = DEMO_TELEGRAM_IDS.otherChair; // chair of Xã Bình Định (13186)
export const PROVINCE_ADMIN = DEMO_TELEGRAM_IDS.provinceAdmin; // admin of Tỉnh Hưng Yên (33)
export const GROUP = -100900; // the staff group registered for 12694
/** Telegram allows 20 messages a minute in a group: the bot paces them, 3 s apart. */
export const GROUP_WAIT_MS = 30_000;
