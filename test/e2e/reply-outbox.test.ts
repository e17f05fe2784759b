/**
 * Replies are saved with the conversation (the reply outbox): when the bot stops after the save
 * and before every reply went out, Telegram's redelivery of the update sends the rest, and a
 * reply already sent is not sent again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, TOKEN, type Harness } from '../support/gopy-harness.ts';

let h: Harness;
const CONTROL = 770_001;
const CUT = 770_002;

beforeAll(async () => {
  h = await startHarness({ mode: 'webhook', humanPace: true });
  for (const id of [CONTROL, CUT])
    h.fake.addChat(TOKEN, { id, type: 'private', first_name: 'Lan' });
}, 60_000);
afterAll(async () => h?.close());

/** The texts of a chat, each with how many times the bot sent it. */
const texts = (chatId: number) => h.texts(chatId);

describe('reply outbox', () => {
  it('a reply cut off after the save arrives on redelivery, and none is doubled', async () => {
    // How the conversation goes when nothing fails.
    await h.send(CONTROL, '/start');
    await h.press(CONTROL, 'Gửi phản ánh, kiến nghị');
    const expected = texts(CONTROL);
    expect(expected.length).toBeGreaterThanOrEqual(2);

    // The same, but the bot's second message of the chat fails once, as if the process had
    // died between the first reply and the second (the update is answered 500).
    let sends = 0;
    const uninstall = h.fake.failWhile(({ method, params }) => {
      if (method !== 'sendMessage' || params.chat_id !== CUT) return undefined;
      sends += 1;
      return sends === 2 ? { error_code: 502, description: 'Bad Gateway' } : undefined;
    });
    try {
      await h.send(CUT, '/start');
      await h.press(CUT, 'Gửi phản ánh, kiến nghị');
    } finally {
      uninstall();
    }
    expect(sends).toBeGreaterThan(2);
    expect(texts(CUT)).toEqual(expected);
    // The cut update was refused once (500) and then answered 200.
    const statuses = h.fake.webhookDeliveries(TOKEN).map((d) => d.status);
    expect(statuses).toContain(500);
  }, 60_000);
});
