/**
 * Telegram's "HTML" parse mode, as the fake Bot API applies it: markup in, plain text plus
 * MessageEntity list out (offsets in UTF-16 code units, like Telegram), or the Bad Request
 * description Telegram would answer with. Also the entity auto-detection Telegram applies to
 * plain text (bot commands, links, mentions, hashtags), which grammY's and Telegraf's
 * `command()` filters depend on.
 */

export interface TgEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  user?: { id: number; is_bot: boolean; first_name: string };
  custom_emoji_id?: string;
}

export type HtmlParseResult =
  { ok: true; text: string; entities: TgEntity[] } | { ok: false; error: string; strict?: boolean };

interface OpenTag {
  name: string;
  entity: TgEntity | undefined;
  start: number;
}

/** Tag name → entity type; `a`, `span`, `code`, `blockquote`, `tg-emoji` are special-cased. */
const SIMPLE_TAGS: Readonly<Record<string, string>> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  pre: 'pre',
};
const SPECIAL_TAGS = new Set(['a', 'span', 'code', 'blockquote', 'tg-emoji']);

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
};

function byteOffset(source: string, index: number): number {
  return Buffer.byteLength(source.slice(0, index), 'utf8');
}

/**
 * Parses `source` the way Telegram does for parse_mode=HTML. Stricter than Telegram in one
 * respect, on purpose: a bare `&` or `>` is an error here (Telegram tolerates them), because
 * either one in our output means user text was interpolated without escaping.
 */
