/**
 * What every implementation of the officials' web sign-in store (app/ports/web-sessions.ts)
 * must do, run against the in-memory one (test/unit/ports) and the PostgreSQL one
 * (test/integration/ports): a link opens once and not after it expired; a session lives while
 * used, and once ended, idle or too old it never comes back; purging deletes only the dead.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebSessions } from '../../../src/app/ports/web-sessions.ts';

export interface WebSessionsFixture {
  sessions: WebSessions;
  close(): Promise<void>;
}

const T0 = new Date('2026-03-02T03:00:00Z');
const MINUTE = 60_000;
const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE);
const CHAIR = { channel: 'telegram', externalId: '5001' };
/** Idle after 30 minutes, at most 12 hours long, seen from `now`. */
const limits = (now: Date) => ({
  idleSince: new Date(now.getTime() - 30 * MINUTE),
  startedSince: new Date(now.getTime() - 12 * 60 * MINUTE),
});

export function describeWebSessionsContract(
  name: string,
  make: () => Promise<WebSessionsFixture>,
): void {
  describe(`WebSessions contract: ${name}`, () => {
    let f: WebSessionsFixture;
    beforeEach(async () => {
      f = await make();
    });
    afterEach(async () => {
      await f.close();
    });

    it('opens a sign-in link once, and never after it expired', async () => {
      await f.sessions.saveLoginToken({ ...CHAIR, tokenHash: 'link-1', expiresAt: at(10) });
      await f.sessions.saveLoginToken({ ...CHAIR, tokenHash: 'link-2', expiresAt: at(10) });
      expect(await f.sessions.claimLoginToken('link-1', at(1))).toEqual(CHAIR);
      expect(await f.sessions.claimLoginToken('link-1', at(2))).toBeUndefined();
      expect(await f.sessions.claimLoginToken('link-2', at(10))).toBeUndefined();
      expect(await f.sessions.claimLoginToken('link-unknown', at(1))).toBeUndefined();
    });

    it('keeps a session alive while used, and an idle, old or ended one never comes back', async () => {
      await f.sessions.createSession({ ...CHAIR, idHash: 's-1', now: at(0) });
      expect(await f.sessions.touchSession('s-1', at(20), limits(at(20)))).toEqual(CHAIR);
      // Seen at 20: still alive at 45, as each use counts.
      expect(await f.sessions.touchSession('s-1', at(45), limits(at(45)))).toEqual(CHAIR);
      // Not used for 31 minutes: idle, and it stays so (a refused touch is no use).
      expect(await f.sessions.touchSession('s-1', at(76), limits(at(76)))).toBeUndefined();
      expect(await f.sessions.touchSession('s-1', at(77), limits(at(77)))).toBeUndefined();

      await f.sessions.createSession({ ...CHAIR, idHash: 's-2', now: at(0) });
      const late = at(12 * 60 + 1);
      expect(
        await f.sessions.touchSession('s-2', late, { ...limits(late), idleSince: at(-1) }),
      ).toBeUndefined();

      await f.sessions.createSession({ ...CHAIR, idHash: 's-3', now: at(0) });
      await f.sessions.endSession('s-3', at(5));
      await f.sessions.endSession('s-3', at(6));
      expect(await f.sessions.touchSession('s-3', at(6), limits(at(6)))).toBeUndefined();
      expect(await f.sessions.touchSession('s-unknown', at(6), limits(at(6)))).toBeUndefined();
    });

    it('purges expired links and dead sessions, and only those', async () => {
      await f.sessions.saveLoginToken({ ...CHAIR, tokenHash: 'old', expiresAt: at(5) });
      await f.sessions.saveLoginToken({ ...CHAIR, tokenHash: 'fresh', expiresAt: at(100) });
      await f.sessions.createSession({ ...CHAIR, idHash: 'live', now: at(50) });
      await f.sessions.createSession({ ...CHAIR, idHash: 'idle', now: at(0) });
      await f.sessions.createSession({ ...CHAIR, idHash: 'ended', now: at(50) });
      await f.sessions.endSession('ended', at(55));

      expect(await f.sessions.purgeDead({ tokensExpiredBefore: at(60), ...limits(at(60)) })).toBe(
        3,
      );
      expect(await f.sessions.claimLoginToken('fresh', at(60))).toEqual(CHAIR);
      expect(await f.sessions.touchSession('live', at(60), limits(at(60)))).toEqual(CHAIR);
      expect(await f.sessions.purgeDead({ tokensExpiredBefore: at(60), ...limits(at(60)) })).toBe(
        0,
      );
    });
  });
}
