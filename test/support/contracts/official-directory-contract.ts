/**
 * What every implementation of the officials' directory (app/ports/official-directory.ts) must
 * do, run against the in-memory one (test/unit/ports) and the PostgreSQL one
 * (test/integration/ports): the habit of BullMQ's adapter conformance suites.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OfficialRole, PositionKind } from '../../../src/core/positions.ts';
import type {
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
  });
}
