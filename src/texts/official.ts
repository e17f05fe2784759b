/**
 * What officials read: alerts and alert digests, the buttons under them, the desk's answers
 * (done, refused, asked again), and the commands' help. Vietnamese first, exactly as officials
 * have always read it; English for an official who chose it with /lang en. `{name}` is filled in
 * when said (`msg`, or `msgHtml` for markup, which escapes the values). Citizen data and the
 * commune's own names (positions, units, categories) are never translated: they are data.
 */
import type { RejectionReason } from '../core/report-status.ts';
import type { Localized } from './localized.ts';

/** The alert an official receives and every redraw of it (app/alert-message.ts). */
export const ALERT = {
  /** {kind}: the kind's label, e.g. "Phản ánh". */
  newHeading: { vi: '🔔 {kind} mới', en: '🔔 New {kind}' },
  /** The heading of an alert redrawn after a change. */
  changedHeading: { vi: '📋 {kind}', en: '📋 {kind}' },
  kindAndField: { vi: 'Loại: {kind} · Lĩnh vực: {field}', en: 'Kind: {kind} · Field: {field}' },
  place: { vi: 'Địa bàn: {unit}, {province}', en: 'Area: {unit}, {province}' },
  noDeadline: { vi: 'Hạn xử lý: không có (góp ý)', en: 'Deadline: none (feedback)' },
  deadline: { vi: 'Hạn xử lý: <b>{date}</b>', en: 'Deadline: <b>{date}</b>' },
  extended: { vi: ' (đã gia hạn)', en: ' (extended)' },
  complainant: {
    vi: 'Người khiếu nại: {name} · Địa chỉ: {address}',
    en: 'Complainant: {name} · Address: {address}',
  },
  sender: { vi: 'Người gửi: {name}', en: 'Sender: {name}' },
  phone: { vi: ' · ĐT: {phone}', en: ' · Phone: {phone}' },
  /** The sender's name when they gave none. */
  aCitizen: { vi: 'Người dân', en: 'A resident' },
  /** A web chat citizen: a browser session has no name, only the channel it came from. */
  webChatCitizen: { vi: 'Người dân (trò chuyện trên web)', en: 'A resident (web chat)' },
  senderSealed: {
    vi: 'Người gửi: <i>được giữ bí mật (tố cáo)</i>',
    en: 'Sender: <i>kept secret (denunciation)</i>',
  },
  senderAnonymous: { vi: 'Người gửi: <i>ẩn danh</i>', en: 'Sender: <i>anonymous</i>' },
  hasPlace: { vi: '📍 Có vị trí: bấm «Xem bản đồ»', en: '📍 Location given: tap «Map»' },
  photos: { vi: '🖼 {n} ảnh', en: '🖼 {n} photo(s)' },
  voice: { vi: '🎤 Có ghi âm của người dân', en: '🎤 The resident sent a voice recording' },
  followers: {
    vi: '👥 {n} người dân khác cùng phản ánh và theo dõi phiếu này',
    en: '👥 {n} other resident(s) reported the same and follow this ticket',
  },
  followersNotResolved: {
    vi: ' ({n} người cho biết chưa được giải quyết)',
    en: ' ({n} say it is not resolved)',
  },
  status: { vi: 'Trạng thái: <b>{status}</b>', en: 'Status: <b>{status}</b>' },
  answerByCommand: {
    vi: '<i>Nhắn cho người dân: /tl {ticket} &lt;nội dung&gt;</i>',
    en: '<i>Write to the resident: /tl {ticket} &lt;text&gt;</i>',
  },
  answerByReply: {
    vi: '<i>Bấm giữ tin nhắn này, chọn «Trả lời» để nhắn cho người dân.</i>',
    en: '<i>Reply to this message to write to the resident.</i>',
  },
  /** "Đã tiếp nhận — Nguyễn Văn A (Chủ tịch UBND xã), 09:12 05/01/2026" */
  lastAction: { vi: '{action} — {who}, {at}', en: '{action} — {who}, {at}' },
  /** A new holder's heading and note. */
  assignedToYou: { vi: '📌 Phản ánh được giao cho Ông/Bà', en: '📌 A report assigned to you' },
  assignedBy: { vi: 'Người giao: {who}', en: 'Assigned by: {who}' },
  passedToYou: { vi: '↪ Phản ánh được chuyển đến Ông/Bà', en: '↪ A report passed on to you' },
  passedFrom: {
    vi: 'Chuyển từ: {who}\nLý do chuyển: {reason}',
    en: 'Passed on by: {who}\nReason: {reason}',
  },
} as const satisfies Record<string, Localized>;

