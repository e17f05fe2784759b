/**
 * The alert's buttons other than "Đã xử lý": Tiếp nhận (acknowledge), Giao cán bộ (assign a
 * staff member of the commune, picked from a list), Chuyển (pass to another position, with a
 * reason) and Xin gia hạn (extend the deadline once, with a reason). Whether each is allowed is
 * core's status machine's call (tryCommand before asking for input, applyReportCommand to do it).
 */
import { officialCallback } from './desk-callback.ts';
import { kindIsHeadOnly } from '../../core/submission-kinds.ts';
import type { Button } from '../../channels/types.ts';
import type { ReportStatusEvent } from '../../core/report-status.ts';
import { extendedDeadline } from '../../core/report-deadline.ts';
import type { OfficialRecord } from '../ports/official-directory.ts';
import type { ReportForOfficials } from '../ports/report-store.ts';
import { describeAction, positionIn } from '../alert-message.ts';
import { citizenNotice } from '../notify-citizen.ts';
import type { StepResult } from '../ports/conversation.ts';
import { formatDate } from '../report-labels.ts';
import { alertDeliveries, alertEdits, optional, sentAlerts, whoActed } from './alert-updates.ts';
import { nameDotTitle, nameSaysTitle } from './official-name.ts';
import {
  applyReportCommand,
  rejectionIn,
  tryCommand,
  type CommandOutcome,
} from '../apply-report-command.ts';
import type { Lang } from '../../core/lang.ts';
import { msg, msgHtml, type Localized } from '../../texts/localized.ts';
import { ALERT, BUTTON, DESK } from '../../texts/official.ts';
import { unitWords } from '../../texts/report.ts';
import type { DeskDeps, MessageContent, PendingInput, Turn } from './desk-context.ts';
import { closePicker } from './desk-picker.ts';

/** How many staff or positions a list offers (Telegram keyboards get unwieldy beyond this). */
const MAX_CHOICES = 12;

export async function acknowledge(
  deps: DeskDeps,
  turn: Turn,
  report: ReportForOfficials,
  official: OfficialRecord,
): Promise<StepResult> {
  const outcome = await recordAcknowledgement(deps, report, official, turn.now, {
    noticeToCitizen: true,
  });
  if (outcome.type !== 'ok') return turn.done(failureText(outcome, turn.lang, report));
  return turn.done(DESK.acknowledged[turn.lang]);
}

/** What recording an acknowledgement reads and writes. */
export interface AcknowledgeDeps {
  workflow: Pick<DeskDeps['workflow'], 'alertMessages' | 'get' | 'record'>;
  officials: Pick<DeskDeps['officials'], 'get' | 'groupByChat'>;
  outbox: DeskDeps['outbox'];
}

/**
 * Records that `official` took the report up, and shows it on every alert of it. The citizen
 * is told so with a notice, unless the acknowledgement is an answer to them (which says more).
 */
export async function recordAcknowledgement(
  deps: AcknowledgeDeps,
  report: ReportForOfficials,
  official: OfficialRecord,
  at: Date,
  options: { noticeToCitizen: boolean },
): Promise<CommandOutcome> {
  const alerts = await sentAlerts(deps, report.id);
  return applyReportCommand(
    deps,
    report,
    { type: 'acknowledge', officialId: official.id },
    { kind: 'official', id: official.id },
    {
      at,
      effects: {
        deliveries: ({ report: after, eventId }) => [
          ...alertEdits(
            alerts,
            after,
            describeAction((l) => DESK.acknowledged[l], whoActed(official), at),
            eventId,
          ),
          ...(options.noticeToCitizen
            ? optional(citizenNotice(after, 'acknowledged', {}, String(eventId)))
            : []),
        ],
      },
    },
  );
}

