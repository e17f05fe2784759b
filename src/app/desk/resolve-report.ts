/**
 * "Đã xử lý": closing with substance. The official picks a result type (đã giải quyết /
 * không thuộc thẩm quyền → chuyển đến … / sẽ giải quyết trước ngày …), then gives what that
 * needs: an answer (or a canned one), the body it was sent on to, the date, and for on-site
 * categories a photo of the result. What is missing is whatever core's `transition` refuses
 * the draft for, so the rules live there and nowhere else; the desk only asks for it.
 */
import type { Button } from '../../channels/types.ts';
import { officialCallback, verdictCallback } from './desk-callback.ts';
import { assertNever } from '../../core/assert-never.ts';
import { html, joinHtml, type Html } from '../../core/html.ts';
import { formatIsoDate, isIsoDate, localDate } from '../../core/local-date.ts';
import { submissionKind } from '../../core/submission-kinds.ts';
import type { RejectionReason, ReportStatusEvent, Resolution } from '../../core/report-status.ts';
import type { NewDelivery } from '../ports/outbox.ts';
import type { OfficialRecord } from '../ports/official-directory.ts';
import type { ReportForOfficials } from '../ports/report-store.ts';
import { committeeName, describeAction } from '../alert-message.ts';
import type { StepResult } from '../ports/conversation.ts';
import { formatDate } from '../report-labels.ts';
import { alertEdits, sentAlerts, whoActed } from './alert-updates.ts';
import { applyReportCommand, rejectionIn, tryCommand } from '../apply-report-command.ts';
import type { Lang } from '../../core/lang.ts';
import { msg, msgHtml, type Localized } from '../../texts/localized.ts';
import { ANSWER } from '../../texts/citizen.ts';
import { DESK, RESOLVE } from '../../texts/official.ts';
import { unitWord } from '../../texts/report.ts';
import type { DeskDeps, MessageContent, PendingInput, ResolveDraft, Turn } from './desk-context.ts';
import { cancelButton, failureText, groupHint } from './official-actions.ts';
import { closePicker } from './desk-picker.ts';
import { copyMessages, threadDelivery } from './thread-messages.ts';

type ResultType = ResolveDraft['resultType'];

/** Result types as buttons: short codes in the callback data. */
const RESULT_CHOICES: ReadonlyArray<{ code: string; type: ResultType; label: Localized }> = [
  { code: 'rs', type: 'resolved', label: RESOLVE.resolved },
  { code: 'nc', type: 'not-competent', label: RESOLVE.notCompetent },
  { code: 'sc', type: 'scheduled', label: RESOLVE.scheduled },
];

/** How many canned answers are offered (numbered, in full, with a button each). */
const MAX_CANNED = 5;
/**
 * Room for the canned answers' full texts in the prompt: with the prompt itself they stay
 * within one Telegram message (4,096 characters); an answer that does not fit is not offered.
 */
const CANNED_ROOM = 3_300;

