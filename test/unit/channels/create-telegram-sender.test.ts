import { GrammyError, HttpError } from 'grammy';
import { TelegramError } from 'telegraf';
import { describe, expect, it } from 'vitest';
import { ChannelError } from '../../../src/channels/channel-error.ts';
import {
  createTelegramSender,
  toChannelError,
  type TelegramCallFn,
} from '../../../src/channels/telegram/create-telegram-sender.ts';
import type { OutboundMessage } from '../../../src/channels/types.ts';

interface Call {
  method: string;
  payload: Record<string, unknown>;
}

/** A Bot API that numbers messages from 500 and can be told to refuse a call. */
function fakeApi(refuse?: (call: Call, index: number) => Error | undefined) {
  const calls: Call[] = [];
  let nextId = 500;
  const call: TelegramCallFn = async (method, payload) => {
    const index = calls.push({ method, payload }) - 1;
    const error = refuse?.({ method, payload }, index);
    if (error !== undefined) throw error;
    const message = () => ({ message_id: nextId++, date: 0, chat: { id: payload.chat_id } });
    if (method === 'sendMediaGroup') return (payload.media as unknown[]).map(message);
    if (method === 'answerCallbackQuery') return true;
    return message();
  };
  return { calls, call };
}

const grammyError = (error_code: number, description: string, retry_after?: number) =>
  new GrammyError(
    `Call to 'sendMessage' failed! (${error_code}: ${description})`,
    {
      ok: false,
      error_code,
      description,
      ...(retry_after !== undefined ? { parameters: { retry_after } } : {}),
    },
    'sendMessage',
    {},
  );

const telegrafError = (error_code: number, description: string, retry_after?: number) =>
  new TelegramError({
    error_code,
    description,
    ...(retry_after !== undefined ? { parameters: { retry_after } } : {}),
  });

async function failure(message: OutboundMessage, error: Error): Promise<ChannelError> {
  const sender = createTelegramSender(fakeApi(() => error).call);
  try {
    await sender.send(message);
  } catch (thrown) {
    if (thrown instanceof ChannelError) return thrown;
    throw thrown;
  }
  throw new Error('expected send to fail');
}

const text: OutboundMessage = { type: 'text', chatId: '5123456789', text: 'Đã nhận phản ánh' };

describe('createTelegramSender', () => {
  it('sends a text and returns the new message id', async () => {
    const api = fakeApi();
    await expect(createTelegramSender(api.call).send(text)).resolves.toEqual({ messageIds: [500] });
    expect(api.calls).toEqual([
      { method: 'sendMessage', payload: { chat_id: 5123456789, text: 'Đã nhận phản ánh' } },
    ]);
  });

  it('returns the ids of every message a long text or an album became, in order', async () => {
    const api = fakeApi();
    const sender = createTelegramSender(api.call);
    const long = await sender.send({ ...text, text: 'dòng\n'.repeat(2000) });
    expect(long.messageIds).toEqual([500, 501, 502]);
    const album = await sender.send({
      type: 'album',
      chatId: '1',
      fileIds: ['a', 'b', 'c'],
      caption: 'x'.repeat(2000),
    });
    expect(album.messageIds).toEqual([503, 504, 505, 506]);
  });

  it('returns no id for a button answer', async () => {
    const sender = createTelegramSender(fakeApi().call);
    await expect(sender.send({ type: 'answerButton', callbackId: 'cb' })).resolves.toEqual({
      messageIds: [],
    });
  });

  it('treats "message is not modified" as success, with the edited message id', async () => {
    const notModified = grammyError(
      400,
      'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    );
    const sender = createTelegramSender(fakeApi(() => notModified).call);
    await expect(
      sender.send({ type: 'edit', chatId: '1', messageId: 77, text: 'Đã tiếp nhận' }),
    ).resolves.toEqual({ messageIds: [77] });
  });

  it('stops at the first refused call of a message', async () => {
    const api = fakeApi((_call, index) =>
      index === 1 ? grammyError(400, 'Bad Request: x') : undefined,
    );
    await expect(
      createTelegramSender(api.call).send({ ...text, text: 'dòng\n'.repeat(2000) }),
    ).rejects.toBeInstanceOf(ChannelError);
    expect(api.calls).toHaveLength(2);
  });

  it('passes the renderer’s refusal through without calling Telegram', async () => {
    const api = fakeApi();
    const error = createTelegramSender(api.call).send({
      ...text,
      buttons: [[{ type: 'callback', label: 'x', data: 'x'.repeat(65) }]],
    });
    await expect(error).rejects.toMatchObject({ reason: 'bad_request' });
    expect(api.calls).toHaveLength(0);
  });

  describe.each([
    ['grammY', grammyError],
    ['Telegraf', telegrafError],
  ])('errors from %s', (_name, apiError) => {
    it('maps 429 to rate_limited with retry_after', async () => {
      const error = await failure(text, apiError(429, 'Too Many Requests: retry after 17', 17));
      expect(error.reason).toBe('rate_limited');
      expect(error.retryAfterSeconds).toBe(17);
      expect(error.message).toBe('sendMessage: 429 Too Many Requests: retry after 17');
    });

    it.each([
      'Forbidden: bot was blocked by the user',
      'Forbidden: user is deactivated',
      'Forbidden: bot was kicked from the supergroup chat',
    ])('maps 403 "%s" to blocked', async (description) => {
      expect((await failure(text, apiError(403, description))).reason).toBe('blocked');
    });

    it('maps 400 "chat not found" to blocked', async () => {
      expect((await failure(text, apiError(400, 'Bad Request: chat not found'))).reason).toBe(
        'blocked',
      );
    });

    it('maps another 400 to bad_request, keeping the cause', async () => {
      const cause = apiError(400, "Bad Request: can't parse entities: unexpected end tag");
      const error = await failure(text, cause);
      expect(error.reason).toBe('bad_request');
      expect(error.code).toBe('channel_bad_request');
      expect(error.cause).toBe(cause);
    });

    it('maps a 5xx to network', async () => {
      expect((await failure(text, apiError(502, 'Bad Gateway'))).reason).toBe('network');
    });
  });

  it('maps an answer that never came to network', async () => {
    const grammyNetwork = new HttpError(
      "Network request for 'sendMessage' failed!",
      new Error('connect ECONNREFUSED'),
    );
    expect((await failure(text, grammyNetwork)).reason).toBe('network');
    const telegrafNetwork = Object.assign(new Error('request to https://api.telegram.org failed'), {
      name: 'FetchError',
      code: 'ETIMEDOUT',
    });
    expect((await failure(text, telegrafNetwork)).reason).toBe('network');
  });

  it('toChannelError leaves a ChannelError as it is', () => {
    const original = new ChannelError('blocked', 'x');
    expect(toChannelError(original, 'sendMessage')).toBe(original);
  });
});
