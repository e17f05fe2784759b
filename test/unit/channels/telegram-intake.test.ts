import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { Update } from 'grammy/types';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createChatSequencer } from '../../../src/channels/telegram/create-chat-sequencer.ts';
import { createUpdateDispatcher } from '../../../src/channels/telegram/create-update-dispatcher.ts';
import { createWebhookHandler } from '../../../src/channels/telegram/create-webhook-handler.ts';
import type { InboundEvent } from '../../../src/channels/types.ts';

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

describe('createWebhookHandler', () => {
  const SECRET = 'Xk9_secret-token';

  function request(options: { secret?: string; method?: string; body?: string }): IncomingMessage {
    const req = Readable.from([Buffer.from(options.body ?? '')]) as unknown as IncomingMessage;
    req.method = options.method ?? 'POST';
    req.headers =
      options.secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': options.secret };
    return req;
  }

  function response() {
    const res = {
      status: 0,
      headersSent: false,
      ended: false,
      writeHead(status: number) {
        this.status = status;
        this.headersSent = true;
        return this;
      },
      end() {
        this.ended = true;
        return this;
      },
    };
    return res;
  }

  function handler(outcome: 'handled' | 'failed', accepting = true) {
    const seen: Update[] = [];
    const handle = createWebhookHandler({
      secret: SECRET,
      handle: async (update) => {
        seen.push(update);
        return outcome === 'handled'
          ? { type: 'handled' }
          : { type: 'failed', error: new Error('x') };
      },
      accepting: () => accepting,
      logger: silent,
    });
    return {
      seen,
      async post(options: Parameters<typeof request>[0]) {
        const res = response();
        await handle(request(options), res as unknown as ServerResponse);
        expect(res.ended).toBe(true);
        return res.status;
      },
    };
  }

  const body = JSON.stringify(textUpdate(5, 42, 'xin chào'));

  it('answers 200 once the update was handled', async () => {
    const h = handler('handled');
    expect(await h.post({ secret: SECRET, body })).toBe(200);
    expect(h.seen.map((u) => u.update_id)).toEqual([5]);
  });

  it('answers 500 when onEvent failed, so Telegram redelivers', async () => {
    expect(await handler('failed').post({ secret: SECRET, body })).toBe(500);
  });

  it.each([
    ['a wrong secret', 'Xk9_secret-tokeN'],
    ['a longer secret', `${SECRET}x`],
    ['no secret', undefined],
  ])('answers 401 to %s without handling the update', async (_name, secret) => {
    const h = handler('handled');
    expect(await h.post(secret === undefined ? { body } : { secret, body })).toBe(401);
    expect(h.seen).toEqual([]);
  });

  it('answers 405 to a GET, 400 to a body that is not an update, 503 while stopping', async () => {
    expect(await handler('handled').post({ secret: SECRET, method: 'GET' })).toBe(405);
    expect(await handler('handled').post({ secret: SECRET, body: '{"hello":1}' })).toBe(400);
    expect(await handler('handled').post({ secret: SECRET, body: 'not json' })).toBe(400);
    expect(await handler('handled', false).post({ secret: SECRET, body })).toBe(503);
  });

  it('answers 413 to an oversized body', async () => {
    expect(
      await handler('handled').post({ secret: SECRET, body: 'x'.repeat(1024 * 1024 + 1) }),
    ).toBe(413);
  });
});
