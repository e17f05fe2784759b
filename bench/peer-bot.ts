/**
 * The peer of bench:intake: the same report conversation written the usual way for a grammY
 * bot — @grammyjs/conversations (the conversation is a function replayed on each update) with
 * its state in Redis through @grammyjs/storage-redis, a commune looked up in PostgreSQL with
 * one query, the finished report inserted with one INSERT. Its buttons carry the same labels
 * as gopy's, so the bench's citizens drive both with the same script (13 updates).
 *
 * It is deliberately what a competent team writes in a day, not a straw man: no validation
 * beyond what the script needs, no outbox, no audit trail, sessions not in the database.
 */
import { createServer, type Server } from 'node:http';
import {
  conversations,
  createConversation,
  type Conversation,
  type ConversationFlavor,
} from '@grammyjs/conversations';
import { RedisAdapter } from '@grammyjs/storage-redis';
import { Bot, InlineKeyboard, webhookCallback, type Context } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Redis } from 'ioredis';
import type pg from 'pg';

type Ctx = ConversationFlavor<Context>;
type Conv = Conversation<Ctx, Context>;

const KINDS = ['Góp ý', 'Phản ánh', 'Kiến nghị'];
const CATEGORIES = ['Giao thông, đường sá', 'Môi trường, rác thải', 'Khác'];

export interface PeerBot {
  url: string;
  close(): Promise<void>;
}

