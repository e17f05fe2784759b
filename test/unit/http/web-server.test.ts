/**
 * The web server's shared behaviour, through Fastify's inject (no socket): security headers and
 * the CSP with per-response nonces on pages, assets, JSON errors, and a route module added the
 * documented way.
 */
import { pino } from 'pino';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createWebServer } from '../../../src/http/create-web-server.ts';
import { html, htmlDocument, sendHtml } from '../../../src/http/html.ts';

const silent = pino({ level: 'silent' });

/** A page module as the dashboard will write one. */
const greetingRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/hello/:name',
    { schema: { params: z.object({ name: z.string().max(20) }) } },
    async (request, reply) =>
      sendHtml(
        reply,
        htmlDocument({
          title: 'Xin chào',
          body: html`<p>Xin chào ${request.params.name}</p>
            <script nonce="${reply.cspNonce.script}">
              document.title = 'ok';
            </script>`,
        }),
      ),
  );
  app.get('/broken', async () => {
    throw new Error('connection to 10.0.0.5 refused');
  });
  app.post('/limited', { config: { rateLimit: { max: 2, timeWindow: '1 minute' } } }, async () => ({
    ok: true,
  }));
};

async function server() {
  const app = await createWebServer({
    logger: silent,
    health: { checkReady: async () => ({ database: true }) },
  });
  await app.register(greetingRoutes);
  return app;
}

describe('the web server', () => {
  it('sends pages escaped, with a strict CSP whose nonce matches the inline script', async () => {
    const app = await server();
    const res = await app.inject({ url: `/hello/${encodeURIComponent('<b>Lan</b>')}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('Xin chào &lt;b&gt;Lan&lt;/b&gt;');
    const csp = String(res.headers['content-security-policy']);
    const nonce = /script-src 'self' 'nonce-([0-9a-f]+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(res.body).toContain(`<script nonce="${nonce}">`);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src-attr 'none'");
    expect(csp).toContain("style-src-attr 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // Another response, another nonce.
    const again = await app.inject({ url: '/hello/Lan' });
    expect(String(again.headers['content-security-policy'])).not.toContain(nonce);
  });

  it('answers a request its schema refuses with 400, unknown paths with 404, in JSON', async () => {
    const app = await server();
    const bad = await app.inject({ url: `/hello/${'x'.repeat(30)}` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ ok: false });
    const missing = await app.inject({ url: '/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ ok: false, error: 'Không tìm thấy.' });
  });

  it('shows a browser a Vietnamese page for unknown paths and failures, never the cause', async () => {
    const app = await server();
    const browser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
    const missing = await app.inject({ url: '/board/xa_khong_co', headers: browser });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(missing.body).toContain('<html lang="vi">');
    expect(missing.body).toContain('Không tìm thấy trang');
    const broken = await app.inject({ url: '/broken', headers: browser });
    expect(broken.statusCode).toBe(500);
    expect(broken.body).toContain('Có lỗi xảy ra');
    expect(broken.body).not.toContain('10.0.0.5');
    const api = await app.inject({ url: '/broken' });
    expect(api.json()).toEqual({ ok: false, error: 'Lỗi máy chủ.' });
  });

  it('serves the stylesheet, health and readiness, and no /metrics', async () => {
    const app = await server();
    const css = await app.inject({ url: '/assets/gopy.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ ok: true });
    expect((await app.inject({ url: '/readyz' })).json()).toEqual({
      ok: true,
      checks: { database: true },
      warnings: [],
    });
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(404);
  });

  it('answers /readyz with 503 while a dependency is down', async () => {
    const app = await createWebServer({
      logger: silent,
      health: { checkReady: async () => ({ database: true, redis: false }) },
    });
    const res = await app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      ok: false,
      checks: { database: true, redis: false },
      warnings: [],
    });
  });

  it('limits a route that opts into the rate limit', async () => {
    const app = await server();
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await app.inject({ method: 'POST', url: '/limited' })).statusCode);
    expect(statuses).toEqual([200, 200, 429]);
    // Routes that do not opt in are not limited.
    for (let i = 0; i < 5; i++)
      expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });
});
