/**
 * Length, splitting and truncation of message text by Telegram's rules, for plain text and for
 * Html alike. Telegram limits text "after entities parsing": tags count nothing, `&lt;` counts one
 * character, and characters are counted in UTF-16 code units (a JavaScript string's `length`).
 */
import { isHtml, type Html } from '../../core/html.ts';
import type { MessageText } from '../types.ts';

type Atom =
  | { kind: 'tag'; raw: string; name: string; closing: boolean }
  | { kind: 'text'; raw: string; weight: number; space: boolean; newline: boolean };

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Tags and entities in Telegram's HTML; everything else is text. */
const HTML_TOKEN = /<\/?([a-zA-Z][\w-]*)[^>]*>|&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g;

/**
 * The length Telegram checks against its limits: the visible text, in UTF-16 code units.
 */
export function telegramTextLength(text: MessageText): number {
  // A run's weight is its length whatever its graphemes: no need to segment it.
  return tokenize(text, wholeRuns).reduce((sum, a) => sum + (a.kind === 'text' ? a.weight : 0), 0);
}

/**
 * Splits text into pieces of at most `limit` visible characters. Breaks at the last line break
 * that fits, else at the last space, else between two graphemes; never inside a tag, an entity
 * or a grapheme. An Html piece closes the tags still open at its end and the next piece reopens
 * them, so every piece is well-formed markup on its own. The break character itself is dropped,
 * and pieces with nothing visible are left out (so empty text gives `[]`).
 */
export function splitTelegramText(text: MessageText, limit: number): MessageText[] {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be ≥ 1: ${limit}`);
  // Nearly every message fits: its source is no longer than the limit (tags weigh nothing, an
  // entity less than its source). Then no break is looked for, and whole runs of text give the
  // same piece as graphemes would, without segmenting each reply (bench:intake, issue 16).
  const fits = (isHtml(text) ? text.value : text).length <= limit;
  const atoms = tokenize(text, fits ? wholeRuns : textAtoms);
  const html = isHtml(text);
  const pieces: MessageText[] = [];
  let open: Array<Extract<Atom, { kind: 'tag' }>> = [];
  let start = 0;

  while (start < atoms.length) {
    // Tags closed right at the start of a piece need no reopening: they end here.
    while (atoms[start]?.kind === 'tag' && closesTop(open, atoms[start])) {
      open = open.slice(0, -1);
      start++;
    }
    let weight = 0;
    let end = start;
    let lastNewline = -1;
    let lastSpace = -1;
    for (; end < atoms.length; end++) {
      const atom = atoms[end]!;
      if (atom.kind === 'text') {
        if (weight + atom.weight > limit) break;
        weight += atom.weight;
        if (atom.newline) lastNewline = end;
        else if (atom.space) lastSpace = end;
      }
    }

    let cut = end;
    let next = end;
    if (end < atoms.length) {
      const breakAt = lastNewline >= start ? lastNewline : lastSpace >= start ? lastSpace : -1;
      if (breakAt >= 0) {
        cut = breakAt;
        next = breakAt + 1;
      } else {
        cut = end > start ? end : start + 1; // a grapheme wider than the limit goes alone
        next = cut;
      }
    }
    // Tags opened right before the break enclose nothing here: they open in the next piece.
    let bodyEnd = cut;
    while (bodyEnd > start && isOpening(atoms[bodyEnd - 1])) bodyEnd--;

    const reopen = open.map((t) => t.raw).join('');
    const body = atoms.slice(start, bodyEnd);
    open = replayTags(open, body);
    const close = [...open]
      .reverse()
      .map((t) => `</${t.name}>`)
      .join('');
    const visible = body.some((a) => a.kind === 'text' && a.raw.trim() !== '');
    if (visible) {
      const raw = reopen + body.map((a) => a.raw).join('') + close;
      pieces.push(html ? ({ kind: 'html', value: raw } satisfies Html) : raw);
    }
    open = replayTags(open, atoms.slice(bodyEnd, cut));
    start = next;
  }
  return pieces;
}

/**
 * Shortens text to at most `limit` visible characters, ending with "…" when it had to cut
 * (at a line break or space when one fits, like splitTelegramText). Text that fits is returned
 * unchanged.
 */
export function truncateTelegramText(text: MessageText, limit: number): MessageText {
  if (telegramTextLength(text) <= limit) return text;
  const first = splitTelegramText(text, Math.max(1, limit - 1))[0] ?? '';
  return isHtml(first) ? { kind: 'html', value: `${first.value}…` } : `${first}…`;
}

function isOpening(atom: Atom | undefined): boolean {
  return atom?.kind === 'tag' && !atom.closing;
}

function closesTop(open: Array<Extract<Atom, { kind: 'tag' }>>, atom: Atom | undefined): boolean {
  return atom?.kind === 'tag' && atom.closing && open.at(-1)?.name === atom.name;
}

function replayTags(
  open: Array<Extract<Atom, { kind: 'tag' }>>,
  atoms: Atom[],
): Array<Extract<Atom, { kind: 'tag' }>> {
  const stack = [...open];
  for (const atom of atoms) {
    if (atom.kind !== 'tag') continue;
    if (!atom.closing) stack.push(atom);
    else {
      const at = stack.map((t) => t.name).lastIndexOf(atom.name);
      if (at >= 0) stack.splice(at, 1);
    }
  }
  return stack;
}

/** Text between tags as atoms: one per grapheme (textAtoms), or one per run (wholeRuns). */
type TextAtoms = (text: string) => Atom[];

function tokenize(text: MessageText, textAtoms: TextAtoms): Atom[] {
  if (!isHtml(text)) return textAtoms(text);
  const atoms: Atom[] = [];
  let last = 0;
  for (const m of text.value.matchAll(HTML_TOKEN)) {
    atoms.push(...textAtoms(text.value.slice(last, m.index)));
    if (m[1] !== undefined) {
      atoms.push({ kind: 'tag', raw: m[0], name: m[1].toLowerCase(), closing: m[0][1] === '/' });
    } else {
      const weight = entityWeight(m[2] ?? '');
      atoms.push({ kind: 'text', raw: m[0], weight, space: false, newline: false });
    }
    last = m.index + m[0].length;
  }
  atoms.push(...textAtoms(text.value.slice(last)));
  return atoms;
}

/** A run of text as one atom: right where no break is sought within it. */
function wholeRuns(text: string): Atom[] {
  if (text === '') return [];
  const space = /^\s+$/.test(text);
  return [{ kind: 'text', raw: text, weight: text.length, space, newline: text.includes('\n') }];
}

function textAtoms(text: string): Atom[] {
  const atoms: Atom[] = [];
  for (const { segment } of graphemes.segment(text)) {
    atoms.push({
      kind: 'text',
      raw: segment,
      weight: segment.length,
      space: /^\s+$/.test(segment),
      newline: segment.includes('\n'),
    });
  }
  return atoms;
}

/** Visible length of an entity: one character, or two code units for an astral code point. */
function entityWeight(body: string): number {
  if (!body.startsWith('#')) return 1;
  const hex = body[1] === 'x' || body[1] === 'X';
  const code = hex ? parseInt(body.slice(2), 16) : Number(body.slice(1));
  return code > 0xffff ? 2 : 1;
}
