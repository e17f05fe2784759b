/**
 * The webhook endpoint's handler, the same for both drivers: Telegram redelivers an update until
 * it gets a 2xx, so 200 is answered only once onEvent has finished, and never for a failure.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import type { DispatchOutcome } from './create-update-dispatcher.ts';

/** Telegram's header carrying the secret given to setWebhook. */
export const SECRET_TOKEN_HEADER = 'x-telegram-bot-api-secret-token';

/** Telegram's updates are a few kilobytes; anything much larger is not Telegram. */
const MAX_BODY_BYTES = 1024 * 1024;

/** Dependencies of createWebhookHandler. */
export interface WebhookHandlerDeps {
  /** The secret token registered with setWebhook. */
  secret: string;
  /** Handles one update (in chat order); the outcome decides the answer. */
  handle: (update: Update) => Promise<DispatchOutcome>;
  /** False once the driver is stopping: the update is refused (503) and Telegram redelivers. */
  accepting: () => boolean;
  logger: Logger;
}

/**
 * Builds a Node HTTP handler for Telegram's webhook POSTs. Pass it the raw request (the body not
 * yet read). Answers: 401 when the secret header is missing or wrong (compared in constant
 * time), 405 for other methods, 400 for a body that is not an update, 413 for an oversized one,
 * 503 while stopping, 500 when onEvent failed (Telegram redelivers), 200 when the update was
 * handled or is not for gopy. The returned promise never rejects.
 */
export function createWebhookHandler(
  deps: WebhookHandlerDeps,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const expected = digest(deps.secret);
  return async function handleTelegramWebhook(req, res) {
    try {
      if (req.method !== 'POST') return answer(res, 405, { allow: 'POST' });
      const header = req.headers[SECRET_TOKEN_HEADER];
      if (typeof header !== 'string' || !timingSafeEqual(digest(header), expected)) {
        deps.logger.warn('telegram webhook: wrong secret token');
        return answer(res, 401);
      }
      if (!deps.accepting()) return answer(res, 503);
      const body = await readBody(req, MAX_BODY_BYTES);
      if (body === undefined) return answer(res, 413);
      const update = parseUpdate(body);
      if (!update) return answer(res, 400);
      const outcome = await deps.handle(update);
      return answer(res, outcome.type === 'failed' ? 500 : 200);
    } catch (error) {
      deps.logger.error({ err: error }, 'telegram webhook request failed');
      return answer(res, 500);
    }
  };
}

/** Hashing first gives equal lengths, so the comparison leaks neither content nor length. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function answer(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(status === 200 ? 'ok' : '');
}

/** The body as text, or undefined when it is larger than `limit` bytes. */
async function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > limit) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseUpdate(body: string): Update | undefined {
  try {
    const value: unknown = JSON.parse(body);
    if (typeof value !== 'object' || value === null) return undefined;
    const id = (value as { update_id?: unknown }).update_id;
    return typeof id === 'number' && Number.isInteger(id) ? (value as Update) : undefined;
  } catch {
    return undefined;
  }
}
