/**
 * Voice notes in the web chat, in a real browser (Debian's chromium through playwright-core,
 * its fake microphone playing a sine made here) against the real gopy: a citizen on a phone
 * records the description of a report with «🎤 Ghi âm» (start, timer, send), hears their own
 * note in the thread, is warned that a voice can be recognised, and sends the report; the chair
 * receives a real voice note on Telegram (the fake Bot API's sendVoice, OGG/Opus bytes of the
 * length spoken). On a wide screen a recording is cancelled (nothing sent) and an audio file of
 * six minutes is refused in Vietnamese, every earlier answer kept.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { writeFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, requireChromium, skipBrowserTests } from '../support/chromium.ts';
import { CHAIR } from '../support/demo.ts';
import { startHarness, TOKEN, type Harness } from '../support/gopy-harness.ts';
import { until } from '../support/until.ts';
import { out, press, waitOut } from '../support/web-chat-page.ts';
import { makeRecording } from '../support/voice-recordings.ts';

const COMMUNE = '12694'; // Xã Bắc Đông Hưng, Hưng Yên (seeded demo commune)
const SHOTS = '/tmp/webvoice';
const WAV = `/tmp/webvoice-sine-${process.pid}.wav`;

/** A 440 Hz sine, 48 kHz 16-bit mono: what the fake microphone "hears" (it loops it). */
function sineWav(seconds: number): Buffer {
  const rate = 48_000;
  const samples = rate * seconds;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++)
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 12_000), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** How long an OGG/Opus file plays: the last page's granule position, at 48 kHz. */
function oggSeconds(ogg: Buffer): number {
  const last = ogg.lastIndexOf(Buffer.from('OggS'));
  return Number(ogg.readBigInt64LE(last + 6)) / 48_000;
}

async function toDescription(page: Page): Promise<void> {
  await page.goto(`${harness().webUrl}/chat/${COMMUNE}`);
  await waitOut(page, 'Ông/Bà muốn làm gì?');
  // No voice question yet: no recorder.
  expect(await page.locator('#voice').isVisible()).toBe(false);
  await press(page, 'Gửi phản ánh, kiến nghị');
  await waitOut(page, 'Ông/Bà muốn gửi loại nào?');
  await press(page, 'Phản ánh');
  await waitOut(page, 'Việc này thuộc lĩnh vực nào?');
  await press(page, 'Giao thông, đường sá');
  await waitOut(page, /Xin Ông\/Bà kể rõ sự việc/);
  expect(await out(page, /Xin Ông\/Bà kể rõ sự việc/).innerText()).toContain(
    'Ông/Bà có thể ghi âm thay vì gõ chữ: bấm nút «🎤 Ghi âm»',
  );
  await page.locator('#record').waitFor({ state: 'visible' });
}

let h: Harness | undefined;
const harness = () => h!;

