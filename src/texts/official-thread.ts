/**
 * What officials read about a ticket's conversation with its citizen: the relay's answers and
 * the copies of citizens' messages (app/desk/relay-message.ts, thread-messages.ts), a duplicate
 * marked with /trung (app/desk/mark-duplicate.ts), and the citizen's verdict as it reaches the
 * officials' alerts (app/desk/citizen-verdict.ts). Vietnamese exactly as before; English for an
 * official who chose it. What the citizen reads stays in the citizen's texts, Vietnamese.
 */
import type { Localized } from './localized.ts';

/** The thread relayed both ways, as the official sees it. */
export const RELAY = {
  closed: {
    vi: 'Phiếu <b>{ticket}</b> đã đóng; không gửi thêm tin cho người dân được. Ghi chú nội bộ: /ghichu {ticket} …',
    en: 'Ticket <b>{ticket}</b> is closed; no more messages can go to the resident. For an internal note: /ghichu {ticket} …',
  },
  /** {unit}: the report's unit as a word («phường»), here and below. */
  notRouted: {
    vi: 'Phiếu <b>{ticket}</b> chưa được chuyển đến {unit}; xin chờ trong giây lát.',
    en: 'Ticket <b>{ticket}</b> has not reached the {unit} yet; please wait a moment.',
  },
  open311: {
    vi: 'Phản ánh này gửi qua hệ thống kết nối (Open311), người gửi không nhận tin nhắn qua Gopy. Câu trả lời chính thức («✔ Đã xử lý») được trả về hệ thống đó.',
    en: 'This report came through a connected system (Open311); its sender gets no messages through Gopy. The official answer («✔ Resolved») goes back to that system.',
  },
  erased: {
    vi: 'Người dân đã xóa dữ liệu của mình trên Gopy nên không nhận được tin nhắn.',
    en: 'The resident erased their data on Gopy and gets no messages.',
  },
  sent: {
    vi: '✅ Đã gửi cho người dân (phiếu <b>{ticket}</b>).',
    en: '✅ Sent to the resident (ticket <b>{ticket}</b>).',
  },
  /** Under a citizen's message copied to the officials. */
  footer: {
    vi: '<i>Bấm giữ tin nhắn này, chọn «Trả lời» để nhắn lại người dân.</i>',
    en: '<i>Reply to this message to write back to the resident.</i>',
  },
  sealed: { vi: 'Người tố cáo (được giữ bí mật)', en: 'The denouncer (kept secret)' },
  anonymous: { vi: 'Người dân (ẩn danh)', en: 'A resident (anonymous)' },
  named: { vi: 'Người dân {name}', en: 'Resident {name}' },
  /** A copy edited where it was written. */
  editedMark: { vi: '<i>(đã sửa)</i>', en: '<i>(edited)</i>' },
  editedTo: {
    vi: '<i>Nội dung tin nhắn trên đã được sửa thành:</i>',
    en: '<i>The message above was changed to:</i>',
  },
  noteEdited: {
    vi: '✏ Đã sửa ghi chú của phiếu <b>{ticket}</b>.',
    en: '✏ Note on ticket <b>{ticket}</b> edited.',
  },
  editedAtCitizen: {
    vi: '✏ Đã cập nhật tin nhắn ở phía người dân (phiếu <b>{ticket}</b>).',
    en: '✏ The resident’s copy is updated (ticket <b>{ticket}</b>).',
  },
  retractHow: {
    vi: 'Để thu hồi: bấm giữ chính tin nhắn Ông/Bà đã gửi cho người dân, chọn «Trả lời» rồi gõ lệnh /xoa. Xóa tin nhắn trong Telegram không xóa được bản người dân đã nhận.',
    en: 'To take a message back, reply to the very message you sent the resident with /xoa. Deleting it in Telegram does not delete the resident’s copy.',
  },
  retractNotYours: {
    vi: 'Chỉ người đã gửi tin nhắn hoặc lãnh đạo {unit} mới thu hồi được tin nhắn này.',
    en: 'Only whoever sent this message, or the {unit} leaders, can take it back.',
  },
  alreadyRetracted: {
    vi: 'Tin nhắn này đã được thu hồi trước đó.',
    en: 'This message was already taken back.',
  },
  noteDeleted: {
    vi: '🗑 Đã xóa ghi chú của phiếu <b>{ticket}</b>.',
    en: '🗑 Note on ticket <b>{ticket}</b> deleted.',
  },
  retracted: {
    vi: '🗑 Đã thu hồi tin nhắn ở phía người dân (phiếu <b>{ticket}</b>).',
    en: '🗑 The message is taken back from the resident (ticket <b>{ticket}</b>).',
  },
} as const satisfies Record<string, Localized>;

