/**
 * What officials read when they look something up or are briefed: a ticket's thread (/xem), the
 * tickets waiting for them (/viec), the commune's figures (/stats), the leaders' morning digest
 * with the chair's reception list, and their registration (/whoami, the invite's answer).
 * Vietnamese exactly as officials have always read it; English for an official who chose it
 * (/lang en). The alert's own lines are in official.ts. Dates stay dd/mm/yyyy in Vietnam time in
 * both languages; names of units, positions and fields are data and are never translated.
 */
import type { Localized } from './localized.ts';

/** `/xem`: a ticket's conversation and history under its alert (app/desk/thread-view.ts). */
export const THREAD = {
  conversation: { vi: '<b>💬 Trao đổi ({n})</b>', en: '<b>💬 Conversation ({n})</b>' },
  noMessages: { vi: '<i>Chưa có tin nhắn nào.</i>', en: '<i>No messages yet.</i>' },
  history: { vi: '<b>🕘 Lịch sử</b>', en: '<b>🕘 History</b>' },
  edited: { vi: 'đã sửa', en: 'edited' },
  retracted: { vi: 'đã thu hồi', en: 'taken back' },
  /** An official's message to the citizen, signed by the committee. */
  fromCommune: { vi: 'UBND {unit} · {name}', en: 'The {unit} · {name}' },
  note: { vi: '📝 Ghi chú nội bộ · {name}', en: '📝 Internal note · {name}' },
  followerNote: {
    vi: '📝 Ghi chú nội bộ · người dân theo dõi phiếu',
    en: '📝 Internal note · a resident following the ticket',
  },
  /**
   * The notes gopy writes for a follower. Stored in Vietnamese (the record); /xem says them in
   * the reader's language by recognising these words, so keep a changed wording's old text
   * recognisable or older notes stay in Vietnamese. {words}: the follower's own, as written.
   */
  followerJoined: {
    vi: 'Một người dân khác cùng phản ánh việc này và theo dõi phiếu: {words}',
    en: 'Another resident reports the same problem and follows the ticket: {words}',
  },
  followerPartly: {
    vi: 'Một người dân theo dõi phiếu cho biết: mới giải quyết một phần.',
    en: 'A resident following the ticket says it is only partly resolved.',
  },
  followerNotResolved: {
    vi: 'Một người dân theo dõi phiếu cho biết: chưa giải quyết.',
    en: 'A resident following the ticket says it is not resolved.',
  },
  /** An official whose name is not known. */
  anOfficial: { vi: 'cán bộ', en: 'an official' },
  notPassedOn: { vi: 'chưa chuyển đến ai', en: 'not passed on to anyone yet' },
  notSent: { vi: 'chưa gửi', en: 'not sent yet' },
  sending: { vi: '⏳ đang gửi', en: '⏳ sending' },
  passedOn: { vi: '✓ đã chuyển cán bộ', en: '✓ passed on to the officials' },
  /** {who}: the officials' names, and the staff group, it reached. */
  passedOnTo: { vi: '✓ đã chuyển cán bộ: {who}', en: '✓ passed on to the officials: {who}' },
  staffGroup: { vi: 'nhóm cán bộ xã', en: 'the staff group' },
  received: { vi: '✓ người dân đã nhận', en: '✓ the resident received it' },
  failed: { vi: '✗ gửi không được', en: '✗ could not be sent' },
  officialsUnreachable: {
    vi: '✗ cán bộ không nhận được',
    en: '✗ the officials could not receive it',
  },
  citizenBlocked: { vi: '✗ người dân đã chặn bot', en: '✗ the resident blocked the bot' },
  photos: { vi: '{n} ảnh', en: '{n} photo(s)' },
  documents: { vi: '{n} tệp', en: '{n} file(s)' },
  voices: { vi: '{n} ghi âm', en: '{n} voice note(s)' },
} as const satisfies Record<string, Localized>;

