/**
 * A citizen on the web chat, as a browser's script talks to gopy (POST with an idempotency key,
 * the conversation read back from the log): for tests that walk flows on the `web` channel
 * without a browser. What it reads is what the page would show.
 */
import { randomBytes } from 'node:crypto';
import { htmlToPlain, isHtml } from '../../src/core/html.ts';

export interface WebEntry {
  id: number;
  direction: 'in' | 'out';
  key: string | null;
  payload: {
    type: string;
    text?: unknown;
    caption?: unknown;
    buttons?: Array<Array<{ type: string; label: string; data?: string }>>;
    replyKeyboard?: { type: string; buttons?: Array<{ label: string; request?: string }> };
    messageId?: number;
    url?: string;
  };
}

export function textOf(entry: WebEntry): string {
  const t = entry.payload.text ?? entry.payload.caption ?? '';
  if (isHtml(t)) return htmlToPlain(t);
  return typeof t === 'string' ? t : '';
}

/** gopy's messages as the page shows them (edits applied, passing notes left out), in order. */
export function shownOf(all: WebEntry[]): WebEntry[] {
  const out = new Map<number, WebEntry>();
  for (const e of all) {
    if (e.direction !== 'out') continue;
    if (e.payload.type === 'edit' && e.payload.messageId !== undefined) {
      const target = out.get(e.payload.messageId);
      if (target) out.set(target.id, { ...target, payload: { ...e.payload, type: 'text' } });
    } else if (e.payload.type !== 'toast') out.set(e.id, e);
  }
  return [...out.values()];
}

export interface WebCitizen {
  token: string;
  /** POSTs one message; resolves with the HTTP status and body. */
  post(message: Record<string, unknown>, key?: string): Promise<{ status: number; body: unknown }>;
  /** Opens the page; `link` is its `?start=` (a deep link, e.g. a counter's QR code). */
  start(link?: string): Promise<void>;
  send(text: string): Promise<void>;
  /** Presses the button with this label on the newest message that has it. */
  press(label: string | RegExp): Promise<void>;
  location(latitude: number, longitude: number): Promise<void>;
  contact(phone: string): Promise<void>;
  photo(bytes: Uint8Array, type?: string, key?: string): Promise<{ status: number; body: unknown }>;
  /** Uploads a recording (or an audio file) as the page's recorder does. */
  voice(bytes: Uint8Array, type?: string, key?: string): Promise<{ status: number; body: unknown }>;
  /** The log after an entry id (the whole log by default), as stored: edits are entries. */
  entries(after?: number): Promise<WebEntry[]>;
  /** gopy's messages as the page shows them (edits applied), oldest first. */
  texts(): Promise<string[]>;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

/** A new browser session on a commune's page (or, given its token, the same session on another). */
export function webCitizen(
  baseUrl: string,
  commune: string,
  token = randomBytes(32).toString('base64url'),
): WebCitizen {
  const api = `${baseUrl}/chat/${commune}/api/`;
  const auth = { authorization: `Bearer ${token}` };

  async function post(
    message: Record<string, unknown>,
    key = randomBytes(12).toString('base64url'),
  ) {
    const res = await fetch(`${api}messages`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ key, message }),
    });
    return { status: res.status, body: await res.json() };
  }
  async function ok(message: Record<string, unknown>): Promise<void> {
    const r = await post(message);
    if (r.status !== 200) throw new Error(`web chat POST ${r.status}: ${JSON.stringify(r.body)}`);
  }
  async function upload(route: string, bytes: Uint8Array, type: string, key: string) {
    const res = await fetch(`${api}${route}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': type, 'idempotency-key': key },
      body: new Blob([Buffer.from(bytes)]),
    });
    return { status: res.status, body: await res.json() };
  }
  async function entries(after = 0): Promise<WebEntry[]> {
    const res = await fetch(`${api}entries?after=${after}`, { headers: auth });
    const body = (await res.json()) as { entries?: WebEntry[] };
    if (!res.ok || !body.entries)
      throw new Error(`web chat log ${res.status}: ${JSON.stringify(body)}`);
    return body.entries;
  }
  const shown = async () => shownOf(await entries());

  const citizen: WebCitizen = {
    token,
    post,
    start: (link) => ok({ type: 'start', ...(link ? { link } : {}) }),
    send: (text) => ok({ type: 'text', text }),
    async press(label) {
      const matches = (l: string) => (typeof label === 'string' ? l === label : label.test(l));
      for (const e of (await shown()).reverse())
        for (const row of e.payload.buttons ?? [])
          for (const b of row)
            if (b.type === 'callback' && matches(b.label))
              return ok({ type: 'button', data: b.data, label: b.label, messageId: e.id });
      const last = (await shown()).at(-1);
      throw new Error(`no button ${String(label)}; last: ${last ? textOf(last) : '(none)'}`);
    },
    location: (latitude, longitude) => ok({ type: 'location', latitude, longitude }),
    contact: (phone) => ok({ type: 'contact', phone }),
    photo: (bytes, type = 'image/png', key = randomBytes(12).toString('base64url')) =>
      upload('photos', bytes, type, key),
    voice: (bytes, type = 'audio/webm', key = randomBytes(12).toString('base64url')) =>
      upload('voices', bytes, type, key),
    entries,
    texts: async () => (await shown()).map(textOf),
    async waitFor(pattern, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await citizen.texts()).reverse().find((t) => pattern.test(t));
        if (found !== undefined) return found;
        if (Date.now() > deadline) {
          const texts = await citizen.texts();
          throw new Error(`web chat never showed ${String(pattern)}; last: ${texts.at(-1) ?? ''}`);
        }
        // The log is read at most 300 times a minute per session (the route's limit).
        await new Promise((r) => setTimeout(r, 250));
      }
    },
  };
  return citizen;
}