/** The buttons under alerts and digests. */
export const BUTTON = {
  acknowledge: { vi: '✅ Tiếp nhận', en: '✅ Accept' },
  assign: { vi: '👤 Giao cán bộ', en: '👤 Assign' },
  resolve: { vi: '✔ Đã xử lý', en: '✔ Resolved' },
  pass: { vi: '↪ Chuyển', en: '↪ Pass on' },
  extend: { vi: '⏳ Xin gia hạn', en: '⏳ Extend deadline' },
  map: { vi: '🗺 Xem bản đồ', en: '🗺 Map' },
  pin: { vi: '📍 Ghim vị trí', en: '📍 Send location' },
  /** «📄 Xem #2» */
  view: { vi: '📄 Xem #{n}', en: '📄 View #{n}' },
  cancel: { vi: '✖ Hủy', en: '✖ Cancel' },
} as const satisfies Record<string, Localized>;

/** Several new alerts joined in one message (app/alert-digest.ts). */
export const DIGEST = {
  freshHeading: { vi: '<b>🔔 {n} phiếu mới</b>', en: '<b>🔔 {n} new tickets</b>' },
  heading: { vi: '<b>📋 {n} phiếu</b>', en: '<b>📋 {n} tickets</b>' },
  hasPlace: { vi: ' · 📍 có vị trí', en: ' · 📍 location given' },
  photosBelow: {
    vi: ' · 🖼 {n} ảnh, gửi sau tin này',
    en: ' · 🖼 {n} photo(s), sent after this message',
  },
  footer: {
    vi: '<i>Mỗi phiếu có một hàng nút mang số thứ tự của phiếu. Nhắn cho người dân: bấm giữ tin này, chọn «Trả lời», rồi viết bắt đầu bằng số phiếu, ví dụ «#2 Đã cử cán bộ đến xem».</i>',
    en: '<i>Each ticket has a row of buttons with its number. To write to a resident, reply to this message starting with the ticket number, e.g. «#2 An official is on the way».</i>',
  },
  replyHelp: {
    vi: 'Tin này gộp {n} phiếu. Xin cho biết Ông/Bà nhắn cho người dân của phiếu nào: bấm giữ tin gộp, chọn «Trả lời», rồi viết bắt đầu bằng số phiếu, ví dụ «#1 Đã cử cán bộ đến xem».',
    en: 'This message joins {n} tickets. Which resident is your message for? Reply to the joined message starting with the ticket number, e.g. «#1 An official is on the way».',
  },
} as const satisfies Record<string, Localized>;

/**
 * Why an official may not do what they asked (app/desk/authorize-official.ts). {unit}: the
 * official's own unit as a word («phường»), or «địa bàn» when that is not one kind (ownUnitWords);
 * in `sealed` and `role`, the report's unit (the official's own there).
 */
export const REFUSAL = {
  // Said to someone who is no official: there is no unit of theirs to name.
  'not-official': {
    vi: 'Chỉ cán bộ được phân công mới thao tác được nút này.',
    en: 'Only an assigned official can use this button.',
  },
  'other-commune': {
    vi: 'Phiếu này không thuộc {unit} của Ông/Bà.',
    en: 'This ticket is not from your {unit}.',
  },
  'about-self': {
    vi: 'Phiếu này phản ánh về chính Ông/Bà nên do cấp trên xử lý.',
    en: 'This ticket is about you, so your superior handles it.',
  },
  sealed: {
    vi: 'Đơn tố cáo chỉ Chủ tịch UBND {unit} xem và xử lý, để giữ bí mật cho người tố cáo.',
    en: 'Only the {unit} chair reads and handles a denunciation, to keep the denouncer safe.',
  },
  role: {
    vi: 'Vai trò của Ông/Bà không thực hiện được thao tác này; xin báo lãnh đạo {unit}.',
    en: 'Your role cannot do this; please ask the {unit} leaders.',
  },
  'not-assigned': {
    vi: 'Phiếu này chưa được giao cho Ông/Bà.',
    en: 'This ticket has not been assigned to you.',
  },
} as const satisfies Record<string, Localized>;

/**
 * The status machine's refusal (core/report-status.ts), keyed by its reason. {unit}: the report's
 * unit as a word («phường»).
 */