/** Without `arg`: the list of staff to choose from. With it: assigns to that official. */
export async function assign(
  deps: DeskDeps,
  turn: Turn,
  report: ReportForOfficials,
  official: OfficialRecord,
  arg: string | undefined,
): Promise<StepResult> {
  if (kindIsHeadOnly(report.kind))
    return turn.done(msg(DESK.sealedNoHandover, turn.lang, unitWords(report.unitName, turn.lang)));
  const check = tryCommand(report, { type: 'assign', officialId: 0 }, turn.now);
  if (check.type === 'rejected')
    return turn.done(rejectionIn(check.reason, turn.lang, report.unitName));
  const staff = (await deps.officials.staffOfUnit(report.unitCode)).filter(
    (s) => s.id !== report.aboutOfficialId,
  );
  if (arg === undefined) {
    if (staff.length === 0) {
      turn.say(msg(DESK.noStaff, turn.lang, unitWords(report.unitName, turn.lang)));
      return turn.done();
    }
    turn.say(
      msgHtml(DESK.assignWho, turn.lang, { ticket: report.ticketCode }),
      staff.slice(0, MAX_CHOICES).map((s): Button[] => [
        {
          type: 'callback',
          label: `${s.id === report.assignedOfficialId ? '• ' : ''}${nameDotTitle(
            s.displayName,
            s.positionTitle,
            positionIn(
              { kind: s.positionKind, title: s.positionTitle },
              s.unitName,
              turn.lang,
              'name',
            ),
          )}`,
          data: officialCallback(report.id, 'asg', s.id),
        },
      ]),
    );
    return turn.done();
  }
  const assignee = staff.find((s) => String(s.id) === arg);
  if (!assignee)
    return turn.done(msg(DESK.staffGone, turn.lang, unitWords(report.unitName, turn.lang)));
  const again = tryCommand(report, { type: 'assign', officialId: assignee.id }, turn.now);
  if (again.type === 'rejected' && again.reason === 'already-assigned')
    return turn.done(msg(DESK.alreadyAssignedTo, turn.lang, { name: assignee.displayName }));
  const alerts = await sentAlerts(deps, report.id);
  const outcome = await applyReportCommand(
    deps,
    report,
    { type: 'assign', officialId: assignee.id, positionId: assignee.positionId },
    { kind: 'official', id: official.id },
    {
      at: turn.now,
      data: { by: official.id },
      effects: {
        deliveries: ({ report: after, eventId }) => [
          ...alertDeliveries(
            { chatId: assignee.chatId, official: assignee },
            after,
            (l) => ALERT.assignedToYou[l],
            `asg-${eventId}`,
            (l) => msg(ALERT.assignedBy, l, { who: whoActed(official)(l) }),
          ),
          ...alertEdits(
            alerts,
            after,
            describeAction(
              (l) => msg(DESK.assignedTo, l, { name: assignee.displayName }),
              whoActed(official),
              turn.now,
            ),
            eventId,
          ),
          ...optional(citizenNotice(after, 'assigned', {}, String(eventId))),
        ],
      },
    },
  );
  if (outcome.type !== 'ok') return turn.done(failureText(outcome, turn.lang, report));
  closePicker(
    turn,
    msgHtml(DESK.assignedSaid, turn.lang, {
      ticket: report.ticketCode,
      name: assignee.displayName,
    }),
  );
  return turn.done(DESK.assignedToast[turn.lang]);
}

/** Without `arg`: the positions to pass to. With it: asks for the reason. */
export async function pass(
  deps: DeskDeps,
  turn: Turn,
  report: ReportForOfficials,
  official: OfficialRecord,
  arg: string | undefined,
): Promise<StepResult> {
  if (kindIsHeadOnly(report.kind))
    return turn.done(msg(DESK.sealedNoHandover, turn.lang, unitWords(report.unitName, turn.lang)));
  const check = tryCommand(
    report,
    { type: 'pass', toPositionKind: 'chair', reason: 'kiểm tra' },
    turn.now,
  );
  if (check.type === 'rejected')
    return turn.done(rejectionIn(check.reason, turn.lang, report.unitName));
  const targets = await passTargets(deps, report);
  if (arg === undefined) {
    if (targets.length === 0) {
      turn.say(msg(DESK.noPassTarget, turn.lang, unitWords(report.unitName, turn.lang)));
      return turn.done();
    }
    turn.say(
      msgHtml(DESK.passWhere, turn.lang, { ticket: report.ticketCode }),
      targets.slice(0, MAX_CHOICES).map(({ position, holder }): Button[] => [
        {
          type: 'callback',
          label: nameSaysTitle(holder.displayName, position.title)
            ? holder.displayName
            : `${positionIn(position, report.unitName, turn.lang, 'name')} · ${holder.displayName}`,
          data: officialCallback(report.id, 'pass', position.id),
        },
      ]),
    );
    return turn.done();
  }
  const target = targets.find((t) => String(t.position.id) === arg);
  if (!target) {
    // The old list's button of the position it was passed to: it is there already.
    if (arg === String(report.assignedPositionId)) {
      const here = (await deps.officials.positionsOfUnit(report.unitCode)).find(
        (p) => p.id === report.assignedPositionId,
      );
      if (here)
        return turn.done(
          msg(DESK.alreadyPassedTo, turn.lang, {
            position: positionIn(here, report.unitName, turn.lang, 'title'),
          }),
        );
    }
    return turn.done(DESK.positionEmpty[turn.lang]);
  }
  turn.setPending({
    type: 'pass',
    reportId: report.id,
    positionId: target.position.id,
    by: turn.event.user.id,
    since: turn.now.toISOString(),
  });
  closePicker(
    turn,
    msgHtml(DESK.passChosen, turn.lang, {
      ticket: report.ticketCode,
      position: positionIn(target.position, report.unitName, turn.lang, 'title'),
    }),
  );
  turn.say(
    msgHtml(DESK.passReason, turn.lang, {
      ticket: report.ticketCode,
      position: positionIn(target.position, report.unitName, turn.lang, 'title'),
      hint: groupHint(turn),
    }),
    cancelButton(report.id, turn.lang),
  );
  return turn.done();
}

