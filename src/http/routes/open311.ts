/**
 * Open311 GeoReport v2 under /open311/v2/ (with FixMyStreet's servicerequestupdates): every
 * endpoint in JSON and XML, chosen by the suffix (.json, .xml), in UTF-8. The answers come from
 * app/open311 as the spec's records; this module only writes them (fast-xml-parser builds the
 * XML), reads the forms, and answers errors the spec's way: `[{code, description}]`, or
 * `<errors><error>…` in XML, with 404, 403 or 400. Requests are rate-limited per api_key (per
 * address for requests without one).
 */
import { createHash } from 'node:crypto';
import type {} from '@fastify/rate-limit';
import type { XMLBuilder } from 'fast-xml-parser';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type {
  NewRequestForm,
  NewUpdateForm,
  Open311,
  Open311Record,
  Open311Result,
} from '../../app/open311/open311.ts';
import type { PublicPhotos } from '../public-photo.ts';

export interface Open311RoutesOptions {
  open311: Open311;
  photos: PublicPhotos;
  /** Requests per minute per api_key (or per address without one). */
  perMinute?: number;
}

type Format = 'json' | 'xml';

const PREFIX = '/open311/v2';

/** XML names of list items: the element each entry of a list field is written as. */
const ITEM_NAMES: Record<string, string> = {
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
};

/**
 * fast-xml-parser loads on the first XML answer: about 10 MB that a process whose clients ask
 * for JSON (or that has no Open311 client) never needs (bench:startup).
 */
let builder: Promise<XMLBuilder> | undefined;
const xmlBuilder = () =>
  (builder ??= import('fast-xml-parser').then(
    ({ XMLBuilder }) => new XMLBuilder({ format: true, suppressEmptyNode: false }),
  ));

/** A spec record as XML elements: lists become a wrapper of items, booleans 'true'/'false'. */
function xmlTree(record: Open311Record): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(record)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      const item = ITEM_NAMES[field] ?? 'item';
      out[field] = {
        [item]: value.map((v) => (typeof v === 'string' ? v : xmlTree(v))),
      };
    } else out[field] = typeof value === 'boolean' ? String(value) : value;
  }
  return out;
}

async function xmlDocument(
  root: string,
  item: string | undefined,
  body: Open311Record | Open311Record[],
) {
  const content = Array.isArray(body)
    ? body.length === 0
      ? ''
      : { [item ?? 'item']: body.map(xmlTree) }
    : xmlTree(body);
  const xml = (await xmlBuilder()).build({ [root]: content });
  return `<?xml version="1.0" encoding="utf-8"?>\n${xml}`;
}

async function send(
  reply: FastifyReply,
  format: Format,
  xml: { root: string; item?: string },
  body: Open311Record | Open311Record[],
  status = 200,
) {
  if (format === 'xml')
    return reply
      .code(status)
      .header('content-type', 'text/xml; charset=utf-8')
      .send(await xmlDocument(xml.root, xml.item, body));
  return reply.code(status).header('content-type', 'application/json; charset=utf-8').send(body);
}

function sendError(reply: FastifyReply, format: Format, status: number, description: string) {
  return send(
    reply,
    format,
    { root: 'errors', item: 'error' },
    [{ code: String(status), description }],
    status,
  );
}

function sendResult<T extends Open311Record | Open311Record[]>(
  reply: FastifyReply,
  format: Format,
  xml: { root: string; item?: string },
  result: Open311Result<T>,
) {
  if (result.type === 'error') return sendError(reply, format, result.status, result.description);
  return send(reply, format, xml, result.value);
}

/** The format a URL asks for: its path's suffix (.xml), JSON otherwise. */
function formatOf(url: string): Format {
  const path = url.split('?')[0] ?? '';
  return /\.xml$/i.test(path) ? 'xml' : 'json';
}

/** `name.json` / `name.xml` → [name, format]; undefined without a known suffix. */
function splitSuffix(file: string): [string, Format] | undefined {
  const m = /^(.+)\.(json|xml)$/i.exec(file);
  return m?.[1] && m[2] ? [m[1], m[2].toLowerCase() as Format] : undefined;
}

/** The flat form (fields as sent), with `attribute[x]` gathered under `attribute`. */
function readForm(body: Record<string, unknown>): Record<string, string | Record<string, string>> {
  const fields: Record<string, string> = {};
  const attribute: Record<string, string> = {};
  for (const [name, raw] of Object.entries(body)) {
    const value: unknown = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
    if (typeof value !== 'string') continue;
    const attr = /^attribute\[([A-Za-z0-9_-]{1,40})\]$/.exec(name);
    if (attr?.[1]) attribute[attr[1]] = value;
    else fields[name] = value;
  }
  return { ...fields, attribute };
}

/** Rate-limit key: the api_key's hash when there is one, else the client's address. */
function rateKey(request: FastifyRequest): string {
  const body = request.body as Record<string, unknown> | undefined;
  const query = request.query as Record<string, unknown> | undefined;
  const key = body?.api_key ?? query?.api_key;
  if (typeof key === 'string' && key.trim())
    return `open311-key:${createHash('sha256').update(key.trim()).digest('hex').slice(0, 32)}`;
  return `open311-ip:${request.ip}`;
}

const query = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
const formBody = z.record(z.string(), z.unknown()).optional();

/** The first value of a query field given once or several times. */
function q(values: Record<string, string | string[]>, name: string): string | undefined {
  const v = values[name];
  return Array.isArray(v) ? v[0] : v;
}

