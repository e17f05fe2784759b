/**
 * The alert an official receives for a report: everything needed to act without opening
 * anything else, user text escaped, and the action buttons. Anonymous reports show no sender.
 * The same text, with the current status and the last action, replaces the alert every time the
 * report changes, so whoever looks at it later sees where it stands.
 */
import type { Button, OutboundMessage } from '../channels/types.ts';
import { html, joinHtml, type Html } from '../core/html.ts';
import { submissionKind, kindIsSealed } from '../core/submission-kinds.ts';
import { formatPhone, newStyleTones } from '../core/vi-text.ts';
import type { ReportForOfficials } from './ports/report-store.ts';
import { officialCallback, type OfficialAction } from './desk/desk-callback.ts';
import { formatDate, formatDateTime } from './report-labels.ts';
import { dueOnReceipt, kindLabel, stateLabel } from '../texts/report.ts';
import type { Lang } from '../core/lang.ts';
import { inLang, msg, msgHtml, type Localized, type PerLang } from '../texts/localized.ts';
import { ALERT, BUTTON } from '../texts/official.ts';
import { FIELD_WORDS, POSITION, POSITION_FIELD, POSITION_KIND } from '../texts/official-views.ts';
import type { PositionKind } from '../core/positions.ts';

/** Who looks at an alert: its buttons are the ones this reader may use. */
export type AlertViewer = 'leader' | 'admin' | 'staff' | 'observer' | 'group';

/**
 * The buttons under an alert for its reader. A group sees every button (any official in it may
 * act, and the server checks each press); staff only answer what they were given; observers
 * only read. An answered or closed report has none.
 */
export function alertButtons(
  report: Pick<ReportForOfficials, 'id' | 'status' | 'extendedAt' | 'kind'>,
  viewer: AlertViewer = 'group',
  lang: Lang = 'vi',
): Button[][] {
  if (report.status === 'closed' || report.status === 'resolved') return [];
  if (viewer === 'observer') return [];
  const b = (label: keyof typeof BUTTON, action: OfficialAction): Button => ({
    type: 'callback',
    label: BUTTON[label][lang],
    data: officialCallback(report.id, action),
  });
  if (viewer === 'staff') return [[b('resolve', 'res')]];
  const rows: Button[][] = [];
  if (report.status === 'routed' || report.status === 'submitted' || report.status === 'reopened')
    rows.push([b('acknowledge', 'ack'), b('assign', 'asg')]);
  else rows.push([b('assign', 'asg')]);
  rows.push([b('resolve', 'res'), b('pass', 'pass')]);
  // A góp ý has no deadline to extend.
  if (!report.extendedAt && submissionKind(report.kind).handling.hasDeadline)
    rows.push([b('extend', 'ext')]);
  return rows;
}

export interface AlertExtra {
  /**
   * First line, e.g. "🚨 Quá hạn — chuyển lên Chủ tịch"; by default "🔔 <kind> mới" ("🔔 Kiến
   * nghị mới"), so the reader knows at once whether a statutory complaint has arrived.
   */
  heading?: PerLang<string>;
  /** "Đã tiếp nhận — Nguyễn Văn A (Chủ tịch UBND xã), 09:12 05/01/2026". */
  lastAction?: PerLang<string>;
  /** A line the reader must see: the reason of a transfer, the citizen's comment on a reopen. */
  note?: PerLang<Html | string>;
  /** The reader's language (Vietnamese unless the official chose English). */
  lang?: Lang;
  /**
   * How to write to the citizen from this message: 'reply' (the alert, linked to its report) or
   * 'command' (a view that is not linked, such as /xem: use /tl).
   */
  answerBy?: 'reply' | 'command';
}

/** "Phản ánh mới", "Khiếu nại mới": the heading of a fresh alert. */
export function newAlertHeading(kind: string, lang: Lang = 'vi'): string {
  return msg(ALERT.newHeading, lang, {
    kind: lang === 'en' ? kindLabel(kind, lang).toLowerCase() : kindLabel(kind),
  });
}