export function parseTelegramHtml(source: string): HtmlParseResult {
  let text = '';
  const entities: TgEntity[] = [];
  const stack: OpenTag[] = [];
  let i = 0;
  const fail = (error: string, strict = false): HtmlParseResult => ({
    ok: false,
    error: `can't parse entities: ${error}`,
    strict,
  });

  while (i < source.length) {
    const ch = source[i];
    if (ch === '&') {
      const m = /^&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/.exec(source.slice(i, i + 12));
      if (!m || m[1] === undefined) {
        return fail(
          `Character "&" at byte offset ${byteOffset(source, i)} must be escaped as "&amp;"`,
          true,
        );
      }
      const name = m[1];
      let decoded: string | undefined;
      if (name.startsWith('#x')) decoded = safeCodePoint(parseInt(name.slice(2), 16));
      else if (name.startsWith('#')) decoded = safeCodePoint(parseInt(name.slice(1), 10));
      else decoded = NAMED_ENTITIES[name];
      if (decoded === undefined) {
        return fail(
          `Unsupported HTML entity "&${name};" at byte offset ${byteOffset(source, i)}; only &lt; &gt; &amp; &quot; and numeric entities are supported`,
        );
      }
      text += decoded;
      i += m[0].length;
      continue;
    }
    if (ch === '>') {
      return fail(
        `Character ">" at byte offset ${byteOffset(source, i)} must be escaped as "&gt;"`,
        true,
      );
    }
    if (ch !== '<') {
      text += ch;
      i += 1;
      continue;
    }

    const tagStart = i;
    const close = source.indexOf('>', i);
    if (close === -1) return fail(`Unclosed start tag at byte offset ${byteOffset(source, i)}`);
    const raw = source.slice(i + 1, close);
    i = close + 1;

    if (raw.startsWith('/')) {
      const name = raw.slice(1).trim().toLowerCase();
      const open = stack.pop();
      if (!open) {
        return fail(`Unexpected end tag at byte offset ${byteOffset(source, tagStart)}`);
      }
      if (open.name !== name) {
        return fail(
          `Unmatched end tag at byte offset ${byteOffset(source, tagStart)}, expected "</${open.name}>", found "</${name}>"`,
        );
      }
      if (open.entity) {
        open.entity.length = text.length - open.entity.offset;
        if (open.entity.length > 0) entities.push(open.entity);
      }
      continue;
    }

    const nameMatch = /^([a-zA-Z][a-zA-Z0-9-]*)/.exec(raw);
    if (!nameMatch?.[1]) {
      return fail(`Unsupported start tag "${raw}" at byte offset ${byteOffset(source, tagStart)}`);
    }
    const name = nameMatch[1].toLowerCase();
    if (!(name in SIMPLE_TAGS) && !SPECIAL_TAGS.has(name)) {
      return fail(`Unsupported start tag "${name}" at byte offset ${byteOffset(source, tagStart)}`);
    }
    const attrs = parseAttributes(raw.slice(nameMatch[1].length));
    if (attrs === undefined) {
      return fail(
        `Can't parse attributes of tag "${name}" at byte offset ${byteOffset(source, tagStart)}`,
      );
    }

    // Telegram forbids entities inside code and pre, except <code class="language-…"> in <pre>.
    const parent = stack[stack.length - 1];
    if (parent && (parent.name === 'code' || parent.name === 'pre')) {
      if (!(parent.name === 'pre' && name === 'code')) {
        return fail(
          `Tag "${name}" can't be nested inside "${parent.name}" at byte offset ${byteOffset(source, tagStart)}`,
        );
      }
    }
    if (name === 'blockquote' && stack.some((t) => t.name === 'blockquote')) {
      return fail(`Blockquotes can't be nested (byte offset ${byteOffset(source, tagStart)})`);
    }

    const offset = text.length;
    let entity: TgEntity | undefined;
    const simple = SIMPLE_TAGS[name];
    if (simple !== undefined) {
      entity = { type: simple, offset, length: 0 };
    } else if (name === 'a') {
      const href = attrs.get('href');
      if (href) {
        const mention = /^tg:\/\/user\?id=(\d+)$/.exec(href);
        entity = mention?.[1]
          ? {
              type: 'text_mention',
              offset,
              length: 0,
              user: { id: Number(mention[1]), is_bot: false, first_name: '' },
            }
          : { type: 'text_link', offset, length: 0, url: href };
      }
    } else if (name === 'span') {
      if (attrs.get('class') !== 'tg-spoiler') {
        return fail(
          `Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(source, tagStart)}`,
        );
      }
      entity = { type: 'spoiler', offset, length: 0 };
    } else if (name === 'code') {
      const language = /^language-(.+)$/.exec(attrs.get('class') ?? '')?.[1];
      // <pre><code class="language-x"> is one pre entity with a language, not two entities.
      if (parent?.name === 'pre') {
        if (parent.entity && language) parent.entity.language = language;
      } else entity = { type: 'code', offset, length: 0 };
    } else if (name === 'blockquote') {
      entity = {
        type: attrs.has('expandable') ? 'expandable_blockquote' : 'blockquote',
        offset,
        length: 0,
      };
    } else if (name === 'tg-emoji') {
      const id = attrs.get('emoji-id');
      if (!id) {
        return fail(
          `Tag "tg-emoji" must have attribute "emoji-id" at byte offset ${byteOffset(source, tagStart)}`,
        );
      }
      entity = { type: 'custom_emoji', offset, length: 0, custom_emoji_id: id };
    }
    stack.push({ name, entity, start: tagStart });
  }

  const unclosed = stack.pop();
  if (unclosed) return fail(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { ok: true, text, entities };
}

function safeCodePoint(cp: number): string | undefined {
  if (!Number.isFinite(cp) || cp < 0 || cp > 0x10ffff) return undefined;
  return String.fromCodePoint(cp);
}

/** Attribute list of a start tag; values are entity-decoded. Undefined when malformed. */
function parseAttributes(rest: string): Map<string, string> | undefined {
  const attrs = new Map<string, string>();
  const re = /\s*([a-zA-Z][a-zA-Z0-9_-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/y;
  let pos = 0;
  while (pos < rest.length) {
    if (/^\s*$/.test(rest.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(rest);
    if (!m?.[1]) return undefined;
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    attrs.set(m[1].toLowerCase(), decodeAttribute(value));
    pos = re.lastIndex;
  }
  return attrs;
}

function decodeAttribute(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return safeCodePoint(parseInt(name.slice(2), 16)) ?? whole;
    if (name.startsWith('#')) return safeCodePoint(parseInt(name.slice(1), 10)) ?? whole;
    return NAMED_ENTITIES[name] ?? whole;
  });
}

/**
 * Entities Telegram detects by itself in plain text: /commands, URLs, @mentions, #hashtags,
 * e-mail addresses. `existing` entities win where they overlap.
 */
export function detectEntities(text: string, existing: readonly TgEntity[] = []): TgEntity[] {
  const found: TgEntity[] = [];
  const patterns: Array<[string, RegExp]> = [
    [
      'bot_command',
      /(?<=^|[\s(])\/[a-zA-Z0-9_]{1,32}(?:@[a-zA-Z0-9_]{3,32})?(?![\p{L}\p{N}_@/])/gu,
    ],
    ['url', /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'»]/gu],
    ['email', /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/gu],
    ['mention', /(?<=^|[\s(])@[a-zA-Z0-9_]{5,32}\b/gu],
    ['hashtag', /(?<=^|[\s(])#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*/gu],
  ];
  const taken = existing.map((e) => [e.offset, e.offset + e.length] as const);
  for (const [type, re] of patterns) {
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      taken.push([start, end]);
      found.push({ type, offset: start, length: end - start });
    }
  }
  return [...existing, ...found].sort((a, b) => a.offset - b.offset || b.length - a.length);
}
