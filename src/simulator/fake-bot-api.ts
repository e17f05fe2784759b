/**
 * A local fake of the Telegram Bot API over real HTTP, for tests and for the chat simulator that
 * `gopy start` serves when there is no BOT_TOKEN. Real grammY and Telegraf bots talk to it with
 * `apiRoot: api.url`, in long polling or webhook mode, exactly as they talk to Telegram.
 *
 * It keeps per-token state (each token is its own bot), validates every call against the Bot
 * API spec, answers with Telegram's objects and error texts, and records calls and violations
 * so tests can assert what the bot did and that Telegram would have accepted all of it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { findMethod, validateParams } from './bot-api-spec.ts';
import { imageInfo } from './image-size.ts';
import { BodyError, parseRequest, readBody, UploadedFile, type Transport } from './request-body.ts';
import { detectEntities, parseTelegramHtml, type TgEntity } from './telegram-html.ts';

export type { TgEntity } from './telegram-html.ts';

// ---------------------------------------------------------------------------------------------
// Telegram objects (the subset the fake produces; extra fields pass through untyped)

export interface TgUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  [key: string]: unknown;
}

export type TgChatType = 'private' | 'group' | 'supergroup' | 'channel';

export interface TgChat {
  id: number;
  type: TgChatType;
  title?: string;
  first_name?: string;
  last_name?: string;
  username?: string;
}

export interface TgPhotoSize {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  file_size?: number;
}

export interface TgDocument {
  file_id: string;
  file_unique_id: string;
  file_name?: string;
  mime_type?: string;
  file_size?: number;
}

export interface TgLocation {
  latitude: number;
  longitude: number;
  horizontal_accuracy?: number;
}

export interface TgContact {
  phone_number: string;
  first_name: string;
  last_name?: string;
  user_id?: number;
}

export interface TgInlineKeyboardButton {
  text: string;
  callback_data?: string;
  url?: string;
  [key: string]: unknown;
}

export interface TgInlineKeyboardMarkup {
  inline_keyboard: TgInlineKeyboardButton[][];
}

export interface TgKeyboardButton {
  text: string;
  request_location?: boolean;
  request_contact?: boolean;
  [key: string]: unknown;
}

export interface TgReplyKeyboardMarkup {
  keyboard: TgKeyboardButton[][];
  one_time_keyboard?: boolean;
  resize_keyboard?: boolean;
  input_field_placeholder?: string;
  is_persistent?: boolean;
  selective?: boolean;
}

export interface TgMessage {
  message_id: number;
  date: number;
  chat: TgChat;
  from?: TgUser;
  text?: string;
  entities?: TgEntity[];
  caption?: string;
  caption_entities?: TgEntity[];
  photo?: TgPhotoSize[];
  document?: TgDocument;
  location?: TgLocation;
  contact?: TgContact;
  reply_to_message?: TgMessage;
  reply_markup?: TgInlineKeyboardMarkup;
  edit_date?: number;
  media_group_id?: string;
  [key: string]: unknown;
}

export interface TgUpdate {
  update_id: number;
  message?: TgMessage;
  edited_message?: TgMessage;
  callback_query?: {
    id: string;
    from: TgUser;
    message?: TgMessage;
    chat_instance: string;
    data?: string;
  };
  [key: string]: unknown;
}

export interface ApiErrorBody {
  ok: false;
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export type ApiResponse = { ok: true; result: unknown } | ApiErrorBody;

/** An error to answer a call with, as `failNext` and `failWhile` take it. */
export interface InjectedError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

// ---------------------------------------------------------------------------------------------
// Records

export interface RecordedCall {
  /** Increasing over all calls of this fake; pass as `after` to wait only for later calls. */
  seq: number;
  token: string;
  /** Canonical spelling from the spec (`sendMessage` even if called as `sendmessage`). */
  method: string;
  /** Parameters after transport decoding: numbers are numbers, uploads are UploadedFile. */
  params: Record<string, unknown>;
  transport: Transport | 'webhookReply';
  /** Epoch milliseconds when the call arrived. */
  time: number;
  response: ApiResponse;
}

export type ViolationKind =
  | 'unknownMethod'
  | 'invalidParams'
  | 'unknownParam'
  | 'deprecatedParam'
  | 'badRequest'
  | 'rateLimit'
  | 'unsupported';

