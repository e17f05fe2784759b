/**
 * Both Telegram drivers (grammY, Telegraf) against the fake Bot API over real HTTP, in long
 * polling and in webhook mode: the same behaviour is required of each.
 */
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelError } from '../../src/channels/channel-error.ts';
import { createGrammyDriver } from '../../src/channels/telegram/create-grammy-driver.ts';
import { createTelegrafDriver } from '../../src/channels/telegram/create-telegraf-driver.ts';
import type {
  TelegramDriver,
  TelegramDriverOptions,
} from '../../src/channels/telegram/telegram-driver.ts';
import type { InboundEvent } from '../../src/channels/types.ts';
import { html } from '../../src/core/html.ts';
import { createFakeBotApi, type FakeBotApi } from '../../src/simulator/fake-bot-api.ts';
import { createWebServer } from '../../src/http/create-web-server.ts';
import { listen } from '../../src/http/listen.ts';

const TOKEN = '123456:TEST-token-for-the-telegram-drivers';
const SECRET = 'gopy_webhook-Secret_42';
const LAN = { id: 1001, first_name: 'Lan', last_name: 'Nguyễn Thị', language_code: 'vi' };
const MINH = { id: 1002, first_name: 'Minh' };

type Build = (options: TelegramDriverOptions) => TelegramDriver;

let api: FakeBotApi;
const cleanups: Array<() => Promise<unknown>> = [];

beforeEach(async () => {
  api = await createFakeBotApi({ webhookRetry: { initialMs: 20, maxMs: 100 } });
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await api.close();
});

