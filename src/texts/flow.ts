/**
 * The engine's own words: controls, hints and gentle re-asks shared by every flow (a flow's
 * questions live in its YAML). Vietnamese addresses the citizen as "Ông/Bà", as the official
 * survey items do, and says what to do next in plain words.
 */
import type { Lang } from '../core/lang.ts';
import { RATING_SCALE, isScore, scoreLabel } from '../core/rating-scores.ts';
import type { Localized as L } from './localized.ts';

export const CONTROL = {
  back: { vi: '◀ Quay lại', en: '◀ Back' },
  cancel: { vi: '✖ Hủy', en: '✖ Cancel' },
  skip: { vi: 'Bỏ qua', en: 'Skip' },
  done: { vi: '✅ Xong', en: '✅ Done' },
  submit: { vi: '✅ Gửi', en: '✅ Send' },
  menu: { vi: '🏠 Về menu chính', en: '🏠 Main menu' },
  retrySearch: { vi: '🔎 Tìm lại', en: '🔎 Search again' },
  clearPhotos: { vi: '🗑 Xóa ảnh đã gửi', en: '🗑 Remove the photos' },
  shareLocation: { vi: '📍 Gửi vị trí hiện tại', en: '📍 Send my location' },
  shareContact: { vi: '📱 Gửi số điện thoại của tôi', en: '📱 Send my phone number' },
} satisfies Record<string, L>;

/** Typed words (folded: no diacritics, lower case) that work like the buttons. */
export const WORDS = {
  back: ['quay lai', 'tro lai', 'tro ve', 'back'],
  cancel: ['huy', 'huy bo', 'thoat', 'cancel', 'stop'],
  skip: ['bo qua', 'skip'],
  done: ['xong', 'xong roi', 'done', 'gui xong'],
};

/** Control words that are also Vietnamese names: on a name question (`literal`) they are answers. */
export const NAME_LIKE_WORDS = ['huy'];

/** The SIPAS/PAPI five-point scale, best first: core's one scale, in the flows' shape. */
export const SCALE: ReadonlyArray<{ score: number; label: L }> = RATING_SCALE.map((s) => ({
  score: s.score,
  label: { vi: s.vi, en: s.en },
}));

/** "5 – Rất hài lòng" (core's scoreLabel), or the number when off the scale. */
export function scaleLabel(score: number, lang: Lang): string {
  return isScore(score) ? scoreLabel(score, lang) : String(score);
}

const WHAT: Record<string, L> = {
  voice: { vi: 'tin nhắn thoại', en: 'voice messages' },
  audio: { vi: 'tệp âm thanh', en: 'audio files' },
  sticker: { vi: 'nhãn dán (sticker)', en: 'stickers' },
  animation: { vi: 'ảnh động', en: 'animations' },
  video: { vi: 'video', en: 'videos' },
  video_note: { vi: 'video tròn', en: 'video messages' },
  document: { vi: 'tệp đính kèm', en: 'files' },
  // A picture the web chat page does not upload (HEIC, GIF…): the types it takes are named.
  image: {
    vi: 'loại ảnh này (gopy nhận ảnh JPEG, PNG hoặc WebP)',
    en: 'this kind of picture (gopy takes JPEG, PNG or WebP)',
  },
  poll: { vi: 'cuộc bình chọn', en: 'polls' },
  dice: { vi: 'xúc xắc', en: 'dice' },
};

/**
 * What a question wants, said when it is asked again. Only for questions that do not say it
 * themselves: a photo, location, phone, commune or multi-select question carries its own hint
 * (naming what the person's channel presses) and a review's prompt says what to press, so their
 * re-ask says only what went wrong and the question's own words say what to do, once.
 */
export type Expectation = 'button' | 'rating' | 'text';