/** The "Đã xử lý" button and the buttons of the prompts that follow it. */
export async function resolveButton(
  deps: DeskDeps,
  turn: Turn,
  report: ReportForOfficials,
  official: OfficialRecord,
  arg: string | undefined,
): Promise<StepResult> {
  // Whatever the answer, a report that cannot be resolved now is refused before any question.
  const check = tryCommand(
    report,
    {
      type: 'resolve',
      resultType: 'not-competent',
      answer: 'x'.repeat(40),
      evidence: [],
      target: 'x',
    },
    turn.now,
  );
  if (check.type === 'rejected')
    return turn.done(rejectionIn(check.reason, turn.lang, report.unitName));

  if (arg === undefined) {
    turn.say(msgHtml(RESOLVE.which, turn.lang, { ticket: report.ticketCode }), [
      ...RESULT_CHOICES.map((c): Button[] => [
        {
          type: 'callback',
          label: c.label[turn.lang],
          data: officialCallback(report.id, 'res', c.code),
        },
      ]),
      ...cancelButton(report.id, turn.lang, 'list'),
    ]);
    return turn.done();
  }
  const choice = RESULT_CHOICES.find((c) => c.code === arg);
  if (choice) {
    closePicker(
      turn,
      msgHtml(RESOLVE.resultChosen, turn.lang, {
        ticket: report.ticketCode,
        result: choice.label[turn.lang],
      }),
    );
    return step(deps, turn, report, official, {
      resultType: choice.type,
      evidence: [],
      awaiting: 'answer',
    });
  }
  if (arg === 'late') {
    const pending = turn.pending();
    if (pending?.type !== 'resolve' || pending.reportId !== report.id)
      return turn.done(RESOLVE.staleButton[turn.lang]);
    closePicker(
      turn,
      msgHtml(RESOLVE.lateDateKept, turn.lang, {
        ticket: report.ticketCode,
        date: isoToVietnamese(pending.draft.scheduledFor ?? ''),
      }),
    );
    return step(deps, turn, report, official, { ...pending.draft, lateConfirmed: true });
  }
  const canned = /^cr(\d{1,9})$/.exec(arg);
  if (canned) {
    const pending = turn.pending();
    const reply = await deps.canned.get(Number(canned[1]));
    const ofThisCommune = reply && (reply.unitCode === null || reply.unitCode === report.unitCode);
    if (!ofThisCommune || pending?.type !== 'resolve' || pending.reportId !== report.id)
      return turn.done(RESOLVE.staleButton[turn.lang]);
    // A button left from a prompt of another result type offers an answer that does not fit.
    if (!fitsResult(reply.status, pending.draft.resultType))
      return turn.done(RESOLVE.staleButton[turn.lang]);
    closePicker(
      turn,
      html`${msgHtml(RESOLVE.cannedChosen, turn.lang, { ticket: report.ticketCode })}\n\n${reply.text}`,
    );
    return step(deps, turn, report, official, { ...pending.draft, answer: reply.text });
  }
  return turn.done(DESK.invalidButton[turn.lang]);
}

/** A message while a resolve draft is open: it fills what was asked last. */
export async function continueResolve(
  deps: DeskDeps,
  turn: Turn,
  report: ReportForOfficials,
  official: OfficialRecord,
  pending: Extract<PendingInput, { type: 'resolve' }>,
  content: MessageContent | undefined,
): Promise<StepResult> {
  const draft: ResolveDraft = { ...pending.draft, evidence: [...pending.draft.evidence] };
  if (!content) {
    turn.say(RESOLVE.sendContent[turn.lang], cancelButton(report.id, turn.lang));
    return turn.done();
  }
  const text = content.text.trim();
  draft.evidence.push(...content.files);
  if (content.files.length > 0) {
    // A caption under the evidence is the answer when none was given yet.
    if (text && (draft.awaiting === 'answer' || !draft.answer)) draft.answer = text;
  } else {
    switch (draft.awaiting) {
      case 'answer':
        draft.answer = text;
        break;
      case 'target':
        draft.target = text;
        break;
      case 'date':
        draft.scheduledFor = parseDate(text);
        // A new date is a new promise: a warning about the old one does not cover it.
        delete draft.lateConfirmed;
        break;
      case 'evidence':
        turn.say(RESOLVE.sendPhoto[turn.lang], cancelButton(report.id, turn.lang));
        return turn.done();
      default:
        return assertNever(draft.awaiting, 'awaited input');
    }
  }
  return step(deps, turn, report, official, draft);
}

