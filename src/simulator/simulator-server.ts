/**
 * The local chat simulator: a Telegram-like page (page.html) where a person picks who they are
 * (citizens, the commune chair, a staff member, or the officials' group) and chats with the bot
 * through the fake Bot API. `gopy start` mounts `simulatorHandler` in its own HTTP server when no
 * BOT_TOKEN is set; `createSimulator` serves it alone (tests, trying the page out).
 *
 * The page only ever talks to the JSON endpoints under /sim/; everything it shows comes from the
 * fake's record of the chat, so what the page shows is what Telegram would have shown.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_TELEGRAM_IDS } from '../core/demo-accounts.ts';
import type { FakeBotApi, TgMessage, TgUser } from './fake-bot-api.ts';
import { BodyError, readBody } from './request-body.ts';

export interface SimulatorPerson {
  /** Telegram user id; the private chat with the bot has the same id. */
  id: number;
  /** Shown in the "who are you" picker. */
  label: string;
  role: 'citizen' | 'leader' | 'staff';
  firstName: string;
  lastName?: string;
  /** What "request_contact" shares, digits as Telegram sends them. */
  phone: string;
}

export interface SimulatorGroup {
  id: number;
  title: string;
  /** Who may write in the group (user ids). */
  members: number[];
}

export const SIMULATOR_PEOPLE: readonly SimulatorPerson[] = [
  {
    id: 1001,
    label: 'Người dân: Bà Lan',
    role: 'citizen',
    firstName: 'Lan',
    lastName: 'Nguyễn Thị',
    phone: '84912001001',
  },
  {
    id: 1002,
    label: 'Người dân: Ông Minh',
    role: 'citizen',
    firstName: 'Minh',
    lastName: 'Trần Văn',
    phone: '84912001002',
  },
  {
    id: DEMO_TELEGRAM_IDS.chair,
    label: 'Chủ tịch UBND xã (demo)',
    role: 'leader',
    firstName: 'Hùng',
    lastName: 'Lê Văn',
    phone: '84912009001',
  },
  {
    id: DEMO_TELEGRAM_IDS.staff,
    label: 'Cán bộ (demo)',
    role: 'staff',
    firstName: 'Hà',
    lastName: 'Phạm Thu',
    phone: '84912009002',
  },
  // The chair of the second demo commune (seed-demo.ts), so alerts for it are visible too.
  {
    id: DEMO_TELEGRAM_IDS.otherChair,
    label: 'Chủ tịch UBND xã khác (demo)',
    role: 'leader',
    firstName: 'Thảo',
    lastName: 'Đỗ Thị',
    phone: '84912009011',
  },
];

export const SIMULATOR_GROUP: SimulatorGroup = {
  id: -100900,
  title: 'Nhóm cán bộ xã',
  members: [DEMO_TELEGRAM_IDS.chair, DEMO_TELEGRAM_IDS.staff],
};

/** Where "request_location" and the location button put the person: a fixed demo point. */
export const SIMULATOR_DEMO_LOCATION = { latitude: 21.028511, longitude: 105.804817 } as const;

export interface SimulatorOptions {
  people?: readonly SimulatorPerson[];
  group?: SimulatorGroup;
  demoLocation?: { latitude: number; longitude: number };
}

/** Returns true when it handled the request, false for paths that are not the simulator's. */
export type SimulatorHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

const PHOTO_LIMIT_BYTES = 10 * 1024 * 1024; // Telegram's limit for photos
const JSON_LIMIT_BYTES = 64 * 1024;

class SimError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'SimError';
  }
}

let pageCache: Buffer | undefined;
function page(): Buffer {
  pageCache ??= readFileSync(new URL('./page.html', import.meta.url));
  return pageCache;
}

/**
 * The simulator as a route handler for gopy's HTTP server: serves the page at `/` and its
 * endpoints under `/sim/`. Registers the preset people's chats and the group with the fake, so
 * the bot can write to them as to people who have started it.
 */
