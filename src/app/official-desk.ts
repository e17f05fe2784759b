/**
 * The officials' side, and the citizen's side of a report's thread: invites, alert buttons
 * (acknowledge, assign, resolve, pass, extend), answers relayed both ways, notes, /whoami,
 * /stats, /xem, and the citizen's verdict on an answer. Every button is authorised here, on the
 * server, whoever pressed it: only an active official of the report's own commune may act, and
 * only with a role that allows the action. Returns undefined for events that are not its own.
 */
import type { Button, InboundEvent, OutboundMessage } from '../channels/types.ts';
import { html, joinHtml } from '../core/html.ts';
import { findTicketCode } from '../core/ticket-code.ts';
import { addWorkingDays, type WorkingDayCalendar } from '../core/working-days.ts';
import {
  criterionIndex,
  CRITERIA,
  quarterBounds,
  quarterOf,
  type Score,
} from '../core/rating-scores.ts';
import type { Logger } from '../logger.ts';
import type { CannedRepliesRepository } from '../persistence/canned-replies-repository.ts';
import type { OfficialRecord, OfficialsRepository } from '../persistence/officials-repository.ts';
import type { RatingsRepository } from '../persistence/ratings-repository.ts';
import type {
  ReportForOfficials,
  ReportWorkflowRepository,
} from '../persistence/report-workflow-repository.ts';
import {
  alertButtons,
  alertMessages,
  alertText,
  describeAction,
  parseActionData,
} from './alert-message.ts';
import type { ChatState } from './chat-state.ts';
import { parseDeepLink } from './deep-link.ts';
import { notifyCitizen } from './notify-citizen.ts';
import type { Outbox } from './outbox.ts';
import type { OfficialDesk, StepResult } from './ports.ts';
import { createRegisterOfficial, describeOfficial } from './register-official.ts';
import { formatDate, formatDateTime, statusLabel } from './report-labels.ts';

/** What an official is in the middle of typing, kept in their chat's session. */
export type PendingInput =
  | { type: 'resolve'; reportId: number; resultType: string; answer?: string }
  | { type: 'extend'; reportId: number }
  | { type: 'reopen'; reportId: number; verdict: 'partly' | 'no' }
  | { type: 'citizenReply'; reportId: number };

export interface DeskState extends ChatState {
  pending?: PendingInput;
}

const OPEN = ['routed', 'acknowledged', 'assigned', 'reopened'] as const;
const RESULT_TYPES: Record<string, string> = {
  done: 'Đã giải quyết',
  other: 'Không thuộc thẩm quyền, đã chuyển đến cơ quan có thẩm quyền',
  later: 'Sẽ giải quyết theo kế hoạch',
};

export interface OfficialDeskDeps {
  officials: OfficialsRepository;
  workflow: ReportWorkflowRepository;
  canned: CannedRepliesRepository;
  ratings: RatingsRepository;
  outbox: Outbox;
  calendar: WorkingDayCalendar;
  now: () => Date;
  logger: Logger;
}

