/**
 * The simulator's Zalo view (/sim/zalo) in a real browser, on the real gopy and the fake Zalo
 * OA: the person starts a chat with the commune's OA, taps a query button, types a number, and
 * sees gopy's questions as Zalo would show them.
 */
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebServer } from '../../src/http/create-web-server.ts';
import { listen } from '../../src/http/listen.ts';
import { createLogger } from '../../src/logger.ts';
import { createFakeZaloOa, type FakeZaloOa } from '../../src/simulator/fake-zalo-oa.ts';
import { CHROMIUM, requireChromium, skipBrowserTests } from '../support/chromium.ts';
import { startHarness, type Harness } from '../support/gopy-harness.ts';
import { zaloEnv } from '../support/zalo-citizen.ts';

const skip = skipBrowserTests('zalo-simulator-browser.test.ts');

describe.skipIf(skip)('the simulator’s Zalo view', () => {
  let h: Harness;
  let zalo: FakeZaloOa;
  let browser: Browser;
  let sim: Awaited<ReturnType<typeof createWebServer>>;
  let simUrl = '';

  beforeAll(async () => {
    requireChromium();
    zalo = await createFakeZaloOa();
    h = await startHarness({ humanPace: true, env: zaloEnv(zalo, zalo.issueRefreshToken()) });
    zalo.setWebhook(`${h.webUrl}/zalo/webhook`);
    // The view as `gopy start` serves it in simulator mode, on the same fake.
    sim = await createWebServer({
      logger: createLogger('silent'),
      zaloSimulator: { fake: zalo, commune: { code: '12694', name: 'Xã Bắc Đông Hưng' } },
    });
    simUrl = `http://127.0.0.1:${await listen(sim, 0, '127.0.0.1')}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await sim?.close();
    await h?.close();
    await zalo?.close();
  });

  it('starts a chat, taps a button, types a number, and reads gopy’s questions', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
    // Every request of the page answered (the browser's own favicon.ico aside).
    const errors: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico'))
        errors.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${simUrl}/sim/zalo`);
    // Before the first message the chat says how to begin.
    await page.getByRole('log').getByText('Chưa có tin nhắn. Bấm «▶ Bắt đầu»').waitFor();
    await page.getByRole('button', { name: '▶ Bắt đầu' }).click();
    const log = page.getByRole('log');
    await log.getByText('Ông/Bà muốn làm gì?').waitFor();
    await log
      .getByRole('button', { name: /Gửi phản ánh, kiến nghị/ })
      .first()
      .click();
    await log.getByText('Ông/Bà muốn gửi loại nào?').waitFor();
    const kinds = await log.locator('.zalo-msg.oa').last().innerText();
    const number = /(\d+)\. Phản ánh\n/.exec(kinds)?.[1];
    expect(number).toBeDefined();
    await page.getByLabel('Tin nhắn').fill(number!);
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();
    await log.getByText('Việc này thuộc lĩnh vực nào?').waitFor();
    // The person's own messages show on their side.
    await expect(log.locator('.zalo-msg.user').last().innerText()).resolves.toBe(number);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
