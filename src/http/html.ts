/**
 * Server-rendered HTML: a tagged template that escapes every interpolation unless it is marked
 * safe, a page skeleton, and the one way to send a page. What a user wrote (a report, a name)
 * can only ever reach the browser as text. (Chat messages use src/core/html.ts instead: Telegram's
 * small HTML subset.)
 *
 * ```ts
 * const row = (r: Report) => html`<tr><td>${r.category}</td><td>${r.title}</td></tr>`;
 * return sendHtml(reply, htmlDocument({ title: 'Bảng điều khiển', body: html`
 *   <h1>${unit.name}</h1>
 *   <table>${reports.map(row)}</table>
 *   <figure>${safe(svgFromTheChartModule)}</figure>
 *   <script nonce="${reply.cspNonce.script}">…</script>` }));
 * ```
 *
 * The Content-Security-Policy comes from helmet (create-web-server.ts): no inline script or
 * style without the request's nonce (`reply.cspNonce.script` / `.style`), no inline event
 * handlers (`onclick=`), no `style=""` attributes, nothing from other origins. Put CSS and JS in
 * src/http/public/ (served under /assets/) or in a nonced `<style>` / `<script>`.
 */
import type { FastifyReply } from 'fastify';

/** Markup that is already safe: produced by `html`, or trusted by `safe`. */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

/** What may be interpolated into `html`. */
export type HtmlValue =
  SafeHtml | string | number | bigint | boolean | null | undefined | readonly HtmlValue[];

/**
 * Builds markup: strings and numbers are escaped; SafeHtml values go in as they are; arrays are
 * joined (each item by the same rules); null, undefined and booleans render nothing (so
 * `${cond && html`…`}` works).
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Trusts markup as it is: only for markup gopy made itself (an SVG chart), never user text. */
export function safe(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c] ?? c);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || typeof value === 'boolean') return '';
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return value.map(render).join('');
}

export interface HtmlDocumentOptions {
  /** The page's <title> (escaped). */
  title: string;
  body: SafeHtml;
  /** Extra markup for <head>: stylesheet links, a nonced <style>. */
  head?: SafeHtml;
  /** Stylesheets under /assets/ (see src/http/public/). */
  stylesheets?: readonly string[];
}

/**
 * A whole page: `lang="vi"`, UTF-8, the phone viewport, gopy's base stylesheet. An inline
 * `<style>` or `<script>` in `head` or `body` needs the reply's nonce
 * (`<style nonce="${'$'}{reply.cspNonce.style}">`).
 */
export function htmlDocument(options: HtmlDocumentOptions): SafeHtml {
  const sheets = ['/assets/gopy.css', ...(options.stylesheets ?? [])];
  return html`<!doctype html>
<html lang="vi">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${options.title}</title>
    ${sheets.map((href) => html`<link rel="stylesheet" href="${href}" />`)}
    ${options.head}
  </head>
  <body>
    ${options.body}
  </body>
</html>
`;
}

/**
 * Sends a page: text/html in UTF-8 (NFC, as every Vietnamese text gopy shows), not cached
 * (pages show live figures and who is signed in). Helmet has already set the CSP and the other
 * security headers for the route.
 */
export function sendHtml(reply: FastifyReply, page: SafeHtml, status = 200): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(page.value.normalize('NFC'));
}