export async function finishPass(
  deps: DeskDeps,
  turn: Turn,
  report: ReportForOfficials,
  official: OfficialRecord,
  pending: Extract<PendingInput, { type: 'pass' }>,
  content: MessageContent,
): Promise<StepResult> {
  const target = (await passTargets(deps, report)).find(
    (t) => t.position.id === pending.positionId,
  );
  if (!target) {
    turn.setPending(undefined);
    turn.say(DESK.positionEmptyAgain[turn.lang]);
    return turn.done();
  }
  const alerts = await sentAlerts(deps, report.id);
  const outcome = await applyReportCommand(
    deps,
    report,
    {
      type: 'pass',
      toPositionKind: target.position.kind,
      toPositionId: target.position.id,
      reason: content.text,
    },
    { kind: 'official', id: official.id },
    {
      at: turn.now,
      change: { assignedOfficialId: target.holder.id },
      data: { toOfficialId: target.holder.id },
      effects: {
        deliveries: ({ report: after, eventId, event }) => [
          ...alertDeliveries(
            { chatId: target.holder.chatId, official: target.holder },
            after,
            (l) => ALERT.passedToYou[l],
            `pass-${eventId}`,
            (l) =>
              msgHtml(ALERT.passedFrom, l, {
                who: whoActed(official)(l),
                reason: reasonOf(event),
              }),
          ),
          ...alertEdits(
            alerts,
            after,
            describeAction(
              (l) =>
                msg(DESK.passedTo, l, {
                  position: positionIn(target.position, report.unitName, l, 'title'),
                }),
              whoActed(official),
              turn.now,
            ),
            eventId,
          ),
          ...optional(
            citizenNotice(
              after,
              'passed',
              {
                to: {
                  vi: positionIn(target.position, report.unitName, 'vi'),
                  en: positionIn(target.position, report.unitName, 'en'),
                },
              },
              String(eventId),
            ),
          ),
        ],
      },
    },
  );
  if (!isApplied(turn, outcome, report, DESK.passWhat)) return turn.done();
  turn.say(
    msgHtml(DESK.passedSaid, turn.lang, {
      ticket: report.ticketCode,
      to:
        turn.lang === 'vi' && nameSaysTitle(target.holder.displayName, target.position.title)
          ? target.holder.displayName
          : `${positionIn(target.position, report.unitName, turn.lang, 'title')} (${target.holder.displayName})`,
    }),
  );
  return turn.done();
}

/** Asks for the reason of an extension, if the deadline can still be extended. */
export async function extend(
  _deps: DeskDeps,
  turn: Turn,
  report: ReportForOfficials,
): Promise<StepResult> {
  const check = tryCommand(report, { type: 'extend', reason: 'kiểm tra' }, turn.now);
  if (check.type === 'rejected')
    return turn.done(rejectionIn(check.reason, turn.lang, report.unitName));
  turn.setPending({
    type: 'extend',
    reportId: report.id,
    by: turn.event.user.id,
    since: turn.now.toISOString(),
  });
  turn.say(
    msgHtml(DESK.extendReason, turn.lang, { ticket: report.ticketCode, hint: groupHint(turn) }),
    cancelButton(report.id, turn.lang),
  );
  return turn.done();
}

