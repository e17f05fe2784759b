/**
 * The fake Bot API against the real frameworks: grammY (bot.start, @grammyjs/runner, webhook
 * callback) and Telegraf (polling and webhook), over real HTTP, as gopy's end-to-end tests and
 * the local simulator use it.
 */
import { run } from '@grammyjs/runner';
import { Bot, GrammyError, InlineKeyboard, InputFile, webhookCallback } from 'grammy';
import { Telegraf, TelegramError } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeBotApi, type FakeBotApi } from '../../src/simulator/fake-bot-api.ts';
import { createSimulator } from '../../src/simulator/simulator-server.ts';
import { parseTelegramHtml } from '../../src/simulator/telegram-html.ts';
import {
  makePng,
  startHttpServer,
  startPolling,
  type TestHttpServer,
} from '../support/fake-bot-api-client.ts';

const TOKEN = '123456:TEST-token-for-the-fake-bot-api';
const LAN = { id: 1001, first_name: 'Lan', last_name: 'Nguyễn Thị' };

let api: FakeBotApi;
const cleanups: Array<() => unknown> = [];

beforeEach(async () => {
  api = await createFakeBotApi({ webhookRetry: { initialMs: 30, maxMs: 200 } });
});

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await api.close();
});

/** The error a call failed with (fails the test if it succeeded). */
async function failure<E>(call: Promise<unknown>): Promise<E> {
  try {
    await call;
  } catch (err) {
    return err as E;
  }
  throw new Error('expected the call to fail');
}

function grammyBot(token = TOKEN): Bot {
  return new Bot(token, { client: { apiRoot: api.url } });
}

