/**
 * The web chat (channel `web`), for a commune's portal:
 *   /chat/embed.js               the one-line embed: a button that opens the chat in an iframe
 *   /chat/<code>                 the chat page (the iframe), the commune preselected;
 *                                `?start=<deep link>` opens what a Telegram deep link opens
 *                                (a counter's QR code `q_<code>_<counter>[_<staff>]`, `r_<code>`)
 *   /chat/<code>/api/messages    POST one message or button press, with an idempotency key
 *                                (or a photo or audio file over the limit, by its size alone,
 *                                or a picture of another type, by its type, to be refused)
 *   /chat/<code>/api/photos      POST one photo (the bytes), with an idempotency key
 *   /chat/<code>/api/voices      POST one voice note (recorded in the page, or an audio file),
 *                                with an idempotency key: measured and remuxed to OGG/Opus here
 *   /chat/<code>/api/events      Server-Sent Events: the conversation, replayed after
 *                                Last-Event-ID, then live, with a heartbeat
 *   /chat/<code>/api/entries     the same as JSON after an id (the poll fallback)
 *   /chat/<code>/api/tickets     «Phản ánh của tôi»: this browser session's tickets
 *   /chat/<code>/t/<ticket>?k=   a ticket's thread (the link is signed; for a closed chat)
 *   /chat/files/<id>?k=          a web photo or voice note (signed; Telegram fetches officials'
 *                                copies here)
 *
 * The citizen is the browser session: a random token in the iframe's localStorage (no cookie,
 * so no third-party cookie), sent as `Authorization: Bearer` (or `?t=` for EventSource, which
 * cannot set headers); the chat id is a hash of it. Sending is limited per session and per IP;
 * a refused message gets a 429 with a Vietnamese explanation and stays in the browser's outbox,
 * which sends it again after the wait.
 */
import type {} from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import {
  preparePhoto,
  MAX_PHOTO_BYTES,
  PHOTO_TYPES,
} from '../../channels/webchat/web-chat-photo.ts';
import { prepareVoice, VOICE_CONTENT_TYPES } from '../../channels/webchat/web-chat-voice.ts';
import { webChatId, type WebChatInput } from '../../channels/webchat/web-chat-intake.ts';
import { MAX_VOICE_BYTES, MAX_VOICE_SECONDS } from '../../app/citizen-conversation.ts';
import { TEXT } from '../../texts/citizen.ts';
import { stateLabel, statusSign } from '../../texts/report.ts';
import type { WebChatHub } from '../../channels/webchat/web-chat-hub.ts';
import type { WebChatLinks } from '../../channels/webchat/web-chat-links.ts';
import type { WebChatStore } from '../../channels/webchat/web-chat-store.ts';
import { sendHtml } from '../html.ts';
import { NOT_FOUND_PAGE, UNKNOWN_UNIT_PAGE } from '../pages/page-parts.ts';
import { webChatPage, ticketPage } from '../pages/web-chat-page.ts';

export interface WebChatRoutesOptions {
  units: { get(code: string): Promise<{ code: string; name: string } | undefined> };
  log: Pick<WebChatStore, 'after' | 'saveFile' | 'file' | 'tickets' | 'ticketThread'>;
  hub: WebChatHub;
  /** One message of a browser session, written on the page of commune `unitCode`. */
  receive: (
    chatId: string,
    key: string,
    input: WebChatInput,
    unitCode: string,
  ) => Promise<'handled' | 'duplicate'>;
  /** An official's photo kept by Telegram (evidence of a fix), for the citizen to see. */
  telegramFile: (fileId: string) => Promise<{ mimeType: string; data: Uint8Array } | undefined>;
  /** Signs and checks the links of ticket pages and photos. */
  links: WebChatLinks;
  /** Messages per session and per IP (config WEBCHAT_SESSION_LIMIT, WEBCHAT_IP_LIMIT). */
  limits: { perSession: Limit; perIp: Limit };
  /** Between two heartbeats (and looks at the log) of an event stream. Default 15 s. */
  heartbeatMs?: number;
  now: () => Date;
}

interface Limit {
  max: number;
  timeWindow: number;
}

const LIMITED_TEXT =
  'Ông/Bà gửi nhanh quá. Tin nhắn vẫn được giữ và sẽ tự gửi lại sau {seconds} giây.';

