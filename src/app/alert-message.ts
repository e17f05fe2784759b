/**
 * The alert an official receives for a report: everything needed to act without opening
 * anything else, user text escaped, and the action buttons. Anonymous reports show no sender.
 */
import type { Button, OutboundMessage } from '../channels/types.ts';
import { html, joinHtml, type Html } from '../core/html.ts';
import type { ReportForOfficials } from '../persistence/report-workflow-repository.ts';
import { formatDate, formatDateTime, kindLabel, statusLabel } from './report-labels.ts';

export type OfficialAction = 'ack' | 'asg' | 'res' | 'pass' | 'ext';

/** `o.<reportId>.<action>[.<arg>]`: short, and checked server-side on every press. */
export function actionData(reportId: number, action: string, arg?: string | number): string {
  return arg === undefined ? `o.${reportId}.${action}` : `o.${reportId}.${action}.${arg}`;
}

export function parseActionData(
  data: string,
): { reportId: number; action: string; arg?: string } | undefined {
  const m = /^o\.(\d{1,10})\.([a-z]{2,5})(?:\.([A-Za-z0-9_-]{1,40}))?$/.exec(data);
  if (!m?.[1] || !m[2]) return undefined;
  return { reportId: Number(m[1]), action: m[2], arg: m[3] };
}

export function alertButtons(report: {
  id: number;
  status: string;
  extendedAt: Date | null;
}): Button[][] {
  if (report.status === 'closed' || report.status === 'resolved') return [];
  const b = (label: string, action: OfficialAction): Button => ({
    type: 'callback',
    label,
    data: actionData(report.id, action),
  });
  const rows: Button[][] = [];
  if (report.status === 'routed' || report.status === 'submitted')
    rows.push([b('✅ Tiếp nhận', 'ack'), b('👤 Giao cán bộ', 'asg')]);
  else rows.push([b('👤 Giao cán bộ', 'asg')]);
  rows.push([b('✔ Đã xử lý', 'res'), b('↪ Chuyển', 'pass')]);
  if (!report.extendedAt) rows.push([b('⏳ Xin gia hạn', 'ext')]);
  return rows;
}

export function alertText(
  report: ReportForOfficials,
  extra: { lastAction?: string; heading?: string } = {},
): Html {
  const lines: Array<Html | string> = [
    html`<b>${extra.heading ?? '🔔 Phản ánh mới'} · ${report.ticketCode}</b>`,
    html`Loại: ${kindLabel(report.kind)} · Lĩnh vực: ${report.categoryName}`,
    html`Địa bàn: ${report.unitName}, ${report.provinceName}`,
    html`Hạn xử lý: <b>${formatDate(report.dueAt)}</b>`,
    report.citizen
      ? html`Người gửi: ${report.citizen.displayName ?? 'Người dân'}${report.citizen.phone ? html` · ĐT: ${report.citizen.phone}` : ''}`
      : report.kind === 'to-cao'
        ? html`Người gửi: <i>được giữ bí mật (tố cáo)</i>`
        : html`Người gửi: <i>ẩn danh</i>`,
    html``,
    html`${report.text}`,
  ];
  if (report.address) lines.push(html`📍 ${report.address}`);
  if (report.latitude !== null && report.longitude !== null)
    lines.push(html`📍 Có vị trí trên bản đồ`);
  if (report.photoFileIds.length) lines.push(html`🖼 ${report.photoFileIds.length} ảnh`);
  lines.push(html``, html`Trạng thái: <b>${statusLabel(report.status)}</b>`);
  if (extra.lastAction) lines.push(html`<i>${extra.lastAction}</i>`);
  lines.push(html`<i>Trả lời (Reply) tin nhắn này để nhắn cho người dân.</i>`);
  return joinHtml(lines);
}

/** The messages of one alert: photos as an album, the map pin, then the text with buttons. */
export function alertMessages(
  chatId: string,
  report: ReportForOfficials,
  heading?: string,
): OutboundMessage[] {
  const out: OutboundMessage[] = [];
  if (report.photoFileIds.length === 1 && report.photoFileIds[0])
    out.push({ type: 'photo', chatId, fileId: report.photoFileIds[0], caption: report.ticketCode });
  else if (report.photoFileIds.length > 1)
    out.push({ type: 'album', chatId, fileIds: report.photoFileIds, caption: report.ticketCode });
  if (report.latitude !== null && report.longitude !== null)
    out.push({ type: 'location', chatId, latitude: report.latitude, longitude: report.longitude });
  out.push({
    type: 'text',
    chatId,
    text: alertText(report, { heading }),
    buttons: alertButtons(report),
  });
  return out;
}

export function describeAction(action: string, who: string, at: Date): string {
  return `${action} — ${who}, ${formatDateTime(at)}`;
}
