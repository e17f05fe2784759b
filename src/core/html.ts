/**
 * Text sent with parse_mode HTML. The only way to build one is the `html` tag, which escapes
 * every interpolated value, so user text can never inject markup.
 */
export interface Html {
  readonly kind: 'html';
  readonly value: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;',
  );
}

/** Tagged template: literal parts are trusted markup, values are escaped (Html values nest). */
/** What may be interpolated: text and numbers are escaped, Html nests as is, null/undefined vanish. */
export type HtmlValue = Html | string | number | boolean | null | undefined;

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += isHtml(v) ? v.value : escapeHtml(v === null || v === undefined ? '' : String(v));
    out += strings[i + 1] ?? '';
  });
  return { kind: 'html', value: out };
}

/** Joins Html fragments (and escaped plain strings) with a trusted separator. */
export function joinHtml(parts: ReadonlyArray<Html | string>, separator = '\n'): Html {
  return {
    kind: 'html',
    value: parts.map((p) => (isHtml(p) ? p.value : escapeHtml(p))).join(separator),
  };
}

export function isHtml(v: unknown): v is Html {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'html';
}

/** The plain text a person reads, for tests and logs. */
export function htmlToPlain(h: Html | string): string {
  if (!isHtml(h)) return h;
  return h.value
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}