export const REJECTION: Readonly<Record<RejectionReason, Localized>> = {
  closed: { vi: 'Phiếu này đã đóng.', en: 'This ticket is closed.' },
  'not-routed': {
    vi: 'Phiếu này chưa được chuyển đến {unit}.',
    en: 'This ticket has not reached the {unit} yet.',
  },
  'already-routed': {
    vi: 'Phiếu này đã được chuyển trước đó.',
    en: 'This ticket was already forwarded.',
  },
  'already-acknowledged': {
    vi: 'Phiếu này đã được tiếp nhận trước đó.',
    en: 'This ticket was already accepted.',
  },
  'already-assigned': {
    vi: 'Phiếu này đã được giao cho cán bộ này rồi.',
    en: 'This ticket is already assigned to this official.',
  },
  'already-resolved': {
    vi: 'Phiếu này đã có kết quả, đang chờ người dân xác nhận.',
    en: 'This ticket is answered and waits for the resident to confirm.',
  },
  'not-resolved': {
    vi: 'Phiếu này không còn chờ xác nhận kết quả.',
    en: 'This ticket no longer waits for a confirmation.',
  },
  'answer-required': {
    vi: 'Cần nhập câu trả lời cho người dân.',
    en: 'Please write the answer for the resident.',
  },
  'answer-too-short': {
    vi: 'Câu trả lời quá ngắn (cần ít nhất {min} ký tự): xin nêu rõ {unit} đã làm gì và kết quả ra sao.',
    en: 'The answer is too short (at least {min} characters): say what the {unit} did and with what result.',
  },
  'evidence-required': {
    vi: 'Lĩnh vực này cần ảnh kết quả tại hiện trường.',
    en: 'This field needs a photo of the result on the spot.',
  },
  'target-required': {
    vi: 'Cần ghi rõ đã chuyển đến cơ quan nào.',
    en: 'Please name the agency it was sent to.',
  },
  'date-required': {
    vi: 'Cần ghi ngày sẽ giải quyết xong.',
    en: 'Please give the date it will be done.',
  },
  'date-invalid': {
    vi: 'Ngày không hợp lệ. Xin nhập theo dạng ngày/tháng/năm, ví dụ 15/03/2026.',
    en: 'Invalid date. Please write it as day/month/year, e.g. 15/03/2026.',
  },
  'date-not-future': {
    vi: 'Ngày giải quyết xong phải sau hôm nay.',
    en: 'The date must be after today.',
  },
  'reason-required': { vi: 'Cần nêu lý do.', en: 'Please give a reason.' },
  'already-extended': {
    vi: 'Phiếu này đã được gia hạn một lần; không gia hạn thêm được.',
    en: 'This ticket was already extended once; it cannot be extended again.',
  },
  'no-deadline': { vi: 'Góp ý không có hạn xử lý.', en: 'Feedback has no deadline.' },
};

