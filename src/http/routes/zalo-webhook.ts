/**
 * Zalo's webhook: POST /zalo/webhook. The body is read raw (the signature covers its exact
 * bytes), checked, stored and queued; the answer is 200 at once, as Zalo wants, and 401 for a
 * call without a valid X-ZEvent-Signature. 400 for a body that is not JSON. No rate limit:
 * everything is signed by Zalo, and a forged call costs one hash.
 */
import type { FastifyPluginAsync } from 'fastify';
import { ZALO_SIGNATURE_HEADER } from '../../channels/zalo/zalo-signature.ts';
import type { ZaloWebhook } from '../../channels/zalo/zalo-inbound.ts';

export interface ZaloWebhookRoutesOptions {
  receive: ZaloWebhook;
}

export const ZALO_WEBHOOK_PATH = '/zalo/webhook';

/** Zalo's events are a few kilobytes. */
const MAX_BODY_BYTES = 256 * 1024;

export const zaloWebhookRoutes: FastifyPluginAsync<ZaloWebhookRoutesOptions> = async (
  app,
  { receive },
) => {
  // In this plugin only: JSON bodies stay strings, so the signature is checked on the raw bytes.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    ['application/json', 'text/plain'],
    { parseAs: 'string', bodyLimit: MAX_BODY_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.post(ZALO_WEBHOOK_PATH, async (request, reply) => {
    const raw = typeof request.body === 'string' ? request.body : '';
    const header = request.headers[ZALO_SIGNATURE_HEADER];
    const signature = Array.isArray(header) ? header[0] : header;
    const outcome = await receive(raw, signature);
    if (outcome === 'refused') return reply.code(401).send({ error: 'bad signature' });
    return reply.code(200).send({ ok: true, outcome });
  });
};
