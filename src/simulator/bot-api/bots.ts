/** The bots (one per token) and their chats, created on first use. */
import type {
  TgUser,
  TgChat,
  FakeUserInput,
  ChatInput,
  ChatState,
  BotState,
  FakeBotState,
} from './types.ts';
import { stableBotId, defaultChatType } from './common.ts';

export function createBots(state: FakeBotState) {
  const { bots, listeners } = state;
  const { firstUpdateId } = state.config;
  const options = state.options;

  function notify(): void {
    for (const l of [...listeners]) {
      try {
        l();
      } catch {
        // A listener's failure is its own business; the fake keeps serving.
      }
    }
  }

  function bot(token: string): BotState {
    let b = bots.get(token);
    if (!b) {
      const id = stableBotId(token);
      b = {
        token,
        user: {
          id,
          is_bot: true,
          first_name: 'Fake Bot',
          username: `fake${id}_bot`,
        },
        nextUpdateId: Math.max(firstUpdateId, options.updateIds?.load(id) ?? 0),
        queue: [],
        queued: 0,
        allowedUpdates: [],
        poller: undefined,
        webhook: undefined,
        delivering: false,
        chats: new Map(),
        commands: new Map(),
        callbacks: new Map(),
        nextCallbackId: 1,
        overallBucket: undefined,
        chatBuckets: new Map(),
      };
      bots.set(token, b);
    }
    return b;
  }

  function ensureChat(b: BotState, input: ChatInput): ChatState {
    let c = b.chats.get(input.id);
    if (!c) {
      const type = input.type ?? defaultChatType(input.id);
      const chat: TgChat = { id: input.id, type };
      if (type === 'private') {
        chat.first_name = input.first_name ?? `User ${input.id}`;
        if (input.last_name) chat.last_name = input.last_name;
        if (input.username) chat.username = input.username;
      } else {
        chat.title = input.title ?? `Group ${input.id}`;
        if (input.username) chat.username = input.username;
      }
      c = {
        chat,
        nextMessageId: 1,
        messages: new Map(),
        notices: [],
        keyboard: undefined,
        action: undefined,
        blocked: false,
      };
      b.chats.set(input.id, c);
    }
    return c;
  }

  function toUser(input: FakeUserInput): TgUser {
    const u: TgUser = {
      id: input.id,
      is_bot: input.is_bot ?? false,
      first_name: input.first_name ?? `User ${input.id}`,
    };
    if (input.last_name) u.last_name = input.last_name;
    if (input.username) u.username = input.username;
    if (input.language_code) u.language_code = input.language_code;
    return u;
  }

  return { notify, bot, ensureChat, toUser };
}

export type Bots = ReturnType<typeof createBots>;
