/**
 * The in-process copies of rarely-changing tables (src/persistence/reference-cache.ts) on real
 * PostgreSQL, with two clients on one database standing for two processes (each its own pool
 * and LISTEN connection): what one writes the other sees once PostgreSQL's NOTIFY arrives, what
 * a process writes itself it sees on its very next read, and a copy is really kept (a change
 * that nobody announces is not seen) until the LISTEN connection is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Categories } from '../../src/app/ports/categories.ts';
import type { Units } from '../../src/app/ports/units.ts';
import { createCategoriesRepository } from '../../src/persistence/categories-repository.ts';
import {
  createOfficialsRepository,
  type OfficialsRepository,
} from '../../src/persistence/officials-repository.ts';
import { createPrismaClient, type PrismaHandle } from '../../src/persistence/prisma.ts';
import { referenceCacheFor } from '../../src/persistence/reference-cache.ts';
import { createUnitsRepository } from '../../src/persistence/units-repository.ts';
import { addOfficial } from '../support/routing-fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { silently } from '../support/silently.ts';
import { until } from '../support/until.ts';

let db: TestDatabase;
/** "This process": its repositories read through its own cache. */
let officials: OfficialsRepository;
let categories: Categories;
let units: Units;
/** "Another process" on the same database. */
let other: PrismaHandle;

