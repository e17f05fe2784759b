/**
 * Newline-delimited JSON-RPC 2.0 over a pair of streams, both ways: the Prisma CLI sends
 * requests to the schema engine, and the engine sends `print` requests back and waits for the
 * CLI's answer. Requests are handled one at a time, in order, as the native engine does.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

type JsonRpcId = number | string;

export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/** Throw from a handler to answer with this exact error object. */
export class JsonRpcError extends Error {
  constructor(readonly error: JsonRpcErrorObject) {
    super(error.message);
    this.name = 'JsonRpcError';
  }
}

export interface JsonRpcPeer {
  /** Sends a request to the other side and resolves with its result. */
  request(method: string, params: unknown): Promise<unknown>;
}

export type JsonRpcHandler = (
  method: string,
  params: unknown,
  peer: JsonRpcPeer,
) => Promise<unknown>;

const METHOD_NOT_FOUND = -32601;
const PARSE_ERROR = -32700;
const INTERNAL_ERROR = -32603;

/**
 * Serves `handle` until `input` ends, then waits for the requests already received.
 * `onLineError` receives lines that are not JSON-RPC (logged, never fatal).
 */
export async function serveJsonRpc(options: {
  input: Readable;
  output: Writable;
  handle: JsonRpcHandler;
  onLineError?: (line: string, reason: string) => void;
}): Promise<void> {
  const { input, output, handle } = options;
  const pending = new Map<JsonRpcId, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  let inputClosed = false;
  let queue: Promise<void> = Promise.resolve();

  const send = (message: object) => {
    output.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
  };

  const peer: JsonRpcPeer = {
    request(method, params) {
      if (inputClosed) return Promise.reject(new Error('input closed'));
      // A prefix keeps our ids apart from the CLI's numeric ones in logs.
      const id = `stand-in-${nextId++}`;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        send({ id, method, params });
      });
    },
  };

  const answer = async (id: JsonRpcId | undefined, method: string, params: unknown) => {
    try {
      const result = await handle(method, params, peer);
      if (id !== undefined) send({ id, result: result ?? null });
    } catch (error) {
      if (id !== undefined) send({ id, error: toErrorObject(error) });
    }
  };

  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      options.onLineError?.(line, 'not JSON');
      send({ id: null, error: { code: PARSE_ERROR, message: 'Parse error' } });
      continue;
    }
    if (!isObject(message)) {
      options.onLineError?.(line, 'not an object');
      continue;
    }
    const id = isId(message['id']) ? message['id'] : undefined;
    const method = message['method'];
    if (typeof method === 'string') {
      queue = queue.then(() => answer(id, method, message['params']));
      continue;
    }
    // A response to one of our requests (a `print`): never queued behind the request
    // that is waiting for it.
    const waiter = id === undefined ? undefined : pending.get(id);
    if (!waiter || id === undefined) {
      options.onLineError?.(line, 'response to an unknown request');
      continue;
    }
    pending.delete(id);
    if ('error' in message) waiter.reject(new Error(JSON.stringify(message['error'])));
    else waiter.resolve(message['result']);
  }
  // No answer can arrive any more: fail what waits for one, then let the queue drain.
  inputClosed = true;
  for (const waiter of pending.values()) waiter.reject(new Error('input closed'));
  pending.clear();
  await queue;
}

/** The JSON-RPC error for "no such method". */
export function methodNotFound(method: string): JsonRpcError {
  return new JsonRpcError({ code: METHOD_NOT_FOUND, message: `Method not found: ${method}` });
}

function toErrorObject(error: unknown): JsonRpcErrorObject {
  if (error instanceof JsonRpcError) return error.error;
  return { code: INTERNAL_ERROR, message: error instanceof Error ? error.message : String(error) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is JsonRpcId {
  return typeof value === 'number' || typeof value === 'string';
}