export interface Violation {
  seq: number;
  token: string;
  method: string;
  kind: ViolationKind;
  description: string;
  path?: string;
  params: Record<string, unknown>;
  time: number;
}

export interface WebhookDelivery {
  token: string;
  updateId: number;
  time: number;
  /** HTTP status of the bot's answer; undefined when the connection failed. */
  status?: number;
  error?: string;
}

/** One message of a chat as the fake keeps it, for the simulator and for assertions. */
export interface ChatEntry {
  message: TgMessage;
  fromBot: boolean;
  deleted: boolean;
  /** Change sequence of the last create, edit or delete (see `changesSince`). */
  seq: number;
}

export interface ChatNotice {
  seq: number;
  kind: 'callbackAnswer';
  callbackQueryId: string;
  text?: string;
  showAlert: boolean;
  url?: string;
}

export interface ChatSnapshot {
  /** The highest change sequence in the fake; poll again with it as `since`. */
  seq: number;
  /** Messages created, edited or deleted after `since`, in message order. */
  messages: ChatEntry[];
  notices: ChatNotice[];
  /** The reply keyboard shown under the input field, if any. */
  keyboard: TgReplyKeyboardMarkup | undefined;
  /** The chat action the bot announced (typing, upload_photo…) while it lasts. */
  action: string | undefined;
}

// ---------------------------------------------------------------------------------------------
// Inputs

export interface FakeUserInput {
  id: number;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_bot?: boolean;
}

export interface ChatInput {
  id: number;
  type?: TgChatType;
  title?: string;
  first_name?: string;
  last_name?: string;
  username?: string;
}

export type FileInput =
  Uint8Array | { data: Uint8Array; fileName?: string; mimeType?: string } | { fileId: string };

export interface InjectMessageInput {
  /** Defaults to `from.id` (a private chat). */
  chatId?: number;
  /** Defaults to a user whose id is `chatId` (private chats only). */
  from?: FakeUserInput;
  /** Defaults to private for positive ids, supergroup for ids below -1e12+, group otherwise. */
  chatType?: TgChatType;
  chatTitle?: string;
  text?: string;
  /** For text: given entities replace the auto-detected ones (bot_command, url…). */
  entities?: TgEntity[];
  caption?: string;
  photo?: FileInput;
  document?: FileInput & { fileName?: string };
  location?: { latitude: number; longitude: number };
  contact?: { phoneNumber: string; firstName?: string; lastName?: string; userId?: number };
  replyToMessageId?: number;
  mediaGroupId?: string;
  /** Unix seconds; defaults to now. */
  date?: number;
}

export interface InjectCallbackInput {
  chatId: number;
  /** Defaults to a user whose id is `chatId`. */
  from?: FakeUserInput;
  messageId: number;
  data: string;
}

export interface InjectEditInput {
  chatId: number;
  messageId: number;
  text: string;
}

export interface RateLimits {
  /** Messages per second per bot over all chats (Telegram: about 30). */
  overallPerSecond: number;
  /** Sustained messages per second in one private chat (Telegram: about 1). */
  privatePerSecond: number;
  /** Short bursts a private chat tolerates before 429 (Telegram lets a few through). */
  privateBurst: number;
  /** Messages per minute in one group (Telegram: 20). */
  groupPerMinute: number;
}

export const TELEGRAM_RATE_LIMITS: Readonly<RateLimits> = {
  overallPerSecond: 30,
  privatePerSecond: 1,
  privateBurst: 3,
  groupPerMinute: 20,
};

export interface FakeBotApiOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Validate every call against the Bot API spec (default true). */
  validate?: boolean;
  /**
   * Sending to a chat the bot has never seen answers "chat not found", as Telegram does. Set
   * true to create such chats on first use instead (positive ids private, negative groups).
   */
  autoCreateChats?: boolean;
  /** Redelivery backoff for webhooks: first delay and cap, ms (defaults 100 and 2000). */
  webhookRetry?: { initialMs?: number; maxMs?: number };
  /** How long one webhook POST may take before it counts as failed (default 30 s). */
  webhookTimeoutMs?: number;
  /** Oldest calls are forgotten beyond this many (default 10,000). */
  maxRecordedCalls?: number;
  /** The first update_id of every bot (default 1). */
  firstUpdateId?: number;
}

export interface FakeBotApi {
  /** `http://127.0.0.1:<port>`: give it to grammY as `client.apiRoot`, to Telegraf as `telegram.apiRoot`. */
  readonly url: string;
  readonly port: number;
  /** The request listener, to mount the fake in another server as well. */
  handleRequest(req: IncomingMessage, res: ServerResponse): void;