/** One line of a ticket's history, by its event (app/desk/thread-view.ts eventLabel). */
export const HISTORY = {
  submitted: { vi: 'Người dân gửi phản ánh', en: 'The resident sent the report' },
  routed: { vi: 'Chuyển đến {unit}', en: 'Forwarded to the {unit}' },
  /** Held by the province's administrator: the commune had nobody to receive it. */
  routedToProvince: {
    vi: 'Chuyển đến cán bộ cấp tỉnh ({unit} chưa có cán bộ nhận)',
    en: 'Forwarded to a province official (the {unit} has nobody to receive it)',
  },
  /** Held by the province's administrator: it is about the commune's chair. */
  routedToProvinceAboutChair: {
    vi: 'Chuyển đến cán bộ cấp tỉnh',
    en: 'Forwarded to a province official',
  },
  /** Routing found nobody: the deadline counts from when it reached an official. */
  awaitingOfficial: {
    vi: 'Chưa có cán bộ nhận, phiếu chờ đến khi {unit} có cán bộ (hạn tính từ ngày cán bộ nhận)',
    en: 'Nobody could receive it yet: it waited for the {unit}’s first official (the deadline counts from receipt)',
  },
  acknowledged: { vi: 'Lãnh đạo {unit} tiếp nhận', en: 'Accepted by the {unit} leaders' },
  assigned: { vi: 'Giao cán bộ xử lý', en: 'Assigned to an official' },
  passed: { vi: 'Chuyển vị trí khác', en: 'Passed on to another position' },
  extended: { vi: 'Gia hạn', en: 'Deadline extended' },
  /** {what}: one of the lines above; {reason}: the official's words. */
  withReason: { vi: '{what}: {reason}', en: '{what}: {reason}' },
  resolved: { vi: 'Trả lời kết quả cho người dân', en: 'Result sent to the resident' },
  reopened: { vi: 'Người dân mở lại phiếu', en: 'Reopened by the resident' },
  escalatedUnhappy: {
    vi: 'Chuyển lên cấp trên (người dân chưa hài lòng)',
    en: 'Moved up a level (the resident is not satisfied)',
  },
  escalatedOverdue: { vi: 'Chuyển lên cấp trên (quá hạn)', en: 'Moved up a level (overdue)' },
  reminded: { vi: 'Nhắc hạn', en: 'Deadline reminder' },
  autoClosed: {
    vi: 'Tự đóng (người dân không xác nhận sau 7 ngày)',
    en: 'Closed automatically (the resident did not confirm within 7 days)',
  },
  closed: { vi: 'Đóng phiếu (người dân xác nhận)', en: 'Closed (the resident confirmed)' },
  /** An event without words of its own: its type and who made it. */
  other: { vi: '{type} ({by})', en: '{type} ({by})' },
  byCitizen: { vi: 'người dân', en: 'resident' },
  bySystem: { vi: 'hệ thống', en: 'system' },
  byOfficial: { vi: 'cán bộ', en: 'official' },
} as const satisfies Record<string, Localized>;

/** `/viec`: the tickets waiting for the official (app/desk/my-tickets.ts). */
export const WORKLIST = {
  none: {
    vi: '<b>📋 Không có phiếu nào đang chờ Ông/Bà xử lý.</b>',
    en: '<b>📋 No tickets are waiting for you.</b>',
  },
  heading: {
    vi: '<b>📋 Phiếu đang chờ Ông/Bà xử lý: {n}</b>',
    en: '<b>📋 Tickets waiting for you: {n}</b>',
  },
  overdueCount: { vi: ' (quá hạn: {n})', en: ' (overdue: {n})' },
  noDeadline: { vi: 'không có hạn', en: 'no deadline' },
  due: { vi: 'hạn {date}', en: 'due {date}' },
  overdue: { vi: ' · quá hạn', en: ' · overdue' },
  more: { vi: '… và {n} phiếu khác.', en: '… and {n} more.' },
  othersInCommune: {
    vi: 'Toàn {unit} còn {n} phiếu khác đang xử lý.',
    en: 'The {unit} has {n} other open ticket(s).',
  },
  tapOne: { vi: 'Bấm vào một phiếu để xem và xử lý.', en: 'Tap a ticket to view and handle it.' },
  /** On a ticket's button: «PA-2026-000123 · hạn 05/03». */
  buttonDue: { vi: ' · hạn {date}', en: ' · due {date}' },
} as const satisfies Record<string, Localized>;

