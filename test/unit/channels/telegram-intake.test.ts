import type { Update } from 'grammy/types';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createChatSequencer } from '../../../src/channels/telegram/create-chat-sequencer.ts';
import { createUpdateDispatcher } from '../../../src/channels/telegram/create-update-dispatcher.ts';
import { createWebhookHandler } from '../../../src/channels/telegram/create-webhook-handler.ts';
import type { InboundEvent } from '../../../src/channels/types.ts';
import { createWebServer } from '../../../src/http/create-web-server.ts';

const silent = pino({ level: 'silent' });

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

function textUpdate(updateId: number, chatId: number, text: string): Update {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: 1763760000,
      chat: { id: chatId, type: 'private', first_name: 'An' },
      from: { id: chatId, is_bot: false, first_name: 'An' },
      text,
    },
  };
}

/** Records log lines, to check what an error leaves behind. */
function recordingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines };
}

describe('createChatSequencer', () => {
  it('runs one task per chat at a time, in order, while other chats go ahead', async () => {
    const sequencer = createChatSequencer();
    const gate = deferred();
    const log: string[] = [];
    const a1 = sequencer.run('A', async () => {
      await gate.promise;
      log.push('A1');
    });
    const a2 = sequencer.run('A', async () => void log.push('A2'));
    const b1 = sequencer.run('B', async () => void log.push('B1'));
    await b1;
    expect(log).toEqual(['B1']);
    gate.resolve();
    await Promise.all([a1, a2]);
    expect(log).toEqual(['B1', 'A1', 'A2']);
  });

  it('goes on with the chat after a task failed', async () => {
    const sequencer = createChatSequencer();
    const failed = sequencer.run('A', async () => {
      throw new Error('boom');
    });
    await expect(failed).rejects.toThrow('boom');
    await expect(sequencer.run('A', async () => 'next')).resolves.toBe('next');
  });
});

describe('createUpdateDispatcher', () => {
  it('hands the translated event to onEvent, with the receipt time on button presses', async () => {
    const events: InboundEvent[] = [];
    const dispatcher = createUpdateDispatcher({
      onEvent: async (e) => void events.push(e),
      botUsername: async () => 'gopy_xa_bot',
      logger: silent,
    });
    await expect(dispatcher.dispatch(textUpdate(1, 42, '/start c_1'))).resolves.toEqual({
      type: 'handled',
    });
    expect(events[0]?.body).toEqual({ type: 'command', command: 'start', args: 'c_1' });
  });

  it('ignores what is not for gopy without calling onEvent', async () => {
    let called = false;
    const { logger, lines } = recordingLogger();
    const dispatcher = createUpdateDispatcher({
      onEvent: async () => void (called = true),
      botUsername: async () => 'gopy_xa_bot',
      logger,
    });
    const outcome = await dispatcher.dispatch({
      update_id: 9,
      poll_answer: {},
    } as unknown as Update);
    expect(outcome).toEqual({ type: 'ignored' });
    expect(called).toBe(false);
    expect(lines).toMatchObject([{ level: 20, updateId: 9, kind: ['poll_answer'] }]);
  });

  it('is the error boundary: a failing onEvent is logged with the update id, not thrown', async () => {
    const { logger, lines } = recordingLogger();
    const boom = new Error('database down');
    const dispatcher = createUpdateDispatcher({
      onEvent: async () => {
        throw boom;
      },
      botUsername: async () => 'gopy_xa_bot',
      logger,
    });
    await expect(
      dispatcher.dispatch(textUpdate(31, 42, 'Số điện thoại 0912345678')),
    ).resolves.toEqual({
      type: 'failed',
      error: boom,
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, updateId: 31, err: { message: 'database down' } });
    expect(JSON.stringify(lines)).not.toContain('0912345678');
  });

  it('counts updates in hand until they finish', async () => {
    const gate = deferred();
    const dispatcher = createUpdateDispatcher({
      onEvent: () => gate.promise,
      botUsername: async () => 'gopy_xa_bot',
      logger: silent,
    });
    void dispatcher.dispatchInOrder(textUpdate(1, 42, 'a'));
    void dispatcher.dispatchInOrder(textUpdate(2, 42, 'b'));
    expect(dispatcher.pending()).toBe(2);
    let idle = false;
    const waiting = dispatcher.idle().then(() => (idle = true));
    await tick();
    expect(idle).toBe(false);
    gate.resolve();
    await waiting;
    expect(dispatcher.pending()).toBe(0);
  });
});

