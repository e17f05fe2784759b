/**
 * The HTTP client under grammY's Bot API calls: node's own http/https with a keep-alive agent,
 * behind the small part of `fetch` grammY uses (its client awaits `fetch(url, init)`, then
 * `res.json()`, nothing else). grammY's default, node-fetch over the same agents, cost about
 * twice the CPU per call (client and a local server together: 360–590 µs against 180–260 µs,
 * measured for bench:intake), and every reply of a conversation is one call. undici's `request`
 * measured the same as this, but loading it costs every role 13 MB and tens of milliseconds at
 * start (bench:startup), where node:http is loaded already.
 * Timeouts and errors stay grammY's: it races this promise against its own timeout, aborts the
 * signal, and turns what rejects into an HttpError, as with node-fetch.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';

/** What grammY passes: a JSON string, or a multipart stream for a file upload. */
interface BotApiInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Readable;
  signal?: Pick<AbortSignal, 'aborted' | 'addEventListener' | 'removeEventListener'> | null;
}

/** The part of a fetch Response grammY reads. */
export interface BotApiResponse {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}

const agents = {
  'http:': new HttpAgent({ keepAlive: true }),
  'https:': new HttpsAgent({ keepAlive: true }),
};

export function botApiFetch(url: string, init: BotApiInit = {}): Promise<BotApiResponse> {
  const target = new URL(url);
  const https = target.protocol === 'https:';
  const { body, signal } = init;
  const headers = { ...init.headers };
  if (typeof body === 'string') headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise<BotApiResponse>((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('The Bot API call was aborted'));
    const req = (https ? httpsRequest : httpRequest)(
      target,
      { method: init.method ?? 'GET', headers, agent: agents[https ? 'https:' : 'http:'] },
      (res) => readBody(res).then(resolve, reject),
    );
    const abort = () => req.destroy(new Error('The Bot API call was aborted'));
    signal?.addEventListener('abort', abort);
    req.once('close', () => signal?.removeEventListener('abort', abort));
    req.once('error', reject);
    if (body === undefined || typeof body === 'string') req.end(body);
    else body.once('error', (err) => req.destroy(err)).pipe(req);
  });
}

function readBody(res: IncomingMessage): Promise<BotApiResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.once('error', reject);
    res.once('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const status = res.statusCode ?? 0;
      resolve({
        ok: status >= 200 && status < 300,
        status,
        json: async () => JSON.parse(text) as unknown,
      });
    });
  });
}
