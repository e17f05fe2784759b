import type { InboundEvent } from '../../channels/types.ts';
import type { ReportForOfficials } from '../ports/report-store.ts';

/**
 * Whether an event comes from the citizen of a report, in their own chat: the same chat id on
 * the same channel (a web chat's id and a Telegram chat's id are different people even if equal).
 */
export function isReportCitizen(
  report: Pick<ReportForOfficials, 'citizenChannel' | 'citizenChatId'>,
  event: Pick<InboundEvent, 'channel' | 'chatId'>,
): boolean {
  return (
    report.citizenChatId !== null &&
    report.citizenChatId === event.chatId &&
    report.citizenChannel === event.channel
  );
}
