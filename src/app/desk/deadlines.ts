/**
 * What the clock does to reports, run by the maintenance sweep: a reminder to whoever handles a
 * report before its deadline (core `reminderTime`: office opening, with a quarter of the
 * deadline left), one step up when it is overdue (vice chair → chair → the province's admin,
 * each step an event), closing answers the citizen left unjudged for 7 days (verdict `none`,
 * counted apart from confirmed ones), and the leaders' daily digest. Every step is a
 * conditional change plus deduplicated deliveries, so a sweep run twice does each thing once.
 */
import type { Lang } from '../../core/lang.ts';
import { msg, msgHtml } from '../../texts/localized.ts';
import { NOTICE } from '../../texts/official.ts';
import { workingDaysBetween, reminderTime } from '../../core/working-days.ts';
import type { ReportForOfficials } from '../ports/report-store.ts';
import { alertButtons, committeeName, describeAction } from '../alert-message.ts';
import { citizenNotice } from '../notify-citizen.ts';
import { formatDate } from '../report-labels.ts';
import { alertEdits, holders, optional, sentAlerts, viewerOf } from './alert-updates.ts';
import { applyReportCommand } from '../apply-report-command.ts';
import { sendDailyDigests } from './daily-digest.ts';
import type { DeskDeps } from './desk-context.ts';
import { escalateReport } from './escalate-report.ts';
import { html, joinHtml } from '../../core/html.ts';
import { isRecord } from '../../core/is-record.ts';
import { instantAt, isIsoDate, localDate, type IsoDate } from '../../core/local-date.ts';
import { ANSWER } from '../../texts/citizen.ts';
import { isoToVietnamese, verdictButtons } from './resolve-report.ts';
import { citizenLangOf } from './thread-messages.ts';

/** An answer the citizen has not judged after this long closes without a verdict. */
export const VERDICT_WAIT_MS = 7 * 86_400_000;
/** How far ahead to look for reminders: beyond any reminder lead (a quarter of the deadline). */
const REMINDER_HORIZON_MS = 90 * 86_400_000;

export interface SweepCounts {
  reminded: number;
  escalated: number;
  closed: number;
  digests: number;
}

/**
 * One pass of the clock's work. `digest` sends the daily digests when due (the desk passes a
 * version that skips the work once the day's digests went out).
 */
export async function remindAndEscalate(
  deps: DeskDeps,
  now: Date,
  digest: (now: Date) => Promise<number> = (at) => sendDailyDigests(deps, at),
): Promise<SweepCounts> {
  const counts: SweepCounts = { reminded: 0, escalated: 0, closed: 0, digests: 0 };
  /** One report at a time: a report that fails (bad data, a bug) must not hold up the others. */
  const each = async (id: number, step: string, run: () => Promise<boolean>): Promise<boolean> => {
    try {
      return await run();
    } catch (err) {
      deps.logger.error({ err, reportId: id, step }, 'deadline step failed for a report');
      return false;
    }
  };

  for (const candidate of await deps.workflow.reminderCandidates(
    now,
    new Date(now.getTime() + REMINDER_HORIZON_MS),
  )) {
    const at = reminderTime(deps.calendar, candidate.dueAt, candidate.deadlineDays);
    if (at === null || at.getTime() > now.getTime()) continue;
    const reminded = await each(candidate.id, 'remind', async () => {
      const report = await deps.workflow.get(candidate.id);
      return report !== undefined && (await remind(deps, report, now));
    });
    if (reminded) counts.reminded++;
  }

  for (const id of await deps.workflow.overdue(now)) {
    const escalated = await each(id, 'escalate', async () => {
      const report = await deps.workflow.get(id);
      if (!report) return false;
      // Whoever held it is told it went up (the new holder reads his own alert).
      const heldBy = await holders(deps, report);
      const outcome = await escalateReport(deps, report, 'overdue', now, {
        bystanders: {
          to: heldBy,
          heading: (lang, to) => msg(NOTICE.escalatedOverdueAway, lang, { to }),
        },
      });
      return outcome.type === 'escalated';
    });
    if (escalated) counts.escalated++;
  }

  for (const id of await deps.workflow.awaitingVerdictSince(
    new Date(now.getTime() - VERDICT_WAIT_MS),
  )) {
    if (await each(id, 'auto-close', () => autoClose(deps, id, now))) counts.closed++;
  }

  // A promise ("sẽ giải quyết trước ngày …") is judged once its date has come, and waits for
  // the citizen's verdict from then on, not from the day it was made.
  const today = localDate(now);
  for (const id of await deps.workflow.awaitingPromise()) {
    await each(id, 'promise', async () => {
      const report = await deps.workflow.get(id);
      const date = report && (await promisedDate(deps, id));
      if (!report || !date || today < date) return false;
      if (now.getTime() - instantAt(date, 0, 0).getTime() >= VERDICT_WAIT_MS) {
        if (await autoClose(deps, id, now)) counts.closed++;
        return true;
      }
      await askPromiseVerdict(deps, report, date);
      return true;
    });
  }

  counts.digests = await digest(now);
  return counts;
}

