/**
 * An alert digest: several new reports for one chat in ONE message, a numbered line each with
 * its own row of buttons. One chat takes about one message a second, so forty reports filed
 * within a quarter of an hour's rush would otherwise reach a chair over forty seconds and more;
 * joined, they reach it in a few messages.
 *
 * Only new alerts without a heading or note of their own are joined, with or without photos:
 * a report's photos (or voice note) follow the digest as a reply to it, after the chat's other
 * waiting alerts (enqueue-alert.ts, Follows in ports/outbox.ts), so a rush of reports reaches
 * the official as a few digests first and the evidence after.
 * The delivery queue decides what is joined (the chat's waiting rows, in order, up to
 * DIGEST_LIMITS); this module draws the line of each report and the whole message, both when it
 * is first sent and every time one of its reports changes (alert-updates.ts).
 *
 * A line shows the ticket, kind, field, commune and the start of the citizen's text, never who
 * sent it (the full alert, one button away, shows what the reader may see of the sender).
 */
import { z } from 'zod';
import type { Button, OutboundMessage } from '../channels/types.ts';
import { html, htmlToPlain, joinHtml, type Html } from '../core/html.ts';
import { REPORT_STATUSES } from '../core/report-status.ts';
import { submissionKindSchema } from '../core/submission-kinds.ts';
import type { Joinable } from './ports/outbox.ts';
import type { ReportForOfficials } from './ports/report-store.ts';
import { alertButtons, mapUrl, type AlertViewer } from './alert-message.ts';
import { officialCallback } from './desk/desk-callback.ts';
import { kindLabel, stateLabel } from '../texts/report.ts';
import type { Lang } from '../core/lang.ts';
import { msg, msgHtml } from '../texts/localized.ts';
import { ALERT, BUTTON, DIGEST } from '../texts/official.ts';

/**
 * At most ten reports a message (a screenful an official can work through; 30 buttons, under
 * Telegram's 100), and lines within 3,400 characters so header and footer stay under 4,096.
 */
export const DIGEST_LIMITS = { maxRows: 10, maxWeight: 3400 } as const;

/** How much of the citizen's text a line shows. */
const EXCERPT_CHARS = 140;