export const open311Routes: FastifyPluginAsyncZod<Open311RoutesOptions> = async (app, options) => {
  const { open311, photos } = options;
  // One count per client (api_key, else address) across every Open311 route: @fastify/rate-limit's
  // route option would count each route apart. Checked once the body is parsed (a POST's key).
  const perMinute = options.perMinute ?? 60;
  const limit = app.createRateLimit({
    max: perMinute,
    timeWindow: '1 minute',
    keyGenerator: rateKey,
  });
  app.addHook('preHandler', async (request, reply) => {
    const r = await limit(request);
    if (r.isAllowed || !r.isExceeded) return;
    reply.header('retry-after', String(r.ttlInSeconds));
    return sendError(
      reply,
      formatOf(request.url),
      429,
      'Quá nhiều yêu cầu với khóa này; xin thử lại sau một phút.',
    );
  });

  // Inside /open311/v2 every error is the spec's: 400 for a malformed request, the status
  // otherwise (429 from the rate limit); a 5xx never shows its cause.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.validation ? 400 : (error.statusCode ?? 500);
    if (status >= 500) request.log.error({ err: error }, 'open311 request failed');
    const description =
      status >= 500
        ? 'Lỗi máy chủ.'
        : status === 429
          ? 'Quá nhiều yêu cầu với khóa này; xin thử lại sau một phút.'
          : status === 400
            ? 'Yêu cầu không hợp lệ.'
            : error.message;
    return sendError(reply, formatOf(request.url), status, description);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, formatOf(request.url), 404, 'Không có tài nguyên này.'),
  );

  for (const format of ['json', 'xml'] as const) {
    app.get(`/discovery.${format}`, async (_request, reply) =>
      send(reply, format, { root: 'discovery' }, open311.discovery()),
    );

    app.get(`/services.${format}`, { schema: { querystring: query } }, async (request, reply) =>
      sendResult(
        reply,
        format,
        { root: 'services', item: 'service' },
        await open311.services(q(request.query, 'jurisdiction_id')),
      ),
    );

    app.get(`/requests.${format}`, { schema: { querystring: query } }, async (request, reply) => {
      const v = request.query;
      return sendResult(
        reply,
        format,
        { root: 'service_requests', item: 'request' },
        await open311.listRequests({
          service_request_id: q(v, 'service_request_id'),
          service_code: q(v, 'service_code'),
          start_date: q(v, 'start_date'),
          end_date: q(v, 'end_date'),
          status: q(v, 'status'),
          jurisdiction_id: q(v, 'jurisdiction_id'),
          page: q(v, 'page'),
          page_size: q(v, 'page_size'),
        }),
      );
    });

    app.post(`/requests.${format}`, { schema: { body: formBody } }, async (request, reply) => {
      const form = readForm(request.body ?? {}) as unknown as NewRequestForm;
      return sendResult(
        reply,
        format,
        { root: 'service_requests', item: 'request' },
        wrap(await open311.createRequest(form)),
      );
    });

    app.get(
      `/servicerequestupdates.${format}`,
      { schema: { querystring: query } },
      async (request, reply) =>
        sendResult(
          reply,
          format,
          { root: 'service_requests_updates', item: 'request_update' },
          await open311.listUpdates({
            start_date: q(request.query, 'start_date'),
            end_date: q(request.query, 'end_date'),
          }),
        ),
    );

    app.post(
      `/servicerequestupdates.${format}`,
      { schema: { body: formBody } },
      async (request, reply) =>
        sendResult(
          reply,
          format,
          { root: 'service_request_updates', item: 'request_update' },
          await open311.postUpdate(readForm(request.body ?? {}) as unknown as NewUpdateForm),
        ),
    );
  }

  app.get(
    '/services/:file',
    { schema: { params: z.object({ file: z.string().max(120) }) } },
    async (request, reply) => {
      const parts = splitSuffix(request.params.file);
      if (!parts) return sendError(reply, 'json', 404, 'Không có tài nguyên này.');
      const [code, format] = parts;
      return sendResult(
        reply,
        format,
        { root: 'service_definition' },
        await open311.serviceDefinition(code),
      );
    },
  );

  app.get(
    '/requests/:file',
    { schema: { params: z.object({ file: z.string().max(120) }) } },
    async (request, reply) => {
      const parts = splitSuffix(request.params.file);
      if (!parts) return sendError(reply, 'json', 404, 'Không có tài nguyên này.');
      const [id, format] = parts;
      return sendResult(
        reply,
        format,
        { root: 'service_requests', item: 'request' },
        await open311.getRequest(id),
      );
    },
  );

  // Ids are given at once (service_request_id is the ticket code), so no token ever waits.
  app.get(
    '/tokens/:file',
    { schema: { params: z.object({ file: z.string().max(120) }) } },
    async (request, reply) =>
      sendError(
        reply,
        splitSuffix(request.params.file)?.[1] ?? 'json',
        404,
        'Không dùng token: service_request_id được trả ngay khi tạo.',
      ),
  );

  app.get(
    '/media/:file',
    { schema: { params: z.object({ file: z.string().regex(/^[A-Z]{2}-\d{4}-\d{6}\.jpg$/) }) } },
    async (request, reply) => {
      const ticket = request.params.file.slice(0, -'.jpg'.length);
      const fileId = await open311.publicPhoto(ticket);
      const jpeg = fileId ? await photos.jpeg(fileId) : undefined;
      if (!jpeg) return sendError(reply, 'json', 404, 'Không có ảnh công khai này.');
      return reply
        .header('content-type', 'image/jpeg')
        .header('cache-control', 'public, max-age=3600')
        .send(jpeg);
    },
  );
};

/** POST requests answers a list of one request. */
function wrap(result: Open311Result<Open311Record>): Open311Result<Open311Record[]> {
  return result.type === 'ok' ? { type: 'ok', value: [result.value] } : result;
}

/** Register with `{ prefix: OPEN311_PREFIX }`. */
export const OPEN311_PREFIX = PREFIX;
