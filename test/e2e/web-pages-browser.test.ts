/**
 * The judgement pages in a real browser (Debian's chromium through playwright-core), on the
 * real gopy with data in PostgreSQL: the chair types /web in Telegram (the fake Bot API),
 * follows the link in the reply and lands on the dashboard; the charts render as SVG with bars
 * of real size on a 390 px phone and a 1280 px desktop (screenshots saved under a temp dir);
 * an anonymous citizen stays hidden in the thread; the province admin compares communes; the
 * public board reads on a phone.
 */
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAIR } from '../support/demo.ts';
import { fileReport } from '../support/desk-fixtures.ts';
import { startHarness, type Harness } from '../support/gopy-harness.ts';
import { until } from '../support/until.ts';
import { addProvinceAdmin, markAnswered, seedRatings } from '../support/web-fixtures.ts';

const CHROMIUM = '/usr/bin/chromium';
const ADMIN = 9100;
const SHOTS = mkdtempSync(join(tmpdir(), 'gopy-web-'));
const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 900 },
] as const;

let h: Harness;
let browser: Browser;
let anonymousTicket: string;
let waitingTicket: string;

beforeAll(async () => {
  expect(existsSync(CHROMIUM), `${CHROMIUM} is needed (apt-get install chromium)`).toBe(true);
  h = await startHarness({ env: { PUBLIC_MIN_ANSWERS: '5' } });
  await addProvinceAdmin(h, ADMIN);
  await seedRatings(h, '12694', 24);
  await seedRatings(h, '13186', 3, 800_000);
  const answered = await fileReport(h, { citizen: { id: 610_001 }, categoryCode: 'moi-truong' });
  await markAnswered(h, answered.id);
  anonymousTicket = (
    await fileReport(h, {
      citizen: { id: 610_002, firstName: 'Lê Văn Ẩn Danh' },
      anonymous: true,
      categoryCode: 'moi-truong',
      text: 'Rác thải đổ trộm ở bãi đất trống cạnh trường tiểu học <b>đêm qua</b>',
    })
  ).ticket;
  await fileReport(h, {
    citizen: { id: 610_003 },
    text: 'Cầu tạm qua mương bị gãy lan can',
    dueAt: new Date(Date.now() - 86_400_000),
  });
  // Waiting for the province: a tố cáo from Phường Sơn Nam, which has no official (routing sends
  // it to the province admin), and a report parked three days ago in Phường Hồng Châu.
  waitingTicket = (
    await fileReport(h, {
      citizen: { id: 610_004, firstName: 'Nguyễn Tố Giác' },
      unitCode: '11983',
      kind: 'to-cao',
      categoryCode: 'khac',
      text: 'Tố cáo cán bộ phường thu tiền sai quy định',
    })
  ).ticket;
  const parked = await fileReport(h, {
    citizen: { id: 610_005 },
    unitCode: '11980',
    route: false,
  });
  await h.gopy.repos.workflow.markAwaitingOfficial(
    parked.id,
    new Date(Date.now() - 3 * 86_400_000),
  );
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** Signs `userId` in as they would: /web in Telegram, then the link from the reply. */
async function signInFromChat(userId: number, context: BrowserContext): Promise<Page> {
  const links = () => h.texts(userId).filter((t) => t.includes('/login/'));
  const before = links().length;
  await h.send(userId, '/web');
  await until('the sign-in link', () => links().length > before);
  const reply = links().at(-1)!;
  const url = /(https?:\/\/\S+\/login\/[A-Za-z0-9_-]+)/.exec(reply)?.[1];
  expect(url, reply).toBeDefined();
  expect(url!.startsWith(h.webUrl)).toBe(true);
  const page = await context.newPage();
  await page.goto(url!);
  return page;
}

/** The chart's drawn shapes with a real size (bars are paths or rects in ECharts' SVG). */
async function drawnShapes(page: Page, selector: string): Promise<number> {
  return page.$$eval(
    `${selector} svg path, ${selector} svg rect`,
    (shapes) =>
      shapes.filter((s) => {
        const box = (s as SVGGraphicsElement).getBoundingClientRect();
        const fill = getComputedStyle(s).fill;
        return box.width > 2 && box.height > 2 && fill !== 'none';
      }).length,
  );
}

/**
 * Pairs of texts of the visible charts under `selector` whose boxes overlap (axis labels run
 * into each other, a legend lies over the month labels): as "«a» × «b»", none expected.
 */
async function overlappingChartTexts(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(`${selector} svg`, (charts) =>
    charts.flatMap((chart) => {
      if (chart.getBoundingClientRect().width === 0) return [];
      const boxes = [...chart.querySelectorAll('text')]
        .map((t) => ({ text: t.textContent ?? '', box: t.getBoundingClientRect() }))
        .filter((t) => t.text.trim() !== '' && t.box.width > 0);
      const hits: string[] = [];
      for (const [i, a] of boxes.entries())
        for (const b of boxes.slice(i + 1)) {
          // One pixel of slack: neighbouring lines of one label may touch.
          const x = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
          const y = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
          if (x > 1 && y > 1) hits.push(`«${a.text}» × «${b.text}»`);
        }
      return hits;
    }),
  );
}

/** Takes the screenshot, checks it is a PNG of the viewport's width, returns its path. */
async function screenshot(page: Page, name: string, width: number): Promise<string> {
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  // What the first screen shows, to look at.
  await page.screenshot({ path: join(SHOTS, `${name}-top.png`) });
  expect(statSync(path).size).toBeGreaterThan(10_000);
  const png = PNG.sync.read(await readFile(path));
  expect(png.width).toBe(width);
  return path;
}

describe('the judgement pages in a browser', () => {
  it('the chair sends /web, follows the link and lands on the commune dashboard', async () => {
    const context = await browser.newContext({ locale: 'vi-VN', viewport: VIEWPORTS[0] });
    const page = await signInFromChat(CHAIR, context);
    expect(new URL(page.url()).pathname).toBe('/dashboard/unit/12694');
    await expect.poll(() => page.locator('h1').textContent()).toContain('Xã Bắc Đông Hưng');
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    // The link was for one use: the same address now explains itself.
    const again = await context.newPage();
    const reply = h
      .texts(CHAIR)
      .filter((t) => t.includes('/login/'))
      .at(-1)!;
    await again.goto(/(https?:\/\/\S+\/login\/\S+)/.exec(reply)![1]!);
    expect(await again.locator('h1').textContent()).toContain('không còn dùng được');
    await context.close();
  });

  for (const viewport of VIEWPORTS)
    it(`dashboard at ${viewport.width} px: charts drawn, nothing wider than the screen`, async () => {
      const context = await browser.newContext({ locale: 'vi-VN', viewport });
      const page = await signInFromChat(CHAIR, context);
      await page.locator('figure.chart svg:visible').first().waitFor();
      expect(await page.locator('figure.chart svg').count()).toBeGreaterThanOrEqual(3);
      // The five criteria: at least five bars of real size.
      expect(
        await drawnShapes(page, 'section[aria-labelledby="h-criteria"] figure.chart'),
      ).toBeGreaterThanOrEqual(5);
      expect(
        await drawnShapes(page, 'section[aria-labelledby="h-improve"] figure.chart'),
      ).toBeGreaterThanOrEqual(3);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(page, `dashboard-${viewport.name}`, viewport.width);
      // Every label of every chart readable: none drawn over another.
      expect(await overlappingChartTexts(page, 'figure.chart')).toEqual([]);
      // The count tables side by side keep their own height: rows are not spread apart (a row
      // of three lines is about 60 px).
      const rows = await page.$$eval('.columns table.counts tr', (trs) =>
        trs.map((r) => ({ text: r.textContent ?? '', height: r.getBoundingClientRect().height })),
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.filter((r) => r.height > 72).map((r) => `${r.text}: ${r.height}px`)).toEqual([]);
      await context.close();
    });

  for (const viewport of VIEWPORTS)
    it(`period picker at ${viewport.width} px in an English browser: days typed and shown dd/mm/yyyy`, async () => {
      // An official whose browser speaks English: a native date field would show mm/dd/yyyy.
      const context = await browser.newContext({ locale: 'en-US', viewport });
      const page = await signInFromChat(CHAIR, context);
      await page.locator('details.period summary').click();
      const from = page.locator('input[name="tu"]');
      const to = page.locator('input[name="den"]');
      expect(await from.getAttribute('type')).toBe('text');
      expect(await from.getAttribute('placeholder')).toBe('dd/mm/yyyy');
      expect(await page.locator('input[type="date"], input[type="month"]').count()).toBe(0);
      expect(await page.locator('input[name="thang"]').inputValue()).toMatch(/^\d{2}\/\d{4}$/);
      await page.locator('input[name="loai"][value="custom"]').check();
      await from.fill('01/10/2026');
      await to.fill('15/10/2026');
      await page.locator('form.period button[type="submit"]').click();
      await expect
        .poll(() => page.locator('details.period summary').innerText())
        .toContain('đang xem: 01/10/2026 – 15/10/2026');
      expect(await page.locator('input[name="tu"]').inputValue()).toBe('01/10/2026');

      // A day the calendar lacks: the form stays open, says why in Vietnamese, keeps the typing.
      await page.locator('details.period summary').click();
      await page.locator('input[name="tu"]').fill('31/02/2026');
      await page.locator('form.period button[type="submit"]').click();
      const problem = page.locator('.period-problem');
      await problem.waitFor();
      expect(await problem.innerText()).toContain('Ngày bắt đầu «31/02/2026» không có trên lịch.');
      expect(await page.locator('input[name="tu"]').inputValue()).toBe('31/02/2026');
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await page.locator('details.period').scrollIntoViewIfNeeded();
      await page
        .locator('details.period')
        .screenshot({ path: join(SHOTS, `period-${viewport.name}.png`) });
      await screenshot(page, `period-page-${viewport.name}`, viewport.width);
      await context.close();
    });

  it('open reports show their thread, and an anonymous citizen stays hidden', async () => {
    const context = await browser.newContext({ locale: 'vi-VN', viewport: VIEWPORTS[1] });
    const page = await signInFromChat(CHAIR, context);
    const report = page.locator('li.report', { hasText: anonymousTicket });
    await report.locator('summary').click();
    const thread = await report.locator('.thread').innerText();
    // User text arrives as text, markup and all.
    expect(thread).toContain(
      'Rác thải đổ trộm ở bãi đất trống cạnh trường tiểu học <b>đêm qua</b>',
    );
    expect(thread).not.toContain('Lê Văn Ẩn Danh');
    expect(await page.locator('li.report.overdue').count()).toBeGreaterThanOrEqual(1);
    await context.close();
  });

  it(
    'the province admin compares communes, with "chưa đủ ý kiến" below the minimum',
    { timeout: 120_000 },
    async () => {
      for (const viewport of VIEWPORTS) {
        const context = await browser.newContext({ locale: 'vi-VN', viewport });
        const page = await signInFromChat(ADMIN, context);
        expect(new URL(page.url()).pathname).toMatch(/^\/dashboard\/province\/\d{2}$/);
        const row = (name: string) => page.locator('table.province tbody tr', { hasText: name });
        await expect.poll(() => row('Xã Bắc Đông Hưng').count()).toBe(1);
        expect(await row('Xã Bình Định').innerText()).toContain('chưa đủ ý kiến');
        expect(await row('Xã Bắc Đông Hưng').innerText()).toMatch(/n = 24/);
        await page.locator('table.province thead a', { hasText: 'TC 1' }).click();
        await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('c1');
        // Sorted by criterion 1: the commune with a figure comes before the one without.
        const names = await page.locator('table.province tbody th').allInnerTexts();
        expect(names.indexOf('Xã Bắc Đông Hưng')).toBeLessThan(names.indexOf('Xã Bình Định'));
        await screenshot(page, `province-${viewport.name}`, viewport.width);

        // The reports waiting for the province, longest waiting first, naming nobody who sent them.
        const waiting = page.locator('section[aria-labelledby="h-waiting"]');
        const rows = waiting.locator('tbody tr');
        expect(await rows.count()).toBe(2);
        expect(await rows.nth(0).innerText()).toMatch(/Phường Hồng Châu[\s\S]*3 ngày/);
        const denounced = rows.nth(1);
        expect(await denounced.innerText()).toMatch(/Phường Sơn Nam[\s\S]*Tố cáo/);
        expect(await waiting.innerText()).not.toMatch(/Nguyễn Tố Giác|thu tiền sai/);
        // Nothing on the page is wider than the screen; on a phone each report is a card whose
        // every line fits, with the ticket a link large enough for a thumb.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          viewport.width,
        );
        const link = denounced.locator('th a');
        expect(await link.innerText()).toBe(waitingTicket);
        for (const cell of await denounced.locator('td').all()) {
          const box = (await cell.boundingBox())!;
          expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
        }
        if (viewport.name === 'phone') {
          expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(44);
          expect(await waiting.locator('thead').isVisible()).toBe(true); // kept for screen readers
          // Each line says what it is: the column's name before it (CSS, from data-label).
          const days = denounced.locator('td[data-label="Đã chờ"]');
          expect(await days.innerText()).toBe('từ hôm nay');
          expect(await days.evaluate((e) => getComputedStyle(e, '::before').content)).toBe(
            '"Đã chờ"',
          );
        }
        await waiting.screenshot({ path: join(SHOTS, `province-waiting-${viewport.name}.png`) });
        await link.click();
        await expect.poll(() => new URL(page.url()).hash).toBe(`#phieu-${waitingTicket}`);
        expect(await page.locator(`li#phieu-${waitingTicket}`).count()).toBe(1);
        await page.goBack();

        if (viewport.name === 'phone') {
          // The table scrolls sideways on a phone; each row's commune stays in sight.
          const name = page.locator('table.province tbody th').first();
          const before = (await name.boundingBox())!.x;
          await page.locator('.scroll:has(table.province)').evaluate((e) => {
            e.scrollLeft = 300;
          });
          await expect.poll(async () => (await name.boundingBox())!.x).toBe(before);
        }
        await context.close();
      }
    },
  );

  it(
    'the public board reads on a phone and a desktop, with its chart and QR code',
    { timeout: 90_000 },
    async () => {
      for (const viewport of VIEWPORTS) {
        const context = await browser.newContext({ locale: 'vi-VN', viewport });
        const page = await context.newPage();
        await page.goto(`${h.webUrl}/board/12694`);
        expect(await page.locator('h1').textContent()).toBe('Xã Bắc Đông Hưng');
        expect(await drawnShapes(page, 'main.board figure.chart')).toBeGreaterThanOrEqual(5);
        expect(await page.locator('section.rate .qr svg').count()).toBe(1);
        // How to rate stands beside the QR code on a desktop, under it on a phone.
        const qr = (await page.locator('section.rate .qr').boundingBox())!;
        const words = (await page.locator('section.rate h2').boundingBox())!;
        if (viewport.name === 'desktop') expect(words.x).toBeGreaterThanOrEqual(qr.x + qr.width);
        else expect(words.y).toBeGreaterThanOrEqual(qr.y + qr.height);
        expect(await page.locator('table.answered tbody tr').count()).toBeGreaterThanOrEqual(1);
        await screenshot(page, `board-${viewport.name}`, viewport.width);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow).toBeLessThanOrEqual(0);
        await context.close();
      }
    },
  );
});
