/**
 * Demo data for trying gopy out and for the local simulator (`gopy seed`): on top of the
 * reference data (`gopy setup`, reference-data.ts), the default positions of two communes of
 * Hưng Yên, demo officials reachable in the simulator (the province's administrator among them,
 * so the province dashboard can be tried), and a staff group. Idempotent: rows are
 * matched on their natural keys and updated. Needs the units imported first.
 *
 * It refuses a production database: with NODE_ENV=production, or once a real official (one
 * whose Telegram id could be a person's, see core/demo-accounts.ts) is registered, because demo
 * officials there would receive real citizens' reports.
 */
import { DEMO_TELEGRAM_IDS, isDemoTelegramId } from '../core/demo-accounts.ts';
import { AppError } from '../core/errors.ts';
import type { PrismaClient } from './generated/prisma/client.ts';
import { DEFAULT_POSITIONS, ensureDefaultPositions, setupReference } from './reference-data.ts';

export interface SeedDemoResult {
  categories: number;
  positions: number;
  officials: number;
  groups: number;
  cannedReplies: number;
}

/** The two demo communes (Hưng Yên): Bắc Đông Hưng absorbed old xã Đông Xá. */
export const DEMO_UNIT_CODES = ['12694', '13186'] as const;

interface DemoOfficial {
  unitCode: string;
  /** Index into DEFAULT_POSITIONS. */
  position: number;
  role: 'leader' | 'staff' | 'admin';
  displayName: string;
  /** Telegram user id; a private chat's id is the user's id. */
  externalId: string;
}

/** Reachable in the simulator under ids no real Telegram account can have. */
const DEMO_OFFICIALS: readonly DemoOfficial[] = [
  {
    unitCode: '12694',
    position: 0,
    role: 'leader',
    displayName: 'Chủ tịch UBND xã (demo)',
    externalId: String(DEMO_TELEGRAM_IDS.chair),
  },
  {
    unitCode: '12694',
    position: 4,
    role: 'staff',
    displayName: 'Công chức Văn phòng (demo)',
    externalId: String(DEMO_TELEGRAM_IDS.staff),
  },
  {
    unitCode: '13186',
    position: 0,
    role: 'leader',
    displayName: 'Chủ tịch UBND xã (demo)',
    externalId: String(DEMO_TELEGRAM_IDS.otherChair),
  },
  // An admin holds a position of any commune of the province, as `gopy officials invite
  // --position chair --role admin` makes one; the role, not the position, opens the province.
  {
    unitCode: '12694',
    position: 0,
    role: 'admin',
    displayName: 'Quản trị tỉnh Hưng Yên (demo)',
    externalId: String(DEMO_TELEGRAM_IDS.provinceAdmin),
  },
];

const DEMO_GROUPS = [
  { unitCode: '12694', chatId: '-100900', title: 'Cán bộ UBND xã Bắc Đông Hưng (demo)' },
] as const;

/**
 * The chairs' reception days (lịch tiếp công dân), so the simulator offers «Đăng ký gặp lãnh đạo
 * xã»: weekly, as communes publish them. Set only where the commune has none of its own.
 */
const DEMO_RECEPTION_DAYS = [
  { unitCode: '12694', weekday: 4, startTime: '08:00', endTime: '11:00', slots: 6 },
  { unitCode: '13186', weekday: 2, startTime: '14:00', endTime: '17:00', slots: 6 },
] as const;

export interface SeedDemoOptions {
  /** NODE_ENV=production: refuse. */
  production?: boolean;
}

/** Writes the demo set; safe to run any number of times. Refuses a production database. */
export async function seedDemo(
  prisma: PrismaClient,
  options: SeedDemoOptions = {},
): Promise<SeedDemoResult> {
  if (options.production)
    throw new AppError(
      'seed_demo',
      'gopy seed adds demo officials and is refused with NODE_ENV=production; set up a real commune with `gopy setup` and `gopy officials invite` instead.',
    );
  const units = await prisma.unit.findMany({
    where: { code: { in: [...DEMO_UNIT_CODES] } },
    select: { code: true },
  });
  const missing = DEMO_UNIT_CODES.filter((code) => !units.some((u) => u.code === code));
  if (missing.length > 0) {
    throw new AppError(
      'seed_demo',
      `The demo communes ${missing.join(', ')} are not in the database: import the units first (gopy units import)`,
    );
  }
  const reference = await setupReference(prisma);

  return prisma.$transaction(
    async (tx) => {
      // Two seeds at once would both see "missing" and create twice: take turns.
      await tx.$executeRawUnsafe(
        `SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('gopy:seed-demo'))) l`,
      );
      const real = (
        await tx.official.findMany({ where: { channel: 'telegram' }, select: { externalId: true } })
      ).filter((o) => !isDemoTelegramId(o.externalId));
      if (real.length > 0)
        throw new AppError(
          'seed_demo',
          `gopy seed refuses this database: it has ${real.length} real official(s), and demo officials would receive their communes' reports. Use a separate database for the demo.`,
        );

      const positionIds = new Map<string, number[]>();
      for (const unitCode of DEMO_UNIT_CODES) {
        positionIds.set(unitCode, await ensureDefaultPositions(tx, unitCode));
      }

      for (const o of DEMO_OFFICIALS) {
        const positionId = positionIds.get(o.unitCode)?.[o.position];
        if (positionId === undefined) throw new Error(`No demo position ${o.position}`);
        const data = {
          positionId,
          unitCode: o.unitCode,
          role: o.role,
          displayName: o.displayName,
          channel: 'telegram',
          externalId: o.externalId,
          chatId: o.externalId,
          active: true,
          unreachableAt: null,
          revokedAt: null,
        };
        const existing = await tx.official.findFirst({
          where: { channel: 'telegram', externalId: o.externalId, unitCode: o.unitCode },
          orderBy: { id: 'asc' },
          select: { id: true },
        });
        if (existing) await tx.official.update({ where: { id: existing.id }, data });
        else await tx.official.create({ data });
      }

      for (const g of DEMO_GROUPS) {
        const data = {
          unitCode: g.unitCode,
          channel: 'telegram',
          chatId: g.chatId,
          title: g.title,
          active: true,
        };
        await tx.unitGroup.upsert({
          where: { channel_chatId: { channel: 'telegram', chatId: g.chatId } },
          create: data,
          update: data,
        });
      }

      for (const r of DEMO_RECEPTION_DAYS) {
        if ((await tx.receptionDay.count({ where: { unitCode: r.unitCode } })) > 0) continue;
        await tx.receptionDay.create({ data: { ...r } });
      }

      return {
        categories: reference.categories,
        positions: DEMO_UNIT_CODES.length * DEFAULT_POSITIONS.length,
        officials: DEMO_OFFICIALS.length,
        groups: DEMO_GROUPS.length,
        cannedReplies: reference.cannedReplies,
      };
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
}