/** The desk's answers to a press or a command (app/official-desk.ts, app/desk/*). */
export const DESK = {
  conflict: {
    vi: 'Phiếu vừa được người khác cập nhật, xin xem lại và thử lại.',
    en: 'Someone else just updated this ticket; please look again and retry.',
  },
  invalidButton: { vi: 'Nút này không hợp lệ.', en: 'This button is not valid.' },
  cancelledToast: { vi: 'Đã hủy', en: 'Cancelled' },
  cancelled: { vi: 'Đã hủy thao tác đang làm.', en: 'Cancelled what you were doing.' },
  /** A picker or question closed by the «Hủy» pressed on it (desk-picker.ts). */
  cancelledHere: { vi: '✖ Đã hủy.', en: '✖ Cancelled.' },
  /** «Hủy» on a question already answered or cancelled, or someone else's. */
  nothingToCancel: {
    vi: 'Không còn thao tác nào của Ông/Bà đang chờ ở tin nhắn này; không cần hủy.',
    en: 'Nothing of yours is waiting on this message; there is nothing to cancel.',
  },
  /** A second press on a picker whose choice was taken (a double tap): nothing changes. */
  pickerUsed: {
    vi: 'Lựa chọn ở tin nhắn này đã được ghi nhận rồi, không cần bấm lại.',
    en: 'The choice on this message was already made; no need to tap again.',
  },
  ticketNotFound: { vi: 'Không tìm thấy phiếu này.', en: 'Ticket not found.' },
  notWaitingForYou: {
    vi: 'Phiếu này không còn chờ thao tác của Ông/Bà.',
    en: 'This ticket no longer waits for you.',
  },
  relayOnlyContent: {
    vi: 'Chỉ chuyển được chữ, ảnh hoặc tệp văn bản cho người dân.',
    en: 'Only text, photos or documents can be sent to the resident.',
  },
  passReasonAsText: {
    vi: 'Xin nhập lý do chuyển phiếu bằng chữ.',
    en: 'Please type the reason for passing the ticket on.',
  },
  extendReasonAsText: {
    vi: 'Xin nhập lý do gia hạn bằng chữ.',
    en: 'Please type the reason for the extension.',
  },
  acknowledged: { vi: 'Đã tiếp nhận', en: 'Accepted' },
  /** {name}: who it went to. */
  assignedTo: { vi: 'Đã giao cho {name}', en: 'Assigned to {name}' },
  assignedToast: { vi: 'Đã giao', en: 'Assigned' },
  /** An old name button pressed again: nothing changes. */
  alreadyAssignedTo: {
    vi: 'Phiếu đã giao cho {name} rồi, không cần giao lại.',
    en: 'This ticket is already assigned to {name}.',
  },
  assignedSaid: {
    vi: 'Đã giao phiếu <b>{ticket}</b> cho {name} ✓',
    en: 'Ticket <b>{ticket}</b> assigned to {name} ✓',
  },
  noStaff: {
    vi: 'UBND {unit} chưa có cán bộ nào đăng ký trên Gopy để giao việc. Quản trị viên mời cán bộ bằng lệnh «gopy officials invite».',
    en: 'No {unit} staff are registered on Gopy to assign to. The administrator invites them with «gopy officials invite».',
  },
  assignWho: {
    vi: 'Giao phiếu <b>{ticket}</b> cho cán bộ nào?',
    en: 'Assign ticket <b>{ticket}</b> to whom?',
  },
  staffGone: {
    vi: 'Cán bộ này không còn thuộc {unit}, xin chọn lại.',
    en: 'This official is no longer with the {unit}; please choose again.',
  },
  noPassTarget: {
    vi: 'Không có vị trí nào khác của {unit} có cán bộ nhận phiếu này.',
    en: 'No other position of the {unit} has an official to take this ticket.',
  },
  passWhere: {
    vi: 'Chuyển phiếu <b>{ticket}</b> đến vị trí nào?',
    en: 'Pass ticket <b>{ticket}</b> on to which position?',
  },
  positionEmpty: {
    vi: 'Vị trí này hiện không có cán bộ nhận, xin chọn lại.',
    en: 'Nobody holds this position now; please choose again.',
  },
  passReason: {
    vi: 'Nhập <b>lý do</b> chuyển phiếu <b>{ticket}</b> đến {position} (người nhận sẽ đọc lý do này){hint}:',
    en: 'Type the <b>reason</b> for passing ticket <b>{ticket}</b> on to {position} (the recipient will read it){hint}:',
  },
  /** The pass picker once a position is chosen; the reason is asked next. */
  passChosen: {
    vi: 'Chuyển phiếu <b>{ticket}</b> đến {position} ✓',
    en: 'Passing ticket <b>{ticket}</b> on to {position} ✓',
  },
  /** An old position button pressed again, once the ticket is there. */
  alreadyPassedTo: {
    vi: 'Phiếu đã được chuyển đến {position} rồi.',
    en: 'This ticket was already passed on to {position}.',
  },
  positionEmptyAgain: {
    vi: 'Vị trí đã chọn hiện không có cán bộ nhận. Xin bấm «Chuyển» và chọn lại.',
    en: 'Nobody holds the chosen position now. Please tap «Pass on» and choose again.',
  },
  passedTo: { vi: 'Đã chuyển đến {position}', en: 'Passed on to {position}' },
  /** {to}: the position and its holder ("Phó Chủ tịch UBND xã (Lê Văn Phó)"), or the name alone. */
  passedSaid: {
    vi: 'Đã chuyển phiếu <b>{ticket}</b> đến {to}.',
    en: 'Ticket <b>{ticket}</b> passed on to {to}.',
  },
  extendReason: {
    vi: 'Nhập <b>lý do</b> xin gia hạn phiếu <b>{ticket}</b> (người dân sẽ được báo lý do; mỗi phiếu chỉ gia hạn một lần){hint}:',
    en: 'Type the <b>reason</b> for extending ticket <b>{ticket}</b> (the resident will be told; a ticket is extended once only){hint}:',
  },
  extendedTo: { vi: 'Đã gia hạn đến {date}', en: 'Deadline extended to {date}' },
  extendedSaid: {
    vi: 'Đã gia hạn phiếu <b>{ticket}</b> đến {date}. Người dân đã được báo lý do.',
    en: 'Ticket <b>{ticket}</b> extended to {date}. The resident has been told why.',
  },
  groupHint: { vi: ' — bấm giữ tin nhắn này, chọn «Trả lời»', en: ' — reply to this message' },
  /** {unit}: the report's unit as a word («Chủ tịch UBND phường»). */
  sealedNoHandover: {
    vi: 'Đơn tố cáo do Chủ tịch UBND {unit} trực tiếp xử lý; không giao hay chuyển cho người khác để giữ bí mật cho người tố cáo.',
    en: 'The {unit} chair handles a denunciation in person; it is not assigned or passed on, to keep the denouncer safe.',
  },
  /** {what}: passReasonWhat or extendReasonWhat. */
  reasonAgain: {
    vi: '{rejection} Xin nhập lý do {what}, hoặc bấm Hủy.',
    en: '{rejection} Please type the reason for {what}, or tap Cancel.',
  },
  passWhat: { vi: 'chuyển phiếu', en: 'passing it on' },
  extendWhat: { vi: 'gia hạn', en: 'the extension' },
  noPlace: {
    vi: 'Phiếu này không có vị trí trên bản đồ.',
    en: 'This ticket has no location on the map.',
  },
  sendingPin: {
    vi: 'Đang gửi vị trí của phiếu {ticket}',
    en: 'Sending the location of ticket {ticket}',
  },
  /** {unit}: the official's own unit as a word, or «địa bàn» (ownUnitWords). */
  notFoundInCommune: {
    vi: 'Không tìm thấy phiếu này trong {unit} của Ông/Bà.',
    en: 'No such ticket in your {unit}.',
  },
  viewUsage: {
    vi: 'Không tìm thấy phiếu này trong {unit} của Ông/Bà. Cách dùng: /xem <mã phiếu>',
    en: 'No such ticket in your {unit}. Usage: /xem <ticket code>',
  },
  usage: { vi: 'Cách dùng: {usage}', en: 'Usage: {usage}' },
  answerUsage: {
    vi: '/tl <mã phiếu> <nội dung trả lời>',
    en: '/tl <ticket code> <your answer>',
  },
  noteUsage: { vi: '/ghichu <mã phiếu> <ghi chú>', en: '/ghichu <ticket code> <note>' },
  noteSaved: {
    vi: '📝 Đã lưu ghi chú cho phiếu <b>{ticket}</b> (chỉ cán bộ xem được, người dân không nhận).',
    en: '📝 Note saved on ticket <b>{ticket}</b> (officials only; the resident does not get it).',
  },
  webPrivateOnly: {
    vi: 'Đường liên kết đăng nhập là riêng của từng người: xin gõ /web trong tin nhắn riêng với bot.',
    en: 'A sign-in link is personal: please send /web in your private chat with the bot.',
  },
  webOff: {
    vi: 'Trang số liệu trên web chưa được bật trên máy chủ này.',
    en: 'The web dashboard is not enabled on this server.',
  },
  /** {unit}: the official's own unit as a word (ownUnitOf): «trang số liệu của phường». */
  webLink: {
    vi: '🔐 Mở trang số liệu của {unit} trên trình duyệt:\n{url}\n\nLiên kết chỉ dùng được <b>một lần</b> và hết hạn lúc <b>{time}</b> (sau 10 phút). Không chuyển liên kết này cho người khác. Gõ /web để lấy liên kết mới.',
    en: '🔐 Open the {unit}’s dashboard in a browser:\n{url}\n\nThe link works <b>once</b> and expires at <b>{time}</b> (in 10 minutes). Do not pass it on. Send /web for a new one.',
  },
  webLinkProvince: {
    vi: '🔐 Mở trang số liệu của tỉnh và các xã, phường, đặc khu trên trình duyệt:\n{url}\n\nLiên kết chỉ dùng được <b>một lần</b> và hết hạn lúc <b>{time}</b> (sau 10 phút). Không chuyển liên kết này cho người khác. Gõ /web để lấy liên kết mới.',
    en: '🔐 Open the dashboards of the province and its communes, wards and special zones in a browser:\n{url}\n\nThe link works <b>once</b> and expires at <b>{time}</b> (in 10 minutes). Do not pass it on. Send /web for a new one.',
  },
  notAnOfficial: {
    vi: 'Tài khoản này chưa được đăng ký là cán bộ trên Gopy. Cán bộ đăng ký bằng đường liên kết mời do quản trị viên hệ thống cấp.',
    en: 'This account is not registered as an official on Gopy. Officials register with an invite link from the system administrator.',
  },
  langSet: {
    vi: 'Đã chuyển sang Tiếng Việt: cảnh báo, tin tổng hợp và trả lời của Gopy cho Ông/Bà sẽ bằng Tiếng Việt.',
    en: 'Language set to English: your alerts, digests and Gopy’s answers will be in English.',
  },
  groupLangSet: {
    vi: 'Nhóm này đã chuyển sang Tiếng Việt.',
    en: 'This group now reads Gopy in English.',
  },
  langUsage: {
    vi: 'Cách dùng: /lang vi (Tiếng Việt) hoặc /lang en (English).',
    en: 'Usage: /lang vi (Tiếng Việt) or /lang en (English).',
  },
  /**
   * {unit}: the official's own unit as a word («phường»), or «địa bàn» when that is not one kind
   * (ownUnitWords). The residents' menu rates whichever unit they choose: no unit named there.
   */
  help: {
    vi:
      'Gopy — dành cho cán bộ {unit}\n' +
      '• Phản ánh mới đến dưới dạng tin nhắn có nút: Tiếp nhận, Giao cán bộ, Đã xử lý, Chuyển, Xin gia hạn.\n' +
      '• /viec — các phiếu đang chờ Ông/Bà, phiếu quá hạn lên đầu\n' +
      '• Bấm giữ tin nhắn phản ánh, hoặc tin nhắn của người dân, chọn «Trả lời» để nhắn cho người dân (chữ, ảnh, tệp).\n' +
      '• /tl <mã phiếu> <nội dung> — trả lời người dân\n' +
      '• /ghichu <mã phiếu> <nội dung> — ghi chú nội bộ (người dân không thấy)\n' +
      '• /trung <mã phiếu trùng> <mã phiếu gốc> — đóng phiếu trùng; người gửi chuyển sang theo dõi phiếu gốc\n' +
      '• /xoa — thu hồi tin đã gửi người dân: bấm giữ tin đó, chọn «Trả lời» rồi gõ /xoa. Xóa tin trong Telegram không xóa được bản người dân đã nhận.\n' +
      '• /xem <mã phiếu> — xem phiếu, toàn bộ trao đổi và các nút xử lý\n' +
      '• /stats — số liệu của {unit}\n' +
      '• /web — đường liên kết đăng nhập trang số liệu (dùng một lần, trong 10 phút)\n' +
      '• /whoami — vị trí của Ông/Bà\n' +
      '• /lang en — đọc Gopy bằng tiếng Anh (English)\n' +
      '• /huy — hủy thao tác đang làm\n' +
      '• /start — menu của người dân (đánh giá chính quyền, gửi phản ánh của riêng Ông/Bà)',
    en:
      'Gopy — for officials of the {unit}\n' +
      '• New reports arrive as messages with buttons: Accept, Assign, Resolved, Pass on, Extend deadline.\n' +
      '• /viec — the tickets waiting for you, overdue first\n' +
      '• Reply to a report’s message, or to a resident’s message, to write to the resident (text, photos, files).\n' +
      '• /tl <ticket code> <text> — answer the resident\n' +
      '• /ghichu <ticket code> <text> — internal note (the resident does not see it)\n' +
      '• /trung <duplicate code> <original code> — close a duplicate; its sender follows the original\n' +
      '• /xoa — reply to a message you sent a resident to take it back. Deleting it in Telegram does not delete the resident’s copy.\n' +
      '• /xem <ticket code> — the ticket, its whole conversation and the action buttons\n' +
      '• /stats — the {unit}’s figures\n' +
      '• /web — a sign-in link to the dashboard (works once, for 10 minutes)\n' +
      '• /whoami — your position\n' +
      '• /lang vi — read Gopy in Vietnamese (Tiếng Việt)\n' +
      '• /huy — cancel what you are doing\n' +
      '• /start — the residents’ menu (rate the local government, send a report of your own)',
  },
} as const satisfies Record<string, Localized>;