export async function startPeerBot(options: {
  token: string;
  apiRoot: string;
  botInfo: UserFromGetMe;
  secret: string;
  redis: Redis;
  /** Where the peer keeps its reports; it creates its table. */
  pool: pg.Pool;
  /** Prefix of its Redis keys (the bench deletes them afterwards). */
  prefix: string;
}): Promise<PeerBot & { server: Server }> {
  const { pool } = options;
  await pool.query(`CREATE TABLE IF NOT EXISTS peer_reports (
    id serial PRIMARY KEY, ticket text NOT NULL, chat_id bigint NOT NULL, unit_code text NOT NULL,
    kind text NOT NULL, category text NOT NULL, text text NOT NULL, photos text[] NOT NULL,
    latitude float8, longitude float8, anonymous boolean NOT NULL, phone text,
    created_at timestamptz NOT NULL DEFAULT now())`);

  async function report(conversation: Conv, ctx: Context) {
    await ctx.answerCallbackQuery();
    await ctx.reply('Ông/Bà muốn gửi loại nào?', {
      reply_markup: InlineKeyboard.from([KINDS.map((k) => InlineKeyboard.text(k, `kind:${k}`))]),
    });
    const kindCtx = await conversation.waitForCallbackQuery(/^kind:/);
    await kindCtx.answerCallbackQuery();
    const kind = kindCtx.callbackQuery.data.slice(5);

    await ctx.reply('Việc này ở xã, phường nào? Gõ tên (cả tên cũ trước sáp nhập cũng được).');
    const nameCtx = await conversation.waitFor('message:text');
    const found = await conversation.external(async () => {
      const folded = nameCtx.message.text
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .replace(/đ/g, 'd')
        .replace(/Đ/g, 'D')
        .toLowerCase();
      const { rows } = await pool.query<{ code: string; name: string }>(
        `SELECT u.code, u.name FROM unit_aliases a JOIN units u ON u.code = a.unit_code
         WHERE a.name_folded LIKE $1 ORDER BY u.code LIMIT 5`,
        [`%${folded}%`],
      );
      return rows;
    });
    await ctx.reply('Chọn xã, phường:', {
      reply_markup: InlineKeyboard.from(
        found.map((u) => [InlineKeyboard.text(u.name, `unit:${u.code}`)]),
      ),
    });
    const unitCtx = await conversation.waitForCallbackQuery(/^unit:/);
    await unitCtx.answerCallbackQuery();
    const unitCode = unitCtx.callbackQuery.data.slice(5);

    await ctx.reply('Việc thuộc lĩnh vực nào?', {
      reply_markup: InlineKeyboard.from(
        CATEGORIES.map((c, i) => [InlineKeyboard.text(c, `cat:${i}`)]),
      ),
    });
    const catCtx = await conversation.waitForCallbackQuery(/^cat:/);
    await catCtx.answerCallbackQuery();
    const category = CATEGORIES[Number(catCtx.callbackQuery.data.slice(4))]!;

    await ctx.reply('Xin Ông/Bà mô tả sự việc.');
    const text = (await conversation.waitFor('message:text')).message.text;

    await ctx.reply('Gửi ảnh (nếu có), rồi bấm “✅ Xong”.', {
      reply_markup: InlineKeyboard.from([[InlineKeyboard.text('✅ Xong', 'photos:done')]]),
    });
    const photos: string[] = [];
    for (;;) {
      const next = await conversation.waitFor(['message:photo', 'callback_query:data']);
      if (next.callbackQuery) {
        await next.answerCallbackQuery();
        break;
      }
      photos.push(next.message.photo.at(-1)!.file_id);
      await ctx.reply(`Đã nhận ${photos.length} ảnh. Gửi thêm hoặc bấm “✅ Xong”.`, {
        reply_markup: InlineKeyboard.from([[InlineKeyboard.text('✅ Xong', 'photos:done')]]),
      });
    }

    await ctx.reply('Gửi vị trí (📎 → Vị trí).');
    const location = (await conversation.waitFor('message:location')).message.location;

    await ctx.reply('Ông/Bà có muốn giấu tên?', {
      reply_markup: InlineKeyboard.from([
        [InlineKeyboard.text('Có, giấu tên tôi', 'anon:yes')],
        [InlineKeyboard.text('Không, cứ ghi tên tôi', 'anon:no')],
      ]),
    });
    const anonCtx = await conversation.waitForCallbackQuery(/^anon:/);
    await anonCtx.answerCallbackQuery();
    const anonymous = anonCtx.callbackQuery.data === 'anon:yes';

    await ctx.reply('Số điện thoại để xã liên hệ:');
    const phone = (await conversation.waitFor('message:text')).message.text;

    await ctx.reply(
      `Xin xem lại: ${kind} · ${category}\n${text}\n${photos.length} ảnh · ${phone}\nBấm “✅ Gửi” nếu đã đúng.`,
      { reply_markup: InlineKeyboard.from([[InlineKeyboard.text('✅ Gửi', 'submit')]]) },
    );
    const submitCtx = await conversation.waitForCallbackQuery('submit');
    await submitCtx.answerCallbackQuery();
    const ticket = await conversation.external(async () => {
      const { rows } = await pool.query<{ id: number }>(
        `INSERT INTO peer_reports (ticket, chat_id, unit_code, kind, category, text, photos,
           latitude, longitude, anonymous, phone)
         VALUES ('', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          ctx.chat!.id,
          unitCode,
          kind,
          category,
          text,
          photos,
          location.latitude,
          location.longitude,
          anonymous,
          phone,
        ],
      );
      const code = `PA-2026-${String(rows[0]!.id).padStart(6, '0')}`;
      await pool.query('UPDATE peer_reports SET ticket = $1 WHERE id = $2', [code, rows[0]!.id]);
      return code;
    });
    await ctx.reply(`Đã nhận phản ánh của Ông/Bà.\nMã phiếu: ${ticket}`);
  }

  const bot = new Bot<Ctx>(options.token, {
    client: { apiRoot: options.apiRoot },
    botInfo: options.botInfo,
  });
  bot.use(
    conversations({
      storage: {
        type: 'key',
        prefix: `${options.prefix}:conv:`,
        adapter: new RedisAdapter({ instance: options.redis, ttl: 72 * 3600 }),
      },
    }),
  );
  bot.use(createConversation(report, 'report'));
  bot.command('start', (ctx) =>
    ctx.reply('Xin chào! Ông/Bà cần gì?', {
      reply_markup: InlineKeyboard.from([
        [InlineKeyboard.text('Đánh giá xã, phường', 'menu:rate')],
        [InlineKeyboard.text('Gửi phản ánh, kiến nghị', 'menu:report')],
      ]),
    }),
  );
  bot.callbackQuery('menu:report', (ctx) => ctx.conversation.enter('report'));

  const server = createServer(webhookCallback(bot, 'http', { secretToken: options.secret }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
