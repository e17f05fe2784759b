/** The demo seed on real PostgreSQL: what it writes, and that running it again changes nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/persistence/seed-demo.ts';
import { importUnits } from '../../src/persistence/units-import.ts';
import { CHAIR, OTHER_CHAIR, PROVINCE_ADMIN, STAFF } from '../support/demo.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

async function rowCounts() {
  const p = db.prisma;
  return {
    categories: await p.category.count(),
    positions: await p.position.count(),
    officials: await p.official.count(),
    groups: await p.unitGroup.count(),
    cannedReplies: await p.cannedReply.count(),
    routingRules: await p.routingRule.count(),
  };
}

describe('seedDemo', () => {
  it('asks for the units first when the demo communes are missing', async () => {
    await expect(seedDemo(db.prisma)).rejects.toThrow(/12694, 13186 .*gopy units import/);
    expect((await rowCounts()).categories).toBe(0);
  });

  it('writes one demo set, however often it runs', async () => {
    await importUnits(db.prisma);
    const first = await seedDemo(db.prisma);
    const second = await seedDemo(db.prisma);
    expect(second).toEqual(first);
    expect(await rowCounts()).toEqual({
      categories: 8,
      positions: 10,
      officials: 4,
      groups: 1,
      cannedReplies: first.cannedReplies,
      routingRules: 0,
    });
    expect(first.cannedReplies).toBeGreaterThanOrEqual(8);
  });

  it('seeds the categories with their deadlines and on-site flag', async () => {
    const categories = await db.prisma.category.findMany({ orderBy: { sortOrder: 'asc' } });
    expect(categories.map((c) => [c.code, c.nameVi, c.deadlineDays, c.onSite])).toEqual([
      ['giao-thong', 'Giao thông, đường sá', 5, true],
      ['moi-truong', 'Môi trường, rác thải', 5, true],
      ['an-ninh', 'An ninh, trật tự', 3, false],
      ['dat-dai', 'Đất đai, xây dựng', 10, true],
      ['thu-tuc', 'Thủ tục hành chính', 3, false],
      ['thai-do', 'Thái độ cán bộ', 5, false],
      ['chinh-sach', 'Chính sách xã hội', 7, false],
      ['khac', 'Khác', 5, false],
    ]);
    // Every category has a canned answer of its own.
    const replies = await db.prisma.cannedReply.findMany();
    for (const c of categories) {
      expect(
        replies.some((r) => r.categoryCode === c.code),
        c.code,
      ).toBe(true);
    }
  });

  it('gives each demo commune a chair, two vice chairs with their fields, a head and staff', async () => {
    for (const unitCode of ['12694', '13186']) {
      const positions = await db.prisma.position.findMany({
        where: { unitCode },
        orderBy: [{ rank: 'desc' }, { id: 'asc' }],
      });
      expect(positions.map((p) => [p.kind, p.rank, p.fields])).toEqual([
        ['chair', 3, []],
        ['vice-chair', 2, ['giao-thong', 'moi-truong', 'dat-dai']],
        ['vice-chair', 2, ['chinh-sach', 'thu-tuc']],
        ['head', 1, []],
        ['staff', 0, []],
      ]);
    }
  });

  it('registers the simulator officials (the province admin among them) and the staff group', async () => {
    const officials = await db.prisma.official.findMany({
      include: { position: true },
      orderBy: { externalId: 'asc' },
    });
    expect(
      officials.map((o) => [o.unitCode, o.externalId, o.chatId, o.role, o.position.kind, o.active]),
    ).toEqual([
      ['12694', String(CHAIR), String(CHAIR), 'leader', 'chair', true],
      ['12694', String(STAFF), String(STAFF), 'staff', 'staff', true],
      ['13186', String(OTHER_CHAIR), String(OTHER_CHAIR), 'leader', 'chair', true],
      ['12694', String(PROVINCE_ADMIN), String(PROVINCE_ADMIN), 'admin', 'chair', true],
    ]);
    expect(officials[0]?.displayName).toBe('Chủ tịch UBND xã (demo)');
    const groups = await db.prisma.unitGroup.findMany();
    expect(groups).toEqual([
      expect.objectContaining({
        unitCode: '12694',
        channel: 'telegram',
        chatId: '-100900',
        active: true,
      }),
    ]);
  });
});