export function createOfficialDesk(deps: OfficialDeskDeps): OfficialDesk & {
  remindAndEscalate(): Promise<{ reminded: number; escalated: number; closed: number }>;
} {
  const register = createRegisterOfficial({ officials: deps.officials, now: deps.now });

  return {
    async handle(event, incoming) {
      const state: DeskState = { ...(incoming as DeskState) };
      const body = event.body;
      const messages: OutboundMessage[] = [];
      const say = (
        text: OutboundMessage extends never ? never : string | ReturnType<typeof html>,
        buttons?: Button[][],
      ) =>
        messages.push({
          type: 'text',
          chatId: event.chatId,
          text,
          ...(buttons ? { buttons } : {}),
        });
      const done = (toast?: string): StepResult => ({ state, messages, toast });

      // Invites: /start inv_<code>
      if (body.type === 'command' && body.command === 'start') {
        const link = parseDeepLink(body.args);
        if (link.type !== 'invite') return undefined;
        if (event.chatType !== 'private') return done();
        say(await register({ payload: body.args, user: event.user, chatId: event.chatId }));
        return done();
      }

      // Buttons of the desk: o.* (officials), c.* (citizen reply), v.* (verdict).
      if (body.type === 'button') {
        if (body.data.startsWith('o.')) return officialButton(body.data);
        if (body.data.startsWith('v.') || body.data.startsWith('c.'))
          return citizenButton(body.data);
        return undefined;
      }

      const me = await deps.officials.findActiveByExternalId(event.channel, event.user.id);
      const isGroup = event.chatType === 'group' || event.chatType === 'supergroup';
      if (isGroup) {
        const group = await deps.officials.groupByChat(event.chatId);
        if (body.type === 'botMembership' && body.status === 'removed') {
          await deps.officials.deactivateGroup(event.chatId);
          return done();
        }
        if (!group || me.length === 0) return done(); // strangers in a group: stay silent
      }

      if (me.length > 0) return officialMessage(me);
      return citizenMessage();

      // ---------------------------------------------------------------- officials

      async function officialMessage(officials: OfficialRecord[]): Promise<StepResult | undefined> {
        const official = officials[0]!;
        if (body.type === 'command') {
          switch (body.command) {
            case 'whoami':
              say(officials.map((o) => describeOfficial({ ...o })).join('\n\n'));
              return done();
            case 'stats':
              say(await statsText(official));
              return done();
            case 'xem':
              return showThread(body.args, official);
            case 'tl':
              return answerByCommand(body.args, official, 'out');
            case 'ghichu':
              return answerByCommand(body.args, official, 'note');
            case 'huy':
              state.pending = undefined;
              say('Đã hủy thao tác đang làm.');
              return done();
            case 'start':
            case 'help':
              say(OFFICIAL_HELP);
              return done();
            default:
              return isGroupChat() ? done() : undefined;
          }
        }
        if (state.pending && state.pending.type !== 'citizenReply')
          return continuePending(official);
        if (event.replyToMessageId !== undefined) {
          const link = await deps.workflow.findLink(event.chatId, event.replyToMessageId);
          if (link) {
            const report = await authorised(link.reportId, official, 'answer');
            if (!report) return done();
            return relayToCitizen(report, official);
          }
        }
        if (body.type === 'edited' && event.messageId !== undefined) return editRelayed();
        return isGroupChat() ? done() : undefined;
      }

      function isGroupChat() {
        return event.chatType !== 'private';
      }

      async function officialButton(data: string): Promise<StepResult> {
        const parsed = parseActionData(data);
        if (!parsed) return done('Nút này không hợp lệ.');
        const officials = await deps.officials.findActiveByExternalId(event.channel, event.user.id);
        const official = officials[0];
        if (!official) return done('Chỉ cán bộ được phân công mới thao tác được nút này.');
        const report = await authorised(parsed.reportId, official, parsed.action);
        if (!report) return done('Ông/Bà không có quyền thao tác phản ánh này.');
        if (!(OPEN as readonly string[]).includes(report.status))
          return done(`Phản ánh đang ở trạng thái «${statusLabel(report.status)}».`);
        const who = `${official.displayName} (${official.positionTitle})`;
        const at = deps.now();

        switch (parsed.action) {
          case 'ack': {
            const ok = await deps.workflow.change(
              report.id,
              ['routed'],
              { status: 'acknowledged', acknowledgedAt: at },
              { type: 'acknowledged', actorKind: 'official', actorId: official.id },
            );
            if (!ok) return done('Phản ánh đã được tiếp nhận trước đó.');
            await afterChange(report.id, describeAction('Đã tiếp nhận', who, at));
            await notifyCitizen(deps.outbox, report, 'acknowledged');
            return done('Đã tiếp nhận');
          }
          case 'asg': {
            if (!parsed.arg) {
              const staff = (await deps.officials.staffOfUnit(report.unitCode)).filter(
                (s) => s.id !== report.aboutOfficialId,
              );
              if (staff.length === 0) {
                say(
                  'Xã chưa có cán bộ nào đăng ký trên gopy. Dùng lệnh gopy officials invite để mời cán bộ.',
                );
                return done();
              }
              say(
                html`Giao phản ánh <b>${report.ticketCode}</b> cho cán bộ:`,
                staff
                  .slice(0, 10)
                  .map((s) => [
                    {
                      type: 'callback',
                      label: `${s.displayName} · ${s.positionTitle}`,
                      data: `o.${report.id}.asg.${s.id}`,
                    },
                  ]),
              );
              return done();
            }
            const staffId = Number(parsed.arg);
            const assignee = (await deps.officials.staffOfUnit(report.unitCode)).find(
              (s) => s.id === staffId,
            );
            if (!assignee || assignee.id === report.aboutOfficialId)
              return done('Cán bộ này không thuộc xã.');
            const ok = await deps.workflow.change(
              report.id,
              [...OPEN],
              {
                status: 'assigned',
                assignedOfficialId: assignee.id,
                assignedPositionId: assignee.positionId,
                acknowledgedAt: at,
              },
              {
                type: 'assigned',
                actorKind: 'official',
                actorId: official.id,
                data: { to: assignee.id },
              },
            );
            if (!ok) return done('Phản ánh vừa thay đổi, xin thử lại.');
            const fresh = (await deps.workflow.get(report.id))!;
            for (const [i, m] of alertMessages(
              assignee.chatId,
              fresh,
              '📌 Phản ánh được giao cho Ông/Bà',
            ).entries())
              await deps.outbox.enqueue({
                dedupeKey: `assign-${report.id}-${assignee.id}-${at.getTime()}-${i}`,
                chatId: assignee.chatId,
                message: m,
                reportId: report.id,
                officialId: assignee.id,
                link: {
                  kind: m.type === 'text' ? 'alert' : 'relay',
                  reportId: report.id,
                  officialId: assignee.id,
                },
              });
            await afterChange(
              report.id,
              describeAction(`Đã giao cho ${assignee.displayName}`, who, at),
            );
            await notifyCitizen(deps.outbox, report, 'assigned', {}, at);
            return done('Đã giao');
          }
          case 'res': {
            if (!parsed.arg) {
              say(
                html`Kết quả xử lý phản ánh <b>${report.ticketCode}</b>:`,
                Object.entries(RESULT_TYPES).map(([k, label]) => [
                  { type: 'callback', label, data: `o.${report.id}.res.${k}` },
                ]),
              );
              return done();
            }
            if (parsed.arg.startsWith('cr')) {
              const pending = state.pending;
              const reply = (await deps.canned.list({ categoryCode: report.categoryCode })).find(
                (r) => `cr${r.id}` === parsed.arg,
              );
              if (!reply || pending?.type !== 'resolve' || pending.reportId !== report.id)
                return done('Nút này thuộc tin nhắn cũ.');
              return takeAnswer(report, official, { ...pending, answer: reply.text });
            }
            if (!RESULT_TYPES[parsed.arg]) return done('Nút này không hợp lệ.');
            state.pending = { type: 'resolve', reportId: report.id, resultType: parsed.arg };
            const canned = await deps.canned.list({ categoryCode: report.categoryCode });
            say(
              html`Nhập câu trả lời cho người dân về phiếu <b>${report.ticketCode}</b> (nêu rõ kết quả, căn cứ pháp lý nếu có)${report.onSite ? html`, rồi gửi <b>ảnh kết quả</b> tại hiện trường` : ''}. Hoặc chọn câu trả lời mẫu:`,
              canned
                .slice(0, 5)
                .map((c) => [
                  {
                    type: 'callback',
                    label: c.text.slice(0, 60),
                    data: `o.${report.id}.res.cr${c.id}`,
                  },
                ]),
            );
            return done();
          }
          case 'pass': {
            const positions = await deps.officials.positionsOfUnit(report.unitCode);
            if (!parsed.arg) {
              const targets = positions.filter(
                (p) =>
                  p.id !== report.assignedPositionId &&
                  p.officials.some((o) => o.id !== report.aboutOfficialId),
              );
              say(
                html`Chuyển phản ánh <b>${report.ticketCode}</b> đến:`,
                targets.map((p) => [
                  { type: 'callback', label: p.title, data: `o.${report.id}.pass.${p.id}` },
                ]),
              );
              return done();
            }
            const target = positions.find((p) => String(p.id) === parsed.arg);
            const holder = target?.officials.find(
              (o) => o.id !== report.aboutOfficialId && !o.unreachableAt,
            );
            if (!target || !holder) return done('Vị trí này chưa có người nhận.');
            const ok = await deps.workflow.change(
              report.id,
              [...OPEN],
              { status: 'routed', assignedPositionId: target.id, assignedOfficialId: holder.id },
              {
                type: 'passed',
                actorKind: 'official',
                actorId: official.id,
                data: { toPosition: target.id },
              },
            );
            if (!ok) return done('Phản ánh vừa thay đổi, xin thử lại.');
            const fresh = (await deps.workflow.get(report.id))!;
            for (const [i, m] of alertMessages(
              holder.chatId,
              fresh,
              `↪ Phản ánh được chuyển từ ${official.positionTitle}`,
            ).entries())
              await deps.outbox.enqueue({
                dedupeKey: `pass-${report.id}-${holder.id}-${at.getTime()}-${i}`,
                chatId: holder.chatId,
                message: m,
                reportId: report.id,
                officialId: holder.id,
                link: {
                  kind: m.type === 'text' ? 'alert' : 'relay',
                  reportId: report.id,
                  officialId: holder.id,
                },
              });
            await afterChange(report.id, describeAction(`Đã chuyển đến ${target.title}`, who, at));
            await notifyCitizen(
              deps.outbox,
              report,
              'passed',
              { to: `${target.title} ${official.unitName}` },
              at,
            );
            return done('Đã chuyển');
          }
          case 'ext': {
            if (report.extendedAt) return done('Phản ánh này đã được gia hạn một lần.');
            state.pending = { type: 'extend', reportId: report.id };
            say(
              html`Nhập lý do xin gia hạn phiếu <b>${report.ticketCode}</b> (người dân sẽ được báo lý do):`,
            );
            return done();
          }
          default:
            return done('Nút này không hợp lệ.');
        }
      }

      async function continuePending(official: OfficialRecord): Promise<StepResult> {
        const pending = state.pending!;
        const report = await authorised(
          pending.reportId,
          official,
          pending.type === 'extend' ? 'ext' : 'res',
        );
        if (!report || !(OPEN as readonly string[]).includes(report.status)) {
          state.pending = undefined;
          say('Phản ánh này không còn chờ thao tác của Ông/Bà.');
          return done();
        }
        const text =
          body.type === 'text'
            ? body.text.trim()
            : body.type === 'photo'
              ? (body.caption ?? '').trim()
              : '';
        if (pending.type === 'extend') {
          if (text.length < 5) {
            say('Xin nhập lý do gia hạn (ít nhất 5 ký tự), hoặc /huy để thôi.');
            return done();
          }
          const dueAt = addWorkingDays(deps.calendar, report.dueAt, 5);
          const ok = await deps.workflow.change(
            report.id,
            [...OPEN],
            { dueAt, extendedAt: deps.now(), remindedAt: null },
            {
              type: 'extended',
              actorKind: 'official',
              actorId: official.id,
              data: { reason: text },
            },
          );
          state.pending = undefined;
          if (!ok) return done();
          await afterChange(
            report.id,
            describeAction('Đã gia hạn', official.displayName, deps.now()),
          );
          await notifyCitizen(
            deps.outbox,
            { ...report, dueAt },
            'extended',
            { reason: text },
            deps.now(),
          );
          say(html`Đã gia hạn phiếu <b>${report.ticketCode}</b> đến ${formatDate(dueAt)}.`);
          return done();
        }
        if (pending.type === 'resolve') {
          if (body.type === 'photo')
            return takeAnswer(
              report,
              official,
              { ...pending, answer: pending.answer ?? (text || undefined) },
              body.photo.fileId,
            );
          if (text.length < 10) {
            say('Câu trả lời cần rõ ràng (ít nhất 10 ký tự). Xin nhập lại, hoặc /huy để thôi.');
            return done();
          }
          return takeAnswer(report, official, { ...pending, answer: text });
        }
        state.pending = undefined;
        return done();
      }

      /** Resolving needs a result type, an answer and, for on-site categories, a photo. */
      async function takeAnswer(
        report: ReportForOfficials,
        official: OfficialRecord,
        pending: Extract<PendingInput, { type: 'resolve' }>,
        photoFileId?: string,
      ): Promise<StepResult> {
        if (!pending.answer) {
          state.pending = pending;
          say('Đã nhận ảnh. Xin nhập câu trả lời cho người dân.');
          return done();
        }
        if (report.onSite && !photoFileId) {
          state.pending = pending;
          say('Lĩnh vực này cần ảnh kết quả tại hiện trường. Xin gửi ảnh (có thể kèm chú thích).');
          return done();
        }
        const at = deps.now();
        const ok = await deps.workflow.change(
          report.id,
          [...OPEN],
          { status: 'resolved', resolvedAt: at, resultType: pending.resultType },
          {
            type: 'resolved',
            actorKind: 'official',
            actorId: official.id,
            data: { resultType: pending.resultType },
          },
        );
        state.pending = undefined;
        if (!ok) return done('Phản ánh vừa thay đổi.');
        const answer = `${RESULT_TYPES[pending.resultType] ?? ''}. ${pending.answer}`;
        await deps.workflow.addThreadMessage({
          reportId: report.id,
          direction: 'out',
          authorKind: 'official',
          authorId: official.id,
          text: answer,
          photoFileIds: photoFileId ? [photoFileId] : [],
        });
        await sendAnswerToCitizen(report, official, answer, photoFileId, true);
        await afterChange(report.id, describeAction('Đã xử lý', official.displayName, at));
        say(
          html`Đã gửi kết quả phiếu <b>${report.ticketCode}</b> cho người dân. Người dân sẽ xác nhận đã giải quyết hay chưa.`,
        );
        return done();
      }

      async function relayToCitizen(
        report: ReportForOfficials,
        official: OfficialRecord,
      ): Promise<StepResult> {
        const text =
          body.type === 'text' ? body.text : body.type === 'photo' ? (body.caption ?? '') : '';
        const photo = body.type === 'photo' ? body.photo.fileId : undefined;
        if (!text && !photo) {
          say('Chỉ chuyển được tin nhắn chữ hoặc ảnh cho người dân.');
          return done();
        }
        await deps.workflow.addThreadMessage({
          reportId: report.id,
          direction: 'out',
          authorKind: 'official',
          authorId: official.id,
          text,
          photoFileIds: photo ? [photo] : [],
          sourceChatId: event.chatId,
          sourceMessageId: event.messageId,
        });
        await sendAnswerToCitizen(report, official, text, photo, false);
        return done();
      }

      async function answerByCommand(
        args: string,
        official: OfficialRecord,
        direction: 'out' | 'note',
      ) {
        const ticket = findTicketCode(args);
        const text = args.replace(/^\s*\S+\s*/, '').trim();
        if (!ticket || !text) {
          say(
            direction === 'out'
              ? 'Cách dùng: /tl <mã phiếu> <nội dung trả lời>'
              : 'Cách dùng: /ghichu <mã phiếu> <ghi chú>',
          );
          return done();
        }
        const found = await deps.workflow.getByTicket(ticket.code);
        const report = found && (await authorised(found.id, official, 'answer'));
        if (!report) {
          say('Không tìm thấy phiếu này trong xã của Ông/Bà.');
          return done();
        }
        await deps.workflow.addThreadMessage({
          reportId: report.id,
          direction,
          authorKind: 'official',
          authorId: official.id,
          text,
          sourceChatId: event.chatId,
          sourceMessageId: event.messageId,
        });
        if (direction === 'out')
          await sendAnswerToCitizen(report, official, text, undefined, false);
        say(
          direction === 'out' ? 'Đã gửi cho người dân.' : 'Đã lưu ghi chú (chỉ cán bộ xem được).',
        );
        return done();
      }

      async function showThread(args: string, official: OfficialRecord): Promise<StepResult> {
        const ticket = findTicketCode(args);
        const found = ticket && (await deps.workflow.getByTicket(ticket.code));
        const report = found && (await authorised(found.id, official, 'view'));
        if (!report) {
          say('Không tìm thấy phiếu này trong xã của Ông/Bà. Cách dùng: /xem <mã phiếu>');
          return done();
        }
        const thread = await deps.workflow.thread(report.id, true);
        const lines = [alertText(report)];
        for (const m of thread) {
          const who =
            m.direction === 'in'
              ? 'Người dân'
              : m.direction === 'note'
                ? '📝 Ghi chú nội bộ'
                : 'UBND xã';
          lines.push(
            html`\n<b>${who}</b> · ${formatDateTime(m.createdAt)}${m.deletedAt ? ' (đã xóa)' : ''}\n${m.text}`,
          );
        }
        say(joinHtml(lines));
        return done();
      }

      async function editRelayed(): Promise<StepResult> {
        if (body.type !== 'edited' || event.messageId === undefined) return done();
        await deps.workflow.editThreadMessageAtSource(
          event.chatId,
          event.messageId,
          { text: body.text },
          deps.now(),
        );
        return done();
      }

      // ---------------------------------------------------------------- citizens

      async function citizenMessage(): Promise<StepResult | undefined> {
        if (event.chatType !== 'private') return undefined;
        const pending = state.pending;
        if (pending?.type === 'reopen' && body.type === 'text') return reopen(pending, body.text);
        let reportId: number | undefined;
        if (pending?.type === 'citizenReply' && (body.type === 'text' || body.type === 'photo'))
          reportId = pending.reportId;
        else if (event.replyToMessageId !== undefined) {
          const link = await deps.workflow.findLink(event.chatId, event.replyToMessageId);
          if (link && (link.kind === 'answer' || link.kind === 'notice')) reportId = link.reportId;
        }
        if (body.type === 'edited' && event.messageId !== undefined) {
          const changed = await deps.workflow.editThreadMessageAtSource(
            event.chatId,
            event.messageId,
            { text: body.text },
            deps.now(),
          );
          return changed ? done() : undefined;
        }
        if (reportId === undefined) return undefined;
        const report = await deps.workflow.get(reportId);
        if (!report || report.citizenChatId !== event.chatId) return undefined;
        const text =
          body.type === 'text' ? body.text : body.type === 'photo' ? (body.caption ?? '') : '';
        const photo = body.type === 'photo' ? body.photo.fileId : undefined;
        if (!text && !photo) return undefined;
        state.pending = undefined;
        await deps.workflow.addThreadMessage({
          reportId,
          direction: 'in',
          authorKind: 'citizen',
          text,
          photoFileIds: photo ? [photo] : [],
          sourceChatId: event.chatId,
          sourceMessageId: event.messageId,
        });
        await relayToOfficials(report, text, photo);
        say(html`Đã chuyển tin nhắn của Ông/Bà đến UBND xã (phiếu <b>${report.ticketCode}</b>).`);
        return done();
      }

      async function citizenButton(data: string): Promise<StepResult> {
        const m = /^([cv])\.(\d{1,10})\.([a-z0-9]{1,8})$/.exec(data);
        if (!m) return done('Nút này không hợp lệ.');
        const report = await deps.workflow.get(Number(m[2]));
        // Only the citizen of the report, in their own chat, may answer for it.
        if (!report || report.citizenChatId !== event.chatId) return done('Nút này không hợp lệ.');
        if (m[1] === 'c') {
          state.pending = { type: 'citizenReply', reportId: report.id };
          say(html`Mời Ông/Bà nhập tin nhắn gửi UBND xã về phiếu <b>${report.ticketCode}</b>:`);
          return done();
        }
        const verdict = m[3];
        if (verdict && /^s[1-5]$/.test(verdict)) {
          await deps.ratings.save({
            submissionKey: `followup-${report.id}-${report.reopenCount}`,
            citizenId: await citizenIdOf(report.id),
            unitCode: report.unitCode,
            kind: 'follow-up',
            period: quarterOf(deps.now()),
            flowId: 'follow-up',
            flowVersion: 1,
            reportId: report.id,
            answers: [
              { itemId: 'answer-satisfaction', criterion: 2, score: Number(verdict.slice(1)) },
            ],
          });
          say('Cảm ơn Ông/Bà đã đánh giá câu trả lời.');
          return done('Đã ghi nhận');
        }
        if (report.status !== 'resolved') return done('Phản ánh này không còn chờ xác nhận.');
        if (verdict === 'yes') {
          const ok = await deps.workflow.change(
            report.id,
            ['resolved'],
            { status: 'closed', closedAt: deps.now(), verdict: 'yes' },
            { type: 'closed', actorKind: 'citizen', data: { verdict: 'yes' } },
          );
          if (ok) await afterChange(report.id, 'Người dân xác nhận đã giải quyết');
          say(
            'Cảm ơn Ông/Bà! Ông/Bà hài lòng với câu trả lời ở mức nào?',
            satisfactionButtons(report.id),
          );
          return done('Đã ghi nhận');
        }
        if (verdict === 'partly' || verdict === 'no') {
          state.pending = { type: 'reopen', reportId: report.id, verdict };
          say('Xin Ông/Bà cho biết còn vấn đề gì chưa được giải quyết (xã sẽ xử lý tiếp):');
          return done();
        }
        return done('Nút này không hợp lệ.');
      }

      async function reopen(
        pending: Extract<PendingInput, { type: 'reopen' }>,
        comment: string,
      ): Promise<StepResult> {
        state.pending = undefined;
        const report = await deps.workflow.get(pending.reportId);
        if (!report || report.status !== 'resolved') return done();
        const at = deps.now();
        const ok = await deps.workflow.change(
          report.id,
          ['resolved'],
          {
            status: 'reopened',
            reopenCount: report.reopenCount + 1,
            verdict: pending.verdict,
            remindedAt: null,
          },
          { type: 'reopened', actorKind: 'citizen', data: { verdict: pending.verdict } },
        );
        if (!ok) return done();
        await deps.workflow.addThreadMessage({
          reportId: report.id,
          direction: 'in',
          authorKind: 'citizen',
          text: comment,
        });
        const fresh = (await deps.workflow.get(report.id))!;
        const second = fresh.reopenCount >= 2;
        await alertAgain(
          fresh,
          second ? '⚠ Phản ánh bị mở lại lần 2 — chuyển cấp trên' : '↩ Người dân mở lại phản ánh',
          second,
          at,
        );
        say(
          html`Đã mở lại phiếu <b>${report.ticketCode}</b>. UBND xã sẽ xử lý tiếp và trả lời Ông/Bà.`,
        );
        return done('Đã mở lại');
      }
    },

    /** Reminders before the deadline, escalation after it, auto-close of unjudged answers. */
    async remindAndEscalate() {
      const now = deps.now();
      let reminded = 0;
      let escalated = 0;
      let closed = 0;
      for (const id of await deps.workflow.dueForReminder(
        now,
        new Date(now.getTime() + 86_400_000),
      )) {
        const report = await deps.workflow.get(id);
        if (!report?.assignedOfficialId) continue;
        const official = await deps.officials.get(report.assignedOfficialId);
        const ok = await deps.workflow.change(
          id,
          [...OPEN],
          { remindedAt: now },
          { type: 'reminded', actorKind: 'system' },
        );
        if (!ok || !official) continue;
        await deps.outbox.enqueue({
          dedupeKey: `remind-${id}-${report.dueAt.getTime()}`,
          chatId: official.chatId,
          message: {
            type: 'text',
            chatId: official.chatId,
            text: html`⏰ Nhắc hạn: phiếu <b>${report.ticketCode}</b> đến hạn trả lời lúc ${formatDateTime(report.dueAt)}.`,
            buttons: alertButtons(report),
          },
          reportId: id,
          officialId: official.id,
          link: { kind: 'alert', reportId: id, officialId: official.id },
        });
        reminded++;
      }
      for (const id of await deps.workflow.overdue(now)) {
        const report = await deps.workflow.get(id);
        if (!report) continue;
        if (await alertAgain(report, '🚨 Phản ánh quá hạn — chuyển cấp trên', true, now))
          escalated++;
      }
      for (const id of await deps.workflow.awaitingVerdictSince(
        new Date(now.getTime() - 7 * 86_400_000),
      )) {
        const ok = await deps.workflow.change(
          id,
          ['resolved'],
          { status: 'closed', closedAt: now, verdict: 'none' },
          { type: 'closed', actorKind: 'system', data: { verdict: 'none' } },
        );
        if (ok) closed++;
      }
      return { reminded, escalated, closed };
    },
  };

  /** Loads the report if `official` may do `action` on it: same commune, a role that allows it. */
  async function authorised(reportId: number, official: OfficialRecord, action: string) {
    const report = await deps.workflow.get(reportId);
    if (!report) return undefined;
    const officials = await deps.officials.findActiveByExternalId(
      official.channel,
      official.externalId,
    );
    const mine = officials.find(
      (o) =>
        o.unitCode === report.unitCode ||
        (o.role === 'admin' && o.provinceCode === report.provinceCode),
    );
    if (!mine) return undefined;
    if (mine.id === report.aboutOfficialId) return undefined; // never act on a report about oneself
    if (mine.role === 'observer') return action === 'view' ? report : undefined;
    if (mine.role === 'staff' && ['ack', 'asg', 'pass', 'ext'].includes(action)) return undefined;
    // A tố cáo is the chair's alone: the denouncer's case is seen by as few people as possible.
    if (report.kind === 'to-cao' && mine.positionKind !== 'chair' && mine.role !== 'admin')
      return undefined;
    return report;
  }

  /** Edits every alert of the report to show its status and the last action. */
  async function afterChange(reportId: number, lastAction: string): Promise<void> {
    const report = await deps.workflow.get(reportId);
    if (!report) return;
    const at = deps.now().getTime();
    for (const alert of await deps.workflow.alertMessages(reportId)) {
      await deps.outbox.enqueue({
        dedupeKey: `edit-${reportId}-${alert.chatId}-${alert.messageId}-${at}`,
        chatId: alert.chatId,
        message: {
          type: 'edit',
          chatId: alert.chatId,
          messageId: alert.messageId,
          text: alertText(report, { lastAction }),
          buttons: alertButtons(report),
        },
        reportId,
      });
    }
  }

  async function sendAnswerToCitizen(
    report: ReportForOfficials,
    official: OfficialRecord,
    text: string,
    photoFileId: string | undefined,
    askVerdict: boolean,
  ): Promise<void> {
    const chatId = report.citizenChatId;
    if (!chatId) return;
    const at = deps.now().getTime();
    const body = html`🏛 <b>UBND ${official.unitName}</b> trả lời phiếu <b>${report.ticketCode}</b>:\n\n${text}`;
    const buttons: Button[][] = askVerdict
      ? [
          [
            { type: 'callback', label: 'Đã giải quyết', data: `v.${report.id}.yes` },
            { type: 'callback', label: 'Một phần', data: `v.${report.id}.partly` },
            { type: 'callback', label: 'Chưa', data: `v.${report.id}.no` },
          ],
        ]
      : [[{ type: 'callback', label: '✉ Trả lời', data: `c.${report.id}.reply` }]];
    if (photoFileId)
      await deps.outbox.enqueue({
        dedupeKey: `answer-photo-${report.id}-${at}`,
        chatId,
        message: { type: 'photo', chatId, fileId: photoFileId, caption: report.ticketCode },
        reportId: report.id,
        link: { kind: 'answer', reportId: report.id },
      });
    await deps.outbox.enqueue({
      dedupeKey: `answer-${report.id}-${at}`,
      chatId,
      message: {
        type: 'text',
        chatId,
        text: askVerdict
          ? html`${body}\n\n<b>Phản ánh của Ông/Bà đã được giải quyết chưa?</b>`
          : body,
        buttons,
      },
      reportId: report.id,
      link: { kind: 'answer', reportId: report.id },
    });
  }

  /** A citizen's message goes to the assignee and the commune's staff group, never with identity. */
  async function relayToOfficials(
    report: ReportForOfficials,
    text: string,
    photo?: string,
  ): Promise<void> {
    const at = deps.now().getTime();
    const targets: Array<{ chatId: string; officialId?: number }> = [];
    if (report.assignedOfficialId) {
      const o = await deps.officials.get(report.assignedOfficialId);
      if (o?.active) targets.push({ chatId: o.chatId, officialId: o.id });
    }
    if (report.kind !== 'to-cao')
      for (const g of await deps.officials.groupsOfUnit(report.unitCode))
        targets.push({ chatId: g.chatId });
    const sender = report.citizen
      ? (report.citizen.displayName ?? 'Người dân')
      : 'Người dân (ẩn danh)';
    for (const t of targets) {
      const message: OutboundMessage = photo
        ? {
            type: 'photo',
            chatId: t.chatId,
            fileId: photo,
            caption: html`💬 <b>${report.ticketCode}</b> · ${sender}:\n${text}`,
          }
        : {
            type: 'text',
            chatId: t.chatId,
            text: html`💬 <b>${report.ticketCode}</b> · ${sender}:\n${text}\n\n<i>Trả lời (Reply) tin nhắn này để nhắn lại.</i>`,
          };
      await deps.outbox.enqueue({
        dedupeKey: `relay-in-${report.id}-${t.chatId}-${at}`,
        chatId: t.chatId,
        message,
        reportId: report.id,
        officialId: t.officialId,
        link: { kind: 'relay', reportId: report.id, officialId: t.officialId },
      });
    }
  }

  /**
   * Alerts the assignee again (a reopen), or escalates one level up (overdue, a second reopen):
   * vice chair → chair → the province's admin. Each step is an event.
   */
  async function alertAgain(
    report: ReportForOfficials,
    heading: string,
    escalate: boolean,
    at: Date,
  ): Promise<boolean> {
    let target: OfficialRecord | undefined;
    let level = report.escalationLevel;
    if (escalate) {
      const positions = await deps.officials.positionsOfUnit(report.unitCode);
      const current = positions.find((p) => p.id === report.assignedPositionId);
      const higher = positions
        .filter((p) => current === undefined || p.rank > current.rank)
        .sort((a, b) => a.rank - b.rank)
        .flatMap((p) =>
          p.officials.filter((o) => o.id !== report.aboutOfficialId && !o.unreachableAt),
        );
      target = higher[0] ?? (await deps.officials.provinceAdmins(report.provinceCode))[0];
      if (!target) return false;
      level += 1;
      const dueAt = addWorkingDays(deps.calendar, at, 2);
      const ok = await deps.workflow.change(
        report.id,
        [...OPEN],
        {
          assignedPositionId: target.positionId,
          assignedOfficialId: target.id,
          escalationLevel: level,
          dueAt,
          remindedAt: null,
        },
        { type: 'escalated', actorKind: 'system', data: { to: target.id, level } },
      );
      if (!ok) return false;
    } else if (report.assignedOfficialId) {
      target = await deps.officials.get(report.assignedOfficialId);
    }
    if (!target) return false;
    const fresh = (await deps.workflow.get(report.id))!;
    for (const [i, m] of alertMessages(target.chatId, fresh, heading).entries())
      await deps.outbox.enqueue({
        dedupeKey: `again-${report.id}-${level}-${target.id}-${at.getTime()}-${i}`,
        chatId: target.chatId,
        message: m,
        reportId: report.id,
        officialId: target.id,
        link: {
          kind: m.type === 'text' ? 'alert' : 'relay',
          reportId: report.id,
          officialId: target.id,
        },
      });
    return true;
  }

  async function citizenIdOf(reportId: number): Promise<number> {
    return deps.workflow.citizenIdOf(reportId);
  }

  async function statsText(official: OfficialRecord) {
    const now = deps.now();
    const monthStart = new Date(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - 7 * 3_600_000,
    );
    const s = await deps.workflow.unitStats(official.unitCode, monthStart, now);
    const bounds = quarterBounds(quarterOf(now));
    const scores = await deps.ratings.criterionScores(official.unitCode, bounds.start);
    const hours = (ms: number | undefined) =>
      ms === undefined ? '—' : `${(ms / 3_600_000).toFixed(1)} giờ`;
    const lines = [
      html`<b>📊 ${official.unitName} — tháng này</b>`,
      html`Đang xử lý: ${s.open} · Quá hạn: ${s.overdue} · Đã xử lý: ${s.resolvedThisMonth}`,
      html`Thời gian tiếp nhận (trung vị): ${hours(s.medianAckMs)}`,
      html`Thời gian xử lý (trung vị): ${hours(s.medianResolveMs)}`,
      html``,
      html`<b>Mức hài lòng theo 5 tiêu chí (quý này)</b>`,
    ];
    for (const c of CRITERIA) {
      const list = (scores.get(c.number) ?? []) as Score[];
      const index = criterionIndex(list, { minAnswers: 1 });
      lines.push(
        index.type === 'shown'
          ? html`${c.number}. ${c.nameVi}: ${Math.round(index.index * 100)}% hài lòng (${index.answered} ý kiến)`
          : html`${c.number}. ${c.nameVi}: chưa có ý kiến`,
      );
    }
    return joinHtml(lines);
  }
}

function satisfactionButtons(reportId: number): Button[][] {
  return [
    [5, 4, 3, 2, 1].map((s) => ({
      type: 'callback' as const,
      label: `${s}★`,
      data: `v.${reportId}.s${s}`,
    })),
  ];
}

const OFFICIAL_HELP =
  'Gopy — dành cho cán bộ xã\n' +
  '• Phản ánh mới đến dưới dạng tin nhắn có nút: Tiếp nhận, Giao cán bộ, Đã xử lý, Chuyển, Xin gia hạn.\n' +
  '• Trả lời (Reply) tin nhắn phản ánh để nhắn cho người dân.\n' +
  '• /tl <mã phiếu> <nội dung> — trả lời người dân\n' +
  '• /ghichu <mã phiếu> <nội dung> — ghi chú nội bộ\n' +
  '• /xem <mã phiếu> — xem toàn bộ trao đổi\n' +
  '• /stats — số liệu của xã\n' +
  '• /whoami — vị trí của Ông/Bà';
