import type { ChannelName, OutboundMessage } from '../channels/types.ts';

/**
 * The delivery queue as the use cases see it: a row in PostgreSQL first, then a paced job.
 * The same dedupeKey twice gives one delivery (a retried job never alerts twice). `link` makes
 * the sent message stand for the report in that chat, so a reply to it threads.
 */
export interface Outbox {
  enqueue(input: {
    dedupeKey: string;
    /** The recipient's channel; default 'telegram' (officials are always there). */
    channel?: ChannelName;
    chatId: string;
    message: OutboundMessage;
    reportId?: number;
    officialId?: number;
    link?: { kind: 'alert' | 'relay' | 'answer' | 'notice'; reportId: number; officialId?: number };
    /**
     * The bot that sends it (Telegram): the id in its token, '' for BOT_TOKEN's. Unset: chosen
     * by createBotOutbox (the report's unit's bot, if the chat knows it).
     */
    bot?: string;
  }): Promise<{ id: number; created: boolean }>;
}