beforeAll(async () => {
  db = await createTestDatabase({ seeded: true });
  officials = createOfficialsRepository(db.prisma);
  categories = createCategoriesRepository(db.prisma);
  units = createUnitsRepository(db.prisma);
  other = createPrismaClient(db.url, { maxConnections: 2 });
  // The first read starts the LISTEN connection; copies are kept once it listens.
  await categories.listActive();
  await until('listening', async () => {
    const rows = await db.prisma.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND query = 'LISTEN gopy_reference'`,
    );
    return rows[0]!.n >= 1;
  });
}, 60_000);

afterAll(async () => {
  await other?.close();
  await db?.drop();
});

const names = async () => (await categories.listActive()).map((c) => c.nameVi);

describe('reference cache', () => {
  it('an official added by another process is recognised once its NOTIFY arrives, and a revoked one no more', async () => {
    const chatId = 9061;
    expect(await officials.findActiveByExternalId('telegram', String(chatId))).toEqual([]);
    const heard = referenceCacheFor(db.prisma).nextChange('officials');
    await addOfficial(other.prisma, { unitCode: '13186', kind: 'vice-chair', chatId });
    await heard;
    const [found] = await officials.findActiveByExternalId('telegram', String(chatId));
    expect(found).toMatchObject({ unitCode: '13186', externalId: String(chatId), active: true });

    const revoked = referenceCacheFor(db.prisma).nextChange('officials');
    await other.prisma.official.updateMany({
      where: { externalId: String(chatId) },
      data: { active: false },
    });
    await revoked;
    expect(await officials.findActiveByExternalId('telegram', String(chatId))).toEqual([]);
  });

  it("this process's own write is seen on its very next read, without waiting for the NOTIFY", async () => {
    const chatId = 9062;
    expect(await officials.findActiveByExternalId('telegram', String(chatId))).toEqual([]);
    await addOfficial(db.prisma, { unitCode: '12694', kind: 'vice-chair', chatId });
    expect(await officials.findActiveByExternalId('telegram', String(chatId))).toHaveLength(1);

    await db.prisma.category.update({ where: { code: 'khac' }, data: { nameVi: 'Việc khác' } });
    expect(await names()).toContain('Việc khác');
    await db.prisma.category.update({ where: { code: 'khac' }, data: { nameVi: 'Khác' } });
    expect(await names()).toContain('Khác');
  });

  it('a category renamed or retired by another process, and a unit renamed, show up', async () => {
    expect(await names()).toContain('Giao thông, đường sá');
    let heard = referenceCacheFor(db.prisma).nextChange('categories');
    await other.prisma.category.update({
      where: { code: 'giao-thong' },
      data: { nameVi: 'Đường sá, cầu cống', active: true },
    });
    await heard;
    expect(await names()).toContain('Đường sá, cầu cống');
    expect((await categories.get('giao-thong'))?.nameVi).toBe('Đường sá, cầu cống');

    heard = referenceCacheFor(db.prisma).nextChange('categories');
    await other.prisma.category.update({ where: { code: 'giao-thong' }, data: { active: false } });
    await heard;
    expect(await names()).not.toContain('Đường sá, cầu cống');
    // Retired categories are still known by code (old reports name them).
    expect((await categories.get('giao-thong'))?.nameVi).toBe('Đường sá, cầu cống');
    await other.prisma.category.update({
      where: { code: 'giao-thong' },
      data: { nameVi: 'Giao thông, đường sá', active: true },
    });

    expect((await units.get('12694'))?.name).toBe('Xã Bắc Đông Hưng');
    heard = referenceCacheFor(db.prisma).nextChange('units');
    await other.prisma.unit.update({ where: { code: '12694' }, data: { name: 'Xã Bắc Hưng' } });
    await heard;
    expect((await units.get('12694'))?.name).toBe('Xã Bắc Hưng');
    await other.prisma.unit.update({
      where: { code: '12694' },
      data: { name: 'Xã Bắc Đông Hưng' },
    });
  });

  it("a commune's group linked or unlinked by another process, or by this one, is seen on the next report", async () => {
    const titles = async () => (await officials.groupsOfUnit('13186')).map((g) => g.title);
    const before = await titles();
    let heard = referenceCacheFor(db.prisma).nextChange('unit_groups');
    await other.prisma.unitGroup.create({
      data: { unitCode: '13186', chatId: '-100906301', title: 'Nhóm một cửa Đông Hưng' },
    });
    await heard;
    expect(await titles()).toEqual([...before, 'Nhóm một cửa Đông Hưng']);

    // This process's own writes: seen at once.
    await officials.registerGroup({ unitCode: '13186', chatId: '-100906302', title: 'Nhóm hai' });
    expect(await titles()).toEqual([...before, 'Nhóm một cửa Đông Hưng', 'Nhóm hai']);
    await officials.deactivateGroup('-100906302');
    expect(await titles()).toEqual([...before, 'Nhóm một cửa Đông Hưng']);

    heard = referenceCacheFor(db.prisma).nextChange('unit_groups');
    await other.prisma.unitGroup.updateMany({
      where: { chatId: '-100906301' },
      data: { active: false },
    });
    await heard;
    expect(await titles()).toEqual(before);

    // Kept between reports: a change that announces nothing (triggers off) is not seen.
    await silently(db.url, `UPDATE unit_groups SET title = $1 WHERE chat_id = '-100906301'`, [
      'Không ai báo',
    ]);
    await silently(db.url, `UPDATE unit_groups SET active = true WHERE chat_id = '-100906301'`, []);
    expect(await titles()).toEqual(before);
  });

  it('keeps its copy until told; a lost LISTEN connection drops every copy', async () => {
    await until('the rename undone', async () => (await names()).includes('Giao thông, đường sá'));
    // Kept: a change that announces nothing (triggers off) is not seen.
    await silently(db.url, `UPDATE categories SET name_vi = $1 WHERE code = 'thu-tuc'`, [
      'Thủ tục',
    ]);
    expect(await names()).toContain('Thủ tục hành chính');
    expect(await names()).not.toContain('Thủ tục');

    // The LISTEN connection lost (here: killed), so a notification may have been missed.
    await other.prisma.$queryRawUnsafe(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND query = 'LISTEN gopy_reference'`,
    );
    await until('the copy dropped', async () => (await names()).includes('Thủ tục'));
    // It listens again and keeps copies again: a second silent change is not seen.
    let flip = 0;
    await until('listening again, keeping a copy', async () => {
      const before = await names();
      flip += 1;
      await silently(db.url, `UPDATE categories SET name_vi = $1 WHERE code = 'thu-tuc'`, [
        `Thủ tục ${flip}`,
      ]);
      return (await names()).join() === before.join();
    });
    await other.prisma.category.update({
      where: { code: 'thu-tuc' },
      data: { nameVi: 'Thủ tục hành chính' },
    });
  });
  it('a write that changes no row keeps the copy (an official marked reachable after each alert); one that changes a row drops it', async () => {
    const chatId = '9062';
    const [official] = await officials.findActiveByExternalId('telegram', chatId);
    expect(official).toBeDefined();
    const id = official!.id;
    /** Marks the official unreachable with nobody told, then reachable again through the repository. */
    const reachableAgain = async () => {
      await silently(db.url, `UPDATE officials SET unreachable_at = now() WHERE id = $1`, [id]);
      await officials.markReachable(id);
    };
    // Revoked silently, and the copy of the accounts reloaded without it (a row changed here).
    await silently(db.url, `UPDATE officials SET active = false WHERE id = $1`, [id]);
    await reachableAgain();
    expect(await officials.findActiveByExternalId('telegram', chatId)).toEqual([]);
    // Restored silently: the kept copy still does not know the account.
    await silently(db.url, `UPDATE officials SET active = true WHERE id = $1`, [id]);
    expect(await officials.findActiveByExternalId('telegram', chatId)).toEqual([]);
    // Already reachable: the delivery queue's mark changes no row, so the copy is kept.
    await officials.markReachable(id);
    expect(await officials.findActiveByExternalId('telegram', chatId)).toEqual([]);
    // Unreachable, then marked reachable: a row changed here, so the copy is dropped at once.
    await reachableAgain();
    expect(await officials.findActiveByExternalId('telegram', chatId)).toHaveLength(1);
  });
});
