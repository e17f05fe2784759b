/**
 * Telegram's webhook: POST <path of TELEGRAM_WEBHOOK_URL>. Answers, in the order checked:
 * 405 for other methods, 401 without the right secret token (before the body is read), 503
 * while gopy is stopping (Telegram redelivers), 413 above 1 MB and 400 for a body that is not an
 * update (Fastify and the schema), then 200 once the update was handled (its body a button's
 * answer for Telegram to run, when there is one) and 500 when it failed (Telegram redelivers). No rate limit: Telegram's own delivery is the pace.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Update } from 'grammy/types';
import {
  SECRET_TOKEN_HEADER,
  type WebhookHandler,
} from '../../channels/telegram/create-webhook-handler.ts';

export interface TelegramWebhookRoutesOptions {
  /** The path of TELEGRAM_WEBHOOK_URL, e.g. /telegram. */
  path: string;
  webhook: WebhookHandler;
}

/** Telegram's updates are a few kilobytes; anything much larger is not Telegram. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Only the envelope is checked here; normalizeTelegramUpdate reads the rest, and whatever it
 * does not know is an update that is not for gopy (answered 200, so it is not redelivered).
 * A plain check rather than a schema: zod's loose object copies the whole update on the hottest
 * route (bench:intake).
 */
function isUpdate(body: unknown): body is Update {
  return (
    typeof body === 'object' &&
    body !== null &&
    Number.isInteger((body as { update_id?: unknown }).update_id)
  );
}

export const telegramWebhookRoutes: FastifyPluginAsyncZod<TelegramWebhookRoutesOptions> = async (
  app,
  { path, webhook },
) => {
  async function onlyTelegram(request: FastifyRequest, reply: FastifyReply) {
    if (!webhook.isTelegram(request.headers[SECRET_TOKEN_HEADER])) return reply.code(401).send();
    if (!webhook.accepting()) return reply.code(503).send();
  }

  app.post(
    path,
    {
      bodyLimit: MAX_BODY_BYTES,
      onRequest: onlyTelegram,
      // Helmet's headers (a CSP with fresh nonces, HSTS, …) protect pages in a browser; Telegram
      // reads only the status. Skipped here, the hottest route: bench:intake, issue 16.
      helmet: false,
    },
    async (request, reply) => {
      if (!isUpdate(request.body))
        return reply.code(400).send({ ok: false, error: 'Yêu cầu không hợp lệ.' });
      const answer = await webhook.handle(request.body);
      if (answer.outcome === 'failed') return reply.code(500).send();
      // A button's answer rides on the webhook's answer (create-webhook-handler.ts).
      if (answer.carried) return reply.code(200).send(answer.carried);
      return reply.code(200).type('text/plain; charset=utf-8').send('ok');
    },
  );

  app.route({
    method: ['GET', 'PUT', 'PATCH', 'DELETE'],
    url: path,
    handler: async (_request, reply) => reply.code(405).header('allow', 'POST').send(),
  });
};
