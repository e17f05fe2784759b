/**
 * The HTTP client under gopy's grammY calls (botApiFetch) against the fake Bot API and against
 * servers that misbehave: what grammY gets back must be what node-fetch gave it (results,
 * GrammyError with Telegram's code, HttpError), uploads must arrive whole, a call that hangs must
 * end at grammY's timeout, and calls must share one kept-alive connection (the point of it).
 */
import type { Socket } from 'node:net';
import { Api, GrammyError, HttpError, InputFile } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { botApiFetch } from '../../src/channels/telegram/bot-api-fetch.ts';
import { createFakeBotApi, type FakeBotApi } from '../../src/simulator/fake-bot-api.ts';
import { makePng, startHttpServer, type TestHttpServer } from '../support/fake-bot-api-client.ts';

const TOKEN = '123456:TEST-token-for-the-fetch';
let fake: FakeBotApi;
const servers: TestHttpServer[] = [];

beforeEach(async () => {
  fake = await createFakeBotApi();
  fake.addChat(TOKEN, { id: 1001, type: 'private', first_name: 'Lan' });
});
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  await fake.close();
});

const api = (apiRoot: string, timeoutSeconds?: number) =>
  new Api(TOKEN, { apiRoot, fetch: botApiFetch, ...(timeoutSeconds ? { timeoutSeconds } : {}) });

describe('botApiFetch under grammY', () => {
  it('sends a Vietnamese HTML message and returns Telegram’s result', async () => {
    const sent = await api(fake.url).sendMessage(1001, 'Đã tiếp nhận <b>phản ánh</b> của Ông/Bà', {
      parse_mode: 'HTML',
      reply_markup: { inline_keyboard: [[{ text: '✅ Gửi', callback_data: 'ok' }]] },
    });
    expect(sent.text).toBe('Đã tiếp nhận phản ánh của Ông/Bà');
    expect(sent.entities).toEqual([{ type: 'bold', offset: 13, length: 8 }]);
    expect(fake.messagesTo(TOKEN, 1001).at(-1)?.message_id).toBe(sent.message_id);
  });

  it('uploads files whole (multipart, streamed)', async () => {
    const photo = await api(fake.url).sendPhoto(1001, new InputFile(makePng(320, 200), 'a.png'), {
      caption: 'Ảnh hiện trường',
    });
    expect(photo.caption).toBe('Ảnh hiện trường');
    expect(photo.photo.at(-1)).toMatchObject({ width: 320, height: 200 });
    const album = await api(fake.url).sendMediaGroup(1001, [
      { type: 'photo', media: new InputFile(makePng(10, 20), 'b.png') },
      { type: 'photo', media: new InputFile(makePng(30, 40), 'c.png') },
    ]);
    expect(album.map((m) => ('photo' in m ? m.photo.at(-1)?.width : undefined))).toEqual([10, 30]);
  });

  it('gives grammY Telegram’s refusal as a GrammyError with its code', async () => {
    const err = await api(fake.url)
      .sendMessage(999, 'x')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(400);
    expect((err as GrammyError).description).toBe('Bad Request: chat not found');
  });

  it('turns an answer that is not JSON (a proxy’s 502 page) into an HttpError', async () => {
    const proxy = await startHttpServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad Gateway</html>');
    });
    servers.push(proxy);
    await expect(api(proxy.url).getMe()).rejects.toBeInstanceOf(HttpError);
  });

  it('ends a call that hangs at grammY’s timeout and closes its connection', async () => {
    const closed: Promise<void>[] = [];
    const silent = await startHttpServer(() => undefined);
    silent.server.on('connection', (socket: Socket) =>
      closed.push(new Promise((resolve) => socket.once('close', () => resolve()))),
    );
    servers.push(silent);
    const began = Date.now();
    await expect(api(silent.url, 1).getMe()).rejects.toBeInstanceOf(HttpError);
    expect(Date.now() - began).toBeLessThan(5_000);
    expect(closed).toHaveLength(1);
    await closed[0];
  });

  it('keeps one connection alive across calls', async () => {
    let connections = 0;
    const counting = await startHttpServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, result: { id: 1, is_bot: true, first_name: 'gopy' } }));
      });
    });
    counting.server.on('connection', () => connections++);
    servers.push(counting);
    const client = api(counting.url);
    for (let i = 0; i < 5; i++) expect((await client.getMe()).first_name).toBe('gopy');
    expect(connections).toBe(1);
  });
});