/** "📋 Phản ánh": the heading of an alert redrawn after a change. */
export function changedAlertHeading(kind: string, lang: Lang = 'vi'): string {
  return msg(ALERT.changedHeading, lang, { kind: kindLabel(kind, lang) });
}

/** The sender as officials read it: a web chat's citizen by the channel (it has no name). */
function senderName(report: ReportForOfficials, lang: Lang): string {
  if (report.citizenChannel === 'web') return ALERT.webChatCitizen[lang];
  return report.citizen?.displayName ?? ALERT.aCitizen[lang];
}

export function alertText(report: ReportForOfficials, extra: AlertExtra = {}): Html {
  const lang = extra.lang ?? 'vi';
  const phone = report.citizen?.phone
    ? msgHtml(ALERT.phone, lang, { phone: formatPhone(report.citizen.phone) })
    : '';
  const heading =
    extra.heading === undefined ? newAlertHeading(report.kind, lang) : inLang(extra.heading, lang);
  // Parked until the commune has an official: its stored deadline is a placeholder (it counts
  // from receipt), so it reads as the dashboard reads it, never as a date already past.
  const parked = report.awaitingOfficialAt !== null && report.status === 'submitted';
  const lines: Array<Html | string> = [
    html`<b>${heading} · ${report.ticketCode}</b>`,
    msgHtml(ALERT.kindAndField, lang, {
      kind: kindLabel(report.kind, lang),
      field: report.categoryName,
    }),
    msgHtml(ALERT.place, lang, { unit: report.unitName, province: report.provinceName }),
    !submissionKind(report.kind).handling.hasDeadline
      ? msgHtml(ALERT.noDeadline, lang)
      : parked
        ? msgHtml(ALERT.deadline, lang, { date: dueOnReceipt(report.unitName, lang) })
        : html`${msgHtml(ALERT.deadline, lang, { date: formatDate(report.dueAt) })}${report.extendedAt ? ALERT.extended[lang] : ''}`,
    report.citizen?.complainant
      ? html`${msgHtml(ALERT.complainant, lang, { name: report.citizen.complainant.fullName, address: report.citizen.complainant.homeAddress })}${phone}`
      : report.citizen
        ? html`${msgHtml(ALERT.sender, lang, { name: senderName(report, lang) })}${phone}`
        : kindIsSealed(report.kind)
          ? msgHtml(ALERT.senderSealed, lang)
          : msgHtml(ALERT.senderAnonymous, lang),
    html``,
    html`${report.text}`,
  ];
  if (report.address) lines.push(html`📍 ${report.address}`);
  if (report.latitude !== null && report.longitude !== null)
    lines.push(msgHtml(ALERT.hasPlace, lang));
  if (report.photoFileIds.length)
    lines.push(msgHtml(ALERT.photos, lang, { n: report.photoFileIds.length }));
  if (report.voiceFileIds.length) lines.push(msgHtml(ALERT.voice, lang));
  if (report.followers.count > 0)
    lines.push(
      html`${msgHtml(ALERT.followers, lang, { n: report.followers.count })}${report.followers.notResolved ? msgHtml(ALERT.followersNotResolved, lang, { n: report.followers.notResolved }) : ''}`,
    );
  if (extra.note) lines.push(html``, html`${inLang(extra.note, lang)}`);
  lines.push(
    html``,
    // In the dashboard's words (texts/report.ts stateLabel), so the two never disagree.
    msgHtml(ALERT.status, lang, { status: stateLabel(report, report.unitName, lang) }),
  );
  if (extra.lastAction) lines.push(html`<i>${inLang(extra.lastAction, lang)}</i>`);
  if (report.status !== 'closed')
    lines.push(
      extra.answerBy === 'command'
        ? msgHtml(ALERT.answerByCommand, lang, { ticket: report.ticketCode })
        : msgHtml(ALERT.answerByReply, lang),
    );
  return joinHtml(lines);
}

