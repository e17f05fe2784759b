/**
 * The local chat simulator: a Telegram-like page (src/simulator/page.html) at `/` where a person
 * picks who they are (citizens, the commune chair, a staff member, or the officials' group) and
 * chats with the bot through the fake Bot API. Registered by `gopy start` when no BOT_TOKEN is
 * set (bound to 127.0.0.1 unless HOST says otherwise: anyone who reaches it can act as the
 * chair), and alone by createSimulator (tests, trying the page out).
 *
 * The page only ever talks to the JSON endpoints under /sim/; everything it shows comes from the
 * fake's record of the chat, so what the page shows is what Telegram would have shown. Errors
 * are `{ ok: false, error: <Vietnamese sentence> }`, which the page shows as they are.
 */
import { readFileSync } from 'node:fs';
import type { FastifyError, FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendHtml } from '../html.ts';
import { portalDemoPage } from '../pages/portal-demo-page.ts';
import type { FakeBotApi, TgMessage, TgUser } from '../../simulator/fake-bot-api.ts';
import { pageScript } from '../../simulator/page-script.ts';
import { SAMPLE_VOICE_SECONDS, sampleVoiceClip } from '../../simulator/sample-voice.ts';
import {
  SIMULATOR_DEMO_LOCATION,
  SIMULATOR_GROUP,
  SIMULATOR_PEOPLE,
  type SimulatorOptions,
  type SimulatorPerson,
} from '../../simulator/simulator-people.ts';

export interface SimulatorRoutesOptions extends SimulatorOptions {
  fakeApi: FakeBotApi;
  /** The bot's token at the fake. */
  token: string;
  /**
   * The communes a portal stand-in (/sim/portal) offers, to try the web chat as it looks on
   * a commune's site (the seeded demo communes).
   */
  portalCommunes?: ReadonlyArray<{ code: string; name: string }>;
}

const PHOTO_LIMIT_BYTES = 10 * 1024 * 1024; // Telegram's limit for photos
const JSON_LIMIT_BYTES = 64 * 1024;
const PHOTO_TYPES = /^image\/(jpeg|png|gif|webp)\b/i;

class SimError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'SimError';
  }
}

let pageCache: Promise<string> | undefined;
/** The page with its script (bundled from TypeScript) in its one <script>; made once. */
function page(): Promise<string> {
  pageCache ??= (async () => {
    const html = readFileSync(new URL('../../simulator/page.html', import.meta.url), 'utf8');
    const script = await pageScript();
    // A function, so `$&` or `$'` in the script are not read as replacement patterns.
    return html.replace('<script></script>', () => `<script>\n${script}</script>`);
  })();
  return pageCache;
}

const BAD_REPLY = 'Tin nhắn trả lời không hợp lệ.';

/** Ids as the page sends them (numbers; query strings carry them as text). */
const id = z.coerce.number().int();
const optionalReply = z
  .union([z.number(), z.string(), z.null()])
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value === null || value === '') return undefined;
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n <= 0) {
      ctx.addIssue({ code: 'custom', message: BAD_REPLY });
      return z.NEVER;
    }
    return n;
  });

const sendBody = z.object({
  fromId: id,
  chatId: id,
  text: z.string().optional(),
  location: z.boolean().optional(),
  contact: z.boolean().optional(),
  /** The sample voice note (src/simulator/sample-voice.ts), as if recorded. */
  voice: z.boolean().optional(),
  replyTo: optionalReply,
});
const callbackBody = z.object({
  fromId: id,
  chatId: id,
  messageId: id,
  data: z.string().default(''),
});
const photoQuery = z.object({
  fromId: id,
  chatId: id,
  replyTo: optionalReply,
  caption: z.string().default(''),
  name: z.string().default('photo.jpg'),
});
const updatesQuery = z.object({ chat: id, since: z.coerce.number().catch(0) });

