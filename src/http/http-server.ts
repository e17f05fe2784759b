/**
 * gopy's one HTTP server: health, readiness, metrics, the Telegram webhook and, in simulator
 * mode, the local chat page. Routes are plain handlers; a handler returns false when the path is
 * not its own.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../logger.ts';
import type { Metrics } from './metrics.ts';

export type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
) => boolean | Promise<boolean>;

export interface HttpServerDeps {
  logger: Logger;
  metrics: Metrics;
  /** Readiness: resolves when PostgreSQL and Redis answer. */
  checkReady: () => Promise<Record<string, boolean>>;
  webhook?: { path: string; handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> };
  extraRoutes?: RouteHandler[];
}

export interface HttpServer {
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
  server: Server;
}

export function createHttpServer(deps: HttpServerDeps): HttpServer {
  const server = createServer((req, res) => {
    void route(req, res).catch((err: unknown) => {
      deps.logger.error({ err, url: req.url }, 'http handler failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') return sendJson(res, 200, { ok: true });
    if (path === '/readyz') {
      const checks = await deps.checkReady().catch(() => ({ ready: false }));
      const ok = Object.values(checks).every(Boolean);
      return sendJson(res, ok ? 200 : 503, { ok, checks });
    }
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
      res.end(await deps.metrics.registry.metrics());
      return;
    }
    if (deps.webhook && path === deps.webhook.path && req.method === 'POST') {
      return deps.webhook.handler(req, res);
    }
    for (const handler of deps.extraRoutes ?? []) if (await handler(req, res)) return;
    sendJson(res, 404, { ok: false, error: 'not found' });
  }

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
