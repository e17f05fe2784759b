/**
 * The delivery queue as the use cases see it: a row in PostgreSQL first, then a paced job
 * (implemented by queue/delivery-queue.ts over persistence/deliveries-repository.ts). The same
 * dedupeKey twice gives one delivery (a retried job never alerts twice). `link` makes the sent
 * message stand for the report in that chat, so a reply to it threads.
 */
import type { ChannelName, OutboundMessage } from '../../channels/types.ts';
import type { Lang } from '../../core/lang.ts';

/** Why the message exists: the routing layer uses it when the message was sent or refused. */
export interface DeliveryLink {
  kind: 'alert' | 'relay' | 'answer' | 'notice';
  reportId: number;
  officialId?: number;
}

/**
 * A message that may go out joined with the chat's next messages of the same sort as one message
 * (an alert digest: one chat takes about one message a second). `part` is what the joiner needs
 * to draw this message's share (JSON); `weight` bounds its share of the joined text, in characters.
 */
export interface Joinable {
  weight: number;
  part: Record<string, unknown>;
}

/**
 * A message that belongs after another one of its chat, such as an alert's photos after the
 * alert: it replies to that message once sent, and yields to the chat's other waiting messages
 * (an official learns of every waiting report first; the photos come when the chat is free).
 */
export interface Follows {
  /** The dedupeKey of the delivery it follows (stored before it, same chat). */
  dedupeKey: string;
  /**
   * Sent only if that delivery went out joined with others (a digest line): alone, it carried
   * this message's media itself (a photo or voice note with the alert as caption).
   */
  onlyIfJoined?: boolean;
}

/** A message to be stored as a delivery row, and why it exists. */
export interface NewDelivery {
  /** Unique per intended message: creating the same delivery twice returns the first row. */
  dedupeKey: string;
  /** The recipient's channel (default 'telegram': officials, and Telegram citizens). */
  channel?: ChannelName;
  chatId: string;
  message: OutboundMessage;
  /**
   * The same message in each language, for a follower of the report who reads another language
   * than its citizen (persistence/followers-repository.ts); never stored.
   */
  inLang?: Readonly<Record<Lang, OutboundMessage>>;
  /** Defaults to link.reportId. */
  reportId?: number;
  /** Defaults to link.officialId. */
  officialId?: number;
  link?: DeliveryLink;
  /** The thread message this delivery carries (see threadDelivery in desk/thread-messages.ts). */
  threadMessageId?: number;
  /**
   * The bot that sends it (Telegram): the id in its token, '' for BOT_TOKEN's. Unset: chosen
   * by createBotOutbox (the report's unit's bot, if the chat knows it).
   */
  bot?: string;
  /** Set when the message may be joined with the chat's next ones (delivery-queue.ts). */
  joinable?: Joinable;
  /** Set when the message belongs after another delivery (see Follows). */
  follows?: Follows;
}

/** Where a delivery stands: pending → sending → sent | failed | unreachable. */
export type DeliveryState = 'pending' | 'sending' | 'sent' | 'failed' | 'unreachable';

export interface Delivery {
  id: number;
  dedupeKey: string;
  channel: ChannelName;
  chatId: string;
  message: OutboundMessage;
  link?: DeliveryLink;
  /** The message may go out joined with the chat's next ones (see ClaimOptions.join). */
  joinable?: Joinable;
  follows?: Follows;
  /** Sent as part of a message joined from several deliveries (state 'sent' only). */
  sentJoined?: boolean;
  state: DeliveryState;
  /** Send attempts started (claims). */
  attempts: number;
  lastError?: string;
  reportId?: number;
  officialId?: number;
  /** Ids of the messages the channel created (state 'sent'). */
  messageIds: number[];
  createdAt: Date;
  /** When the last attempt started ('sending') or ended (otherwise). */
  lastAttemptAt?: Date;
  /** When the message was delivered (state 'sent' only). */
  sentAt?: Date;
}

export interface Outbox {
  /** Stores the delivery (once per dedupeKey) and queues it; `created` is false for a repeat. */
  enqueue(input: NewDelivery): Promise<{ id: number; created: boolean }>;
}
