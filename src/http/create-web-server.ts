/**
 * gopy's public HTTP server (Fastify): the plugins every page and endpoint shares, then one route
 * module per area. Prometheus' /metrics is not here: it has its own port
 * (create-metrics-server.ts), so publishing this port never publishes it.
 *
 * Adding an area (dashboard, public board, Open311, web chat…):
 *   1. Write `src/http/routes/<area>.ts` exporting a `FastifyPluginAsyncZod<Options>`: its
 *      routes with zod schemas for params, query and body (a bad request is a 400 before the
 *      handler runs), pages sent with `sendHtml(reply, html`…`)` from ../html.ts. Errors and
 *      unknown paths already answer a browser with a Vietnamese page and anything else with
 *      JSON; a module that answers differently sets its own `setErrorHandler` (and, registered
 *      with a `prefix`, `setNotFoundHandler`): both stay inside it.
 *      Opt into the rate limit per route: `config: { rateLimit: { max: 10, timeWindow: '1 minute' } }`.
 *   2. Add its dependencies to WebServerDeps (optional when not every role serves it) and one
 *      line below: `if (deps.board) await app.register(boardRoutes, deps.board);`.
 * The composition (src/cli/run-role.ts) passes the deps; nothing here builds infrastructure.
 */
import { resolve } from 'node:path';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyRequest,
} from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';
import { boardRoutes, type BoardRoutesOptions } from './routes/board.ts';
import { dashboardRoutes, type DashboardRoutesOptions } from './routes/dashboard.ts';
import { html, htmlDocument, sendHtml, type SafeHtml } from './html.ts';
import { healthRoutes, type HealthRoutesOptions } from './routes/health.ts';
import { OPEN311_PREFIX, open311Routes, type Open311RoutesOptions } from './routes/open311.ts';
import { simulatorRoutes, type SimulatorRoutesOptions } from './routes/simulator.ts';
import {
  telegramWebhookRoutes,
  type TelegramWebhookRoutesOptions,
} from './routes/telegram-webhook.ts';
import { webSignInRoutes, type WebSignInRoutesOptions } from './routes/web-sign-in.ts';
import { webChatRoutes, type WebChatRoutesOptions } from './routes/web-chat.ts';
import { zaloWebhookRoutes, type ZaloWebhookRoutesOptions } from './routes/zalo-webhook.ts';
import { zaloSimulatorRoutes, type ZaloSimulatorRoutesOptions } from './routes/zalo-simulator.ts';

export interface WebServerDeps {
  logger: Logger;
  /** Behind a reverse proxy: trust its X-Forwarded-For / -Proto (client IP, HTTPS). */
  trustProxy?: boolean;
  /**
   * Where rate-limit counters live: Redis (keys under `<prefix>:rate-limit:`) so every replica
   * counts together; in this process's memory when absent (tests, one process).
   */
  rateLimitStore?: { redis: Redis; prefix: string };
  /** /healthz and /readyz. */
  health?: HealthRoutesOptions;
  /** Telegram's webhook (webhook mode, bot roles only). */
  telegramWebhook?: TelegramWebhookRoutesOptions;
  /** The webhooks of the bots besides BOT_TOKEN's, /tg/<bot id>, each with its own secret. */
  botWebhooks?: readonly TelegramWebhookRoutesOptions[];
  /** The local chat simulator (gopy start without BOT_TOKEN). */
  simulator?: SimulatorRoutesOptions;
  /** Officials' sign-in from chat: /login/<token>, /logout. */
  webSignIn?: WebSignInRoutesOptions;
  /** The officials' dashboard: /dashboard… (needs webSignIn for anyone to get in). */
  dashboard?: DashboardRoutesOptions;
  /** The public transparency board: /board/<code>, /board/<code>.pdf. */
  board?: BoardRoutesOptions;
  /** The citizens' web chat for communes' portals: /chat/… */
  webChat?: WebChatRoutesOptions;
  /** Open311 GeoReport v2: /open311/v2/… (JSON and XML). */
  open311?: Open311RoutesOptions;
  /** Zalo Official Account's webhook: POST /zalo/webhook (when ZALO_ is configured). */
  zaloWebhook?: ZaloWebhookRoutesOptions;
  /** The simulator's Zalo view on its fake Zalo OA: /sim/zalo (gopy start without tokens). */
  zaloSimulator?: ZaloSimulatorRoutesOptions;
}

/** Where the stylesheets and scripts pages link to live; served under /assets/. */
export const PUBLIC_DIR = resolve(import.meta.dirname, 'public');

