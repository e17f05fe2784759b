/**
 * Officials, invites, staff groups, routing rules and canned replies on real PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCannedRepliesRepository } from '../../src/persistence/canned-replies-repository.ts';
import type { Redeemer } from '../../src/app/ports/official-directory.ts';
import {
  createOfficialsRepository,
  type OfficialsRepository,
} from '../../src/persistence/officials-repository.ts';
import { createRoutingRulesRepository } from '../../src/persistence/routing-rules-repository.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const NOW = new Date('2026-03-02T03:00:00Z');
const DAY = 86_400_000;
const UNIT = '10001';
const OTHER_UNIT = '10002';
const FAR_UNIT = '20001';

let db: TestDatabase;
let officials: OfficialsRepository;
let accounts = 0;

/** A fresh chat account, so tests do not see each other's officials. */
function account(name = 'Nguyễn Văn An'): Redeemer {
  accounts += 1;
  return {
    channel: 'telegram',
    externalId: String(7000 + accounts),
    chatId: String(7000 + accounts),
    displayName: name,
    now: NOW,
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  const { prisma } = db;
  await prisma.province.createMany({
    data: [
      { code: '33', name: 'Tỉnh Hưng Yên', type: 'province' },
      { code: '01', name: 'Thành phố Hà Nội', type: 'municipality' },
    ],
  });
  await prisma.unit.createMany({
    data: [
      {
        code: UNIT,
        name: 'Xã Bắc Đông Hưng',
        nameFolded: 'bac dong hung',
        type: 'commune',
        provinceCode: '33',
      },
      {
        code: OTHER_UNIT,
        name: 'Xã Đông Hưng',
        nameFolded: 'dong hung',
        type: 'commune',
        provinceCode: '33',
      },
      {
        code: FAR_UNIT,
        name: 'Phường Hoàn Kiếm',
        nameFolded: 'hoan kiem',
        type: 'ward',
        provinceCode: '01',
      },
    ],
  });
  await prisma.category.createMany({
    data: [
      { code: 'dat-dai', nameVi: 'Đất đai', nameEn: 'Land', deadlineDays: 5 },
      { code: 'moi-truong', nameVi: 'Môi trường', nameEn: 'Environment', deadlineDays: 5 },
      { code: 'giao-thong', nameVi: 'Giao thông', nameEn: 'Roads', deadlineDays: 5 },
      { code: 'chinh-sach', nameVi: 'Chính sách xã hội', nameEn: 'Social policy', deadlineDays: 3 },
    ],
  });
  officials = createOfficialsRepository(prisma);
});

afterAll(async () => {
  await db?.drop();
});

