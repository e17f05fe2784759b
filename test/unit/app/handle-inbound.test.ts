/**
 * The one entry point of inbound events (app/handle-inbound.ts) on the in-memory chat sessions:
 * redeliveries dropped, events steered to the officials' desk or the citizen's conversation, the
 * new state saved with its replies before they are sent, and unsent replies resent.
 */
import { describe, expect, it } from 'vitest';
import { ChannelError } from '../../../src/channels/channel-error.ts';
import type { InboundEvent, OutboundMessage } from '../../../src/channels/types.ts';
import type { ChatState } from '../../../src/app/chat-state.ts';
import { createHandleInbound } from '../../../src/app/handle-inbound.ts';
import type { StepResult } from '../../../src/app/ports/conversation.ts';
import { createMemoryChatSessions } from '../../support/memory/chat-sessions.ts';
import { createMemoryFloodGuard } from '../../../src/queue/memory-flood-guard.ts';
import { textOf } from '../../support/memory/outbox.ts';
import { silentLogger } from '../../support/memory/routing-world.ts';

const AT = new Date('2026-03-02T03:00:00Z');

function textEvent(updateId: number, text: string, chat: Partial<InboundEvent> = {}): InboundEvent {
  return {
    channel: 'telegram',
    updateId,
    bot: '123',
    chatId: '7001',
    chatType: 'private',
    user: { id: '7001', firstName: 'Dân' },
    messageId: updateId,
    at: AT,
    body: { type: 'text', text },
    ...chat,
  };
}

function setup(options: { refuseAfter?: number } = {}) {
  const sessions = createMemoryChatSessions();
  const sent: OutboundMessage[] = [];
  const handled = { citizen: [] as string[], desk: [] as string[] };
  let accepted = 0;
  const handleInbound = createHandleInbound({
    sessions,
    flood: createMemoryFloodGuard(),
    logger: silentLogger,
    async reply(message) {
      // A process that dies mid-reply: the channel takes `refuseAfter` messages, then fails.
      if (options.refuseAfter !== undefined && accepted >= options.refuseAfter)
        throw new Error('connection reset');
      accepted++;
      sent.push(message);
      return { messageIds: [accepted] };
    },
    citizen: {
      async handle(event, state): Promise<StepResult> {
        const text = event.body.type === 'text' ? event.body.text : '';
        handled.citizen.push(text);
        const next: ChatState = { ...state, welcomed: true };
        return {
          state: next,
          messages: [
            { type: 'text', chatId: event.chatId, text: `Đã nhận: ${text}` },
            { type: 'text', chatId: event.chatId, text: 'Ông/Bà muốn gửi thêm ảnh không?' },
          ],
        };
      },
    },
    officials: {
      // The desk takes commands of officials (/ds) and leaves everything else to the citizen's side.
      async handle(event, state) {
        if (event.body.type !== 'text' || !event.body.text.startsWith('/ds')) return undefined;
        handled.desk.push(event.body.text);
        return {
          state,
          messages: [{ type: 'text', chatId: event.chatId, text: 'Danh sách phiếu' }],
        };
      },
    },
  });
  return { handleInbound, sessions, sent, handled };
}

