/**
 * What the citizen's conversation says outside flows (flows keep their questions in
 * flows/*.yaml). Vietnamese first, with proper diacritics; English for citizens who chose it
 * with /language.
 */
import type { Localized } from './localized.ts';

export const TEXT = {
  welcome: {
    vi:
      'Xin chào! Đây là kênh trao đổi của người dân với Ủy ban nhân dân xã, phường, đặc khu.\n' +
      'Ông/Bà có thể đánh giá chính quyền, gửi phản ánh, kiến nghị và theo dõi câu trả lời.\n\n' +
      'Gopy lưu tên hiển thị của Ông/Bà, nội dung Ông/Bà gửi và số điện thoại nếu Ông/Bà cung cấp, ' +
      'chỉ để xử lý phản ánh. Cán bộ chỉ thấy tên của Ông/Bà khi Ông/Bà không chọn ẩn danh. ' +
      'Gõ /xoadulieu bất cứ lúc nào để xóa thông tin cá nhân.',
    en:
      'Hello! This is how residents talk to the People’s Committee of their commune, ward or special zone.\n' +
      'You can rate the local government, send reports and suggestions, and follow the answers.\n\n' +
      'Gopy stores your display name, what you send and your phone number if you give it, ' +
      'only to handle your reports. Officials see your name only when you do not choose to stay ' +
      'anonymous. Send /xoadulieu at any time to erase your personal data.',
  },
  help: {
    vi:
      'Cách dùng:\n' +
      '• Bấm các nút bên dưới tin nhắn để chọn, không cần gõ.\n' +
      '• /start — về menu chính\n' +
      '• /huy — hủy việc đang làm\n' +
      '• /language — đổi ngôn ngữ (Tiếng Việt / English)\n' +
      '• /xoadulieu — xóa thông tin cá nhân của Ông/Bà\n' +
      'Mỗi phản ánh có một mã phiếu (ví dụ PA-2026-000123) để theo dõi trong mục «Phản ánh của tôi».',
    en:
      'How to use:\n' +
      '• Tap the buttons under the messages; no typing needed.\n' +
      '• /start — main menu\n' +
      '• /huy — cancel what you are doing\n' +
      '• /language — change language (Tiếng Việt / English)\n' +
      '• /xoadulieu — erase your personal data\n' +
      'Every report has a ticket code (e.g. PA-2026-000123) to follow in “My reports”.',
  },
  chooseLanguage: {
    vi: 'Chọn ngôn ngữ / Choose a language:',
    en: 'Choose a language / Chọn ngôn ngữ:',
  },
  languageSet: { vi: 'Đã chuyển sang Tiếng Việt.', en: 'Language set to English.' },
  floodNote: {
    vi: 'Ông/Bà gửi nhanh quá, xin chờ vài giây rồi gửi tiếp. Những gì đã gửi vẫn được giữ nguyên.',
    en: 'You are sending too fast; please wait a few seconds. Nothing you sent earlier is lost.',
  },
  /** {what} is describeResume's sentence: "Ông/Bà đang gửi phản ánh (bước 3/9)." */
  resumeQuestion: {
    vi: 'Lần trước Ông/Bà chưa làm xong. {what} Ông/Bà muốn tiếp tục hay bắt đầu lại?',
    en: 'Last time you did not finish. {what} Continue where you left off, or start over?',
  },
  resumeContinue: { vi: '▶ Tiếp tục', en: '▶ Continue' },
  resumeRestart: { vi: '↺ Bắt đầu lại', en: '↺ Start over' },
  cancelled: {
    vi: 'Đã hủy. Ông/Bà có thể chọn việc khác trong menu.',
    en: 'Cancelled. Choose something else from the menu.',
  },
  /** Said when /start, /menu or /huy leaves a flow in progress: {activity} is its activity. */
  flowLeft: {
    vi: 'Đã dừng việc đang làm dở ({activity}).',
    en: 'Stopped what you were doing ({activity}).',
  },
  staleButton: {
    vi: 'Nút này thuộc tin nhắn cũ, không còn dùng được.',
    en: 'That button belongs to an old message and no longer works.',
  },
  unknownCommand: {
    vi: 'Gopy không hiểu lệnh này. Gõ /help để xem cách dùng.',
    en: 'Unknown command. Send /help to see what you can do.',
  },
  /*
   * A photo or recording refused: one sentence, what was wrong, and no remedy of its own. The
   * flow says it only where the question takes a photo (a recording), and the question that
   * follows says how to send one; elsewhere the question says it needs none (src/flow/advance.ts).
   */
  photoTooLarge: {
    vi: 'Ảnh này lớn quá ({size} MB), gopy chỉ nhận ảnh đến {max} MB.',
    en: 'That photo is too large ({size} MB); gopy takes photos up to {max} MB.',
  },
  voiceTooLong: {
    vi: 'Đoạn ghi âm này dài {minutes} phút, gopy chỉ nhận ghi âm đến {max} phút.',
    en: 'That recording is {minutes} minutes long; gopy takes recordings up to {max} minutes.',
  },
  voiceTooLarge: {
    vi: 'Tệp ghi âm này lớn quá ({size} MB), gopy chỉ nhận tệp đến {max} MB.',
    en: 'That audio file is too large ({size} MB); gopy takes files up to {max} MB.',
  },
  voiceUnreadable: {
    vi: 'Gopy không nghe được tệp ghi âm này. Xin Ông/Bà ghi âm bằng nút «🎤 Ghi âm», hoặc gõ chữ. Các câu trả lời trước vẫn được giữ nguyên.',
    en: 'Gopy cannot play that audio file. Please record with the «🎤 Ghi âm» button, or type it. Your earlier answers are kept.',
  },
  voiceNotOpus: {
    vi: 'Gopy chưa nghe được tệp ghi âm dạng này (M4A, MP3, như của iPhone hay trình duyệt Safari). Xin Ông/Bà gõ chữ để kể sự việc, hoặc mở trang này bằng Chrome hay Firefox để ghi âm. Các câu trả lời trước vẫn được giữ nguyên.',
    en: 'Gopy cannot play this kind of audio file yet (M4A, MP3, as an iPhone or Safari makes). Please type it, or open this page in Chrome or Firefox to record. Your earlier answers are kept.',
  },
  imageAsFile: {
    vi: 'Ảnh này được gửi dưới dạng tệp nên cán bộ không xem được như ảnh; khi gửi ảnh, xin Ông/Bà đừng chọn “Gửi dưới dạng tệp”.',
    en: 'That picture was sent as a file, which officials cannot view as a photo; when you send a photo, please do not choose “Send as file”.',
  },
  editIgnored: {
    vi: 'Gopy không nhận tin nhắn đã sửa. Muốn sửa câu trả lời trước, Ông/Bà bấm “◀ Quay lại”, hoặc sửa ở bước xem lại trước khi gửi.',
    en: 'gopy does not take edited messages. To change an earlier answer, tap “◀ Back”, or change it on the review before sending.',
  },
  sorry: {
    vi: 'Xin lỗi, hệ thống đang gặp trục trặc. Những gì Ông/Bà đã gửi vẫn được lưu; xin thử lại sau ít phút.',
    en: 'Sorry, something went wrong. What you sent is kept; please try again in a few minutes.',
  },
  groupNotRegistered: {
    vi: 'Nhóm này chưa được đăng ký nhận phản ánh. Cán bộ quản trị dùng lệnh gopy officials để đăng ký.',
    en: 'This group is not registered to receive reports.',
  },
} satisfies Record<string, Localized>;

