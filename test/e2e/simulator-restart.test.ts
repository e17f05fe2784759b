/**
 * The simulator never ignores a citizen: after `npm start` restarts, the fake Bot API goes on
 * numbering updates where it stopped (kept under the data directory, as Telegram keeps its own),
 * and a new bot token on the same database is a new numbering that gopy does not mistake for
 * updates it has already handled.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeBotApi } from '../../src/simulator/fake-bot-api.ts';
import { createFileUpdateIdStore } from '../../src/simulator/update-id-file.ts';
import { startHarness } from '../support/gopy-harness.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const LAN = 7301;
const MENU = /Ông\/Bà muốn làm gì\?/;

describe('simulator restarts', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase({ seeded: true });
    dir = await mkdtemp(join(tmpdir(), 'gopy-sim-'));
  }, 90_000);
  afterAll(async () => {
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  /** One `npm start`: a fresh fake Bot API (nothing in memory) and a fresh gopy. */
  async function session(token?: string) {
    const fake = await createFakeBotApi({
      port: 0,
      updateIds: createFileUpdateIdStore(join(dir, 'simulator-update-ids.json')),
    });
    const h = await startHarness({ db, fake, ...(token ? { token } : {}) });
    return {
      h,
      async close() {
        await h.close();
        await fake.close();
      },
    };
  }

  it('Bà Lan is answered after every restart, and by a new bot on the same database', async () => {
    const first = await session();
    const id1 = await first.h.sendMessage(LAN, { text: '/start' });
    expect(first.h.last(LAN)?.text).toMatch(MENU);
    await first.h.sendMessage(LAN, { text: '/help' });
    await first.close();

    const second = await session();
    await second.h.send(LAN, '/start');
    const id2 = await second.h.sendMessage(LAN, { text: '/start' });
    // Numbering went on: Telegram never hands a bot an update id twice.
    expect(id2).toBeGreaterThan(id1 + 1);
    expect(second.h.texts(LAN).filter((t) => MENU.test(t))).toHaveLength(2);
    await second.close();

    // Another bot's numbering starts from 1: those ids are not the first bot's, so not dropped.
    const other = await session('654321:ANOTHER-token-on-the-same-database');
    const id3 = await other.h.sendMessage(LAN, { text: '/start' });
    expect(id3).toBe(1);
    expect(other.h.last(LAN)?.text).toMatch(MENU);
    await other.close();
  }, 120_000);
});
