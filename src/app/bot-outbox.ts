/**
 * Several Telegram bots in one deployment: every message to a Telegram chat goes out through a
 * bot chosen by src/core/bot-choice.ts (the bot of the report's unit when the chat has started
 * it, else the bot the chat first talked to, else BOT_TOKEN's). An official's alerts so come
 * through their province's bot, and a citizen's notices through the bot they used. Replies
 * within a conversation need no choice: they go back through the bot the update came from.
 */
import { DEFAULT_BOT, botForUnit, chooseBot, type BotUnits } from '../core/bot-choice.ts';
import type { OutboundMessage } from '../channels/types.ts';
import type { NewDelivery, Outbox } from './ports/outbox.ts';

/** What the choice needs to know. */
export interface BotDirectory {
  /** The bots besides BOT_TOKEN's, with their units (read at start). */
  bots: readonly BotUnits[];
  /** The bots the chat has talked to, the first one first. */
  botsOfChat(chatId: string): Promise<string[]>;
  unitOfReport(reportId: number): Promise<{ code: string; provinceCode: string } | undefined>;
  /** The bot (among `bots`) whose delivery put message `messageId` in the chat. */
  botOfMessage(
    chatId: string,
    messageId: number,
    bots: readonly string[],
  ): Promise<string | undefined>;
}

/** The bot a message to `chatId` (about `reportId`, if any) goes out through. */
export async function botForChat(
  directory: BotDirectory,
  chatId: string,
  reportId?: number,
): Promise<{ bot: string; preferred: string; known: string[] }> {
  const unit = reportId === undefined ? undefined : await directory.unitOfReport(reportId);
  const preferred = unit ? botForUnit(directory.bots, unit) : DEFAULT_BOT;
  const known = await directory.botsOfChat(chatId);
  return { bot: chooseBot(preferred, known), preferred, known };
}

/**
 * The outbox the use cases get: stamps each Telegram message with its bot. With no bot besides
 * BOT_TOKEN's it is `outbox` itself (no lookups: one bot, as before).
 */
export function createBotOutbox(outbox: Outbox, directory: BotDirectory): Outbox {
  if (directory.bots.length === 0) return outbox;
  return {
    async enqueue(input) {
      if (input.bot !== undefined || (input.channel ?? 'telegram') !== 'telegram')
        return outbox.enqueue(input);
      return outbox.enqueue({ ...input, bot: await botForMessage(directory, input) });
    },
  };
}

/**
 * The bot a Telegram message goes out through: the chat's bot for its report (botForChat), but
 * an edit of (or a reply to) a message goes through the bot that sent it: only that bot can edit
 * it, and the ids are that bot's. The outbox stamps new messages with it; the sweep hands a row
 * stored in a report change's transaction (stored for the default bot) to it when the process
 * died before the outbox could.
 */
export async function botForMessage(
  directory: BotDirectory,
  input: Pick<NewDelivery, 'chatId' | 'message' | 'reportId' | 'link'>,
): Promise<string> {
  const reportId = input.reportId ?? input.link?.reportId;
  const { bot, known } = await botForChat(directory, input.chatId, reportId);
  const target = messageTarget(input.message);
  const sender =
    target === undefined
      ? undefined
      : await directory.botOfMessage(input.chatId, target, [DEFAULT_BOT, ...known]);
  return sender ?? bot;
}

/** The message an outbound message edits or replies to, if any. */
function messageTarget(message: OutboundMessage): number | undefined {
  if (message.type === 'edit') return message.messageId;
  if (message.type === 'text') return message.replyToMessageId;
  return undefined;
}
