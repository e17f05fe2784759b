/**
 * The peer of bench:intake: the same report conversation written the usual way for a grammY
 * bot — @grammyjs/conversations (the conversation is a function replayed on each update) with
 * its state in Redis through @grammyjs/storage-redis, a commune looked up in PostgreSQL with
 * one query, the finished report inserted with one INSERT. It sends the citizen the same
 * messages as gopy (texts, buttons, the location and phone keyboards and the notes that take
 * them away: 16 messages), so the fake Bot API and the bench's citizens carry the same bytes for
 * both bots, and the bench's citizens drive both with the same script (14 updates). It acts only
 * on the buttons that script presses (its ◀ Quay lại and ✖ Hủy do nothing).
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

const KINDS = ['Góp ý', 'Phản ánh', 'Kiến nghị', 'Khiếu nại', 'Tố cáo'];
const CATEGORIES = [
  'Giao thông, đường sá',
  'Môi trường, rác thải',
  'An ninh, trật tự',
  'Đất đai, xây dựng',
  'Thủ tục hành chính',
  'Thái độ cán bộ',
  'Chính sách xã hội',
  'Khác',
];
// gopy's texts for this conversation, word for word.
const WELCOME =
  'Xin chào! Đây là kênh trao đổi của người dân với Ủy ban nhân dân xã, phường, đặc khu.\nÔng/Bà có thể đánh giá chính quyền, gửi phản ánh, kiến nghị và theo dõi câu trả lời.\n\nGopy lưu tên hiển thị của Ông/Bà, nội dung Ông/Bà gửi và số điện thoại nếu Ông/Bà cung cấp, chỉ để xử lý phản ánh. Cán bộ chỉ thấy tên của Ông/Bà khi Ông/Bà không chọn ẩn danh. Gõ /xoadulieu bất cứ lúc nào để xóa thông tin cá nhân.\n\nÔng/Bà muốn làm gì? Xin bấm một nút bên dưới.';
const ASK_KIND =
  'Ông/Bà muốn gửi loại nào?\n• Góp ý: ý kiến, sáng kiến để chính quyền làm tốt hơn.\n• Phản ánh: báo cho chính quyền một việc chưa đúng, chưa tốt (đường hỏng, rác thải, mất điện, thủ tục chậm…).\n• Kiến nghị: đề nghị chính quyền làm hoặc thay đổi một việc.\n• Khiếu nại: đề nghị xem xét lại một quyết định hay việc làm của cơ quan, cán bộ mà Ông/Bà cho là sai, ảnh hưởng đến quyền lợi của mình.\n• Tố cáo: báo cho cơ quan có thẩm quyền biết việc làm vi phạm pháp luật của một người (ví dụ cán bộ nhận tiền, làm sai).';
const ASK_UNIT =
  'Việc này thuộc xã, phường, đặc khu nào?\n\nXin Ông/Bà gõ tên xã, phường, đặc khu (có dấu hay không dấu đều được), ví dụ: Đông Hưng. Tên cũ trước khi sáp nhập cũng được.';
const ASK_CATEGORY = 'Việc này thuộc lĩnh vực nào? Nếu không rõ, Ông/Bà chọn “Khác”.';
const ASK_TEXT =
  'Xin Ông/Bà kể rõ sự việc: việc gì, ở đâu, từ khi nào, đã ảnh hưởng thế nào. (Tối đa 2.000 ký tự.)\n🎤 Ông/Bà có thể ghi âm thay vì gõ chữ: giữ nút micro để nói (tối đa 5 phút).';
const ASK_PHOTOS =
  'Ông/Bà có ảnh chụp sự việc không? Ảnh giúp xã xử lý nhanh hơn. Nếu không có, bấm “Bỏ qua”.\n\nBấm 📎 để chọn ảnh có sẵn hoặc chụp ảnh mới (tối đa 5 ảnh), rồi bấm “✅ Xong”.';
const ASK_LOCATION =
  'Sự việc ở đâu? (Không bắt buộc.)\n\nBấm nút “📍 Gửi vị trí hiện tại” ở phía dưới nếu Ông/Bà đang ở đúng chỗ đó, hoặc gõ địa chỉ (số nhà, thôn, tổ dân phố…).';
const ASK_ANONYMOUS =
  'Ông/Bà có muốn gửi ẩn danh không?\nNếu gửi ẩn danh, cán bộ xã sẽ không thấy tên và số điện thoại của Ông/Bà. Ông/Bà vẫn nhận được câu trả lời của xã qua Gopy như bình thường.';
const ASK_PUBLIC =
  'Ông/Bà có đồng ý công khai phản ánh này không?\nNếu đồng ý, nội dung Ông/Bà viết, lĩnh vực, ảnh đầu tiên (đã xóa thông tin vị trí và thiết bị chụp) và vị trí gần đúng (khoảng 100 m) có thể được hiển thị công khai cùng câu trả lời của xã, để người dân và cơ quan cấp trên cùng theo dõi. Tên và số điện thoại của Ông/Bà không bao giờ được công khai.';
const ASK_PHONE =
  'Ông/Bà có muốn để lại số điện thoại để cán bộ xã gọi lại khi cần không? (Không bắt buộc.)\n\nBấm nút “📱 Gửi số điện thoại của tôi” ở phía dưới, hoặc gõ số điện thoại.';

/** Buttons, one per row, then gopy's ◀ Quay lại / ✖ Hủy row. */
function buttons(rows: Array<Array<[label: string, data: string]>>, backAndCancel = true) {
  const keyboard = rows.map((row) => row.map(([label, data]) => InlineKeyboard.text(label, data)));
  if (backAndCancel)
    keyboard.push([
      InlineKeyboard.text('◀ Quay lại', 'nav:back'),
      InlineKeyboard.text('✖ Hủy', 'nav:cancel'),
    ]);
  return InlineKeyboard.from(keyboard);
}
/** A reply keyboard with one request button, as gopy's location and phone questions. */
function requestKeyboard(button: {
  text: string;
  request_location?: true;
  request_contact?: true;
}) {
  return {
    keyboard: [[button], [{ text: 'Bỏ qua' }], [{ text: '◀ Quay lại' }], [{ text: '✖ Hủy' }]],
    resize_keyboard: true,
    one_time_keyboard: true,
  };
}
const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

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
    latitude float8, longitude float8, anonymous boolean NOT NULL, is_public boolean NOT NULL,
    phone text,
    created_at timestamptz NOT NULL DEFAULT now())`);

  async function report(conversation: Conv, ctx: Context) {
    await ctx.answerCallbackQuery();
    await ctx.reply(ASK_KIND, {
      reply_markup: buttons(KINDS.map((k) => [[k, `kind:${k}`]])),
    });
    const kindCtx = await conversation.waitForCallbackQuery(/^kind:/);
    await kindCtx.answerCallbackQuery();
    const kind = kindCtx.callbackQuery.data.slice(5);

    await ctx.reply(ASK_UNIT, { reply_markup: buttons([]) });
    const nameCtx = await conversation.waitFor('message:text');
    const found = await conversation.external(async () => {
      const folded = nameCtx.message.text
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .replace(/đ/g, 'd')
        .replace(/Đ/g, 'D')
        .toLowerCase();
      const { rows } = await pool.query<{
        code: string;
        name: string;
        province: string;
        before: string;
      }>(
        `SELECT u.code, u.name, p.name AS province,
                a.old_name || ', ' || a.old_district || ', ' || a.old_province AS before
           FROM unit_aliases a JOIN units u ON u.code = a.unit_code
           JOIN provinces p ON p.code = u.province_code
          WHERE a.name_folded LIKE $1 ORDER BY u.code LIMIT 5`,
        [`%${folded}%`],
      );
      return rows;
    });
    await ctx.reply(
      `Xin Ông/Bà chọn đúng xã, phường, đặc khu trong danh sách:\n${found
        .map((u) => `• ${u.name} (${u.province}) — trước đây là ${u.before}`)
        .join('\n')}`,
      {
        reply_markup: buttons(
          found.map((u) => [
            [`${u.name} – ${u.province.replace(/^(Tỉnh|Thành phố) /, '')}`, `unit:${u.code}`],
          ]),
        ),
      },
    );
    const unitCtx = await conversation.waitForCallbackQuery(/^unit:/);
    await unitCtx.answerCallbackQuery();
    const unit = found.find((u) => u.code === unitCtx.callbackQuery.data.slice(5))!;

    await ctx.reply(ASK_CATEGORY, {
      reply_markup: buttons(CATEGORIES.map((c, i) => [[c, `cat:${i}`]])),
    });
    const catCtx = await conversation.waitForCallbackQuery(/^cat:/);
    await catCtx.answerCallbackQuery();
    const category = CATEGORIES[Number(catCtx.callbackQuery.data.slice(4))]!;

    await ctx.reply(ASK_TEXT, { reply_markup: buttons([]) });
    const text = (await conversation.waitFor('message:text')).message.text;

    await ctx.reply(ASK_PHOTOS, { reply_markup: buttons([[['Bỏ qua', 'photos:done']]]) });
    const photos: string[] = [];
    for (;;) {
      const next = await conversation.waitFor(['message:photo', 'callback_query:data']);
      if (next.callbackQuery) {
        await next.answerCallbackQuery();
        break;
      }
      photos.push(next.message.photo.at(-1)!.file_id);
      await ctx.reply(
        `Đã nhận ${photos.length}/5 ảnh. Ông/Bà gửi thêm ảnh, hoặc bấm “✅ Xong” khi đã gửi đủ.`,
        {
          reply_markup: buttons([
            [['✅ Xong', 'photos:done']],
            [['🗑 Xóa ảnh đã gửi', 'photos:clear']],
          ]),
        },
      );
    }

    await ctx.reply(ASK_LOCATION, {
      reply_markup: requestKeyboard({ text: '📍 Gửi vị trí hiện tại', request_location: true }),
    });
    const location = (await conversation.waitFor('message:location')).message.location;
    await ctx.reply('✓ Đã nhận vị trí.', { reply_markup: { remove_keyboard: true } });

    await ctx.reply(ASK_ANONYMOUS, {
      reply_markup: buttons([
        [['Không, cứ ghi tên tôi', 'anon:no']],
        [['Có, gửi ẩn danh', 'anon:yes']],
      ]),
    });
    const anonCtx = await conversation.waitForCallbackQuery(/^anon:/);
    await anonCtx.answerCallbackQuery();
    const anonymous = anonCtx.callbackQuery.data === 'anon:yes';

    await ctx.reply(ASK_PUBLIC, {
      reply_markup: buttons([
        [['Không công khai', 'public:no']],
        [['Đồng ý công khai', 'public:yes']],
      ]),
    });
    const publicCtx = await conversation.waitForCallbackQuery(/^public:/);
    await publicCtx.answerCallbackQuery();
    const isPublic = publicCtx.callbackQuery.data === 'public:yes';

    await ctx.reply(ASK_PHONE, {
      reply_markup: requestKeyboard({
        text: '📱 Gửi số điện thoại của tôi',
        request_contact: true,
      }),
    });
    const phone = (await conversation.waitFor('message:text')).message.text;
    await ctx.reply('✓ Đã nhận số điện thoại.', { reply_markup: { remove_keyboard: true } });

    const field = (name: string, value: string) => `\n• <b>${name}</b>: ${escapeHtml(value)}`;
    await ctx.reply(
      'Xin Ông/Bà xem lại trước khi gửi. Bấm “✅ Gửi” nếu đã đúng, hoặc bấm vào mục cần sửa:' +
        field('Loại', kind) +
        field('Xã, phường', `${unit.name} (${unit.province})`) +
        field('Lĩnh vực', category) +
        field('Nội dung', text) +
        field('Ảnh', `${photos.length} ảnh`) +
        field('Vị trí', 'vị trí trên bản đồ') +
        field('Gửi ẩn danh', anonymous ? 'Có, gửi ẩn danh' : 'Không, cứ ghi tên tôi') +
        field('Công khai', isPublic ? 'Đồng ý công khai' : 'Không công khai') +
        field('Số điện thoại', phone),
      {
        parse_mode: 'HTML',
        reply_markup: buttons([
          [['✅ Gửi', 'submit']],
          [
            ['✏️ Loại', 'edit:0'],
            ['✏️ Xã, phường', 'edit:1'],
          ],
          [
            ['✏️ Lĩnh vực', 'edit:2'],
            ['✏️ Nội dung', 'edit:3'],
          ],
          [
            ['✏️ Ảnh', 'edit:4'],
            ['✏️ Vị trí', 'edit:5'],
          ],
          [
            ['✏️ Gửi ẩn danh', 'edit:6'],
            ['✏️ Công khai', 'edit:7'],
          ],
          [['✏️ Số điện thoại', 'edit:8']],
        ]),
      },
    );
    const submitCtx = await conversation.waitForCallbackQuery('submit');
    await submitCtx.answerCallbackQuery();
    const { ticket, due } = await conversation.external(async () => {
      const { rows } = await pool.query<{ id: number; due: string }>(
        `INSERT INTO peer_reports (ticket, chat_id, unit_code, kind, category, text, photos,
           latitude, longitude, anonymous, is_public, phone)
         VALUES ('', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         RETURNING id, to_char(created_at + interval '7 days', 'DD/MM/YYYY') AS due`,
        [
          ctx.chat!.id,
          unit.code,
          kind,
          category,
          text,
          photos,
          location.latitude,
          location.longitude,
          anonymous,
          isPublic,
          phone,
        ],
      );
      const code = `PA-2026-${String(rows[0]!.id).padStart(6, '0')}`;
      await pool.query('UPDATE peer_reports SET ticket = $1 WHERE id = $2', [code, rows[0]!.id]);
      return { ticket: code, due: rows[0]!.due };
    });
    await ctx.reply(
      `Đã tiếp nhận phản ánh của Ông/Bà.\nMã phiếu: ${ticket}\nHạn trả lời: 5 ngày làm việc, chậm nhất ngày ${due}.\nCâu trả lời của xã sẽ được gửi tới Ông/Bà ngay tại đây; Ông/Bà cũng xem lại được trong mục “Phản ánh của tôi”.`,
      {
        reply_markup: buttons(
          [[['📋 Phản ánh của tôi', 'go:my-reports']], [['🏠 Về menu chính', 'go:main']]],
          false,
        ),
      },
    );
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
    ctx.reply(WELCOME, {
      reply_markup: buttons(
        [
          [['Đánh giá chính quyền', 'menu:rate']],
          [['Gửi phản ánh, kiến nghị', 'menu:report']],
          [['Phản ánh của tôi', 'menu:mine']],
          [['Đăng ký gặp lãnh đạo UBND', 'menu:meet']],
          [['Trợ giúp', 'menu:help']],
        ],
        false,
      ),
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