export function simulatorHandler(
  fakeApi: FakeBotApi,
  token: string,
  options: SimulatorOptions = {},
): SimulatorHandler {
  const people = options.people ?? SIMULATOR_PEOPLE;
  const group = options.group ?? SIMULATOR_GROUP;
  const demoLocation = options.demoLocation ?? SIMULATOR_DEMO_LOCATION;
  for (const p of people) {
    fakeApi.addChat(token, {
      id: p.id,
      type: 'private',
      first_name: p.firstName,
      ...(p.lastName ? { last_name: p.lastName } : {}),
    });
  }
  fakeApi.addChat(token, { id: group.id, type: 'supergroup', title: group.title });

  function person(id: unknown): SimulatorPerson {
    const p = people.find((x) => x.id === Number(id));
    if (!p) throw new SimError('Không tìm thấy người dùng này.');
    return p;
  }

  function user(p: SimulatorPerson): {
    id: number;
    first_name: string;
    last_name?: string;
    language_code: string;
  } {
    return {
      id: p.id,
      first_name: p.firstName,
      ...(p.lastName ? { last_name: p.lastName } : {}),
      language_code: 'vi',
    };
  }

  /** The chat a person may write in: their own private chat, or the group if they belong to it. */
  function chatFor(p: SimulatorPerson, chatId: unknown): { id: number; group: boolean } {
    const id = Number(chatId);
    if (id === p.id) return { id, group: false };
    if (id === group.id && group.members.includes(p.id)) return { id, group: true };
    throw new SimError('Bạn không ở trong cuộc trò chuyện này.', 403);
  }

  function optionalReply(value: unknown): number | undefined {
    if (value === undefined || value === null || value === '') return undefined;
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n <= 0) throw new SimError('Tin nhắn trả lời không hợp lệ.');
    return n;
  }

  function replyTarget(chatId: number, replyTo: number | undefined): number | undefined {
    if (replyTo === undefined) return undefined;
    const entry = fakeApi.chatHistory(token, chatId).find((e) => e.message.message_id === replyTo);
    if (!entry || entry.deleted) throw new SimError('Tin nhắn bạn muốn trả lời không còn nữa.');
    return replyTo;
  }

  function config(): unknown {
    const bot: TgUser = fakeApi.botInfo(token);
    return {
      bot: { id: bot.id, firstName: bot.first_name, username: bot.username },
      people: people.map((p) => ({
        id: p.id,
        label: p.label,
        role: p.role,
        name: [p.lastName, p.firstName].filter(Boolean).join(' '),
      })),
      group: { id: group.id, title: group.title, members: group.members },
      demoLocation,
    };
  }

  function updates(url: URL): unknown {
    const chatId = Number(url.searchParams.get('chat'));
    const since = Number(url.searchParams.get('since') ?? '0');
    if (
      !Number.isSafeInteger(chatId) ||
      (!people.some((p) => p.id === chatId) && chatId !== group.id)
    ) {
      throw new SimError('Cuộc trò chuyện không tồn tại.', 404);
    }
    const snap = fakeApi.changesSince(token, chatId, Number.isFinite(since) ? since : 0);
    return {
      seq: snap.seq,
      messages: snap.messages.map((e) => ({
        message: e.message,
        fromBot: e.fromBot,
        deleted: e.deleted,
      })),
      notices: snap.notices,
      keyboard: snap.keyboard ?? null,
      action: snap.action ?? null,
    };
  }

  async function send(req: IncomingMessage): Promise<unknown> {
    const body = await readJson(req);
    const p = person(body.fromId);
    const chat = chatFor(p, body.chatId);
    const replyToMessageId = replyTarget(chat.id, optionalReply(body.replyTo));
    const base = {
      chatId: chat.id,
      from: user(p),
      ...(chat.group ? { chatType: 'supergroup' as const, chatTitle: group.title } : {}),
      ...(replyToMessageId !== undefined ? { replyToMessageId } : {}),
    };
    let updateId: number;
    if (body.location === true) {
      updateId = fakeApi.injectMessage(token, { ...base, location: { ...demoLocation } });
    } else if (body.contact === true) {
      updateId = fakeApi.injectMessage(token, {
        ...base,
        contact: {
          phoneNumber: p.phone,
          firstName: p.firstName,
          ...(p.lastName ? { lastName: p.lastName } : {}),
          userId: p.id,
        },
      });
    } else {
      const text = typeof body.text === 'string' ? body.text.normalize('NFC').trim() : '';
      if (text === '') throw new SimError('Tin nhắn trống.');
      if (text.length > 4096) throw new SimError('Tin nhắn dài quá 4096 ký tự.');
      updateId = fakeApi.injectMessage(token, { ...base, text });
    }
    return { ok: true, updateId };
  }

  async function photo(req: IncomingMessage, url: URL): Promise<unknown> {
    const p = person(url.searchParams.get('fromId'));
    const chat = chatFor(p, url.searchParams.get('chatId'));
    const replyToMessageId = replyTarget(chat.id, optionalReply(url.searchParams.get('replyTo')));
    const type = (req.headers['content-type'] ?? '').toLowerCase();
    if (!/^image\/(jpeg|png|gif|webp)\b/.test(type))
      throw new SimError('Chỉ gửi được ảnh JPEG, PNG, GIF hoặc WebP.', 415);
    let data: Buffer;
    try {
      data = await readBody(req, PHOTO_LIMIT_BYTES);
    } catch (err) {
      if (err instanceof BodyError && err.status === 413)
        throw new SimError('Ảnh lớn quá 10 MB.', 413);
      throw err;
    }
    if (data.length === 0) throw new SimError('Ảnh trống.');
    const caption = (url.searchParams.get('caption') ?? '').normalize('NFC').trim();
    if (caption.length > 1024) throw new SimError('Chú thích dài quá 1024 ký tự.');
    const updateId = fakeApi.injectMessage(token, {
      chatId: chat.id,
      from: user(p),
      ...(chat.group ? { chatType: 'supergroup' as const, chatTitle: group.title } : {}),
      ...(replyToMessageId !== undefined ? { replyToMessageId } : {}),
      photo: { data, fileName: url.searchParams.get('name') ?? 'photo.jpg' },
      ...(caption ? { caption } : {}),
    });
    return { ok: true, updateId };
  }

  async function callback(req: IncomingMessage): Promise<unknown> {
    const body = await readJson(req);
    const p = person(body.fromId);
    const chat = chatFor(p, body.chatId);
    const messageId = Number(body.messageId);
    const data = typeof body.data === 'string' ? body.data : '';
    const entry = fakeApi
      .chatHistory(token, chat.id)
      .find((e) => e.message.message_id === messageId);
    if (!entry || entry.deleted) throw new SimError('Tin nhắn này không còn nữa.');
    // Only a button that is on the message now can be pressed, as in a Telegram client.
    if (!hasButton(entry.message, data)) throw new SimError('Nút này không còn nữa.', 409);
    const updateId = fakeApi.injectCallback(token, {
      chatId: chat.id,
      from: user(p),
      messageId,
      data,
    });
    const update = fakeApi.pendingUpdates(token).find((u) => u.update_id === updateId);
    return { ok: true, updateId, callbackQueryId: update?.callback_query?.id ?? null };
  }

  function file(res: ServerResponse, fileId: string): void {
    const f = fakeApi.fileContents(fileId);
    if (!f) throw new SimError('Không tìm thấy tệp.', 404);
    const headers: Record<string, string | number> = {
      'content-type': f.mimeType,
      'content-length': f.data.length,
      'cache-control': 'private, max-age=3600',
      'x-content-type-options': 'nosniff',
    };
    // Only images display inline; anything else downloads, so an uploaded HTML file can't run here.
    if (!f.mimeType.startsWith('image/')) {
      headers['content-disposition'] =
        `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName ?? 'file')}`;
    }
    res.writeHead(200, headers);
    res.end(f.data);
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'content-security-policy':
          "default-src 'none'; img-src 'self' data: blob:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'",
      });
      res.end(req.method === 'HEAD' ? undefined : page());
      return;
    }
    if (path === '/sim/config' && req.method === 'GET') return json(res, 200, config());
    if (path === '/sim/updates' && req.method === 'GET') return json(res, 200, updates(url));
    if (path === '/sim/send' && req.method === 'POST') return json(res, 200, await send(req));
    if (path === '/sim/photo' && req.method === 'POST')
      return json(res, 200, await photo(req, url));
    if (path === '/sim/callback' && req.method === 'POST')
      return json(res, 200, await callback(req));
    const fileMatch = /^\/sim\/file\/([A-Za-z0-9_-]+)$/.exec(path);
    if (fileMatch?.[1] && req.method === 'GET') return file(res, fileMatch[1]);
    throw new SimError('Không tìm thấy.', 404);
  }

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator.local');
    const owned =
      ((url.pathname === '/' || url.pathname === '/index.html') &&
        (req.method === 'GET' || req.method === 'HEAD')) ||
      url.pathname.startsWith('/sim/');
    if (!owned) return false;
    route(req, res, url).catch((err: unknown) => {
      if (err instanceof SimError) return json(res, err.status, { ok: false, error: err.message });
      if (err instanceof BodyError)
        return json(res, err.status, { ok: false, error: 'Yêu cầu không hợp lệ.' });
      json(res, 500, { ok: false, error: 'Lỗi máy chủ mô phỏng.' });
    });
    return true;
  };
}

function hasButton(message: TgMessage, data: string): boolean {
  return (message.reply_markup?.inline_keyboard ?? []).some((row) =>
    row.some((b) => b.callback_data === data),
  );
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse((await readBody(req, JSON_LIMIT_BYTES)).toString('utf8'));
  } catch (err) {
    if (err instanceof BodyError) throw err;
    throw new SimError('Yêu cầu không hợp lệ.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new SimError('Yêu cầu không hợp lệ.');
  return parsed as Record<string, unknown>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

export interface Simulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves the simulator alone on its own port (0 = any free port). */
export async function createSimulator(opts: {
  fakeApi: FakeBotApi;
  token: string;
  port?: number;
  host?: string;
  options?: SimulatorOptions;
}): Promise<Simulator> {
  const handler = simulatorHandler(opts.fakeApi, opts.token, opts.options);
  const server = createServer((req, res) => {
    if (!handler(req, res)) json(res, 404, { ok: false, error: 'Không tìm thấy.' });
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