const EXPECT: Record<Expectation, L> = {
  button: {
    vi: 'Xin Ông/Bà bấm một nút bên dưới, hoặc gõ số thứ tự của lựa chọn (ví dụ: 1).',
    en: 'Please tap one of the buttons below, or type the number of your choice (for example 1).',
  },
  rating: {
    vi: 'Xin Ông/Bà bấm một nút bên dưới, hoặc gõ một số từ 1 đến 5 (5 là rất hài lòng, 1 là rất không hài lòng).',
    en: 'Please tap a button below, or type a number from 1 to 5 (5 is very satisfied, 1 very dissatisfied).',
  },
  text: {
    vi: 'Xin Ông/Bà gõ câu trả lời bằng chữ rồi gửi.',
    en: 'Please type your answer and send it.',
  },
};

/**
 * How the person's channel sends a photo, so a photo question names what they press:
 * Telegram's paperclip 📎, the web chat page's «📷 Gửi ảnh» button, or the picture icon 🖼
 * beside Zalo's message box. (The web page is in Vietnamese only, so the English names its
 * button as the page shows it, as the voice hint does.)
 */
export type PhotoPicker = 'paperclip' | 'pageButton' | 'imageIcon';

/**
 * How the person's channel shares a location, so a location question names what they press:
 * the button Telegram's reply keyboard shows under the message box, the web chat page's
 * «📍 Gửi vị trí» button (the browser then asks for permission), or Zalo's own sharing, the
 * three dots ⋯ beside the message box then “Vị trí” (a Zalo OA shows no location button).
 */
export type LocationSharer = 'keyboardButton' | 'pageButton' | 'zaloMenu';

/**
 * How the person's channel gives a phone number, so a contact question names what they press:
 * the button Telegram's reply keyboard shows under the message box (it shares the account's
 * number), the web chat page's button of the same label (it only readies the message box for a
 * number, which the person then types), or nothing but typing (Zalo: an OA can ask for no number).
 */
export type ContactSharer = 'keyboardButton' | 'pageButton' | 'typed';

/** What a question of `kind` wants, said after what went wrong when it is asked again. */
export function expectation(kind: Expectation, lang: Lang): string {
  return EXPECT[kind][lang];
}

