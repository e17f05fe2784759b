/**
 * A local fake of the Telegram Bot API over real HTTP, for tests and for the chat simulator that
 * `gopy start` serves when there is no BOT_TOKEN. Real grammY and Telegraf bots talk to it with
 * `apiRoot: api.url`, in long polling or webhook mode, exactly as they talk to Telegram.
 *
 * It keeps per-token state (each token is its own bot), validates every call against the Bot
 * API spec, answers with Telegram's objects and error texts, and records calls and violations
 * so tests can assert what the bot did and that Telegram would have accepted all of it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBots } from './bot-api/bots.ts';
import { createDispatch } from './bot-api/dispatch.ts';
import { createFiles } from './bot-api/files.ts';
import { createHttp } from './bot-api/http.ts';
import { createMethods } from './bot-api/methods.ts';
import { createRateLimits } from './bot-api/rate-limits.ts';
import { createState } from './bot-api/state.ts';
import {
  TELEGRAM_RATE_LIMITS,
  type Execute,
  type FakeBotApi,
  type FakeBotApiOptions,
} from './bot-api/types.ts';
import { createUpdates } from './bot-api/updates.ts';

export type { TgEntity } from './telegram-html.ts';
export type {
  TgUser,
  TgChatType,
  TgChat,
  TgPhotoSize,
  TgDocument,
  TgLocation,
  TgContact,
  TgInlineKeyboardButton,
  TgInlineKeyboardMarkup,
  TgKeyboardButton,
  TgReplyKeyboardMarkup,
  TgMessage,
  TgUpdate,
  ApiErrorBody,
  ApiResponse,
  InjectedError,
  RecordedCall,
  ViolationKind,
  Violation,
  WebhookDelivery,
  ChatEntry,
  ChatNotice,
  ChatSnapshot,
  FakeUserInput,
  ChatInput,
  FileInput,
  InjectMessageInput,
  InjectCallbackInput,
  InjectEditInput,
  RateLimits,
  FakeBotApiOptions,
  UpdateIdStore,
  FakeBotApi,
  Webhook,
} from './bot-api/types.ts';
export { TELEGRAM_RATE_LIMITS, badRequest } from './bot-api/types.ts';

/** Starts a fake Bot API on a real HTTP port. Close it with `close()`. */
export async function createFakeBotApi(options: FakeBotApiOptions = {}): Promise<FakeBotApi> {
  const state = createState(options);
  const {
    bots,
    files,
    violationLog,
    deliveries,
    listeners,
    failOnce,
    failRules,
    closing,
    openPolls,
  } = state;
  const { notify, bot, ensureChat, toUser } = createBots(state);
  const fileStore = createFiles(state);
  // Webhook replies are calls too: updates reach dispatch, created below, through this.
  const execute: Execute = (...args) => dispatch.execute(...args);
  const updates = createUpdates(state, { notify, bot, ensureChat, toUser, ...fileStore, execute });
  const methods = createMethods(state, { ensureChat, ...fileStore, ...updates });
  const rateLimits = createRateLimits(state);
  const dispatch = createDispatch(state, { notify, bot, ...methods, ...rateLimits });
  const { handleRequest } = createHttp(state, { execute: dispatch.execute });
  const { injectMessage, injectEditedMessage, injectCallback, injectUpdate } = updates;

  const server: Server = createServer(handleRequest);
  // Long polls last up to 50 s (Telegraf's default); Node's default timeouts must not cut them.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  // ----- public API

  const api: FakeBotApi = {
    url: `http://${urlHost}:${port}`,
    port,
    handleRequest,

    botInfo: (token) => bot(token).user,
    setBotInfo: (token, info) => {
      const b = bot(token);
      b.user = { ...b.user, ...info, id: b.user.id, is_bot: true };
    },
    addChat: (token, chat) => ensureChat(bot(token), chat).chat,
    setBlocked: (token, chatId, blocked) => {
      const c = ensureChat(bot(token), { id: chatId });
      c.blocked = blocked;
    },

    injectMessage,
    injectCallback,
    injectEditedMessage,
    injectUpdate,
    isPolling: (token) => bot(token).poller !== undefined,
    pendingUpdates: (token) => [...bot(token).queue],
    queuedCount: (token) => bot(token).queued,
    takeUpdate: (token, updateId) => {
      const b = bot(token);
      const i = b.queue.findIndex((u) => u.update_id === updateId);
      return i < 0 ? undefined : b.queue.splice(i, 1)[0];
    },
    runWebhookReply: (token, contentType, body) =>
      updates.webhookReply(bot(token), contentType, body),

    calls: (token, method) =>
      state.recorded.filter(
        (c) =>
          (token === undefined || c.token === token) &&
          (method === undefined || c.method.toLowerCase() === method.toLowerCase()),
      ),
    lastCallSeq: () => state.callSeq,
    violations: (token) => violationLog.filter((v) => token === undefined || v.token === token),
    clearViolations: () => {
      violationLog.length = 0;
    },
    webhookDeliveries: (token) =>
      deliveries.filter((d) => token === undefined || d.token === token),

    messagesTo: (token, chatId) =>
      [...(bot(token).chats.get(chatId)?.messages.values() ?? [])]
        .filter((e) => e.fromBot && !e.deleted)
        .map((e) => e.message),
    chatHistory: (token, chatId) => [...(bot(token).chats.get(chatId)?.messages.values() ?? [])],
    changesSince: (token, chatId, since) => {
      const c = bot(token).chats.get(chatId);
      const action = c?.action && c.action.until > Date.now() ? c.action.name : undefined;
      return {
        seq: state.changeSeq,
        messages: [...(c?.messages.values() ?? [])].filter((e) => e.seq > since),
        notices: (c?.notices ?? []).filter((n) => n.seq > since),
        keyboard: c?.keyboard,
        action,
      };
    },
    fileContents: (fileId) => {
      const f = files.get(fileId);
      if (!f) return undefined;
      return f.fileName
        ? { data: f.data, mimeType: f.mimeType, fileName: f.fileName }
        : { data: f.data, mimeType: f.mimeType };
    },

    waitFor: <T>(predicate: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        const cleanup = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        function check(): void {
          let value: T | undefined | null | false;
          try {
            value = predicate();
          } catch (err) {
            cleanup();
            reject(err instanceof Error ? err : new Error(String(err)));
            return;
          }
          if (value !== undefined && value !== null && value !== false) {
            cleanup();
            resolve(value);
          }
        }
        const timer = setTimeout(() => {
          cleanup();
          const recent = state.recorded
            .slice(-8)
            .map(
              (c) =>
                `${c.method} ${c.response.ok ? 'ok' : `${c.response.error_code} ${c.response.description}`}`,
            )
            .join('; ');
          reject(
            new Error(
              `fake Bot API: waitFor timed out after ${timeoutMs} ms (recent calls: ${recent || 'none'})`,
            ),
          );
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
    waitForCall: (method, predicate, opts = {}) =>
      api.waitFor(
        () =>
          state.recorded.find(
            (c) =>
              c.seq > (opts.after ?? 0) &&
              c.method.toLowerCase() === method.toLowerCase() &&
              (opts.token === undefined || c.token === opts.token) &&
              (!predicate || predicate(c)),
          ),
        opts.timeoutMs,
      ),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    failNext: (method, error, opts = {}) => {
      failOnce.push({
        method,
        error,
        times: opts.times ?? 1,
        ...(opts.token !== undefined ? { token: opts.token } : {}),
      });
    },
    failWhile: (decide) => {
      failRules.add(decide);
      return () => failRules.delete(decide);
    },
    enforceLimits: (enabled) => {
      state.limits =
        enabled === false
          ? undefined
          : { ...TELEGRAM_RATE_LIMITS, ...(enabled === true ? {} : enabled) };
      for (const b of bots.values()) {
        b.overallBucket = undefined;
        b.chatBuckets.clear();
      }
    },

    close: async () => {
      if (state.closed) return;
      state.closed = true;
      closing.abort();
      for (const p of [...openPolls]) p.finish({ ok: true, result: [] });
      listeners.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return api;
}
