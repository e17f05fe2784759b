import { describe, expect, it } from 'vitest';
import { ChannelError } from '../../../src/channels/channel-error.ts';
import {
  renderForTelegram,
  type TelegramCall,
} from '../../../src/channels/telegram/render-for-telegram.ts';
import { telegramTextLength } from '../../../src/channels/telegram/split-telegram-text.ts';
import type { OutboundMessage } from '../../../src/channels/types.ts';
import { html } from '../../../src/core/html.ts';

const CHAT = '5123456789';
const GROUP = '-1001987654321';
const USER_TEXT = 'Nhà ông "Tư" <số 5> & bà Hai ở ngõ 12';

function rendered(message: OutboundMessage): TelegramCall[] {
  return renderForTelegram(message);
}

function rejection(message: OutboundMessage): ChannelError {
  try {
    renderForTelegram(message);
  } catch (error) {
    if (error instanceof ChannelError) return error;
    throw error;
  }
  throw new Error('expected a ChannelError');
}

describe('renderForTelegram: text', () => {
  it('sends a plain string as is, without parse_mode, markup characters and all', () => {
    expect(rendered({ type: 'text', chatId: CHAT, text: USER_TEXT })).toEqual([
      { method: 'sendMessage', payload: { chat_id: 5123456789, text: USER_TEXT } },
    ]);
  });

  it('sends Html with parse_mode HTML, user text escaped', () => {
    // Prettier formats html`` as HTML and would turn the \n into a space:
    // prettier-ignore
    const text = html`<b>Phản ánh PA-000123</b>\nNội dung: ${USER_TEXT}`;
    expect(rendered({ type: 'text', chatId: GROUP, text })).toEqual([
      {
        method: 'sendMessage',
        payload: {
          chat_id: -1001987654321,
          parse_mode: 'HTML',
          text: '<b>Phản ánh PA-000123</b>\nNội dung: Nhà ông &quot;Tư&quot; &lt;số 5&gt; &amp; bà Hai ở ngõ 12',
        },
      },
    ]);
  });

  it('renders inline buttons, callback and url, row by row', () => {
    const [call] = rendered({
      type: 'text',
      chatId: CHAT,
      text: 'Bạn muốn gửi gì?',
      buttons: [
        [
          { type: 'callback', label: 'Phản ánh', data: 'k3x9.kind.report' },
          { type: 'callback', label: 'Góp ý', data: 'k3x9.kind.idea' },
        ],
        [],
        [{ type: 'url', label: 'Cổng dịch vụ công', url: 'https://dichvucong.gov.vn' }],
      ],
    });
    expect(call?.payload.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: 'Phản ánh', callback_data: 'k3x9.kind.report' },
          { text: 'Góp ý', callback_data: 'k3x9.kind.idea' },
        ],
        [{ text: 'Cổng dịch vụ công', url: 'https://dichvucong.gov.vn' }],
      ],
    });
  });

  it('accepts callback data of exactly 64 bytes', () => {
    const data = 'a'.repeat(64);
    const [call] = rendered({
      type: 'text',
      chatId: CHAT,
      text: 'x',
      buttons: [[{ type: 'callback', label: 'OK', data }]],
    });
    expect(call?.payload.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'OK', callback_data: data }]],
    });
  });

  it('refuses callback data over 64 bytes, counting bytes not characters', () => {
    const error = rejection({
      type: 'text',
      chatId: CHAT,
      text: 'x',
      buttons: [[{ type: 'callback', label: 'Hủy', data: 'ý'.repeat(33) }]],
    });
    expect(error.reason).toBe('bad_request');
    expect(error.message).toBe('callback_data of button "Hủy" is 66 bytes; Telegram allows 1–64');
  });

  it('refuses empty callback data', () => {
    const error = rejection({
      type: 'text',
      chatId: CHAT,
      text: 'x',
      buttons: [[{ type: 'callback', label: 'Hủy', data: '' }]],
    });
    expect(error.message).toMatch(/0 bytes/);
  });

  it('renders a reply keyboard asking for the location, one button a row', () => {
    const [call] = rendered({
      type: 'text',
      chatId: CHAT,
      text: 'Gửi vị trí nơi xảy ra sự việc',
      replyKeyboard: {
        type: 'request',
        buttons: [{ label: '📍 Gửi vị trí', request: 'location' }, { label: 'Bỏ qua' }],
      },
    });
    expect(call?.payload.reply_markup).toEqual({
      keyboard: [[{ text: '📍 Gửi vị trí', request_location: true }], [{ text: 'Bỏ qua' }]],
      resize_keyboard: true,
      one_time_keyboard: true,
    });
  });

  it('renders a reply keyboard asking for the phone number', () => {
    const [call] = rendered({
      type: 'text',
      chatId: CHAT,
      text: 'Chia sẻ số điện thoại',
      replyKeyboard: { type: 'request', buttons: [{ label: 'Chia sẻ số', request: 'contact' }] },
    });
    expect(call?.payload.reply_markup).toEqual({
      keyboard: [[{ text: 'Chia sẻ số', request_contact: true }]],
      resize_keyboard: true,
      one_time_keyboard: true,
    });
  });

  it('removes the reply keyboard', () => {
    const [call] = rendered({
      type: 'text',
      chatId: CHAT,
      text: 'Cảm ơn',
      replyKeyboard: { type: 'remove' },
    });
    expect(call?.payload.reply_markup).toEqual({ remove_keyboard: true });
  });

  it('refuses inline buttons together with a reply keyboard (one keyboard a message)', () => {
    const error = rejection({
      type: 'text',
      chatId: CHAT,
      text: 'x',
      buttons: [[{ type: 'callback', label: 'A', data: 'a' }]],
      replyKeyboard: { type: 'remove' },
    });
    expect(error.reason).toBe('bad_request');
  });

  it('replies to a message, sending anyway if it is gone', () => {
    const [call] = rendered({
      type: 'text',
      chatId: GROUP,
      text: 'Đã nhận',
      replyToMessageId: 2204,
    });
    expect(call?.payload.reply_parameters).toEqual({
      message_id: 2204,
      allow_sending_without_reply: true,
    });
  });

  it('splits text over 4096 characters at line breaks: reply on the first, buttons on the last', () => {
    const line = (i: number) =>
      `${i}. Hộ gia đình ở thôn Đông phản ánh đường ngập sâu sau mưa lớn.`;
    const text = Array.from({ length: 200 }, (_, i) => line(i)).join('\n');
    const calls = rendered({
      type: 'text',
      chatId: CHAT,
      text,
      replyToMessageId: 7,
      buttons: [[{ type: 'callback', label: 'Đã xem', data: 'seen' }]],
    });
    expect(calls.length).toBe(Math.ceil(text.length / 4096));
    expect(calls.every((c) => c.method === 'sendMessage')).toBe(true);
    expect(calls.every((c) => (c.payload.text as string).length <= 4096)).toBe(true);
    expect(calls.map((c) => c.payload.text as string).join('\n')).toBe(text);
    expect(calls.map((c) => 'reply_parameters' in c.payload)).toEqual(calls.map((_, i) => i === 0));
    expect(calls.map((c) => 'reply_markup' in c.payload)).toEqual(
      calls.map((_, i) => i === calls.length - 1),
    );
  });

  it('splits long Html by visible length, every piece with parse_mode and balanced tags', () => {
    const body = Array.from({ length: 400 }, (_, i) => `Dòng ${i}: ${USER_TEXT}`).join('\n');
    // Prettier formats html`` as HTML and would turn the \n into a space:
    // prettier-ignore
    const text = html`<b>Tổng hợp phản ánh</b>\n<i>${body}</i>`;
    const calls = rendered({ type: 'text', chatId: CHAT, text });
    expect(calls.length).toBeGreaterThan(1);
    for (const call of calls) {
      const value = call.payload.text as string;
      expect(call.payload.parse_mode).toBe('HTML');
      expect(telegramTextLength({ kind: 'html', value })).toBeLessThanOrEqual(4096);
      expect(value.split('<i>').length).toBe(value.split('</i>').length);
      expect(value).not.toMatch(/&[a-z]*$/);
    }
  });

  it('refuses empty text', () => {
    expect(rejection({ type: 'text', chatId: CHAT, text: ' \n ' }).reason).toBe('bad_request');
  });
});