/** Where the citizen pinned the report, on a map any phone opens. */
export function mapUrl(latitude: number, longitude: number): string {
  return `https://www.google.com/maps?q=${latitude},${longitude}`;
}

/**
 * Everything under an alert: the reader's action buttons, then the map link when the citizen
 * pinned a place (a link costs no message; a map pin would be one more in the chat), and
 * «📍 Ghim vị trí», which sends the pin itself (Telegram's own map, to navigate from) to
 * whoever asks.
 */
export function alertKeyboard(
  report: Pick<
    ReportForOfficials,
    'id' | 'status' | 'extendedAt' | 'kind' | 'latitude' | 'longitude'
  >,
  viewer: AlertViewer = 'group',
  lang: Lang = 'vi',
): Button[][] {
  const rows = alertButtons(report, viewer, lang);
  if (report.latitude !== null && report.longitude !== null)
    rows.push([
      { type: 'url', label: BUTTON.map[lang], url: mapUrl(report.latitude, report.longitude) },
      { type: 'callback', label: BUTTON.pin[lang], data: officialCallback(report.id, 'ghim') },
    ]);
  return rows;
}

/**
 * The messages of one alert, as few as Telegram allows (one chat takes about one message a
 * second, and every message counts against the bot's 30 a second): one photo carries the alert
 * as its caption with the buttons (when the caption is over Telegram's 1,024 characters the
 * renderer sends the photo, then the text); several photos are an album and the alert. The
 * place is a map link button, not a pin.
 *
 * A spoken description is played as audio. Without photos the voice note carries the alert as
 * its caption (still one message); with photos it is one extra message, marked with the ticket
 * code.
 *
 * Listed media first, the alert last: the order of the dedupe keys (`-0`, `-1`, …) since the
 * first release. They are SENT alert first, the media replying to it (enqueue-alert.ts).
 */
export function alertMessages(
  chatId: string,
  report: ReportForOfficials,
  heading?: PerLang<string>,
  options: { viewer?: AlertViewer; note?: PerLang<Html | string>; lang?: Lang } = {},
): OutboundMessage[] {
  const lang = options.lang ?? 'vi';
  const text = alertText(report, { heading, note: options.note, lang });
  const buttons = alertKeyboard(report, options.viewer ?? 'group', lang);
  const [first, ...more] = report.photoFileIds;
  const [voice, ...moreVoices] = report.voiceFileIds;
  if (voice !== undefined && moreVoices.length === 0 && first === undefined)
    return [{ type: 'voice', chatId, fileId: voice, caption: text, buttons }];
  const voices: OutboundMessage[] = report.voiceFileIds.map((fileId) => ({
    type: 'voice',
    chatId,
    fileId,
    caption: html`🎤 ${report.ticketCode}`,
  }));
  if (first !== undefined && more.length === 0)
    return [...voices, { type: 'photo', chatId, fileId: first, caption: text, buttons }];
  const out: OutboundMessage[] = [...voices];
  if (first !== undefined)
    out.push({ type: 'album', chatId, fileIds: report.photoFileIds, caption: report.ticketCode });
  out.push({ type: 'text', chatId, text, buttons });
  return out;
}

/**
 * "Đã tiếp nhận — Nguyễn Văn A (Chủ tịch UBND xã), 09:12 05/01/2026", in the reader's language:
 * every alert of a report is redrawn with it, each in its own reader's language.
 */
export function describeAction(
  action: PerLang<string>,
  who: PerLang<string>,
  at: Date,
): (lang: Lang) => string {
  return (lang) =>
    msg(ALERT.lastAction, lang, {
      action: inLang(action, lang),
      who: inLang(who, lang),
      at: formatDateTime(at),
    });
}