/** /xoadulieu: the question, its buttons and the answers. */
export const ERASE = {
  question: {
    vi:
      'Ông/Bà muốn xóa thông tin cá nhân (tên, tên người dùng, số điện thoại, liên kết trò chuyện) khỏi gopy?\n' +
      'Các phản ánh và đánh giá vẫn được giữ ở dạng ẩn danh để thống kê; sau khi xóa, gopy không thể ' +
      'gửi câu trả lời cho các phản ánh đang xử lý đến Ông/Bà nữa.',
    en:
      'Erase your personal data (name, username, phone, chat link) from gopy?\n' +
      'Reports and ratings stay, anonymised, for statistics; after erasure gopy can no longer send ' +
      'you answers to open reports.',
  },
  yes: { vi: 'Xóa thông tin của tôi', en: 'Erase my data' },
  no: { vi: 'Không, giữ lại', en: 'No, keep it' },
  done: {
    vi: 'Đã xóa thông tin cá nhân của Ông/Bà. Cảm ơn Ông/Bà đã sử dụng gopy.',
    en: 'Your personal data has been erased. Thank you for using gopy.',
  },
  nothing: {
    vi: 'Gopy không lưu thông tin cá nhân nào của Ông/Bà.',
    en: 'gopy holds no personal data of yours.',
  },
  kept: { vi: 'Đã giữ nguyên, không xóa gì.', en: 'Nothing was erased.' },
  toast: { vi: 'Đã xóa', en: 'Erased' },
} satisfies Record<string, Localized>;

