/**
 * The citizen's side of an answer: was it resolved (đã giải quyết / một phần / chưa), how
 * satisfied they are (5 points, Bỏ qua allowed), and whether the answer was clear, with images or
 * a legal basis (có / không). "Một phần" and "Chưa" reopen the report with the citizen's comment
 * and alert whoever handles it; the second reopen goes one level up (core's machine says when).
 * Buttons: `v.<reportId>.<choice>`, `c.<reportId>.reply`; honoured only in the citizen's own chat.
 * Everything a citizen reads here is in their chat language (`turn.lang`, chosen with /language).
 */
import type { Button } from '../../channels/types.ts';
import { assertNever } from '../../core/assert-never.ts';
import type { Html } from '../../core/html.ts';
import type { Lang } from '../../core/lang.ts';
import { FOLLOWER_VERDICT, REOPEN_VERDICT, REPORTER_VERDICT } from '../../texts/citizen.ts';
import { msg, msgHtml } from '../../texts/localized.ts';
import { unitWord } from '../../texts/report.ts';
import { VERDICT } from '../../texts/official-thread.ts';
import { THREAD } from '../../texts/official-views.ts';
import { quarterOf, RATING_SCALE, SKIP_LABEL, scoreLabel } from '../../core/rating-scores.ts';
import { addWorkingDays } from '../../core/working-days.ts';
import { kindHasDeadline } from '../../core/submission-kinds.ts';
import type { OfficialRecord } from '../ports/official-directory.ts';
import { truncate } from '../../flow/text.ts';
import type { ReportForOfficials } from '../ports/report-store.ts';
import type { StepResult } from '../ports/conversation.ts';
import { formatDate } from '../report-labels.ts';
import { describeAction } from '../alert-message.ts';
import {
  alertDeliveries,
  alertEdits,
  carrying,
  holders,
  sentAlerts,
  refreshAlerts,
} from './alert-updates.ts';
import { applyReportCommand, rejectionIn, tryCommand } from '../apply-report-command.ts';
import { verdictCallback, type DeskCallback } from './desk-callback.ts';
import { isReportCitizen } from './report-citizen.ts';
import type { DeskDeps, MessageContent, PendingInput, Turn } from './desk-context.ts';
import { escalateReport } from './escalate-report.ts';
import { relayToOfficials } from './relay-message.ts';

/** A `v.*` or `c.*` button in a citizen's chat. */
export async function citizenButton(
  deps: DeskDeps,
  turn: Turn,
  callback: DeskCallback | undefined,
): Promise<StepResult> {
  if (!callback || callback.type === 'official')
    return turn.done(FOLLOWER_VERDICT.invalidButton[turn.lang]);
  const report = await deps.workflow.get(callback.reportId);
  if (!report || turn.isGroup) return turn.done(FOLLOWER_VERDICT.invalidButton[turn.lang]);
  // Only the citizen of the report, in their own private chat, answers for it; a citizen who
  // follows it gives their own verdict, which never closes or reopens it.
  if (!isReportCitizen(report, turn.event)) {
    const follower = await deps.followers.followerInChat(report.id, turn.event.chatId);
    if (!follower || callback.type !== 'verdict')
      return turn.done(FOLLOWER_VERDICT.invalidButton[turn.lang]);
    return followerButton(deps, turn, report, follower.citizenId, callback);
  }
  if (callback.type === 'citizenReply') {
    if (report.status === 'closed')
      return turn.done(rejectionIn('closed', turn.lang, report.unitName));
    turn.setPending({ type: 'citizenReply', reportId: report.id, since: turn.now.toISOString() });
    turn.say(
      msgHtml(REOPEN_VERDICT.askReply, turn.lang, {
        ticket: report.ticketCode,
        unit: unitWord(report.unitName, turn.lang),
      }),
    );
    return turn.done();
  }
  switch (callback.choice) {
    case 'yes':
      return confirmResolved(deps, turn, report);
    case 'partly':
    case 'no':
      return askComment(turn, report, callback.choice);
    case 'skipComment': {
      const pending = turn.pending();
      if (pending?.type !== 'reopen' || pending.reportId !== report.id)
        return turn.done(REOPEN_VERDICT.staleButton[turn.lang]);
      return reopen(deps, turn, report, pending, '');
    }
    case 'score':
      return rateSatisfaction(deps, turn, report, callback.score);
    case 'skipScore':
      return rateSatisfaction(deps, turn, report, undefined);
    case 'clear':
    case 'unclear':
      return rateClarity(deps, turn, report, callback.choice === 'clear');
    default:
      return assertNever(callback, 'verdict choice');
  }
}