export const MSG = {
  cancelled: {
    vi: 'Đã hủy. Khi cần, Ông/Bà gửi tin nhắn bất kỳ để bắt đầu lại.',
    en: 'Cancelled. Send any message when you want to start again.',
  },
  firstQuestion: {
    vi: 'Đây là câu hỏi đầu tiên nên không quay lại được nữa.',
    en: 'This is the first question, so there is nothing to go back to.',
  },
  backNote: { vi: '◀ Quay lại câu trước.', en: '◀ Back to the previous question.' },
  notOptional: {
    vi: 'Câu hỏi này cần Ông/Bà trả lời, không bỏ qua được.',
    en: 'This question needs an answer; it cannot be skipped.',
  },
  skipped: { vi: 'Đã bỏ qua.', en: 'Skipped.' },
  staleToast: { vi: 'Nút này đã cũ.', en: 'This button is out of date.' },
  staleNote: {
    vi: 'Nút Ông/Bà vừa bấm thuộc một câu hỏi trước đó nên không dùng được nữa. Xin mời Ông/Bà trả lời câu hỏi hiện tại:',
    en: 'The button you tapped belongs to an earlier question. Please answer the current one:',
  },
  staleNoFlow: {
    vi: 'Nút Ông/Bà vừa bấm thuộc một lượt trò chuyện đã kết thúc.',
    en: 'The button you tapped belongs to a conversation that has ended.',
  },
  forgedToast: { vi: 'Nút không hợp lệ.', en: 'Invalid button.' },
  forgedNote: {
    vi: 'Xin lỗi, gopy không hiểu nút vừa bấm. Xin mời Ông/Bà trả lời câu hỏi hiện tại:',
    en: 'Sorry, that button was not understood. Please answer the current question:',
  },
  notUnderstood: {
    vi: 'Xin lỗi, gopy chưa hiểu câu trả lời “{typed}”.',
    en: 'Sorry, “{typed}” was not understood.',
  },
  unsupported: {
    vi: 'Xin lỗi, gopy chưa xem được {what}.',
    en: 'Sorry, gopy cannot read {what} yet.',
  },
  unsupportedWhat: { vi: 'loại tin nhắn này', en: 'this kind of message' },
  /*
   * A photo, recording, location or phone number sent where it reaches nobody (the menu: nothing
   * in progress). Said plainly, so that no one waits for the officials to answer a photo they never
   * got; the question's `mediaHint` follows with how to send one.
   */
  photoNotSent: {
    vi: 'Ảnh này chưa được gửi tới cán bộ.',
    en: 'This photo has not been sent to the officials.',
  },
  voiceNotSent: {
    vi: 'Đoạn ghi âm này chưa được gửi tới cán bộ.',
    en: 'This recording has not been sent to the officials.',
  },
  locationNotSent: {
    vi: 'Vị trí này chưa được gửi tới cán bộ.',
    en: 'This location has not been sent to the officials.',
  },
  contactNotSent: {
    vi: 'Số điện thoại này chưa được gửi tới cán bộ.',
    en: 'This phone number has not been sent to the officials.',
  },
  /*
   * Said at any question that takes no such thing, the review and the questions after the photos
   * too: «không cần» holds there, «chưa cần» ("not yet") would promise a photo question ahead.
   */
  notExpectedHere: {
    vi: 'Câu hỏi này không cần {what}.',
    en: 'This question does not need {what}.',
  },
  /*
   * A message longer than any gopy reads (MAX_TEXT_LENGTH), one sentence either way. No limit is
   * named: a question that takes words and has a lower one names it itself (a description:
   * 2.000), and two limits read as a contradiction. A question that takes no words (a photo,
   * buttons, the review) is not asked for shorter words: its re-ask says what it wants.
   */
  textTooLong: {
    vi: 'Tin nhắn này dài quá ({length} ký tự), xin Ông/Bà viết ngắn lại.',
    en: 'That message is too long ({length} characters); please write it shorter.',
  },
  textTooLongUnread: {
    vi: 'Tin nhắn này dài quá ({length} ký tự), gopy không đọc được.',
    en: 'That message is too long ({length} characters) for gopy to read.',
  },
  tooLong: {
    vi: 'Nội dung này dài {length} ký tự, quá giới hạn {max} ký tự: xin Ông/Bà viết ngắn lại.',
    en: 'That text is {length} characters long, over the limit of {max}: please write it shorter.',
  },
  tooShort: {
    vi: 'Nội dung hơi ngắn. Xin Ông/Bà viết rõ hơn một chút (ít nhất {min} ký tự).',
    en: 'That is a little short. Please write a bit more (at least {min} characters).',
  },
  noLinks: {
    vi: 'Để bảo đảm an toàn, nội dung không được chứa đường link. Xin Ông/Bà bỏ đường link rồi gửi lại.',
    en: 'For safety, the text may not contain links. Please remove the link and send it again.',
  },
  badPhone: {
    vi: 'Số điện thoại chưa đúng. Xin Ông/Bà gõ lại, ví dụ: 0912 345 678.',
    en: 'That phone number does not look right. Please type it again, for example 0912 345 678.',
  },
  photoReceived: {
    vi: 'Đã nhận {count}/{max} ảnh. Ông/Bà gửi thêm ảnh, hoặc bấm “✅ Xong” khi đã gửi đủ.',
    en: 'Got {count} of {max} photos. Send more, or tap “✅ Done” when finished.',
  },
  photoFull: { vi: 'Đã nhận đủ {max} ảnh.', en: 'Got all {max} photos.' },
  photoDuplicate: { vi: 'Ảnh này đã nhận rồi.', en: 'That photo is already here.' },
  photoNeeded: {
    vi: 'Xin Ông/Bà gửi ít nhất {min} ảnh.',
    en: 'Please send at least {min} photo(s).',
  },
  photoKept: {
    vi: 'Đã có {count} ảnh. Ông/Bà gửi thêm, bấm “🗑 Xóa ảnh đã gửi” để chọn lại, hoặc bấm “✅ Xong”.',
    en: 'You have {count} photo(s). Send more, tap “🗑 Remove the photos” to start over, or tap “✅ Done”.',
  },
  locationReceived: { vi: '✓ Đã nhận vị trí.', en: '✓ Location received.' },
  addressReceived: { vi: '✓ Đã nhận địa chỉ.', en: '✓ Address received.' },
  addressTooShort: {
    vi: 'Địa chỉ hơi ngắn. Xin Ông/Bà ghi rõ hơn (ví dụ: thôn Đông, gần cổng chợ).',
    en: 'That address is short. Please say a bit more (for example: East hamlet, near the market gate).',
  },
  phoneNotRead: {
    vi: 'Số điện thoại “{typed}” chưa đúng.',
    en: 'The phone number “{typed}” does not look right.',
  },
  addressNotTaken: {
    vi: 'Câu hỏi này chỉ nhận vị trí được chia sẻ, không nhận chữ gõ vào.',
    en: 'This question takes only a shared location, not typed text.',
  },
  contactReceived: { vi: '✓ Đã nhận số điện thoại.', en: '✓ Phone number received.' },
  keyboardClosed: { vi: '✓ Đã xong bước này.', en: '✓ Done with this step.' },
  multiHint: {
    vi: 'Bấm vào các lựa chọn phù hợp (chọn được nhiều), rồi bấm “✅ Xong”.',
    en: 'Tap the choices that apply (several are fine), then tap “✅ Done”.',
  },
  multiSelected: { vi: 'Đã chọn: {list}.', en: 'Selected: {list}.' },
  multiNone: { vi: 'Chưa chọn mục nào.', en: 'Nothing selected yet.' },
  multiMin: {
    vi: 'Xin Ông/Bà chọn ít nhất {min} mục.',
    en: 'Please choose at least {min}.',
  },
  multiMax: {
    vi: 'Chỉ chọn được tối đa {max} mục. Xin bỏ chọn một mục trước.',
    en: 'At most {max} can be chosen. Please unselect one first.',
  },
  communeHint: {
    vi: 'Xin Ông/Bà gõ tên xã, phường, đặc khu (có dấu hay không dấu đều được), ví dụ: Đông Hưng. Tên cũ trước khi sáp nhập cũng được.',
    en: 'Type the name of the commune, ward or special zone, for example Dong Hung. Names from before the 2025 merger work too.',
  },
  communeLast: { vi: '{name} (đã chọn lần trước)', en: '{name} (chosen last time)' },
  /** Typed exactly (name and province): taken without a list, and said so. */
  communeChosen: {
    vi: 'Đã chọn: {commune}. Nếu chưa đúng, Ông/Bà bấm “◀ Quay lại” để chọn lại.',
    en: 'Chosen: {commune}. If that is not right, tap “◀ Back” to choose again.',
  },
  communeChosenReview: {
    vi: 'Đã chọn: {commune}. Nếu chưa đúng, Ông/Bà sửa được ở bước xem lại (bấm “✏️ {label}”).',
    en: 'Chosen: {commune}. If that is not right, you can change it at the review (tap “✏️ {label}”).',
  },
  communeLastHint: {
    vi: 'Bấm nút bên dưới nếu vẫn là đơn vị này; nếu không, xin gõ tên xã, phường, đặc khu khác.',
    en: 'Tap the button below if it is still this one; otherwise type the name of another.',
  },
  communePick: {
    vi: 'Xin Ông/Bà chọn đúng xã, phường, đặc khu trong danh sách:',
    en: 'Please choose the right one:',
  },
  communeMore: {
    vi: 'Nếu không có trong danh sách, xin gõ tên đầy đủ hơn (ví dụ thêm tên tỉnh).',
    en: 'If it is not in the list, type a fuller name (for example with the province).',
  },
  communeFormer: { vi: 'trước đây là {alias}', en: 'formerly {alias}' },
  communeNotFound: {
    vi: 'Không tìm thấy xã, phường, đặc khu nào có tên “{query}”. Xin Ông/Bà kiểm tra lại rồi gõ lại tên (có dấu hay không dấu đều được), hoặc bấm “🔎 Tìm lại”.',
    en: 'No commune, ward or special zone is called “{query}”. Please check the name and type it again, or tap “🔎 Search again”.',
  },
  communeTooShort: {
    vi: 'Tên “{typed}” ngắn quá, gopy chưa tìm được.',
    en: '“{typed}” is too short to search for.',
  },
  reviewEdit: { vi: '✏️ {label}', en: '✏️ {label}' },
  reviewEditWords: { vi: 'sua', en: 'edit' },
  reviewSkipped: { vi: '(bỏ qua)', en: '(skipped)' },
  reviewPhotos: { vi: '{count} ảnh', en: '{count} photo(s)' },
  voiceHint: {
    vi: '🎤 Ông/Bà có thể ghi âm thay vì gõ chữ: giữ nút micro để nói (tối đa 5 phút).',
    en: '🎤 You may record a voice message instead of typing: hold the microphone button and speak (up to 5 minutes).',
  },
  voiceHintPress: {
    vi: '🎤 Ông/Bà có thể ghi âm thay vì gõ chữ: bấm nút «🎤 Ghi âm» rồi nói, bấm lần nữa để gửi (tối đa 5 phút). Cũng có thể gửi một tệp ghi âm.',
    en: '🎤 You may record a voice message instead of typing: press «🎤 Ghi âm» and speak, press it again to send (up to 5 minutes). You can also send an audio file.',
  },
  reviewVoice: {
    vi: '🎤 Ghi âm dài {duration} (đã nhận, sẽ gửi kèm)',
    en: '🎤 Voice note, {duration} long (received, will be sent with it)',
  },
  reviewMap: { vi: 'vị trí trên bản đồ', en: 'a place on the map' },
  actionFailed: {
    vi: 'Xin lỗi, hệ thống đang bận nên chưa thực hiện được. Các thông tin Ông/Bà đã nhập vẫn được giữ nguyên. Xin Ông/Bà thử lại sau ít phút.',
    en: 'Sorry, the system is busy and this did not go through. Everything you entered is kept. Please try again in a few minutes.',
  },
  restarted: {
    vi: 'Xin lỗi, bộ câu hỏi vừa được cập nhật nên Ông/Bà cần làm lại từ đầu.',
    en: 'Sorry, these questions were just updated, so please start again from the beginning.',
  },
  unknownFlow: {
    vi: 'Xin lỗi, đường dẫn này không còn dùng được. Mời Ông/Bà chọn trong menu.',
    en: 'Sorry, that link no longer works. Please choose from the menu.',
  },
  /** {doing}: busyDoing, or the flow's own `busy` sentence. */
  busyElsewhere: {
    vi: '{doing} Xin trả lời câu hỏi hiện tại, hoặc bấm “✖ Hủy” để dừng việc này.',
    en: '{doing} Please answer the current question, or tap “✖ Cancel” to stop.',
  },
  busyDoing: {
    vi: 'Ông/Bà đang {activity} dở.',
    en: 'You are in the middle of {activity}.',
  },
  resume: {
    vi: 'Ông/Bà đang {activity} (bước {step}/{total}).',
    en: 'You were {activity} (step {step} of {total}).',
  },
} satisfies Record<string, L>;