/**
 * `{unit}`, in the texts below about one report: its unit as a word in the reader's language
 * ("xã", "phường", "đặc khu"; "commune", "ward"), from texts/report.ts `unitWord`.
 */

/**
 * A follower's verdict on the commune's answer to a report they follow, and their rating of it
 * (citizen-verdict.ts), in the follower's chat language.
 */
export const FOLLOWER_VERDICT = {
  notAnswered: {
    vi: 'Phiếu này chưa có câu trả lời để đánh giá.',
    en: 'This ticket has no answer to rate yet.',
  },
  thanksResolved: {
    vi: 'Cảm ơn Ông/Bà đã cho biết! Ông/Bà hài lòng với câu trả lời của {unit} ở mức nào?',
    en: 'Thank you for letting us know! How satisfied are you with the {unit}’s answer?',
  },
  thanksNotResolved: {
    vi: 'Cảm ơn Ông/Bà, ý kiến đã được chuyển tới cán bộ xử lý phiếu. Ông/Bà hài lòng với câu trả lời của {unit} ở mức nào?',
    en: 'Thank you, your view has been passed on to the official handling the ticket. How satisfied are you with the {unit}’s answer?',
  },
  askClear: {
    vi: 'Câu trả lời của {unit} có rõ ràng, có kèm hình ảnh hoặc căn cứ pháp lý không?',
    en: 'Was the {unit}’s answer clear, with pictures or a legal basis?',
  },
  yes: { vi: 'Có', en: 'Yes' },
  no: { vi: 'Không', en: 'No' },
  thanksRated: {
    vi: 'Cảm ơn Ông/Bà đã đánh giá! Ý kiến của Ông/Bà giúp {unit} phục vụ người dân tốt hơn.',
    en: 'Thank you for your rating! Your views help the {unit} serve people better.',
  },
  recorded: { vi: 'Đã ghi nhận', en: 'Noted' },
  invalidButton: { vi: 'Nút này không hợp lệ.', en: 'This button is not valid.' },
} satisfies Record<string, Localized>;

/**
 * The report's own citizen confirming the commune's answer resolved it (citizen-verdict.ts), in
 * the citizen's chat language; the ratings that follow share FOLLOWER_VERDICT's texts.
 */
export const REPORTER_VERDICT = {
  alreadyConfirmed: {
    vi: 'Ông/Bà đã xác nhận phiếu này rồi. Cảm ơn Ông/Bà!',
    en: 'You have already confirmed this ticket. Thank you!',
  },
  thanksClosed: {
    vi: 'Cảm ơn Ông/Bà đã xác nhận! Phiếu đã được đóng.',
    en: 'Thank you for confirming! The ticket is now closed.',
  },
  thanksAskRating: {
    vi: 'Cảm ơn Ông/Bà đã xác nhận! Ông/Bà hài lòng với câu trả lời của {unit} ở mức nào?',
    en: 'Thank you for confirming! How satisfied are you with the {unit}’s answer?',
  },
} satisfies Record<string, Localized>;