export const simulatorRoutes: FastifyPluginAsyncZod<SimulatorRoutesOptions> = async (
  app,
  options,
) => {
  const { fakeApi, token } = options;
  const people = options.people ?? SIMULATOR_PEOPLE;
  const group = options.group ?? SIMULATOR_GROUP;
  const demoLocation = options.demoLocation ?? SIMULATOR_DEMO_LOCATION;
  // The preset people's chats and the group, so the bot can write to them as to people who have
  // started it.
  for (const p of people) {
    fakeApi.addChat(token, {
      id: p.id,
      type: 'private',
      first_name: p.firstName,
      ...(p.lastName ? { last_name: p.lastName } : {}),
    });
  }
  fakeApi.addChat(token, { id: group.id, type: 'supergroup', title: group.title });

  function person(personId: number): SimulatorPerson {
    const p = people.find((x) => x.id === personId);
    if (!p) throw new SimError('Không tìm thấy người dùng này.');
    return p;
  }

  function user(p: SimulatorPerson) {
    return {
      id: p.id,
      first_name: p.firstName,
      ...(p.lastName ? { last_name: p.lastName } : {}),
      language_code: 'vi',
    };
  }

  /** The chat a person may write in: their own private chat, or the group if they belong to it. */
  function chatFor(p: SimulatorPerson, chatId: number): { id: number; group: boolean } {
    if (chatId === p.id) return { id: chatId, group: false };
    if (chatId === group.id && group.members.includes(p.id)) return { id: chatId, group: true };
    throw new SimError('Bạn không ở trong cuộc trò chuyện này.', 403);
  }

  function replyTarget(chatId: number, replyTo: number | undefined): number | undefined {
    if (replyTo === undefined) return undefined;
    const entry = fakeApi.chatHistory(token, chatId).find((e) => e.message.message_id === replyTo);
    if (!entry || entry.deleted) throw new SimError('Tin nhắn bạn muốn trả lời không còn nữa.');
    return replyTo;
  }

  function chatFields(chat: { group: boolean }, replyToMessageId: number | undefined) {
    return {
      ...(chat.group ? { chatType: 'supergroup' as const, chatTitle: group.title } : {}),
      ...(replyToMessageId !== undefined ? { replyToMessageId } : {}),
    };
  }

  // Page actions answer in Vietnamese, in the shape the page reads.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof SimError)
      return reply.code(error.status).send({ ok: false, error: error.message });
    if (error.validation) {
      const badReply = error.validation.some((v) => v.message === BAD_REPLY);
      return reply
        .code(400)
        .send({ ok: false, error: badReply ? BAD_REPLY : 'Yêu cầu không hợp lệ.' });
    }
    if (error.statusCode === 413) {
      const what = request.url.startsWith('/sim/photo') ? 'Ảnh lớn quá 10 MB.' : 'Yêu cầu quá lớn.';
      return reply.code(413).send({ ok: false, error: what });
    }
    if (error.statusCode === 415)
      return reply
        .code(415)
        .send({ ok: false, error: 'Chỉ gửi được ảnh JPEG, PNG, GIF hoặc WebP.' });
    if (error.statusCode !== undefined && error.statusCode < 500)
      return reply.code(error.statusCode).send({ ok: false, error: 'Yêu cầu không hợp lệ.' });
    request.log.error({ err: error }, 'simulator request failed');
    return reply.code(500).send({ ok: false, error: 'Lỗi máy chủ mô phỏng.' });
  });
  // Photos arrive as the raw image, the rest of the query in the URL.
  app.addContentTypeParser(
    PHOTO_TYPES,
    { parseAs: 'buffer', bodyLimit: PHOTO_LIMIT_BYTES },
    (_request, body, done) => done(null, body),
  );
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });

  app.get('/', servePage);
  app.get('/index.html', servePage);
  async function servePage(_request: unknown, reply: FastifyReply): Promise<FastifyReply> {
    // The page's one <style> and one <script> carry this response's CSP nonces.
    const nonce = reply.cspNonce;
    const body = (await page())
      .replace('<style>', `<style nonce="${nonce.style}">`)
      .replace('<script>', `<script nonce="${nonce.script}">`);
    return reply.type('text/html; charset=utf-8').send(body);
  }

  app.get(
    '/sim/portal',
    {
      schema: {
        querystring: z.object({
          commune: z
            .string()
            .regex(/^\d{5}$/)
            .optional(),
        }),
      },
    },
    async (request, reply) => {
      const communes = options.portalCommunes ?? [];
      const unit = communes.find((c) => c.code === request.query.commune) ?? communes[0];
      if (!unit) return reply.code(404).send({ ok: false, error: 'Chưa có xã demo.' });
      return sendHtml(reply, portalDemoPage({ unit, communes, nonce: reply.cspNonce.style }));
    },
  );

  app.get('/sim/config', async () => {
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
  });

  app.get('/sim/updates', { schema: { querystring: updatesQuery } }, async (request) => {
    const { chat: chatId, since } = request.query;
    if (!people.some((p) => p.id === chatId) && chatId !== group.id)
      throw new SimError('Cuộc trò chuyện không tồn tại.', 404);
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
  });

  app.post(
    '/sim/send',
    { bodyLimit: JSON_LIMIT_BYTES, schema: { body: sendBody } },
    async (request) => {
      const body = request.body;
      const p = person(body.fromId);
      const chat = chatFor(p, body.chatId);
      const base = {
        chatId: chat.id,
        from: user(p),
        ...chatFields(chat, replyTarget(chat.id, body.replyTo)),
      };
      let updateId: number;
      if (body.location === true) {
        updateId = fakeApi.injectMessage(token, { ...base, location: { ...demoLocation } });
      } else if (body.voice === true) {
        updateId = fakeApi.injectMessage(token, {
          ...base,
          voice: {
            file: { data: sampleVoiceClip(), fileName: 'ghi-am.wav', mimeType: 'audio/wav' },
            duration: SAMPLE_VOICE_SECONDS,
          },
        });
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
        const text = (body.text ?? '').normalize('NFC').trim();
        if (text === '') throw new SimError('Tin nhắn trống.');
        if (text.length > 4096) throw new SimError('Tin nhắn dài quá 4096 ký tự.');
        updateId = fakeApi.injectMessage(token, { ...base, text });
      }
      return { ok: true, updateId };
    },
  );

  app.post('/sim/photo', { schema: { querystring: photoQuery } }, async (request) => {
    const query = request.query;
    const p = person(query.fromId);
    const chat = chatFor(p, query.chatId);
    const replyToMessageId = replyTarget(chat.id, query.replyTo);
    // Only the image types registered above get here with a body; anything else is a 415.
    const data = request.body;
    if (!Buffer.isBuffer(data) || !PHOTO_TYPES.test(request.headers['content-type'] ?? ''))
      throw new SimError('Chỉ gửi được ảnh JPEG, PNG, GIF hoặc WebP.', 415);
    if (data.length === 0) throw new SimError('Ảnh trống.');
    const caption = query.caption.normalize('NFC').trim();
    if (caption.length > 1024) throw new SimError('Chú thích dài quá 1024 ký tự.');
    const updateId = fakeApi.injectMessage(token, {
      chatId: chat.id,
      from: user(p),
      ...chatFields(chat, replyToMessageId),
      photo: { data, fileName: query.name },
      ...(caption ? { caption } : {}),
    });
    return { ok: true, updateId };
  });

  app.post(
    '/sim/callback',
    { bodyLimit: JSON_LIMIT_BYTES, schema: { body: callbackBody } },
    async (request) => {
      const body = request.body;
      const p = person(body.fromId);
      const chat = chatFor(p, body.chatId);
      const entry = fakeApi
        .chatHistory(token, chat.id)
        .find((e) => e.message.message_id === body.messageId);
      if (!entry || entry.deleted) throw new SimError('Tin nhắn này không còn nữa.');
      // Only a button that is on the message now can be pressed, as in a Telegram client.
      if (!hasButton(entry.message, body.data)) throw new SimError('Nút này không còn nữa.', 409);
      const updateId = fakeApi.injectCallback(token, {
        chatId: chat.id,
        from: user(p),
        messageId: body.messageId,
        data: body.data,
      });
      const update = fakeApi.pendingUpdates(token).find((u) => u.update_id === updateId);
      return { ok: true, updateId, callbackQueryId: update?.callback_query?.id ?? null };
    },
  );

  app.get(
    '/sim/file/:fileId',
    { schema: { params: z.object({ fileId: z.string().regex(/^[A-Za-z0-9_-]+$/) }) } },
    async (request, reply) => {
      const f = fakeApi.fileContents(request.params.fileId);
      if (!f) throw new SimError('Không tìm thấy tệp.', 404);
      reply.type(f.mimeType).header('cache-control', 'private, max-age=3600');
      // Only images and sound play inline; anything else downloads, so an uploaded HTML file
      // can't run.
      if (!f.mimeType.startsWith('image/') && !f.mimeType.startsWith('audio/'))
        reply.header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName ?? 'file')}`,
        );
      return reply.send(f.data);
    },
  );
};

function hasButton(message: TgMessage, data: string): boolean {
  return (message.reply_markup?.inline_keyboard ?? []).some((row) =>
    row.some((b) => b.callback_data === data),
  );
}
