/**
 * A local fake of Zalo's Official Account Open API over real HTTP, for tests and for the
 * simulator's Zalo view. gopy's Zalo client talks to it with ZALO_API_ROOT and ZALO_OAUTH_ROOT
 * pointed at `url`, exactly as it talks to openapi.zalo.me and oauth.zaloapp.com.
 *
 * What it holds gopy to, as Zalo does:
 * - OAuth v4 (`POST /v4/oa/access_token`, `secret_key` header, refresh_token grant): each refresh
 *   token works once; access tokens expire (`expires_in`, a string of seconds, as Zalo sends it).
 * - Every OA call needs a live `access_token` header, else error -216.
 * - Customer-service messages (`POST /v3.0/oa/message/cs`: text, text with query buttons, an
 *   uploaded image) only within the reply window: 48 hours and 8 replies after the citizen's
 *   last message, quoting one of the citizen's messages.
 * - Ids are strings of 19 digits (above 2^53: a JSON number would lose them).
 *
 * The citizen's side (`userSends`) builds the webhook event Zalo would send, signs it
 * (`X-ZEvent-Signature: mac=<sha256(app_id + body + timestamp + OA secret key)>`) and POSTs it
 * to the webhook set with `setWebhook`. Calls are recorded; `failNext` injects an error.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import busboy from 'busboy';

export const ZALO_REPLY_WINDOW_MS = 48 * 3_600_000;
export const ZALO_REPLIES_PER_MESSAGE = 8;
/** Zalo's limit on an uploaded image. */
export const ZALO_UPLOAD_LIMIT = 1024 * 1024;

export interface FakeZaloOptions {
  port?: number;
  appId?: string;
  appSecret?: string;
  oaSecretKey?: string;
  /** The refresh token the OA's authorisation produced (what ZALO_REFRESH_TOKEN holds). */
  refreshToken?: string;
  /** Lifetime of an access token; Zalo's is 25 hours. */
  accessTokenTtlSeconds?: number;
  /** The fake's clock (reply windows, token expiry); tests move it with `advance`. */
  now?: () => number;
}

export interface RecordedZaloCall {
  seq: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  /** The `error` code answered (0: success). */
  error: number;
}

/** What the OA sent a user, as their Zalo app shows it. */
export interface ZaloOaMessage {
  messageId: string;
  quote?: string;
  text?: string;
  buttons?: Array<{ title: string; payload: string }>;
  imageAttachmentId?: string;
  at: number;
}

/** One line of a user's chat with the OA, both ways, as the Zalo app shows it. */
export type ZaloChatEntry =
  | ({ from: 'oa' } & ZaloOaMessage)
  | {
      from: 'user';
      at: number;
      text?: string;
      imageId?: string;
      location?: { latitude: number; longitude: number };
      fileName?: string;
    };

export type ZaloUserInput =
  | { type: 'text'; text: string }
  | { type: 'image'; data?: Uint8Array; mimeType?: string; caption?: string }
  | { type: 'location'; latitude: number; longitude: number }
  | { type: 'file'; name: string; data?: Uint8Array }
  | { type: 'audio' }
  | { type: 'follow' }
  | { type: 'unfollow' };

export interface WebhookCall {
  status: number;
  body: string;
  /** The event as sent (to send it again: `deliver`). */
  event: { raw: string; signature: string };
  msgId?: string;
}

export interface FakeZaloOa {
  url: string;
  appId: string;
  appSecret: string;
  oaSecretKey: string;
  oaId: string;
  /** A fresh refresh token for the OA (as a new authorisation in Zalo's console gives). */
  issueRefreshToken(): string;
  setWebhook(url: string | undefined): void;
  /** The citizen does something in the OA's chat; resolves with gopy's answer to the webhook. */
  userSends(userId: string, input: ZaloUserInput): Promise<WebhookCall>;
  /** POSTs a raw body with the given signature header (a forged or repeated event). */
  deliver(raw: string, signature: string): Promise<{ status: number; body: string }>;
  /** Signs a raw event body as Zalo does. */
  sign(raw: string, timestamp: string): string;
  messagesTo(userId: string): ZaloOaMessage[];
  /** The user's chat with the OA, both ways, oldest first. */
  conversation(userId: string): ZaloChatEntry[];
  calls(path?: string): RecordedZaloCall[];
  /** The next call to `path` answers this error instead (once). */
  failNext(path: string, error: { error: number; message: string }): void;
  /** Every access token issued so far expires now. */
  expireAccessTokens(): void;
  /** Moves the fake's clock forward. */
  advance(ms: number): void;
  now(): number;
  /** The bytes of an uploaded image or a user's image, by attachment id. */
  image(id: string): { data: Uint8Array; mimeType: string } | undefined;
  /** Called after every recorded call and every message to a user (simulator live view). */
  onChange(listener: () => void): () => void;
  close(): Promise<void>;
}

