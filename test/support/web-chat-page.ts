/**
 * Reading and pressing the web chat's page in Chromium, as a citizen would: the browser tests
 * of the web chat share these so a change of the page's markup is one edit.
 */
import type { Page } from 'playwright-core';

/** The newest message from gopy that shows `text`. */
export const out = (page: Page, text: string | RegExp) =>
  page.locator('#log .msg.out', { hasText: text }).last();

/** Waits for gopy to show `text`; on timeout, says what the chat shows instead. */
export async function waitOut(page: Page, text: string | RegExp, timeout = 15_000): Promise<void> {
  try {
    await out(page, text).waitFor({ timeout });
  } catch (err) {
    throw new Error(
      `the chat never showed ${String(text)}; it shows:\n${await page.locator('#log').innerText()}`,
      { cause: err },
    );
  }
}

/** Presses the button with this label on the newest message that has it. */
export async function press(page: Page, label: string): Promise<void> {
  const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  await page.locator('#log .msg.out button', { hasText: exact }).last().click();
}

/** Types a message and sends it with Enter. */
export async function type(page: Page, text: string): Promise<void> {
  await page.locator('#input').fill(text);
  await page.keyboard.press('Enter');
}
