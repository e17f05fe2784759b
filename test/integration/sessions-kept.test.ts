/**
 * The chat rows a process keeps between updates (src/persistence/sessions-repository.ts) on
 * real PostgreSQL, with two clients on one database standing for two processes: a kept copy
 * is really used, yet a copy that is not the row any more never writes over it; a row deleted
 * elsewhere (an erasure) is never served from a copy; a mark kept in process reaches the row
 * with the chat's next save.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PendingReplies } from '../../src/app/ports/chat-sessions.ts';
import { createPrismaClient, type PrismaHandle } from '../../src/persistence/prisma.ts';
import { referenceCacheFor } from '../../src/persistence/reference-cache.ts';
import {
  createSessionsRepository,
  type SessionsRepository,
} from '../../src/persistence/sessions-repository.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { silently } from '../support/silently.ts';
import { until } from '../support/until.ts';

interface State {
  step: string;
}

let db: TestDatabase;
/** "This process". */
let here: SessionsRepository<State>;
/** "Another process" on the same database. */
let other: PrismaHandle;
let there: SessionsRepository<State>;

beforeAll(async () => {
  db = await createTestDatabase();
  here = createSessionsRepository<State>(db.prisma);
  other = createPrismaClient(db.url, { maxConnections: 2 });
  there = createSessionsRepository<State>(other.prisma);
  // Rows are kept only while the process hears deletes (its LISTEN connection is up).
  await until(
    'listening',
    () => referenceCacheFor(db.prisma).changeCount('sessions') !== undefined,
  );
  await until(
    'listening',
    () => referenceCacheFor(other.prisma).changeCount('sessions') !== undefined,
  );
}, 60_000);

afterAll(async () => {
  await other?.close();
  await db?.drop();
});

/** The row as stored, whatever any process keeps. */
async function stored(key: string) {
  const rows = await db.prisma.$queryRawUnsafe<Array<{ state: unknown; revision: number }>>(
    'SELECT state, revision FROM sessions WHERE key = $1',
    key,
  );
  return rows[0];
}

const reply = (text: string) => ({ type: 'text' as const, chatId: '801', text });

describe('chat rows kept in process', () => {
  it('serves the next update from the kept row, and a row changed since never gets written over', async () => {
    const key = 'telegram:kept-1';
    expect(await here.save(key, 0, { state: { step: 'kind' }, recentUpdateIds: [1] })).toBe(true);
    // Changed behind this process's back, unannounced: the kept row is what it reads.
    await silently(
      db.url,
      `UPDATE sessions SET state = '{"s":{"step":"elsewhere"},"seen":[1,2]}', revision = 2 WHERE key = $1`,
      [key],
    );
    const kept = await here.load(key);
    expect(kept).toMatchObject({ state: { step: 'kind' }, revision: 1 });

    // Its compare-and-set fails: the update is handled again on the row read afresh.
    expect(
      await here.save(key, kept.revision, { state: { step: 'unit' }, recentUpdateIds: [1, 3] }),
    ).toBe(false);
    const fresh = await here.load(key);
    expect(fresh).toMatchObject({
      state: { step: 'elsewhere' },
      revision: 2,
      recentUpdateIds: [1, 2],
    });
    expect(
      await here.save(key, fresh.revision, { state: { step: 'unit' }, recentUpdateIds: [1, 2, 3] }),
    ).toBe(true);
    expect(await stored(key)).toMatchObject({ state: { s: { step: 'unit' } }, revision: 3 });
  });

  it("lets another process's write win, then reads it", async () => {
    const key = 'telegram:kept-2';
    await here.save(key, 0, { state: { step: 'kind' }, recentUpdateIds: [1] });
    const mine = await here.load(key);
    const theirs = await there.load(key);
    expect(
      await there.save(key, theirs.revision, { state: { step: 'there' }, recentUpdateIds: [1, 2] }),
    ).toBe(true);

    expect(
      await here.save(key, mine.revision, { state: { step: 'here' }, recentUpdateIds: [1, 9] }),
    ).toBe(false);
    expect(await here.load(key)).toMatchObject({ state: { step: 'there' }, revision: 2 });
  });

  it('never serves a row deleted by another process (an erasure), even one inserted again up to the same revision', async () => {
    const key = 'telegram:kept-3';
    await here.save(key, 0, { state: { step: 'phone' }, recentUpdateIds: [1] });
    expect((await here.load(key)).state).toEqual({ step: 'phone' });

    const heard = referenceCacheFor(db.prisma).nextChange('sessions');
    await there.forget(key);
    await heard;
    expect(await there.save(key, 0, { state: { step: 'menu' }, recentUpdateIds: [7] })).toBe(true);

    // Revision 1 again, another conversation: read from the row, not the copy.
    expect(await here.load(key)).toMatchObject({
      state: { step: 'menu' },
      revision: 1,
      recentUpdateIds: [7],
    });
  });

  it('keeps a mark of replies sent in process, and writes it with the chat’s next save', async () => {
    const key = 'telegram:kept-4';
    const pending: PendingReplies = {
      updateId: 21,
      messages: [reply('Đã nhận ảnh'), reply('Sự việc ở đâu?')],
      sent: 0,
    };
    await here.save(key, 0, { state: { step: 'photo' }, recentUpdateIds: [21], outbox: [pending] });
    await here.markRepliesSent(key, 21, 1);
    await here.markRepliesSent(key, 21, 2, { durable: false });

    // This process sees every reply sent (a redelivery here resends nothing) ...
    const kept = await here.load(key);
    expect(kept.outbox).toEqual([]);
    // ... the row still says one of two, until the chat's next save.
    expect(await stored(key)).toMatchObject({
      state: { out: [{ updateId: 21, sent: 1 }] },
      revision: 2,
    });
    expect(
      await here.save(key, kept.revision, {
        state: { step: 'location' },
        recentUpdateIds: [21, 22],
      }),
    ).toBe(true);
    const row = await stored(key);
    expect(row).toMatchObject({ state: { s: { step: 'location' } }, revision: 3 });
    expect(row?.state).not.toHaveProperty('out');
  });

  it('writes the mark at once when the row is not kept here', async () => {
    const key = 'telegram:kept-5';
    const pending: PendingReplies = { updateId: 31, messages: [reply('Xin chào')], sent: 0 };
    await there.save(key, 0, { state: { step: 'menu' }, recentUpdateIds: [31], outbox: [pending] });
    await here.markRepliesSent(key, 31, 1, { durable: false });
    expect(await stored(key)).toMatchObject({ state: { out: [] }, revision: 2 });
  });

  it('hands the saved state to the next update once: a step that changed it and failed leaves the row as saved', async () => {
    const key = 'telegram:kept-6';
    await here.save(key, 0, { state: { step: 'kind' }, recentUpdateIds: [41] });
    const first = await here.load(key);
    // The step changes the state it was given, then fails: nothing is saved.
    first.state!.step = 'half-done';
    const again = await here.load(key);
    expect(again.state).toEqual({ step: 'kind' });
    expect(again.state).not.toBe(first.state);
    // Two updates of the chat side by side get a state each.
    const [a, b] = await Promise.all([here.load(key), here.load(key)]);
    expect(a.state).not.toBe(b.state);
  });
});