describe('grammY in long polling', () => {
  it('answers /start with the deep-link payload, and Telegram accepts every call', async () => {
    const bot = grammyBot();
    bot.command('start', (ctx) =>
      ctx.reply(`Xin chào <b>${ctx.from?.first_name ?? ''}</b>! Mã: <code>${ctx.match}</code>`, {
        parse_mode: 'HTML',
        reply_markup: new InlineKeyboard().text('Gửi phản ánh', 'report:new'),
      }),
    );
    cleanups.push(await startPolling(bot, api, TOKEN));

    const updateId = api.injectMessage(TOKEN, { from: LAN, text: '/start xa-phu-dong' });
    const call = await api.waitForCall('sendMessage');

    expect(updateId).toBe(1);
    expect(call.params).toMatchObject({ chat_id: 1001, parse_mode: 'HTML' });
    const [shown] = api.messagesTo(TOKEN, 1001);
    expect(shown?.text).toBe('Xin chào Lan! Mã: xa-phu-dong');
    expect(shown?.entities).toEqual([
      { type: 'bold', offset: 9, length: 3 },
      { type: 'code', offset: 18, length: 11 },
    ]);
    expect(shown?.from).toMatchObject({ is_bot: true, id: 123456 });
    expect(shown?.reply_markup?.inline_keyboard[0]?.[0]?.callback_data).toBe('report:new');
    expect(api.violations()).toEqual([]);
  });

  it('gives update ids in order and forgets confirmed updates', async () => {
    const seen: number[] = [];
    const bot = grammyBot();
    bot.on('message:text', (ctx) => {
      seen.push(ctx.update.update_id);
    });
    for (let i = 0; i < 3; i++) api.injectMessage(TOKEN, { from: LAN, text: `tin ${i}` });
    cleanups.push(await startPolling(bot, api, TOKEN));
    api.injectMessage(TOKEN, { from: LAN, text: 'tin 3' });
    await api.waitFor(() => seen.length === 4);
    await api.waitFor(() => api.pendingUpdates(TOKEN).length === 0);
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('answers a button press and edits the message, removing the keyboard', async () => {
    const bot = grammyBot();
    bot.command('start', (ctx) =>
      ctx.reply('Chọn mức độ hài lòng', {
        reply_markup: new InlineKeyboard()
          .text('Hài lòng', 'rate:4')
          .text('Rất hài lòng', 'rate:5'),
      }),
    );
    bot.callbackQuery(/^rate:(\d)$/, async (ctx) => {
      await ctx.answerCallbackQuery({ text: 'Cảm ơn Bà!' });
      await ctx.editMessageText(`Bà đã chọn ${ctx.match[1]} điểm.`);
    });
    cleanups.push(await startPolling(bot, api, TOKEN));

    api.injectMessage(TOKEN, { from: LAN, text: '/start' });
    const sent = await api.waitForCall('sendMessage');
    const messageId = (sent.response as { result: { message_id: number } }).result.message_id;
    api.injectCallback(TOKEN, { chatId: 1001, from: LAN, messageId, data: 'rate:5' });
    await api.waitForCall('editMessageText');

    expect(api.calls(TOKEN, 'answerCallbackQuery')[0]?.response.ok).toBe(true);
    const [shown] = api.messagesTo(TOKEN, 1001);
    expect(shown).toMatchObject({ message_id: messageId, text: 'Bà đã chọn 5 điểm.' });
    expect(shown?.reply_markup).toBeUndefined();
    expect(shown?.edit_date).toBeTypeOf('number');
    expect(api.changesSince(TOKEN, 1001, 0).notices).toMatchObject([
      { kind: 'callbackAnswer', text: 'Cảm ơn Bà!', showAlert: false },
    ]);
    expect(api.violations()).toEqual([]);
  });

  it('round-trips an uploaded photo through getFile and the file download', async () => {
    const png = makePng(1600, 900);
    const bot = grammyBot();
    const sent = await bot.api
      .sendPhoto(1001, new InputFile(png, 'hien-truong.png'), {
        caption: 'Ảnh <i>hiện trường</i>',
        parse_mode: 'HTML',
      })
      .catch((err: unknown) => err);
    // Sending to a user who never wrote to the bot fails as on Telegram.
    expect(sent).toBeInstanceOf(GrammyError);
    expect((sent as GrammyError).description).toBe('Bad Request: chat not found');
    api.clearViolations();

    api.addChat(TOKEN, { id: 1001, first_name: 'Lan' });
    const message = await bot.api.sendPhoto(1001, new InputFile(png, 'hien-truong.png'), {
      caption: 'Ảnh <i>hiện trường</i>',
      parse_mode: 'HTML',
    });
    expect(message.caption).toBe('Ảnh hiện trường');
    expect(message.caption_entities).toEqual([{ type: 'italic', offset: 4, length: 11 }]);
    const sizes = message.photo.map((p) => [p.width, p.height]);
    expect(sizes).toEqual([
      [90, 51],
      [320, 180],
      [800, 450],
      [1280, 720],
      [1600, 900],
    ]);
    const largest = message.photo[message.photo.length - 1]!;
    const file = await bot.api.getFile(largest.file_id);
    expect(file.file_size).toBe(png.length);
    const res = await fetch(`${api.url}/file/bot${TOKEN}/${file.file_path}`);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);

    // The same file_id can be sent again without uploading.
    const again = await bot.api.sendPhoto(1001, largest.file_id);
    expect(again.photo.map((p) => p.file_id)).toEqual(message.photo.map((p) => p.file_id));
    expect(api.violations()).toEqual([]);
  });

  it('lets the bot download a photo the user sent', async () => {
    const png = makePng(40, 30, [0, 120, 60]);
    const bot = grammyBot();
    let downloaded: Buffer | undefined;
    bot.on('message:photo', async (ctx) => {
      const file = await ctx.getFile();
      const res = await fetch(`${api.url}/file/bot${TOKEN}/${file.file_path}`);
      downloaded = Buffer.from(await res.arrayBuffer());
      await ctx.reply(
        `Đã nhận ảnh ${ctx.message.photo.length} cỡ, chú thích: ${ctx.message.caption}`,
      );
    });
    cleanups.push(await startPolling(bot, api, TOKEN));
    api.injectMessage(TOKEN, { from: LAN, photo: png, caption: 'Ổ gà trước cổng chợ' });
    await api.waitForCall('sendMessage');
    expect(downloaded?.equals(png)).toBe(true);
    expect(api.messagesTo(TOKEN, 1001)[0]?.text).toBe(
      'Đã nhận ảnh 1 cỡ, chú thích: Ổ gà trước cổng chợ',
    );
  });

  it('sends albums, documents, locations and chat actions', async () => {
    const bot = grammyBot();
    api.addChat(TOKEN, { id: -100900, type: 'supergroup', title: 'Nhóm cán bộ xã' });
    const album = await bot.api.sendMediaGroup(-100900, [
      { type: 'photo', media: new InputFile(makePng(10, 10), 'a.png'), caption: 'Ảnh 1' },
      { type: 'photo', media: new InputFile(makePng(20, 10), 'b.png') },
    ]);
    expect(album).toHaveLength(2);
    const groupIds = album.map((m) => (m as { media_group_id?: string }).media_group_id);
    expect(groupIds[0]).toBeDefined();
    expect(groupIds[0]).toBe(groupIds[1]);
    expect(album[1]!.message_id).toBe(album[0]!.message_id + 1);

    const doc = await bot.api.sendDocument(
      -100900,
      new InputFile(Buffer.from('a,b\n1,2\n'), 'bao-cao.csv'),
    );
    expect(doc.document).toMatchObject({
      file_name: 'bao-cao.csv',
      mime_type: 'text/csv',
      file_size: 8,
    });
    // grammY leaves the filename unquoted; Telegram keeps it whole, spaces, quotes and all.
    const minutes = Buffer.from('%PDF-1.4 biên bản\r\n--not-a-boundary\r\n');
    const spaced = await bot.api.sendDocument(
      -100900,
      new InputFile(minutes, 'biên bản "họp" xã; 06-12.pdf'),
      { caption: 'Biên bản' },
    );
    expect(spaced.document).toMatchObject({
      file_name: 'biên bản "họp" xã; 06-12.pdf',
      file_size: minutes.length,
    });
    expect(spaced.caption).toBe('Biên bản');
    const stored = api.fileContents(spaced.document.file_id);
    expect(stored?.data.equals(minutes)).toBe(true);
    const loc = await bot.api.sendLocation(-100900, 21.0285, 105.8542);
    expect(loc.location).toEqual({ latitude: 21.0285, longitude: 105.8542 });
    expect(await bot.api.sendChatAction(-100900, 'typing')).toBe(true);
    expect(await bot.api.deleteMessage(-100900, doc.message_id)).toBe(true);
    expect(api.messagesTo(TOKEN, -100900).map((m) => m.message_id)).toEqual([1, 2, 4, 5]);
    expect(api.chatHistory(TOKEN, -100900).find((e) => e.message.message_id === 3)?.deleted).toBe(
      true,
    );
    expect(api.violations()).toEqual([]);
  });

  it('makes the call fail with retry_after when a 429 is injected', async () => {
    const bot = grammyBot();
    api.addChat(TOKEN, { id: 1001 });
    api.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 7',
      parameters: { retry_after: 7 },
    });
    const err = await bot.api.sendMessage(1001, 'Xin chào').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(429);
    expect((err as GrammyError).parameters.retry_after).toBe(7);
    // Only the next call fails.
    await expect(bot.api.sendMessage(1001, 'Xin chào')).resolves.toMatchObject({
      text: 'Xin chào',
    });

    const stop = api.failWhile(({ params }) =>
      params.chat_id === 1001
        ? { error_code: 403, description: 'Forbidden: bot was blocked by the user' }
        : undefined,
    );
    await expect(bot.api.sendMessage(1001, 'a')).rejects.toMatchObject({ error_code: 403 });
    stop();
    await expect(bot.api.sendMessage(1001, 'b')).resolves.toBeDefined();
    expect(api.violations()).toEqual([]);
  });

  it('answers 429 like Telegram when the bot outruns the limits, and records it', async () => {
    const bot = grammyBot();
    api.addChat(TOKEN, { id: 1001 });
    api.addChat(TOKEN, { id: -100900, type: 'supergroup' });
    api.enforceLimits(true);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => bot.api.sendMessage(1001, `tin ${i}`)),
    );
    const refused = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3); // the burst Telegram tolerates
    expect(refused).toHaveLength(2);
    const reason = (refused[0] as PromiseRejectedResult).reason as GrammyError;
    expect(reason.error_code).toBe(429);
    expect(reason.parameters.retry_after).toBeGreaterThanOrEqual(1);

    const group = await Promise.allSettled(
      Array.from({ length: 22 }, (_, i) => bot.api.sendMessage(-100900, `nhóm ${i}`)),
    );
    expect(group.filter((r) => r.status === 'fulfilled')).toHaveLength(20);
    const groupErr = group.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((groupErr.reason as GrammyError).parameters.retry_after).toBeGreaterThan(1);
    expect(api.violations().map((v) => v.kind)).toEqual(Array(4).fill('rateLimit'));
  });

  it('keeps each token’s budget apart: one bot at its limit does not stop another', async () => {
    const other = '654321:TEST-second-token-for-the-fake-bot-api';
    const [a, b] = [grammyBot(), grammyBot(other)];
    const chats = Array.from({ length: 20 }, (_, i) => 2000 + i);
    for (const id of chats) {
      api.addChat(TOKEN, { id });
      api.addChat(other, { id });
    }
    // 3 a second per bot (Telegram's 30, scaled down so a slow machine cannot refill it).
    api.enforceLimits({ overallPerSecond: 3 });
    const first = await Promise.allSettled(chats.map((id) => a.api.sendMessage(id, 'tin')));
    const over = first.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((over.reason as GrammyError).error_code).toBe(429);
    // The second bot's budget is its own, untouched by the first's.
    const second = await Promise.allSettled(
      chats.slice(0, 3).map((id) => b.api.sendMessage(id, 'tin')),
    );
    expect(second.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(api.violations(other)).toEqual([]);
  });

  it('reports spec violations: long callback_data, unknown parameters, bad HTML, unknown methods', async () => {
    const bot = grammyBot();
    api.addChat(TOKEN, { id: 1001 });

    const tooLong = 'x'.repeat(70);
    const err = await failure<GrammyError>(
      bot.api.sendMessage(1001, 'Chọn', { reply_markup: new InlineKeyboard().text('A', tooLong) }),
    );
    expect(err).toBeInstanceOf(GrammyError);
    expect(err.error_code).toBe(400);
    expect(err.description).toContain('BUTTON_DATA_INVALID');
    expect(api.violations()).toMatchObject([
      {
        kind: 'invalidParams',
        method: 'sendMessage',
        path: 'reply_markup.inline_keyboard[0][0].callback_data',
      },
    ]);
    api.clearViolations();

    // Telegram silently ignores an unknown parameter: the call succeeds, the fake reports it.
    const raw = bot.api.raw as unknown as Record<string, (p: unknown) => Promise<unknown>>;
    await raw.sendMessage!({ chat_id: 1001, text: 'Xin chào', parse_mod: 'HTML' });
    expect(api.violations()).toMatchObject([{ kind: 'unknownParam', path: 'parse_mod' }]);
    api.clearViolations();

    await expect(
      bot.api.sendMessage(1001, 'Ông <Minh> & bà', { parse_mode: 'HTML' }),
    ).rejects.toMatchObject({ description: expect.stringContaining("can't parse entities") });
    await expect(
      bot.api.sendMessage(1001, '<b>đậm <i>nghiêng</b></i>', { parse_mode: 'HTML' }),
    ).rejects.toMatchObject({ error_code: 400 });
    await expect(bot.api.sendMessage(1001, 'a'.repeat(4097))).rejects.toMatchObject({
      description: expect.stringContaining('message is too long'),
    });
    await expect(
      bot.api.sendMessage(1001, `<b>${'a'.repeat(4096)}</b>`, { parse_mode: 'HTML' }),
    ).resolves.toBeDefined(); // the limit counts text after entity parsing
    await expect(raw.sendMesage!({ chat_id: 1001, text: 'x' })).rejects.toMatchObject({
      error_code: 404,
    });
    await expect(raw.sendMessage!({ chat_id: 1001 })).rejects.toMatchObject({
      description: 'Bad Request: parameter "text" is required',
    });
    expect(api.violations().map((v) => v.kind)).toEqual([
      'badRequest',
      'badRequest',
      'badRequest',
      'unknownMethod',
      'invalidParams',
    ]);
  });

  it('refuses what Telegram refuses on edits and callback answers', async () => {
    const bot = grammyBot();
    api.injectMessage(TOKEN, { from: LAN, text: 'xin chào' });
    const m = await bot.api.sendMessage(1001, 'Một');
    await expect(bot.api.editMessageText(1001, m.message_id, 'Một')).rejects.toMatchObject({
      description: expect.stringContaining('message is not modified'),
    });
    await expect(bot.api.editMessageText(1001, 1, 'sửa tin người dân')).rejects.toMatchObject({
      description: "Bad Request: message can't be edited",
    });
    await expect(bot.api.answerCallbackQuery('nope')).rejects.toMatchObject({
      description: expect.stringContaining('query is too old'),
    });
    api.injectCallback(TOKEN, { chatId: 1001, from: LAN, messageId: m.message_id, data: 'x' });
    const [update] = api.pendingUpdates(TOKEN).filter((u) => u.callback_query);
    await bot.api.answerCallbackQuery(update!.callback_query!.id);
    await expect(bot.api.answerCallbackQuery(update!.callback_query!.id)).rejects.toMatchObject({
      error_code: 400,
    });
  });

  it('works with @grammyjs/runner', async () => {
    const bot = grammyBot();
    bot.on('message:text', (ctx) => ctx.reply(`Bạn viết: ${ctx.message.text}`));
    await bot.init();
    const runner = run(bot, { runner: { fetch: { timeout: 2 } } });
    cleanups.push(() => runner.isRunning() && runner.stop());
    api.injectMessage(TOKEN, { from: LAN, text: 'Đèn đường hỏng' });
    await api.waitForCall('sendMessage');
    expect(api.messagesTo(TOKEN, 1001)[0]?.text).toBe('Bạn viết: Đèn đường hỏng');
  });
});

