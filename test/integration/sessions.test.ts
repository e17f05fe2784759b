/** Sessions in PostgreSQL: compare-and-set on the revision, redelivered updates recognised. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionsRepository } from '../../src/persistence/sessions-repository.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

describe('sessions repository', () => {
  it('keeps state across loads and bumps the revision on each save', async () => {
    const sessions = createSessionsRepository<{ step: string }>(db.prisma);
    const first = await sessions.load('telegram:1');
    expect(first).toMatchObject({ state: undefined, revision: 0, recentUpdateIds: [] });
    expect(
      await sessions.save('telegram:1', 0, { state: { step: 'a' }, recentUpdateIds: [10] }),
    ).toBe(true);
    const second = await sessions.load('telegram:1');
    expect(second).toMatchObject({ state: { step: 'a' }, revision: 1, recentUpdateIds: [10] });
    expect(
      await sessions.save('telegram:1', 1, { state: { step: 'b' }, recentUpdateIds: [10, 11] }),
    ).toBe(true);
    expect((await sessions.load('telegram:1')).state).toEqual({ step: 'b' });
  });

  it('lets only one of two writers racing from the same revision win', async () => {
    const sessions = createSessionsRepository<{ who: string }>(db.prisma);
    await sessions.save('telegram:2', 0, { state: { who: 'start' }, recentUpdateIds: [1] });
    const results = await Promise.all(
      ['x', 'y', 'z'].map((who, i) =>
        sessions.save('telegram:2', 1, { state: { who }, recentUpdateIds: [1, 2 + i] }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const stored = await sessions.load('telegram:2');
    expect(stored.revision).toBe(2);
    expect(['x', 'y', 'z']).toContain(stored.state?.who);
  });

  it('lets only one of two first writes for a new chat win', async () => {
    const sessions = createSessionsRepository<{ who: string }>(db.prisma);
    const results = await Promise.all(
      ['x', 'y'].map((who) =>
        sessions.save('telegram:3', 0, { state: { who }, recentUpdateIds: [5] }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('lets two processes write the same chats at once: each row is won once, and neither fails', async () => {
    // Each process sends the saves that arrive while one is on its way as one statement; two such
    // statements locking the same rows in opposite orders would deadlock.
    const one = createSessionsRepository<{ who: string }>(db.prisma);
    const two = createSessionsRepository<{ who: string }>(db.prisma);
    const keys = Array.from(
      { length: 20 },
      (_, i) => `telegram:both-${String(i).padStart(2, '0')}`,
    );
    for (const key of keys)
      await one.save(key, 0, { state: { who: 'start' }, recentUpdateIds: [1] });
    const save = (sessions: typeof one, who: string) => (key: string) =>
      sessions.save(key, 1, { state: { who }, recentUpdateIds: [1, 2] });
    const [byOne, byTwo] = await Promise.all([
      Promise.all(keys.map(save(one, 'one'))),
      Promise.all([...keys].reverse().map(save(two, 'two'))).then((won) => won.reverse()),
    ]);
    for (const [i, key] of keys.entries()) {
      expect([byOne[i], byTwo[i]].filter(Boolean)).toHaveLength(1);
      const stored = await createSessionsRepository<{ who: string }>(db.prisma).load(key);
      expect(stored.revision).toBe(2);
      expect(stored.state?.who).toBe(byOne[i] ? 'one' : 'two');
    }
  });
});
