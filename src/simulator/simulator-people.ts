/**
 * Who the local chat simulator lets a person be: two citizens, the demo communes' chairs, a staff
 * member, the province's administrator, and the officials' group (the demo seed's officials have
 * these Telegram ids).
 */
import { DEMO_TELEGRAM_IDS } from '../core/demo-accounts.ts';

export interface SimulatorPerson {
  /** Telegram user id; the private chat with the bot has the same id. */
  id: number;
  /** Shown in the "who are you" picker. */
  label: string;
  role: 'citizen' | 'leader' | 'staff' | 'admin';
  firstName: string;
  lastName?: string;
  /** What "request_contact" shares, digits as Telegram sends them. */
  phone: string;
}

export interface SimulatorGroup {
  id: number;
  title: string;
  /** Who may write in the group (user ids). */
  members: number[];
}

export const SIMULATOR_PEOPLE: readonly SimulatorPerson[] = [
  {
    id: 1001,
    label: 'Người dân: Bà Lan',
    role: 'citizen',
    firstName: 'Lan',
    lastName: 'Nguyễn Thị',
    phone: '84912001001',
  },
  {
    id: 1002,
    label: 'Người dân: Ông Minh',
    role: 'citizen',
    firstName: 'Minh',
    lastName: 'Trần Văn',
    phone: '84912001002',
  },
  {
    id: DEMO_TELEGRAM_IDS.chair,
    label: 'Chủ tịch UBND xã (demo)',
    role: 'leader',
    firstName: 'Hùng',
    lastName: 'Lê Văn',
    phone: '84912009001',
  },
  {
    id: DEMO_TELEGRAM_IDS.staff,
    label: 'Cán bộ (demo)',
    role: 'staff',
    firstName: 'Hà',
    lastName: 'Phạm Thu',
    phone: '84912009002',
  },
  // The chair of the second demo commune (seed-demo.ts), so alerts for it are visible too.
  {
    id: DEMO_TELEGRAM_IDS.otherChair,
    label: 'Chủ tịch UBND xã khác (demo)',
    role: 'leader',
    firstName: 'Thảo',
    lastName: 'Đỗ Thị',
    phone: '84912009011',
  },
  // The province's administrator (seed-demo.ts): /web opens the province dashboard.
  {
    id: DEMO_TELEGRAM_IDS.provinceAdmin,
    label: 'Quản trị tỉnh Hưng Yên (demo)',
    role: 'admin',
    firstName: 'Quang',
    lastName: 'Vũ Minh',
    phone: '84912009021',
  },
];

export const SIMULATOR_GROUP: SimulatorGroup = {
  id: -100900,
  title: 'Nhóm cán bộ xã',
  members: [DEMO_TELEGRAM_IDS.chair, DEMO_TELEGRAM_IDS.staff],
};

/**
 * Where "request_location" and the location button put the person: a fixed point in the demo
 * commune (Xã Bắc Đông Hưng, Hưng Yên; the Zalo stand-in's too), so the chair's «🗺 Xem bản đồ»
 * opens on the commune a demo report is about, not on Hà Nội.
 */
export const SIMULATOR_DEMO_LOCATION = { latitude: 20.5412, longitude: 106.3391 } as const;

export interface SimulatorOptions {
  people?: readonly SimulatorPerson[];
  group?: SimulatorGroup;
  demoLocation?: { latitude: number; longitude: number };
}
