import type { SubmissionKind } from './submission-kinds.ts';

/**
 * Ticket codes: what a citizen quotes to follow up a report, e.g. `PA-2026-000123`.
 *
 * Prefix (two letters, from the Vietnamese name), year of submission, and a sequence number
 * padded to six digits (wider if a year ever needs it). Citizens retype codes by hand, so
 * parsing accepts lower case, spaces or other separators, and missing zero padding.
 */

/**
 * One prefix per kind, all distinct: GY góp ý, PA phản ánh, KN kiến nghị, KH khiếu nại
 * (KHiếu nại, since KN is taken), TC tố cáo.
 */
export const TICKET_PREFIXES: Readonly<Record<SubmissionKind, string>> = Object.freeze({
  'gop-y': 'GY',
  'phan-anh': 'PA',
  'kien-nghi': 'KN',
  'khieu-nai': 'KH',
  'to-cao': 'TC',
});

const KIND_BY_PREFIX: ReadonlyMap<string, SubmissionKind> = new Map(
  (Object.entries(TICKET_PREFIXES) as Array<[SubmissionKind, string]>).map(([k, p]) => [p, k]),
);

/** The sequence's least width (reports-repository.ts pads it the same way in SQL). */
export const TICKET_SEQ_WIDTH = 6;
const MIN_YEAR = 2020;
const MAX_YEAR = 2099;
export const TICKET_MAX_SEQ = 999_999_999;

/** A parsed ticket code. `code` is the canonical spelling. */
export interface TicketCode {
  readonly kind: SubmissionKind;
  readonly year: number;
  readonly seq: number;
  readonly code: string;
}

export type TicketCodeParse =
  | ({ readonly type: 'ok' } & TicketCode)
  | {
      readonly type: 'invalid';
      readonly reason: 'empty' | 'malformed' | 'unknown-prefix' | 'bad-year' | 'bad-sequence';
    };

/**
 * The canonical code, e.g. `formatTicketCode('phan-anh', 2026, 123)` → `PA-2026-000123`.
 *
 * @throws RangeError for a year outside 2020–2099 or a sequence that is not a positive integer:
 *   both come from our own counters, so a bad one is a bug.
 */
export function formatTicketCode(kind: SubmissionKind, year: number, seq: number): string {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`formatTicketCode: year out of range: ${year}`);
  }
  if (!Number.isInteger(seq) || seq < 1 || seq > TICKET_MAX_SEQ) {
    throw new RangeError(`formatTicketCode: sequence out of range: ${seq}`);
  }
  return ticketCodeHead(TICKET_PREFIXES[kind], year) + String(seq).padStart(TICKET_SEQ_WIDTH, '0');
}

/** What comes before the sequence: `PA-2026-`. */
export function ticketCodeHead(prefix: string, year: number): string {
  return `${prefix}-${year}-`;
}

// Prefix, year, sequence; any run of separators (or none) between them. Dashes include the
// en and em dashes that phone keyboards substitute.
const SEP = String.raw`[\s\-‐‑–—_./#:]*`;
const WHOLE = new RegExp(String.raw`^#?\s*([A-Z]{2})${SEP}(\d{4})${SEP}(\d{1,9})$`);
const INSIDE = new RegExp(
  String.raw`(?:^|[^A-Z0-9])([A-Z]{2})${SEP}(\d{4})${SEP}(\d{1,9})(?![0-9])`,
  'g',
);

/** Parses a code typed by a person: `pa-2026-123`, `PA 2026 000123`, ` #PA2026000123 `. */
export function parseTicketCode(text: string): TicketCodeParse {
  const t = normalize(text);
  if (t === '') return { type: 'invalid', reason: 'empty' };
  const m = WHOLE.exec(t);
  if (!m) return { type: 'invalid', reason: 'malformed' };
  return fromParts(m[1] ?? '', m[2] ?? '', m[3] ?? '');
}

/**
 * The first valid ticket code inside a longer message ("tra cứu giúp tôi PA-2026-123 nhé"),
 * or `null` when there is none.
 */
export function findTicketCode(text: string): TicketCode | null {
  const t = normalize(text);
  for (const m of t.matchAll(INSIDE)) {
    const parsed = fromParts(m[1] ?? '', m[2] ?? '', m[3] ?? '');
    if (parsed.type === 'ok') {
      const { kind, year, seq, code } = parsed;
      return { kind, year, seq, code };
    }
  }
  return null;
}

function normalize(text: string): string {
  // NFKC turns full-width letters and digits (some Asian keyboards) into ASCII.
  return text.normalize('NFKC').trim().toUpperCase();
}

function fromParts(prefix: string, yearText: string, seqText: string): TicketCodeParse {
  const kind = KIND_BY_PREFIX.get(prefix);
  if (!kind) return { type: 'invalid', reason: 'unknown-prefix' };
  const year = Number(yearText);
  if (year < MIN_YEAR || year > MAX_YEAR) return { type: 'invalid', reason: 'bad-year' };
  const seq = Number(seqText);
  if (seq < 1) return { type: 'invalid', reason: 'bad-sequence' };
  return { type: 'ok', kind, year, seq, code: formatTicketCode(kind, year, seq) };
}