/** What the clock and the queues tell officials: reminders, escalations, fallbacks, held answers. */
export const NOTICE = {
  remindToday: {
    vi: 'hạn trả lời là <b>17:00 hôm nay</b>',
    en: 'the answer is due <b>today at 17:00</b>',
  },
  remindOn: {
    vi: 'hạn trả lời là <b>{date}</b> (còn {days} ngày làm việc)',
    en: 'the answer is due <b>{date}</b> ({days} working day(s) left)',
  },
  reminder: {
    vi: '⏰ <b>Nhắc hạn</b>: phiếu <b>{ticket}</b> ({field}) — {when}.\nQuá hạn, phiếu sẽ được chuyển lên cấp trên.',
    en: '⏰ <b>Reminder</b>: ticket <b>{ticket}</b> ({field}) — {when}.\nOnce overdue, the ticket goes up to your superior.',
  },
  autoClosed: {
    vi: 'Tự đóng: người dân không xác nhận sau 7 ngày',
    en: 'Closed automatically: the resident did not confirm within 7 days',
  },
  /** Who acted when nobody did: the clock. */
  system: { vi: 'hệ thống', en: 'the system' },
  /** {province}: "Tỉnh Hưng Yên". */
  provinceLevel: { vi: 'cấp tỉnh ({province})', en: 'the province ({province})' },
  escalatedOverdue: {
    vi: '🚨 Phản ánh quá hạn — chuyển lên {to}',
    en: '🚨 Overdue report — moved up to {to}',
  },
  escalatedUnhappy: {
    vi: '⚠ Người dân chưa hài lòng lần {n} — chuyển lên {to}',
    en: '⚠ The resident is not satisfied (time {n}) — moved up to {to}',
  },
  /** To whoever held it before an overdue step up; {to}: the position it went to. */
  escalatedOverdueAway: {
    vi: '⌛ Phiếu quá hạn — đã chuyển lên {to}',
    en: '⌛ Ticket overdue — moved up to {to}',
  },
  /** The last line of that notice (and of a reopen's step up past them): nothing is theirs now. */
  noLongerYours: {
    vi: '<i>Ông/Bà không còn phụ trách phiếu này, không cần thao tác thêm.</i>',
    en: '<i>You no longer hold this ticket; nothing more is needed from you.</i>',
  },
  escalatedAction: { vi: 'Chuyển lên {to} ({why})', en: 'Moved up to {to} ({why})' },
  whyOverdue: { vi: 'quá hạn', en: 'overdue' },
  whyUnhappy: { vi: 'người dân chưa hài lòng', en: 'the resident is not satisfied' },
  rerouted: {
    vi: '↪ Chuyển đến Ông/Bà vì {position} không nhận được tin nhắn (đã chặn hoặc rời bot).',
    en: '↪ Sent to you because {position} cannot receive messages (blocked or left the bot).',
  },
  previousRecipient: { vi: 'người nhận trước', en: 'the previous recipient' },
  /** {unit}: the report's unit as a word («phường»). */
  heldAnswer: {
    vi: '⏳ Tin trả lời phiếu <b>{ticket}</b> đang chờ gửi. Người dân dùng Zalo, mà Zalo chỉ cho {unit} trả lời trong 48 giờ (tối đa 8 tin) sau mỗi tin người dân nhắn. Tin đã được lưu và sẽ tự gửi ngay khi người dân nhắn lại cho {unit}.',
    en: '⏳ Your answer to ticket <b>{ticket}</b> is waiting to be sent. The resident uses Zalo, which lets the {unit} answer only within 48 hours (8 messages at most) of the resident’s last message. It is saved and goes out as soon as the resident writes to the {unit} again.',
  },
} as const satisfies Record<string, Localized>;

