/**
 * One delivery queue per bot behind the DeliveryQueue interface: Telegram's 30 messages a
 * second, its per-chat pacing and its 429 pauses are per bot, so each bot has its own BullMQ
 * queue, limiter, gate and rows (deliveries.bot). `enqueue` hands a delivery to the queue of its
 * `bot` ('' or unset: BOT_TOKEN's); the other methods run on every queue.
 */
import type { Logger } from '../logger.ts';
import type { NewDelivery } from '../app/ports/outbox.ts';
import type { DeliveryQueue } from './delivery-queue.ts';

export function createBotDeliveryQueues(
  queues: ReadonlyMap<string, DeliveryQueue>,
  logger: Logger,
): DeliveryQueue {
  const main = queues.get('');
  if (!main) throw new Error('the default bot has no delivery queue');
  const all = [...queues.values()];
  return {
    enqueue(input: NewDelivery) {
      const queue = queues.get(input.bot ?? '');
      if (queue) return queue.enqueue(input);
      // A bot removed since the choice was made: its chats are most likely on the default bot.
      logger.warn({ bot: input.bot }, 'delivery for an unknown bot sent through the default bot');
      return main.enqueue({ ...input, bot: '' });
    },
    startWorker() {
      for (const queue of all) queue.startWorker();
    },
    async requeuePending(options) {
      let requeued = 0;
      for (const queue of all) requeued += await queue.requeuePending(options);
      return requeued;
    },
    async close(options) {
      await Promise.all(all.map((queue) => queue.close(options)));
    },
  };
}