/** The date of the report's latest answer, when it was a promise. */
async function promisedDate(deps: DeskDeps, id: number): Promise<IsoDate | undefined> {
  const answer = (await deps.workflow.events(id)).filter((e) => e.type === 'resolved').at(-1);
  const result = answer?.data['result'];
  if (!isRecord(result) || result['type'] !== 'scheduled') return undefined;
  const date = result['date'];
  return typeof date === 'string' && isIsoDate(date) ? date : undefined;
}

/**
 * The promised date has come: the citizen is asked whether it was resolved, with the verdict
 * buttons (once per answer: the key names the answer's time, so a sweep run twice asks once).
 */
async function askPromiseVerdict(
  deps: DeskDeps,
  report: ReportForOfficials,
  date: IsoDate,
): Promise<void> {
  const chatId = report.citizenChatId;
  if (!chatId || !report.resolvedAt) return;
  const said = (lang: Lang) =>
    ({
      type: 'text',
      chatId,
      text: joinHtml([
        msgHtml(ANSWER.promiseDue, lang, {
          committee: committeeName(report.unitName),
          ticket: report.ticketCode,
          date: isoToVietnamese(date),
        }),
        html``,
        html`<b>${ANSWER.question[lang]}</b>`,
      ]),
      buttons: verdictButtons(report.id, lang),
    }) as const;
  const inLang = { vi: said('vi'), en: said('en') };
  await deps.outbox.enqueue({
    dedupeKey: `promise-due-${report.id}-${report.resolvedAt.getTime()}`,
    channel: report.citizenChannel,
    chatId,
    message: inLang[citizenLangOf(report)],
    inLang,
    reportId: report.id,
    link: { kind: 'answer', reportId: report.id },
  });
}

/** Closes an answer the citizen did not judge: verdict `none`, the alerts and the citizen told. */
async function autoClose(deps: DeskDeps, id: number, now: Date): Promise<boolean> {
  const report = await deps.workflow.get(id);
  if (!report) return false;
  const alerts = await sentAlerts(deps, report.id);
  const outcome = await applyReportCommand(
    deps,
    report,
    { type: 'close', verdict: 'none' },
    { kind: 'system' },
    {
      at: now,
      effects: {
        deliveries: ({ report: after, eventId }) => [
          ...alertEdits(
            alerts,
            after,
            describeAction(
              (l) => NOTICE.autoClosed[l],
              (l) => NOTICE.system[l],
              now,
            ),
            eventId,
          ),
          ...optional(citizenNotice(after, 'autoClosed', {}, String(eventId))),
        ],
      },
    },
  );
  return outcome.type === 'ok';
}

async function remind(deps: DeskDeps, report: ReportForOfficials, now: Date): Promise<boolean> {
  // A reminder changes nobody's assignment: whoever holds the report now is who it reminds.
  const targets = (await holders(deps, report)).map((h) => ({
    chatId: h.chatId,
    officialId: h.official?.id,
    viewer: h.official ? viewerOf(h.official) : ('group' as const),
    lang: h.official?.lang ?? h.lang ?? 'vi',
  }));
  const outcome = await applyReportCommand(
    deps,
    report,
    { type: 'remind' },
    { kind: 'system' },
    {
      at: now,
      effects: {
        deliveries: ({ report: fresh, eventId }) => {
          const left = workingDaysBetween(deps.calendar, now, fresh.dueAt);
          const when = (lang: Lang) =>
            left <= 0
              ? msgHtml(NOTICE.remindToday, lang)
              : msgHtml(NOTICE.remindOn, lang, { date: formatDate(fresh.dueAt), days: left });
          return targets.map((t) => ({
            dedupeKey: `remind-${eventId}-${t.chatId}`,
            chatId: t.chatId,
            message: {
              type: 'text' as const,
              chatId: t.chatId,
              text: msgHtml(NOTICE.reminder, t.lang, {
                ticket: fresh.ticketCode,
                field: fresh.categoryName,
                when: when(t.lang),
              }),
              buttons: alertButtons(fresh, t.viewer, t.lang),
            },
            reportId: fresh.id,
            ...(t.officialId !== undefined ? { officialId: t.officialId } : {}),
            link: {
              kind: 'alert' as const,
              reportId: fresh.id,
              ...(t.officialId !== undefined ? { officialId: t.officialId } : {}),
            },
          }));
        },
      },
    },
  );
  return outcome.type === 'ok';
}
