/**
 * The bots besides BOT_TOKEN's (`bots` table) and which chats have talked to which bot
 * (`bot_chats`): what src/app/bot-outbox.ts needs to send through a bot the chat knows.
 */
import type { BotUnits } from '../core/bot-choice.ts';
import type { PrismaClient } from './generated/prisma/client.ts';
import { plainSqlFor } from './plain-sql.ts';

export interface BotRecord extends BotUnits {
  token: string;
  webhookSecret: string;
  createdAt: Date;
}

export function createBotsRepository(prisma: PrismaClient) {
  return {
    /** Adds the bot, or replaces the units (and token) of the bot with that id. */
    async save(bot: { id: string; token: string; units: string[]; webhookSecret: string }) {
      const row = await prisma.bot.upsert({
        where: { id: bot.id },
        create: bot,
        update: { token: bot.token, units: bot.units },
      });
      return row satisfies BotRecord;
    },

    /** On the pool (plain-sql.ts): every role reads it at start, before it needs the ORM. */
    async list(): Promise<BotRecord[]> {
      const { rows } = await plainSqlFor(prisma).query<BotRecord>(
        'gopy_bots',
        `SELECT id, token, units, webhook_secret AS "webhookSecret",
                created_at AT TIME ZONE 'UTC' AS "createdAt"
           FROM bots ORDER BY id`,
        [],
      );
      return rows;
    },

    async remove(id: string): Promise<boolean> {
      const { count } = await prisma.bot.deleteMany({ where: { id } });
      return count > 0;
    },

    /**
     * The chat has talked to the bot ('' for BOT_TOKEN's); the first time is kept. Once a chat
     * and process, on a citizen's first update: on the pool (plain-sql.ts), like the session.
     */
    async rememberChat(bot: string, chatId: string): Promise<void> {
      await plainSqlFor(prisma).query(
        'gopy_bot_chat_remember',
        'INSERT INTO bot_chats (bot, chat_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [bot, chatId],
      );
    },

    /** The bots the chat has talked to, the first one first. */
    async botsOfChat(chatId: string): Promise<string[]> {
      const rows = await prisma.botChat.findMany({
        where: { chatId },
        orderBy: [{ firstSeenAt: 'asc' }, { bot: 'asc' }],
        select: { bot: true },
      });
      return rows.map((r) => r.bot);
    },

    /**
     * The bot that sent message `messageId` to the chat (among `bots`), as its delivery row
     * says; message ids are numbered per chat and bot, so the newest row wins a tie.
     */
    async botOfMessage(
      chatId: string,
      messageId: number,
      bots: readonly string[],
    ): Promise<string | undefined> {
      const rows = await prisma.$queryRaw<Array<{ bot: string }>>`
        SELECT bot FROM deliveries
         WHERE bot = ANY(${[...bots]}::text[]) AND chat_id = ${chatId}
           AND ${messageId}::int = ANY(message_ids)
         ORDER BY id DESC LIMIT 1`;
      return rows[0]?.bot;
    },

    /** The commune of a report and its province, for the commune's bot. */
    async unitOfReport(
      reportId: number,
    ): Promise<{ code: string; provinceCode: string } | undefined> {
      const rows = await prisma.$queryRaw<Array<{ code: string; provinceCode: string }>>`
        SELECT u.code, u.province_code AS "provinceCode"
          FROM reports r JOIN units u ON u.code = r.unit_code
         WHERE r.id = ${reportId}`;
      return rows[0];
    },
  };
}

export type BotsRepository = ReturnType<typeof createBotsRepository>;
