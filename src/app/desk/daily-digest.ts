/**
 * The leaders' daily digest: once a working day, at the configured hour (Vietnam time), each
 * leader (and province admin) gets the open reports waiting for them, overdue ones first, and
 * the commune's totals. Once per leader per day is the outbox's dedupe key
 * (`digest-<official>-<date>`), so several sweeps, replicas or restarts send it once.
 * From December, while the working-day calendar has no holidays for next year, the province
 * admins' digest says so (they are the ones who run `gopy calendar set`), even on a day with
 * nothing open. Each digest is in its reader's language (the directory's `lang`).
 */
import { kindHasDeadline } from '../../core/submission-kinds.ts';
import { calendarCoverage, coverageWarning } from '../../core/calendar-coverage.ts';
import { html, joinHtml, type Html } from '../../core/html.ts';
import { localDateTime, type IsoDate } from '../../core/local-date.ts';
import { isWorkingDay } from '../../core/working-days.ts';
import type { OfficialRecord } from '../ports/official-directory.ts';
import type { OpenReportLine } from '../ports/report-worklists.ts';
import { formatDate } from '../report-labels.ts';
import { positionIn } from '../alert-message.ts';
import type { Lang } from '../../core/lang.ts';
import { msg, msgHtml } from '../../texts/localized.ts';
import { ALERT } from '../../texts/official.ts';
import { MORNING, WORKLIST } from '../../texts/official-views.ts';
import { unitWords } from '../../texts/report.ts';
import type { ReceptionVisit } from '../reception.ts';
import type { DeskDeps } from './desk-context.ts';

export const DEFAULT_DIGEST_HOUR = 7;
/** A sweep later than this after the digest hour does not send the day's digest (no night messages). */
export const DIGEST_WINDOW_HOURS = 4;
/** Lines listed per digest; the rest are counted. */
const MAX_LINES = 15;

/** Whether the digest of `now`'s day is due: a working day, within the window after the hour. */
export function digestDay(
  deps: Pick<DeskDeps, 'calendar' | 'digestHour'>,
  now: Date,
): IsoDate | undefined {
  const local = localDateTime(now);
  const hour = deps.digestHour ?? DEFAULT_DIGEST_HOUR;
  if (!isWorkingDay(deps.calendar, local.date)) return undefined;
  if (local.hour < hour || local.hour >= hour + DIGEST_WINDOW_HOURS) return undefined;
  return local.date;
}

/** Sends the day's digests that are due and not sent yet; returns how many were enqueued. */
export async function sendDailyDigests(deps: DeskDeps, now: Date): Promise<number> {
  const day = digestDay(deps, now);
  if (!day) return 0;
  const leaders = (await deps.officials.list()).filter(
    (o) => o.active && o.unreachableAt === null && (o.role === 'leader' || o.role === 'admin'),
  );
  if (leaders.length === 0) return 0;
  const coverage = calendarCoverage(deps.calendar, now);
  const open = await deps.workflow.openReports({
    unitCodes: [...new Set(leaders.filter((o) => o.role === 'leader').map((o) => o.unitCode))],
    officialIds: leaders.map((o) => o.id),
  });
  // The chair receives citizens on reception days: their list of the day comes first.
  const isChair = (o: OfficialRecord) => o.role === 'leader' && o.positionKind === 'chair';
  const visits = deps.receptionList
    ? await deps.receptionList([...new Set(leaders.filter(isChair).map((o) => o.unitCode))], day)
    : [];
  let sent = 0;
  for (const leader of leaders) {
    const mine = open.filter(
      (r) =>
        r.assignedOfficialId === leader.id ||
        (r.assignedOfficialId === null && r.assignedPositionId === leader.positionId),
    );
    const commune =
      leader.role === 'leader' ? open.filter((r) => r.unitCode === leader.unitCode) : [];
    const warning =
      leader.role === 'admin'
        ? coverageWarning(coverage, false, leader.lang === 'en' ? 'en' : undefined)
        : undefined;
    const reception = isChair(leader) ? visits.filter((v) => v.unitCode === leader.unitCode) : [];
    if (mine.length === 0 && commune.length === 0 && !warning && reception.length === 0) continue;
    const text = digestText({
      leader,
      lang: leader.lang,
      day,
      now,
      mine,
      commune,
      reception,
      ...(warning ? { warning } : {}),
    });
    const { created } = await deps.outbox.enqueue({
      dedupeKey: `digest-${leader.id}-${day}`,
      chatId: leader.chatId,
      message: { type: 'text', chatId: leader.chatId, text },
      officialId: leader.id,
    });
    if (created) sent++;
  }
  return sent;
}