/** `/stats`: the commune's month and quarter (app/desk/stats.ts). */
export const STATS = {
  /** {month}: mm/yyyy. */
  heading: { vi: '<b>📊 {unit} — tháng {month}</b>', en: '<b>📊 {unit} — month {month}</b>' },
  open: {
    vi: 'Đang xử lý: <b>{open}</b> · Quá hạn: <b>{overdue}</b>',
    en: 'Open: <b>{open}</b> · Overdue: <b>{overdue}</b>',
  },
  resolved: {
    vi: 'Đã trả lời trong tháng: <b>{n}</b>',
    en: 'Answered this month: <b>{n}</b>',
  },
  closed: {
    vi: 'Đã đóng: {confirmed} người dân xác nhận · {auto} tự đóng sau 7 ngày không xác nhận',
    en: 'Closed: {confirmed} confirmed by the resident · {auto} closed automatically after 7 days without confirmation',
  },
  ackTime: {
    vi: 'Thời gian tiếp nhận (trung vị): {time}',
    en: 'Time to accept (median): {time}',
  },
  answerTime: {
    vi: 'Thời gian trả lời (trung vị): {time}',
    en: 'Time to answer (median): {time}',
  },
  /** {quarter}: "1/2026" in Vietnamese, "Q1 2026" in English. */
  satisfaction: {
    vi: '<b>Mức hài lòng theo 5 tiêu chí (quý {quarter})</b>',
    en: '<b>Satisfaction on the 5 criteria ({quarter})</b>',
  },
  satisfiedShare: {
    vi: '<i>Tỷ lệ ý kiến «Hài lòng» và «Rất hài lòng»</i>',
    en: '<i>Share of «Satisfied» and «Very satisfied» answers</i>',
  },
  criterion: {
    vi: '{n}. {name}: <b>{percent}%</b> ({answers} ý kiến)',
    en: '{n}. {name}: <b>{percent}%</b> ({answers} answer(s))',
  },
  criterionEmpty: { vi: '{n}. {name}: chưa có ý kiến', en: '{n}. {name}: no answers yet' },
  minutes: { vi: '{n} phút', en: '{n} min' },
  hours: { vi: '{n} giờ', en: '{n} h' },
  days: { vi: '{n} ngày', en: '{n} days' },
} as const satisfies Record<string, Localized>;

/** The leaders' morning digest and the chair's reception list in it (app/desk/daily-digest.ts). */
export const MORNING = {
  /** {date}: dd/mm/yyyy. */
  heading: {
    vi: '<b>📋 Tổng hợp phản ánh ngày {date}</b>',
    en: '<b>📋 Reports summary for {date}</b>',
  },
  provinceAdmin: {
    vi: '{province} · Quản trị cấp tỉnh',
    en: '{province} · Province administrator',
  },
  reception: {
    vi: '<b>🗓 Tiếp công dân hôm nay: {n} người đã đăng ký</b>',
    en: '<b>🗓 Reception day today: {n} resident(s) booked</b>',
  },
  visit: {
    vi: '• {time} · lượt {turn} · {name}: {matter}',
    en: '• {time} · turn {turn} · {name}: {matter}',
  },
  none: {
    vi: 'Không có phiếu nào đang chờ Ông/Bà xử lý.',
    en: 'No tickets are waiting for you.',
  },
  waiting: { vi: 'Đang chờ Ông/Bà xử lý: <b>{n}</b>', en: 'Waiting for you: <b>{n}</b>' },
  waitingOverdue: { vi: ', trong đó <b>quá hạn: {n}</b>', en: ', <b>overdue: {n}</b>' },
  feedback: { vi: 'góp ý', en: 'feedback' },
  overdue: { vi: ' ⚠ quá hạn', en: ' ⚠ overdue' },
  commune: {
    vi: 'Toàn {unit}: {n} phiếu đang xử lý, {overdue} quá hạn.',
    en: 'Whole {unit}: {n} open, {overdue} overdue.',
  },
  footer: {
    vi: '<i>Gõ /xem &lt;mã phiếu&gt; để xem chi tiết, /stats để xem số liệu.</i>',
    en: '<i>Send /xem &lt;ticket code&gt; for the details, /stats for the figures.</i>',
  },
} as const satisfies Record<string, Localized>;

