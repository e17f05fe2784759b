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
import { html } from '../../core/html.ts';
import { extendedDeadline } from '../../core/report-deadline.ts';
import type { OfficialRecord } from '../ports/official-directory.ts';
import type { ReportForOfficials } from '../ports/report-store.ts';
import { describeAction, positionAt } from '../alert-message.ts';
import { citizenNotice } from '../notify-citizen.ts';
import type { StepResult } from '../ports/conversation.ts';
import { formatDate } from '../report-labels.ts';
import { alertDeliveries, alertEdits, optional, sentAlerts, whoActed } from './alert-updates.ts';
import {
  applyReportCommand,
  CONFLICT_TEXT,
  rejectionText,
  tryCommand,
  type CommandOutcome,
} from '../apply-report-command.ts';
import type { DeskDeps, MessageContent, PendingInput, Turn } from './desk-context.ts';

/** How many staff or positions a list offers (Telegram keyboards get unwieldy beyond this). */
const MAX_CHOICES = 12;

export async function acknowledge(
  deps: DeskDeps,
  turn: Turn,
  report: ReportForOfficials,
  official: OfficialRecord,
): Promise<StepResult> {
  const alerts = await sentAlerts(deps, report.id);
  const outcome = await applyReportCommand(
    deps,
    report,
    { type: 'acknowledge', officialId: official.id },
    { kind: 'official', id: official.id },
    {
      at: turn.now,
      effects: {
        deliveries: ({ report: after, eventId }) => [
          ...alertEdits(
            alerts,
            after,
            describeAction('Đã tiếp nhận', whoActed(official), turn.now),
            eventId,
          ),
          ...optional(citizenNotice(after, 'acknowledged', {}, String(eventId))),
        ],
      },
    },
  );
  if (outcome.type !== 'ok') return turn.done(failureText(outcome));
  return turn.done('Đã tiếp nhận');
}

/** Without `arg`: the list of staff to choose from. With it: assigns to that official. */
export async function assign(
  deps: DeskDeps,
  turn: Turn,
  report: ReportForOfficials,
  official: OfficialRecord,
  arg: string | undefined,
): Promise<StepResult> {
  if (kindIsHeadOnly(report.kind)) return turn.done(SEALED_TEXT);
  const check = tryCommand(report, { type: 'assign', officialId: 0 }, turn.now);
  if (check.type === 'rejected') return turn.done(rejectionText(check.reason));
  const staff = (await deps.officials.staffOfUnit(report.unitCode)).filter(
    (s) => s.id !== report.aboutOfficialId,
  );
  if (arg === undefined) {
    if (staff.length === 0) {
      turn.say(
        'Xã chưa có cán bộ nào đăng ký trên Gopy để giao việc. Quản trị viên mời cán bộ bằng lệnh «gopy officials invite».',
      );
      return turn.done();
    }
    turn.say(
      html`Giao phiếu <b>${report.ticketCode}</b> cho cán bộ nào?`,
      staff.slice(0, MAX_CHOICES).map((s): Button[] => [
        {
          type: 'callback',
          label: `${s.id === report.assignedOfficialId ? '• ' : ''}${s.displayName} · ${s.positionTitle}`,
          data: officialCallback(report.id, 'asg', s.id),
        },
      ]),
    );
    return turn.done();
  }
  const assignee = staff.find((s) => String(s.id) === arg);
  if (!assignee) return turn.done('Cán bộ này không còn thuộc xã, xin chọn lại.');
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
            '📌 Phản ánh được giao cho Ông/Bà',
            `asg-${eventId}`,
            `Người giao: ${whoActed(official)}`,
          ),
          ...alertEdits(
            alerts,
            after,
            describeAction(`Đã giao cho ${assignee.displayName}`, whoActed(official), turn.now),
            eventId,
          ),
          ...optional(citizenNotice(after, 'assigned', {}, String(eventId))),
        ],
      },
    },
  );
  if (outcome.type !== 'ok') return turn.done(failureText(outcome));
  turn.say(html`Đã giao phiếu <b>${report.ticketCode}</b> cho ${assignee.displayName}.`);
  return turn.done('Đã giao');
}