/** Asks the machine; asks the official for what it misses, or resolves. */
async function step(
  deps: DeskDeps,
  turn: Turn,
  report: ReportForOfficials,
  official: OfficialRecord,
  draft: ResolveDraft,
): Promise<StepResult> {
  const command = {
    type: 'resolve' as const,
    resultType: draft.resultType,
    answer: draft.answer ?? '',
    evidence: draft.evidence,
    target: draft.target ?? null,
    scheduledFor: draft.scheduledFor ?? null,
  };
  const check = tryCommand(report, command, turn.now);
  if (check.type === 'rejected') return ask(deps, turn, report, draft, check.reason);
  const late = check.event.type === 'resolved' ? lateness(report, check.event.result) : undefined;
  if (late && !draft.lateConfirmed) return warnLate(turn, report, draft, late);

  // The answer (a thread message), its copy to the citizen and the alerts' edits are stored
  // with the change: an official's answer is never recorded without them.
  const alerts = await sentAlerts(deps, report.id);
  const resultLine =
    check.event.type === 'resolved' ? resultText(check.event.result, report.unitName) : '';
  const outcome = await applyReportCommand(
    deps,
    report,
    command,
    { kind: 'official', id: official.id },
    {
      at: turn.now,
      effects: {
        thread: {
          direction: 'out',
          authorKind: 'official',
          authorId: official.id,
          text: `${resultLine}\n\n${check.event.type === 'resolved' ? check.event.answer : ''}`,
          files: command.evidence.map((e) => ({ kind: e.kind, fileId: e.fileId })),
          at: turn.now,
        },
        deliveries: ({ report: fresh, eventId, event, threadMessageId }) =>
          event.type !== 'resolved'
            ? []
            : [
                ...answerDeliveries(fresh, event, threadMessageId),
                ...alertEdits(
                  alerts,
                  fresh,
                  describeAction(
                    (l) => msg(RESOLVE.done, l, { result: resultShort(event.result, l) }),
                    whoActed(official),
                    turn.now,
                  ),
                  eventId,
                ),
              ],
      },
    },
  );
  turn.setPending(undefined);
  if (outcome.type !== 'ok') {
    turn.say(failureText(outcome, turn.lang, report));
    return turn.done();
  }
  if (outcome.event.type !== 'resolved') return turn.done();
  const fresh = outcome.report;
  const chatId = fresh.citizenChatId;
  turn.say(
    msgHtml(
      chatId
        ? RESOLVE.sent
        : fresh.citizenChannel === 'open311'
          ? RESOLVE.sentOpen311
          : RESOLVE.sentErased,
      turn.lang,
      { ticket: fresh.ticketCode },
    ),
  );
  return turn.done(RESOLVE.doneToast[turn.lang]);
}

/**
 * The answer as the citizen gets it: the evidence first, then the text with its question, in the
 * citizen's language; each message also in both languages, for the followers' copies.
 */
function answerDeliveries(
  fresh: ReportForOfficials,
  event: Extract<ReportStatusEvent, { type: 'resolved' }>,
  threadMessageId: number | undefined,
): NewDelivery[] {
  const chatId = fresh.citizenChatId;
  if (!chatId || threadMessageId === undefined) return [];
  // The evidence first, then the answer and its question as a text of their own (a caption is
  // short, and the answer is what the citizen must read).
  // A promise is no result yet: the citizen is asked once its date has come (desk/deadlines.ts).
  const promised = event.result.type === 'scheduled' ? event.result.date : undefined;
  const messagesIn = (lang: Lang) => {
    const text = joinHtml([
      msgHtml(ANSWER.heading, lang, {
        committee: committeeName(fresh.unitName),
        ticket: fresh.ticketCode,
      }),
      html``,
      html`<b>${resultText(event.result, fresh.unitName, lang)}</b>`,
      html`${event.answer}`,
      html``,
      promised
        ? html`<i>${msg(ANSWER.askedOn, lang, { date: isoToVietnamese(promised) })}</i>`
        : html`<b>${ANSWER.question[lang]}</b>`,
    ]);
    const buttons = promised ? [] : verdictButtons(fresh.id, lang);
    return copyMessages(chatId, text, event.evidence, buttons, {
      textApart: true,
      fileCaption: msgHtml(ANSWER.evidenceCaption, lang, { ticket: fresh.ticketCode }),
      unitWord: unitWord(fresh.unitName),
    });
  };
  const vi = messagesIn('vi');
  const en = messagesIn('en');
  const own = fresh.citizenLang === 'en' ? en : vi;
  return own.map((message, i) => ({
    ...threadDelivery(threadMessageId, chatId, i),
    channel: fresh.citizenChannel,
    chatId,
    message,
    inLang: { vi: vi[i]!, en: en[i]! },
    reportId: fresh.id,
    link: { kind: 'answer', reportId: fresh.id },
  }));
}

