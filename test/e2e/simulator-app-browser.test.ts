/**
 * The local simulator as a newcomer meets it: the real `gopy start` (a child process, the CLI,
 * SIMULATOR=true) on a test PostgreSQL database and its own Redis prefix, and the page in a real
 * browser (Debian's chromium through playwright-core). A citizen opens the bot and starts a
 * report; the commune chair's view opens without errors. Skipped when chromium is missing
 * (`apt-get install -y chromium`), except under CI, where that fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, requireChromium, skipBrowserTests } from '../support/chromium.ts';
import { CHAIR } from '../support/demo.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { freePort } from '../support/free-port.ts';

const SCREENSHOT = '/tmp/gopy-simulator-app.png';
const MENU = [
  'Đánh giá chính quyền',
  'Gửi phản ánh, kiến nghị',
  'Phản ánh của tôi',
  'Đăng ký gặp lãnh đạo UBND',
  'Trợ giúp',
];

describe.skipIf(skipBrowserTests('simulator-app-browser'))(
  'gopy start: the simulator page in a browser',
  () => {
    let db: TestDatabase;
    let child: ChildProcess;
    let browser: Browser;
    let page: Page;
    let url: string;
    const output: string[] = [];
    const pageErrors: string[] = [];

    beforeAll(async () => {
      requireChromium();
      db = await createTestDatabase({ seeded: true });
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      const launched = chromium.launch({
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
      child = spawn(process.execPath, ['bin/gopy.js', 'start'], {
        env: {
          ...process.env,
          SIMULATOR: 'true',
          BOT_TOKEN: '',
          DATABASE_URL: db.url,
          QUEUE_PREFIX: `sim${randomUUID().slice(0, 8)}`,
          PORT: String(port),
          HOST: '', // unset: the simulator's own default, 127.0.0.1
          METRICS_PORT: '0',
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
      child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
      const started = Date.now();
      for (;;) {
        if (child.exitCode !== null)
          throw new Error(`gopy start exited ${child.exitCode}:\n${output.join('')}`);
        const ready = await fetch(`${url}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ready && output.join('').includes('gopy simulator:')) break;
        if (Date.now() - started > 40_000)
          throw new Error(`gopy start did not get ready:\n${output.join('')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      // The address printed is the one sign-in links use (cookies are per host).
      expect(output.join('')).toContain(`gopy simulator: http://localhost:${port}/`);
      browser = await launched;
      page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
      page.on('pageerror', (err) => pageErrors.push(err.message));
      page.on('console', (m) => {
        // The browser asks for /favicon.ico on its own; the page has none (a 404, harmless).
        if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico'))
          pageErrors.push(`${m.text()} ${m.location().url}`);
      });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      if (child && child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.kill('SIGTERM');
        await exited;
        clearTimeout(kill);
      }
      await db?.drop();
    }, 30_000);

    const bubbles = () => page.locator('main.log .bubble');

    it('a citizen gets the Vietnamese menu and starts a report; the chair’s view opens cleanly', async () => {
      await page.goto(`${url}/?as=1001`);
      await expect.poll(() => page.locator('#person').inputValue()).toBe('1001');
      await page.fill('#text', '/start');
      await page.keyboard.press('Enter');

      const menu = bubbles().filter({ hasText: 'Ông/Bà muốn làm gì?' }).last();
      await expect.poll(() => menu.count(), { timeout: 15_000 }).toBe(1);
      // A first contact's welcome and the menu are one message: the buttons right under it.
      expect(await menu.getByText('Xin chào! Đây là kênh trao đổi').count()).toBe(1);
      const labels = await menu.locator('.inline-kb').getByRole('button').allTextContents();
      expect(labels.slice(0, MENU.length)).toEqual(MENU);
      await page.screenshot({ path: '/tmp/gopy-simulator-app-menu.png' });

      await menu.getByRole('button', { name: 'Gửi phản ánh, kiến nghị' }).click();
      await expect
        .poll(() => bubbles().last().textContent(), { timeout: 10_000 })
        .toContain('Ông/Bà muốn gửi loại nào?');
      for (const kind of ['Góp ý', 'Phản ánh', 'Kiến nghị', 'Khiếu nại', 'Tố cáo'])
        expect(
          await bubbles().last().getByRole('button', { name: kind, exact: true }).count(),
        ).toBe(1);
      await page.screenshot({ path: SCREENSHOT });

      // The commune chair: the page switches to their chat and nothing breaks.
      // Its id is beyond 2^52 (demo-accounts.ts), still an exact number on the page.
      await page.selectOption('#person', String(CHAIR));
      await expect.poll(() => page.locator('#person').inputValue()).toBe(String(CHAIR));
      await expect.poll(() => page.locator('#chat option').count()).toBeGreaterThan(0);
      await page.fill('#text', '/start');
      await page.keyboard.press('Enter');
      await expect.poll(() => bubbles().count(), { timeout: 10_000 }).toBeGreaterThan(0);
      expect(await page.locator('#error').textContent()).toBe('');
      await page.screenshot({ path: '/tmp/gopy-simulator-app-chair.png' });
      expect(pageErrors).toEqual([]);
      expect(output.join('')).not.toMatch(/"level":(50|60)/);
    }, 60_000);
  },
);