/**
 * A position as the citizen reads it: "Chủ tịch UBND xã Bắc Đông Hưng" (the generic "UBND xã"
 * of the title becomes the commune's own committee), or "Công chức, UBND phường X".
 */
export function positionAt(title: string, unitName: string): string {
  const committee = committeeName(unitName);
  return /UBND xã$/u.test(title) ? title.replace(/UBND xã$/u, committee) : `${title}, ${committee}`;
}

/**
 * How a position is said where it stands in a line: `at` its unit, for whoever needs the unit
 * named (the citizen); `title`, where the unit goes without saying in Vietnamese («Đã chuyển đến
 * Phó Chủ tịch UBND xã»); `name`, beside its holder's name or on a button.
 */
export type PositionForm = 'at' | 'title' | 'name';

/**
 * The one way to name a position, in the reader's language. In Vietnamese, the position's own
 * title (`title`, `name`), at its unit for `at` («Phó Chủ tịch UBND xã Bắc Đông Hưng»). In English
 * by its kind, since a commune names its positions in Vietnamese, with the field the title names
 * after «phụ trách» (two vice-chairs differ by it): «Vice-chair of the People’s Committee of Xã
 * Bắc Đông Hưng in charge of economy and infrastructure», or beside a name «Vice-chair in charge
 * of economy and infrastructure». The unit is said in English for `title` too: English has no
 * «UBND xã» in the title to say it.
 */
export function positionIn(
  position: { kind: PositionKind; title: string },
  unitName: string,
  lang: Lang,
  form: PositionForm = 'at',
): string {
  if (lang === 'vi') return form === 'at' ? positionAt(position.title, unitName) : position.title;
  const kind =
    form === 'name'
      ? POSITION_KIND[position.kind][lang]
      : msg(POSITION[position.kind], lang, { unit: unitName });
  const field = fieldOfTitle(position.title);
  return field === undefined
    ? kind
    : msg(POSITION_FIELD.inCharge, lang, { position: kind, field: fieldIn(field, lang) });
}

/** The field a title names after «phụ trách» (and «lĩnh vực»), as written. */
function fieldOfTitle(title: string): string | undefined {
  const m = /(?:^|\s)phụ trách\s+(?:lĩnh vực\s+)?(\S.*)$/iu.exec(title.normalize('NFC'));
  return m?.[1]?.trim();
}

const FIELD_BY_WORDS = new Map<string, Localized>(
  Object.values(FIELD_WORDS).map((w) => [newStyleTones(w.vi), w] as const),
);

/**
 * «kinh tế, hạ tầng» in `lang`: "economy and infrastructure". A field with words not in
 * FIELD_WORDS stays as written, whole: the commune's own words, never half translated. «văn hoá»
 * (the tone placed old-style) is «văn hóa»: a commune's titles are written either way.
 */
function fieldIn(field: string, lang: Lang): string {
  if (lang === 'vi') return field;
  const parts = field
    .split(/\s*(?:,|;|\s[–-]\s|\svà\s)\s*/u)
    .filter((p) => p !== '')
    .map((p) => FIELD_BY_WORDS.get(newStyleTones(p.toLocaleLowerCase('vi-VN'))));
  if (parts.length === 0 || parts.some((p) => p === undefined)) return field;
  const said = parts.map((p) => (p as Localized)[lang]);
  const last = said.pop() as string;
  return said.length === 0
    ? last
    : msg(POSITION_FIELD.andLast, lang, { some: said.join(', '), last });
}

/**
 * How the commune signs to citizens: "UBND xã Bắc Đông Hưng", "UBND phường Hồng Châu". Never a
 * person's name: citizens deal with the committee, officials stay behind it.
 */
export function committeeName(unitName: string): string {
  const lowered = unitName.replace(/^(Xã|Phường|Đặc khu|Thị trấn)\s/u, (m) => m.toLowerCase());
  return `UBND ${lowered}`;
}
