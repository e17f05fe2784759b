/**
 * Updates: what users do (injected by tests and the simulator page), queued per bot and handed out
 * by long polling (`getUpdates`) or pushed to a webhook with retries.
 */
import { createHash } from 'node:crypto';
import { parseRequest } from '../request-body.ts';
import { detectEntities } from '../telegram-html.ts';
import {
  ApiError,
  type TgContact,
  type TgMessage,
  type TgUpdate,
  type ApiResponse,
  type WebhookDelivery,
  type ChatEntry,
  type ChatInput,
  type InjectMessageInput,
  type InjectCallbackInput,
  type InjectEditInput,
  type ChatState,
  type Poller,
  type BotState,
  type Execute,
  type FakeBotState,
} from './types.ts';
import {
  DEFAULT_EXCLUDED_UPDATES,
  sleep,
  nowSeconds,
  updateType,
  defaultChatType,
} from './common.ts';
import type { Bots } from './bots.ts';
import type { Files } from './files.ts';

export function createUpdates(
  state: FakeBotState,
  deps: Pick<Bots, 'notify' | 'bot' | 'ensureChat' | 'toUser'> &
    Pick<Files, 'documentOf' | 'voiceOf' | 'fileFromInput'> & { execute: Execute },
) {
  const { deliveries, closing, openPolls } = state;
  const { retryInitial, retryMax, webhookTimeoutMs, maxCalls } = state.config;
  const options = state.options;
  const { notify, bot, ensureChat, toUser, documentOf, voiceOf, fileFromInput, execute } = deps;

  function enqueue(b: BotState, update: TgUpdate): number {
    b.queue.push(update);
    b.queued += 1;
    options.updateIds?.save(b.user.id, b.nextUpdateId);
    state.changeSeq += 1;
    if (b.poller) {
      const allowed = takeAllowed(b, b.poller.limit);
      if (allowed.length) {
        const p = b.poller;
        b.poller = undefined;
        p.finish({ ok: true, result: allowed });
      }
    }
    if (b.webhook) void deliverWebhook(b);
    notify();
    return update.update_id;
  }

  function isAllowed(b: BotState, update: TgUpdate): boolean {
    const type = updateType(update);
    if (!type) return false;
    return b.allowedUpdates.length
      ? b.allowedUpdates.includes(type)
      : !DEFAULT_EXCLUDED_UPDATES.has(type);
  }

  /** Unconfirmed updates to hand out; updates the bot did not subscribe to are dropped, as Telegram does. */
  function takeAllowed(b: BotState, limit: number): TgUpdate[] {
    b.queue = b.queue.filter((u) => isAllowed(b, u));
    return b.queue.slice(0, limit);
  }

  function messageUpdate(
    b: BotState,
    key: 'message' | 'edited_message',
    message: TgMessage,
  ): number {
    const update: TgUpdate = { update_id: b.nextUpdateId++, [key]: message };
    return enqueue(b, update);
  }

  function addEntry(c: ChatState, message: TgMessage, fromBot: boolean): ChatEntry {
    state.changeSeq += 1;
    const entry: ChatEntry = { message, fromBot, deleted: false, seq: state.changeSeq };
    c.messages.set(message.message_id, entry);
    return entry;
  }

  /** A reply's copy of the message it answers: Telegram does not nest replies further. */
  function replySnapshot(m: TgMessage): TgMessage {
    const { reply_to_message: _nested, ...rest } = m;
    return rest;
  }

  function injectMessage(token: string, input: InjectMessageInput): number {
    const b = bot(token);
    const chatId = input.chatId ?? input.from?.id;
    if (chatId === undefined) throw new Error('fake Bot API: injectMessage needs chatId or from');
    const from = toUser(input.from ?? { id: chatId });
    const type = input.chatType ?? defaultChatType(chatId);
    if (type === 'private' && chatId !== from.id) {
      throw new Error('fake Bot API: in a private chat, chatId must equal from.id');
    }
    const chatInput: ChatInput =
      type === 'private'
        ? {
            id: chatId,
            type,
            first_name: from.first_name,
            ...(from.last_name ? { last_name: from.last_name } : {}),
            ...(from.username ? { username: from.username } : {}),
          }
        : { id: chatId, type, ...(input.chatTitle ? { title: input.chatTitle } : {}) };
    const c = ensureChat(b, chatInput);
    // A private chat carries the user's current name, as Telegram shows it.
    if (type === 'private') c.chat = { ...c.chat, ...chatInput };
    const message: TgMessage = {
      message_id: c.nextMessageId++,
      from,
      chat: c.chat,
      date: input.date ?? nowSeconds(),
    };
    if (input.text !== undefined) {
      if (input.text.length === 0 || input.text.length > 4096) {
        throw new Error('fake Bot API: a user message text has 1-4096 characters');
      }
      message.text = input.text;
      const entities = input.entities ?? detectEntities(input.text);
      if (entities.length) message.entities = entities;
    }
    if (input.photo) {
      const { photo } = fileFromInput(token, input.photo, 'photo');
      if (photo) message.photo = photo;
    }
    if (input.document) {
      const { file } = fileFromInput(token, input.document, 'document');
      message.document = documentOf(file);
    }
    if (input.voice) {
      const { file } = fileFromInput(token, input.voice.file, 'voice');
      message.voice = voiceOf(file, input.voice.duration);
    }
    if (input.caption !== undefined) {
      message.caption = input.caption;
      const entities = detectEntities(input.caption);
      if (entities.length) message.caption_entities = entities;
    }
    if (input.location) message.location = { ...input.location };
    if (input.contact) {
      const contact: TgContact = {
        phone_number: input.contact.phoneNumber,
        first_name: input.contact.firstName ?? from.first_name,
      };
      const last = input.contact.lastName ?? (input.contact.firstName ? undefined : from.last_name);
      if (last) contact.last_name = last;
      if (input.contact.userId !== undefined) contact.user_id = input.contact.userId;
      message.contact = contact;
    }
    if (input.mediaGroupId) message.media_group_id = input.mediaGroupId;
    if (input.replyToMessageId !== undefined) {
      const replied = c.messages.get(input.replyToMessageId);
      if (!replied || replied.deleted) {
        throw new Error(
          `fake Bot API: no message ${input.replyToMessageId} in chat ${chatId} to reply to`,
        );
      }
      message.reply_to_message = replySnapshot(replied.message);
    }
    if (
      !message.text &&
      !message.photo &&
      !message.document &&
      !message.voice &&
      !message.location &&
      !message.contact
    ) {
      throw new Error(
        'fake Bot API: injectMessage needs text, photo, document, voice, location or contact',
      );
    }
    addEntry(c, message, false);
    // A one-time keyboard hides once the user has answered.
    if (c.keyboard?.one_time_keyboard) c.keyboard = undefined;
    return messageUpdate(b, 'message', message);
  }

  function injectEditedMessage(token: string, input: InjectEditInput): number {
    const b = bot(token);
    const entry = b.chats.get(input.chatId)?.messages.get(input.messageId);
    if (!entry || entry.fromBot || entry.message.text === undefined) {
      throw new Error(
        `fake Bot API: no user text message ${input.messageId} in chat ${input.chatId}`,
      );
    }
    const edited: TgMessage = { ...entry.message, text: input.text, edit_date: nowSeconds() };
    const entities = detectEntities(input.text);
    if (entities.length) edited.entities = entities;
    else delete edited.entities;
    entry.message = edited;
    entry.seq = ++state.changeSeq;
    return messageUpdate(b, 'edited_message', edited);
  }

  function injectCallback(token: string, input: InjectCallbackInput): number {
    const b = bot(token);
    const c = b.chats.get(input.chatId);
    const entry = c?.messages.get(input.messageId);
    if (!c || !entry || entry.deleted) {
      throw new Error(
        `fake Bot API: no message ${input.messageId} in chat ${input.chatId} to press a button on`,
      );
    }
    const id = `${b.user.id}${String(b.nextCallbackId++).padStart(8, '0')}`;
    b.callbacks.set(id, { answered: false, chatId: input.chatId, messageId: input.messageId });
    const update: TgUpdate = {
      update_id: b.nextUpdateId++,
      callback_query: {
        id,
        from: toUser(input.from ?? { id: input.chatId }),
        message: entry.message,
        chat_instance: createHash('sha256')
          .update(`${token}:${input.chatId}`)
          .digest('hex')
          .slice(0, 19),
        data: input.data,
      },
    };
    return enqueue(b, update);
  }

  function injectUpdate(token: string, raw: Record<string, unknown>): number {
    const b = bot(token);
    const given = raw.update_id;
    let id: number;
    if (typeof given === 'number') {
      id = given;
      b.nextUpdateId = Math.max(b.nextUpdateId, given + 1);
    } else {
      id = b.nextUpdateId++;
    }
    return enqueue(b, { ...raw, update_id: id });
  }

  function getUpdates(
    b: BotState,
    params: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<ApiResponse> {
    if (b.webhook) {
      throw new ApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    const offset = typeof params.offset === 'number' ? params.offset : 0;
    if (offset > 0) b.queue = b.queue.filter((u) => u.update_id >= offset);
    else if (offset < 0) b.queue = b.queue.slice(offset);
    if (Array.isArray(params.allowed_updates)) {
      b.allowedUpdates = params.allowed_updates.filter((x): x is string => typeof x === 'string');
    }
    const limit = Math.min(100, Math.max(1, typeof params.limit === 'number' ? params.limit : 100));
    const timeout = Math.max(0, typeof params.timeout === 'number' ? params.timeout : 0);
    const ready = takeAllowed(b, limit);
    if (ready.length || timeout === 0 || state.closed)
      return Promise.resolve({ ok: true, result: ready });

    // One long poll per bot, as on Telegram: a newer request ends the older one with 409.
    b.poller?.finish({
      ok: false,
      error_code: 409,
      description:
        'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    });
    return new Promise<ApiResponse>((resolve) => {
      const timer = setTimeout(() => poller.finish({ ok: true, result: [] }), timeout * 1000);
      const onAbort = (): void => poller.finish({ ok: true, result: [] });
      const poller: Poller = {
        limit,
        finish(result) {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          openPolls.delete(poller);
          if (b.poller === poller) b.poller = undefined;
          resolve(result);
        },
      };
      b.poller = poller;
      openPolls.add(poller);
      signal.addEventListener('abort', onAbort);
      notify();
    });
  }

  function logDelivery(d: WebhookDelivery): void {
    deliveries.push(d);
    if (deliveries.length > maxCalls) deliveries.splice(0, deliveries.length - maxCalls);
  }

  async function deliverWebhook(b: BotState): Promise<void> {
    if (b.delivering) return;
    b.delivering = true;
    let delay = retryInitial;
    try {
      while (!state.closed && b.webhook) {
        const update = takeAllowed(b, 1)[0];
        if (!update) break;
        const hook = b.webhook;
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (hook.secretToken) headers['x-telegram-bot-api-secret-token'] = hook.secretToken;
        const delivery: WebhookDelivery = {
          token: b.token,
          updateId: update.update_id,
          time: Date.now(),
        };
        try {
          const res = await fetch(hook.url, {
            method: 'POST',
            headers,
            body: JSON.stringify(update),
            signal: AbortSignal.any([closing.signal, AbortSignal.timeout(webhookTimeoutMs)]),
          });
          const body = Buffer.from(await res.arrayBuffer());
          delivery.status = res.status;
          if (res.status >= 200 && res.status < 300) {
            if (b.queue[0] === update) b.queue.shift();
            else b.queue = b.queue.filter((u) => u !== update);
            logDelivery(delivery);
            delay = retryInitial;
            state.changeSeq += 1;
            notify();
            await webhookReply(b, res.headers.get('content-type') ?? undefined, body);
            continue;
          }
          delivery.error = `Wrong response from the webhook: ${res.status} ${res.statusText}`;
        } catch (err) {
          if (state.closed) break;
          delivery.error =
            err instanceof Error && err.name === 'TimeoutError'
              ? 'Read timeout expired'
              : 'Connection refused';
        }
        if (b.webhook === hook) {
          hook.lastErrorDate = nowSeconds();
          if (delivery.error) hook.lastErrorMessage = delivery.error;
        }
        logDelivery(delivery);
        notify();
        await sleep(delay, closing.signal);
        delay = Math.min(delay * 2, retryMax);
      }
    } finally {
      b.delivering = false;
    }
  }

  /** A webhook answer may carry one method call (`{"method": "sendMessage", ...}`); Telegram runs it. */
  async function webhookReply(
    b: BotState,
    contentType: string | undefined,
    body: Buffer,
  ): Promise<void> {
    if (body.length === 0 || !/json|multipart/i.test(contentType ?? '')) return;
    let parsed;
    try {
      parsed = await parseRequest(contentType, body, new URLSearchParams());
    } catch {
      return;
    }
    const method = parsed.params.method;
    if (typeof method !== 'string') return;
    await execute(b.token, method, parsed.params, 'webhookReply', closing.signal);
  }

  return {
    enqueue,
    isAllowed,
    takeAllowed,
    messageUpdate,
    addEntry,
    replySnapshot,
    injectMessage,
    injectEditedMessage,
    injectCallback,
    injectUpdate,
    getUpdates,
    logDelivery,
    deliverWebhook,
    webhookReply,
  };
}

export type Updates = ReturnType<typeof createUpdates>;