/** The «Đã xử lý» dialogue (app/desk/resolve-report.ts); what the citizen reads is not here. */
export const RESOLVE = {
  resolved: { vi: 'Đã giải quyết', en: 'Resolved' },
  // Said of the official's own unit, whatever its kind, as the Vietnamese leaves it unsaid.
  notCompetent: { vi: 'Không thuộc thẩm quyền', en: 'Not within our competence' },
  scheduled: { vi: 'Sẽ giải quyết trước ngày…', en: 'Will be resolved by…' },
  which: {
    vi: 'Kết quả xử lý phiếu <b>{ticket}</b>:',
    en: 'Result for ticket <b>{ticket}</b>:',
  },
  /** The result picker once a result type is chosen; {result}: its label. */
  resultChosen: {
    vi: 'Kết quả xử lý phiếu <b>{ticket}</b>: {result} ✓',
    en: 'Result for ticket <b>{ticket}</b>: {result} ✓',
  },
  /** The prepared answers' prompt once one is chosen, above its text. */
  cannedChosen: {
    vi: 'Câu trả lời phiếu <b>{ticket}</b>: dùng câu trả lời mẫu ✓',
    en: 'Answer to ticket <b>{ticket}</b>: a prepared answer ✓',
  },
  /** The late-date warning once the official keeps the date. */
  lateDateKept: {
    vi: 'Vẫn hẹn ngày <b>{date}</b> cho phiếu <b>{ticket}</b> ✓',
    en: 'Keeping <b>{date}</b> for ticket <b>{ticket}</b> ✓',
  },
  staleButton: {
    vi: 'Nút này thuộc tin nhắn cũ; xin bấm «Đã xử lý» lại.',
    en: 'This button belongs to an old message; please tap «Resolved» again.',
  },
  sendContent: {
    vi: 'Xin gửi chữ, ảnh hoặc tệp văn bản, hoặc bấm Hủy.',
    en: 'Please send text, a photo or a document, or tap Cancel.',
  },
  sendPhoto: {
    vi: 'Xin gửi ảnh kết quả tại hiện trường (có thể kèm chú thích).',
    en: 'Please send a photo of the result on the spot (a caption is welcome).',
  },
  /** {result}: resultShort. */
  done: { vi: 'Đã xử lý ({result})', en: 'Resolved ({result})' },
  shortResolved: { vi: 'đã giải quyết', en: 'resolved' },
  shortPassed: { vi: 'chuyển đến {target}', en: 'sent to {target}' },
  shortScheduled: { vi: 'hẹn trước {date}', en: 'due by {date}' },
  sent: {
    vi: '✅ Đã gửi kết quả phiếu <b>{ticket}</b> cho người dân. Người dân sẽ cho biết đã được giải quyết hay chưa.',
    en: '✅ The result of ticket <b>{ticket}</b> was sent to the resident, who will say whether it is resolved.',
  },
  sentOpen311: {
    vi: '✅ Đã ghi kết quả phiếu <b>{ticket}</b>. Phản ánh này gửi qua hệ thống kết nối (Open311): kết quả được trả về hệ thống đó.',
    en: '✅ The result of ticket <b>{ticket}</b> is recorded. The report came through a connected system (Open311), which gets the result.',
  },
  sentErased: {
    vi: '✅ Đã ghi kết quả phiếu <b>{ticket}</b>. Người dân đã xóa dữ liệu nên không nhận được tin nhắn.',
    en: '✅ The result of ticket <b>{ticket}</b> is recorded. The resident erased their data and gets no message.',
  },
  doneToast: { vi: 'Đã xử lý', en: 'Resolved' },
  askAnswer: {
    vi: 'Nhập <b>câu trả lời</b> cho người dân về phiếu <b>{ticket}</b>: nêu rõ kết quả, căn cứ pháp lý nếu có{photo}{hint}.',
    en: 'Type the <b>answer</b> for the resident on ticket <b>{ticket}</b>: the result, and its legal basis if any{photo}{hint}.',
  },
  /** Above the prepared answers that fit the chosen result, each in full, picked by number. */
  cannedIntro: {
    vi: 'Hoặc bấm số của một câu trả lời mẫu:',
    en: 'Or tap the number of a prepared answer:',
  },
  askAnswerPhoto: {
    vi: ', rồi gửi <b>ảnh kết quả</b> tại hiện trường',
    en: ', then send a <b>photo of the result</b> on the spot',
  },
  askEvidence: {
    vi: 'Lĩnh vực «{field}» cần ảnh kết quả tại hiện trường: xin gửi ảnh (có thể kèm chú thích){hint}.',
    en: 'The field «{field}» needs a photo of the result on the spot: please send one (a caption is welcome){hint}.',
  },
  /** {unit}: the report's unit as a word («phường»): its police is one agency to name. */
  askTarget: {
    vi: 'Phản ánh đã được chuyển đến <b>cơ quan nào</b>? (ví dụ: UBND tỉnh Hưng Yên, Công an {unit}, Điện lực…){hint}',
    en: 'Which <b>agency</b> was the report sent to? (e.g. the provincial People’s Committee, the {unit} police, the power company…){hint}',
  },
  /** {unit}: the report's unit as a word («UBND phường sẽ giải quyết xong…»). */
  askDate: {
    vi: 'UBND {unit} sẽ giải quyết xong <b>trước ngày nào</b>? Nhập ngày/tháng/năm, ví dụ {example}{hint}.',
    en: 'By <b>which date</b> will the {unit} have it done? Type day/month/year, e.g. {example}{hint}.',
  },
  /** The promised date is after the report's own deadline: said before the citizen reads it. */
  lateDate: {
    vi: '⚠ Ngày hẹn <b>{date}</b> muộn hơn hạn xử lý của phiếu <b>{ticket}</b> ({due}): người dân sẽ phải chờ quá hạn. Bấm «Vẫn hẹn ngày {date}» để gửi, hoặc nhập ngày khác{hint}.',
    en: '⚠ The promised date <b>{date}</b> is after the deadline of ticket <b>{ticket}</b> ({due}): the resident will wait past it. Tap «Promise {date} anyway» to send it, or type another date{hint}.',
  },
  lateDateConfirm: { vi: 'Vẫn hẹn ngày {date}', en: 'Promise {date} anyway' },
} as const satisfies Record<string, Localized>;