/** The comment a citizen typed after "Một phần" / "Chưa". */
export async function reopenWithComment(
  deps: DeskDeps,
  turn: Turn,
  pending: Extract<PendingInput, { type: 'reopen' }>,
  content: MessageContent,
): Promise<StepResult> {
  const report = await deps.workflow.get(pending.reportId);
  if (!report || !isReportCitizen(report, turn.event)) {
    turn.setPending(undefined);
    return turn.done();
  }
  return reopen(deps, turn, report, pending, content.text);
}

/** A message after "Trả lời": relayed to the commune. */
export async function citizenReply(
  deps: DeskDeps,
  turn: Turn,
  reportId: number,
  content: MessageContent,
): Promise<StepResult | undefined> {
  const report = await deps.workflow.get(reportId);
  if (!report || !isReportCitizen(report, turn.event)) return undefined;
  return relayToOfficials(deps, turn, report, content);
}

async function confirmResolved(
  deps: DeskDeps,
  turn: Turn,
  report: ReportForOfficials,
): Promise<StepResult> {
  const alerts = await sentAlerts(deps, report.id);
  const outcome = await applyReportCommand(
    deps,
    report,
    { type: 'close', verdict: 'yes' },
    { kind: 'citizen' },
    {
      at: turn.now,
      effects: {
        deliveries: ({ report: after, eventId }) =>
          alertEdits(
            alerts,
            after,
            describeAction(
              (l) => VERDICT.confirmed[l],
              (l) => VERDICT.byCitizen[l],
              turn.now,
            ),
            eventId,
          ),
      },
    },
  );
  if (outcome.type === 'rejected')
    return turn.done(
      report.status === 'closed'
        ? REPORTER_VERDICT.alreadyConfirmed[turn.lang]
        : rejectionIn(outcome.reason, turn.lang, report.unitName),
    );
  if (outcome.type === 'conflict') return turn.done();
  turn.setPending(undefined);
  // The rating of the answer is asked once per report, not again after every reopen.
  if (await deps.ratings.hasFollowUp(report.id, await deps.workflow.citizenIdOf(report.id)))
    turn.say(REPORTER_VERDICT.thanksClosed[turn.lang]);
  else
    turn.say(
      msg(REPORTER_VERDICT.thanksAskRating, turn.lang, {
        unit: unitWord(report.unitName, turn.lang),
      }),
      satisfactionButtons(report.id, turn.lang),
    );
  return turn.done(FOLLOWER_VERDICT.recorded[turn.lang]);
}

function askComment(turn: Turn, report: ReportForOfficials, verdict: 'partly' | 'no'): StepResult {
  const check = tryCommand(report, { type: 'reopen', comment: '', verdict }, turn.now);
  if (check.type === 'rejected')
    return turn.done(
      rejectionIn(report.status === 'closed' ? 'closed' : check.reason, turn.lang, report.unitName),
    );
  turn.setPending({ type: 'reopen', reportId: report.id, verdict, since: turn.now.toISOString() });
  turn.say(
    msgHtml(
      verdict === 'partly' ? REOPEN_VERDICT.askCommentPartly : REOPEN_VERDICT.askCommentNo,
      turn.lang,
      { ticket: report.ticketCode, unit: unitWord(report.unitName, turn.lang) },
    ),
    [
      [
        {
          type: 'callback',
          label: SKIP_LABEL[turn.lang],
          data: verdictCallback(report.id, { choice: 'skipComment' }),
        },
      ],
    ],
  );
  return turn.done();
}

