/**
 * The simulator's Zalo view (/sim/zalo): a Zalo-like chat with the commune's Official Account,
 * backed by the project's fake Zalo OA, so a commune can try gopy on Zalo before it deploys.
 * What the page shows is the fake's record of the chat (what Zalo would show); what the person
 * does goes to gopy as Zalo's signed webhook calls. Only the simulator serves it.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { FakeZaloOa } from '../../simulator/fake-zalo-oa.ts';
import { committeeName } from '../../app/alert-message.ts';
import { html, htmlDocument, sendHtml } from '../html.ts';

export interface ZaloSimulatorRoutesOptions {
  fake: FakeZaloOa;
  /** The commune the «Bắt đầu» button opens (the first demo commune). */
  commune?: { code: string; name: string };
}

const user = z.string().regex(/^\d{10,25}$/);
const PHOTO_LIMIT_BYTES = 1024 * 1024;

export const zaloSimulatorRoutes: FastifyPluginAsyncZod<ZaloSimulatorRoutesOptions> = async (
  app,
  { fake, commune },
) => {
  // In this plugin only: a photo is POSTed as its bytes.
  app.addContentTypeParser(
    ['image/jpeg', 'image/png'],
    { parseAs: 'buffer', bodyLimit: PHOTO_LIMIT_BYTES },
    (_request, body, done) => done(null, body),
  );
  app.get('/sim/zalo', async (_request, reply) =>
    sendHtml(
      reply,
      htmlDocument({
        title: 'Zalo OA của xã (mô phỏng)',
        stylesheets: ['/assets/zalo-sim.css'],
        body: html`<main class="zalo" data-commune="${commune?.code ?? ''}">
            <header class="zalo-top">
              <div class="zalo-avatar" aria-hidden="true">UB</div>
              <div>
                <h1>${commune ? committeeName(commune.name) : 'UBND xã'}</h1>
                <p>Official Account · mô phỏng Zalo, không gửi gì ra ngoài</p>
              </div>
            </header>
            <div id="log" class="zalo-log" role="log" aria-live="polite" aria-label="Cuộc trò chuyện"></div>
            <form id="compose" class="zalo-compose">
              <label class="zalo-hidden" for="text">Tin nhắn</label>
              <input id="text" name="text" autocomplete="off" placeholder="Nhập tin nhắn" />
              <button type="submit">Gửi</button>
            </form>
            <div class="zalo-tools">
              <button type="button" id="start">▶ Bắt đầu</button>
              <button type="button" id="photo">🖼 Gửi ảnh</button>
              <input type="file" id="file" accept="image/jpeg,image/png" hidden />
              <button type="button" id="place">📍 Gửi vị trí</button>
            </div>
          </main>
          <script src="/assets/zalo-sim.js" defer></script>`,
      }),
    ),
  );

  app.get(
    '/sim/zalo/api/chat',
    { schema: { querystring: z.object({ user }) } },
    async (request) => ({
      entries: fake.conversation(request.query.user).map((e) =>
        e.from === 'oa'
          ? {
              from: 'oa',
              text: e.text ?? '',
              buttons: e.buttons ?? [],
              image: e.imageAttachmentId ? `/sim/zalo/api/image/${e.imageAttachmentId}` : null,
            }
          : {
              from: 'user',
              text: e.text ?? (e.fileName ? `📎 ${e.fileName}` : ''),
              image: e.imageId ? `/sim/zalo/api/image/${e.imageId}` : null,
              location: e.location ?? null,
            },
      ),
    }),
  );

  app.get(
    '/sim/zalo/api/image/:id',
    { schema: { params: z.object({ id: z.string().regex(/^[0-9a-f]{8,64}$/) }) } },
    async (request, reply) => {
      const image = fake.image(request.params.id);
      if (!image) return reply.code(404).send({ ok: false, error: 'Không có ảnh.' });
      return reply.type(image.mimeType).send(Buffer.from(image.data));
    },
  );

  app.post(
    '/sim/zalo/api/send',
    {
      schema: {
        body: z.discriminatedUnion('type', [
          z.object({ user, type: z.literal('text'), text: z.string().min(1).max(2000) }),
          z.object({
            user,
            type: z.literal('location'),
            latitude: z.number().min(-90).max(90),
            longitude: z.number().min(-180).max(180),
          }),
        ]),
      },
    },
    async (request) => {
      const body = request.body;
      const sent = await fake.userSends(
        body.user,
        body.type === 'text'
          ? { type: 'text', text: body.text }
          : { type: 'location', latitude: body.latitude, longitude: body.longitude },
      );
      return { ok: sent.status === 200 };
    },
  );

  app.post(
    '/sim/zalo/api/photo',
    {
      bodyLimit: PHOTO_LIMIT_BYTES,
      schema: { querystring: z.object({ user }) },
    },
    async (request, reply) => {
      const data = request.body;
      const type = request.headers['content-type'] ?? '';
      if (!Buffer.isBuffer(data) || !/^image\/(jpeg|png)$/.test(type))
        return reply.code(400).send({ ok: false, error: 'Ảnh phải là JPEG hoặc PNG.' });
      const sent = await fake.userSends(request.query.user, {
        type: 'image',
        data: new Uint8Array(data),
        mimeType: type,
      });
      return { ok: sent.status === 200 };
    },
  );
};