/** A position as its holder reads it (app/register-official.ts positionLabel). */
export const POSITION = {
  chair: { vi: 'Chủ tịch UBND {unit}', en: 'Chair of the People’s Committee of {unit}' },
  'vice-chair': {
    vi: 'Phó Chủ tịch UBND {unit}',
    en: 'Vice-chair of the People’s Committee of {unit}',
  },
  head: {
    vi: 'Trưởng phòng/Trưởng bộ phận thuộc UBND {unit}',
    en: 'Head of a department of the People’s Committee of {unit}',
  },
  staff: { vi: 'Công chức UBND {unit}', en: 'Civil servant of the People’s Committee of {unit}' },
} as const satisfies Record<string, Localized>;

/**
 * A position in English beside a holder's name or on a button, where the Vietnamese shows the
 * stored title (app/alert-message.ts positionIn). The Vietnamese here is that title's usual kind.
 */
export const POSITION_KIND = {
  chair: { vi: 'Chủ tịch UBND xã', en: 'Chair' },
  'vice-chair': { vi: 'Phó Chủ tịch UBND xã', en: 'Vice-chair' },
  head: { vi: 'Trưởng phòng/Trưởng bộ phận', en: 'Head of a department' },
  staff: { vi: 'Công chức', en: 'Civil servant' },
} as const satisfies Record<string, Localized>;

/** A position with the field its title names («… phụ trách kinh tế, hạ tầng»). */
export const POSITION_FIELD = {
  inCharge: { vi: '{position} phụ trách {field}', en: '{position} in charge of {field}' },
  /** Two or more fields: «kinh tế, hạ tầng», "economy and infrastructure". */
  andLast: { vi: '{some} và {last}', en: '{some} and {last}' },
} as const satisfies Record<string, Localized>;

/**
 * The fields a commune's titles name after «phụ trách», in English (app/alert-message.ts
 * positionIn). A title naming a field not here keeps its Vietnamese words, as a category does.
 */
export const FIELD_WORDS = {
  economy: { vi: 'kinh tế', en: 'economy' },
  infrastructure: { vi: 'hạ tầng', en: 'infrastructure' },
  culture: { vi: 'văn hóa', en: 'culture' },
  society: { vi: 'xã hội', en: 'social affairs' },
  land: { vi: 'đất đai', en: 'land' },
  environment: { vi: 'môi trường', en: 'environment' },
  naturalResources: { vi: 'tài nguyên', en: 'natural resources' },
  traffic: { vi: 'giao thông', en: 'roads and traffic' },
  construction: { vi: 'xây dựng', en: 'construction' },
  urban: { vi: 'đô thị', en: 'urban affairs' },
  agriculture: { vi: 'nông nghiệp', en: 'agriculture' },
  finance: { vi: 'tài chính', en: 'finance' },
  budget: { vi: 'ngân sách', en: 'budget' },
  health: { vi: 'y tế', en: 'health' },
  education: { vi: 'giáo dục', en: 'education' },
  labour: { vi: 'lao động', en: 'labour' },
  sport: { vi: 'thể thao', en: 'sport' },
  tourism: { vi: 'du lịch', en: 'tourism' },
  internalAffairs: { vi: 'nội chính', en: 'internal affairs' },
  defence: { vi: 'quốc phòng', en: 'defence' },
  security: { vi: 'an ninh', en: 'security' },
  order: { vi: 'trật tự', en: 'public order' },
  justice: { vi: 'tư pháp', en: 'justice' },
} as const satisfies Record<string, Localized>;