/** Resolves with the predicate's first truthy value, checked every 10 ms. */
async function eventually<T>(predicate: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = predicate();
    if (value) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** A driver whose onEvent records events and runs `react` (which may wait or throw). */
function startDriver(build: Build, react: (e: InboundEvent) => Promise<void> = async () => {}) {
  const events: InboundEvent[] = [];
  const finished: InboundEvent[] = [];
  const driver = build({
    token: TOKEN,
    apiRoot: api.url,
    webhookSecret: SECRET,
    logger: pino({ level: 'silent' }),
    onEvent: async (event) => {
      events.push(event);
      await react(event);
      finished.push(event);
    },
  });
  cleanups.push(() => driver.stop());
  return { driver, events, finished };
}

/** Sends Lan a message with a button, and Lan presses it; gives the message's ids. */
async function pressButton(driver: TelegramDriver): Promise<number[]> {
  api.addChat(TOKEN, { id: LAN.id, first_name: LAN.first_name });
  const { messageIds } = await driver.sender.send({
    type: 'text',
    chatId: '1001',
    text: 'Bạn muốn gửi gì?',
    buttons: [[{ type: 'callback', label: 'Phản ánh', data: 'k.kind.report' }]],
  });
  api.injectCallback(TOKEN, { chatId: LAN.id, messageId: messageIds[0]!, data: 'k.kind.report' });
  return messageIds;
}

const textOf = (e: InboundEvent) =>
  e.body.type === 'text' ? e.body.text : e.body.type === 'command' ? `/${e.body.command}` : '';

describe.each<[string, Build]>([
  ['grammY', createGrammyDriver],
  ['Telegraf', createTelegrafDriver],
])('%s driver', (_name, build) => {
  describe('long polling', () => {
    it('hands an injected /start to onEvent as a command event', async () => {
      const { driver, events } = startDriver(build);
      await driver.startPolling();
      const updateId = api.injectMessage(TOKEN, { from: LAN, text: '/start xa-phu-dong' });

      const [event] = await eventually(() => events.length > 0 && events);
      expect(event).toMatchObject({
        channel: 'telegram',
        updateId,
        chatId: '1001',
        chatType: 'private',
        user: { id: '1001', firstName: 'Lan', lastName: 'Nguyễn Thị', languageCode: 'vi' },
        body: { type: 'command', command: 'start', args: 'xa-phu-dong' },
      });
      await expect(driver.botUsername()).resolves.toBe(api.botInfo(TOKEN).username);
    });

    it('skips a command addressed to another bot but takes one addressed to itself', async () => {
      const { driver, events } = startDriver(build);
      await driver.startPolling();
      const me = await driver.botUsername();
      api.injectMessage(TOKEN, { from: LAN, text: '/help@someone_else_bot' });
      api.injectMessage(TOKEN, { from: LAN, text: `/help@${me} gấp` });

      await eventually(() => events.length > 0);
      await new Promise((r) => setTimeout(r, 100));
      expect(events.map((e) => e.body)).toEqual([
        { type: 'command', command: 'help', args: 'gấp' },
      ]);
    });

    it('handles two messages of one chat in order while another chat is not held up', async () => {
      const gate = deferred();
      const { driver, events, finished } = startDriver(build, async (e) => {
        if (textOf(e) === 'Lan 1') await gate.promise;
      });
      cleanups.push(async () => gate.resolve());
      await driver.startPolling();
      api.injectMessage(TOKEN, { from: LAN, text: 'Lan 1' });
      await eventually(() => events.some((e) => textOf(e) === 'Lan 1'));
      // Lan 1 is in hand (and its batch confirmed): later updates come in a new batch.
      api.injectMessage(TOKEN, { from: LAN, text: 'Lan 2' });
      api.injectMessage(TOKEN, { from: MINH, text: 'Minh 1' });

      await eventually(() => finished.some((e) => textOf(e) === 'Minh 1'));
      expect(events.map(textOf)).not.toContain('Lan 2'); // waits for Lan 1
      gate.resolve();
      await eventually(() => finished.length === 3);
      const lan = events.filter((e) => e.chatId === '1001').map(textOf);
      expect(lan).toEqual(['Lan 1', 'Lan 2']);
    });

    it('stop() waits for the update in hand', async () => {
      const gate = deferred();
      const { driver, finished } = startDriver(build, () => gate.promise);
      cleanups.push(async () => gate.resolve());
      await driver.startPolling();
      api.injectMessage(TOKEN, { from: LAN, text: 'đang xử lý' });
      await eventually(() => api.pendingUpdates(TOKEN).length === 0 || undefined);
      let stopped = false;
      const stopping = driver.stop().then(() => (stopped = true));
      await new Promise((r) => setTimeout(r, 50));
      expect(stopped).toBe(false);
      gate.resolve();
      await stopping;
      expect(finished).toHaveLength(1);
    });
  });

  describe('sender', () => {
    it('sends text with buttons as one sendMessage that Telegram accepts', async () => {
      const { driver } = startDriver(build);
      api.addChat(TOKEN, { id: LAN.id, first_name: LAN.first_name });
      const result = await driver.sender.send({
        type: 'text',
        chatId: '1001',
        text: html`<b>Đã nhận phản ánh</b> của ${'Lan <"Nguyễn"> & con'}`,
        buttons: [
          [{ type: 'callback', label: 'Xem', data: 'r.123.view' }],
          [{ type: 'url', label: 'Cổng DVC', url: 'https://dichvucong.gov.vn' }],
        ],
      });

      const call = await api.waitForCall('sendMessage', undefined, { token: TOKEN });
      expect(call.params).toMatchObject({
        chat_id: 1001,
        parse_mode: 'HTML',
        text: '<b>Đã nhận phản ánh</b> của Lan &lt;&quot;Nguyễn&quot;&gt; &amp; con',
        reply_markup: {
          inline_keyboard: [
            [{ text: 'Xem', callback_data: 'r.123.view' }],
            [{ text: 'Cổng DVC', url: 'https://dichvucong.gov.vn' }],
          ],
        },
      });
      const [shown] = api.messagesTo(TOKEN, 1001);
      expect(shown?.text).toBe('Đã nhận phản ánh của Lan <"Nguyễn"> & con');
      expect(result.messageIds).toEqual([shown?.message_id]);
      expect(api.violations(TOKEN)).toEqual([]);
    });

    it('turns a 429 into ChannelError rate_limited with retryAfterSeconds', async () => {
      const { driver } = startDriver(build);
      api.addChat(TOKEN, { id: LAN.id, first_name: LAN.first_name });
      api.failNext(
        'sendMessage',
        {
          error_code: 429,
          description: 'Too Many Requests: retry after 7',
          parameters: { retry_after: 7 },
        },
        { token: TOKEN },
      );
      const sending = driver.sender.send({ type: 'text', chatId: '1001', text: 'Xin chào' });
      await expect(sending).rejects.toBeInstanceOf(ChannelError);
      await expect(sending).rejects.toMatchObject({ reason: 'rate_limited', retryAfterSeconds: 7 });
    });

    it('turns a blocked bot into ChannelError blocked', async () => {
      const { driver } = startDriver(build);
      api.addChat(TOKEN, { id: LAN.id, first_name: LAN.first_name });
      api.setBlocked(TOKEN, LAN.id, true);
      await expect(
        driver.sender.send({ type: 'text', chatId: '1001', text: 'Xin chào' }),
      ).rejects.toMatchObject({ reason: 'blocked' });
    });

    it('answers a button press and edits the message it was on', async () => {
      const { driver, events } = startDriver(build);
      await driver.startPolling();
      const messageIds = await pressButton(driver);
      const [press] = await eventually(() => events.length > 0 && events);
      expect(press?.body).toMatchObject({ type: 'button', data: 'k.kind.report' });
      expect(press?.messageId).toBe(messageIds[0]);

      if (press?.body.type !== 'button') throw new Error('expected a button');
      await driver.sender.send({ type: 'answerButton', callbackId: press.body.callbackId });
      const edit = {
        type: 'edit',
        chatId: '1001',
        messageId: messageIds[0]!,
        text: 'Phản ánh',
      } as const;
      await expect(driver.sender.send(edit)).resolves.toEqual({ messageIds });
      // The same edit again: Telegram says "message is not modified", which is success.
      await expect(driver.sender.send(edit)).resolves.toEqual({ messageIds });
      expect(api.violations(TOKEN).filter((v) => v.kind !== 'badRequest')).toEqual([]);
    });
  });

  describe('webhook', () => {
    async function serveWebhook(driver: TelegramDriver) {
      const app = await createWebServer({
        logger: pino({ level: 'silent' }),
        telegramWebhook: { path: '/telegram', webhook: driver.webhookHandler() },
      });
      const port = await listen(app, 0, '127.0.0.1');
      cleanups.push(() => app.close());
      return { url: `http://127.0.0.1:${port}` };
    }

    it('hands an update to onEvent and answers 200 only after onEvent finished', async () => {
      const gate = deferred();
      const { driver, events } = startDriver(build, () => gate.promise);
      cleanups.push(async () => gate.resolve());
      const server = await serveWebhook(driver);
      await driver.setWebhook(`${server.url}/telegram`, SECRET);
      const updateId = api.injectMessage(TOKEN, { from: LAN, text: '/start q_quay-3' });

      const [event] = await eventually(() => events.length > 0 && events);
      expect(event).toMatchObject({
        updateId,
        body: { type: 'command', command: 'start', args: 'q_quay-3' },
      });
      await new Promise((r) => setTimeout(r, 50));
      expect(api.webhookDeliveries(TOKEN)).toEqual([]);
      gate.resolve();
      const [delivery] = await eventually(
        () => api.webhookDeliveries(TOKEN).length > 0 && api.webhookDeliveries(TOKEN),
      );
      expect(delivery).toMatchObject({ updateId, status: 200 });
    });

    it('answers 500 when onEvent throws, so the update is delivered again', async () => {
      let attempts = 0;
      const { driver, events } = startDriver(build, async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('database unavailable');
      });
      const server = await serveWebhook(driver);
      await driver.setWebhook(`${server.url}/telegram`, SECRET);
      const updateId = api.injectMessage(TOKEN, { from: LAN, text: 'Đèn đường hỏng' });

      await eventually(() => api.webhookDeliveries(TOKEN).some((d) => d.status === 200));
      expect(api.webhookDeliveries(TOKEN).map((d) => d.status)).toEqual([500, 200]);
      expect(events.map((e) => e.updateId)).toEqual([updateId, updateId]);
    });

    it("carries a button's answer in the webhook's answer, which Telegram runs: one request less", async () => {
      const carried: boolean[] = [];
      const { driver, events } = startDriver(build, async (event) => {
        if (event.body.type !== 'button' || !event.webhook) return;
        const answer = { type: 'answerButton', callbackId: event.body.callbackId } as const;
        carried.push(event.webhook.carry({ ...answer, text: 'Đã ghi nhận' }));
        // One call per answer: a second one goes the usual way.
        carried.push(event.webhook.carry(answer));
      });
      const server = await serveWebhook(driver);
      await driver.setWebhook(`${server.url}/telegram`, SECRET);
      await pressButton(driver);

      const [answer] = await eventually(
        () =>
          api.calls(TOKEN, 'answerCallbackQuery').length > 0 &&
          api.calls(TOKEN, 'answerCallbackQuery'),
      );
      expect(carried).toEqual([true, false]);
      const [press] = events;
      if (press?.body.type !== 'button') throw new Error('expected a button');
      expect(answer).toMatchObject({
        transport: 'webhookReply',
        params: { callback_query_id: press.body.callbackId, text: 'Đã ghi nhận' },
        response: { ok: true },
      });
      // gopy made no request of its own for it.
      expect(api.calls(TOKEN, 'answerCallbackQuery').map((c) => c.transport)).toEqual([
        'webhookReply',
      ]);
      expect(api.violations(TOKEN)).toEqual([]);
    });

    it('answers 401 to a wrong secret token without handling the update', async () => {
      const { driver, events } = startDriver(build);
      const server = await serveWebhook(driver);
      const update = {
        update_id: 77,
        message: {
          message_id: 1,
          date: 0,
          chat: { id: 1, type: 'private' },
          from: { id: 1, is_bot: false, first_name: 'X' },
          text: 'hi',
        },
      };
      const post = (secret?: string) =>
        fetch(`${server.url}/telegram`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}),
          },
          body: JSON.stringify(update),
        });
      expect((await post('gopy_webhook-Secret_43')).status).toBe(401);
      expect((await post()).status).toBe(401);
      expect(events).toEqual([]);
      expect((await post(SECRET)).status).toBe(200);
      expect(events.map((e) => e.updateId)).toEqual([77]);
    });

    it('refuses to register a secret its handler would not accept', async () => {
      const { driver } = startDriver(build);
      await expect(
        driver.setWebhook('http://127.0.0.1:9/telegram', 'another_secret'),
      ).rejects.toThrow(/secret/);
    });
  });
});
