/**
 * The web chat (channel `web`) in a real browser (Debian's chromium through playwright-core),
 * against the real gopy: the same flows, tickets and officials' side as Telegram. A citizen on
 * the commune's page (390 px phone) reports a problem with a photo and their location, the
 * chair answers from Telegram (the fake Bot API) and the answer appears live in the open chat;
 * the citizen gives the verdict there. The stream is cut mid-way and nothing is lost or doubled;
 * the rate limit answers in Vietnamese and the message still arrives.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, requireChromium, skipBrowserTests } from '../support/chromium.ts';
import { webChatId } from '../../src/channels/webchat/web-chat-intake.ts';
import { SAMPLE_VOICE_SECONDS, sampleVoiceClip } from '../../src/simulator/sample-voice.ts';
import { CHAIR } from '../support/demo.ts';
import { startHarness, TOKEN, type Harness } from '../support/gopy-harness.ts';
import { commitReport } from '../support/routing-fixtures.ts';
import { until } from '../support/until.ts';
import { out, press, type, waitOut } from '../support/web-chat-page.ts';
import { webCitizen } from '../support/web-chat-client.ts';

const COMMUNE = '12694'; // Xã Bắc Đông Hưng, Hưng Yên (seeded demo commune)
const SHOTS = '/tmp/gopy-webchat';

/** A JPEG as a phone makes it: with an EXIF block that says where it was taken. */
async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 480, channels: 3, background: '#c0603a' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Phone 12' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '20/1 32/1 28/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '106/1 20/1 21/1',
      },
    })
    .toBuffer();
}

/** How many times each of the citizen's own bubbles and gopy's messages appear (doubles?). */
async function transcript(page: Page): Promise<string[]> {
  return page.locator('#log .msg').allInnerTexts();
}

const skip = skipBrowserTests('web-chat-browser.test.ts');

