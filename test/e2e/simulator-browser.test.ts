/**
 * The chat simulator page in a real browser (Debian's chromium through playwright-core), with a
 * small grammY echo bot on the fake Bot API: typing, deep links, inline buttons, reply
 * keyboards with a location request, photos and replies. Skipped when chromium is not installed
 * (`apt-get install -y chromium`), except under CI, where that fails.
 */
import { Bot, InlineKeyboard, InputFile, Keyboard } from 'grammy';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeBotApi, type FakeBotApi } from '../../src/simulator/fake-bot-api.ts';
import { createSimulator, type Simulator } from '../../src/simulator/simulator-server.ts';
import { CHROMIUM, requireChromium, skipBrowserTests } from '../support/chromium.ts';
import { CHAIR } from '../support/demo.ts';
import { makePng } from '../support/fake-bot-api-client.ts';

const TOKEN = '424242:SIMULATOR-e2e-token';
const SCREENSHOT = '/tmp/gopy-simulator.png';

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function echoBot(apiRoot: string): Bot {
  const bot = new Bot(TOKEN, { client: { apiRoot } });
  bot.command('start', (ctx) =>
    ctx.reply(
      `<b>Xin chào ${escape(ctx.from?.first_name ?? '')}!</b> Mã: <code>${escape(ctx.match || 'không có')}</code>`,
      {
        parse_mode: 'HTML',
        reply_markup: new InlineKeyboard().text('Gửi phản ánh', 'report').text('Đánh giá', 'rate'),
      },
    ),
  );
  bot.callbackQuery('report', async (ctx) => {
    await ctx.answerCallbackQuery({ text: 'Đã chọn: Gửi phản ánh' });
    await ctx.editMessageText('Bạn đã chọn: <b>Gửi phản ánh</b>', { parse_mode: 'HTML' });
    await ctx.reply('Bà/Ông đang ở đâu? Bấm nút bên dưới để gửi vị trí.', {
      // gopy's own label already carries the pin: the page must not add a second one.
      reply_markup: new Keyboard()
        .requestLocation('📍 Gửi vị trí hiện tại')
        .requestContact('Gửi số điện thoại')
        .requestContact('📱 Gửi số của tôi')
        .resized()
        .oneTime(),
    });
  });
  bot.command('album', async (ctx) => {
    await ctx.replyWithMediaGroup([
      {
        type: 'photo',
        media: new InputFile(makePng(300, 200, [220, 80, 40]), 'a.png'),
        caption: 'Hai ảnh hiện trường',
      },
      { type: 'photo', media: new InputFile(makePng(300, 200, [40, 160, 80]), 'b.png') },
    ]);
  });
  bot.command('tam', async (ctx) => {
    const m = await ctx.reply('Tin nhắn tạm');
    await new Promise((r) => setTimeout(r, 1200));
    await ctx.api.deleteMessage(m.chat.id, m.message_id);
  });
  bot.on('message:location', (ctx) =>
    ctx.reply(
      `Đã nhận vị trí ${ctx.message.location.latitude.toFixed(4)}, ${ctx.message.location.longitude.toFixed(4)}.`,
      {
        reply_markup: { remove_keyboard: true },
      },
    ),
  );
  bot.on('message:photo', async (ctx) => {
    const largest = ctx.message.photo[ctx.message.photo.length - 1]!;
    await ctx.replyWithPhoto(largest.file_id, {
      caption: `Ảnh đã nhận (${largest.width}×${largest.height})`,
    });
  });
  bot.on('message:voice', (ctx) =>
    ctx.replyWithVoice(ctx.message.voice.file_id, {
      caption: `Ghi âm đã nhận (${ctx.message.voice.duration} giây)`,
    }),
  );
  bot.on('message:text', (ctx) => {
    const reply = ctx.message.reply_to_message;
    return ctx.reply(
      reply
        ? `Bạn trả lời tin #${reply.message_id}: <i>${escape(ctx.message.text)}</i>`
        : `Bạn viết: <i>${escape(ctx.message.text)}</i>`,
      { parse_mode: 'HTML' },
    );
  });
  return bot;
}