const TOKEN = z.string().regex(/^[A-Za-z0-9_-]{32,128}$/);
const KEY = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const CODE = z.string().regex(/^\d{5}$/);

const messageBody = z.object({
  key: KEY,
  message: z.discriminatedUnion('type', [
    z.object({
      type: z.literal('start'),
      /** The page's `?start=`: a deep link as on Telegram (a counter's QR code, a rating). */
      link: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/)
        .optional(),
    }),
    z.object({ type: z.literal('text'), text: z.string().trim().min(1).max(4000) }),
    z.object({
      type: z.literal('button'),
      data: z.string().min(1).max(64),
      label: z.string().max(200),
      messageId: z.number().int().positive().optional(),
    }),
    z.object({
      type: z.literal('location'),
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
    }),
    z.object({ type: z.literal('contact'), phone: z.string().trim().min(3).max(32) }),
    /*
     * A photo over the limit, announced by its size instead of uploaded (the page does not send
     * megabytes only to have them refused): the conversation refuses it in its own words, in
     * the chat, with the question again, as on Telegram. Only a size over the limit comes this
     * way, so no photo is ever taken without its bytes.
     */
    z.object({
      type: z.literal('photo'),
      size: z
        .number()
        .int()
        .gt(MAX_PHOTO_BYTES)
        .max(2 ** 40),
    }),
    /*
     * An audio file over the voice limit, announced by its size the same way: refused in the
     * chat by its size, with the question again.
     */
    z.object({
      type: z.literal('voice'),
      size: z
        .number()
        .int()
        .gt(MAX_VOICE_BYTES)
        .max(2 ** 40),
    }),
    /*
     * A picture of a type gopy does not take (HEIC, GIF…), announced by its type instead of
     * uploaded: the chat says gopy cannot read that kind of picture, with the question again.
     * Nothing of it is kept, so nothing can be taken by mistake.
     */
    z.object({
      type: z.literal('otherImage'),
      mimeType: z
        .string()
        .max(100)
        .refine((t) => !(PHOTO_TYPES as readonly string[]).includes(t)),
    }),
  ]),
});

const EMBED_JS = resolve(import.meta.dirname, '..', 'public', 'webchat-embed.js');

/** The token of a request: `Authorization: Bearer …`, or `?t=` (EventSource). */
function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  const query = (request.query as { t?: unknown } | undefined)?.t;
  const token = bearer ?? (typeof query === 'string' ? query : undefined);
  return token && TOKEN.safeParse(token).success ? token : undefined;
}

function chatOf(request: FastifyRequest, reply: FastifyReply): string | undefined {
  const token = tokenOf(request);
  if (!token) {
    void reply.code(401).send({ ok: false, error: 'Phiên trò chuyện không hợp lệ.' });
    return undefined;
  }
  return webChatId(token);
}

/** The chat page is meant to be framed by any commune's portal. */
function allowFraming(reply: FastifyReply): void {
  const csp = reply.getHeader('content-security-policy');
  if (typeof csp === 'string')
    reply.header(
      'content-security-policy',
      csp.replace("frame-ancestors 'none'", 'frame-ancestors *'),
    );
  reply.removeHeader('x-frame-options');
}