describe('more of the Bot API', () => {
  it('copies and forwards messages, edits captions, reports chats and commands', async () => {
    const bot = grammyBot();
    api.injectMessage(TOKEN, { from: LAN, text: 'Cống bị tắc ở xóm 3' });
    api.addChat(TOKEN, { id: -100900, type: 'supergroup', title: 'Nhóm cán bộ xã' });
    const copy = await bot.api.copyMessage(-100900, 1001, 1);
    const fwd = await bot.api.forwardMessage(-100900, 1001, 1);
    expect(fwd.forward_origin).toMatchObject({ type: 'user', sender_user: { id: 1001 } });
    expect(api.messagesTo(TOKEN, -100900).map((m) => [m.message_id, m.text])).toEqual([
      [copy.message_id, 'Cống bị tắc ở xóm 3'],
      [fwd.message_id, 'Cống bị tắc ở xóm 3'],
    ]);

    const photo = await bot.api.sendPhoto(-100900, new InputFile(makePng(4, 4)), { caption: 'cũ' });
    const edited = await bot.api.editMessageCaption(-100900, photo.message_id, {
      caption: '<b>mới</b>',
      parse_mode: 'HTML',
    });
    expect(edited).toMatchObject({
      caption: 'mới',
      caption_entities: [{ type: 'bold', offset: 0, length: 3 }],
    });
    await expect(bot.api.editMessageText(-100900, photo.message_id, 'x')).rejects.toMatchObject({
      description: 'Bad Request: there is no text in the message to edit',
    });
    api.clearViolations();

    expect(await bot.api.getChat(-100900)).toMatchObject({
      id: -100900,
      type: 'supergroup',
      title: 'Nhóm cán bộ xã',
    });
    expect(await bot.api.getChat(1001)).toMatchObject({
      type: 'private',
      first_name: 'Lan',
      last_name: 'Nguyễn Thị',
    });
    await bot.api.setMyCommands([{ command: 'start', description: 'Bắt đầu' }]);
    expect(await bot.api.getMyCommands()).toEqual([{ command: 'start', description: 'Bắt đầu' }]);
    await expect(
      bot.api.setMyCommands([{ command: 'Bắt_đầu', description: 'x' }]),
    ).rejects.toMatchObject({ error_code: 400 });
    // Settings the fake does not model are accepted like Telegram would.
    await expect(bot.api.setMyDescription('Phản ánh, kiến nghị với xã')).resolves.toBe(true);
  });

  it('answers 403 for a blocked user and Telegram objects for the bot', async () => {
    const bot = grammyBot();
    api.setBlocked(TOKEN, 1001, true);
    await expect(bot.api.sendMessage(1001, 'x')).rejects.toMatchObject({
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    api.setBotInfo(TOKEN, { first_name: 'gopy', username: 'gopy_bot' });
    expect(await bot.api.getMe()).toMatchObject({
      id: 123456,
      is_bot: true,
      first_name: 'gopy',
      username: 'gopy_bot',
    });
    expect(api.violations()).toEqual([]);
  });
});

describe('simulator endpoints', () => {
  it('serves the page and turns page actions into updates for the bot', async () => {
    const server = await createSimulator({ fakeApi: api, token: TOKEN });
    cleanups.push(() => server.close());

    const pageRes = await fetch(`${server.url}/`);
    expect(pageRes.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await pageRes.text();
    expect(html).toContain('<html lang="vi">');
    expect(html.normalize('NFC')).toBe(html);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(404);
    const config = (await fetch(`${server.url}/sim/config`).then((r) => r.json())) as {
      people: Array<{ label: string }>;
    };
    expect(config.people.map((p) => p.label)).toEqual([
      'Người dân: Bà Lan',
      'Người dân: Ông Minh',
      'Chủ tịch UBND xã (demo)',
      'Cán bộ (demo)',
      'Chủ tịch UBND xã khác (demo)',
      'Quản trị tỉnh Hưng Yên (demo)',
    ]);

    const post = (path: string, body: unknown): Promise<Response> =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(
      (await post('/sim/send', { chatId: 1001, fromId: 1001, text: '/start xa_1' })).status,
    ).toBe(200);
    expect((await post('/sim/send', { chatId: 1001, fromId: 1001, contact: true })).status).toBe(
      200,
    );
    // A citizen cannot write in the officials' group, nor as somebody else.
    expect((await post('/sim/send', { chatId: -100900, fromId: 1001, text: 'x' })).status).toBe(
      403,
    );
    expect((await post('/sim/send', { chatId: 1002, fromId: 1001, text: 'x' })).status).toBe(403);
    const png = makePng(8, 6);
    const photoRes = await fetch(
      `${server.url}/sim/photo?chatId=1001&fromId=1001&caption=${encodeURIComponent('Ổ gà')}`,
      {
        method: 'POST',
        headers: { 'content-type': 'image/png' },
        body: new Uint8Array(png),
      },
    );
    expect(photoRes.status).toBe(200);

    const updates = api.pendingUpdates(TOKEN);
    expect(
      updates.map((u) => u.message?.text ?? u.message?.contact?.phone_number ?? u.message?.caption),
    ).toEqual(['/start xa_1', '84912001001', 'Ổ gà']);
    expect(updates[0]?.message?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
    expect(updates[1]?.message?.contact).toMatchObject({ user_id: 1001, first_name: 'Lan' });

    const bot = grammyBot();
    const sent = await bot.api.sendMessage(1001, 'Chọn', {
      reply_markup: new InlineKeyboard().text('Có', 'yes'),
    });
    expect(
      (
        await post('/sim/callback', {
          chatId: 1001,
          fromId: 1001,
          messageId: sent.message_id,
          data: 'no',
        })
      ).status,
    ).toBe(409);
    const cb = (await post('/sim/callback', {
      chatId: 1001,
      fromId: 1001,
      messageId: sent.message_id,
      data: 'yes',
    }).then((r) => r.json())) as { callbackQueryId: string };
    expect(cb.callbackQueryId).toMatch(/^\d+$/);

    const feed = (await fetch(`${server.url}/sim/updates?chat=1001&since=0`).then((r) =>
      r.json(),
    )) as {
      seq: number;
      messages: Array<{ fromBot: boolean; message: { photo?: Array<{ file_id: string }> } }>;
    };
    expect(feed.messages.map((m) => m.fromBot)).toEqual([false, false, false, true]);
    const fileId = feed.messages[2]!.message.photo!.at(-1)!.file_id;
    const file = await fetch(`${server.url}/sim/file/${fileId}`);
    expect(Buffer.from(await file.arrayBuffer()).equals(png)).toBe(true);
    const later = (await fetch(`${server.url}/sim/updates?chat=1001&since=${feed.seq}`).then((r) =>
      r.json(),
    )) as {
      messages: unknown[];
    };
    expect(later.messages).toEqual([]);
    expect(api.violations()).toEqual([]);
  });
});

describe('grammY in webhook mode', () => {
  const SECRET = 'webhook-secret_0123456789';

  async function webhookServer(bot: Bot): Promise<TestHttpServer> {
    const handle = webhookCallback(bot, 'http', { secretToken: SECRET });
    const server = await startHttpServer((req, res) => void handle(req, res));
    cleanups.push(() => server.close());
    return server;
  }

  it('delivers updates with the secret header, and the bot answers', async () => {
    const bot = grammyBot();
    bot.command('start', (ctx) => ctx.reply('Chào mừng đến với gopy'));
    await bot.init();
    const server = await webhookServer(bot);
    await bot.api.setWebhook(`${server.url}/telegram`, { secret_token: SECRET });
    const info = await bot.api.getWebhookInfo();
    expect(info.url).toBe(`${server.url}/telegram`);

    api.injectMessage(TOKEN, { from: LAN, text: '/start' });
    await api.waitForCall('sendMessage');
    await api.waitFor(() => api.webhookDeliveries(TOKEN).length === 1);
    expect(api.webhookDeliveries(TOKEN)[0]).toMatchObject({ updateId: 1, status: 200 });
    expect((await bot.api.getWebhookInfo()).pending_update_count).toBe(0);
    // getUpdates is refused while a webhook is set, as on Telegram.
    await expect(bot.api.getUpdates()).rejects.toMatchObject({ error_code: 409 });
  });

  it('keeps redelivering while the webhook answers 401 to a wrong secret, then delivers in order', async () => {
    const bot = grammyBot();
    const texts: string[] = [];
    bot.on('message:text', (ctx) => {
      texts.push(ctx.message.text);
    });
    await bot.init();
    const server = await webhookServer(bot);
    await bot.api.setWebhook(server.url, { secret_token: 'not-the-right-secret' });
    api.injectMessage(TOKEN, { from: LAN, text: 'một' });
    api.injectMessage(TOKEN, { from: LAN, text: 'hai' });
    await api.waitFor(() => api.webhookDeliveries(TOKEN).length >= 3);
    expect(api.webhookDeliveries(TOKEN).every((d) => d.status === 401 && d.updateId === 1)).toBe(
      true,
    );
    const info = await bot.api.getWebhookInfo();
    expect(info.pending_update_count).toBe(2);
    expect(info.last_error_message).toBe('Wrong response from the webhook: 401 Unauthorized');
    expect(texts).toEqual([]);

    await bot.api.setWebhook(server.url, { secret_token: SECRET });
    await api.waitFor(() => texts.length === 2);
    expect(texts).toEqual(['một', 'hai']);
  });

  it('redelivers after 5xx and connection failures until it gets 2xx', async () => {
    let attempts = 0;
    const received: number[] = [];
    const server = await startHttpServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        attempts += 1;
        if (attempts <= 2) {
          res.writeHead(500).end();
          return;
        }
        received.push((JSON.parse(body) as { update_id: number }).update_id);
        res.writeHead(200).end();
      });
    });
    cleanups.push(() => server.close());
    const bot = grammyBot();
    await bot.api.setWebhook('http://127.0.0.1:9/unreachable');
    api.injectMessage(TOKEN, { from: LAN, text: 'a' });
    await api.waitFor(() =>
      api.webhookDeliveries(TOKEN).some((d) => d.error === 'Connection refused'),
    );
    await bot.api.setWebhook(server.url);
    api.injectMessage(TOKEN, { from: LAN, text: 'b' });
    api.injectMessage(TOKEN, { from: LAN, text: 'c' });
    await api.waitFor(() => received.length === 3);
    expect(received).toEqual([1, 2, 3]);
    expect(attempts).toBe(5);

    await bot.api.deleteWebhook({ drop_pending_updates: true });
    expect((await bot.api.getWebhookInfo()).url).toBe('');
  });
});

