/**
 * Tells the citizen, in plain Vietnamese, each change of their report. Sent through the outbox
 * (deduplicated per report, change and moment), so a retried job tells them once.
 */
import type { ReportForOfficials } from '../persistence/report-workflow-repository.ts';
import type { Outbox } from './outbox.ts';
import { formatDate } from './report-labels.ts';
import { fill } from './texts.ts';

export type CitizenNotice =
  'routed' | 'acknowledged' | 'assigned' | 'passed' | 'extended' | 'reopened' | 'closed';

const NOTICES: Record<CitizenNotice, string> = {
  routed: 'Phản ánh {ticket} của Ông/Bà đã được chuyển đến {to}. Hạn trả lời: {due}.',
  acknowledged: 'Phản ánh {ticket} đã được lãnh đạo xã tiếp nhận và đang xử lý.',
  assigned: 'Phản ánh {ticket} đã được giao cho cán bộ xử lý.',
  passed: 'Phản ánh {ticket} đã được chuyển đến {to} để xử lý đúng thẩm quyền.',
  extended: 'Phản ánh {ticket} cần thêm thời gian xử lý. Hạn trả lời mới: {due}. Lý do: {reason}',
  reopened: 'Phản ánh {ticket} đã được mở lại. Xã sẽ xử lý tiếp và trả lời Ông/Bà.',
  closed: 'Phản ánh {ticket} đã đóng. Cảm ơn Ông/Bà đã đóng góp ý kiến.',
};

export async function notifyCitizen(
  outbox: Outbox,
  report: Pick<ReportForOfficials, 'id' | 'ticketCode' | 'dueAt' | 'citizenChatId'>,
  notice: CitizenNotice,
  values: Record<string, string> = {},
  at: Date = new Date(0),
): Promise<void> {
  if (!report.citizenChatId) return; // the citizen erased their data: nowhere to write
  const text = fill(NOTICES[notice], {
    ticket: report.ticketCode,
    due: formatDate(report.dueAt),
    ...values,
  });
  await outbox.enqueue({
    dedupeKey: `notice-${report.id}-${notice}-${at.getTime()}`,
    chatId: report.citizenChatId,
    message: { type: 'text', chatId: report.citizenChatId, text },
    reportId: report.id,
    link: { kind: 'notice', reportId: report.id },
  });
}
