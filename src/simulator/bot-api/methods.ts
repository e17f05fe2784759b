/**
 * The Bot API methods the fake answers (sendMessage, editMessageText, answerCallbackQuery …): each
 * a handler over the bot's state, with Telegram's objects and error texts.
 */
import { detectEntities, parseTelegramHtml, type TgEntity } from '../telegram-html.ts';
import {
  ApiError,
  badRequest,
  type TgLocation,
  type TgContact,
  type TgInlineKeyboardMarkup,
  type TgReplyKeyboardMarkup,
  type TgMessage,
  type ChatEntry,
  type ChatNotice,
  type ChatState,
  type Webhook,
  type BotState,
  type FakeBotState,
} from './types.ts';
import { CHAT_ACTIONS, nowSeconds, isRecord } from './common.ts';
import type { Bots } from './bots.ts';
import type { Files } from './files.ts';
import type { Updates } from './updates.ts';

export function createMethods(
  state: FakeBotState,
  deps: Pick<Bots, 'ensureChat'> &
    Pick<Files, 'documentOf' | 'voiceOf' | 'resolveFile'> &
    Pick<Updates, 'isAllowed' | 'addEntry' | 'replySnapshot' | 'getUpdates' | 'deliverWebhook'>,
) {
  const { files } = state;
  const options = state.options;
  const {
    ensureChat,
    documentOf,
    voiceOf,
    resolveFile,
    isAllowed,
    addEntry,
    replySnapshot,
    getUpdates,
    deliverWebhook,
  } = deps;

  function formatted(
    text: unknown,
    parseMode: unknown,
    entities: unknown,
    kind: 'text' | 'caption',
  ): { text: string; entities: TgEntity[] } {
    const raw = typeof text === 'number' ? String(text) : typeof text === 'string' ? text : '';
    let plain = raw;
    let ents: TgEntity[] = [];
    const mode = typeof parseMode === 'string' ? parseMode.toLowerCase() : '';
    if (mode === 'html') {
      const parsed = parseTelegramHtml(raw);
      if (!parsed.ok) {
        throw badRequest(
          parsed.strict
            ? `${parsed.error} (the fake Bot API is stricter than Telegram here)`
            : parsed.error,
        );
      }
      plain = parsed.text;
      ents = parsed.entities;
    } else if (mode === 'markdown' || mode === 'markdownv2' || mode === '') {
      // MarkdownV2 is passed through unparsed: gopy renders with HTML.
      if (Array.isArray(entities)) ents = entities.filter(isRecord) as unknown as TgEntity[];
    } else {
      throw badRequest(`unsupported parse_mode "${String(parseMode)}"`);
    }
    for (const e of ents) {
      if (e.offset < 0 || e.length < 1 || e.offset + e.length > plain.length) {
        throw badRequest(`entity ${JSON.stringify(e)} is outside the ${kind}`);
      }
    }
    if (kind === 'text') {
      if (plain.trim().length === 0) throw badRequest('message text is empty');
      if (plain.length > 4096)
        throw badRequest(
          `message is too long (${plain.length} > 4096 characters after entities parsing)`,
        );
    } else if (plain.length > 1024) {
      throw badRequest(
        `message caption is too long (${plain.length} > 1024 characters after entities parsing)`,
      );
    }
    return { text: plain, entities: detectEntities(plain, ents) };
  }

  function findChat(b: BotState, chatId: unknown, create: boolean): ChatState {
    let c: ChatState | undefined;
    if (typeof chatId === 'number') c = b.chats.get(chatId);
    else if (typeof chatId === 'string') {
      const name = chatId.replace(/^@/, '').toLowerCase();
      c = [...b.chats.values()].find((x) => x.chat.username?.toLowerCase() === name);
    }
    if (!c && create && options.autoCreateChats && typeof chatId === 'number') {
      c = ensureChat(b, { id: chatId });
    }
    if (!c) throw badRequest('chat not found');
    return c;
  }

  function sendableChat(b: BotState, chatId: unknown): ChatState {
    const c = findChat(b, chatId, true);
    if (c.blocked) {
      throw new ApiError(
        403,
        c.chat.type === 'private'
          ? 'Forbidden: bot was blocked by the user'
          : 'Forbidden: bot was kicked from the group chat',
      );
    }
    return c;
  }

  function liveMessage(c: ChatState, messageId: unknown, missing: string): ChatEntry {
    const entry = typeof messageId === 'number' ? c.messages.get(messageId) : undefined;
    if (!entry || entry.deleted) throw badRequest(missing);
    return entry;
  }

  /** Builds a bot message with the options every send method shares. */
  function botMessage(
    b: BotState,
    c: ChatState,
    params: Record<string, unknown>,
    content: Partial<TgMessage>,
  ): TgMessage {
    const message: TgMessage = {
      message_id: 0,
      from: b.user,
      chat: c.chat,
      date: nowSeconds(),
      ...content,
    };
    const replyParams = isRecord(params.reply_parameters) ? params.reply_parameters : undefined;
    const replyTo = replyParams?.message_id ?? params.reply_to_message_id;
    if (typeof replyTo === 'number') {
      const replyChat =
        replyParams?.chat_id !== undefined ? findChat(b, replyParams.chat_id, false) : c;
      const replied = replyChat.messages.get(replyTo);
      const allowWithout =
        replyParams?.allow_sending_without_reply ?? params.allow_sending_without_reply;
      if (replied && !replied.deleted) message.reply_to_message = replySnapshot(replied.message);
      else if (allowWithout !== true) throw badRequest('message to be replied not found');
    }
    if (params.protect_content === true) message.has_protected_content = true;
    if (isRecord(params.link_preview_options))
      message.link_preview_options = params.link_preview_options;
    applyMarkup(c, message, params.reply_markup);
    return message;
  }

  /** Inline keyboards belong to the message; reply keyboards replace the chat's input keyboard. */
  function applyMarkup(c: ChatState, message: TgMessage, markup: unknown): void {
    if (!isRecord(markup)) return;
    if (Array.isArray(markup.inline_keyboard)) {
      if (markup.inline_keyboard.length > 0)
        message.reply_markup = markup as unknown as TgInlineKeyboardMarkup;
    } else if (Array.isArray(markup.keyboard)) {
      c.keyboard = markup as unknown as TgReplyKeyboardMarkup;
    } else if (markup.remove_keyboard === true) {
      c.keyboard = undefined;
    }
  }

  function commit(c: ChatState, message: TgMessage): TgMessage {
    message.message_id = c.nextMessageId++;
    c.action = undefined; // Telegram clears the chat action when the bot's message arrives
    addEntry(c, message, true);
    return message;
  }

  function textOf(params: Record<string, unknown>): Partial<TgMessage> {
    const t = formatted(params.text, params.parse_mode, params.entities, 'text');
    const content: Partial<TgMessage> = { text: t.text };
    if (t.entities.length) content.entities = t.entities;
    return content;
  }

  function captionOf(params: Record<string, unknown>): Partial<TgMessage> {
    if (params.caption === undefined) return {};
    const t = formatted(params.caption, params.parse_mode, params.caption_entities, 'caption');
    const content: Partial<TgMessage> = {};
    if (t.text.length) content.caption = t.text;
    if (t.entities.length) content.caption_entities = t.entities;
    return content;
  }

  function checkCoordinates(lat: unknown, lon: unknown): void {
    if (typeof lat !== 'number' || lat < -90 || lat > 90)
      throw badRequest('wrong latitude specified');
    if (typeof lon !== 'number' || lon < -180 || lon > 180)
      throw badRequest('wrong longitude specified');
  }

  type Handler = (b: BotState, params: Record<string, unknown>, signal: AbortSignal) => unknown;

  function editTarget(
    b: BotState,
    params: Record<string, unknown>,
  ): { c: ChatState; entry: ChatEntry } {
    if (params.inline_message_id !== undefined)
      throw badRequest('message to edit not found (inline messages are not simulated)');
    const c = findChat(b, params.chat_id, false);
    const entry = liveMessage(c, params.message_id, 'message to edit not found');
    if (!entry.fromBot) throw badRequest("message can't be edited");
    return { c, entry };
  }

  function applyEdit(entry: ChatEntry, next: TgMessage, markupParam: unknown): TgMessage {
    // Editing without reply_markup removes the inline keyboard, as on Telegram.
    if (
      isRecord(markupParam) &&
      Array.isArray(markupParam.inline_keyboard) &&
      markupParam.inline_keyboard.length
    ) {
      next.reply_markup = markupParam as unknown as TgInlineKeyboardMarkup;
    } else {
      delete next.reply_markup;
    }
    const view = (m: TgMessage): string =>
      JSON.stringify([
        m.text,
        m.entities ?? [],
        m.caption,
        m.caption_entities ?? [],
        m.reply_markup ?? null,
      ]);
    if (view(next) === view(entry.message)) {
      throw badRequest(
        'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      );
    }
    next.edit_date = nowSeconds();
    entry.message = next;
    entry.seq = ++state.changeSeq;
    return next;
  }

  async function sendMediaGroup(
    b: BotState,
    params: Record<string, unknown>,
  ): Promise<TgMessage[]> {
    const c = sendableChat(b, params.chat_id);
    const media = Array.isArray(params.media) ? params.media.filter(isRecord) : [];
    if (media.length < 2 || media.length > 10) throw badRequest('media group must have 2-10 items');
    const types = new Set(media.map((m) => m.type));
    if (types.has('document') && types.size > 1)
      throw badRequest("document can't be mixed with other media types");
    if (types.has('audio') && types.size > 1)
      throw badRequest("audio can't be mixed with other media types");
    const groupId = String(BigInt(Date.now()) * 1000n + BigInt(state.fileCounter));
    const contents: Array<Partial<TgMessage>> = [];
    for (const item of media) {
      const kind =
        item.type === 'photo'
          ? 'photo'
          : item.type === 'document'
            ? 'document'
            : item.type === 'video'
              ? 'video'
              : 'audio';
      const resolved = await resolveFile(b.token, item.media, kind);
      const content: Partial<TgMessage> = { media_group_id: groupId, ...captionOf(item) };
      if (resolved.photo) content.photo = resolved.photo;
      else if (kind === 'document') content.document = documentOf(resolved.file);
      else {
        const media = { ...documentOf(resolved.file), duration: 0 };
        if (kind === 'video') content.video = { ...media, width: 0, height: 0 };
        else content.audio = media;
      }
      contents.push(content);
    }
    const messages = contents.map((content) => botMessage(b, c, params, content));
    return messages.map((m) => commit(c, m));
  }

  const handlers: Record<string, Handler> = {
    getMe: (b) => b.user,
    logOut: () => true,
    close: () => true,
    getUpdates: (b, params, signal) => getUpdates(b, params, signal),

    setWebhook: (b, params) => {
      const url = typeof params.url === 'string' ? params.url : '';
      if (url === '') {
        b.webhook = undefined;
        return true;
      }
      if (!/^https?:\/\/[^\s]+$/i.test(url)) throw badRequest('bad webhook: invalid URL');
      const secret = params.secret_token;
      if (
        secret !== undefined &&
        (typeof secret !== 'string' || !/^[A-Za-z0-9_-]{1,256}$/.test(secret))
      ) {
        throw badRequest('secret token contains unallowed characters');
      }
      if (b.poller) {
        b.poller.finish({
          ok: false,
          error_code: 409,
          description: 'Conflict: terminated by setWebhook request',
        });
      }
      if (params.drop_pending_updates === true) b.queue = [];
      if (Array.isArray(params.allowed_updates)) {
        b.allowedUpdates = params.allowed_updates.filter((x): x is string => typeof x === 'string');
      }
      const hook: Webhook = {
        url,
        maxConnections: typeof params.max_connections === 'number' ? params.max_connections : 40,
      };
      if (typeof secret === 'string') hook.secretToken = secret;
      b.webhook = hook;
      void deliverWebhook(b);
      return true;
    },
    deleteWebhook: (b, params) => {
      b.webhook = undefined;
      if (params.drop_pending_updates === true) b.queue = [];
      return true;
    },
    getWebhookInfo: (b) => {
      const info: Record<string, unknown> = {
        url: b.webhook?.url ?? '',
        has_custom_certificate: false,
        pending_update_count: b.queue.filter((u) => isAllowed(b, u)).length,
      };
      if (b.webhook) {
        info.max_connections = b.webhook.maxConnections;
        info.ip_address = '127.0.0.1';
        if (b.webhook.lastErrorDate) info.last_error_date = b.webhook.lastErrorDate;
        if (b.webhook.lastErrorMessage) info.last_error_message = b.webhook.lastErrorMessage;
      }
      if (b.allowedUpdates.length) info.allowed_updates = b.allowedUpdates;
      return info;
    },

    sendMessage: (b, params) => {
      const c = sendableChat(b, params.chat_id);
      return commit(c, botMessage(b, c, params, textOf(params)));
    },
    sendPhoto: async (b, params) => {
      const c = sendableChat(b, params.chat_id);
      const caption = captionOf(params);
      const { photo } = await resolveFile(b.token, params.photo, 'photo');
      return commit(c, botMessage(b, c, params, { photo: photo ?? [], ...caption }));
    },
    sendDocument: async (b, params) => {
      const c = sendableChat(b, params.chat_id);
      const caption = captionOf(params);
      const { file } = await resolveFile(b.token, params.document, 'document');
      return commit(c, botMessage(b, c, params, { document: documentOf(file), ...caption }));
    },
    sendVoice: async (b, params) => {
      const c = sendableChat(b, params.chat_id);
      const caption = captionOf(params);
      const { file } = await resolveFile(b.token, params.voice, 'voice');
      const duration = typeof params.duration === 'number' ? params.duration : undefined;
      return commit(c, botMessage(b, c, params, { voice: voiceOf(file, duration), ...caption }));
    },
    sendMediaGroup: (b, params) => sendMediaGroup(b, params),
    sendLocation: (b, params) => {
      const c = sendableChat(b, params.chat_id);
      checkCoordinates(params.latitude, params.longitude);
      const location: TgLocation = {
        latitude: params.latitude as number,
        longitude: params.longitude as number,
      };
      if (typeof params.horizontal_accuracy === 'number')
        location.horizontal_accuracy = params.horizontal_accuracy;
      return commit(c, botMessage(b, c, params, { location }));
    },
    sendContact: (b, params) => {
      const c = sendableChat(b, params.chat_id);
      const contact: TgContact = {
        phone_number: String(params.phone_number),
        first_name: String(params.first_name),
      };
      if (typeof params.last_name === 'string') contact.last_name = params.last_name;
      return commit(c, botMessage(b, c, params, { contact }));
    },
    sendChatAction: (b, params) => {
      const c = sendableChat(b, params.chat_id);
      if (typeof params.action !== 'string' || !CHAT_ACTIONS.has(params.action)) {
        throw badRequest('wrong parameter action in request');
      }
      // Telegram shows the action for 5 seconds or until the bot's next message.
      c.action = { name: params.action, until: Date.now() + 5000 };
      state.changeSeq += 1;
      return true;
    },

    editMessageText: (b, params) => {
      const { entry } = editTarget(b, params);
      if (entry.message.text === undefined)
        throw badRequest('there is no text in the message to edit');
      const content = textOf(params);
      const next: TgMessage = { ...entry.message, ...content };
      if (!content.entities) delete next.entities;
      if (isRecord(params.link_preview_options))
        next.link_preview_options = params.link_preview_options;
      return applyEdit(entry, next, params.reply_markup);
    },
    editMessageCaption: (b, params) => {
      const { entry } = editTarget(b, params);
      const m = entry.message;
      if (m.text !== undefined || (!m.photo && !m.document && !m.voice)) {
        throw badRequest('there is no caption in the message to edit');
      }
      const next: TgMessage = { ...entry.message };
      delete next.caption;
      delete next.caption_entities;
      Object.assign(next, captionOf(params));
      return applyEdit(entry, next, params.reply_markup);
    },
    editMessageReplyMarkup: (b, params) => {
      const { entry } = editTarget(b, params);
      return applyEdit(entry, { ...entry.message }, params.reply_markup);
    },
    deleteMessage: (b, params) => {
      const c = findChat(b, params.chat_id, false);
      const entry = liveMessage(c, params.message_id, 'message to delete not found');
      entry.deleted = true;
      entry.seq = ++state.changeSeq;
      return true;
    },
    deleteMessages: (b, params) => {
      const c = findChat(b, params.chat_id, false);
      const ids = Array.isArray(params.message_ids) ? params.message_ids : [];
      for (const id of ids) {
        const entry = typeof id === 'number' ? c.messages.get(id) : undefined;
        if (entry && !entry.deleted) {
          entry.deleted = true;
          entry.seq = ++state.changeSeq;
        }
      }
      return true;
    },

    answerCallbackQuery: (b, params) => {
      const id = String(params.callback_query_id);
      const record = b.callbacks.get(id);
      if (!record || record.answered) {
        throw badRequest('query is too old and response timeout expired or query ID is invalid');
      }
      if (typeof params.text === 'string' && params.text.length > 200) {
        throw badRequest('MESSAGE_TOO_LONG: callback answer text must be 0-200 characters');
      }
      record.answered = true;
      const c = b.chats.get(record.chatId);
      if (c) {
        const notice: ChatNotice = {
          seq: ++state.changeSeq,
          kind: 'callbackAnswer',
          callbackQueryId: id,
          showAlert: params.show_alert === true,
        };
        if (typeof params.text === 'string' && params.text !== '') notice.text = params.text;
        if (typeof params.url === 'string') notice.url = params.url;
        c.notices.push(notice);
      }
      return true;
    },

    getFile: (b, params) => {
      const f = files.get(String(params.file_id));
      if (!f || f.ownerToken !== b.token) throw badRequest('invalid file_id');
      return {
        file_id: f.fileId,
        file_unique_id: f.fileUniqueId,
        file_size: f.data.length,
        file_path: f.filePath,
      };
    },

    setMyCommands: (b, params) => {
      const commands = Array.isArray(params.commands) ? params.commands.filter(isRecord) : [];
      if (commands.length > 100) throw badRequest('too many commands (at most 100)');
      for (const cmd of commands) {
        if (typeof cmd.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(cmd.command)) {
          throw badRequest(
            `BOT_COMMAND_INVALID: "${String(cmd.command)}" must be 1-32 of a-z, 0-9 and _`,
          );
        }
        if (
          typeof cmd.description !== 'string' ||
          cmd.description.length < 1 ||
          cmd.description.length > 256
        ) {
          throw badRequest(`command description of "${cmd.command}" must be 1-256 characters`);
        }
      }
      b.commands.set(commandsKey(params), commands);
      return true;
    },
    getMyCommands: (b, params) => b.commands.get(commandsKey(params)) ?? [],
    deleteMyCommands: (b, params) => {
      b.commands.delete(commandsKey(params));
      return true;
    },

    getChat: (b, params) => {
      const c = findChat(b, params.chat_id, false);
      return {
        ...c.chat,
        accent_color_id: 0,
        max_reaction_count: 11,
        accepted_gift_types: {
          unlimited_gifts: false,
          limited_gifts: false,
          unique_gifts: false,
          premium_subscription: false,
          gifts_from_channels: false,
        },
      };
    },
    copyMessage: (b, params) => {
      const c = sendableChat(b, params.chat_id);
      const source = liveMessage(
        findChat(b, params.from_chat_id, false),
        params.message_id,
        'message to copy not found',
      );
      const content = copyContent(source.message);
      if (params.caption !== undefined) {
        delete content.caption;
        delete content.caption_entities;
        Object.assign(content, captionOf(params));
      }
      const message = commit(c, botMessage(b, c, params, content));
      return { message_id: message.message_id };
    },
    forwardMessage: (b, params) => {
      const c = sendableChat(b, params.chat_id);
      const sourceChat = findChat(b, params.from_chat_id, false);
      const source = liveMessage(sourceChat, params.message_id, 'message to forward not found');
      const origin = source.message.from
        ? { type: 'user', date: source.message.date, sender_user: source.message.from }
        : { type: 'chat', date: source.message.date, sender_chat: sourceChat.chat };
      const message: TgMessage = {
        message_id: 0,
        from: b.user,
        chat: c.chat,
        date: nowSeconds(),
        forward_origin: origin,
        ...copyContent(source.message),
      };
      if (source.message.reply_markup) message.reply_markup = source.message.reply_markup;
      return commit(c, message);
    },
  };

  function commandsKey(params: Record<string, unknown>): string {
    const scope = isRecord(params.scope) ? params.scope : { type: 'default' };
    return JSON.stringify([
      scope,
      typeof params.language_code === 'string' ? params.language_code : '',
    ]);
  }

  function copyContent(m: TgMessage): Partial<TgMessage> {
    const content: Partial<TgMessage> = {};
    for (const key of [
      'text',
      'entities',
      'caption',
      'caption_entities',
      'photo',
      'document',
      'voice',
      'location',
      'contact',
    ] as const) {
      if (m[key] !== undefined) (content as Record<string, unknown>)[key] = m[key];
    }
    return content;
  }

  return {
    formatted,
    findChat,
    sendableChat,
    liveMessage,
    botMessage,
    applyMarkup,
    commit,
    textOf,
    captionOf,
    checkCoordinates,
    editTarget,
    applyEdit,
    sendMediaGroup,
    commandsKey,
    copyContent,
    handlers,
  };
}

export type Methods = ReturnType<typeof createMethods>;
