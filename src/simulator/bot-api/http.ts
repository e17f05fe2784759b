/** The HTTP face: `/bot<token>/<method>` calls and `/file/bot<token>/<path>` downloads. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyError, parseRequest, readBody } from '../request-body.ts';
import type { Execute, FakeBotState } from './types.ts';

export function createHttp(state: FakeBotState, deps: { execute: Execute }) {
  const { filesByPath } = state;
  const { execute } = deps;

  function sendJson(res: ServerResponse, status: number, body: unknown): void {
    if (res.writableEnded || res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.local');
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch?.[1] && fileMatch[2] && (req.method === 'GET' || req.method === 'HEAD')) {
      const f = filesByPath.get(decodeURIComponent(fileMatch[2]));
      if (!f || f.ownerToken !== decodeURIComponent(fileMatch[1])) {
        return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      }
      res.writeHead(200, { 'content-type': f.mimeType, 'content-length': f.data.length });
      res.end(req.method === 'HEAD' ? undefined : f.data);
      return;
    }
    const m = /^\/bot([^/]+)\/([A-Za-z0-9_]+)\/?$/.exec(url.pathname);
    if (!m?.[1] || !m[2])
      return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const token = decodeURIComponent(m[1]);
    let parsed;
    try {
      // Telegram accepts uploads up to 50 MB.
      const body = await readBody(req, 52 * 1024 * 1024);
      parsed = await parseRequest(req.headers['content-type'], body, url.searchParams);
    } catch (err) {
      if (err instanceof BodyError) {
        return sendJson(res, err.status, {
          ok: false,
          error_code: err.status,
          description: err.message,
        });
      }
      throw err;
    }
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const { status, body } = await execute(
      token,
      m[2],
      parsed.params,
      parsed.transport,
      abort.signal,
    );
    sendJson(res, status, body);
  }

  function handleRequest(req: IncomingMessage, res: ServerResponse): void {
    handle(req, res).catch((err: unknown) => {
      const description = `Internal Server Error: ${err instanceof Error ? err.message : String(err)}`;
      sendJson(res, 500, { ok: false, error_code: 500, description });
    });
  }

  return { sendJson, handle, handleRequest };
}

export type Http = ReturnType<typeof createHttp>;