describe('renderForTelegram: media', () => {
  it('sends a photo with its caption and buttons', () => {
    expect(
      rendered({
        type: 'photo',
        chatId: CHAT,
        fileId: 'AgACAgUAAxkBAAIBZ2_large',
        caption: html`Ảnh hiện trường: ${USER_TEXT}`,
        buttons: [[{ type: 'callback', label: 'Đã xử lý', data: 'r.123.done' }]],
      }),
    ).toEqual([
      {
        method: 'sendPhoto',
        payload: {
          chat_id: 5123456789,
          photo: 'AgACAgUAAxkBAAIBZ2_large',
          caption: 'Ảnh hiện trường: Nhà ông &quot;Tư&quot; &lt;số 5&gt; &amp; bà Hai ở ngõ 12',
          parse_mode: 'HTML',
          reply_markup: { inline_keyboard: [[{ text: 'Đã xử lý', callback_data: 'r.123.done' }]] },
        },
      },
    ]);
  });

  it('sends a caption over 1024 characters as a text message after the photo, with the buttons', () => {
    const caption = 'Kết quả xử lý: '.padEnd(1500, 'đã nạo vét cống. ');
    const buttons = [[{ type: 'callback' as const, label: 'Hài lòng', data: 'rate.5' }]];
    expect(rendered({ type: 'photo', chatId: CHAT, fileId: 'F1', caption, buttons })).toEqual([
      { method: 'sendPhoto', payload: { chat_id: 5123456789, photo: 'F1' } },
      {
        method: 'sendMessage',
        payload: {
          chat_id: 5123456789,
          text: caption,
          reply_markup: { inline_keyboard: [[{ text: 'Hài lòng', callback_data: 'rate.5' }]] },
        },
      },
    ]);
  });

  it('sends a document with its caption', () => {
    expect(
      rendered({ type: 'document', chatId: GROUP, fileId: 'BQAC', caption: 'Công văn trả lời' }),
    ).toEqual([
      {
        method: 'sendDocument',
        payload: { chat_id: -1001987654321, document: 'BQAC', caption: 'Công văn trả lời' },
      },
    ]);
  });

  it('sends a voice note with its caption, buttons and the message it answers', () => {
    expect(
      rendered({
        type: 'voice',
        chatId: GROUP,
        fileId: 'AwAC',
        caption: html`<b>PA-2026-000042</b> · ghi âm`,
        buttons: [[{ type: 'callback', label: '✉ Trả lời', data: 'c.42.reply' }]],
        replyToMessageId: 77,
      }),
    ).toEqual([
      {
        method: 'sendVoice',
        payload: {
          chat_id: -1001987654321,
          voice: 'AwAC',
          reply_parameters: { message_id: 77, allow_sending_without_reply: true },
          caption: '<b>PA-2026-000042</b> · ghi âm',
          parse_mode: 'HTML',
          reply_markup: { inline_keyboard: [[{ text: '✉ Trả lời', callback_data: 'c.42.reply' }]] },
        },
      },
    ]);
  });

  it('sends a voice note whose caption is too long without it, then the text with the buttons', () => {
    const calls = rendered({
      type: 'voice',
      chatId: GROUP,
      fileId: 'AwAC',
      caption: 'Ô'.repeat(1500),
      buttons: [[{ type: 'callback', label: 'Tiếp nhận', data: 'o.1.ack' }]],
    });
    expect(calls.map((c) => c.method)).toEqual(['sendVoice', 'sendMessage']);
    expect(calls[0]?.payload).toEqual({ chat_id: -1001987654321, voice: 'AwAC' });
    expect(calls[1]?.payload.reply_markup).toBeDefined();
  });

  it('sends a location', () => {
    expect(
      rendered({ type: 'location', chatId: GROUP, latitude: 20.546013, longitude: 106.338117 }),
    ).toEqual([
      {
        method: 'sendLocation',
        payload: { chat_id: -1001987654321, latitude: 20.546013, longitude: 106.338117 },
      },
    ]);
  });
});