/** Without `arg`: the positions to pass to. With it: asks for the reason. */
export async function pass(
  deps: DeskDeps,
  turn: Turn,
  report: ReportForOfficials,
  official: OfficialRecord,
  arg: string | undefined,
): Promise<StepResult> {
  if (kindIsHeadOnly(report.kind)) return turn.done(SEALED_TEXT);
  const check = tryCommand(
    report,
    { type: 'pass', toPositionKind: 'chair', reason: 'kiểm tra' },
    turn.now,
  );
  if (check.type === 'rejected') return turn.done(rejectionText(check.reason));
  const targets = await passTargets(deps, report);
  if (arg === undefined) {
    if (targets.length === 0) {
      turn.say('Không có vị trí nào khác của xã có cán bộ nhận phiếu này.');
      return turn.done();
    }
    turn.say(
      html`Chuyển phiếu <b>${report.ticketCode}</b> đến vị trí nào?`,
      targets.slice(0, MAX_CHOICES).map(({ position, holder }): Button[] => [
        {
          type: 'callback',
          label: `${position.title} · ${holder.displayName}`,
          data: officialCallback(report.id, 'pass', position.id),
        },
      ]),
    );
    return turn.done();
  }
  const target = targets.find((t) => String(t.position.id) === arg);
  if (!target) return turn.done('Vị trí này hiện không có cán bộ nhận, xin chọn lại.');
  turn.setPending({
    type: 'pass',
    reportId: report.id,
    positionId: target.position.id,
    by: turn.event.user.id,
    since: turn.now.toISOString(),
  });
  turn.say(
    html`Nhập <b>lý do</b> chuyển phiếu <b>${report.ticketCode}</b> đến ${target.position.title} (người nhận sẽ đọc lý do này)${groupHint(turn)}:`,
    cancelButton(report.id),
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
    turn.say('Vị trí đã chọn hiện không có cán bộ nhận. Xin bấm «Chuyển» và chọn lại.');
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
            `↪ Phản ánh được chuyển đến Ông/Bà`,
            `pass-${eventId}`,
            html`Chuyển từ: ${whoActed(official)}\nLý do chuyển: ${reasonOf(event)}`,
          ),
          ...alertEdits(
            alerts,
            after,
            describeAction(`Đã chuyển đến ${target.position.title}`, whoActed(official), turn.now),
            eventId,
          ),
          ...optional(
            citizenNotice(
              after,
              'passed',
              { to: positionAt(target.position.title, report.unitName) },
              String(eventId),
            ),
          ),
        ],
      },
    },
  );
  if (!isApplied(turn, outcome, report.id, 'chuyển phiếu')) return turn.done();
  turn.say(
    html`Đã chuyển phiếu <b>${report.ticketCode}</b> đến ${target.position.title} (${target.holder.displayName}).`,
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
  if (check.type === 'rejected') return turn.done(rejectionText(check.reason));
  turn.setPending({
    type: 'extend',
    reportId: report.id,
    by: turn.event.user.id,
    since: turn.now.toISOString(),
  });
  turn.say(
    html`Nhập <b>lý do</b> xin gia hạn phiếu <b>${report.ticketCode}</b> (người dân sẽ được báo lý do; mỗi phiếu chỉ gia hạn một lần)${groupHint(turn)}:`,
    cancelButton(report.id),
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
            describeAction(`Đã gia hạn đến ${formatDate(dueAt)}`, whoActed(official), turn.now),
            eventId,
          ),
          ...optional(
            citizenNotice(after, 'extended', { reason: reasonOf(event) }, String(eventId)),
          ),
        ],
      },
    },
  );
  if (!isApplied(turn, outcome, report.id, 'gia hạn')) return turn.done();
  turn.say(
    html`Đã gia hạn phiếu <b>${report.ticketCode}</b> đến ${formatDate(dueAt)}. Người dân đã được báo lý do.`,
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

export function failureText(outcome: Exclude<CommandOutcome, { type: 'ok' }>): string {
  return outcome.type === 'rejected' ? rejectionText(outcome.reason) : CONFLICT_TEXT;
}

export function cancelButton(reportId: number): Button[][] {
  return [[{ type: 'callback', label: '✖ Hủy', data: officialCallback(reportId, 'huy') }]];
}

/** Bots in groups only see replies to their messages (privacy mode): say so. */
export function groupHint(turn: Turn): string {
  return turn.isGroup ? ' — trả lời (Reply) tin nhắn này' : '';
}

const SEALED_TEXT =
  'Đơn tố cáo do Chủ tịch UBND xã trực tiếp xử lý; không giao hay chuyển cho người khác để giữ bí mật cho người tố cáo.';

/**
 * After a command that needs a reason: asks for it again when it was missing (the pending input
 * stays), says why it failed otherwise; true when the change was applied.
 */
function isApplied(
  turn: Turn,
  outcome: CommandOutcome,
  reportId: number,
  what: string,
): outcome is Extract<CommandOutcome, { type: 'ok' }> {
  if (outcome.type === 'rejected' && outcome.reason === 'reason-required') {
    turn.say(
      html`${rejectionText(outcome.reason)} Xin nhập lý do ${what}, hoặc bấm Hủy.`,
      cancelButton(reportId),
    );
    return false;
  }
  turn.setPending(undefined);
  if (outcome.type !== 'ok') {
    turn.say(failureText(outcome));
    return false;
  }
  return true;
}
