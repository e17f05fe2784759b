/**
 * What every implementation of the canned answers (app/ports/canned-replies.ts) must do, run
 * against the in-memory one (test/unit/ports) and the PostgreSQL one (test/integration/ports):
 * an official of one commune is offered that commune's replies and the generic ones, never
 * another commune's, the most specific first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CannedReplies, CannedReplyRecord } from '../../../src/app/ports/canned-replies.ts';

export interface CannedRepliesFixture {
  canned: CannedReplies;
  /** Adds a reply as the admin command does: the same text twice is kept once. */
  add(input: {
    unitCode?: string;
    categoryCode?: string;
    status?: string;
    text: string;
    sortOrder?: number;
  }): Promise<CannedReplyRecord>;
  remove(id: number): Promise<boolean>;
  close(): Promise<void>;
}

const HOME = '10001';
const NEIGHBOUR = '10002';

export function describeCannedRepliesContract(
  name: string,
  make: () => Promise<CannedRepliesFixture>,
): void {
  describe(`CannedReplies contract: ${name}`, () => {
    let f: CannedRepliesFixture;
    const ids: Record<string, number> = {};
    beforeAll(async () => {
      f = await make();
      const add = async (label: string, input: Parameters<CannedRepliesFixture['add']>[0]) => {
        ids[label] = (await f.add(input)).id;
      };
      await add('generic', { text: 'Xã đã tiếp nhận và đang xử lý.' });
      await add('generic-first', { text: 'Cảm ơn Ông/Bà đã phản ánh.', sortOrder: -1 });
      await add('resolved', { status: 'resolved', text: 'Xã đã xử lý xong.' });
      await add('roads', { categoryCode: 'giao-thong', text: 'Xã đã cử người vá đường.' });
      await add('waste', { categoryCode: 'moi-truong', text: 'Xã đã thu gom rác.' });
      await add('home', { unitCode: HOME, text: 'UBND xã Bắc Đông Hưng đã nhận được.' });
      await add('neighbour', { unitCode: NEIGHBOUR, text: 'UBND xã Đông Hưng đã nhận được.' });
    });
    afterAll(async () => {
      await f.close();
    });

    const labels = (replies: CannedReplyRecord[]) =>
      replies.map((r) => Object.entries(ids).find(([, id]) => id === r.id)?.[0] ?? r.id);

    it("offers a commune its own replies and the generic ones, never another commune's", async () => {
      // No status asked: a reply tied to a status is not left out.
      expect(labels(await f.canned.list({ unitCode: HOME, categoryCode: 'giao-thong' }))).toEqual([
        'home',
        'roads',
        'resolved',
        'generic-first',
        'generic',
      ]);
    });

    it('fits the category and the status being answered, most specific first', async () => {
      expect(
        labels(await f.canned.list({ categoryCode: 'moi-truong', status: 'resolved' })),
      ).toEqual(['home', 'neighbour', 'waste', 'resolved', 'generic-first', 'generic']);
      expect(labels(await f.canned.list({ status: 'resolved' }))).toEqual([
        'home',
        'neighbour',
        'roads',
        'waste',
        'resolved',
        'generic-first',
        'generic',
      ]);
      // Without a filter every reply is listed.
      expect(await f.canned.list()).toHaveLength(Object.keys(ids).length);
    });

    it('keeps the same text for the same place once, and finds a reply by id until removed', async () => {
      const again = await f.add({ categoryCode: 'giao-thong', text: 'Xã đã cử người vá đường.' });
      expect(again.id).toBe(ids['roads']);
      const elsewhere = await f.add({
        unitCode: NEIGHBOUR,
        categoryCode: 'giao-thong',
        text: 'Xã đã cử người vá đường.',
      });
      expect(elsewhere.id).not.toBe(ids['roads']);

      expect(await f.canned.get(ids['roads']!)).toMatchObject({
        categoryCode: 'giao-thong',
        unitCode: null,
        status: null,
        text: 'Xã đã cử người vá đường.',
      });
      expect(await f.remove(elsewhere.id)).toBe(true);
      expect(await f.remove(elsewhere.id)).toBe(false);
      expect(await f.canned.get(elsewhere.id)).toBeUndefined();
    });
  });
}
