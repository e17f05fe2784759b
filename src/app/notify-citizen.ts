/**
 * Tells the citizen, in plain Vietnamese, each change of their report. Sent through the outbox
 * (deduplicated per report, change and moment), so a retried job tells them once. The text is
 * plain (no parse mode): an official's reason is shown as typed, never as markup.
 */
import type { ReportForOfficials } from '../persistence/report-workflow-repository.ts';
import type { Outbox } from './outbox.ts';
import { formatDate } from './report-labels.ts';
import { fill } from './texts.ts';

export type CitizenNotice =
  | 'routed'
  | 'acknowledged'
  | 'assigned'
  | 'passed'
  | 'extended'
  | 'reopened'
  | 'escalated'
  | 'closed'
  | 'autoClosed';

const NOTICES: Record<CitizenNotice, string> = {
  routed: 'Phản ánh {ticket} của Ông/Bà đã được chuyển đến {to}. Hạn trả lời: {due}.',
  acknowledged: 'Phản ánh {ticket} đã được lãnh đạo xã tiếp nhận và đang xử lý.',
  assigned: 'Phản ánh {ticket} đã được giao cho cán bộ xử lý. Hạn trả lời: {due}.',
  passed: 'Phản ánh {ticket} đã được chuyển đến {to} để xử lý đúng thẩm quyền.',
  extended: 'Phản ánh {ticket} cần thêm thời gian xử lý. Hạn trả lời mới: {due}. Lý do: {reason}',
  reopened: 'Phản ánh {ticket} đã được mở lại. Xã sẽ xử lý tiếp và trả lời Ông/Bà trước {due}.',
  escalated:
    'Phản ánh {ticket} đã được chuyển lên {to} để chỉ đạo giải quyết. Hạn trả lời mới: {due}.',
  closed: 'Phản ánh {ticket} đã đóng. Cảm ơn Ông/Bà đã đóng góp ý kiến.',
  autoClosed:
    'Phản ánh {ticket} đã được đóng vì sau 7 ngày Ông/Bà chưa cho biết kết quả. ' +
    'Nếu vấn đề vẫn chưa được giải quyết, Ông/Bà có thể gửi phản ánh mới và ghi mã phiếu cũ.',
};

/** The notice text, for tests and previews. */
export function citizenNoticeText(
  report: Pick<ReportForOfficials, 'ticketCode' | 'dueAt'>,
  notice: CitizenNotice,
  values: Record<string, string> = {},
): string {
  return fill(NOTICES[notice], {
    ticket: report.ticketCode,
    due: formatDate(report.dueAt),
    ...values,
  });
}

/**
 * Enqueues the notice. `moment` tells one change from another of the same kind (a Date, or an
 * event id as a string); the default suits notices that happen once per report.
 */
export async function notifyCitizen(
  outbox: Outbox,
  report: Pick<ReportForOfficials, 'id' | 'ticketCode' | 'dueAt' | 'citizenChatId'>,
  notice: CitizenNotice,
  values: Record<string, string> = {},
  moment: Date | string = new Date(0),
): Promise<void> {
  if (!report.citizenChatId) return; // the citizen erased their data: nowhere to write
  const at = typeof moment === 'string' ? moment : String(moment.getTime());
  await outbox.enqueue({
    dedupeKey: `notice-${report.id}-${notice}-${at}`,
    chatId: report.citizenChatId,
    message: {
      type: 'text',
      chatId: report.citizenChatId,
      text: citizenNoticeText(report, notice, values),
    },
    reportId: report.id,
    link: { kind: 'notice', reportId: report.id },
  });
}