async function reopen(
  deps: DeskDeps,
  turn: Turn,
  report: ReportForOfficials,
  pending: Extract<PendingInput, { type: 'reopen' }>,
  comment: string,
): Promise<StepResult> {
  turn.setPending(undefined);
  // The commune gets the category's time again to deal with it properly.
  const dueAt = addWorkingDays(deps.calendar, turn.now, Math.max(1, report.deadlineDays));
  const check = tryCommand(report, { type: 'reopen', comment, verdict: pending.verdict }, turn.now);
  if (check.type === 'rejected')
    return turn.done(rejectionIn(check.reason, turn.lang, report.unitName));
  if (check.event.type !== 'reopened') return turn.done();
  const { escalationRequested } = check.event;
  const tidied = check.event.comment;
  // What the officials read, each in their own language; the citizen's words as written.
  const verdictWords = (l: Lang) =>
    (pending.verdict === 'partly' ? VERDICT.partly : VERDICT.notResolved)[l];
  const note = (l: Lang): Html =>
    tidied
      ? msgHtml(VERDICT.saysWithComment, l, { verdict: verdictWords(l), comment: tidied })
      : msgHtml(VERDICT.says, l, { verdict: verdictWords(l) });
  const reopenedHeading = (n: number) => (l: Lang) =>
    msg(VERDICT.reopenedHeading, l, { n: String(n) });
  // Whoever a reopen tells: the handlers, the official who answered it, or the staff group.
  const held = await holders(deps, report);
  const answerer = await answererBesides(deps, report, held);
  const told = answerer ? [...held, { chatId: answerer.chatId, official: answerer }] : held;
  // A reopen that goes one level up is told by the escalation (its own change, which also tells
  // them where it went); otherwise their alerts and the edits are stored with the reopen.
  const to = escalationRequested ? [] : told;
  const alerts = escalationRequested ? [] : await sentAlerts(deps, report.id);
  const outcome = await applyReportCommand(
    deps,
    report,
    { type: 'reopen', comment, verdict: pending.verdict },
    { kind: 'citizen' },
    {
      at: turn.now,
      change: { dueAt },
      effects: {
        ...(tidied
          ? { thread: { direction: 'in', authorKind: 'citizen', text: tidied, at: turn.now } }
          : {}),
        deliveries: ({ report: after, eventId, threadMessageId }) => [
          ...to.flatMap((target) =>
            carrying(
              alertDeliveries(
                target,
                after,
                reopenedHeading(after.reopenCount),
                `reopen-${eventId}`,
                note,
              ),
              threadMessageId,
            ),
          ),
          ...alertEdits(
            alerts,
            after,
            describeAction(
              (l) =>
                tidied
                  ? msg(VERDICT.reopenedWithComment, l, {
                      verdict: verdictWords(l),
                      comment: truncate(tidied, MAX_COMMENT_IN_EDIT),
                    })
                  : msg(VERDICT.reopened, l, { verdict: verdictWords(l) }),
              (l) => VERDICT.byCitizen[l],
              turn.now,
            ),
            eventId,
          ),
        ],
      },
    },
  );
  if (outcome.type === 'rejected')
    return turn.done(rejectionIn(outcome.reason, turn.lang, report.unitName));
  if (outcome.type === 'conflict' || outcome.event.type !== 'reopened') return turn.done();
  const fresh = outcome.report;

  let escalated = false;
  if (escalationRequested) {
    const result = await escalateReport(deps, fresh, 'reopened', turn.now, {
      note,
      ...(outcome.threadMessageId !== undefined
        ? { threadMessageId: outcome.threadMessageId }
        : {}),
      bystanders: {
        to: told,
        heading: (l, where) =>
          msg(VERDICT.reopenedMovedUpHeading, l, { n: String(fresh.reopenCount), to: where }),
      },
    });
    escalated = result.type === 'escalated';
    if (!escalated) {
      // Nobody above (the top of the ladder): they hear of it as of any reopen.
      for (const target of told)
        for (const delivery of carrying(
          alertDeliveries(
            target,
            fresh,
            reopenedHeading(fresh.reopenCount),
            `reopen-${outcome.eventId}`,
            note,
          ),
          outcome.threadMessageId,
        ))
          await deps.outbox.enqueue(delivery);
    }
  }
  const current = (await deps.workflow.get(fresh.id)) ?? fresh;
  turn.say(
    msgHtml(
      kindHasDeadline(fresh.kind)
        ? escalated
          ? REOPEN_VERDICT.reopenedEscalated
          : REOPEN_VERDICT.reopened
        : escalated
          ? REOPEN_VERDICT.reopenedEscalatedNoDeadline
          : REOPEN_VERDICT.reopenedNoDeadline,
      turn.lang,
      {
        ticket: fresh.ticketCode,
        due: formatDate(current.dueAt),
        unit: unitWord(fresh.unitName, turn.lang),
      },
    ),
  );
  if (!(await deps.ratings.hasFollowUp(fresh.id, await deps.workflow.citizenIdOf(fresh.id))))
    turn.say(
      msg(REOPEN_VERDICT.askRatingAgain, turn.lang, { unit: unitWord(fresh.unitName, turn.lang) }),
      satisfactionButtons(fresh.id, turn.lang),
    );
  return turn.done(REOPEN_VERDICT.reopenedToast[turn.lang]);
}