describe.skipIf(skipBrowserTests('simulator-browser'))('simulator page in a browser', () => {
  let api: FakeBotApi;
  let sim: Simulator;
  let bot: Bot;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    requireChromium();
    api = await createFakeBotApi();
    api.setBotInfo(TOKEN, { first_name: 'UBND xã Phù Đổng', username: 'gopy_demo_bot' });
    sim = await createSimulator({ fakeApi: api, token: TOKEN });
    bot = echoBot(api.url);
    void bot.start({ timeout: 5 });
    await api.waitFor(() => api.isPolling(TOKEN));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
    await page.goto(`${sim.url}/?as=1001`);
  });

  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
    await sim?.close();
    await api?.close();
  });

  const bubbles = (): ReturnType<Page['locator']> => page.locator('main.log .bubble');

  it('chats: text, deep link, buttons, location keyboard, photo and reply', async () => {
    await expect.poll(() => page.locator('#person').inputValue()).toBe('1001');
    await expect.poll(() => page.locator('#botName').textContent()).toBe('UBND xã Phù Đổng');
    // On a 390 px phone the bot's name keeps one line and the two links share a row under it.
    const name = await page.$eval('#botName', (h) => ({
      height: h.getBoundingClientRect().height,
      line: parseFloat(getComputedStyle(h).lineHeight),
    }));
    expect(name.height).toBeLessThan(1.5 * name.line);
    const links = await page.$$eval('header.top .portal-link', (as) =>
      as.map((a) => a.getBoundingClientRect().top),
    );
    expect(links).toHaveLength(2);
    expect(links[0]).toBe(links[1]);

    await page.fill('#text', 'Đèn đường hỏng <ngõ 5> & tối');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => bubbles().last().locator('.text').textContent())
      .toBe('Bạn viết: Đèn đường hỏng <ngõ 5> & tối');
    await expect.poll(() => bubbles().last().locator('.text i').count()).toBe(1);

    await page.click('details.deeplink summary');
    await page.fill('#deeplink', 'https://t.me/gopy_demo_bot?start=xa_phu_dong');
    await page.click('#openDeeplink');
    await expect
      .poll(() => bubbles().last().locator('.text').textContent())
      .toBe('Xin chào Lan! Mã: xa_phu_dong');
    expect(await bubbles().last().locator('.text b').textContent()).toBe('Xin chào Lan!');
    await page.screenshot({ path: '/tmp/gopy-simulator-buttons.png' });

    await bubbles().last().getByRole('button', { name: 'Gửi phản ánh' }).click();
    await expect.poll(() => page.locator('#toast').textContent()).toBe('Đã chọn: Gửi phản ánh');
    await expect
      .poll(() => page.locator('#replyKb button').first().textContent())
      .toBe('📍 Gửi vị trí hiện tại');
    expect(await page.locator('#replyKb button').nth(1).textContent()).toBe('📞 Gửi số điện thoại');
    // A label with a sign of its own gets no second one (gopy's «📱 Gửi số điện thoại…»).
    expect(await page.locator('#replyKb button').nth(2).textContent()).toBe('📱 Gửi số của tôi');
    await expect.poll(() => page.getByText('Bạn đã chọn: Gửi phản ánh').count()).toBe(1);
    await page.screenshot({ path: '/tmp/gopy-simulator-keyboard.png' });
    await page.locator('#replyKb button').first().click();
    await expect
      .poll(() => bubbles().last().textContent())
      .toContain('Đã nhận vị trí 20.5412, 106.3391.');
    await expect.poll(() => page.locator('#replyKb').isVisible()).toBe(false);
    expect(await page.locator('.bubble.own .card').last().textContent()).toContain(
      '📍 Vị trí: 20.54120, 106.33910',
    );

    await page.setInputFiles('#photoInput', {
      name: 'o-ga.png',
      mimeType: 'image/png',
      buffer: makePng(640, 480, [30, 140, 200]),
    });
    await expect.poll(() => bubbles().last().textContent()).toContain('Ảnh đã nhận (640×480)');
    await expect
      .poll(() =>
        bubbles()
          .last()
          .locator('img')
          .evaluate((img) => (img as HTMLImageElement).naturalWidth),
      )
      .toBe(640);

    const target = bubbles().filter({ hasText: 'Bạn viết:' }).first();
    await target.getByRole('button', { name: 'Trả lời tin nhắn này' }).click();
    await expect
      .poll(() => page.locator('#replyWhat').textContent())
      .toContain('Đang trả lời: Bạn viết:');
    await page.fill('#text', 'Vâng, đúng rồi');
    await page.click('#send');
    await expect
      .poll(() => bubbles().last().textContent())
      .toMatch(/Bạn trả lời tin #\d+: Vâng, đúng rồi/);
    expect(await page.locator('.bubble.own .quote').last().textContent()).toContain('Bạn viết:');

    await page.screenshot({ path: SCREENSHOT, fullPage: false });
    expect(api.violations()).toEqual([]);
  });

  it('sends a voice note and plays the one the bot sends back', async () => {
    await page.click('#sendVoice');
    await expect.poll(() => bubbles().last().textContent()).toContain('Ghi âm đã nhận (3 giây)');
    // The bot's copy plays in the page: the browser reads the clip's length from the file.
    const audio = bubbles().last().locator('audio');
    await audio.evaluate((a) => {
      (a as HTMLAudioElement).preload = 'metadata';
      (a as HTMLAudioElement).load();
    });
    await expect
      .poll(() => audio.evaluate((a) => Math.round((a as HTMLAudioElement).duration)))
      .toBe(3);
    expect(await page.locator('.bubble.own .card.voice').last().textContent()).toContain(
      '🎤 Ghi âm 0:03',
    );
    expect(api.violations()).toEqual([]);
  });

  it('switches people and offers the officials their group', async () => {
    await page.selectOption('#person', String(CHAIR));
    await expect
      .poll(() => page.locator('#chat option').allTextContents())
      .toEqual(['Riêng với bot', 'Nhóm cán bộ xã']);
    await expect.poll(() => bubbles().count()).toBe(0);
    await page.selectOption('#chat', '-100900');
    await page.fill('#text', 'Chào cả nhóm');
    await page.keyboard.press('Enter');
    await expect.poll(() => bubbles().last().textContent()).toContain('Bạn viết: Chào cả nhóm');
    expect(await bubbles().last().locator('.sender').textContent()).toBe('UBND xã Phù Đổng');
    expect(api.chatHistory(TOKEN, -100900)[0]?.message).toMatchObject({
      chat: { id: -100900, type: 'supergroup', title: 'Nhóm cán bộ xã' },
      from: { id: CHAIR, first_name: 'Hùng' },
    });
    await page.selectOption('#person', '1002');
    await expect.poll(() => page.locator('#chat option').count()).toBe(1);
  });

  it('opens a QR deep link from the page address, shows albums, and reflects deletes live', async () => {
    await page.goto(`${sim.url}/?as=1002&start=qr_quay_1`);
    await expect
      .poll(() => bubbles().last().locator('.text').textContent())
      .toBe('Xin chào Minh! Mã: qr_quay_1');
    expect(new URL(page.url()).search).toBe('?as=1002');

    await page.fill('#text', '/album');
    await page.keyboard.press('Enter');
    await expect.poll(() => bubbles().last().locator('img').count()).toBe(2);
    expect(await bubbles().last().locator('.text').textContent()).toBe('Hai ảnh hiện trường');

    await page.fill('#text', '/tam');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText('Tin nhắn tạm').count()).toBe(1);
    await expect.poll(() => page.getByText('Tin nhắn tạm').count(), { timeout: 5000 }).toBe(0);
    await page.screenshot({ path: '/tmp/gopy-simulator-album.png' });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: '/tmp/gopy-simulator-desktop.png' });
    expect(api.violations()).toEqual([]);
  });
});