describe('Telegraf', () => {
  function telegraf(): Telegraf {
    return new Telegraf(TOKEN, { telegram: { apiRoot: api.url } });
  }

  it('answers /start and a button press in long polling', async () => {
    const bot = telegraf();
    bot.start((ctx) =>
      ctx.reply(`Chào ${ctx.from.first_name}, mã ${ctx.payload}`, {
        reply_markup: { inline_keyboard: [[{ text: 'Đánh giá', callback_data: 'rate' }]] },
      }),
    );
    bot.action('rate', async (ctx) => {
      await ctx.answerCbQuery('Đã nhận');
      await ctx.editMessageReplyMarkup(undefined);
    });
    void bot.launch({ dropPendingUpdates: false });
    cleanups.push(() => bot.stop());
    await api.waitFor(() => api.isPolling(TOKEN));

    api.injectMessage(TOKEN, { from: LAN, text: '/start qr-1234' });
    const sent = await api.waitForCall('sendMessage');
    expect(api.messagesTo(TOKEN, 1001)[0]?.text).toBe('Chào Lan, mã qr-1234');
    const messageId = (sent.response as { result: { message_id: number } }).result.message_id;
    api.injectCallback(TOKEN, { chatId: 1001, from: LAN, messageId, data: 'rate' });
    await api.waitForCall('editMessageReplyMarkup');
    expect(api.messagesTo(TOKEN, 1001)[0]?.reply_markup).toBeUndefined();
    expect(api.violations()).toEqual([]);
  });

  it('uploads a photo with multipart and reads it back', async () => {
    const bot = telegraf();
    api.addChat(TOKEN, { id: 1001 });
    const png = makePng(300, 200);
    const message = await bot.telegram.sendPhoto(
      1001,
      { source: png, filename: 'anh.png' },
      {
        caption: 'Ảnh',
        reply_markup: { inline_keyboard: [[{ text: 'Xem', callback_data: 'view' }]] },
      },
    );
    expect(message.photo.at(-1)).toMatchObject({ width: 300, height: 200, file_size: png.length });
    expect(message.reply_markup?.inline_keyboard[0]?.[0]).toMatchObject({ callback_data: 'view' });
    const link = await bot.telegram.getFileLink(message.photo.at(-1)!.file_id);
    const res = await fetch(link);
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
    const album = await bot.telegram.sendMediaGroup(1001, [
      { type: 'photo', media: { source: makePng(5, 5) } },
      { type: 'photo', media: { source: makePng(6, 6) } },
    ]);
    expect(album).toHaveLength(2);
    expect(api.violations()).toEqual([]);
  });

  it('surfaces an injected 429 with retry_after', async () => {
    const bot = telegraf();
    api.addChat(TOKEN, { id: 1001 });
    api.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 3',
      parameters: { retry_after: 3 },
    });
    const err = await failure<TelegramError>(bot.telegram.sendMessage(1001, 'x'));
    expect(err).toBeInstanceOf(TelegramError);
    expect(err.code).toBe(429);
    expect(err.parameters?.retry_after).toBe(3);
  });

  it('answers through the webhook response (webhookReply) with the secret checked', async () => {
    const SECRET = 'telegraf_secret_token_1234';
    const bot = telegraf();
    bot.start(async (ctx) => {
      // Telegraf answers the first allowlisted call (sendChatAction) inside the webhook response.
      await ctx.sendChatAction('typing');
      await ctx.reply('Chào từ webhook');
    });
    bot.botInfo = await bot.telegram.getMe();
    const handle = bot.webhookCallback('/hook', { secretToken: SECRET });
    const server = await startHttpServer((req, res) => void handle(req, res));
    cleanups.push(() => server.close());
    await bot.telegram.setWebhook(`${server.url}/hook`, { secret_token: SECRET });
    api.injectMessage(TOKEN, { from: LAN, text: '/start' });
    await api.waitForCall('sendMessage');
    const action = await api.waitForCall('sendChatAction');
    expect(action.transport).toBe('webhookReply');
    expect(action.response).toEqual({ ok: true, result: true });
    expect(api.messagesTo(TOKEN, 1001)[0]?.text).toBe('Chào từ webhook');
    expect(api.violations()).toEqual([]);
  });
});