describe('renderForTelegram: albums', () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `P${i + 1}`);

  it('sends one photo as sendPhoto', () => {
    expect(rendered({ type: 'album', chatId: CHAT, fileIds: ['P1'], caption: 'Ảnh' })).toEqual([
      { method: 'sendPhoto', payload: { chat_id: 5123456789, photo: 'P1', caption: 'Ảnh' } },
    ]);
  });

  it('sends 2–10 photos as one media group, the caption on the first', () => {
    expect(
      rendered({ type: 'album', chatId: CHAT, fileIds: ids(3), caption: html`<b>3 ảnh</b>` }),
    ).toEqual([
      {
        method: 'sendMediaGroup',
        payload: {
          chat_id: 5123456789,
          media: [
            { type: 'photo', media: 'P1', caption: '<b>3 ảnh</b>', parse_mode: 'HTML' },
            { type: 'photo', media: 'P2' },
            { type: 'photo', media: 'P3' },
          ],
        },
      },
    ]);
  });

  it('sends more than 10 photos as balanced groups, never a group of one', () => {
    const sizes = (n: number) =>
      rendered({ type: 'album', chatId: CHAT, fileIds: ids(n) }).map(
        (c) => (c.payload.media as unknown[]).length,
      );
    expect(sizes(10)).toEqual([10]);
    expect(sizes(11)).toEqual([6, 5]);
    expect(sizes(25)).toEqual([9, 8, 8]);
    const all = rendered({ type: 'album', chatId: CHAT, fileIds: ids(11), caption: 'c' });
    expect(
      all.flatMap((c) => c.payload.media as Array<{ media: string }>).map((m) => m.media),
    ).toEqual(ids(11));
    expect(
      all.flatMap((c) => c.payload.media as Array<{ caption?: string }>).filter((m) => m.caption),
    ).toHaveLength(1);
  });

  it('sends an overflowing album caption as text after the photos', () => {
    const caption = 'x'.repeat(1025);
    const calls = rendered({ type: 'album', chatId: CHAT, fileIds: ids(2), caption });
    expect(calls.map((c) => c.method)).toEqual(['sendMediaGroup', 'sendMessage']);
    expect(calls[0]?.payload.media).toEqual([
      { type: 'photo', media: 'P1' },
      { type: 'photo', media: 'P2' },
    ]);
    expect(calls[1]?.payload.text).toBe(caption);
  });

  it('refuses an empty album', () => {
    expect(rejection({ type: 'album', chatId: CHAT, fileIds: [] }).reason).toBe('bad_request');
  });
});