/**
 * The report's own citizen saying the answer did not resolve it (partly, or not at all), which
 * reopens the report, and the other replies to the citizen's buttons under an answer
 * (citizen-verdict.ts), in the citizen's chat language.
 */
export const REOPEN_VERDICT = {
  askCommentPartly: {
    vi: 'Xin Ông/Bà cho biết điều gì còn chưa được giải quyết ở phiếu <b>{ticket}</b> (gõ nội dung), {unit} sẽ xử lý tiếp:',
    en: 'Please tell us what is still not resolved on ticket <b>{ticket}</b> (type it); the {unit} will follow up:',
  },
  askCommentNo: {
    vi: 'Xin Ông/Bà cho biết điều gì chưa được giải quyết ở phiếu <b>{ticket}</b> (gõ nội dung), {unit} sẽ xử lý tiếp:',
    en: 'Please tell us what is not resolved on ticket <b>{ticket}</b> (type it); the {unit} will follow up:',
  },
  reopened: {
    vi: 'Đã mở lại phiếu <b>{ticket}</b>. UBND {unit} sẽ xử lý tiếp và trả lời Ông/Bà trước {due}.',
    en: 'Ticket <b>{ticket}</b> is reopened. The {unit} will follow up and answer you by {due}.',
  },
  reopenedEscalated: {
    vi: 'Đã mở lại phiếu <b>{ticket}</b>. Phiếu đã được chuyển lên cấp trên để chỉ đạo giải quyết. UBND {unit} sẽ xử lý tiếp và trả lời Ông/Bà trước {due}.',
    en: 'Ticket <b>{ticket}</b> is reopened. It has been passed to the level above to direct its handling. The {unit} will follow up and answer you by {due}.',
  },
  /** The same, for a kind without a deadline (góp ý): no date promised. */
  reopenedNoDeadline: {
    vi: 'Đã mở lại phiếu <b>{ticket}</b>. UBND {unit} sẽ xem xét tiếp và trả lời Ông/Bà tại đây.',
    en: 'Ticket <b>{ticket}</b> is reopened. The {unit} will look at it again and answer you here.',
  },
  reopenedEscalatedNoDeadline: {
    vi: 'Đã mở lại phiếu <b>{ticket}</b>. Phiếu đã được chuyển lên cấp trên để chỉ đạo giải quyết. UBND {unit} sẽ xem xét tiếp và trả lời Ông/Bà tại đây.',
    en: 'Ticket <b>{ticket}</b> is reopened. It has been passed to the level above to direct its handling. The {unit} will look at it again and answer you here.',
  },
  askRatingAgain: {
    vi: 'Ông/Bà đánh giá câu trả lời vừa rồi của {unit} ở mức nào?',
    en: 'How would you rate the {unit}’s last answer?',
  },
  reopenedToast: { vi: 'Đã mở lại', en: 'Reopened' },
  staleButton: { vi: 'Nút này thuộc tin nhắn cũ.', en: 'That button belongs to an old message.' },
  askReply: {
    vi: 'Mời Ông/Bà nhập tin nhắn gửi UBND {unit} về phiếu <b>{ticket}</b> (có thể gửi kèm ảnh):',
    en: 'Please type your message to the {unit} about ticket <b>{ticket}</b> (you may attach photos):',
  },
} satisfies Record<string, Localized>;

/**
 * The commune's answer as a citizen receives it (desk/resolve-report.ts), the report's citizen
 * and each follower in their own language; the official's words as written.
 */
