/**
 * Reads Bot API request parameters the ways Telegram accepts them: query string, JSON,
 * application/x-www-form-urlencoded and multipart/form-data. The multipart reader is our own
 * because grammY writes headers without a space after the colon and leaves the filename
 * unquoted (`content-disposition:form-data;name="x";filename=photo.jpg`), which stricter
 * parsers reject, while Telegram accepts it.
 */
import type { IncomingMessage } from 'node:http';

/** A file part of a multipart request. */
export class UploadedFile {
  constructor(
    readonly fieldName: string,
    readonly filename: string,
    readonly contentType: string,
    readonly data: Buffer,
  ) {}

  toJSON(): unknown {
    return { upload: this.filename, size: this.data.length };
  }
}

export type Transport = 'query' | 'json' | 'form' | 'multipart';

export interface ParsedRequest {
  params: Record<string, unknown>;
  transport: Transport;
}

export class BodyError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > limitBytes) throw new BodyError('Request Entity Too Large', 413);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Query parameters merged with body parameters (the body wins), like Telegram. */
export function parseRequest(
  contentType: string | undefined,
  body: Buffer,
  query: URLSearchParams,
): ParsedRequest {
  const params: Record<string, unknown> = {};
  for (const [k, v] of query) params[k] = v;
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (body.length === 0) return { params, transport: 'query' };

  if (type === 'application/json' || (type === '' && /^\s*\{/.test(body.toString('utf8', 0, 64)))) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new BodyError("Bad Request: can't parse JSON request body", 400);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new BodyError('Bad Request: JSON request body must be an object', 400);
    }
    // JSON null means "not given" to Telegram.
    for (const [k, v] of Object.entries(parsed)) if (v !== null) params[k] = v;
    return { params, transport: 'json' };
  }
  if (type === 'application/x-www-form-urlencoded') {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params[k] = v;
    return { params, transport: 'form' };
  }
  if (type === 'multipart/form-data') {
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
    const b = boundary?.[1] ?? boundary?.[2];
    if (!b) throw new BodyError('Bad Request: multipart boundary is missing', 400);
    for (const part of parseMultipart(body, b)) {
      params[part.name] =
        part.filename !== undefined
          ? new UploadedFile(part.name, part.filename, part.contentType, part.data)
          : part.data.toString('utf8');
    }
    return { params, transport: 'multipart' };
  }
  throw new BodyError(`Bad Request: unsupported content type "${type}"`, 400);
}

interface Part {
  name: string;
  filename?: string;
  contentType: string;
  data: Buffer;
}

export function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delimiter);
  if (pos === -1) throw new BodyError('Bad Request: malformed multipart body', 400);
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break;
    if (body.subarray(pos, pos + 2).toString() === '\r\n') pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd === -1) throw new BodyError('Bad Request: malformed multipart part', 400);
    const headers = body.subarray(pos, headerEnd).toString('utf8');
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headerEnd + 4);
    if (next === -1) throw new BodyError('Bad Request: unterminated multipart body', 400);
    const data = body.subarray(headerEnd + 4, next);
    let name: string | undefined;
    let filename: string | undefined;
    let contentType = 'application/octet-stream';
    for (const line of headers.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon === -1) continue;
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === 'content-type') contentType = value;
      if (key === 'content-disposition') {
        for (const piece of value.split(';').slice(1)) {
          const eq = piece.indexOf('=');
          if (eq === -1) continue;
          const k = piece.slice(0, eq).trim().toLowerCase();
          let v = piece.slice(eq + 1).trim();
          if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1);
          if (k === 'name') name = v;
          if (k === 'filename') filename = v;
        }
      }
    }
    if (name !== undefined) {
      parts.push(
        filename !== undefined
          ? { name, filename, contentType, data: Buffer.from(data) }
          : { name, contentType, data: Buffer.from(data) },
      );
    }
    pos = next + 2;
  }
  return parts;
}