describe('renderForTelegram: edits and button answers', () => {
  it('edits a message text with its new buttons', () => {
    expect(
      rendered({
        type: 'edit',
        chatId: GROUP,
        messageId: 2190,
        text: html`✅ Đã tiếp nhận bởi ${'Trần Thị <Bình>'}`,
        buttons: [[{ type: 'callback', label: 'Trả lời', data: 'r.123.reply' }]],
      }),
    ).toEqual([
      {
        method: 'editMessageText',
        payload: {
          chat_id: -1001987654321,
          message_id: 2190,
          text: '✅ Đã tiếp nhận bởi Trần Thị &lt;Bình&gt;',
          parse_mode: 'HTML',
          reply_markup: { inline_keyboard: [[{ text: 'Trả lời', callback_data: 'r.123.reply' }]] },
        },
      },
    ]);
  });

  it("edits a photo's caption within 1024 characters", () => {
    const text = html`${'Nội dung rất dài. '.repeat(100)}`;
    const [call] = rendered({ type: 'edit', chatId: CHAT, messageId: 9, text, caption: true });
    expect(call?.method).toBe('editMessageCaption');
    const caption = call?.payload.caption as string;
    expect(caption.length).toBeLessThanOrEqual(1024);
    expect(caption.endsWith('…')).toBe(true);
    expect(call?.payload.parse_mode).toBe('HTML');
    expect(call?.payload.text).toBeUndefined();
  });

  it('edits without buttons (removing them)', () => {
    const [call] = rendered({ type: 'edit', chatId: CHAT, messageId: 9, text: 'Đã đóng' });
    expect(call?.payload).toEqual({ chat_id: 5123456789, message_id: 9, text: 'Đã đóng' });
  });

  it('truncates an edit over 4096 characters with an ellipsis', () => {
    const text = 'Nội dung rất dài. '.repeat(400);
    const [call] = rendered({ type: 'edit', chatId: CHAT, messageId: 9, text });
    const sent = call?.payload.text as string;
    expect(sent.length).toBeLessThanOrEqual(4096);
    expect(sent.endsWith('…')).toBe(true);
    expect(text.startsWith(sent.slice(0, -1))).toBe(true);
  });

  it('answers a button press with a toast or an alert', () => {
    expect(rendered({ type: 'answerButton', callbackId: 'cb1' })).toEqual([
      { method: 'answerCallbackQuery', payload: { callback_query_id: 'cb1' } },
    ]);
    expect(
      rendered({ type: 'answerButton', callbackId: 'cb2', text: 'Đã lưu', alert: true }),
    ).toEqual([
      {
        method: 'answerCallbackQuery',
        payload: { callback_query_id: 'cb2', text: 'Đã lưu', show_alert: true },
      },
    ]);
  });

  it('shortens a button answer to Telegram’s 200 characters', () => {
    const [call] = rendered({ type: 'answerButton', callbackId: 'cb3', text: 'a '.repeat(150) });
    expect((call?.payload.text as string).length).toBeLessThanOrEqual(200);
  });

  it('keeps a non-numeric chat id (a channel username) as a string', () => {
    const [call] = rendered({ type: 'text', chatId: '@tin_xa_dong_hung', text: 'x' });
    expect(call?.payload.chat_id).toBe('@tin_xa_dong_hung');
  });
});
