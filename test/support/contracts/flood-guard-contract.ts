/**
 * What every implementation of the flood limit (app/ports/flood-guard.ts) must do, run against
 * the in-memory one (test/unit/ports) and the Redis one (test/integration/ports): a chat may send
 * `limit` events per window; the first one over gets the polite note ('limited'), the rest are
 * dropped ('limited-noted'); other chats are not slowed, and the next window starts afresh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FloodGuard } from '../../../src/app/ports/flood-guard.ts';

export interface FloodGuardFixture {
  /** Three events per window of one second. */
  guard: FloodGuard;
  /** Lets a window pass (the memory clock moves; Redis is waited for). */
  nextWindow(): Promise<void>;
  close(): Promise<void>;
}

export function describeFloodGuardContract(
  name: string,
  make: () => Promise<FloodGuardFixture>,
): void {
  describe(`FloodGuard contract: ${name}`, () => {
    let f: FloodGuardFixture;
    beforeAll(async () => {
      f = await make();
    });
    afterAll(async () => {
      await f.close();
    });

    it('lets a chat send its limit, notes the first event over it, and drops the rest', async () => {
      const hits = [];
      for (let i = 0; i < 6; i++) hits.push(await f.guard.hit('telegram:7001'));
      expect(hits).toEqual(['ok', 'ok', 'ok', 'limited', 'limited-noted', 'limited-noted']);
      // Another chat is not slowed by this one.
      expect(await f.guard.hit('telegram:7002')).toBe('ok');

      await f.nextWindow();
      expect(await f.guard.hit('telegram:7001')).toBe('ok');
    });

    it('forgets a chat’s count as the end of its window would', async () => {
      const hits = [];
      for (let i = 0; i < 5; i++) hits.push(await f.guard.hit('telegram:7003'));
      expect(hits).toEqual(['ok', 'ok', 'ok', 'limited', 'limited-noted']);
      await f.guard.forget('telegram:7003');
      const after = [];
      for (let i = 0; i < 4; i++) after.push(await f.guard.hit('telegram:7003'));
      expect(after).toEqual(['ok', 'ok', 'ok', 'limited']);
    });
  });
}