describe('transports and getUpdates', () => {
  it('accepts form-urlencoded and query-string calls, and matches method names case-insensitively', async () => {
    api.addChat(TOKEN, { id: 1001 });
    const form = await fetch(`${api.url}/bot${TOKEN}/sendmessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        chat_id: '1001',
        text: 'Xin chào',
        reply_markup: JSON.stringify({
          keyboard: [[{ text: 'Gửi vị trí', request_location: true }]],
          one_time_keyboard: true,
        }),
      }),
    }).then((r) => r.json());
    expect(form).toMatchObject({ ok: true, result: { chat: { id: 1001 }, text: 'Xin chào' } });
    expect(api.changesSince(TOKEN, 1001, 0).keyboard?.keyboard[0]?.[0]?.request_location).toBe(
      true,
    );
    const me = await fetch(`${api.url}/bot${TOKEN}/getMe`).then((r) => r.json());
    expect(me).toMatchObject({ ok: true, result: { id: 123456, is_bot: true } });
    const notFound = await fetch(`${api.url}/bot${TOKEN}/noSuchMethod`);
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
    expect(api.calls(TOKEN, 'sendMessage')[0]?.transport).toBe('form');
  });

  it('long-polls until an update arrives, honours offset, limit and allowed_updates', async () => {
    const call = (
      params: Record<string, unknown>,
    ): Promise<{ ok: boolean; result: Array<{ update_id: number }> }> =>
      fetch(`${api.url}/bot${TOKEN}/getUpdates`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(params),
      }).then((r) => r.json() as Promise<{ ok: boolean; result: Array<{ update_id: number }> }>);
    const waiting = call({ timeout: 10 });
    await api.waitFor(() => api.isPolling(TOKEN));
    api.injectMessage(TOKEN, { from: LAN, text: 'a' });
    expect((await waiting).result.map((u) => u.update_id)).toEqual([1]);
    api.injectMessage(TOKEN, { from: LAN, text: 'b' });
    api.injectMessage(TOKEN, { from: LAN, text: 'c' });
    expect((await call({ offset: 2, limit: 1 })).result.map((u) => u.update_id)).toEqual([2]);
    expect((await call({ offset: 3 })).result.map((u) => u.update_id)).toEqual([3]);
    api.injectCallback(TOKEN, { chatId: 1001, messageId: 1, data: 'x' });
    api.injectMessage(TOKEN, { from: LAN, text: 'd' });
    const onlyCallbacks = await call({ offset: 4, allowed_updates: ['callback_query'] });
    expect(onlyCallbacks.result.map((u) => u.update_id)).toEqual([4]);
    expect(api.pendingUpdates(TOKEN).map((u) => u.update_id)).toEqual([4]);
  });

  it('keeps bots apart by token', async () => {
    const other = '999:another-bot-token';
    api.injectMessage(TOKEN, { from: LAN, text: 'a' });
    api.injectMessage(other, { from: LAN, text: 'b' });
    expect(api.pendingUpdates(TOKEN)).toHaveLength(1);
    expect(api.pendingUpdates(other)[0]?.message?.text).toBe('b');
    expect(api.botInfo(other).id).toBe(999);
  });
});

describe('Telegram HTML', () => {
  it('accepts the allowed tags and entities, and rejects the rest', () => {
    const ok = parseTelegramHtml(
      '<b>a</b><strong>b</strong><i>c</i><u>d</u><s>e</s><tg-spoiler>f</tg-spoiler><span class="tg-spoiler">g</span>' +
        '<a href="https://gopy.vn/?a=1&amp;b=2">h</a><code>i</code><pre><code class="language-ts">j</code></pre>' +
        '<blockquote expandable>k</blockquote> &lt;&gt;&amp;&quot;&#39;&#x1F600;',
    );
    expect(ok.ok && ok.text).toBe('abcdefghijk <>&"\'😀');
    expect(ok.ok && ok.entities.find((e) => e.type === 'text_link')?.url).toBe(
      'https://gopy.vn/?a=1&b=2',
    );
    expect(ok.ok && ok.entities.find((e) => e.type === 'pre')?.language).toBe('ts');
    expect(ok.ok && ok.entities.find((e) => e.type === 'expandable_blockquote')).toBeTruthy();
    for (const bad of [
      '<script>x</script>',
      '<b>x',
      'x</b>',
      'a < b',
      'a & b',
      '&nbsp;',
      '<code><b>x</b></code>',
      '<span>x</span>',
    ]) {
      expect(parseTelegramHtml(bad).ok, bad).toBe(false);
    }
  });
});
