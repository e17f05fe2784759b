/**
 * A message to be stored as a delivery row, and why it exists. Apart from the deliveries
 * repository so the modules that build deliveries (followers' copies) need not import it.
 */
import type { ChannelName, OutboundMessage } from '../channels/types.ts';

/** Why the message exists: the routing layer uses it when the message was sent or refused. */
export interface DeliveryLink {
  kind: 'alert' | 'relay' | 'answer' | 'notice';
  reportId: number;
  officialId?: number;
}

export interface NewDelivery {
  /** Unique per intended message: creating the same delivery twice returns the first row. */
  dedupeKey: string;
  /** The recipient's channel (default 'telegram': officials, and Telegram citizens). */
  channel?: ChannelName;
  chatId: string;
  message: OutboundMessage;
  /** Defaults to link.reportId. */
  reportId?: number;
  /** Defaults to link.officialId. */
  officialId?: number;
  link?: DeliveryLink;
  /** The bot that sends it: the id in its token, '' (or unset) for BOT_TOKEN's. */
  bot?: string;
}