  /** The bot user `getMe` answers for this token. */
  botInfo(token: string): TgUser;
  setBotInfo(token: string, info: Partial<Omit<TgUser, 'id' | 'is_bot'>>): void;
  /** Makes a chat known to the bot (as if the user had started it, or the bot joined the group). */
  addChat(token: string, chat: ChatInput): TgChat;
  /** A blocked private chat answers sends with 403 "bot was blocked by the user". */
  setBlocked(token: string, chatId: number, blocked: boolean): void;

  /** Queues a message from a user; returns its update_id. */
  injectMessage(token: string, input: InjectMessageInput): number;
  /** Queues a button press on an inline keyboard; returns its update_id. */
  injectCallback(token: string, input: InjectCallbackInput): number;
  /** Queues an edit of a user's own text message; returns its update_id. */
  injectEditedMessage(token: string, input: InjectEditInput): number;
  /** Queues any update as given (update_id is assigned when missing); returns its update_id. */
  injectUpdate(token: string, update: Record<string, unknown>): number;
  /** True while a getUpdates long poll of this bot is waiting. */
  isPolling(token: string): boolean;
  /** Updates not yet confirmed by getUpdates or answered 2xx by the webhook. */
  pendingUpdates(token: string): TgUpdate[];

  calls(token?: string, method?: string): RecordedCall[];
  /** The seq of the latest recorded call (0 when none). */
  lastCallSeq(): number;
  violations(token?: string): Violation[];
  clearViolations(): void;
  webhookDeliveries(token?: string): WebhookDelivery[];

  /** What the bot currently shows in the chat: its own messages, edits applied, deletes removed. */
  messagesTo(token: string, chatId: number): TgMessage[];
  /** Every message of the chat, the user's included, deleted ones marked. */
  chatHistory(token: string, chatId: number): ChatEntry[];
  /** Changes of one chat after a change sequence number, for the simulator's polling. */
  changesSince(token: string, chatId: number, since: number): ChatSnapshot;
  /** Bytes and type of a stored file, by file_id. */
  fileContents(fileId: string): { data: Buffer; mimeType: string; fileName?: string } | undefined;

  /** Resolves with the predicate's first truthy value, re-checked after every change. */
  waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  /** Resolves with the first recorded call of `method` (optionally after seq `after`) matching. */
  waitForCall(
    method: string,
    predicate?: (call: RecordedCall) => boolean,
    options?: { token?: string; timeoutMs?: number; after?: number },
  ): Promise<RecordedCall>;
  /** Subscribes to every change (calls, updates, messages); returns the unsubscribe function. */
  onChange(listener: () => void): () => void;

  /** The next call of `method` (for `token`, if given; `times` calls, default 1) fails with `error`. */
  failNext(
    method: string,
    error: InjectedError,
    options?: { token?: string; times?: number },
  ): void;
  /** While installed, every call for which `decide` returns an error fails with it. Returns the uninstaller. */
  failWhile(
    decide: (call: {
      token: string;
      method: string;
      params: Record<string, unknown>;
    }) => InjectedError | undefined | null | false,
  ): () => void;
  /** Answers 429 with a realistic retry_after when the bot sends faster than Telegram allows. */
  enforceLimits(enabled: boolean | Partial<RateLimits>): void;

  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Internal state

class ApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    /** Set when the error shows a bug in the bot, so it is recorded as a violation. */
    readonly violation?: ViolationKind,
    readonly parameters?: InjectedError['parameters'],
  ) {
    super(description);
    this.name = 'ApiError';
  }
}

const badRequest = (description: string): ApiError =>
  new ApiError(400, `Bad Request: ${description}`, 'badRequest');

interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  ownerToken: string;
  data: Buffer;
  mimeType: string;
  filePath: string;
  fileName?: string;
  kind: 'photo' | 'document' | 'video' | 'audio';
  /** All sizes of the same uploaded photo, to answer with when the file_id is reused. */
  photoSizes?: TgPhotoSize[];
}

interface ChatState {
  chat: TgChat;
  nextMessageId: number;
  messages: Map<number, ChatEntry>;
  notices: ChatNotice[];
  keyboard: TgReplyKeyboardMarkup | undefined;
  action: { name: string; until: number } | undefined;
  blocked: boolean;
}

