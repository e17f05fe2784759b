/**
 * One delivery queue per bot behind the DeliveryQueue interface: Telegram's 30 messages a
 * second, its per-chat pacing and its 429 pauses are per bot, so each bot has its own BullMQ
 * queue, limiter, gate and rows (deliveries.bot). `enqueue` hands a delivery to the queue of its
 * `bot` ('' or unset: BOT_TOKEN's); the other methods run on every queue.
 *
 * The sweep re-makes the choice for the default bot's pending Telegram rows that have no job:
 * rows stored in a report change's transaction are stored for the default bot and handed to
 * their bot by the enqueue after the commit; when that enqueue never ran (the process died, or
 * Redis was down), `chooseBot` hands them over here, so an alert or a notice still goes through
 * a bot its chat has started. Rows meant for the default bot stay.
 *
 * A follower's copy of a citizen's notice is not the citizen's: it goes through the bot the
 * follower talks to (the same choice), since Telegram refuses a bot the follower never started.
 */
import type { Logger } from '../logger.ts';
import type { Delivery, NewDelivery } from '../app/ports/outbox.ts';
import type { DeliveryQueue, OneBotDeliveryQueue } from './delivery-queue.ts';

export function createBotDeliveryQueues(
  queues: ReadonlyMap<string, OneBotDeliveryQueue>,
  logger: Logger,
  /** The bot a Telegram message goes out through (botForMessage, src/app/bot-outbox.ts). */
  chooseBot?: (
    delivery: Pick<NewDelivery, 'chatId' | 'message' | 'reportId' | 'link'>,
  ) => Promise<string>,
): DeliveryQueue {
  const main = queues.get('');
  if (!main) throw new Error('the default bot has no delivery queue');
  const all = [...queues.values()];
  const others = all.filter((queue) => queue !== main);

  /** Hands a row of the default bot to the bot chosen for it; false when that is the default. */
  async function handOver(delivery: Delivery): Promise<boolean> {
    if (!chooseBot) return false;
    const bot = await chooseBot(delivery);
    const queue = bot === '' ? undefined : queues.get(bot);
    if (!queue || !(await queue.adopt(delivery.id))) return false;
    logger.info({ deliveryId: delivery.id, bot }, 'pending delivery handed to its bot');
    return true;
  }

  /** A follower's copy: through the bot the follower talks to (the web chat's: the default). */
  const enqueueCopy = async (copy: NewDelivery) => {
    const telegram = (copy.channel ?? 'telegram') === 'telegram';
    const bot = telegram && chooseBot && others.length > 0 ? await chooseBot(copy) : '';
    return (queues.get(bot) ?? main).enqueue(copy);
  };

  return {
    enqueue(input: NewDelivery) {
      const queue = queues.get(input.bot ?? '');
      if (queue) return queue.enqueue(input, enqueueCopy);
      // A bot removed since the choice was made: its chats are most likely on the default bot.
      logger.warn({ bot: input.bot }, 'delivery for an unknown bot sent through the default bot');
      return main.enqueue({ ...input, bot: '' }, enqueueCopy);
    },
    startWorker() {
      for (const queue of all) queue.startWorker();
    },
    async requeuePending(options) {
      let requeued = await main.requeuePending(
        others.length > 0 && chooseBot ? { ...options, handOver } : options,
      );
      for (const queue of others) requeued += await queue.requeuePending(options);
      return requeued;
    },
    async relinkSent() {
      let relinked = 0;
      for (const queue of all) relinked += await queue.relinkSent();
      return relinked;
    },
    async close(options) {
      await Promise.all(all.map((queue) => queue.close(options)));
    },
  };
}
