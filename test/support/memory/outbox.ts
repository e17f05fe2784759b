/**
 * The outbox in memory: deliveries kept in order, one per dedupe key (the delivery queue's
 * rule). Nothing is sent: tests read `deliveries` to see what people would receive.
 */
import type { OutboundMessage } from '../../../src/channels/types.ts';
import type { NewDelivery, Outbox } from '../../../src/app/ports/outbox.ts';

export interface MemoryOutbox extends Outbox {
  /** Every delivery stored, oldest first, with the id it got. */
  readonly deliveries: Array<NewDelivery & { id: number }>;
  /** The deliveries to one chat. */
  to(chatId: string): Array<NewDelivery & { id: number }>;
  /** What one chat would read: the text or caption of each delivery (HTML as its source). */
  textsTo(chatId: string): string[];
}

/** The text or caption of a message, as written (HTML as its source); '' for none. */
export function textOf(message: OutboundMessage): string {
  const text = 'text' in message ? message.text : 'caption' in message ? message.caption : '';
  return typeof text === 'string' ? text : (text?.value ?? '');
}

export function createMemoryOutbox(): MemoryOutbox {
  const deliveries: Array<NewDelivery & { id: number }> = [];
  return {
    deliveries,
    to: (chatId) => deliveries.filter((d) => d.chatId === chatId),
    textsTo: (chatId) =>
      deliveries.filter((d) => d.chatId === chatId).map((d) => textOf(d.message)),
    async enqueue(input) {
      const existing = deliveries.find((d) => d.dedupeKey === input.dedupeKey);
      if (existing) return { id: existing.id, created: false };
      const id = deliveries.length + 1;
      deliveries.push({ ...structuredClone(input), id });
      return { id, created: true };
    },
  };
}