describe('handleInbound', () => {
  it('handles an update once: its redelivery is dropped and nothing is sent twice', async () => {
    const s = setup();
    expect(await s.handleInbound(textEvent(10, 'Đường hỏng'))).toBe('handled');
    expect(await s.handleInbound(textEvent(10, 'Đường hỏng'))).toBe('duplicate');

    expect(s.handled.citizen).toEqual(['Đường hỏng']);
    expect(s.sent.map(textOf)).toEqual(['Đã nhận: Đường hỏng', 'Ông/Bà muốn gửi thêm ảnh không?']);
  });

  it("steers an official's command to the desk and a citizen's message to the conversation", async () => {
    const s = setup();
    await s.handleInbound(textEvent(20, '/ds'));
    await s.handleInbound(textEvent(21, 'Xin chào'));

    expect(s.handled.desk).toEqual(['/ds']);
    expect(s.handled.citizen).toEqual(['Xin chào']);
    expect(s.sent.map(textOf)[0]).toBe('Danh sách phiếu');
  });

  it('leaves a group message that is not for the desk alone (citizens talk in private)', async () => {
    const s = setup();
    const inGroup = { chatId: '-1005', chatType: 'group' as const };

    expect(await s.handleInbound(textEvent(30, 'Chào cả nhóm', inGroup))).toBe('ignored');
    expect(await s.handleInbound(textEvent(31, '/ds', inGroup))).toBe('handled');
    expect(s.handled.citizen).toEqual([]);
    // In a group every member has a session of their own.
    expect([...s.sessions.rows.keys()]).toEqual(['telegram:-1005:7001']);
  });

  it('saves the new state with the replies, and marks them sent as the channel takes them', async () => {
    const s = setup();
    await s.handleInbound(textEvent(40, 'Rác thải'));

    const stored = await s.sessions.load('telegram:7001');
    expect(stored.state).toEqual({ lang: 'vi', welcomed: true });
    expect(stored.recentUpdateIds).toEqual([40]);
    expect(stored.updatesBot).toBe('123');
    // Both replies went out: nothing is left to resend.
    expect(stored.outbox).toEqual([]);
  });

  it('keeps the replies a dying process did not send, and sends them on the redelivery', async () => {
    const s = setup({ refuseAfter: 1 });
    await expect(s.handleInbound(textEvent(50, 'Ngập nước'))).rejects.toThrow('connection reset');

    // The state was saved before replying, with the second reply still owed.
    const stored = await s.sessions.load('telegram:7001');
    expect(stored.state).toEqual({ lang: 'vi', welcomed: true });
    expect(stored.outbox).toMatchObject([{ updateId: 50, sent: 1 }]);

    // Telegram redelivers the unanswered update: the rest goes out, the step is not run again.
    const again = createHandleInbound({
      sessions: s.sessions,
      flood: createMemoryFloodGuard(),
      logger: silentLogger,
      reply: async (message) => {
        s.sent.push(message);
        return { messageIds: [99] };
      },
      citizen: { handle: () => Promise.reject(new Error('must not run again')) },
      officials: { handle: async () => undefined },
    });
    expect(await again(textEvent(50, 'Ngập nước'))).toBe('resent');
    expect(s.sent.map(textOf)).toEqual(['Đã nhận: Ngập nước', 'Ông/Bà muốn gửi thêm ảnh không?']);
    expect((await s.sessions.load('telegram:7001')).outbox).toEqual([]);
  });

  it('drops the replies to a chat that blocked the bot, keeping the state', async () => {
    const sessions = createMemoryChatSessions();
    const handleInbound = createHandleInbound({
      sessions,
      flood: createMemoryFloodGuard(),
      logger: silentLogger,
      reply: () => Promise.reject(new ChannelError('blocked', 'bot was blocked by the user')),
      citizen: {
        handle: async (event, state) => ({
          state: { ...state, welcomed: true },
          messages: [{ type: 'text', chatId: event.chatId, text: 'Xin chào' }],
        }),
      },
      officials: { handle: async () => undefined },
    });

    expect(await handleInbound(textEvent(60, 'Chào'))).toBe('handled');
    const stored = await sessions.load('telegram:7001');
    expect(stored.state).toEqual({ lang: 'vi', welcomed: true });
    expect(stored.outbox).toEqual([]);
  });

  it("answers a button pressed through a webhook in the webhook's answer, and marks its last reply sent in the kept row only", async () => {
    const s = setup();
    const marks: Array<{ sent: number; durable: boolean }> = [];
    const markRepliesSent = s.sessions.markRepliesSent.bind(s.sessions);
    s.sessions.markRepliesSent = (key, updateId, sent, options) => {
      marks.push({ sent, durable: options?.durable ?? true });
      return markRepliesSent(key, updateId, sent, options);
    };
    const carried: OutboundMessage[] = [];
    const press = (updateId: number, webhook: boolean): InboundEvent => ({
      ...textEvent(updateId, ''),
      body: { type: 'button', data: 'kind.phan_anh', callbackId: `cb${updateId}` },
      ...(webhook ? { webhook: { carry: (m: OutboundMessage) => carried.push(m) > 0 } } : {}),
    });

    expect(await s.handleInbound(press(70, true))).toBe('handled');
    expect(carried).toEqual([{ type: 'answerButton', callbackId: 'cb70' }]);
    expect(s.sent.map((m) => m.type)).toEqual(['text', 'text']);
    // The first reply is marked in the row before the second goes; the last needs no write:
    // the webhook's answer follows at once.
    expect(marks).toEqual([
      { sent: 1, durable: true },
      { sent: 2, durable: false },
    ]);
    expect((await s.sessions.load('telegram:7001')).outbox).toEqual([]);

    // Polling (no webhook): the answer is a call of its own and every mark is written.
    marks.length = 0;
    expect(await s.handleInbound(press(71, false))).toBe('handled');
    expect(s.sent.filter((m) => m.type === 'answerButton')).toEqual([
      { type: 'answerButton', callbackId: 'cb71' },
    ]);
    expect(marks.every((m) => m.durable)).toBe(true);
  });
});