describe('invites', () => {
  it('registers the account that opens an invite as the holder of the position', async () => {
    const invite = await officials.createInvite({
      unitCode: UNIT,
      positionKind: 'chair',
      role: 'leader',
      fields: [],
      now: NOW,
    });
    expect(invite.code).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(`inv_${invite.code}`.length).toBeLessThanOrEqual(64);
    expect(invite.expiresAt).toEqual(new Date(NOW.getTime() + 7 * DAY));

    const who = account('Trần Thị Bình');
    const result = await officials.redeemInvite(invite.code, who);
    expect(result.type).toBe('registered');
    if (result.type !== 'registered') return;
    expect(result.official).toMatchObject({
      unitCode: UNIT,
      unitName: 'Xã Bắc Đông Hưng',
      provinceCode: '33',
      provinceName: 'Tỉnh Hưng Yên',
      positionKind: 'chair',
      positionTitle: 'Chủ tịch UBND xã',
      rank: 3,
      role: 'leader',
      displayName: 'Trần Thị Bình',
      externalId: who.externalId,
      active: true,
    });

    const found = await officials.findActiveByExternalId('telegram', who.externalId);
    expect(found.map((o) => o.id)).toEqual([result.official.id]);
    expect(await officials.get(result.official.id)).toEqual(result.official);
  });

  it('answers "used" when an invite is opened a second time', async () => {
    const invite = await officials.createInvite({
      unitCode: UNIT,
      positionKind: 'staff',
      role: 'staff',
      fields: [],
      now: NOW,
    });
    const first = account();
    expect((await officials.redeemInvite(invite.code, first)).type).toBe('registered');
    expect(await officials.redeemInvite(invite.code, account())).toEqual({
      type: 'used',
      byThisAccount: false,
    });
    // The holder tapping their link again is told kindly, not turned away as a stranger.
    expect(await officials.redeemInvite(invite.code, first)).toEqual({
      type: 'used',
      byThisAccount: true,
    });
  });

  it('answers "expired" after the invite lifetime and "unknown" for a code never issued', async () => {
    const invite = await officials.createInvite({
      unitCode: UNIT,
      positionKind: 'head',
      role: 'staff',
      fields: [],
      now: NOW,
      ttlDays: 2,
    });
    const later = { ...account(), now: new Date(NOW.getTime() + 2 * DAY + 1) };
    expect(await officials.redeemInvite(invite.code, later)).toEqual({ type: 'expired' });
    expect(await officials.redeemInvite('doesNotExist', account())).toEqual({ type: 'unknown' });
  });

  it('registers exactly one account when many open the same invite at once', async () => {
    const invite = await officials.createInvite({
      unitCode: OTHER_UNIT,
      positionKind: 'chair',
      role: 'leader',
      fields: [],
      now: NOW,
    });
    const results = await Promise.all(
      Array.from({ length: 6 }, () => officials.redeemInvite(invite.code, account())),
    );
    expect(results.filter((r) => r.type === 'registered')).toHaveLength(1);
    expect(results.filter((r) => r.type === 'used')).toHaveLength(5);
    const chairs = (await officials.list({ unitCode: OTHER_UNIT })).filter(
      (o) => o.positionKind === 'chair',
    );
    expect(chairs).toHaveLength(1);
  });

  it('creates one chair position when two chair invites are redeemed at once', async () => {
    const [a, b] = await Promise.all(
      [1, 2].map(() =>
        officials.createInvite({
          unitCode: FAR_UNIT,
          positionKind: 'chair',
          role: 'leader',
          fields: [],
          now: NOW,
        }),
      ),
    );
    const results = await Promise.all([
      officials.redeemInvite(a!.code, account()),
      officials.redeemInvite(b!.code, account()),
    ]);
    expect(results.map((r) => r.type)).toEqual(['registered', 'registered']);
    const positions = await officials.positionsOfUnit(FAR_UNIT);
    const chairs = positions.filter((p) => p.kind === 'chair');
    expect(chairs).toHaveLength(1);
    expect(chairs[0]!.officials).toHaveLength(2);
  });

  it('reactivates the same account re-registering for the same position instead of duplicating it', async () => {
    const who = account('Lê Văn Cường');
    const first = await officials.createInvite({
      unitCode: UNIT,
      positionKind: 'staff',
      role: 'staff',
      fields: [],
      now: NOW,
    });
    const registered = await officials.redeemInvite(first.code, who);
    if (registered.type !== 'registered') throw new Error('expected registered');
    const id = registered.official.id;
    expect((await officials.revoke(id, NOW)).type).toBe('revoked');

    const second = await officials.createInvite({
      unitCode: UNIT,
      positionKind: 'staff',
      role: 'staff',
      fields: [],
      now: NOW,
    });
    const again = await officials.redeemInvite(second.code, {
      ...who,
      displayName: 'Lê Văn Cường (VP)',
    });
    expect(again).toMatchObject({
      type: 'registered',
      official: { id, active: true, revokedAt: null, displayName: 'Lê Văn Cường (VP)' },
    });
    const rows = await db.prisma.official.count({ where: { externalId: who.externalId } });
    expect(rows).toBe(1);
  });

  it('retries a colliding code and gives up when the random source keeps repeating', async () => {
    const stuck = createOfficialsRepository(db.prisma, {
      random: (n) => new Uint8Array(n).fill(7),
    });
    const input = {
      unitCode: UNIT,
      positionKind: 'staff',
      role: 'staff',
      fields: [],
      now: NOW,
    } as const;
    const first = await stuck.createInvite(input);
    expect(first.code).toBe(Buffer.alloc(9, 7).toString('base64url'));
    await expect(stuck.createInvite(input)).rejects.toMatchObject({
      code: 'invite_code_collision',
    });
  });
});