export function whatLabel(what: string, lang: Lang): string {
  return (WHAT[what] ?? MSG.unsupportedWhat)[lang];
}

/** The photo question's hint, naming what the channel's user presses (see `PhotoPicker`). */
export const PHOTO_HINT: Record<PhotoPicker, L> = {
  paperclip: {
    vi: 'Bấm 📎 để chọn ảnh có sẵn hoặc chụp ảnh mới (tối đa {max} ảnh), rồi bấm “✅ Xong”.',
    en: 'Tap 📎 to pick or take photos (up to {max}), then tap “✅ Done”.',
  },
  pageButton: {
    vi: 'Bấm nút «📷 Gửi ảnh» để chọn ảnh có sẵn hoặc chụp ảnh mới (tối đa {max} ảnh), rồi bấm “✅ Xong”.',
    en: 'Press «📷 Gửi ảnh» to pick or take photos (up to {max}), then tap “✅ Done”.',
  },
  imageIcon: {
    vi: 'Bấm biểu tượng hình ảnh 🖼 cạnh ô nhập tin nhắn để chọn ảnh có sẵn hoặc chụp ảnh mới (tối đa {max} ảnh), rồi bấm “✅ Xong”.',
    en: 'Tap the picture icon 🖼 beside the message box to pick or take photos (up to {max}), then tap “✅ Done”.',
  },
};