export const webChatRoutes: FastifyPluginAsyncZod<WebChatRoutesOptions> = async (app, options) => {
  const { limits } = options;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const embedJs = await readFile(EMBED_JS, 'utf8');
  // Open event streams end when the server closes (they would hold it open otherwise).
  const streams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
  });

  // Both limits count every message (the plugin's own preHandler runs once per request, so
  // two of them cannot be chained); the first one exceeded answers.
  const checks = [
    app.createRateLimit({
      ...limits.perIp,
      keyGenerator: (request) => `webchat-ip:${request.ip}`,
    }),
    app.createRateLimit({
      ...limits.perSession,
      keyGenerator: (request) => `webchat-session:${tokenOf(request) ?? request.ip}`,
    }),
  ];
  const sendLimits: preHandlerAsyncHookHandler = async (request, reply) => {
    for (const check of checks) {
      const result = await check(request);
      if (result.isAllowed || !result.isExceeded) continue;
      const seconds = Math.max(1, result.ttlInSeconds);
      await reply
        .code(429)
        .header('retry-after', String(seconds))
        .send({ ok: false, error: LIMITED_TEXT.replace('{seconds}', String(seconds)) });
      return;
    }
  };
  // Reads are counted per browser session (many citizens share a commune office's IP).
  const perSession = (request: FastifyRequest) => `webchat-read:${tokenOf(request) ?? request.ip}`;

  async function commune(code: string) {
    return options.units.get(code);
  }

  app.get('/chat/embed.js', async (_request, reply) =>
    reply
      .header('content-type', 'application/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(embedJs),
  );

  app.get(
    '/chat/:code',
    {
      schema: { params: z.object({ code: CODE }) },
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const unit = await commune(request.params.code);
      if (!unit) return sendHtml(reply, UNKNOWN_UNIT_PAGE, 404);
      allowFraming(reply);
      return sendHtml(reply, webChatPage({ unit }));
    },
  );

  app.post(
    '/chat/:code/api/messages',
    {
      schema: { params: z.object({ code: CODE }), body: messageBody },
      preHandler: sendLimits,
    },
    async (request, reply) => {
      const chatId = chatOf(request, reply);
      if (!chatId) return reply;
      const { key, message } = request.body;
      const input: WebChatInput =
        message.type === 'start'
          ? { type: 'start', commune: request.params.code, link: message.link }
          : message.type === 'photo'
            ? {
                type: 'photo',
                fileId: undefined,
                uniqueId: key,
                url: undefined,
                size: message.size,
              }
            : message.type === 'voice'
              ? {
                  type: 'voice',
                  fileId: undefined,
                  uniqueId: key,
                  url: undefined,
                  // Not measured (nothing uploaded): the size refuses it.
                  durationSeconds: undefined,
                  size: message.size,
                }
              : message;
      const outcome = await options.receive(chatId, key, input, request.params.code);
      return { ok: true, outcome };
    },
  );

  // Photos arrive as their bytes (the browser sends the File as the body).
  app.addContentTypeParser(
    [...PHOTO_TYPES, 'image/heic', 'image/gif', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES + 1024 },
    (_request, body, done) => done(null, body),
  );
  app.post(
    '/chat/:code/api/photos',
    {
      schema: {
        params: z.object({ code: CODE }),
        headers: z.object({ 'idempotency-key': KEY }).passthrough(),
      },
      bodyLimit: MAX_PHOTO_BYTES + 1024,
      // A too large upload is refused (413) before the handler; the page says it in Vietnamese.
      preHandler: sendLimits,
    },
    async (request, reply) => {
      const chatId = chatOf(request, reply);
      if (!chatId) return reply;
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const body = request.body;
      if (!Buffer.isBuffer(body))
        return reply.code(415).send({ ok: false, error: PHOTO_REFUSED.type });
      const photo = await preparePhoto(body, type);
      if (!photo.ok)
        return reply
          .code(photo.reason === 'size' ? 413 : 415)
          .send({ ok: false, error: PHOTO_REFUSED[photo.reason] });
      const key = request.headers['idempotency-key'];
      const id = await options.log.saveFile({
        chatId,
        key,
        mimeType: photo.mimeType,
        data: photo.data,
        width: photo.width,
        height: photo.height,
      });
      const outcome = await options.receive(
        chatId,
        key,
        {
          type: 'photo',
          fileId: id,
          uniqueId: uniqueIdOf(body),
          url: options.links.filePath(`web:${id}`),
          width: photo.width,
          height: photo.height,
          size: photo.data.length,
        },
        request.params.code,
      );
      return { ok: true, outcome };
    },
  );

  // Voice notes arrive as their bytes too. A little over the limit still reaches the handler,
  // so the conversation refuses it in its own words (the question again, answers kept); far
  // over it is a 413 before anything is read, which the page words the same way.
  const voiceBodyLimit = MAX_VOICE_BYTES + 1024 * 1024;
  app.addContentTypeParser(
    VOICE_CONTENT_TYPES,
    { parseAs: 'buffer', bodyLimit: voiceBodyLimit },
    (_request, body, done) => done(null, body),
  );
  app.post(
    '/chat/:code/api/voices',
    {
      schema: {
        params: z.object({ code: CODE }),
        headers: z.object({ 'idempotency-key': KEY }).passthrough(),
      },
      bodyLimit: voiceBodyLimit,
      preHandler: sendLimits,
    },
    async (request, reply) => {
      const chatId = chatOf(request, reply);
      if (!chatId) return reply;
      const body = request.body;
      // A photo's type: the photo parser took it; not a recording.
      if (
        !Buffer.isBuffer(body) ||
        !VOICE_CONTENT_TYPES.test(request.headers['content-type'] ?? '')
      )
        return reply.code(415).send({ ok: false, error: VOICE_UNREADABLE });
      const voice = await prepareVoice(body, {
        maxSeconds: MAX_VOICE_SECONDS,
        maxBytes: MAX_VOICE_BYTES,
      });
      if (voice.type === 'unreadable')
        return reply.code(415).send({ ok: false, error: VOICE_UNREADABLE });
      if (voice.type === 'notOpus')
        return reply.code(415).send({ ok: false, error: TEXT.voiceNotOpus.vi });
      const key = request.headers['idempotency-key'];
      const id =
        voice.type === 'voice'
          ? await options.log.saveFile({
              chatId,
              key,
              mimeType: 'audio/ogg',
              data: voice.data,
              // A sound has no picture size.
              width: null,
              height: null,
            })
          : undefined;
      const outcome = await options.receive(
        chatId,
        key,
        {
          type: 'voice',
          fileId: id,
          uniqueId: uniqueIdOf(body),
          url: id !== undefined ? options.links.filePath(`web:${id}`) : undefined,
          durationSeconds: voice.type === 'tooLarge' ? undefined : voice.durationSeconds,
          size: voice.size,
        },
        request.params.code,
      );
      return { ok: true, outcome };
    },
  );

  /** Entries as the browser reads them. */
  const entriesAfter = async (chatId: string, after: number) =>
    (await options.log.after(chatId, after)).map((e) => ({
      id: e.id,
      direction: e.direction,
      key: e.key,
      at: e.createdAt.toISOString(),
      payload: e.payload,
    }));

  app.get(
    '/chat/:code/api/entries',
    {
      schema: {
        params: z.object({ code: CODE }),
        querystring: z.object({
          after: z.coerce.number().int().min(0).default(0),
          t: z.string().optional(),
        }),
      },
      // The page polls every 3 s only when its stream cannot stay open.
      config: { rateLimit: { max: 300, timeWindow: '1 minute', keyGenerator: perSession } },
    },
    async (request, reply) => {
      const chatId = chatOf(request, reply);
      if (!chatId) return reply;
      return { ok: true, entries: await entriesAfter(chatId, request.query.after) };
    },
  );

  app.get(
    '/chat/:code/api/events',
    {
      schema: {
        params: z.object({ code: CODE }),
        querystring: z.object({ after: z.coerce.number().int().min(0).optional(), t: z.string() }),
      },
      config: { rateLimit: { max: 60, timeWindow: '1 minute', keyGenerator: perSession } },
    },
    async (request, reply) => {
      const chatId = chatOf(request, reply);
      if (!chatId) return reply;
      const header = Number(request.headers['last-event-id']);
      let last = Number.isInteger(header) && header >= 0 ? header : (request.query.after ?? 0);

      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 2000\n\n');

      let closed = false;
      let busy: Promise<void> = Promise.resolve();
      // One look at a time, in order: every entry is written once, in id order.
      const look = () => {
        busy = busy.then(async () => {
          if (closed) return;
          try {
            for (const entry of await entriesAfter(chatId, last)) {
              if (closed) return;
              res.write(`id: ${entry.id}\ndata: ${JSON.stringify(entry)}\n\n`);
              last = entry.id;
            }
          } catch (err) {
            request.log.warn({ err }, 'web chat stream: log not read; next look retries');
          }
        });
      };
      const stop = options.hub.listen(chatId, look);
      // The heartbeat keeps proxies from closing an idle stream, and its look makes up for a
      // nudge that Redis lost.
      const beat = setInterval(() => {
        if (!closed) res.write(': heartbeat\n\n');
        look();
      }, heartbeatMs);
      const end = () => {
        if (closed) return;
        closed = true;
        clearInterval(beat);
        stop();
        streams.delete(end);
        res.end();
      };
      streams.add(end);
      request.raw.on('close', end);
      res.on('close', end);
      look();
    },
  );

  app.get(
    '/chat/:code/api/tickets',
    {
      schema: {
        params: z.object({ code: CODE }),
        querystring: z.object({ t: z.string().optional() }),
      },
      config: { rateLimit: { max: 60, timeWindow: '1 minute', keyGenerator: perSession } },
    },
    async (request, reply) => {
      const chatId = chatOf(request, reply);
      if (!chatId) return reply;
      const tickets = await options.log.tickets(chatId);
      return {
        ok: true,
        tickets: tickets.map((t) => ({
          ticketCode: t.ticketCode,
          status: t.status,
          /** In words, as the ticket's page and Telegram's «Phản ánh của tôi» say it. */
          state: stateLabel(t, t.unitName),
          sign: statusSign(t.status),
          awaitingOfficialAt: t.awaitingOfficialAt?.toISOString() ?? null,
          unitName: t.unitName,
          kind: t.kind,
          text: t.text,
          createdAt: t.createdAt.toISOString(),
          url: options.links.ticketPath(t.unitCode, t.ticketCode),
        })),
      };
    },
  );

  app.get(
    '/chat/:code/t/:ticket',
    {
      schema: {
        params: z.object({ code: CODE, ticket: z.string().regex(/^[A-Z]{2}-\d{4}-\d{6}$/) }),
        querystring: z.object({ k: z.string().max(100).default('') }),
      },
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const { code, ticket } = request.params;
      const thread = options.links.verify('ticket', ticket, request.query.k)
        ? await options.log.ticketThread(ticket)
        : undefined;
      if (!thread || thread.unitCode !== code)
        return sendHtml(
          reply,
          NOT_FOUND_PAGE('Không tìm thấy phiếu này, hoặc đường dẫn không đúng.'),
          404,
        );
      allowFraming(reply);
      return sendHtml(reply, ticketPage({ thread, photoUrl: (id) => options.links.filePath(id) }));
    },
  );

  app.get(
    '/chat/files/tg',
    {
      schema: {
        querystring: z.object({
          id: z.string().min(1).max(300),
          k: z.string().max(100).default(''),
        }),
      },
    },
    async (request, reply) => {
      const { id, k } = request.query;
      const file = options.links.verify('file', id, k) ? await options.telegramFile(id) : undefined;
      if (!file) return reply.code(404).send({ ok: false, error: 'Không tìm thấy.' });
      return reply
        .header('content-type', file.mimeType)
        .header('cache-control', 'private, max-age=86400')
        .send(Buffer.from(file.data));
    },
  );

  app.get(
    '/chat/files/:id',
    {
      schema: {
        params: z.object({ id: z.string().uuid() }),
        querystring: z.object({ k: z.string().max(100).default('') }),
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const file = options.links.verify('file', `web:${id}`, request.query.k)
        ? await options.log.file(id)
        : undefined;
      if (!file) return reply.code(404).send({ ok: false, error: 'Không tìm thấy.' });
      return reply
        .header('content-type', file.mimeType)
        .header('cache-control', 'private, max-age=86400')
        .header('cross-origin-resource-policy', 'cross-origin')
        .send(Buffer.from(file.data));
    },
  );
};

const VOICE_UNREADABLE = TEXT.voiceUnreadable.vi;

/**
 * Shown in the page's status line under whatever question is open, so each says only what was
 * wrong: "choose another photo" would contradict a question that asks for no photo.
 */
const PHOTO_REFUSED = {
  type: 'Gopy chỉ nhận ảnh JPEG, PNG hoặc WebP.',
  // Only when the bytes fit the body limit but not the photo's (the page words a 413 itself).
  size: TEXT.photoTooLarge.vi
    .replace(' ({size} MB)', '')
    .replace('{max}', String(MAX_PHOTO_BYTES / 1024 / 1024)),
  unreadable: 'Gopy không đọc được ảnh này.',
} as const;

/** A stored upload's file_unique_id: the same bytes are the same file, as on Telegram. */
function uniqueIdOf(body: Buffer): string {
  return createHash('sha256').update(body).digest('base64url').slice(0, 32);
}
