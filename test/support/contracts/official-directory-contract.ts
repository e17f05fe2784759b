/**
 * What every implementation of the officials' directory (app/ports/official-directory.ts) must
 * do, run against the in-memory one (test/unit/ports) and the PostgreSQL one
 * (test/integration/ports): the habit of BullMQ's adapter conformance suites.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OfficialRole, PositionKind } from '../../../src/core/positions.ts';
import type {
  OfficialAccounts,
  OfficialDirectory,
  OfficialReachability,
  OfficialRecord,
} from '../../../src/app/ports/official-directory.ts';

/** Two communes of one province and one of another, each named the way officials read it. */
export const DIRECTORY_UNITS = {
  home: {
    code: '10001',
    name: 'Xã Bắc Đông Hưng',
    provinceCode: '33',
    provinceName: 'Tỉnh Hưng Yên',
  },
  neighbour: {
    code: '10002',
    name: 'Xã Đông Hưng',
    provinceCode: '33',
    provinceName: 'Tỉnh Hưng Yên',
  },
  far: {
    code: '20001',
    name: 'Phường Hoàn Kiếm',
    provinceCode: '01',
    provinceName: 'Thành phố Hà Nội',
  },
} as const;

export interface DirectoryFixture {
  directory: OfficialDirectory;
  /** The same officials as the desk and the web sign-in read them. */
  accounts: OfficialAccounts;
  /** What a delivery's outcome marks (app/delivery-outcomes.ts). */
  reachability: OfficialReachability;
  /** Registers an official the way the implementation does (an invite, for PostgreSQL). */
  addOfficial(input: {
    unitCode: string;
    kind: PositionKind;
    chatId: string;
    role?: OfficialRole;
  }): Promise<OfficialRecord>;
  addGroup(input: { unitCode: string; chatId: string }): Promise<void>;
  markUnreachable(id: number, now: Date): Promise<void>;
  revoke(id: number, now: Date): Promise<void>;
  close(): Promise<void>;
}

const NOW = new Date('2026-03-02T03:00:00Z');
const { home, neighbour, far } = DIRECTORY_UNITS;