interface Poller {
  limit: number;
  finish(result: ApiResponse): void;
}

interface Webhook {
  url: string;
  secretToken?: string;
  maxConnections: number;
  lastErrorDate?: number;
  lastErrorMessage?: string;
}

interface CallbackRecord {
  answered: boolean;
  chatId: number;
  messageId: number;
}

class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly capacity: number,
    private readonly perMs: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }
  /** Milliseconds until `n` tokens are available (0 when they are now). */
  waitFor(n: number, now: number): number {
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
    this.last = now;
    return this.tokens >= n ? 0 : (n - this.tokens) / this.perMs;
  }
  take(n: number): void {
    this.tokens -= n;
  }
}

interface BotState {
  token: string;
  user: TgUser;
  nextUpdateId: number;
  queue: TgUpdate[];
  allowedUpdates: string[];
  poller: Poller | undefined;
  webhook: Webhook | undefined;
  delivering: boolean;
  chats: Map<number, ChatState>;
  commands: Map<string, unknown[]>;
  callbacks: Map<string, CallbackRecord>;
  nextCallbackId: number;
  overallBucket: TokenBucket | undefined;
  chatBuckets: Map<number, TokenBucket>;
}

/** Methods that create messages, for rate limiting. */
const SEND_METHODS = new Set([
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'sendMediaGroup',
  'sendLocation',
  'sendContact',
  'copyMessage',
  'forwardMessage',
]);

const DEFAULT_EXCLUDED_UPDATES = new Set([
  'chat_member',
  'message_reaction',
  'message_reaction_count',
]);

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  zip: 'application/zip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
};

function extensionOf(name: string | undefined): string | undefined {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(name ?? '');
  return m?.[1]?.toLowerCase();
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof UploadedFile);
}

function updateType(update: TgUpdate): string | undefined {
  return Object.keys(update).find((k) => k !== 'update_id');
}

function stableBotId(token: string): number {
  const digits = /^(\d{1,15}):/.exec(token)?.[1];
  if (digits) return Number(digits);
  return (
    7_000_000_000 + (createHash('sha256').update(token).digest().readUInt32BE(0) % 1_000_000_000)
  );
}

function defaultChatType(id: number): TgChatType {
  if (id > 0) return 'private';
  return String(id).startsWith('-100') ? 'supergroup' : 'group';
}

// ---------------------------------------------------------------------------------------------

