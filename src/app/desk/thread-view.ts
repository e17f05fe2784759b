/**
 * `/xem <mã phiếu>`: the report as its alert shows it, then every message of its thread (who,
 * when, whether it reached the other side, edits and retractions, private notes marked), then
 * its history. For officials of the commune only; a citizen's identity stays as sealed as in
 * the alert.
 */
import { AWAITING_OFFICIAL_EVENT } from '../../core/report-deadline.ts';
import { assertNever } from '../../core/assert-never.ts';
import { html, joinHtml, type Html } from '../../core/html.ts';
import type { Lang } from '../../core/lang.ts';
import type { ReportForOfficials } from '../ports/report-store.ts';
import type { ReportEventEntry, ThreadDelivery, ThreadEntry } from '../ports/report-thread.ts';
import { alertText, changedAlertHeading } from '../alert-message.ts';
import { formatDateTime } from '../report-labels.ts';
import { msg, msgHtml } from '../../texts/localized.ts';
import { HISTORY, THREAD } from '../../texts/official-views.ts';
import { unitWords } from '../../texts/report.ts';
import { citizenLabel } from './thread-messages.ts';

/** At most this many history lines (the newest): the thread matters more. */
const MAX_HISTORY = 15;

export function threadView(
  report: ReportForOfficials,
  thread: readonly ThreadEntry[],
  events: readonly ReportEventEntry[],
  officialNames: ReadonlyMap<number, string>,
  lang: Lang = 'vi',
): Html {
  const lines: Array<Html | string> = [
    alertText(report, {
      heading: changedAlertHeading(report.kind, lang),
      answerBy: 'command',
      lang,
    }),
    html``,
    msgHtml(THREAD.conversation, lang, { n: String(thread.length) }),
  ];
  if (thread.length === 0) lines.push(msgHtml(THREAD.noMessages, lang));
  for (const m of thread) {
    const who = authorOf(report, m, officialNames, lang);
    const marks = [
      m.editedAt ? THREAD.edited[lang] : '',
      m.deletedAt ? THREAD.retracted[lang] : '',
      m.direction === 'note' ? '' : deliveryLabel(m, officialNames, lang),
    ].filter((x) => x !== '');
    const files = m.files.length ? html`\n📎 ${fileSummary(m.files, lang)}` : html``;
    const text =
      m.direction === 'note' && m.authorKind === 'citizen' ? followerNote(m.text, lang) : m.text;
    lines.push(
      html`\n<b>${who}</b> · ${formatDateTime(m.createdAt)}${marks.length ? ` · ${marks.join(' · ')}` : ''}\n${m.deletedAt ? html`<s>${text}</s>` : text}${files}`,
    );
  }
  if (events.length) {
    lines.push(html``, msgHtml(THREAD.history, lang));
    for (const e of events.slice(-MAX_HISTORY))
      lines.push(html`${formatDateTime(e.createdAt)} — ${eventLabel(e, lang, report.unitName)}`);
  }
  return joinHtml(lines);
}

function authorOf(
  report: ReportForOfficials,
  m: ThreadEntry,
  names: ReadonlyMap<number, string>,
  lang: Lang,
): string {
  switch (m.direction) {
    case 'in':
      return citizenLabel(report, lang);
    case 'out':
      return msg(THREAD.fromCommune, lang, {
        ...unitWords(report.unitName, lang),
        name: official(m, names, lang),
      });
    case 'note':
      // A follower's note is a citizen's (its author id is a citizen's, never shown).
      return m.authorKind === 'citizen'
        ? THREAD.followerNote[lang]
        : msg(THREAD.note, lang, { name: official(m, names, lang) });
    default:
      return assertNever(m.direction, 'thread direction');
  }
}

/**
 * A follower's note in the reader's language. gopy writes it in Vietnamese, the record's
 * language (an official reading English may share /xem with one reading Vietnamese); its
 * words are recognised here, older notes included. Anything else is shown as written.
 */
function followerNote(text: string, lang: Lang): string {
  if (lang === 'vi') return text;
  for (const note of [THREAD.followerPartly, THREAD.followerNotResolved])
    if (text === note.vi) return note[lang];
  const joined = THREAD.followerJoined.vi.slice(0, THREAD.followerJoined.vi.indexOf('{words}'));
  return text.startsWith(joined)
    ? msg(THREAD.followerJoined, lang, { words: text.slice(joined.length) })
    : text;
}