describe('the webhook route (createWebhookHandler behind Fastify)', () => {
  const SECRET = 'Xk9_secret-token';

  async function server(outcome: 'handled' | 'failed' | 'throws', accepting = true) {
    const seen: Update[] = [];
    const webhook = createWebhookHandler({
      secret: SECRET,
      handle: async (update) => {
        seen.push(update);
        if (outcome === 'throws') throw new Error('database unavailable');
        return outcome === 'handled'
          ? { type: 'handled' }
          : { type: 'failed', error: new Error('x') };
      },
      accepting: () => accepting,
      logger: silent,
    });
    const app = await createWebServer({
      logger: silent,
      telegramWebhook: { path: '/telegram', webhook },
    });
    return {
      seen,
      async post(options: { secret?: string; method?: 'GET' | 'POST'; body?: string }) {
        const res = await app.inject({
          method: options.method ?? 'POST',
          url: '/telegram',
          headers: {
            'content-type': 'application/json',
            ...(options.secret === undefined
              ? {}
              : { 'x-telegram-bot-api-secret-token': options.secret }),
          },
          ...(options.body === undefined ? {} : { payload: options.body }),
        });
        return res.statusCode;
      },
      inject: app.inject.bind(app),
    };
  }

  const body = JSON.stringify(textUpdate(5, 42, 'xin chào'));

  it('answers 200 once the update was handled', async () => {
    const h = await server('handled');
    expect(await h.post({ secret: SECRET, body })).toBe(200);
    expect(h.seen.map((u) => u.update_id)).toEqual([5]);
  });

  it('answers 500 when onEvent failed or threw, so Telegram redelivers', async () => {
    expect(await (await server('failed')).post({ secret: SECRET, body })).toBe(500);
    expect(await (await server('throws')).post({ secret: SECRET, body })).toBe(500);
  });

  it.each([
    ['a wrong secret', 'Xk9_secret-tokeN'],
    ['a longer secret', `${SECRET}x`],
    ['no secret', undefined],
  ])('answers 401 to %s without handling the update', async (_name, secret) => {
    const h = await server('handled');
    expect(await h.post(secret === undefined ? { body } : { secret, body })).toBe(401);
    expect(h.seen).toEqual([]);
  });

  it('answers 405 to a GET, 400 to a body that is not an update, 503 while stopping', async () => {
    const h = await server('handled');
    expect(await h.post({ secret: SECRET, method: 'GET' })).toBe(405);
    expect(await h.post({ secret: SECRET, body: '{"hello":1}' })).toBe(400);
    expect(await h.post({ secret: SECRET, body: '{"update_id":"1"}' })).toBe(400);
    expect(await h.post({ secret: SECRET, body: 'not json' })).toBe(400);
    expect(await (await server('handled', false)).post({ secret: SECRET, body })).toBe(503);
    expect(h.seen).toEqual([]);
  });

  it('answers without the browser headers helmet gives pages (Telegram reads only the status)', async () => {
    const h = await server('handled');
    const headers = {
      'content-type': 'application/json',
      'x-telegram-bot-api-secret-token': SECRET,
    };
    const res = await h.inject({ method: 'POST', url: '/telegram', headers, payload: body });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toBeUndefined();
    // The other routes keep them.
    const page = await h.inject({
      method: 'GET',
      url: '/nowhere',
      headers: { accept: 'text/html' },
    });
    expect(page.headers['content-security-policy']).toBeDefined();
  });

  it('answers 413 to an oversized body', async () => {
    const h = await server('handled');
    const big = JSON.stringify({ update_id: 9, padding: 'x'.repeat(1024 * 1024) });
    expect(await h.post({ secret: SECRET, body: big })).toBe(413);
    expect(h.seen).toEqual([]);
  });
});