/** Starts a fake Bot API on a real HTTP port. Close it with `close()`. */
export async function createFakeBotApi(options: FakeBotApiOptions = {}): Promise<FakeBotApi> {
  const validate = options.validate ?? true;
  const retryInitial = options.webhookRetry?.initialMs ?? 100;
  const retryMax = options.webhookRetry?.maxMs ?? 2000;
  const webhookTimeoutMs = options.webhookTimeoutMs ?? 30_000;
  const maxCalls = options.maxRecordedCalls ?? 10_000;
  const firstUpdateId = options.firstUpdateId ?? 1;

  const bots = new Map<string, BotState>();
  const files = new Map<string, StoredFile>();
  const filesByPath = new Map<string, StoredFile>();
  let recorded: RecordedCall[] = [];
  const violationLog: Violation[] = [];
  const deliveries: WebhookDelivery[] = [];
  const listeners = new Set<() => void>();
  const failOnce: Array<{ method: string; token?: string; error: InjectedError; times: number }> =
    [];
  const failRules = new Set<Parameters<FakeBotApi['failWhile']>[0]>();
  let limits: RateLimits | undefined;
  let callSeq = 0;
  let changeSeq = 0;
  let fileCounter = 0;
  let closed = false;
  const closing = new AbortController();
  const openPolls = new Set<Poller>();

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
        nextUpdateId: firstUpdateId,
        queue: [],
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

  // ----- files

  function newFileId(prefix: string): string {
    return prefix + randomBytes(30).toString('base64url');
  }

  function storeFile(
    token: string,
    data: Buffer,
    kind: StoredFile['kind'],
    meta: { fileName?: string; mimeType?: string; variant?: string },
  ): StoredFile {
    fileCounter += 1;
    const info = kind === 'photo' ? imageInfo(data) : undefined;
    const ext = info?.extension ?? extensionOf(meta.fileName) ?? (kind === 'photo' ? 'jpg' : 'dat');
    const folder = kind === 'photo' ? 'photos' : kind === 'document' ? 'documents' : `${kind}s`;
    const unique = createHash('sha256')
      .update(data)
      .update(meta.variant ?? '')
      .digest('base64url')
      .slice(0, 16);
    const file: StoredFile = {
      fileId: newFileId(kind === 'photo' ? 'AgACAgIAAxkB' : 'BQACAgIAAxkB'),
      fileUniqueId: `AQAD${unique}`,
      ownerToken: token,
      data,
      mimeType:
        info?.mimeType ?? meta.mimeType ?? MIME_BY_EXTENSION[ext] ?? 'application/octet-stream',
      filePath: `${folder}/file_${fileCounter}.${ext}`,
      kind,
    };
    if (meta.fileName) file.fileName = meta.fileName;
    files.set(file.fileId, file);
    filesByPath.set(file.filePath, file);
    return file;
  }

  /**
   * Telegram keeps several sizes of a photo (90, 320, 800, 1280 px on the long side). The fake
   * does not resample: every size serves the original bytes, with the scaled dimensions.
   */
  function storePhoto(token: string, data: Buffer, fileName?: string): TgPhotoSize[] {
    const info = imageInfo(data);
    const width = info?.width ?? 800;
    const height = info?.height ?? 600;
    const longSide = Math.max(width, height, 1);
    const targets = [90, 320, 800, 1280].filter((t) => t < longSide);
    targets.push(Math.min(longSide, 2560));
    const sizes: TgPhotoSize[] = targets.map((target) => {
      const scale = target / longSide;
      const meta = fileName ? { fileName, variant: String(target) } : { variant: String(target) };
      const f = storeFile(token, data, 'photo', meta);
      return {
        file_id: f.fileId,
        file_unique_id: f.fileUniqueId,
        width: Math.max(1, Math.round(width * scale)),
        height: Math.max(1, Math.round(height * scale)),
        file_size: data.length,
      };
    });
    for (const s of sizes) {
      const f = files.get(s.file_id);
      if (f) f.photoSizes = sizes;
    }
    return sizes;
  }

  function documentOf(f: StoredFile): TgDocument {
    const d: TgDocument = {
      file_id: f.fileId,
      file_unique_id: f.fileUniqueId,
      mime_type: f.mimeType,
      file_size: f.data.length,
    };
    if (f.fileName) d.file_name = f.fileName;
    return d;
  }

  /** An InputFile or String parameter: an upload, a known file_id, or an http(s) URL to fetch. */
  async function resolveFile(
    token: string,
    value: unknown,
    kind: StoredFile['kind'],
  ): Promise<{ photo?: TgPhotoSize[]; file: StoredFile }> {
    if (value instanceof UploadedFile) {
      if (kind === 'photo') {
        const photo = storePhoto(token, value.data, value.filename);
        const file = files.get(photo[photo.length - 1]?.file_id ?? '');
        if (!file) throw badRequest('failed to store photo');
        return { photo, file };
      }
      const mimeType =
        value.contentType !== 'application/octet-stream' ? value.contentType : undefined;
      const meta = mimeType ? { fileName: value.filename, mimeType } : { fileName: value.filename };
      return { file: storeFile(token, value.data, kind, meta) };
    }
    if (typeof value === 'string') {
      const known = files.get(value);
      if (known) {
        if (known.ownerToken !== token)
          throw badRequest('wrong file identifier/HTTP URL specified');
        return known.photoSizes && kind === 'photo'
          ? { photo: known.photoSizes, file: known }
          : { file: known };
      }
      if (/^https?:\/\//i.test(value)) {
        let data: Buffer;
        try {
          const res = await fetch(value, { signal: AbortSignal.timeout(5000) });
          if (!res.ok) throw new Error(String(res.status));
          data = Buffer.from(await res.arrayBuffer());
        } catch {
          throw badRequest('failed to get HTTP URL content');
        }
        const name =
          decodeURIComponent(new URL(value).pathname.split('/').pop() ?? '') || undefined;
        if (kind === 'photo') {
          const photo = storePhoto(token, data, name);
          const file = files.get(photo[photo.length - 1]?.file_id ?? '');
          if (!file) throw badRequest('failed to store photo');
          return { photo, file };
        }
        return { file: storeFile(token, data, kind, name ? { fileName: name } : {}) };
      }
    }
    throw badRequest('wrong file identifier/HTTP URL specified');
  }

  /** The bytes behind an injected photo/document. */
  function fileFromInput(
    token: string,
    input: FileInput,
    kind: 'photo' | 'document',
  ): { photo?: TgPhotoSize[]; file: StoredFile } {
    if ('fileId' in input) {
      const f = files.get(input.fileId);
      if (!f) throw new Error(`fake Bot API: unknown file_id ${input.fileId}`);
      return f.photoSizes && kind === 'photo' ? { photo: f.photoSizes, file: f } : { file: f };
    }
    const data = input instanceof Uint8Array ? Buffer.from(input) : Buffer.from(input.data);
    const fileName = input instanceof Uint8Array ? undefined : input.fileName;
    const mimeType = input instanceof Uint8Array ? undefined : input.mimeType;
    if (kind === 'photo') {
      const photo = storePhoto(token, data, fileName);
      const file = files.get(photo[photo.length - 1]?.file_id ?? '');
      if (!file) throw new Error('fake Bot API: failed to store photo');
      return { photo, file };
    }
    const meta: { fileName?: string; mimeType?: string } = {};
    if (fileName) meta.fileName = fileName;
    if (mimeType) meta.mimeType = mimeType;
    return { file: storeFile(token, data, 'document', meta) };
  }

  // ----- updates

  function enqueue(b: BotState, update: TgUpdate): number {
    b.queue.push(update);
    changeSeq += 1;
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
    changeSeq += 1;
    const entry: ChatEntry = { message, fromBot, deleted: false, seq: changeSeq };
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
      !message.location &&
      !message.contact
    ) {
      throw new Error(
        'fake Bot API: injectMessage needs text, photo, document, location or contact',
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
    entry.seq = ++changeSeq;
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

  // ----- long polling

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
    if (ready.length || timeout === 0 || closed)
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

  // ----- webhooks

  function logDelivery(d: WebhookDelivery): void {
    deliveries.push(d);
    if (deliveries.length > maxCalls) deliveries.splice(0, deliveries.length - maxCalls);
  }

  async function deliverWebhook(b: BotState): Promise<void> {
    if (b.delivering) return;
    b.delivering = true;
    let delay = retryInitial;
    try {
      while (!closed && b.webhook) {
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
            changeSeq += 1;
            notify();
            await webhookReply(b, res.headers.get('content-type') ?? undefined, body);
            continue;
          }
          delivery.error = `Wrong response from the webhook: ${res.status} ${res.statusText}`;
        } catch (err) {
          if (closed) break;
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

  // ----- text

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

  // ----- chats and messages

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

  // ----- methods

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
    entry.seq = ++changeSeq;
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
    const groupId = String(BigInt(Date.now()) * 1000n + BigInt(fileCounter));
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
      changeSeq += 1;
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
      if (entry.message.text !== undefined || (!entry.message.photo && !entry.message.document)) {
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
      entry.seq = ++changeSeq;
      return true;
    },
    deleteMessages: (b, params) => {
      const c = findChat(b, params.chat_id, false);
      const ids = Array.isArray(params.message_ids) ? params.message_ids : [];
      for (const id of ids) {
        const entry = typeof id === 'number' ? c.messages.get(id) : undefined;
        if (entry && !entry.deleted) {
          entry.deleted = true;
          entry.seq = ++changeSeq;
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
          seq: ++changeSeq,
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
      'location',
      'contact',
    ] as const) {
      if (m[key] !== undefined) (content as Record<string, unknown>)[key] = m[key];
    }
    return content;
  }

  // ----- rate limits

  function checkRate(b: BotState, method: string, params: Record<string, unknown>): void {
    if (!limits || !SEND_METHODS.has(method)) return;
    const c = b.chats.get(typeof params.chat_id === 'number' ? params.chat_id : NaN);
    if (!c) return; // the handler answers "chat not found"
    const n = method === 'sendMediaGroup' && Array.isArray(params.media) ? params.media.length : 1;
    const now = Date.now();
    b.overallBucket ??= new TokenBucket(
      limits.overallPerSecond,
      limits.overallPerSecond / 1000,
      now,
    );
    let bucket = b.chatBuckets.get(c.chat.id);
    if (!bucket) {
      bucket =
        c.chat.type === 'private'
          ? new TokenBucket(limits.privateBurst, limits.privatePerSecond / 1000, now)
          : new TokenBucket(limits.groupPerMinute, limits.groupPerMinute / 60_000, now);
      b.chatBuckets.set(c.chat.id, bucket);
    }
    const wait = Math.max(b.overallBucket.waitFor(n, now), bucket.waitFor(n, now));
    if (wait > 0) {
      const retryAfter = Math.max(1, Math.ceil(wait / 1000));
      throw new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, 'rateLimit', {
        retry_after: retryAfter,
      });
    }
    b.overallBucket.take(n);
    bucket.take(n);
  }

  // ----- dispatch

  function record(call: Omit<RecordedCall, 'seq'>): RecordedCall {
    const full: RecordedCall = { seq: ++callSeq, ...call };
    recorded.push(full);
    if (recorded.length > maxCalls) recorded = recorded.slice(recorded.length - maxCalls);
    return full;
  }

  function violation(v: Omit<Violation, 'seq'>): void {
    violationLog.push({ seq: callSeq + 1, ...v });
  }

  /**
   * Uploaded parts that are not parameters themselves (grammY names them randomly and refers to
   * them as `attach://<name>`): taken out of the parameters before validation.
   */
  function takeUploads(
    params: Record<string, unknown>,
    fieldNames: ReadonlySet<string>,
  ): Map<string, UploadedFile> {
    const uploads = new Map<string, UploadedFile>();
    for (const [k, v] of Object.entries(params)) {
      if (v instanceof UploadedFile && !fieldNames.has(k)) {
        uploads.set(k, v);
        delete params[k];
      }
    }
    return uploads;
  }

  /** Replaces `attach://name` strings (top level, in media arrays and media objects) by the uploads. */
  function resolveAttachments(
    params: Record<string, unknown>,
    uploads: ReadonlyMap<string, UploadedFile>,
  ): void {
    const resolve = (v: unknown): unknown => {
      if (typeof v !== 'string' || !v.startsWith('attach://')) return v;
      const file = uploads.get(v.slice('attach://'.length));
      if (!file)
        throw badRequest(`wrong file identifier/HTTP URL specified: "${v}" was not uploaded`);
      return file;
    };
    const resolveObject = (o: Record<string, unknown>): Record<string, unknown> =>
      Object.fromEntries(Object.entries(o).map(([k, v]) => [k, resolve(v)]));
    for (const [k, v] of Object.entries(params)) {
      if (Array.isArray(v))
        params[k] = (v as unknown[]).map((item) => (isRecord(item) ? resolveObject(item) : item));
      else if (isRecord(v) && k !== 'reply_markup') params[k] = resolveObject(v);
      else params[k] = resolve(v);
    }
  }

  async function execute(
    token: string,
    methodName: string,
    rawParams: Record<string, unknown>,
    transport: RecordedCall['transport'],
    signal: AbortSignal,
  ): Promise<{ status: number; body: ApiResponse }> {
    const time = Date.now();
    const b = bot(token);
    const spec = findMethod(methodName);
    const params = { ...rawParams };
    // Telegraf puts the method name into multipart bodies; Telegram ignores it.
    if (transport === 'multipart' || transport === 'webhookReply') delete params.method;

    const finish = (
      body: ApiResponse,
      method: string,
      callParams: Record<string, unknown>,
    ): { status: number; body: ApiResponse } => {
      record({ token, method, params: callParams, transport, time, response: body });
      notify();
      return { status: body.ok ? 200 : body.error_code, body };
    };

    if (!spec) {
      const body: ApiErrorBody = { ok: false, error_code: 404, description: 'Not Found' };
      violation({
        token,
        method: methodName,
        kind: 'unknownMethod',
        description: `unknown method "${methodName}"`,
        params,
        time,
      });
      return finish(body, methodName, params);
    }
    const method = spec.name;
    let callParams = params;
    try {
      const uploads = takeUploads(params, new Set((spec.fields ?? []).map((f) => f.name)));
      if (validate) {
        const result = validateParams(spec, params);
        callParams = result.params;
        for (const issue of result.issues) {
          violation({
            token,
            method,
            kind:
              issue.severity === 'error'
                ? 'invalidParams'
                : issue.code === 'deprecatedParam'
                  ? 'deprecatedParam'
                  : 'unknownParam',
            description: issue.message,
            path: issue.path,
            params: callParams,
            time,
          });
        }
        const firstError = result.issues.find((i) => i.severity === 'error');
        if (firstError) throw new ApiError(400, `Bad Request: ${firstError.message}`);
      } else {
        callParams = validateParams(spec, params).params;
      }
      resolveAttachments(callParams, uploads);

      const injected = injectedFailure(token, method, callParams);
      if (injected) {
        const body: ApiErrorBody = {
          ok: false,
          error_code: injected.error_code,
          description: injected.description,
        };
        if (injected.parameters) body.parameters = injected.parameters;
        return finish(body, method, callParams);
      }
      checkRate(b, method, callParams);

      const handler = handlers[method];
      let result: unknown;
      if (handler) {
        result = await handler(b, callParams, signal);
      } else if (
        spec.returns.length === 1 &&
        (spec.returns[0] === 'Boolean' || spec.returns[0] === 'True')
      ) {
        result = true; // settings calls the fake does not model: accepted
      } else {
        throw new ApiError(
          501,
          `Not Implemented: the fake Bot API does not simulate ${method}`,
          'unsupported',
        );
      }
      if (method === 'getUpdates') {
        const body = result as ApiResponse;
        if (signal.aborted) return { status: 200, body }; // nobody is listening any more
        return finish(body, method, callParams);
      }
      return finish({ ok: true, result }, method, callParams);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const body: ApiErrorBody = {
        ok: false,
        error_code: err.errorCode,
        description: err.description,
      };
      if (err.parameters) body.parameters = err.parameters;
      if (err.violation)
        violation({
          token,
          method,
          kind: err.violation,
          description: err.description,
          params: callParams,
          time,
        });
      return finish(body, method, callParams);
    }
  }

  function injectedFailure(
    token: string,
    method: string,
    params: Record<string, unknown>,
  ): InjectedError | undefined {
    for (const rule of failRules) {
      const e = rule({ token, method, params });
      if (e) return e;
    }
    const i = failOnce.findIndex(
      (f) =>
        f.method.toLowerCase() === method.toLowerCase() &&
        (f.token === undefined || f.token === token),
    );
    const f = failOnce[i];
    if (!f) return undefined;
    f.times -= 1;
    if (f.times <= 0) failOnce.splice(i, 1);
    return f.error;
  }

  // ----- HTTP

  function sendJson(res: ServerResponse, status: number, body: unknown): void {
    if (res.writableEnded || res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.local');
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch?.[1] && fileMatch[2] && (req.method === 'GET' || req.method === 'HEAD')) {
      const f = filesByPath.get(decodeURIComponent(fileMatch[2]));
      if (!f || f.ownerToken !== decodeURIComponent(fileMatch[1])) {
        return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      }
      res.writeHead(200, { 'content-type': f.mimeType, 'content-length': f.data.length });
      res.end(req.method === 'HEAD' ? undefined : f.data);
      return;
    }
    const m = /^\/bot([^/]+)\/([A-Za-z0-9_]+)\/?$/.exec(url.pathname);
    if (!m?.[1] || !m[2])
      return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const token = decodeURIComponent(m[1]);
    let parsed;
    try {
      // Telegram accepts uploads up to 50 MB.
      const body = await readBody(req, 52 * 1024 * 1024);
      parsed = await parseRequest(req.headers['content-type'], body, url.searchParams);
    } catch (err) {
      if (err instanceof BodyError) {
        return sendJson(res, err.status, {
          ok: false,
          error_code: err.status,
          description: err.message,
        });
      }
      throw err;
    }
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const { status, body } = await execute(
      token,
      m[2],
      parsed.params,
      parsed.transport,
      abort.signal,
    );
    sendJson(res, status, body);
  }

  function handleRequest(req: IncomingMessage, res: ServerResponse): void {
    handle(req, res).catch((err: unknown) => {
      const description = `Internal Server Error: ${err instanceof Error ? err.message : String(err)}`;
      sendJson(res, 500, { ok: false, error_code: 500, description });
    });
  }

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

    calls: (token, method) =>
      recorded.filter(
        (c) =>
          (token === undefined || c.token === token) &&
          (method === undefined || c.method.toLowerCase() === method.toLowerCase()),
      ),
    lastCallSeq: () => callSeq,
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
        seq: changeSeq,
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
          const recent = recorded
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
          recorded.find(
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
      limits =
        enabled === false
          ? undefined
          : { ...TELEGRAM_RATE_LIMITS, ...(enabled === true ? {} : enabled) };
      for (const b of bots.values()) {
        b.overallBucket = undefined;
        b.chatBuckets.clear();
      }
    },

    close: async () => {
      if (closed) return;
      closed = true;
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