/** A role in words, for /whoami. */
export const ROLE = {
  leader: {
    vi: 'Lãnh đạo (nhận và chỉ đạo xử lý phản ánh)',
    en: 'Leader (receives reports and directs their handling)',
  },
  staff: {
    vi: 'Cán bộ xử lý (nhận phản ánh được giao)',
    en: 'Handling official (receives the reports assigned to you)',
  },
  admin: {
    vi: 'Quản trị (nhận phản ánh quá hạn trong tỉnh)',
    en: 'Administrator (receives the province’s overdue reports)',
  },
  observer: {
    vi: 'Theo dõi (xem số liệu, không nhận phản ánh)',
    en: 'Observer (sees the figures, receives no reports)',
  },
} as const satisfies Record<string, Localized>;

/** `/whoami` and the answer to an invite link (app/register-official.ts). */
export const REGISTRATION = {
  unit: { vi: 'Đơn vị: {unit}, {province}', en: 'Unit: {unit}, {province}' },
  position: { vi: 'Chức vụ: {position}', en: 'Position: {position}' },
  role: { vi: 'Vai trò: {role}', en: 'Role: {role}' },
  fields: { vi: 'Lĩnh vực phụ trách: {fields}', en: 'Fields in charge: {fields}' },
  allFields: { vi: 'Tất cả lĩnh vực', en: 'All fields' },
  since: { vi: 'Đăng ký từ: {date}', en: 'Registered since: {date}' },
  hello: { vi: 'Xin chào {name}!', en: 'Hello {name}!' },
  registered: {
    vi: 'Ông/Bà đã được đăng ký là {position}{fields}.',
    en: 'You are now registered as {position}{fields}.',
  },
  inCharge: { vi: ' phụ trách lĩnh vực: {fields}', en: ', in charge of: {fields}' },
  leaderReceives: {
    vi: 'Từ nay các phản ánh, kiến nghị của người dân thuộc phạm vi phụ trách sẽ được gửi đến đây.',
    en: 'From now on, residents’ reports and recommendations within your remit will arrive here.',
  },
  staffReceives: {
    vi: 'Từ nay các phản ánh được giao cho Ông/Bà xử lý sẽ được gửi đến đây.',
    en: 'From now on, the reports assigned to you will arrive here.',
  },
  adminReceives: {
    vi: 'Từ nay các phản ánh quá hạn chưa được xử lý trong tỉnh sẽ được gửi đến đây.',
    en: 'From now on, the province’s overdue reports that nobody handled will arrive here.',
  },
  observerReceives: {
    vi: 'Ông/Bà có thể theo dõi số liệu của đơn vị; các phản ánh sẽ không được gửi đến đây.',
    en: 'You can follow your unit’s figures; reports will not be sent here.',
  },
  next: {
    vi: 'Gõ /whoami để xem thông tin đăng ký, /stats để xem số liệu.',
    en: 'Send /whoami to see your registration, /stats for the figures.',
  },
  expired: {
    vi: 'Mã mời này đã hết hạn. Vui lòng liên hệ quản trị viên hệ thống để được cấp mã mời mới.',
    en: 'This invite has expired. Please ask the system administrator for a new one.',
  },
  used: {
    vi:
      'Mã mời này đã được sử dụng. Mỗi mã mời chỉ đăng ký được một tài khoản; ' +
      'vui lòng liên hệ quản trị viên hệ thống nếu Ông/Bà cần được cấp mã mới.',
    en: 'This invite has been used. Each invite registers one account only; please ask the system administrator if you need a new one.',
  },
  usedByYou: {
    vi: 'Tài khoản này đã được đăng ký bằng mã mời này. Gõ /whoami để xem thông tin đăng ký.',
    en: 'This account is already registered with this invite. Send /whoami to see your registration.',
  },
  unknown: {
    vi: 'Không tìm thấy mã mời này. Vui lòng kiểm tra lại đường liên kết hoặc liên hệ quản trị viên hệ thống.',
    en: 'This invite was not found. Please check the link or ask the system administrator.',
  },
} as const satisfies Record<string, Localized>;