/** The location question's hint, naming what the channel's user presses (see `LocationSharer`). */
export const LOCATION_HINT: Record<LocationSharer, L> = {
  keyboardButton: {
    vi: 'Bấm nút “📍 Gửi vị trí hiện tại” ở phía dưới nếu Ông/Bà đang ở đúng chỗ đó, hoặc gõ địa chỉ (số nhà, thôn, tổ dân phố…).',
    en: 'Tap “📍 Send my location” below if you are at the place, or type the address.',
  },
  pageButton: {
    vi: 'Bấm nút «📍 Gửi vị trí» nếu Ông/Bà đang ở đúng chỗ đó (trình duyệt sẽ hỏi Ông/Bà có cho phép không), hoặc gõ địa chỉ (số nhà, thôn, tổ dân phố…).',
    en: 'Press «📍 Gửi vị trí» if you are at the place (the browser will ask for your permission), or type the address.',
  },
  zaloMenu: {
    vi: 'Nếu Ông/Bà đang ở đúng chỗ đó, bấm dấu ba chấm ⋯ cạnh ô nhập tin nhắn rồi chọn “Vị trí” để gửi vị trí; hoặc gõ địa chỉ (số nhà, thôn, tổ dân phố…).',
    en: 'If you are at the place, tap the three dots ⋯ beside the message box, then “Location”, to share it; or type the address.',
  },
};