/**
 * A promised date after the report's own deadline (góp ý has none): the deadline the citizen was
 * given, when the promise breaks it.
 */
function lateness(report: ReportForOfficials, result: Resolution): Date | undefined {
  if (result.type !== 'scheduled' || !submissionKind(report.kind).handling.hasDeadline)
    return undefined;
  return result.date > localDate(report.dueAt) ? report.dueAt : undefined;
}

/** Says the promise breaks the deadline; the official keeps it with a button or types another. */
function warnLate(turn: Turn, report: ReportForOfficials, draft: ResolveDraft, due: Date) {
  turn.setPending({
    type: 'resolve',
    reportId: report.id,
    by: turn.event.user.id,
    since: turn.now.toISOString(),
    draft: { ...draft, awaiting: 'date' },
  });
  const date = isoToVietnamese(draft.scheduledFor ?? '');
  turn.say(
    msgHtml(RESOLVE.lateDate, turn.lang, {
      date,
      ticket: report.ticketCode,
      due: formatDate(due),
      hint: groupHint(turn),
    }),
    [
      [
        {
          type: 'callback',
          label: msg(RESOLVE.lateDateConfirm, turn.lang, { date }),
          data: officialCallback(report.id, 'res', 'late'),
        },
      ],
      ...cancelButton(report.id, turn.lang),
    ],
  );
  return turn.done();
}

/** Keeps the draft and asks for the piece the machine refused it for. */
async function ask(
  deps: DeskDeps,
  turn: Turn,
  report: ReportForOfficials,
  draft: ResolveDraft,
  reason: RejectionReason,
): Promise<StepResult> {
  const keep = (awaiting: ResolveDraft['awaiting']) =>
    turn.setPending({
      type: 'resolve',
      reportId: report.id,
      by: turn.event.user.id,
      since: turn.now.toISOString(),
      draft: { ...draft, awaiting },
    });
  const hint = groupHint(turn);
  switch (reason) {
    case 'answer-required':
    case 'answer-too-short': {
      keep('answer');
      // The canned replies' status is the result type they answer (null: any result).
      const canned = offered(
        await deps.canned.list({
          unitCode: report.unitCode,
          categoryCode: report.categoryCode,
          status: draft.resultType,
        }),
      );
      const lead: Html =
        reason === 'answer-too-short'
          ? html`${rejectionIn(reason, turn.lang, report.unitName)}\n`
          : html``;
      // Each answer in full, numbered, and a button per number: a button label is cut short.
      const list: Html =
        canned.length === 0
          ? html``
          : html`\n\n${msgHtml(RESOLVE.cannedIntro, turn.lang)}\n\n${joinHtml(
              canned.map((c, i) => html`<b>${i + 1}.</b> ${c.text}`),
              '\n\n',
            )}`;
      turn.say(
        html`${lead}${msgHtml(RESOLVE.askAnswer, turn.lang, {
          ticket: report.ticketCode,
          photo:
            report.onSite && draft.resultType === 'resolved'
              ? msgHtml(RESOLVE.askAnswerPhoto, turn.lang)
              : '',
          hint,
        })}${list}`,
        [
          ...(canned.length === 0
            ? []
            : [
                canned.map((c, i): Button => ({
                  type: 'callback',
                  label: String(i + 1),
                  data: officialCallback(report.id, 'res', `cr${c.id}`),
                })),
              ]),
          ...cancelButton(report.id, turn.lang),
        ],
      );
      return turn.done();
    }
    case 'evidence-required':
      keep('evidence');
      turn.say(
        // One sentence says what is needed (not rejectionText's, which says the same).
        msgHtml(RESOLVE.askEvidence, turn.lang, { field: report.categoryName, hint }),
        cancelButton(report.id, turn.lang),
      );
      return turn.done();
    case 'target-required':
      keep('target');
      turn.say(
        msgHtml(RESOLVE.askTarget, turn.lang, { unit: unitWord(report.unitName, turn.lang), hint }),
        cancelButton(report.id, turn.lang),
      );
      return turn.done();
    case 'date-required':
    case 'date-invalid':
    case 'date-not-future':
      keep('date');
      turn.say(
        html`${reason === 'date-required' ? '' : html`${rejectionIn(reason, turn.lang, report.unitName)}\n`}${msgHtml(
          RESOLVE.askDate,
          turn.lang,
          {
            unit: unitWord(report.unitName, turn.lang),
            example: formatDate(new Date(turn.now.getTime() + 14 * 86_400_000)),
            hint,
          },
        )}`,
        cancelButton(report.id, turn.lang),
      );
      return turn.done();
    case 'closed':
    case 'not-routed':
    case 'already-routed':
    case 'already-acknowledged':
    case 'already-assigned':
    case 'already-resolved':
    case 'not-resolved':
    case 'reason-required':
    case 'already-extended':
    case 'no-deadline':
      turn.setPending(undefined);
      turn.say(rejectionIn(reason, turn.lang, report.unitName));
      return turn.done();
    default:
      return assertNever(reason, 'rejection reason');
  }
}