export function describeOfficialDirectoryContract(
  name: string,
  make: () => Promise<DirectoryFixture>,
): void {
  describe(`OfficialDirectory contract: ${name}`, () => {
    let f: DirectoryFixture;
    beforeEach(async () => {
      f = await make();
    });
    afterEach(async () => {
      await f.close();
    });

    it('finds an official by id with their position, commune and province', async () => {
      const chair = await f.addOfficial({ unitCode: home.code, kind: 'chair', chatId: '501' });
      const found = await f.directory.get(chair.id);
      expect(found).toMatchObject({
        id: chair.id,
        positionKind: 'chair',
        positionTitle: 'Chủ tịch UBND xã',
        rank: 3,
        unitCode: home.code,
        unitName: home.name,
        provinceCode: home.provinceCode,
        provinceName: home.provinceName,
        role: 'leader',
        chatId: '501',
        active: true,
        unreachableAt: null,
      });
      expect(await f.directory.get(chair.id + 1000)).toBeUndefined();
    });

    it("lists a commune's positions highest rank first, with their active holders only", async () => {
      const staff = await f.addOfficial({ unitCode: home.code, kind: 'staff', chatId: '511' });
      const chair = await f.addOfficial({ unitCode: home.code, kind: 'chair', chatId: '512' });
      const vice = await f.addOfficial({ unitCode: home.code, kind: 'vice-chair', chatId: '513' });
      const vice2 = await f.addOfficial({ unitCode: home.code, kind: 'vice-chair', chatId: '514' });
      await f.addOfficial({ unitCode: neighbour.code, kind: 'chair', chatId: '515' });
      await f.revoke(vice2.id, NOW);
      await f.markUnreachable(staff.id, NOW);

      const positions = await f.directory.positionsOfUnit(home.code);
      expect(positions.map((p) => [p.kind, p.rank, p.officials.map((o) => o.id)])).toEqual([
        ['chair', 3, [chair.id]],
        ['vice-chair', 2, [vice.id]],
        ['staff', 0, [staff.id]],
      ]);
      // Unreachable officials stay on the list, marked: routing decides to skip them.
      expect(positions[2]?.officials[0]?.unreachableAt).toEqual(NOW);
      expect(await f.directory.positionsOfUnit('99999')).toEqual([]);
    });

    it('marks an official unreachable once (the first time stays) and reachable again', async () => {
      const chair = await f.addOfficial({ unitCode: home.code, kind: 'chair', chatId: '531' });
      const later = new Date(NOW.getTime() + 3_600_000);
      await f.reachability.markUnreachable(chair.id, NOW);
      await f.reachability.markUnreachable(chair.id, later);
      expect((await f.directory.get(chair.id))?.unreachableAt).toEqual(NOW);
      await f.reachability.markReachable(chair.id);
      await f.reachability.markReachable(chair.id);
      expect((await f.directory.get(chair.id))?.unreachableAt).toBeNull();
      await f.reachability.markUnreachable(chair.id, later);
      expect((await f.directory.get(chair.id))?.unreachableAt).toEqual(later);
    });

    it("gives a commune's own staff groups", async () => {
      await f.addGroup({ unitCode: home.code, chatId: '-100501' });
      await f.addGroup({ unitCode: neighbour.code, chatId: '-100502' });
      expect((await f.directory.groupsOfUnit(home.code)).map((g) => g.chatId)).toEqual(['-100501']);
      expect(await f.directory.groupsOfUnit(far.code)).toEqual([]);
      const [group] = await f.directory.groupsOfUnit(home.code);
      expect(group).toMatchObject({
        unitCode: home.code,
        channel: 'telegram',
        chatId: '-100501',
        active: true,
        lang: 'vi',
      });
      expect(group!.createdAt).toBeInstanceOf(Date);
    });

    it("gives the province's active administrators, whatever their commune", async () => {
      const a1 = await f.addOfficial({
        unitCode: neighbour.code,
        kind: 'chair',
        chatId: '521',
        role: 'admin',
      });
      const a2 = await f.addOfficial({
        unitCode: home.code,
        kind: 'vice-chair',
        chatId: '522',
        role: 'admin',
      });
      const gone = await f.addOfficial({
        unitCode: home.code,
        kind: 'head',
        chatId: '523',
        role: 'admin',
      });
      await f.addOfficial({ unitCode: far.code, kind: 'chair', chatId: '524', role: 'admin' });
      await f.addOfficial({ unitCode: home.code, kind: 'chair', chatId: '525' });
      await f.revoke(gone.id, NOW);

      const admins = await f.directory.provinceAdmins(home.provinceCode);
      expect(admins.map((o) => o.id).sort((a, b) => a - b)).toEqual(
        [a1.id, a2.id].sort((a, b) => a - b),
      );
      expect(admins.every((o) => o.role === 'admin' && o.active)).toBe(true);
    });

    it("gives an account's active positions, in every commune it serves, and nobody else's", async () => {
      const chair = await f.addOfficial({ unitCode: home.code, kind: 'chair', chatId: '541' });
      const other = await f.addOfficial({ unitCode: neighbour.code, kind: 'head', chatId: '541' });
      const gone = await f.addOfficial({ unitCode: far.code, kind: 'staff', chatId: '541' });
      await f.addOfficial({ unitCode: home.code, kind: 'vice-chair', chatId: '542' });
      await f.revoke(gone.id, NOW);

      const held = await f.accounts.findActiveByExternalId('telegram', '541');
      expect(held.map((o) => [o.id, o.unitCode])).toEqual([
        [chair.id, home.code],
        [other.id, neighbour.code],
      ]);
      expect(await f.accounts.findActiveByExternalId('telegram', '549')).toEqual([]);
      expect(await f.accounts.findActiveByExternalId('zalo', '541')).toEqual([]);
      // The full list keeps revoked officials (the audit), by unit then rank.
      const all = await f.accounts.list();
      expect(all.map((o) => o.id)).toContain(gone.id);
      expect((await f.accounts.list({ unitCode: far.code })).map((o) => [o.id, o.active])).toEqual([
        [gone.id, false],
      ]);
      const homeList = await f.accounts.list({ unitCode: home.code });
      expect(homeList.map((o) => o.positionKind)).toEqual(['chair', 'vice-chair']);
    });

    it("lists a commune's heads and staff a report can be assigned to, not its leaders or observers", async () => {
      await f.addOfficial({ unitCode: home.code, kind: 'chair', chatId: '551' });
      const staffB = await f.addOfficial({ unitCode: home.code, kind: 'staff', chatId: '553' });
      const head = await f.addOfficial({ unitCode: home.code, kind: 'head', chatId: '552' });
      await f.addOfficial({ unitCode: home.code, kind: 'staff', chatId: '554', role: 'observer' });
      const left = await f.addOfficial({ unitCode: home.code, kind: 'staff', chatId: '555' });
      await f.addOfficial({ unitCode: neighbour.code, kind: 'staff', chatId: '556' });
      await f.revoke(left.id, NOW);

      // By name (Cán bộ 552 before Cán bộ 553).
      expect((await f.accounts.staffOfUnit(home.code)).map((o) => o.id)).toEqual([
        head.id,
        staffB.id,
      ]);
    });

    it('finds a staff group by chat until it is deactivated, and sets its language', async () => {
      await f.addGroup({ unitCode: home.code, chatId: '-100561' });
      expect(await f.accounts.groupByChat('-100561')).toMatchObject({
        unitCode: home.code,
        chatId: '-100561',
        lang: 'vi',
        active: true,
      });
      expect(await f.accounts.groupByChat('-100561', 'zalo')).toBeUndefined();
      expect(await f.accounts.setGroupLang('-100561', 'en')).toBe(true);
      expect((await f.accounts.groupByChat('-100561'))?.lang).toBe('en');
      expect(await f.accounts.setGroupLang('-100569', 'en')).toBe(false);

      await f.accounts.deactivateGroup('-100561');
      expect(await f.accounts.groupByChat('-100561')).toBeUndefined();
      expect(await f.directory.groupsOfUnit(home.code)).toEqual([]);
      expect(await f.accounts.setGroupLang('-100561', 'vi')).toBe(false);
      // Registered again (the bot was added back): it alerts again.
      await f.addGroup({ unitCode: home.code, chatId: '-100561' });
      expect((await f.accounts.groupByChat('-100561'))?.active).toBe(true);
    });

    it("sets the language of every active position of an account, and only that account's", async () => {
      const a = await f.addOfficial({ unitCode: home.code, kind: 'chair', chatId: '571' });
      const b = await f.addOfficial({ unitCode: neighbour.code, kind: 'chair', chatId: '571' });
      const c = await f.addOfficial({ unitCode: home.code, kind: 'vice-chair', chatId: '572' });
      expect(await f.accounts.setLangByExternalId('telegram', '571', 'en')).toBe(2);
      expect((await f.directory.get(a.id))?.lang).toBe('en');
      expect((await f.directory.get(b.id))?.lang).toBe('en');
      expect((await f.directory.get(c.id))?.lang).toBe('vi');
      expect(await f.accounts.setLangByExternalId('telegram', '579', 'en')).toBe(0);
    });
  });
}
