/**
 * The fake Bot API's types: the Telegram objects it produces, its public interface, and its
 * internal state (one FakeBotState object that every piece works on).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Transport } from '../request-body.ts';
import type { TgEntity } from '../telegram-html.ts';
import type { TokenBucket } from './token-bucket.ts';

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

/** A voice note (OGG/Opus as Telegram's apps record it), with its length in seconds. */
export interface TgVoice {
  file_id: string;
  file_unique_id: string;
  duration: number;
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
  voice?: TgVoice;
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
  /** A voice note: its bytes (or a known file id) and its length in seconds. */
  voice?: { file: FileInput; duration: number };
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
  /**
   * Where each bot's next update_id is kept, so numbering continues after a restart as
   * Telegram's does (a bot drops update ids it has already handled). Default: memory only.
   */
  updateIds?: UpdateIdStore;
}

/** Keeps each bot's next update_id (see createFileUpdateIdStore). */
export interface UpdateIdStore {
  load(botId: number): number | undefined;
  save(botId: number, nextUpdateId: number): void;
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
  /**
   * Takes one queued update out of the queue, as a delivery would: for a client that posts the
   * updates to the bot itself (bench:intake, as Telegram with several connections).
   */
  takeUpdate(token: string, updateId: number): TgUpdate | undefined;
  /** How many updates were ever queued for the bot (a count that only grows). */
  queuedCount(token: string): number;
  /**
   * Runs the call a webhook's answer carries, as Telegram does after a 2xx: for a caller that
   * posts the updates itself (bench:intake).
   */
  runWebhookReply(token: string, contentType: string | undefined, body: Buffer): Promise<void>;

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

export class ApiError extends Error {
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

export const badRequest = (description: string): ApiError =>
  new ApiError(400, `Bad Request: ${description}`, 'badRequest');

export interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  ownerToken: string;
  data: Buffer;
  mimeType: string;
  filePath: string;
  fileName?: string;
  kind: 'photo' | 'document' | 'video' | 'audio' | 'voice';
  /** A voice note's length in seconds, as its sender gave it. */
  duration?: number;
  /** All sizes of the same uploaded photo, to answer with when the file_id is reused. */
  photoSizes?: TgPhotoSize[];
}

export interface ChatState {
  chat: TgChat;
  nextMessageId: number;
  messages: Map<number, ChatEntry>;
  notices: ChatNotice[];
  keyboard: TgReplyKeyboardMarkup | undefined;
  action: { name: string; until: number } | undefined;
  blocked: boolean;
}

export interface Poller {
  limit: number;
  finish(result: ApiResponse): void;
}

export interface Webhook {
  url: string;
  secretToken?: string;
  maxConnections: number;
  lastErrorDate?: number;
  lastErrorMessage?: string;
}

export interface CallbackRecord {
  answered: boolean;
  chatId: number;
  messageId: number;
}

export interface BotState {
  token: string;
  user: TgUser;
  nextUpdateId: number;
  queue: TgUpdate[];
  /** Updates ever queued (pendingUpdates minus those handed out, plus those). */
  queued: number;
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

/** Handles one Bot API call, whatever transport it came by (HTTP, a webhook reply). */
export type Execute = (
  token: string,
  methodName: string,
  rawParams: Record<string, unknown>,
  transport: RecordedCall['transport'],
  signal: AbortSignal,
) => Promise<{ status: number; body: ApiResponse }>;

/**
 * Everything the fake knows, in one object every piece works on: the bots with their chats and
 * queues, the files, what was recorded, and the switches tests flip (failures, rate limits).
 */
export interface FakeBotState {
  readonly options: FakeBotApiOptions;
  readonly config: {
    readonly validate: boolean;
    readonly retryInitial: number;
    readonly retryMax: number;
    readonly webhookTimeoutMs: number;
    readonly maxCalls: number;
    readonly firstUpdateId: number;
  };
  readonly bots: Map<string, BotState>;
  readonly files: Map<string, StoredFile>;
  readonly filesByPath: Map<string, StoredFile>;
  recorded: RecordedCall[];
  readonly violationLog: Violation[];
  readonly deliveries: WebhookDelivery[];
  readonly listeners: Set<() => void>;
  readonly failOnce: Array<{ method: string; token?: string; error: InjectedError; times: number }>;
  readonly failRules: Set<Parameters<FakeBotApi['failWhile']>[0]>;
  /** Undefined: no flood limits (the default). */
  limits: RateLimits | undefined;
  callSeq: number;
  /** Bumped by every change a chat view may show (the simulator page polls it). */
  changeSeq: number;
  fileCounter: number;
  closed: boolean;
  readonly closing: AbortController;
  readonly openPolls: Set<Poller>;
}