describe('positions', () => {
  async function register(
    unitCode: string,
    positionKind: 'vice-chair' | 'head' | 'staff',
    fields: string[],
    role: 'leader' | 'staff' | 'admin' | 'observer' = positionKind === 'vice-chair'
      ? 'leader'
      : 'staff',
    name = 'Phạm Thị Dung',
  ) {
    const invite = await officials.createInvite({ unitCode, positionKind, role, fields, now: NOW });
    const result = await officials.redeemInvite(invite.code, account(name));
    if (result.type !== 'registered') throw new Error(`expected registered, got ${result.type}`);
    return result.official;
  }

  it('merges a vice-chair invite that shares a field and keeps other fields apart', async () => {
    const economy = await register(OTHER_UNIT, 'vice-chair', ['dat-dai', 'moi-truong']);
    const sameDesk = await register(OTHER_UNIT, 'vice-chair', ['moi-truong', 'giao-thong']);
    const society = await register(OTHER_UNIT, 'vice-chair', ['chinh-sach']);

    expect(sameDesk.positionId).toBe(economy.positionId);
    expect(sameDesk.fields).toEqual(['dat-dai', 'moi-truong', 'giao-thong']);
    expect(sameDesk.fieldNames).toEqual(['Đất đai', 'Môi trường', 'Giao thông']);
    expect(society.positionId).not.toBe(economy.positionId);

    const positions = await officials.positionsOfUnit(OTHER_UNIT);
    const viceChairs = positions.filter((p) => p.kind === 'vice-chair');
    expect(viceChairs.map((p) => p.officials.length)).toEqual([2, 1]);
    expect(positions[0]!.kind).toBe('chair'); // highest rank first
    expect(viceChairs[0]!.title).toBe('Phó Chủ tịch UBND xã');
  });

  it('lists heads and staff for assignment, without observers, revoked or other units', async () => {
    const head = await register(FAR_UNIT, 'head', ['giao-thong'], 'staff', 'Bùi Văn Hải');
    const clerk = await register(FAR_UNIT, 'staff', [], 'staff', 'Đỗ Thị Lan');
    await register(FAR_UNIT, 'staff', [], 'observer', 'Ngô Văn Minh');
    const gone = await register(FAR_UNIT, 'staff', [], 'staff', 'Vũ Thị Nga');
    await officials.revoke(gone.id, NOW);

    const staff = await officials.staffOfUnit(FAR_UNIT);
    expect(staff.map((o) => o.id)).toEqual([head.id, clerk.id]);
  });

  it('marks an official unreachable once and reachable again', async () => {
    const clerk = await register(UNIT, 'staff', [], 'staff');
    await officials.markUnreachable(clerk.id, NOW);
    await officials.markUnreachable(clerk.id, new Date(NOW.getTime() + DAY));
    expect((await officials.get(clerk.id))?.unreachableAt).toEqual(NOW);
    await officials.markReachable(clerk.id);
    expect((await officials.get(clerk.id))?.unreachableAt).toBeNull();
  });

  it('finds the admins of a province for the last escalation step', async () => {
    const admin = await register(UNIT, 'staff', [], 'admin', 'Hoàng Văn Phúc');
    await register(FAR_UNIT, 'staff', [], 'admin', 'Admin Hà Nội');
    expect((await officials.provinceAdmins('33')).map((o) => o.id)).toEqual([admin.id]);
  });
});

describe('revoke', () => {
  it('deactivates an official, keeps the row, and says when there was nothing to do', async () => {
    const who = account();
    const invite = await officials.createInvite({
      unitCode: UNIT,
      positionKind: 'head',
      role: 'staff',
      fields: ['dat-dai'],
      now: NOW,
    });
    const result = await officials.redeemInvite(invite.code, who);
    if (result.type !== 'registered') throw new Error('expected registered');
    const revokedAt = new Date(NOW.getTime() + DAY);

    const revoked = await officials.revoke(result.official.id, revokedAt);
    expect(revoked).toMatchObject({ type: 'revoked', official: { active: false, revokedAt } });
    expect(await officials.findActiveByExternalId('telegram', who.externalId)).toEqual([]);
    expect((await officials.revoke(result.official.id, revokedAt)).type).toBe('alreadyRevoked');
    expect(await officials.revoke(999_999, revokedAt)).toEqual({ type: 'unknown' });
    const positions = await officials.positionsOfUnit(UNIT);
    expect(positions.flatMap((p) => p.officials).map((o) => o.id)).not.toContain(
      result.official.id,
    );
  });
});

