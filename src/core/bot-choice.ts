/**
 * Which Telegram bot a message goes out through, when one deployment runs several (one per
 * province or group of communes, `gopy bots add`). Telegram lets a bot write only to the chats
 * that started it, and a chat id is the same person on every bot, so the choice is: the bot of
 * the report's unit when the chat knows it, else the bot the chat first talked to, else the
 * default bot (BOT_TOKEN's), which every chat from before several bots existed talked to.
 */

/** BOT_TOKEN's bot, in deliveries.bot and bot_chats.bot. */
export const DEFAULT_BOT = '';

/** A bot and the units it serves: province codes (2 digits) and commune codes (5 digits). */
export interface BotUnits {
  id: string;
  units: readonly string[];
}

/**
 * The bot that serves a commune: one that names the commune itself, else one that names its
 * province, else the default bot. (Several naming the same unit: the first, by id.)
 */
export function botForUnit(
  bots: readonly BotUnits[],
  unit: { code: string; provinceCode: string },
): string {
  const byId = [...bots].sort((a, b) => a.id.localeCompare(b.id));
  return (
    byId.find((b) => b.units.includes(unit.code))?.id ??
    byId.find((b) => b.units.includes(unit.provinceCode))?.id ??
    DEFAULT_BOT
  );
}

/**
 * The bot a message to a chat goes through: `preferred` (the report's unit's bot) when the chat
 * has talked to it, else the first bot the chat talked to (`known`, oldest first), else the
 * default bot.
 */
export function chooseBot(preferred: string, known: readonly string[]): string {
  if (known.includes(preferred)) return preferred;
  return known[0] ?? DEFAULT_BOT;
}
