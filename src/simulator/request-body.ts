/**
 * Reads Bot API request parameters the ways Telegram accepts them: query string, JSON,
 * application/x-www-form-urlencoded and multipart/form-data (busboy).
 */
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';

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
export async function parseRequest(
  contentType: string | undefined,
  body: Buffer,
  query: URLSearchParams,
): Promise<ParsedRequest> {
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
  if (type === 'multipart/form-data')
    return {
      params: await parseMultipart(contentType ?? '', body, params),
      transport: 'multipart',
    };
  throw new BodyError(`Bad Request: unsupported content type "${type}"`, 400);
}

/**
 * Multipart through busboy. grammY writes a file part's filename unquoted
 * (`content-disposition:form-data;name="x";filename=ảnh ổ gà.jpg`), which Telegram accepts but
 * busboy, holding to RFC 7578, drops without a word when the name is not a plain token. So the
 * part headers right after a boundary line get the filename quoted first: anchored to the
 * boundary, the rewrite never touches file contents.
 */
async function parseMultipart(
  contentType: string,
  body: Buffer,
  params: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const b = boundary?.[1] ?? boundary?.[2];
  if (!b) throw new BodyError('Bad Request: multipart boundary is missing', 400);
  const input = quoteBareFilenames(body, b);
  return new Promise((resolve, reject) => {
    const parser = busboy({
      headers: { 'content-type': contentType },
      defParamCharset: 'utf8',
      // Telegram's own limits apply elsewhere; here nothing may be cut short silently.
      limits: { fieldSize: input.length, fileSize: input.length },
    });
    const files: Array<Promise<void>> = [];
    parser.on('field', (name, value) => {
      params[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      files.push(
        new Promise<void>((done, failed) => {
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', failed);
          stream.on('end', () => {
            params[name] = new UploadedFile(
              name,
              info.filename ?? name,
              info.mimeType,
              Buffer.concat(chunks),
            );
            done();
          });
        }),
      );
    });
    parser.on('error', () => reject(new BodyError('Bad Request: malformed multipart body', 400)));
    parser.on('close', () => {
      Promise.all(files).then(
        () => resolve(params),
        () => reject(new BodyError('Bad Request: malformed multipart body', 400)),
      );
    });
    parser.end(input);
  });
}

function quoteBareFilenames(body: Buffer, boundary: string): Buffer {
  const delimiter = Buffer.from(`--${boundary}\r\n`);
  const pieces: Buffer[] = [];
  let from = 0;
  for (let at = body.indexOf(delimiter); at !== -1; at = body.indexOf(delimiter, at + 1)) {
    // A boundary line starts the body or follows a line break; elsewhere it is not one.
    if (at !== 0 && body.toString('latin1', at - 2, at) !== '\r\n') continue;
    const headersStart = at + delimiter.length;
    const headersEnd = body.indexOf('\r\n\r\n', headersStart);
    if (headersEnd === -1) break;
    const headers = body.toString('utf8', headersStart, headersEnd);
    const quoted = headers.replace(
      /^(content-disposition:[^\r\n]*;\s*filename=)([^"\r\n][^\r\n]*)$/im,
      (_all, head: string, name: string) => `${head}"${name.replace(/["\\]/g, '\\$&')}"`,
    );
    if (quoted === headers) continue;
    pieces.push(body.subarray(from, headersStart), Buffer.from(quoted, 'utf8'));
    from = headersEnd;
  }
  if (pieces.length === 0) return body;
  pieces.push(body.subarray(from));
  return Buffer.concat(pieces);
}
