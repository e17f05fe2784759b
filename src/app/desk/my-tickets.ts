/**
 * `/viec`: the tickets waiting for this official, overdue first, each a button that opens it
 * (`/xem` with the alert's action buttons), so an official works without scrolling back to find
 * an alert. What counts as "waiting for" them is the daily digest's rule: assigned to them, or
 * to their position and not yet to a person.
 */
import { officialCallback } from './desk-callback.ts';
import { kindHasDeadline } from '../../core/submission-kinds.ts';
import { html, joinHtml, type Html } from '../../core/html.ts';
import type { OfficialRecord } from '../ports/official-directory.ts';
import type { OpenReportLine } from '../ports/report-worklists.ts';
import type { Button } from '../../channels/types.ts';
import type { StepResult } from '../ports/conversation.ts';
import { formatDate, summary } from '../report-labels.ts';
import { kindLabel, unitWords } from '../../texts/report.ts';
import type { Lang } from '../../core/lang.ts';
import { msg, msgHtml } from '../../texts/localized.ts';
import { WORKLIST } from '../../texts/official-views.ts';
import type { DeskDeps, Turn } from './desk-context.ts';

/** Tickets listed with a button; the rest are counted (Telegram keyboards get unwieldy). */
export const MAX_TICKET_BUTTONS = 20;
/** Characters of the citizen's text shown per ticket, to say what it is about. */
const SUMMARY_LENGTH = 70;

export async function myTickets(
  deps: DeskDeps,
  turn: Turn,
  accounts: readonly OfficialRecord[],
): Promise<StepResult> {
  const open = await deps.workflow.openReports({
    unitCodes: [],
    officialIds: accounts.map((o) => o.id),
  });
  const communeOpen = await deps.workflow.openReports({
    unitCodes: [...new Set(accounts.filter((o) => o.role === 'leader').map((o) => o.unitCode))],
  });
  const ids = new Set(accounts.map((o) => o.id));
  const positions = new Set(accounts.map((o) => o.positionId));
  const byId = new Map<number, OpenReportLine>();
  for (const r of [...open, ...communeOpen])
    if (
      (r.assignedOfficialId !== null && ids.has(r.assignedOfficialId)) ||
      (r.assignedOfficialId === null &&
        r.assignedPositionId !== null &&
        positions.has(r.assignedPositionId))
    )
      byId.set(r.id, r);
  const mine = ticketOrder([...byId.values()], turn.now);
  const others = new Set(communeOpen.map((r) => r.id).filter((id) => !byId.has(id))).size;
  // Their unit, named as what it is («Toàn phường còn …»), when they lead exactly one.
  const led = [...new Set(accounts.filter((o) => o.role === 'leader').map((o) => o.unitName))];
  const { text, buttons } = ticketList(
    mine,
    others,
    turn.now,
    turn.lang,
    led.length === 1 ? led[0] : '',
  );
  turn.say(text, buttons);
  return turn.done();
}

function isOverdue(r: OpenReportLine, now: Date): boolean {
  return kindHasDeadline(r.kind) && r.dueAt.getTime() <= now.getTime();
}

/** Overdue first, then by deadline. */
function ticketOrder(lines: OpenReportLine[], now: Date): OpenReportLine[] {
  return [...lines].sort(
    (a, b) =>
      Number(isOverdue(b, now)) - Number(isOverdue(a, now)) ||
      a.dueAt.getTime() - b.dueAt.getTime() ||
      a.id - b.id,
  );
}

/** Pure: the message and its buttons, in the official's language, for tests. */
export function ticketList(
  mine: readonly OpenReportLine[],
  othersInCommune: number,
  now: Date,
  lang: Lang = 'vi',
  /** The unit the others are of, named as what it is: «Toàn phường còn …». */
  unitName = '',
): { text: Html; buttons: Button[][] } {
  const overdue = mine.filter((r) => isOverdue(r, now)).length;
  const lines: Html[] = [
    mine.length === 0
      ? msgHtml(WORKLIST.none, lang)
      : html`${msgHtml(WORKLIST.heading, lang, { n: String(mine.length) })}${overdue ? msgHtml(WORKLIST.overdueCount, lang, { n: String(overdue) }) : ''}`,
  ];
  const shown = mine.slice(0, MAX_TICKET_BUTTONS);
  for (const r of shown)
    lines.push(
      html``,
      html`${isOverdue(r, now) ? '⚠ ' : ''}<b>${r.ticketCode}</b> · ${kindLabel(r.kind, lang)} · ${r.categoryName} · ${!kindHasDeadline(r.kind) ? WORKLIST.noDeadline[lang] : msg(WORKLIST.due, lang, { date: formatDate(r.dueAt) })}${isOverdue(r, now) ? WORKLIST.overdue[lang] : ''}`,
      html`<i>${summary(r.text, SUMMARY_LENGTH)}</i>`,
    );
  if (mine.length > shown.length)
    lines.push(html``, msgHtml(WORKLIST.more, lang, { n: String(mine.length - shown.length) }));
  if (othersInCommune > 0)
    lines.push(
      html``,
      msgHtml(WORKLIST.othersInCommune, lang, {
        ...unitWords(unitName, lang),
        n: String(othersInCommune),
      }),
    );
  if (shown.length > 0) lines.push(html``, msgHtml(WORKLIST.tapOne, lang));
  const buttons = shown.map((r) => [
    {
      type: 'callback' as const,
      label: `${isOverdue(r, now) ? '⚠ ' : ''}${r.ticketCode}${!kindHasDeadline(r.kind) ? '' : msg(WORKLIST.buttonDue, lang, { date: formatDate(r.dueAt).slice(0, 5) })}`,
      data: officialCallback(r.id, 'xem'),
    },
  ]);
  return { text: joinHtml(lines), buttons };
}