/** The official who wrote it, by name (an author id of another kind names no official). */
function official(m: ThreadEntry, names: ReadonlyMap<number, string>, lang: Lang): string {
  return m.authorKind === 'official' && m.authorId !== null
    ? (names.get(m.authorId) ?? THREAD.anOfficial[lang])
    : THREAD.anOfficial[lang];
}

function deliveryLabel(m: ThreadEntry, names: ReadonlyMap<number, string>, lang: Lang): string {
  const { delivery: state } = m;
  const direction = m.direction === 'in' ? 'in' : 'out';
  if (state === 'sent' && direction === 'in') {
    // Who it reached, by name: the officials it was copied to, and the staff group.
    const who = [
      ...(m.reachedOfficials ?? []).map((id) => names.get(id) ?? THREAD.anOfficial[lang]),
      ...(m.reachedGroup ? [THREAD.staffGroup[lang]] : []),
    ];
    if (who.length > 0) return msg(THREAD.passedOnTo, lang, { who: who.join(', ') });
  }
  return stateLabel(state, direction, lang);
}

function stateLabel(state: ThreadDelivery, direction: 'in' | 'out', lang: Lang): string {
  switch (state) {
    case 'none':
      return (direction === 'in' ? THREAD.notPassedOn : THREAD.notSent)[lang];
    case 'pending':
      return THREAD.sending[lang];
    case 'sent':
      return (direction === 'in' ? THREAD.passedOn : THREAD.received)[lang];
    case 'failed':
      return THREAD.failed[lang];
    case 'unreachable':
      return (direction === 'in' ? THREAD.officialsUnreachable : THREAD.citizenBlocked)[lang];
    default:
      return assertNever(state, 'thread delivery');
  }
}

function fileSummary(files: ThreadEntry['files'], lang: Lang): string {
  const count = (kind: ThreadEntry['files'][number]['kind']) =>
    files.filter((f) => f.kind === kind).length;
  const [photos, documents, voices] = [count('photo'), count('document'), count('voice')];
  return [
    photos ? msg(THREAD.photos, lang, { n: String(photos) }) : '',
    documents ? msg(THREAD.documents, lang, { n: String(documents) }) : '',
    voices ? msg(THREAD.voices, lang, { n: String(voices) }) : '',
  ]
    .filter((x) => x !== '')
    .join(', ');
}

/** One line of history, in words, naming the report's unit (`unitName`) as what it is. */
export function eventLabel(e: ReportEventEntry, lang: Lang = 'vi', unitName = ''): string {
  const unit = unitWords(unitName, lang);
  const by =
    e.actorKind === 'citizen'
      ? HISTORY.byCitizen
      : e.actorKind === 'system'
        ? HISTORY.bySystem
        : HISTORY.byOfficial;
  const withReason = (what: string) =>
    typeof e.data['reason'] === 'string'
      ? msg(HISTORY.withReason, lang, { what, reason: e.data['reason'] })
      : what;
  switch (e.type) {
    case 'submitted':
      return HISTORY.submitted[lang];
    case 'routed':
      // Routing records who holds it: the province's administrator is not the commune.
      return msg(
        e.data['toProvince'] === 'noOfficial'
          ? HISTORY.routedToProvince
          : e.data['toProvince'] === 'aboutChair'
            ? HISTORY.routedToProvinceAboutChair
            : HISTORY.routed,
        lang,
        unit,
      );
    case AWAITING_OFFICIAL_EVENT:
      return msg(HISTORY.awaitingOfficial, lang, unit);
    case 'acknowledged':
      return msg(HISTORY.acknowledged, lang, unit);
    case 'assigned':
      return HISTORY.assigned[lang];
    case 'passed':
      return withReason(HISTORY.passed[lang]);
    case 'extended':
      return withReason(HISTORY.extended[lang]);
    case 'resolved':
      return HISTORY.resolved[lang];
    case 'reopened':
      return HISTORY.reopened[lang];
    case 'escalated':
      return (
        e.data['reason'] === 'reopened' ? HISTORY.escalatedUnhappy : HISTORY.escalatedOverdue
      )[lang];
    case 'reminded':
      return HISTORY.reminded[lang];
    case 'closed':
      return (e.data['verdict'] === 'none' ? HISTORY.autoClosed : HISTORY.closed)[lang];
    default:
      return msg(HISTORY.other, lang, { type: e.type, by: by[lang] });
  }
}