describe.skipIf(skip)('web chat in a browser', () => {
  let h: Harness;
  let browser: Browser;

  beforeAll(async () => {
    requireChromium();
    h = await startHarness({ humanPace: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('a report with a photo, a cut stream, the chair’s answer live, the verdict', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'vi-VN',
      geolocation: { latitude: 20.5412, longitude: 106.3391 },
      permissions: ['geolocation'],
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${h.webUrl}/chat/${COMMUNE}`);

    // The page: Vietnamese, a live log, a labelled input that has the focus.
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    expect(await page.getAttribute('#log', 'role')).toBe('log');
    expect(await page.locator('label[for="input"]').innerText()).toBe('Tin nhắn của Ông/Bà');
    await waitOut(page, 'Ông/Bà muốn làm gì?');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('input');
    // Buttons are real buttons.
    expect(await page.getByRole('button', { name: 'Gửi phản ánh, kiến nghị' }).count()).toBe(1);

    await press(page, 'Gửi phản ánh, kiến nghị');
    await waitOut(page, 'Ông/Bà muốn gửi loại nào?');
    await press(page, 'Phản ánh');
    // The commune of the page is already chosen: the next question is the category.
    await waitOut(page, 'Việc này thuộc lĩnh vực nào?');
    await press(page, 'Giao thông, đường sá');
    await waitOut(page, /Xin Ông\/Bà kể rõ sự việc/);
    // A photo over the limit, picked with «📷 Gửi ảnh» while the description is asked: not
    // uploaded, and answered in the chat as on Telegram: this question needs no photo (never
    // "choose a smaller photo" to a question that wants text), then the question again.
    const bigPhoto = {
      name: 'anh-lon.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.alloc(11 * 1024 * 1024),
    };
    const files = await h.db.prisma.webChatFile.count();
    const logged = await page.locator('#log .msg').count();
    await page.locator('#file').setInputFiles(bigPhoto);
    await waitOut(
      page,
      /Câu hỏi này không cần ảnh\. Xin Ông\/Bà gõ câu trả lời bằng chữ rồi gửi\.\s+Xin Ông\/Bà kể rõ sự việc/,
    );
    // The citizen's own bubble says what they sent; then gopy's one answer.
    expect((await transcript(page)).slice(logged)).toEqual([
      '📷 Ảnh 11 MB',
      expect.stringMatching(/^Câu hỏi này không cần ảnh\./),
    ]);
    expect(await page.locator('#status').innerText()).toBe('');
    // An audio file over 20 MB, picked with «📎 Gửi tệp ghi âm»: not uploaded, and answered in
    // the chat (it used to be a line under the box only), then the question again.
    const heard = await page.locator('#log .msg').count();
    await page.locator('#audio-file').setInputFiles({
      name: 'ghi-am-dai.ogg',
      mimeType: 'audio/ogg',
      buffer: Buffer.alloc(21 * 1024 * 1024),
    });
    await waitOut(
      page,
      /Tệp ghi âm này lớn quá \(21 MB\), gopy chỉ nhận tệp đến 20 MB\.[^\n]*\s+Xin Ông\/Bà kể rõ sự việc/,
    );
    expect((await transcript(page)).slice(heard)).toEqual([
      '🎤 Tệp ghi âm 21 MB',
      expect.stringMatching(/^Tệp ghi âm này lớn quá/),
    ]);
    expect(await page.locator('#status').innerText()).toBe('');
    await type(page, 'Ổ gà lớn trước cổng trường, <b>rất</b> nguy hiểm');
    await waitOut(page, 'Ông/Bà có ảnh chụp sự việc không?');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('input');
    // At the photo question, the same photo: why it is refused, then the question again.
    await page.locator('#file').setInputFiles(bigPhoto);
    await waitOut(
      page,
      /Ảnh này lớn quá \(11 MB\), gopy chỉ nhận ảnh đến 10 MB\.\s+Ông\/Bà có ảnh chụp sự việc không\?/,
    );
    // A picture of a type gopy does not take (an iPhone's HEIC): said in the chat, with the
    // question again, not uploaded.
    await page.locator('#file').setInputFiles({
      name: 'IMG_0001.heic',
      mimeType: 'image/heic',
      buffer: Buffer.from('not read'),
    });
    await waitOut(
      page,
      /Xin lỗi, gopy chưa xem được loại ảnh này \(gopy nhận ảnh JPEG, PNG hoặc WebP\)\.\s+Ông\/Bà có ảnh chụp sự việc không\?/,
    );
    expect((await transcript(page)).slice(-2)[0]).toBe('📷 Ảnh HEIC');
    expect(await page.locator('#status').innerText()).toBe('');
    expect(await h.db.prisma.webChatFile.count()).toBe(files);

    // The photo, from the phone's gallery: its EXIF (with the GPS position) is not kept.
    await page.locator('#file').setInputFiles({
      name: 'o-ga.jpg',
      mimeType: 'image/jpeg',
      buffer: await phonePhoto(),
    });
    await page.locator('#log .msg.in img').first().waitFor();
    const file = await until(
      'the photo stored',
      async () =>
        (await h.db.prisma.webChatFile.findFirst({ orderBy: { createdAt: 'desc' } })) ?? undefined,
    );
    const meta = await sharp(file.data).metadata();
    expect(meta.exif).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([640, 480]);

    // The stream is cut in the middle (the phone loses the network): what gopy says meanwhile
    // arrives after the reconnect, once.
    await context.setOffline(true);
    await press(page, '✅ Xong');
    await page.waitForTimeout(500);
    await context.setOffline(false);
    await waitOut(page, 'Sự việc ở đâu?', 30_000);

    // Location by the browser's geolocation (the permission stands for the consent).
    await page
      .locator('#keyboard button', { hasText: /vị trí/i })
      .first()
      .click();
    await waitOut(page, 'Ông/Bà có muốn gửi ẩn danh không?');
    // The web chat knows no name: nothing to «ghi tên».
    expect(await page.getByRole('button', { name: 'Không, cứ ghi tên tôi' }).count()).toBe(0);
    await press(page, 'Không cần ẩn danh');
    await waitOut(page, 'Ông/Bà có đồng ý công khai phản ánh này không?');
    await press(page, 'Không công khai');
    await waitOut(page, /để lại số điện thoại/);
    await page
      .locator('#keyboard button', { hasText: /số điện thoại/i })
      .first()
      .click();
    expect(await page.locator('#input-label').innerText()).toBe('Số điện thoại của Ông/Bà');
    await type(page, '0912 345 678');
    await waitOut(page, 'Xin Ông/Bà xem lại trước khi gửi');
    await page.screenshot({ path: `${SHOTS}-review-390.png`, fullPage: false });
    await press(page, '✅ Gửi');
    await waitOut(page, /Đã tiếp nhận/);
    const ticketText = await out(page, /Đã tiếp nhận/).innerText();
    const ticket = /PA-\d{4}-\d{6}/.exec(ticketText)?.[0];
    expect(ticket).toBeDefined();

    const report = await h.db.prisma.report.findUniqueOrThrow({
      where: { ticketCode: ticket! },
      include: { attachments: true, citizen: true },
    });
    expect(report.citizen.channel).toBe('web');
    expect(report.text).toBe('Ổ gà lớn trước cổng trường, <b>rất</b> nguy hiểm');
    expect(report.latitude).toBeCloseTo(20.5412, 3);
    expect(report.contactPhone ?? report.citizen.phone).toMatch(/0912\s?345\s?678/);
    expect(report.attachments.map((a) => a.fileId)).toEqual([`web:${file.id}`]);

    // The chair, on Telegram, gets the alert with the photo (fetched from gopy by URL).
    await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${ticket}`));
    await until('the photo sent to the chair', async () =>
      h.fake.calls(TOKEN, 'sendPhoto').some((c) => String(c.params.chat_id) === String(CHAIR)),
    );
    await waitOut(page, new RegExp(`${ticket} của Ông/Bà đã được chuyển đến`));

    // Nothing was lost or doubled across the cut: every question came once (the photo
    // question three times: asked, then again after the photo over the limit and the HEIC).
    const texts = await transcript(page);
    for (const [question, times] of [
      ['Sự việc ở đâu?', 1],
      ['Ông/Bà có ảnh chụp sự việc không?', 3],
    ] as const)
      expect(texts.filter((t) => t.includes(question))).toHaveLength(times);

    // The chair answers from Telegram; the answer appears in the open chat, live.
    await h.press(CHAIR, '✅ Tiếp nhận');
    await waitOut(page, /đã được lãnh đạo xã tiếp nhận/);
    // The chair's alert shows the new state before the chair goes on (Telegram's pace).
    const alert = await h.waitForText(CHAIR, /Đã tiếp nhận — /);
    // The chair says something by voice (a reply to the alert): it plays in the web chat.
    await until('the alert linked to its report', () =>
      h.gopy.repos.workflow.findLink(String(CHAIR), alert.message_id),
    );
    await h.sendMessage(CHAIR, {
      voice: {
        file: { data: sampleVoiceClip(), fileName: 'ghi-am.wav', mimeType: 'audio/wav' },
        duration: SAMPLE_VOICE_SECONDS,
      },
      replyToMessageId: alert.message_id,
    });
    const player = page.locator('#log .msg.out audio').last();
    await player.waitFor();
    await player.evaluate((a) => {
      (a as HTMLAudioElement).preload = 'metadata';
      (a as HTMLAudioElement).load();
    });
    await until('the chair’s voice note playable in the page', async () =>
      (await player.evaluate((a) => Math.round((a as HTMLAudioElement).duration))) ===
      SAMPLE_VOICE_SECONDS
        ? true
        : undefined,
    );
    await h.press(CHAIR, '✔ Đã xử lý');
    await h.press(CHAIR, 'Đã giải quyết');
    await h.send(CHAIR, 'Xã đã cho vá ổ gà ngày hôm nay, đề nghị bà con đi lại cẩn thận.');
    await h.waitForText(CHAIR, /cần ảnh kết quả/);
    await h.sendPhoto(CHAIR);
    await waitOut(page, /trả lời phiếu/, 20_000);
    expect(await out(page, /trả lời phiếu/).innerText()).toMatch(/vá ổ gà/);
    // The chair's photo of the result (a Telegram file) shows in the chat, through gopy.
    const evidence = page.locator('#log .msg.out img').last();
    await evidence.waitFor();
    await until('the evidence photo loaded', () =>
      evidence.evaluate((img) => (img as HTMLImageElement).naturalWidth > 0),
    );
    await page.screenshot({ path: `${SHOTS}-answer-390.png`, fullPage: false });

    // The verdict, on the web.
    await press(page, 'Đã giải quyết');
    const closed = await until('the report closed by the web citizen’s verdict', async () => {
      const r = await h.db.prisma.report.findUniqueOrThrow({ where: { ticketCode: ticket! } });
      return r.status === 'closed' && r;
    });
    expect(closed.verdict).toBe('yes');

    // «Phản ánh của tôi» lists the ticket with its page, which shows the thread.
    await page.locator('#mine').click();
    const link = page.locator('#tickets-list a', { hasText: ticket! });
    await link.waitFor();
    const href = await link.getAttribute('href');
    const ticketPage = await context.newPage();
    await ticketPage.goto(`${h.webUrl}${href}`);
    const body = await ticketPage.locator('main').innerText();
    expect(body).toContain(ticket!);
    expect(body).toContain('Xã đã cho vá ổ gà');
    // The citizen's text is shown as text, never as markup.
    expect(body).toContain('<b>rất</b>');
    await ticketPage.screenshot({ path: `${SHOTS}-ticket-390.png`, fullPage: true });
    // A wrong key opens nothing.
    const wrong = await ticketPage.goto(`${h.webUrl}/chat/${COMMUNE}/t/${ticket}?k=AAAAAAAA`);
    expect(wrong?.status()).toBe(404);

    expect(errors).toEqual([]);
    expect(h.fake.violations()).toEqual([]);
    await context.close();
  }, 180_000);

  it('a counter’s QR code for the web opens the counter rating, once per tab', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${h.webUrl}/chat/${COMMUNE}?start=q_${COMMUNE}_Q2_NV07`);
    await waitOut(page, 'Cảm ơn Ông/Bà đã đến làm việc tại Xã Bắc Đông Hưng');
    for (let i = 1; i <= 4; i++) {
      await waitOut(page, new RegExp(`Câu ${i}/4\\.`));
      await press(page, '5 – Rất hài lòng');
    }
    await waitOut(page, 'Cảm ơn Ông/Bà đã đánh giá!');
    const rating = await until('the counter rating stored', () =>
      h.db.prisma.rating
        .findFirst({ where: { kind: 'counter', citizen: { channel: 'web' } } })
        .then((r) => r ?? undefined),
    );
    expect(rating).toMatchObject({ unitCode: COMMUNE, counterCode: 'Q2', staffCode: 'NV07' });
    // A reload shows the conversation; it does not start the rating over.
    await page.reload();
    await waitOut(page, 'Cảm ơn Ông/Bà đã đánh giá!');
    await h.settle();
    const greetings = page.locator('#log .msg.out', { hasText: 'Cảm ơn Ông/Bà đã đến làm việc' });
    expect(await greetings.count()).toBe(1);
    await context.close();
  }, 60_000);

  it('a button’s passing note («Nút này đã cũ.») is not shown again when the page reloads', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${h.webUrl}/chat/${COMMUNE}`);
    await waitOut(page, 'Ông/Bà muốn làm gì?');
    await press(page, 'Gửi phản ánh, kiến nghị');
    await waitOut(page, 'Ông/Bà muốn gửi loại nào?');
    // The menu's button again, on the first message: out of date, said in passing.
    await page
      .locator('#log .msg.out button', { hasText: 'Gửi phản ánh, kiến nghị' })
      .first()
      .click();
    await page.locator('#status', { hasText: 'Nút này đã cũ.' }).waitFor();
    await page.reload();
    await waitOut(page, 'Ông/Bà muốn gửi loại nào?');
    await h.settle();
    // The conversation is all there again; the note of a press made before is not.
    expect(await page.locator('#log .msg.out', { hasText: 'Ông/Bà muốn làm gì?' }).count()).toBe(1);
    expect(await page.locator('#status').innerText()).toBe('');
    await context.close();
  }, 60_000);

  it('«Phản ánh của tôi» says a ward’s report waits for an official, as Telegram says it', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${h.webUrl}/chat/${COMMUNE}`);
    await waitOut(page, 'Ông/Bà muốn làm gì?');
    const token = await page.evaluate(() => localStorage.getItem('gopy-webchat-token'));
    // This browser session's reports: one to a ward that nobody can receive yet (parked, as
    // routing leaves it), one to the commune, forwarded.
    const ward = await h.db.prisma.unit.findFirstOrThrow({
      where: { type: 'ward' },
      select: { code: true },
    });
    const who = { citizenChatId: 0, webChatId: webChatId(token!) };
    const parked = await commitReport(h.db.prisma, {
      ...who,
      unitCode: ward.code,
      text: 'Cống <img src=x onerror="document.title=1"> tắc',
    });
    await h.db.prisma.report.update({
      where: { id: parked.id },
      data: { awaitingOfficialAt: new Date() },
    });
    const routed = await commitReport(h.db.prisma, { ...who, unitCode: COMMUNE });
    await h.db.prisma.report.update({ where: { id: routed.id }, data: { status: 'routed' } });

    await page.locator('#mine').click();
    const item = (ticket: string) => page.locator('#tickets-list li', { hasText: ticket });
    await item(parked.ticketCode).waitFor();
    expect(await item(parked.ticketCode).innerText()).toBe(
      `${parked.ticketCode} — 🕓 Chờ phường có cán bộ nhận: Cống <img src=x onerror="document.title=1"> tắc`,
    );
    expect(await item(routed.ticketCode).innerText()).toMatch(
      new RegExp(`^${routed.ticketCode} — 🕓 Mới, chờ tiếp nhận: `),
    );
    // The citizen's text is text, never markup.
    expect(await page.locator('#tickets-list img').count()).toBe(0);
    await context.close();
  }, 60_000);

  it('the embed on a ward’s portal names the chat’s frame after the ward’s committee', async () => {
    const ward = await h.db.prisma.unit.findFirstOrThrow({
      where: { type: 'ward' },
      select: { code: true, name: true },
    });
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    // The ward's own site, on its own origin (another loopback port), with the one-line embed.
    const site = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="vi"><body><h1>${ward.name}</h1>
        <script src="${h.webUrl}/chat/embed.js" data-commune="${ward.code}" async></script>
        </body></html>`);
    });
    await new Promise<void>((done) => site.listen(0, '127.0.0.1', done));
    await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
    await page.getByRole('button', { name: '💬 Gửi phản ánh, kiến nghị' }).click();
    const frame = page.locator('#gopy-chat-frame');
    const committee = `UBND phường ${ward.name.replace(/^Phường /u, '')}`;
    await until('the frame named after the ward’s committee', async () =>
      (await frame.getAttribute('title')) === `Trò chuyện với ${committee}: Gửi phản ánh, kiến nghị`
        ? true
        : undefined,
    );
    expect(await frame.getAttribute('title')).not.toMatch(/UBND xã/u);
    await context.close();
    await new Promise((done) => site.close(done));
  }, 60_000);

  it('says in Vietnamese when the citizen sends too fast, and loses nothing', async () => {
    // A tight limit, so a quick typist meets it: 2 messages per 10 s per browser session.
    await h.restart({ env: { WEBCHAT_SESSION_LIMIT: '2/10' } });
    // Straight at the API: the third message answers 429 with the wait, in Vietnamese.
    const api = webCitizen(h.webUrl, COMMUNE);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await api.post({ type: 'text', text: '/help' }));
    expect(statuses.map((r) => r.status)).toEqual([200, 200, 429]);
    expect(JSON.stringify(statuses[2]!.body)).toMatch(/Ông\/Bà gửi nhanh quá.*giây/);

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${h.webUrl}/chat/${COMMUNE}`);
    await waitOut(page, 'Ông/Bà muốn làm gì?');
    // 6 messages in a row: over the session's limit.
    for (let i = 1; i <= 6; i++) {
      await page.locator('#input').fill(`tin số ${i}`);
      await page.locator('#send').click();
    }
    await page.locator('#status', { hasText: 'Ông/Bà gửi nhanh quá' }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${SHOTS}-limited-desktop.png` });
    // Every message still arrives, once, in order.
    const sent = await until(
      'all 6 messages stored',
      async () => {
        const rows = await h.db.prisma.webChatEntry.findMany({
          where: { direction: 'in' },
          orderBy: { id: 'asc' },
        });
        const texts = rows
          .map((r) => (r.payload as { text?: string }).text ?? '')
          .filter((t) => t.startsWith('tin số '));
        return texts.length >= 6 && texts;
      },
      60_000,
    );
    expect(sent).toEqual(Array.from({ length: 6 }, (_, i) => `tin số ${i + 1}`));
    await page.locator('#log .msg.in', { hasText: 'tin số 6' }).waitFor();
    expect(await page.locator('#log .msg.in', { hasText: /^tin số/ }).count()).toBe(6);
    // Stored is not yet acknowledged: the page takes its last bubble out of «pending» when the
    // server's answer reaches it, a moment after the row is written. None may stay pending.
    await expect
      .poll(() => page.locator('#log .msg.in.pending').count(), { timeout: 15_000 })
      .toBe(0);
    await context.close();
  }, 90_000);
});