describe('staff groups', () => {
  it('registers a group for a commune, finds it by chat, and moves it on re-registration', async () => {
    const group = await officials.registerGroup({
      unitCode: UNIT,
      chatId: '-1001234567890',
      title: 'Tổ xử lý phản ánh xã Bắc Đông Hưng',
    });
    expect(group).toMatchObject({ unitCode: UNIT, chatId: '-1001234567890', active: true });
    expect(await officials.groupByChat('-1001234567890')).toEqual(group);
    expect((await officials.groupsOfUnit(UNIT)).map((g) => g.id)).toEqual([group.id]);

    const moved = await officials.registerGroup({
      unitCode: OTHER_UNIT,
      chatId: '-1001234567890',
      title: 'Tổ xử lý phản ánh xã Đông Hưng',
    });
    expect(moved.id).toBe(group.id);
    expect(await officials.groupsOfUnit(UNIT)).toEqual([]);
    expect((await officials.groupsOfUnit(OTHER_UNIT)).map((g) => g.title)).toEqual([
      'Tổ xử lý phản ánh xã Đông Hưng',
    ]);

    await officials.deactivateGroup('-1001234567890');
    expect(await officials.groupByChat('-1001234567890')).toBeUndefined();
  });
});

describe('routing rules', () => {
  it('sets, overrides, lists and removes rules; a unit sees its own and the global ones', async () => {
    const rules = createRoutingRulesRepository(db.prisma);
    const global = await rules.set({ positionKind: 'vice-chair', order: 0 });
    const globalSecond = await rules.set({ positionKind: 'chair', order: 1 });
    const landHere = await rules.set({
      unitCode: UNIT,
      categoryCode: 'dat-dai',
      positionKind: 'head',
      order: 0,
    });
    const elsewhere = await rules.set({ unitCode: FAR_UNIT, positionKind: 'chair', order: 0 });
    expect(global.type).toBe('created');

    // Same slot again: the position is replaced, no second row.
    const override = await rules.set({ positionKind: 'head', order: 0 });
    expect(override).toMatchObject({
      type: 'updated',
      previous: 'vice-chair',
      rule: { id: global.rule.id },
    });

    const forUnit = await rules.forUnit(UNIT);
    expect(forUnit.map((r) => r.id)).toEqual([
      landHere.rule.id,
      global.rule.id,
      globalSecond.rule.id,
    ]);
    expect(forUnit[1]).toMatchObject({
      unitCode: null,
      categoryCode: null,
      kind: null,
      positionKind: 'head',
    });

    expect((await rules.list({ unitCode: FAR_UNIT })).map((r) => r.id)).toEqual([
      elsewhere.rule.id,
    ]);
    expect(await rules.list()).toHaveLength(4);

    expect(await rules.remove(landHere.rule.id)).toBe(true);
    expect(await rules.remove(landHere.rule.id)).toBe(false);
    expect((await rules.forUnit(UNIT)).map((r) => r.id)).toEqual([
      global.rule.id,
      globalSecond.rule.id,
    ]);
  });

  it('keeps one rule when the same slot is set concurrently', async () => {
    const rules = createRoutingRulesRepository(db.prisma);
    await Promise.all(
      (['chair', 'head', 'staff'] as const).map((positionKind) =>
        rules.set({ unitCode: OTHER_UNIT, kind: 'to-cao', positionKind, order: 0 }),
      ),
    );
    const slot = (await rules.list({ unitCode: OTHER_UNIT })).filter((r) => r.kind === 'to-cao');
    expect(slot).toHaveLength(1);
  });
});

describe('canned replies', () => {
  it('lists the replies that fit a category, specific ones first, and removes them', async () => {
    const replies = createCannedRepliesRepository(db.prisma);
    const generic = await replies.set({ text: 'Cảm ơn Ông/Bà đã phản ánh.' });
    const resolved = await replies.set({ status: 'resolved', text: 'Vụ việc đã được xử lý xong.' });
    const land = await replies.set({
      categoryCode: 'dat-dai',
      text: 'Đã chuyển Địa chính xã kiểm tra.',
    });
    await replies.set({ categoryCode: 'giao-thong', text: 'Đã báo đội duy tu đường.' });

    const again = await replies.set({ text: 'Cảm ơn Ông/Bà đã phản ánh.' });
    expect(again).toEqual({ type: 'exists', reply: generic.reply });

    expect((await replies.list({ categoryCode: 'dat-dai' })).map((r) => r.id)).toEqual([
      land.reply.id,
      resolved.reply.id,
      generic.reply.id,
    ]);
    expect(
      (await replies.list({ categoryCode: 'dat-dai', status: 'closed' })).map((r) => r.id),
    ).toEqual([land.reply.id, generic.reply.id]);
    expect(await replies.list()).toHaveLength(4);

    expect(await replies.remove(land.reply.id)).toBe(true);
    expect(await replies.remove(land.reply.id)).toBe(false);
    expect((await replies.list({ categoryCode: 'dat-dai' })).map((r) => r.id)).toEqual([
      resolved.reply.id,
      generic.reply.id,
    ]);
  });
});
