/**
 * `/xem <mã phiếu>`: the report as its alert shows it, then every message of its thread (who,
 * when, whether it reached the other side, edits and retractions, private notes marked), then
 * its history. For officials of the commune only; a citizen's identity stays as sealed as in
 * the alert.
 */
import { assertNever } from '../../core/assert-never.ts';
import { html, joinHtml, type Html } from '../../core/html.ts';
import type { ReportForOfficials } from '../ports/report-store.ts';
import type { ReportEventEntry, ThreadDelivery, ThreadEntry } from '../ports/report-thread.ts';
import { alertText } from '../alert-message.ts';
import { formatDateTime } from '../report-labels.ts';
import { kindLabel } from '../../texts/report.ts';
import { citizenLabel } from './thread-messages.ts';

/** At most this many history lines (the newest): the thread matters more. */
const MAX_HISTORY = 15;

export function threadView(
  report: ReportForOfficials,
  thread: readonly ThreadEntry[],
  events: readonly ReportEventEntry[],
  officialNames: ReadonlyMap<number, string>,
): Html {
  const lines: Array<Html | string> = [
    alertText(report, { heading: `📋 ${kindLabel(report.kind)}`, answerBy: 'command' }),
    html``,
    html`<b>💬 Trao đổi (${thread.length})</b>`,
  ];
  if (thread.length === 0) lines.push(html`<i>Chưa có tin nhắn nào.</i>`);
  for (const m of thread) {
    const who = authorOf(report, m, officialNames);
    const marks = [
      m.editedAt ? 'đã sửa' : '',
      m.deletedAt ? 'đã thu hồi' : '',
      m.direction === 'note' ? '' : deliveryLabel(m.delivery, m.direction),
    ].filter((x) => x !== '');
    const files = m.files.length ? html`\n📎 ${fileSummary(m.files)}` : html``;
    lines.push(
      html`\n<b>${who}</b> · ${formatDateTime(m.createdAt)}${marks.length ? ` · ${marks.join(' · ')}` : ''}\n${m.deletedAt ? html`<s>${m.text}</s>` : m.text}${files}`,
    );
  }
  if (events.length) {
    lines.push(html``, html`<b>🕘 Lịch sử</b>`);
    for (const e of events.slice(-MAX_HISTORY))
      lines.push(html`${formatDateTime(e.createdAt)} — ${eventLabel(e)}`);
  }
  return joinHtml(lines);
}

function authorOf(
  report: ReportForOfficials,
  m: ThreadEntry,
  names: ReadonlyMap<number, string>,
): string {
  switch (m.direction) {
    case 'in':
      return citizenLabel(report);
    case 'out':
      return `UBND xã · ${official(m, names)}`;
    case 'note':
      // A follower's note is a citizen's (its author id is a citizen's, never shown).
      return m.authorKind === 'citizen'
        ? `📝 Ghi chú nội bộ · người dân theo dõi phiếu`
        : `📝 Ghi chú nội bộ · ${official(m, names)}`;
    default:
      return assertNever(m.direction, 'thread direction');
  }
}

/** The official who wrote it, by name (an author id of another kind names no official). */
function official(m: ThreadEntry, names: ReadonlyMap<number, string>): string {
  return m.authorKind === 'official' && m.authorId !== null
    ? (names.get(m.authorId) ?? 'cán bộ')
    : 'cán bộ';
}

function deliveryLabel(state: ThreadDelivery, direction: 'in' | 'out'): string {
  switch (state) {
    case 'none':
      return direction === 'in' ? 'chưa chuyển đến ai' : 'chưa gửi';
    case 'pending':
      return '⏳ đang gửi';
    case 'sent':
      return direction === 'in' ? '✓ đã chuyển cán bộ' : '✓ người dân đã nhận';
    case 'failed':
      return '✗ gửi không được';
    case 'unreachable':
      return direction === 'in' ? '✗ cán bộ không nhận được' : '✗ người dân đã chặn bot';
    default:
      return assertNever(state, 'thread delivery');
  }
}

function fileSummary(files: ThreadEntry['files']): string {
  const count = (kind: ThreadEntry['files'][number]['kind']) =>
    files.filter((f) => f.kind === kind).length;
  const [photos, documents, voices] = [count('photo'), count('document'), count('voice')];
  return [
    photos ? `${photos} ảnh` : '',
    documents ? `${documents} tệp` : '',
    voices ? `${voices} ghi âm` : '',
  ]
    .filter((x) => x !== '')
    .join(', ');
}

/** One line of history, in words. */
export function eventLabel(e: ReportEventEntry): string {
  const by =
    e.actorKind === 'citizen' ? 'người dân' : e.actorKind === 'system' ? 'hệ thống' : 'cán bộ';
  switch (e.type) {
    case 'submitted':
      return 'Người dân gửi phản ánh';
    case 'routed':
      return 'Chuyển đến xã';
    case 'acknowledged':
      return 'Lãnh đạo tiếp nhận';
    case 'assigned':
      return 'Giao cán bộ xử lý';
    case 'passed':
      return `Chuyển vị trí khác${typeof e.data['reason'] === 'string' ? `: ${e.data['reason']}` : ''}`;
    case 'extended':
      return `Gia hạn${typeof e.data['reason'] === 'string' ? `: ${e.data['reason']}` : ''}`;
    case 'resolved':
      return 'Trả lời kết quả cho người dân';
    case 'reopened':
      return 'Người dân mở lại phiếu';
    case 'escalated':
      return e.data['reason'] === 'reopened'
        ? 'Chuyển lên cấp trên (người dân chưa hài lòng)'
        : 'Chuyển lên cấp trên (quá hạn)';
    case 'reminded':
      return 'Nhắc hạn';
    case 'closed':
      return e.data['verdict'] === 'none'
        ? 'Tự đóng (người dân không xác nhận sau 7 ngày)'
        : 'Đóng phiếu (người dân xác nhận)';
    default:
      return `${e.type} (${by})`;
  }
}