/** Pure formatting, in the reader's language, for tests. */
export function digestText(input: {
  leader: Pick<
    OfficialRecord,
    'unitName' | 'positionKind' | 'positionTitle' | 'role' | 'provinceName'
  >;
  day: IsoDate;
  now: Date;
  mine: readonly OpenReportLine[];
  commune: readonly OpenReportLine[];
  /** The citizens the chair receives today, by turn. */
  reception?: readonly ReceptionVisit[];
  /** Shown first: something the reader must fix (the calendar running out). */
  warning?: string;
  /** The reader's language; Vietnamese unless given. */
  lang?: Lang;
}): Html {
  const lang = input.lang ?? 'vi';
  const overdue = (r: OpenReportLine) =>
    kindHasDeadline(r.kind) && r.dueAt.getTime() <= input.now.getTime();
  const [y, m, d] = input.day.split('-');
  const lines: Html[] = [
    msgHtml(MORNING.heading, lang, { date: `${d}/${m}/${y}` }),
    input.leader.role === 'admin'
      ? msgHtml(MORNING.provinceAdmin, lang, { province: input.leader.provinceName })
      : html`${input.leader.unitName} · ${positionIn(
          { kind: input.leader.positionKind, title: input.leader.positionTitle },
          input.leader.unitName,
          lang,
          'name',
        )}`,
    html``,
  ];
  if (input.warning) lines.push(html`${input.warning}`, html``);
  const reception = input.reception ?? [];
  if (reception.length > 0) {
    lines.push(msgHtml(MORNING.reception, lang, { n: String(reception.length) }));
    for (const v of reception)
      lines.push(
        msgHtml(MORNING.visit, lang, {
          time: v.time,
          turn: String(v.slotNo),
          name: v.name ?? ALERT.aCitizen[lang],
          matter: v.matter,
        }),
      );
    lines.push(html``);
  }
  const mineOverdue = input.mine.filter(overdue).length;
  lines.push(
    input.mine.length === 0
      ? msgHtml(MORNING.none, lang)
      : html`${msgHtml(MORNING.waiting, lang, { n: String(input.mine.length) })}${mineOverdue ? msgHtml(MORNING.waitingOverdue, lang, { n: String(mineOverdue) }) : ''}`,
  );
  const sorted = [...input.mine].sort(
    (a, b) => Number(overdue(b)) - Number(overdue(a)) || a.dueAt.getTime() - b.dueAt.getTime(),
  );
  for (const r of sorted.slice(0, MAX_LINES))
    lines.push(
      html`• <b>${r.ticketCode}</b> · ${r.categoryName} · ${!kindHasDeadline(r.kind) ? MORNING.feedback[lang] : msg(WORKLIST.due, lang, { date: formatDate(r.dueAt) })}${overdue(r) ? MORNING.overdue[lang] : ''}`,
    );
  if (sorted.length > MAX_LINES)
    lines.push(msgHtml(WORKLIST.more, lang, { n: String(sorted.length - MAX_LINES) }));
  if (input.commune.length > 0) {
    const communeOverdue = input.commune.filter(overdue).length;
    lines.push(
      html``,
      msgHtml(MORNING.commune, lang, {
        ...unitWords(input.leader.unitName, lang),
        n: String(input.commune.length),
        overdue: String(communeOverdue),
      }),
    );
  }
  lines.push(html``, msgHtml(MORNING.footer, lang));
  return joinHtml(lines);
}