/**
 * The hint of a location question with `allowAddress: false`: the same ways to share a location,
 * without "or type the address" (a typed address is asked again for a location).
 */
export const LOCATION_ONLY_HINT: Record<LocationSharer, L> = {
  keyboardButton: {
    vi: 'Bấm nút “📍 Gửi vị trí hiện tại” ở phía dưới để gửi vị trí.',
    en: 'Tap “📍 Send my location” below to share your location.',
  },
  pageButton: {
    vi: 'Bấm nút «📍 Gửi vị trí» để gửi vị trí (trình duyệt sẽ hỏi Ông/Bà có cho phép không).',
    en: 'Press «📍 Gửi vị trí» to share your location (the browser will ask for your permission).',
  },
  zaloMenu: {
    vi: 'Bấm dấu ba chấm ⋯ cạnh ô nhập tin nhắn rồi chọn “Vị trí” để gửi vị trí.',
    en: 'Tap the three dots ⋯ beside the message box, then “Location”, to share your location.',
  },
};

/** The contact question's hint, naming what the channel's user does (see `ContactSharer`). */
export const CONTACT_HINT: Record<ContactSharer, L> = {
  keyboardButton: {
    vi: 'Bấm nút “📱 Gửi số điện thoại của tôi” ở phía dưới, hoặc gõ số điện thoại.',
    en: 'Tap “📱 Send my phone number” below, or type the number.',
  },
  pageButton: {
    vi: 'Bấm nút “📱 Gửi số điện thoại của tôi” rồi gõ số điện thoại vào ô tin nhắn và gửi (ví dụ: 0912 345 678).',
    en: 'Press “📱 Send my phone number”, then type your number in the message box and send it (for example 0912 345 678).',
  },
  typed: {
    vi: 'Xin Ông/Bà gõ số điện thoại rồi gửi (ví dụ: 0912 345 678).',
    en: 'Please type your phone number and send it (for example 0912 345 678).',
  },
};