export async function finishExtend(
  deps: DeskDeps,
  turn: Turn,
  report: ReportForOfficials,
  official: OfficialRecord,
  content: MessageContent,
): Promise<StepResult> {
  const dueAt = extendedDeadline(deps.calendar, report, report.deadlineDays);
  const alerts = await sentAlerts(deps, report.id);
  const outcome = await applyReportCommand(
    deps,
    report,
    { type: 'extend', reason: content.text },
    { kind: 'official', id: official.id },
    {
      at: turn.now,
      change: { dueAt },
      data: { dueAt: dueAt.toISOString() },
      effects: {
        deliveries: ({ report: after, eventId, event }) => [
          ...alertEdits(
            alerts,
            after,
            describeAction(
              (l) => msg(DESK.extendedTo, l, { date: formatDate(dueAt) }),
              whoActed(official),
              turn.now,
            ),
            eventId,
          ),
          ...optional(
            citizenNotice(after, 'extended', { reason: reasonOf(event) }, String(eventId)),
          ),
        ],
      },
    },
  );
  if (!isApplied(turn, outcome, report, DESK.extendWhat)) return turn.done();
  turn.say(
    msgHtml(DESK.extendedSaid, turn.lang, { ticket: report.ticketCode, date: formatDate(dueAt) }),
  );
  return turn.done();
}

/** Positions of the commune other than the current one, each with a reachable holder. */
async function passTargets(deps: DeskDeps, report: ReportForOfficials) {
  const positions = await deps.officials.positionsOfUnit(report.unitCode);
  return positions.flatMap((position) => {
    if (position.id === report.assignedPositionId) return [];
    const holder = position.officials.find(
      (o) => o.id !== report.aboutOfficialId && o.unreachableAt === null && o.role !== 'observer',
    );
    return holder ? [{ position, holder }] : [];
  });
}

/** The reason of a pass or an extension, as the machine recorded it (tidied). */
function reasonOf(event: ReportStatusEvent): string {
  return event.type === 'passed' || event.type === 'extended' ? event.reason : '';
}

/** Why a command on `report` was not applied: the machine's refusal, or a change under it. */
export function failureText(
  outcome: Exclude<CommandOutcome, { type: 'ok' }>,
  lang: Lang,
  report: { unitName: string },
): string {
  return outcome.type === 'rejected'
    ? rejectionIn(outcome.reason, lang, report.unitName)
    : DESK.conflict[lang];
}

/**
 * «Hủy» under a question (`question`: cancels the input it waits for) or under a list that asks
 * nothing yet (`list`: closes the list); official-desk.ts tells them apart by the argument.
 */
export function cancelButton(
  reportId: number,
  lang: Lang = 'vi',
  under: 'question' | 'list' = 'question',
): Button[][] {
  const data =
    under === 'list'
      ? officialCallback(reportId, 'huy', 'list')
      : officialCallback(reportId, 'huy');
  return [[{ type: 'callback', label: BUTTON.cancel[lang], data }]];
}

/** Bots in groups only see replies to their messages (privacy mode): say so. */
export function groupHint(turn: Turn): string {
  return turn.isGroup ? DESK.groupHint[turn.lang] : '';
}

/**
 * After a command that needs a reason: asks for it again when it was missing (the pending input
 * stays), says why it failed otherwise; true when the change was applied.
 */
function isApplied(
  turn: Turn,
  outcome: CommandOutcome,
  report: ReportForOfficials,
  what: Localized,
): outcome is Extract<CommandOutcome, { type: 'ok' }> {
  if (outcome.type === 'rejected' && outcome.reason === 'reason-required') {
    turn.say(
      msgHtml(DESK.reasonAgain, turn.lang, {
        rejection: rejectionIn(outcome.reason, turn.lang, report.unitName),
        what: what[turn.lang],
      }),
      cancelButton(report.id, turn.lang),
    );
    return false;
  }
  turn.setPending(undefined);
  if (outcome.type !== 'ok') {
    turn.say(failureText(outcome, turn.lang, report));
    return false;
  }
  return true;
}
