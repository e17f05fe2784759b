/**
 * Setting up a real commune with the CLI on real PostgreSQL: `gopy setup` is idempotent and
 * keeps a commune's own edits, `gopy seed` refuses production databases, `gopy units status`
 * says why a commune is not ready, invite links name the configured bot, and the embedded data
 * directory has one owner.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminCommand } from '../../src/cli/admin-commands.ts';
import { loadConfig } from '../../src/config.ts';
import { DataDirLockedError, lockDataDir } from '../../src/persistence/data-dir-lock.ts';
import { seedDemo } from '../../src/persistence/seed-demo.ts';
import { importUnits } from '../../src/persistence/units-import.ts';
import { addOfficial, otherCommunes } from '../support/routing-fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let db: TestDatabase;
let commune: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await importUnits(db.prisma);
  [commune] = (await otherCommunes(db.prisma, 1)) as [string];
});

afterAll(async () => {
  await db?.drop();
});

/** Runs one admin command as `gopy …` would; returns what it printed and warned. */
async function gopy(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const [command, ...rest] = args;
  await runAdminCommand(command ?? '', rest, {
    prisma: db.prisma,
    print: (line) => out.push(line),
    warn: (line) => err.push(line),
    config: loadConfig({ DATABASE_URL: db.url, ...env }),
  });
  return { out: out.join('\n'), err: err.join('\n') };
}

describe('gopy units status and gopy setup', () => {
  it('says a commune is not ready, and why, before anything is set up', async () => {
    const { out } = await gopy(['units', 'status', commune]);
    expect(out).toContain('CHƯA SẴN SÀNG / NOT READY');
    expect(out).toContain('no category (run "gopy setup")');
    expect(out).toContain('Reports are kept until an official registers');
  });

  it('loads one set of reference data however often it runs, with the commune positions', async () => {
    const first = await gopy(['setup', '--unit', commune]);
    expect(first.out).toContain('Loaded 8 categories');
    await gopy(['setup', '--unit', commune]);
    expect(await db.prisma.category.count()).toBe(8);
    expect(await db.prisma.cannedReply.count()).toBe(19);
    const positions = await db.prisma.position.findMany({ where: { unitCode: commune } });
    expect(positions.map((p) => p.kind).sort()).toEqual([
      'chair',
      'head',
      'staff',
      'vice-chair',
      'vice-chair',
    ]);
  });

  it("keeps a commune's own category deadline across a later setup", async () => {
    const set = await gopy(['categories', 'set', '--code', 'giao-thong', '--days', '7']);
    expect(set.out).toContain('Đã cập nhật lĩnh vực giao-thong «Giao thông, đường sá»: 7 ngày');
    await gopy(['setup']);
    const listed = await gopy(['categories', 'list']);
    expect(listed.out).toMatch(/giao-thong\s+7\s/);
  });

  it('names the missing official once categories exist, and is ready once a chair registers', async () => {
    const before = await gopy(['units', 'status', commune]);
    expect(before.out).toContain('no reachable official for: giao-thong');
    await addOfficial(db.prisma, { unitCode: commune, kind: 'chair', chatId: 123_456_789 });
    const after = await gopy(['units', 'status', commune]);
    expect(after.out).toContain('Ready: every category reaches an official.');
  });

  it('fails naming the flag on a bad position kind', async () => {
    await expect(
      gopy(['positions', 'set', '--unit', commune, '--kind', 'boss', '--title', 'Sếp']),
    ).rejects.toThrow(/--kind/);
  });

  it('adds a reply for one commune only', async () => {
    await gopy(['replies', 'set', '--unit', commune, '--text', 'Xã đã xử lý xong, cảm ơn Ông/Bà.']);
    const mine = await gopy(['replies', 'list', '--unit', commune]);
    expect(mine.out).toContain('Xã đã xử lý xong');
    const other = await gopy(['replies', 'list', '--unit', '12694']);
    expect(other.out).not.toContain('Xã đã xử lý xong');
  });
});

describe('gopy seed', () => {
  it('refuses with NODE_ENV=production', async () => {
    await expect(gopy(['seed'], { NODE_ENV: 'production' })).rejects.toThrow(
      /refused with NODE_ENV=production/,
    );
  });

  it('refuses a database with a real official (the chair registered above)', async () => {
    await expect(seedDemo(db.prisma)).rejects.toThrow(/1 real official/);
    expect(await db.prisma.official.count()).toBe(1);
  });
});

describe('invite links', () => {
  it('name BOT_USERNAME', async () => {
    const { out, err } = await gopy(
      ['officials', 'invite', '--unit', commune, '--position', 'vice-chair'],
      { BOT_USERNAME: 'ubnd_xa_test_bot' },
    );
    expect(out).toMatch(/https:\/\/t\.me\/ubnd_xa_test_bot\?start=inv_[\w-]+/);
    expect(err).toBe('');
  });

  it('say loudly that they open the simulator without BOT_TOKEN or BOT_USERNAME', async () => {
    const { out, err } = await gopy([
      'officials',
      'invite',
      '--unit',
      commune,
      '--position',
      'staff',
    ]);
    expect(out).toContain('https://t.me/gopy_simulator_bot?start=inv_');
    expect(err).toContain('WARNING');
    expect(err).toContain('BOT_USERNAME');
  });
});

describe('the embedded data directory', () => {
  it('has one owner; a second opener is told to stop gopy or use PostgreSQL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gopy-lock-'));
    const lock = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir)).toThrow(/in use by another gopy \(pid \d+\).*DATABASE_URL/s);
    lock.release();
    lockDataDir(dir).release();
  });

  it('takes over the lock of a process that is gone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gopy-lock-'));
    // The largest pid Linux hands out is 4194304: this one cannot be running.
    writeFileSync(join(dir, 'gopy.lock'), '99999999\n');
    const lock = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    lock.release();
  });
});