export const ANSWER = {
  heading: {
    vi: '🏛 <b>{committee}</b> trả lời phiếu <b>{ticket}</b>:',
    en: '🏛 <b>{committee}</b> answers ticket <b>{ticket}</b>:',
  },
  /** Above the evidence sent with an answer (photos, documents), which comes before the text. */
  evidenceCaption: {
    vi: '📎 Ảnh, tài liệu kết quả xử lý phiếu <b>{ticket}</b> (câu trả lời ở tin nhắn sau).',
    en: '📎 Photo or document of the result for ticket <b>{ticket}</b> (the answer follows).',
  },
  resultResolved: { vi: 'Kết quả: Đã giải quyết.', en: 'Result: resolved.' },
  resultNotCompetent: {
    vi: 'Kết quả: Không thuộc thẩm quyền của UBND {unit}; đã chuyển đến {target}.',
    en: 'Result: not within the {unit}’s competence; passed to {target}.',
  },
  resultScheduled: {
    vi: 'Kết quả: UBND {unit} sẽ giải quyết xong trước ngày {date}.',
    en: 'Result: the {unit} will have it done by {date}.',
  },
  question: {
    vi: 'Phản ánh của Ông/Bà đã được giải quyết chưa?',
    en: 'Has your problem been resolved?',
  },
  /** Under a promise ("sẽ giải quyết trước ngày …"): the question waits for the date. */
  askedOn: {
    vi: 'Đến ngày {date}, Ông/Bà sẽ được hỏi việc đã được giải quyết chưa.',
    en: 'On {date} you will be asked whether it has been resolved.',
  },
  /** The promised date has come (desk/deadlines.ts): now the question. */
  promiseDue: {
    vi: '🏛 <b>{committee}</b> đã hẹn giải quyết phiếu <b>{ticket}</b> trước ngày {date}.',
    en: '🏛 <b>{committee}</b> promised to resolve ticket <b>{ticket}</b> by {date}.',
  },
  resolved: { vi: 'Đã giải quyết', en: 'Resolved' },
  partly: { vi: 'Một phần', en: 'Partly' },
  notResolved: { vi: 'Chưa giải quyết', en: 'Not resolved' },
  /** Above a copy of a notice or an answer of a report the reader follows. */
  followedMark: { vi: '🔔 Phiếu Ông/Bà đang theo dõi', en: '🔔 A ticket you follow' },
} satisfies Record<string, Localized>;

/**
 * A citizen's message to the commune about their report (desk/relay-message.ts), and /huy while
 * gopy waits for one (or for the comment of a reopen).
 */
export const CITIZEN_RELAY = {
  cancelled: { vi: 'Đã hủy.', en: 'Cancelled.' },
  closed: {
    vi: 'Phiếu <b>{ticket}</b> đã đóng. Nếu vấn đề chưa được giải quyết, Ông/Bà có thể gửi phản ánh mới và ghi mã phiếu cũ.',
    en: 'Ticket <b>{ticket}</b> is closed. If the problem is not resolved, you can send a new report and mention the old ticket code.',
  },
  sent: {
    vi: 'Đã chuyển tin nhắn của Ông/Bà đến UBND {unit} (phiếu <b>{ticket}</b>).',
    en: 'Your message has been passed to the {unit} (ticket <b>{ticket}</b>).',
  },
  /** The citizen edited a message they sent: the officials' copies now read the new words. */
  edited: {
    vi: '✏ Đã cập nhật tin nhắn gửi UBND {unit} (phiếu <b>{ticket}</b>).',
    en: '✏ Your message to the {unit} is updated (ticket <b>{ticket}</b>).',
  },
} satisfies Record<string, Localized>;

/**
 * What frames an official's message relayed to a citizen (desk/relay-message.ts,
 * desk/thread-messages.ts), in the reader's language (the report's citizen, or a follower); the
 * official's words as written.
 */
export const CITIZEN_THREAD = {
  header: {
    vi: '🏛 <b>{committee}</b> · phiếu <b>{ticket}</b>:',
    en: '🏛 <b>{committee}</b> · ticket <b>{ticket}</b>:',
  },
  replyButton: { vi: '✉ Trả lời', en: '✉ Reply' },
  retracted: {
    vi: '<i>Tin nhắn này đã được thu hồi.</i>',
    en: '<i>This message has been withdrawn.</i>',
  },
  /** Under a retracted message with a photo or a file, whose caption cannot be replaced. */
  retractedAbove: {
    vi: '<i>Tin nhắn trên đã được thu hồi; xin Ông/Bà không căn cứ vào nội dung đó.</i>',
    en: '<i>The message above has been withdrawn; please do not rely on what it said.</i>',
  },
} satisfies Record<string, Localized>;
