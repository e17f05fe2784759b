/**
 * Telegram redelivers an update until the webhook answers 2xx: an update gopy cannot take in
 * must be answered 200 (handled or ignored), never 500, or it comes back forever. Every update
 * shape of the Bot API spec goes through the real webhook of the real bot here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, TOKEN, type Harness } from '../support/gopy-harness.ts';
import { specUpdates } from '../support/spec-updates.ts';

const CITIZEN = 880_001;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ mode: 'webhook' });
  // This citizen has started the bot (Telegram only lets a bot write to those). The spec's
  // sample chat has not: replies there are refused (400), which must not fail the update either.
  h.fake.addChat(TOKEN, { id: CITIZEN, type: 'private', first_name: 'Lan' });
}, 60_000);
afterAll(async () => h?.close());

/** The status of the webhook's answer to each update the fake delivered. */
function statuses(): Map<number, number | undefined> {
  const out = new Map<number, number | undefined>();
  for (const d of h.fake.webhookDeliveries(TOKEN)) out.set(d.updateId, d.status);
  return out;
}

describe('odd updates over the webhook', () => {
  it('a message whose text is a number is answered 200 and the chat still works', async () => {
    const numeric = await h.sendUpdate({
      message: {
        message_id: 9001,
        date: Math.floor(Date.now() / 1000),
        chat: { id: CITIZEN, type: 'private' },
        from: { id: CITIZEN, is_bot: false, first_name: 'Lan' },
        text: 12345,
      },
    });
    const digits = await h.sendUpdate({
      message: {
        message_id: 9002,
        date: Math.floor(Date.now() / 1000),
        chat: { id: CITIZEN, type: 'private' },
        from: { id: CITIZEN, is_bot: false, first_name: 'Lan' },
        text: '12345',
      },
    });
    const seen = statuses();
    expect(seen.get(numeric)).toBe(200);
    expect(seen.get(digits)).toBe(200);
    await h.send(CITIZEN, '/start');
    expect(h.buttons(CITIZEN).flat()).toContain('Gửi phản ánh, kiến nghị');
  }, 60_000);

  it('every update shape of the Bot API spec is answered 200', async () => {
    // Posted straight to gopy's webhook as Telegram would: the fake itself holds back the kinds
    // the bot did not subscribe to, and a webhook must not depend on that.
    const hook = h.fake.calls(TOKEN, 'setWebhook').at(-1)!.params;
    const refused: string[] = [];
    let updateId = 500_000;
    const updates = specUpdates(CITIZEN + 1);
    for (const { label, update } of updates) {
      const res = await fetch(String(hook.url), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-telegram-bot-api-secret-token': String(hook.secret_token),
        },
        body: JSON.stringify({ update_id: ++updateId, ...update }),
      });
      if (res.status !== 200) refused.push(`${label}: ${res.status}`);
    }
    expect(updates.length).toBeGreaterThan(700);
    expect(refused).toEqual([]);
    // Nothing the bot sent in answer broke the Bot API's rules (the unknown chat aside).
    const broken = h.fake
      .violations(TOKEN)
      .filter((v) => v.kind !== 'badRequest' || !/chat not found/.test(v.description));
    expect(broken.filter((v) => v.kind !== 'unknownParam')).toEqual([]);
  }, 120_000);
});
