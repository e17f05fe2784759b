/**
 * What every implementation of the chat sessions (app/ports/chat-sessions.ts) must do, run
 * against the in-memory one (test/unit/ports) and the PostgreSQL one (test/integration/ports).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatSessions, PendingReplies } from '../../../src/app/ports/chat-sessions.ts';

export interface ChatSessionsFixture {
  sessions: ChatSessions;
  close(): Promise<void>;
}

const reply = (text: string) => ({ type: 'text' as const, chatId: '701', text });

export function describeChatSessionsContract(
  name: string,
  make: () => Promise<ChatSessionsFixture>,
): void {
  describe(`ChatSessions contract: ${name}`, () => {
    let f: ChatSessionsFixture;
    let n = 0;
    const newKey = () => `telegram:contract-${++n}`;
    beforeAll(async () => {
      f = await make();
    });
    afterAll(async () => {
      await f.close();
    });

    it('starts a chat empty at revision 0', async () => {
      expect(await f.sessions.load(newKey())).toMatchObject({
        state: undefined,
        revision: 0,
        recentUpdateIds: [],
        outbox: [],
      });
    });

    it('saves with compare-and-set: a stale revision writes nothing', async () => {
      const key = newKey();
      const next = { state: { lang: 'vi' as const }, recentUpdateIds: [11], updatesBot: 'bot1' };
      expect(await f.sessions.save(key, 0, next)).toBe(true);
      // A second first write (a concurrent update that also read "no session") loses.
      expect(await f.sessions.save(key, 0, { ...next, recentUpdateIds: [12] })).toBe(false);
      const stored = await f.sessions.load(key);
      expect(stored).toMatchObject({
        state: { lang: 'vi' },
        revision: 1,
        recentUpdateIds: [11],
        updatesBot: 'bot1',
      });
      expect(
        await f.sessions.save(key, stored.revision, { ...next, recentUpdateIds: [11, 13] }),
      ).toBe(true);
      expect(await f.sessions.save(key, stored.revision, next)).toBe(false);
      expect((await f.sessions.load(key)).recentUpdateIds).toEqual([11, 13]);
    });

    it('saves many chats at once, each with its own outcome: the stale ones write nothing', async () => {
      // Twelve chats at revision 1, then twelve saves side by side (on PostgreSQL they go as
      // one or two statements): every third one from a stale revision.
      const keys = Array.from({ length: 12 }, newKey);
      for (const key of keys)
        await f.sessions.save(key, 0, { state: { lang: 'vi' }, recentUpdateIds: [1] });
      const won = await Promise.all(
        keys.map((key, i) =>
          f.sessions.save(key, i % 3 === 0 ? 0 : 1, {
            state: { lang: 'en', params: { step: `s${i}` } },
            recentUpdateIds: [1, 100 + i],
          }),
        ),
      );
      expect(won).toEqual(keys.map((_, i) => i % 3 !== 0));
      for (const [i, key] of keys.entries()) {
        const stored = await f.sessions.load(key);
        if (i % 3 === 0) expect(stored).toMatchObject({ state: { lang: 'vi' }, revision: 1 });
        else
          expect(stored).toMatchObject({
            state: { lang: 'en', params: { step: `s${i}` } },
            revision: 2,
            recentUpdateIds: [1, 100 + i],
          });
      }
      // Two saves of one chat side by side, from the same revision: one wins.
      const [a, b] = await Promise.all(
        [200, 201].map((id) =>
          f.sessions.save(keys[1]!, 2, { state: { lang: 'vi' }, recentUpdateIds: [id] }),
        ),
      );
      expect([a, b].filter(Boolean)).toHaveLength(1);
      expect((await f.sessions.load(keys[1]!)).revision).toBe(3);
    });

    it('keeps the replies saved with a step until they are marked sent', async () => {
      const key = newKey();
      const pending: PendingReplies = {
        updateId: 21,
        messages: [reply('Câu hỏi 1'), reply('Câu hỏi 2')],
        sent: 0,
      };
      await f.sessions.save(key, 0, { state: undefined, recentUpdateIds: [21], outbox: [pending] });
      await f.sessions.markRepliesSent(key, 21, 1);
      const one = await f.sessions.load(key);
      expect(one.outbox).toEqual([{ ...pending, sent: 1 }]);
      // Marking bumps the revision: a handler that read before cannot write an older count back.
      expect(one.revision).toBe(2);
      await f.sessions.markRepliesSent(key, 21, 0);
      expect((await f.sessions.load(key)).outbox[0]?.sent).toBe(1);
      await f.sessions.markRepliesSent(key, 21, 2);
      expect((await f.sessions.load(key)).outbox).toEqual([]);
    });

    it('forgets a chat (an erasure)', async () => {
      const key = newKey();
      await f.sessions.save(key, 0, { state: { lang: 'en' }, recentUpdateIds: [31] });
      await f.sessions.forget(key);
      expect(await f.sessions.load(key)).toMatchObject({ state: undefined, revision: 0 });
    });
  });
}