/**
 * What the citizen reads first: the result, in words, naming the report's unit as what it is
 * («UBND phường» for a ward's report).
 */
export function resultText(result: Resolution, unitName: string, lang: Lang = 'vi'): string {
  const unit = unitWord(unitName, lang);
  switch (result.type) {
    case 'resolved':
      return ANSWER.resultResolved[lang];
    case 'not-competent':
      return msg(ANSWER.resultNotCompetent, lang, { target: result.target, unit });
    case 'scheduled':
      return msg(ANSWER.resultScheduled, lang, { date: isoToVietnamese(result.date), unit });
    default:
      return assertNever(result, 'resolution');
  }
}

function resultShort(result: Resolution, lang: Lang): string {
  switch (result.type) {
    case 'resolved':
      return RESOLVE.shortResolved[lang];
    case 'not-competent':
      return msg(RESOLVE.shortPassed, lang, { target: result.target });
    case 'scheduled':
      return msg(RESOLVE.shortScheduled, lang, { date: isoToVietnamese(result.date) });
    default:
      return assertNever(result, 'resolution');
  }
}

/** The citizen's verdict buttons under an answer, in the reader's language. */
export function verdictButtons(reportId: number, lang: Lang = 'vi'): Button[][] {
  return [
    [
      {
        type: 'callback',
        label: ANSWER.resolved[lang],
        data: verdictCallback(reportId, { choice: 'yes' }),
      },
    ],
    [
      {
        type: 'callback',
        label: ANSWER.partly[lang],
        data: verdictCallback(reportId, { choice: 'partly' }),
      },
    ],
    [
      {
        type: 'callback',
        label: ANSWER.notResolved[lang],
        data: verdictCallback(reportId, { choice: 'no' }),
      },
    ],
  ];
}

/**
 * A date as officials type it: 15/3/2026, 15-03-2026, 15.03.2026 or 2026-03-15. Anything else
 * is returned as typed, for the machine to refuse as invalid.
 */
export function parseDate(text: string): string {
  const t = text.trim();
  if (isIsoDate(t)) return t;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (!m) return t;
  const iso = formatIsoDate(Number(m[3]), Number(m[2]), Number(m[1]));
  return isIsoDate(iso) ? iso : t;
}

export function isoToVietnamese(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

/** Whether a canned reply written for `status` answers a result of this type. */
function fitsResult(status: string | null, resultType: ResultType): boolean {
  return status === null || status === resultType;
}

/** The canned replies offered: the first few whose full texts fit in the prompt. */
function offered<T extends { text: string }>(replies: readonly T[]): T[] {
  const out: T[] = [];
  let room = CANNED_ROOM;
  for (const reply of replies) {
    if (out.length === MAX_CANNED) break;
    room -= [...reply.text].length + 8;
    if (room < 0) break;
    out.push(reply);
  }
  return out;
}