/** `/trung <mã phiếu trùng> <mã phiếu gốc>`. */
export const DUPLICATE = {
  usage: {
    vi: 'Cách dùng: /trung <mã phiếu trùng> <mã phiếu gốc>\nVí dụ: /trung PA-2026-000124 PA-2026-000123',
    en: 'Usage: /trung <duplicate ticket code> <original ticket code>\nExample: /trung PA-2026-000124 PA-2026-000123',
  },
  sameCode: {
    vi: 'Hai mã phiếu giống nhau: xin ghi mã phiếu trùng trước, mã phiếu gốc sau.',
    en: 'The two codes are the same: write the duplicate’s code first, then the original’s.',
  },
  /** {unit}: the official's own unit as a word, or «địa bàn» (ownUnitWords). */
  notFound: {
    vi: 'Không tìm thấy phiếu {ticket} trong {unit} của Ông/Bà.',
    en: 'No ticket {ticket} in your {unit}.',
  },
  notShared: {
    vi: 'Tố cáo và khiếu nại là việc riêng của từng người, không gộp làm phiếu trùng được.',
    en: 'Denunciations and complaints are each person’s own matter; they cannot be merged as duplicates.',
  },
  closed: { vi: 'Phiếu <b>{ticket}</b> đã đóng.', en: 'Ticket <b>{ticket}</b> is closed.' },
  originalClosed: {
    vi: 'Phiếu gốc <b>{original}</b> đã đóng: người dân theo dõi sẽ không nhận được gì thêm. Xin xử lý phiếu <b>{duplicate}</b> như một phiếu riêng.',
    en: 'The original ticket <b>{original}</b> is closed: its followers would hear nothing more. Please handle ticket <b>{duplicate}</b> on its own.',
  },
  justClosed: {
    vi: 'Phiếu <b>{ticket}</b> vừa được đóng.',
    en: 'Ticket <b>{ticket}</b> has just been closed.',
  },
  closedAction: {
    vi: 'Đóng vì trùng phiếu {original}',
    en: 'Closed as a duplicate of {original}',
  },
  mergedAction: { vi: 'Gộp phiếu trùng {duplicate}', en: 'Duplicate {duplicate} merged in' },
  done: {
    vi: '✅ Đã đóng phiếu <b>{duplicate}</b> vì trùng phiếu <b>{original}</b>. Người gửi đã được báo và sẽ theo dõi phiếu <b>{original}</b> (hiện có {n} người dân theo dõi).',
    en: '✅ Ticket <b>{duplicate}</b> is closed as a duplicate of <b>{original}</b>. Its sender has been told and now follows <b>{original}</b> ({n} resident(s) follow it).',
  },
  doneToast: { vi: 'Đã gộp phiếu trùng', en: 'Duplicate merged' },
} as const satisfies Record<string, Localized>;

/** The citizen's verdict on an answer, as the officials' alerts tell it. */
export const VERDICT = {
  /** Who acted, on the redrawn alert. */
  byCitizen: { vi: 'người dân', en: 'the resident' },
  confirmed: {
    vi: 'Người dân xác nhận đã giải quyết',
    en: 'The resident confirmed it is resolved',
  },
  /** {n}: how many times it was reopened. */
  reopenedHeading: {
    vi: '↩ Người dân mở lại phiếu (lần {n})',
    en: '↩ The resident reopened the ticket (reopening no. {n})',
  },
  /** {n}: as above; {to}: the position one level up that the reopen sent it to. */
  reopenedMovedUpHeading: {
    vi: '↩ Người dân mở lại phiếu (lần {n}) — đã chuyển lên {to}',
    en: '↩ The resident reopened the ticket (reopening no. {n}) — moved up to {to}',
  },
  partly: { vi: 'mới giải quyết một phần', en: 'only partly resolved' },
  notResolved: { vi: 'chưa giải quyết', en: 'not resolved' },
  /** {verdict}: partly or notResolved; {comment}: the citizen's words. */
  says: { vi: 'Người dân cho biết {verdict}.', en: 'The resident says it is {verdict}.' },
  saysWithComment: {
    vi: 'Người dân cho biết {verdict}: {comment}',
    en: 'The resident says it is {verdict}: {comment}',
  },
  reopened: { vi: 'Người dân mở lại: {verdict}', en: 'Reopened by the resident: {verdict}' },
  /** {comment}: the citizen's words, shortened. */
  reopenedWithComment: {
    vi: 'Người dân mở lại: {verdict} — «{comment}»',
    en: 'Reopened by the resident: {verdict} — «{comment}»',
  },
  follower: {
    vi: 'Người dân theo dõi cho biết chưa giải quyết xong',
    en: 'A resident following it says it is not fully resolved',
  },
} as const satisfies Record<string, Localized>;