/** The citizen's words on an alert's last line, where a photo's caption leaves little room. */
const MAX_COMMENT_IN_EDIT = 200;

/**
 * The official who answered it (a chair who resolved what he had assigned), when not among those
 * who hold it: each is told of a reopen once. Left out once they cannot be reached, left, or the
 * report is about them.
 */
async function answererBesides(
  deps: DeskDeps,
  report: ReportForOfficials,
  held: ReadonlyArray<{ official?: OfficialRecord }>,
): Promise<OfficialRecord | undefined> {
  const events = await deps.workflow.events(report.id);
  let resolverId: number | null = null;
  for (const e of events)
    if (e.type === 'resolved' && e.actorKind === 'official') resolverId = e.actorId;
  if (resolverId === null || held.some((h) => h.official?.id === resolverId)) return undefined;
  const resolver = await deps.officials.get(resolverId);
  const usable =
    resolver !== undefined &&
    resolver.active &&
    resolver.unreachableAt === null &&
    resolver.unitCode === report.unitCode &&
    resolver.id !== report.aboutOfficialId;
  return usable ? resolver : undefined;
}

/** 5 Rất hài lòng … 1 Rất không hài lòng, and Bỏ qua (the SIPAS scale), in `lang`. */
export function satisfactionButtons(reportId: number, lang: Lang = 'vi'): Button[][] {
  return [
    ...RATING_SCALE.map((s): Button[] => [
      {
        type: 'callback',
        label: scoreLabel(s.score, lang),
        data: verdictCallback(reportId, { choice: 'score', score: s.score }),
      },
    ]),
    [
      {
        type: 'callback',
        label: SKIP_LABEL[lang],
        data: verdictCallback(reportId, { choice: 'skipScore' }),
      },
    ],
  ];
}

/**
 * One rating of the answers per report (asked once, whatever the reopens): a second press changes nothing. A
 * follower's rating is their own (keyed by who they are).
 */
function ratingKey(report: ReportForOfficials, item: 'sat' | 'clear', follower?: number): string {
  const who = follower === undefined ? '' : `-f${follower}`;
  return `followup-${report.id}${who}-${item}`;
}

/**
 * A follower's verdict and ratings on the answer: recorded, shown to officials as a count. Said
 * in the follower's chat language (`turn.lang`, set by the desk for a citizen's button).
 */