/**
 * The Content-Security-Policy of every response. Inline <script> and <style> run only with the
 * request's nonce (helmet adds `'nonce-…'` to script-src and style-src; read it from
 * `reply.cspNonce`); no inline handlers or style attributes, nothing from another origin, no
 * framing. `upgrade-insecure-requests` is left out: a commune may serve gopy over plain HTTP on
 * its own network.
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  styleSrcAttr: ["'none'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

/** Builds the server with every plugin and the route modules whose deps are given; not listening. */
export async function createWebServer(deps: WebServerDeps) {
  // pino's Logger is a FastifyBaseLogger; typed as one, the instance keeps Fastify's default types.
  const logger: FastifyBaseLogger = deps.logger;
  const app = Fastify({
    loggerInstance: logger,
    // Request lines would log query strings (a photo's caption, later tokens): errors only.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: deps.trustProxy ?? false,
    // While closing, requests that still arrive get 503 (Telegram redelivers them later).
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();
  // While draining, answers to requests already in flight close their connection, so the
  // server is closed as soon as they are answered (not when keep-alive times out).
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // A callback hook, not an async one: it runs on every answer (one promise less each).
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
  });
  await app.register(cookie);
  await app.register(formbody);
  // No route is limited unless it opts in (see the comment above). Redis down: requests pass
  // rather than fail (the limit guards against abuse; an outage must not lock officials out).
  await app.register(rateLimit, {
    global: false,
    ...(deps.rateLimitStore
      ? {
          redis: deps.rateLimitStore.redis,
          nameSpace: `${deps.rateLimitStore.prefix}:rate-limit:`,
          skipOnError: true,
        }
      : {}),
  });
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/assets/' });

  // Errors and unknown paths: a short Vietnamese page for a browser, JSON for everything else.
  // A 5xx never shows its cause (it is logged).
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.validation ? 400 : (error.statusCode ?? 500);
    if (status >= 500)
      request.log.error({ err: error, route: request.routeOptions.url }, 'http request failed');
    const message =
      status >= 500 ? 'Lỗi máy chủ.' : status === 400 ? 'Yêu cầu không hợp lệ.' : error.message;
    if (wantsHtml(request)) return sendHtml(reply, errorPage(status), status);
    return reply.code(status).send({ ok: false, error: message });
  });
  app.setNotFoundHandler((request, reply) =>
    wantsHtml(request)
      ? sendHtml(reply, errorPage(404), 404)
      : reply.code(404).send({ ok: false, error: 'Không tìm thấy.' }),
  );

  // Route modules, one per area (see the comment at the top for adding one).
  if (deps.health) await app.register(healthRoutes, deps.health);
  if (deps.telegramWebhook) await app.register(telegramWebhookRoutes, deps.telegramWebhook);
  for (const hook of deps.botWebhooks ?? []) await app.register(telegramWebhookRoutes, hook);
  if (deps.simulator) await app.register(simulatorRoutes, deps.simulator);
  if (deps.webSignIn) await app.register(webSignInRoutes, deps.webSignIn);
  if (deps.dashboard) await app.register(dashboardRoutes, deps.dashboard);
  if (deps.board) await app.register(boardRoutes, deps.board);
  if (deps.webChat) await app.register(webChatRoutes, deps.webChat);
  if (deps.open311) await app.register(open311Routes, { ...deps.open311, prefix: OPEN311_PREFIX });
  if (deps.zaloWebhook) await app.register(zaloWebhookRoutes, deps.zaloWebhook);
  if (deps.zaloSimulator) await app.register(zaloSimulatorRoutes, deps.zaloSimulator);

  return app;
}

function wantsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

function errorPage(status: number): SafeHtml {
  const [title, hint] =
    status === 404
      ? ['Không tìm thấy trang', 'Địa chỉ này không có trang nào. Vui lòng kiểm tra lại đường dẫn.']
      : status === 429
        ? ['Quá nhiều yêu cầu', 'Bạn đã thử quá nhiều lần. Vui lòng đợi một lát rồi thử lại.']
        : status >= 500
          ? ['Có lỗi xảy ra', 'Máy chủ gặp sự cố. Vui lòng thử lại sau ít phút.']
          : ['Yêu cầu không hợp lệ', 'Vui lòng kiểm tra lại đường dẫn hoặc thông tin đã nhập.'];
  return htmlDocument({ title, body: html`<main><h1>${title}</h1><p>${hint}</p></main>` });
}

/** The public server, as createWebServer builds it. */
export type WebServer = Awaited<ReturnType<typeof createWebServer>>;