describe.skipIf(skipBrowserTests('web-chat-voice-browser.test.ts'))('web chat voice notes', () => {
  let browser: Browser;

  beforeAll(async () => {
    requireChromium();
    writeFileSync(WAV, sineWav(2));
    h = await startHarness({ humanPace: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-audio-capture=${WAV}`,
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
    rmSync(WAV, { force: true });
  });

  it('a citizen on a phone records the description; the chair gets a real voice note', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'vi-VN',
      permissions: ['microphone'],
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await toDescription(page);

    // Press to start: the button turns into «⏹ Dừng và gửi», a timer runs, «✕ Hủy» shows.
    await page.locator('#record').click();
    await until('the timer at 0:03', async () =>
      (await page.locator('#rec-time').innerText()) === '0:03' ? true : undefined,
    );
    expect(await page.locator('#record').innerText()).toBe('⏹ Dừng và gửi');
    expect(await page.locator('#record').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('#rec-cancel').isVisible()).toBe(true);
    await page.screenshot({ path: `${SHOTS}-recording-390.png` });
    // Press again to send.
    await page.locator('#record').click();

    // The citizen's own note in the thread, with its length as the server measured it.
    const mine = page.locator('#log .msg.in', { hasText: /🎤 Ghi âm 0:0[3-5]/ }).last();
    await mine.waitFor({ timeout: 15_000 });
    expect(await mine.locator('audio').getAttribute('src')).toMatch(
      /^\/chat\/files\/[0-9a-f-]+\?k=/,
    );
    await waitOut(page, 'Ông/Bà có ảnh chụp sự việc không?');
    // The next question takes no voice: the recorder is gone.
    expect(await page.locator('#voice').isVisible()).toBe(false);
    await page.screenshot({ path: `${SHOTS}-sent-390.png` });

    await press(page, 'Bỏ qua');
    await waitOut(page, 'Sự việc ở đâu?');
    await page.locator('#keyboard button', { hasText: 'Bỏ qua' }).click();
    // A voice can be recognised: said on the web too, before the choice of anonymity.
    await waitOut(page, /giọng nói có thể giúp người quen nhận ra Ông\/Bà/);
    await waitOut(page, 'Ông/Bà có muốn gửi ẩn danh không?');
    await press(page, 'Không cần ẩn danh');
    await waitOut(page, 'Ông/Bà có đồng ý công khai phản ánh này không?');
    await press(page, 'Không công khai');
    await waitOut(page, /để lại số điện thoại/);
    await page.locator('#keyboard button', { hasText: 'Bỏ qua' }).click();
    await waitOut(page, 'Xin Ông/Bà xem lại trước khi gửi');
    expect(await out(page, 'Xin Ông/Bà xem lại trước khi gửi').innerText()).toMatch(
      /• Nội dung: 🎤 Ghi âm dài 0:0[3-5]/,
    );
    await press(page, '✅ Gửi');
    await waitOut(page, /Đã tiếp nhận/);
    const ticket = /PA-\d{4}-\d{6}/.exec(await out(page, /Đã tiếp nhận/).innerText())?.[0];
    expect(ticket).toBeDefined();

    // Stored like a photo: the report's voice attachment, a web file of OGG/Opus.
    const report = await harness().db.prisma.report.findUniqueOrThrow({
      where: { ticketCode: ticket! },
      include: { attachments: true },
    });
    expect(report.attachments.map((a) => [a.kind, a.mimeType])).toEqual([['voice', 'audio/ogg']]);
    const fileId = report.attachments[0]!.fileId;
    expect(fileId).toMatch(/^web:/);

    // The chair gets a voice note (sendVoice) with the alert as its caption; Telegram fetched
    // OGG/Opus bytes of the length spoken.
    await until('the voice note sent to the chair', async () =>
      harness()
        .fake.calls(TOKEN, 'sendVoice')
        .some((c) => String(c.params.chat_id) === String(CHAIR)),
    );
    const alert = await until('the alert in the chair’s chat', () =>
      harness()
        .fake.messagesTo(TOKEN, CHAIR)
        .find((m) => m.voice && m.caption?.includes(ticket!)),
    );
    expect(alert.caption).toMatch(/Nội dung gửi bằng ghi âm \(dài 0:0[3-5]\)/);
    const heard = harness().fake.fileContents(alert.voice!.file_id)!.data;
    expect(heard.subarray(0, 4).toString('latin1')).toBe('OggS');
    expect(heard.includes(Buffer.from('OpusHead'))).toBe(true);
    expect(oggSeconds(Buffer.from(heard))).toBeGreaterThan(2.5);
    expect(oggSeconds(Buffer.from(heard))).toBeLessThan(6);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('on a wide screen: a cancelled recording sends nothing; six minutes are refused, answers kept', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'vi-VN',
      permissions: ['microphone'],
    });
    const page = await context.newPage();
    await toDescription(page);
    const sent = () => page.locator('#log .msg.in').count();
    const before = await sent();

    await page.locator('#record').click();
    await until('the timer at 0:02', async () =>
      (await page.locator('#rec-time').innerText()) === '0:02' ? true : undefined,
    );
    await page.screenshot({ path: `${SHOTS}-recording-1280.png` });
    await page.locator('#rec-cancel').click();
    expect(await page.locator('#status').innerText()).toBe('Đã hủy ghi âm.');
    expect(await page.locator('#record').innerText()).toBe('🎤 Ghi âm');
    await page.waitForTimeout(1500);
    expect(await sent()).toBe(before);

    // An audio file of six minutes (its container says so too): refused in the conversation's
    // words, the same question again.
    await page.locator('#audio-file').setInputFiles({
      name: 'ghi-am-dai.webm',
      mimeType: 'audio/webm',
      buffer: await makeRecording({ seconds: 360 }),
    });
    await waitOut(
      page,
      /^Đoạn ghi âm này dài 6 phút, gopy chỉ nhận ghi âm đến 5 phút\. Xin Ông\/Bà gõ câu trả lời bằng chữ rồi gửi\.\n\nXin Ông\/Bà kể rõ sự việc/,
    );
    await waitOut(page, /Xin Ông\/Bà kể rõ sự việc/);
    expect(await page.locator('#voice').isVisible()).toBe(true);
    await page.screenshot({ path: `${SHOTS}-refused-1280.png` });
    expect(await page.locator('#log .msg.in').last().innerText()).toBe('🎤 Ghi âm 6:00');
    // Nothing of it was kept.
    expect(await harness().db.prisma.webChatFile.count({ where: { mimeType: 'audio/ogg' } })).toBe(
      1,
    );

    // The citizen types instead; everything chosen before is still there.
    await page.locator('#input').fill('Đèn đường thôn Nam tắt cả tuần nay');
    await page.keyboard.press('Enter');
    await waitOut(page, 'Ông/Bà có ảnh chụp sự việc không?');
    await press(page, 'Bỏ qua');
    await waitOut(page, 'Sự việc ở đâu?');
    await page.locator('#keyboard button', { hasText: 'Bỏ qua' }).click();
    await waitOut(page, 'Ông/Bà có muốn gửi ẩn danh không?');
    await press(page, 'Có, gửi ẩn danh');
    await waitOut(page, 'Ông/Bà có đồng ý công khai phản ánh này không?');
    await press(page, 'Không công khai');
    await waitOut(page, 'Xin Ông/Bà xem lại trước khi gửi');
    const review = await out(page, 'Xin Ông/Bà xem lại trước khi gửi').innerText();
    for (const line of [
      '• Loại: Phản ánh',
      '• Lĩnh vực: Giao thông, đường sá',
      '• Nội dung: Đèn đường thôn Nam tắt cả tuần nay',
    ])
      expect(review).toContain(line);
    await context.close();
  }, 120_000);
});