/** Zalo's ids: 19 digits, beyond what a JavaScript number keeps exactly. */
export function zaloId(): string {
  return `${1 + (randomBytes(1)[0]! % 8)}${BigInt(`0x${randomBytes(8).toString('hex')}`)
    .toString()
    .padStart(18, '0')
    .slice(0, 18)}`;
}

function hexId(): string {
  return randomBytes(16).toString('hex');
}

interface UserState {
  /** The citizen's messages (msg_id → when), and the window of the last one. */
  messages: Map<string, number>;
  lastAt?: number;
  replies: number;
  inbox: ZaloOaMessage[];
  log: ZaloChatEntry[];
}

export async function createFakeZaloOa(options: FakeZaloOptions = {}): Promise<FakeZaloOa> {
  const appId = options.appId ?? '3914256871234567890';
  const appSecret = options.appSecret ?? 'fake-zalo-app-secret';
  const oaSecretKey = options.oaSecretKey ?? 'fake-zalo-oa-secret-key';
  const oaId = '4123987654321098765';
  const ttlMs = (options.accessTokenTtlSeconds ?? 90_000) * 1000;
  let offset = 0;
  const now = () => (options.now?.() ?? Date.now()) + offset;

  const refreshTokens = new Set<string>(options.refreshToken ? [options.refreshToken] : []);
  const accessTokens = new Map<string, number>();
  const users = new Map<string, UserState>();
  const images = new Map<string, { data: Uint8Array; mimeType: string }>();
  const recorded: RecordedZaloCall[] = [];
  const failures = new Map<string, { error: number; message: string }>();
  const listeners = new Set<() => void>();
  let webhook: string | undefined;
  let seq = 0;

  const changed = () => {
    for (const l of listeners) l();
  };
  const user = (id: string): UserState => {
    let u = users.get(id);
    if (!u) users.set(id, (u = { messages: new Map(), replies: 0, inbox: [], log: [] }));
    return u;
  };
  const sign = (raw: string, timestamp: string) =>
    `mac=${createHash('sha256')
      .update(appId + raw + timestamp + oaSecretKey)
      .digest('hex')}`;

  function record(req: IncomingMessage, path: string, body: unknown, error: number) {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    recorded.push({ seq: ++seq, method: req.method ?? 'GET', path, headers, body, error });
    changed();
  }

  function send(res: ServerResponse, payload: unknown, status = 200) {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(payload));
  }

  async function readAll(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  function readMultipartFile(
    req: IncomingMessage,
  ): Promise<{ data: Buffer; mimeType: string; tooBig: boolean } | undefined> {
    return new Promise((resolve, reject) => {
      let file: { data: Buffer; mimeType: string; tooBig: boolean } | undefined;
      const bb = busboy({ headers: req.headers, limits: { fileSize: ZALO_UPLOAD_LIMIT } });
      bb.on('file', (name, stream, info) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          // busboy cuts a file at the limit and says so (`truncated`): Zalo refuses it whole.
          if (name === 'file')
            file = {
              data: Buffer.concat(chunks),
              mimeType: info.mimeType,
              tooBig: (stream as { truncated?: boolean }).truncated === true,
            };
        });
      });
      bb.on('close', () => resolve(file));
      bb.on('error', reject);
      req.pipe(bb);
    });
  }

  /** -216 unless the access_token header is one the fake issued and still live. */
  function tokenError(req: IncomingMessage): { error: number; message: string } | undefined {
    const token = req.headers['access_token'];
    const expires = typeof token === 'string' ? accessTokens.get(token) : undefined;
    if (expires === undefined || expires <= now())
      return { error: -216, message: 'Access token is invalid' };
    return undefined;
  }

  async function handleToken(req: IncomingMessage, res: ServerResponse, path: string) {
    const form = new URLSearchParams((await readAll(req)).toString('utf8'));
    const body = Object.fromEntries(form);
    const fail = (error: number, name: string) => {
      record(req, path, body, error);
      send(res, { error, error_name: name, error_description: name });
    };
    if (req.headers['secret_key'] !== appSecret) return fail(-14002, 'Invalid secret key');
    if (form.get('app_id') !== appId) return fail(-14001, 'Invalid app id');
    if (form.get('grant_type') !== 'refresh_token') return fail(-14003, 'Invalid grant type');
    const injected = failures.get(path);
    if (injected) {
      failures.delete(path);
      return fail(injected.error, injected.message);
    }
    const refresh = form.get('refresh_token') ?? '';
    if (!refreshTokens.delete(refresh)) return fail(-14014, 'Invalid refresh token');
    const accessToken = `at-${hexId()}`;
    const refreshToken = `rt-${hexId()}`;
    accessTokens.set(accessToken, now() + ttlMs);
    refreshTokens.add(refreshToken);
    record(req, path, body, 0);
    send(res, {
      access_token: accessToken,
      refresh_token: refreshToken,
      expires_in: String(Math.floor(ttlMs / 1000)),
    });
  }

  async function handleUpload(req: IncomingMessage, res: ServerResponse, path: string) {
    const bad = tokenError(req) ?? failures.get(path);
    failures.delete(path);
    const file = bad ? undefined : await readMultipartFile(req);
    if (bad) {
      await readAll(req);
      record(req, path, {}, bad.error);
      return send(res, bad);
    }
    if (!file || !/^image\/(jpeg|png|gif)$/.test(file.mimeType) || file.data.length === 0) {
      record(req, path, { file: file?.mimeType }, -201);
      return send(res, { error: -201, message: 'Image is invalid' });
    }
    // Zalo takes images up to 1 MB.
    if (file.tooBig) {
      record(req, path, { file: file.mimeType, size: file.data.length }, -201);
      return send(res, { error: -201, message: 'Image size exceeds 1MB' });
    }
    const id = hexId();
    images.set(id, { data: file.data, mimeType: file.mimeType });
    record(req, path, { file: file.mimeType, size: file.data.length }, 0);
    send(res, { data: { attachment_id: id }, error: 0, message: 'Success' });
  }

  async function handleMessage(req: IncomingMessage, res: ServerResponse, path: string) {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse((await readAll(req)).toString('utf8')) as Record<string, unknown>;
    } catch {
      record(req, path, undefined, -201);
      return send(res, { error: -201, message: 'Parameters are invalid' });
    }
    const answer = (error: number, message: string, data?: unknown) => {
      record(req, path, body, error);
      send(res, error === 0 ? { data, error, message } : { error, message });
    };
    const bad = tokenError(req) ?? failures.get(path);
    failures.delete(path);
    if (bad) return answer(bad.error, bad.message);
    const recipient = body.recipient as { user_id?: unknown } | undefined;
    const message = body.message as Record<string, unknown> | undefined;
    const userId = recipient?.user_id;
    if (typeof userId !== 'string' || !message)
      return answer(-201, 'user_id must be a string and message is required');
    const u = users.get(userId);
    if (!u || u.lastAt === undefined) return answer(-213, 'User has not interacted with the OA');
    if (now() - u.lastAt > ZALO_REPLY_WINDOW_MS)
      return answer(-230, 'User has not interacted with the OA in the last 48 hours');
    if (u.replies >= ZALO_REPLIES_PER_MESSAGE)
      return answer(-232, 'Reply quota for the user message exceeded');
    const quote = message.quote_message_id;
    if (quote !== undefined && (typeof quote !== 'string' || !u.messages.has(quote)))
      return answer(-201, 'quote_message_id is not a message of this user');
    const parsed = parseOaMessage(message);
    if (!parsed) return answer(-201, 'message is not a text, buttons or image message');
    if (parsed.imageAttachmentId && !images.has(parsed.imageAttachmentId))
      return answer(-201, 'attachment_id not found');
    u.replies += 1;
    const messageId = hexId();
    const sent: ZaloOaMessage = { messageId, ...(quote ? { quote } : {}), ...parsed, at: now() };
    u.inbox.push(sent);
    u.log.push({ from: 'oa', ...sent });
    answer(0, 'Success', {
      message_id: messageId,
      user_id: userId,
      quota: { remain: ZALO_REPLIES_PER_MESSAGE - u.replies, total: ZALO_REPLIES_PER_MESSAGE },
    });
    changed();
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    const route = async () => {
      if (req.method === 'POST' && path === '/v4/oa/access_token')
        return handleToken(req, res, path);
      if (req.method === 'POST' && path === '/v2.0/oa/upload/image')
        return handleUpload(req, res, path);
      if (req.method === 'POST' && path === '/v3.0/oa/message/cs')
        return handleMessage(req, res, path);
      const file = /^\/files\/([0-9a-f]+)$/.exec(path);
      if (req.method === 'GET' && file) {
        const image = images.get(file[1]!);
        if (!image) return send(res, { error: 404 }, 404);
        res.writeHead(200, { 'content-type': image.mimeType });
        return res.end(image.data);
      }
      send(res, { error: -201, message: `unknown endpoint ${path}` }, 404);
    };
    route().catch((err: unknown) => {
      if (!res.headersSent) send(res, { error: -1, message: String(err) }, 500);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function deliver(raw: string, signature: string) {
    if (!webhook) throw new Error('fake Zalo: no webhook set');
    const res = await fetch(webhook, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-zevent-signature': signature },
      body: raw,
    });
    return { status: res.status, body: await res.text() };
  }

  /** A short recording a user sends (its bytes are not audio: nobody plays them in tests). */
  function audioId(): string {
    const id = hexId();
    images.set(id, { data: Buffer.from('voice'), mimeType: 'audio/aac' });
    return id;
  }

  function eventFor(userId: string, input: ZaloUserInput, msgId: string, timestamp: string) {
    const common = {
      app_id: appId,
      user_id_by_app: `app-${userId}`,
      timestamp,
    };
    const fromUser = { sender: { id: userId }, recipient: { id: oaId } };
    switch (input.type) {
      case 'text':
        return {
          ...common,
          ...fromUser,
          event_name: 'user_send_text',
          message: { msg_id: msgId, text: input.text },
        };
      case 'image': {
        const id = hexId();
        images.set(id, {
          data: input.data ?? ONE_PIXEL_PNG,
          mimeType: input.data ? (input.mimeType ?? 'image/jpeg') : 'image/png',
        });
        return {
          ...common,
          ...fromUser,
          event_name: 'user_send_image',
          message: {
            msg_id: msgId,
            ...(input.caption ? { text: input.caption } : {}),
            attachments: [
              {
                type: 'image',
                payload: { thumbnail: `${url}/files/${id}`, url: `${url}/files/${id}` },
              },
            ],
          },
        };
      }
      case 'location':
        return {
          ...common,
          ...fromUser,
          event_name: 'user_send_location',
          message: {
            msg_id: msgId,
            attachments: [
              {
                type: 'location',
                payload: {
                  coordinates: {
                    latitude: String(input.latitude),
                    longitude: String(input.longitude),
                  },
                },
              },
            ],
          },
        };
      case 'file': {
        const id = hexId();
        images.set(id, { data: input.data ?? Buffer.from('file'), mimeType: 'application/pdf' });
        return {
          ...common,
          ...fromUser,
          event_name: 'user_send_file',
          message: {
            msg_id: msgId,
            attachments: [
              {
                type: 'file',
                payload: {
                  url: `${url}/files/${id}`,
                  name: input.name,
                  size: String(input.data?.length ?? 4),
                  type: 'pdf',
                },
              },
            ],
          },
        };
      }
      case 'audio':
        return {
          ...common,
          ...fromUser,
          event_name: 'user_send_audio',
          message: {
            msg_id: msgId,
            attachments: [{ type: 'audio', payload: { url: `${url}/files/${audioId()}` } }],
          },
        };
      case 'follow':
      case 'unfollow':
        return {
          ...common,
          event_name: input.type,
          oa_id: oaId,
          source: 'oa_profile',
          follower: { id: userId },
        };
    }
  }

  return {
    url,
    appId,
    appSecret,
    oaSecretKey,
    oaId,
    issueRefreshToken() {
      const token = `rt-${hexId()}`;
      refreshTokens.add(token);
      return token;
    },
    setWebhook(target) {
      webhook = target;
    },
    async userSends(userId, input) {
      const at = now();
      const timestamp = String(at);
      const messaging = input.type !== 'follow' && input.type !== 'unfollow';
      const msgId = messaging ? hexId() : undefined;
      if (msgId) {
        // Zalo opens the window when the message arrives, whatever the webhook answers.
        const u = user(userId);
        u.messages.set(msgId, at);
        u.lastAt = at;
        u.replies = 0;
      }
      const event = eventFor(userId, input, msgId ?? '', timestamp);
      if (msgId) user(userId).log.push(logEntry(input, event, at));
      const raw = JSON.stringify(event);
      const signature = sign(raw, timestamp);
      changed();
      const answer = await deliver(raw, signature);
      return { ...answer, event: { raw, signature }, ...(msgId ? { msgId } : {}) };
    },
    deliver,
    sign,
    messagesTo: (userId) => [...(users.get(userId)?.inbox ?? [])],
    conversation: (userId) => [...(users.get(userId)?.log ?? [])],
    calls: (path) => recorded.filter((c) => path === undefined || c.path === path),
    failNext(path, error) {
      failures.set(path, error);
    },
    expireAccessTokens() {
      for (const token of accessTokens.keys()) accessTokens.set(token, now());
    },
    advance(ms) {
      offset += ms;
    },
    now,
    image: (id) => images.get(id),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What the user's own message shows in their chat. */
function logEntry(input: ZaloUserInput, event: unknown, at: number): ZaloChatEntry {
  const url = JSON.stringify(event).match(/\/files\/([0-9a-f]+)/)?.[1];
  switch (input.type) {
    case 'text':
      return { from: 'user', at, text: input.text };
    case 'image':
      return {
        from: 'user',
        at,
        ...(url ? { imageId: url } : {}),
        ...(input.caption ? { text: input.caption } : {}),
      };
    case 'location':
      return {
        from: 'user',
        at,
        location: { latitude: input.latitude, longitude: input.longitude },
      };
    case 'file':
      return { from: 'user', at, fileName: input.name };
    case 'audio':
      return { from: 'user', at, text: '🎙 Tin nhắn thoại' };
    case 'follow':
    case 'unfollow':
      return { from: 'user', at, text: `[${input.type}]` };
  }
}

/** A text, a text with buttons, or an image, as the cs endpoint accepts them. */
function parseOaMessage(
  message: Record<string, unknown>,
): Pick<ZaloOaMessage, 'text' | 'buttons' | 'imageAttachmentId'> | undefined {
  const text = typeof message.text === 'string' ? message.text : undefined;
  const attachment = message.attachment as
    { type?: unknown; payload?: Record<string, unknown> } | undefined;
  if (!attachment) return text ? { text } : undefined;
  if (attachment.type !== 'template' || !attachment.payload) return undefined;
  const payload = attachment.payload;
  if (Array.isArray(payload.buttons)) {
    const buttons = (payload.buttons as Array<Record<string, unknown>>).map((b) => ({
      title: typeof b.title === 'string' ? b.title : '',
      payload: typeof b.payload === 'string' ? b.payload : '',
      type: typeof b.type === 'string' ? b.type : '',
    }));
    if (!text || buttons.length === 0 || buttons.length > 5) return undefined;
    if (buttons.some((b) => b.type !== 'oa.query.show' && b.type !== 'oa.query.hide'))
      return undefined;
    return { text, buttons: buttons.map(({ title, payload: p }) => ({ title, payload: p })) };
  }
  if (payload.template_type === 'media' && Array.isArray(payload.elements)) {
    const element = (payload.elements as Array<Record<string, unknown>>)[0];
    if (element?.media_type !== 'image' || typeof element.attachment_id !== 'string')
      return undefined;
    return { imageAttachmentId: element.attachment_id, ...(text ? { text } : {}) };
  }
  return undefined;
}

/** A 1×1 PNG: a user's image when the test gives none. */
const ONE_PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
  'base64',
);