/** What a digest line needs of a report: stored with the delivery, so it is plain JSON. */
const entrySchema = z.object({
  id: z.number().int(),
  ticketCode: z.string(),
  kind: submissionKindSchema,
  categoryName: z.string(),
  unitName: z.string(),
  excerpt: z.string(),
  status: z.enum(REPORT_STATUSES),
  /** When it was parked for want of an official (ISO); rows stored before this were not. */
  awaitingOfficialAt: z.string().nullable().default(null),
  extended: z.boolean(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  photos: z.number().int().default(0),
  viewer: z.enum(['leader', 'admin', 'staff', 'observer', 'group']),
  /** The reader's language; rows stored before there was a choice are Vietnamese. */
  lang: z.enum(['vi', 'en']).default('vi'),
});
export type DigestEntry = z.infer<typeof entrySchema>;

/** The report's text on one short line, as a digest line or a notice shows it. */
export function excerpt(text: string): string {
  const chars = Array.from(text.replace(/\s+/gu, ' ').trim());
  return chars.length <= EXCERPT_CHARS
    ? chars.join('')
    : `${chars.slice(0, EXCERPT_CHARS).join('')}…`;
}

export function digestEntry(
  report: ReportForOfficials,
  viewer: AlertViewer,
  lang: Lang = 'vi',
): DigestEntry {
  return {
    id: report.id,
    ticketCode: report.ticketCode,
    kind: report.kind,
    categoryName: report.categoryName,
    unitName: report.unitName,
    excerpt: excerpt(report.text),
    status: report.status,
    awaitingOfficialAt: report.awaitingOfficialAt?.toISOString() ?? null,
    extended: report.extendedAt !== null,
    latitude: report.latitude,
    longitude: report.longitude,
    photos: report.photoFileIds.length,
    viewer,
    lang,
  };
}

function line(entry: DigestEntry, n: number): Html {
  const lang = entry.lang;
  const place = entry.latitude !== null ? DIGEST.hasPlace[lang] : '';
  const photos = entry.photos > 0 ? msg(DIGEST.photosBelow, lang, { n: entry.photos }) : '';
  return joinHtml([
    html`<b>#${n} · ${entry.ticketCode}</b> · ${kindLabel(entry.kind, lang)} · ${entry.categoryName}`,
    html`${entry.unitName}${place}${photos}`,
    html`«${entry.excerpt}»`,
    msgHtml(ALERT.status, lang, {
      status: stateLabel(
        {
          status: entry.status,
          awaitingOfficialAt:
            entry.awaitingOfficialAt === null ? null : new Date(entry.awaitingOfficialAt),
        },
        entry.unitName,
        lang,
      ),
    }),
  ]);
}

/**
 * The row under line `n`: the reader's first action on it (Tiếp nhận for a new report, Đã xử lý
 * for staff), the full alert with every button («Xem»), and the map when there is a place.
 */
function row(entry: DigestEntry, n: number): Button[] {
  const report = {
    id: entry.id,
    status: entry.status,
    kind: entry.kind,
    extendedAt: entry.extended ? new Date(0) : null,
  };
  const first = alertButtons(report, entry.viewer, entry.lang)[0]?.[0];
  const out: Button[] = [];
  if (first?.type === 'callback') out.push({ ...first, label: `${first.label} #${n}` });
  out.push({
    type: 'callback',
    label: msg(BUTTON.view, entry.lang, { n }),
    data: officialCallback(entry.id, 'xem'),
  });
  if (entry.latitude !== null && entry.longitude !== null)
    out.push({ type: 'url', label: `🗺 #${n}`, url: mapUrl(entry.latitude, entry.longitude) });
  return out;
}

/** A report's share of a digest, stored with its alert's delivery. */
export function digestPart(
  report: ReportForOfficials,
  viewer: AlertViewer,
  lang: Lang = 'vi',
): Joinable {
  const entry = digestEntry(report, viewer, lang);
  // Its length as Telegram counts it (the text without markup; UTF-16 units, which bound its
  // characters), with the blank line before it.
  return { weight: htmlToPlain(line(entry, DIGEST_LIMITS.maxRows)).length + 2, part: { ...entry } };
}

/**
 * The digest of `entries` (in line order). `fresh`: just sent (every line is new); else redrawn
 * after a change, with `lastAction` ("#2 Đã tiếp nhận — …") under the lines.
 */
export function digestMessage(
  chatId: string,
  entries: readonly DigestEntry[],
  options: { lastAction?: string } = {},
): Extract<OutboundMessage, { type: 'text' }> {
  // One chat, one reader: every line of a digest is in its chat's language.
  const lang = entries[0]?.lang ?? 'vi';
  const parts: Array<Html | string> = [
    options.lastAction === undefined
      ? msgHtml(DIGEST.freshHeading, lang, { n: entries.length })
      : msgHtml(DIGEST.heading, lang, { n: entries.length }),
  ];
  entries.forEach((entry, i) => parts.push(html``, line(entry, i + 1)));
  if (options.lastAction !== undefined) parts.push(html``, html`<i>${options.lastAction}</i>`);
  parts.push(html``, msgHtml(DIGEST.footer, lang));
  return {
    type: 'text',
    chatId,
    text: joinHtml(parts),
    buttons: entries.map((entry, i) => row(entry, i + 1)),
  };
}

/** For the delivery queue: the digest of the joined rows' parts (thrown on an unreadable one). */
export function joinAlerts(
  chatId: string,
  parts: ReadonlyArray<Record<string, unknown>>,
): OutboundMessage {
  return digestMessage(
    chatId,
    parts.map((part) => entrySchema.parse(part)),
  );
}

/**
 * Which report of a digest a reply is for: "#2 …" or a ticket code of one of its lines at the
 * start. Returns the report's id and the text without that prefix, or undefined.
 */
export function digestReplyTarget(
  text: string,
  reports: ReadonlyArray<{ id: number; ticketCode: string }>,
): { reportId: number; rest: string } | undefined {
  const numbered = /^\s*#\s?(\d{1,2})\b[\s.:,-]*/u.exec(text);
  if (numbered?.[1]) {
    const target = reports[Number(numbered[1]) - 1];
    return target ? { reportId: target.id, rest: text.slice(numbered[0].length) } : undefined;
  }
  const upper = text.trimStart().toUpperCase();
  for (const report of reports)
    if (upper.startsWith(report.ticketCode.toUpperCase()))
      return {
        reportId: report.id,
        rest: text
          .trimStart()
          .slice(report.ticketCode.length)
          .replace(/^[\s.:,-]+/u, ''),
      };
  return undefined;
}

/** What a reply to a digest that names no report is told. */
export function digestReplyHelp(
  reports: ReadonlyArray<{ ticketCode: string }>,
  lang: Lang = 'vi',
): Html {
  return joinHtml([
    msgHtml(DIGEST.replyHelp, lang, { n: reports.length }),
    ...reports.map((r, i) => html`#${i + 1} · ${r.ticketCode}`),
  ]);
}