async function followerButton(
  deps: DeskDeps,
  turn: Turn,
  report: ReportForOfficials,
  citizenId: number,
  verdict: Extract<DeskCallback, { type: 'verdict' }>,
): Promise<StepResult> {
  const choice = verdict.choice;
  if (!report.resolvedAt) return turn.done(FOLLOWER_VERDICT.notAnswered[turn.lang]);
  switch (choice) {
    case 'yes':
    case 'partly':
    case 'no': {
      await deps.followers.setVerdict(report.id, citizenId, choice);
      if (choice !== 'yes') {
        await deps.workflow.addThreadMessage({
          reportId: report.id,
          direction: 'note',
          authorKind: 'citizen',
          // In Vietnamese, the record's language: /xem says it in the reader's (thread-view.ts).
          text: (choice === 'partly' ? THREAD.followerPartly : THREAD.followerNotResolved).vi,
          at: turn.now,
        });
        const fresh = (await deps.workflow.get(report.id)) ?? report;
        await refreshAlerts(
          deps,
          fresh,
          describeAction(
            (l) => VERDICT.follower[l],
            (l) => VERDICT.byCitizen[l],
            turn.now,
          ),
          `fv-${citizenId}-${turn.now.getTime()}`,
        );
      }
      const thanks =
        choice === 'yes' ? FOLLOWER_VERDICT.thanksResolved : FOLLOWER_VERDICT.thanksNotResolved;
      turn.say(
        msg(thanks, turn.lang, { unit: unitWord(report.unitName, turn.lang) }),
        satisfactionButtons(report.id, turn.lang),
      );
      return turn.done(FOLLOWER_VERDICT.recorded[turn.lang]);
    }
    case 'score':
    case 'skipScore':
      await saveFollowUp(
        deps,
        turn,
        report,
        'sat',
        {
          itemId: 'answer-satisfaction',
          criterion: 2,
          ...(verdict.choice === 'score' ? { score: verdict.score } : {}),
        },
        citizenId,
      );
      askIfClear(turn, report);
      return turn.done(FOLLOWER_VERDICT.recorded[turn.lang]);
    case 'clear':
    case 'unclear':
      await saveFollowUp(
        deps,
        turn,
        report,
        'clear',
        { itemId: 'answer-clear', choices: [choice === 'clear' ? 'yes' : 'no'] },
        citizenId,
      );
      turn.say(
        msg(FOLLOWER_VERDICT.thanksRated, turn.lang, {
          unit: unitWord(report.unitName, turn.lang),
        }),
      );
      return turn.done(FOLLOWER_VERDICT.recorded[turn.lang]);
    case 'skipComment':
    case undefined:
      return turn.done(FOLLOWER_VERDICT.invalidButton[turn.lang]);
    default:
      return assertNever(choice, 'follower verdict choice');
  }
}

/** After the 1–5 rating, a report's citizen or a follower is asked whether the answer was clear. */
function askIfClear(turn: Turn, report: ReportForOfficials): void {
  const reportId = report.id;
  turn.say(
    msg(FOLLOWER_VERDICT.askClear, turn.lang, { unit: unitWord(report.unitName, turn.lang) }),
    [
      [
        {
          type: 'callback',
          label: FOLLOWER_VERDICT.yes[turn.lang],
          data: verdictCallback(reportId, { choice: 'clear' }),
        },
        {
          type: 'callback',
          label: FOLLOWER_VERDICT.no[turn.lang],
          data: verdictCallback(reportId, { choice: 'unclear' }),
        },
      ],
    ],
  );
}

async function rateSatisfaction(
  deps: DeskDeps,
  turn: Turn,
  report: ReportForOfficials,
  score: number | undefined,
): Promise<StepResult> {
  if (!report.resolvedAt) return turn.done(FOLLOWER_VERDICT.notAnswered[turn.lang]);
  // Criterion 2: "Cơ quan thông báo kết quả xử lý phản ánh, kiến nghị … kịp thời" and handling.
  await saveFollowUp(deps, turn, report, 'sat', {
    itemId: 'answer-satisfaction',
    criterion: 2,
    ...(score ? { score } : {}),
  });
  askIfClear(turn, report);
  return turn.done(FOLLOWER_VERDICT.recorded[turn.lang]);
}

async function rateClarity(
  deps: DeskDeps,
  turn: Turn,
  report: ReportForOfficials,
  clear: boolean,
): Promise<StepResult> {
  if (!report.resolvedAt) return turn.done(FOLLOWER_VERDICT.notAnswered[turn.lang]);
  await saveFollowUp(deps, turn, report, 'clear', {
    itemId: 'answer-clear',
    choices: [clear ? 'yes' : 'no'],
  });
  turn.say(
    msg(FOLLOWER_VERDICT.thanksRated, turn.lang, { unit: unitWord(report.unitName, turn.lang) }),
  );
  return turn.done(FOLLOWER_VERDICT.recorded[turn.lang]);
}

/** One answer of the follow-up after a report's answer, once per report and reopen. */
async function saveFollowUp(
  deps: DeskDeps,
  turn: Turn,
  report: ReportForOfficials,
  key: 'sat' | 'clear',
  answer: { itemId: string; criterion?: number; score?: number; choices?: string[] },
  follower?: number,
): Promise<void> {
  await deps.ratings.save({
    submissionKey: ratingKey(report, key, follower),
    citizenId: follower ?? (await deps.workflow.citizenIdOf(report.id)),
    unitCode: report.unitCode,
    kind: 'follow-up',
    period: quarterOf(turn.now),
    flowId: 'follow-up',
    flowVersion: 1,
    reportId: report.id,
    at: turn.now,
    answers: [answer],
  });
}
