/**
 * What every implementation of the outbox (app/ports/outbox.ts) must do, run against the
 * in-memory one (test/unit/ports) and the delivery queue on PostgreSQL and Redis
 * (test/integration/ports): one delivery per dedupe key, whoever asks how often.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewDelivery, Outbox } from '../../../src/app/ports/outbox.ts';

export interface OutboxFixture {
  outbox: Outbox;
  /** The delivery stored under a dedupe key, as it will be sent. */
  stored(dedupeKey: string): Promise<Pick<NewDelivery, 'chatId' | 'message'> | undefined>;
  close(): Promise<void>;
}

const delivery = (dedupeKey: string, text: string): NewDelivery => ({
  dedupeKey,
  chatId: '7001',
  message: { type: 'text', chatId: '7001', text },
});

export function describeOutboxContract(name: string, make: () => Promise<OutboxFixture>): void {
  describe(`Outbox contract: ${name}`, () => {
    let f: OutboxFixture;
    beforeAll(async () => {
      f = await make();
    });
    afterAll(async () => {
      await f.close();
    });

    it('stores one delivery per dedupe key: a retried job sends nothing twice', async () => {
      const first = await f.outbox.enqueue(delivery('contract-a', 'Phiếu đã được chuyển.'));
      expect(first.created).toBe(true);
      const again = await f.outbox.enqueue(delivery('contract-a', 'Một nội dung khác'));
      expect(again).toMatchObject({ id: first.id, created: false });
      // The first message stands.
      expect(await f.stored('contract-a')).toEqual({
        chatId: '7001',
        message: { type: 'text', chatId: '7001', text: 'Phiếu đã được chuyển.' },
      });

      const other = await f.outbox.enqueue(delivery('contract-b', 'Tin khác'));
      expect(other.created).toBe(true);
      expect(other.id).not.toBe(first.id);
    });

    it('keeps both of two simultaneous enqueues of one key as one delivery', async () => {
      const results = await Promise.all([
        f.outbox.enqueue(delivery('contract-c', 'Cùng lúc')),
        f.outbox.enqueue(delivery('contract-c', 'Cùng lúc')),
      ]);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(results[0]?.id).toBe(results[1]?.id);
    });
  });
}
