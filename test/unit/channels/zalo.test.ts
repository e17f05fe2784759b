/**
 * The Zalo adapter's pure parts: webhook events to InboundEvent bodies, OutboundMessage to what
 * Zalo shows (numbered choices, query buttons, plain text), and the webhook signature.
 */
import { describe, expect, it } from 'vitest';
import {
  normalizeZaloEvent,
  zaloEventKey,
  ZALO_BUTTON_PREFIX,
} from '../../../src/channels/zalo/normalize-zalo-event.ts';
import {
  renderForZalo,
  splitZaloText,
  zaloTextMessage,
} from '../../../src/channels/zalo/render-for-zalo.ts';
import { verifyZaloSignature, zaloSignature } from '../../../src/channels/zalo/zalo-signature.ts';
import { html } from '../../../src/core/html.ts';

const USER = '8123456789012345678';

function message(event_name: string, message: Record<string, unknown>) {
  return {
    app_id: '1',
    event_name,
    timestamp: '1733450000000',
    sender: { id: USER },
    recipient: { id: '2' },
    message: { msg_id: 'abc123', ...message },
  };
}

describe('normalizeZaloEvent', () => {
  it('keeps the user id as the string Zalo sent (beyond 2^53)', () => {
    const e = normalizeZaloEvent(message('user_send_text', { text: 'Xin chào' }));
    expect(e).toMatchObject({ type: 'message', userId: USER, msgId: 'abc123' });
    expect(e.type === 'message' && e.body).toEqual({ type: 'text', text: 'Xin chào' });
  });

  it('reads a tap on a query button as a button press, and /start as a command', () => {
    const tap = normalizeZaloEvent(
      message('user_send_text', { text: `${ZALO_BUTTON_PREFIX}ab12cd.3.1` }),
    );
    expect(tap.type === 'message' && tap.body).toEqual({
      type: 'button',
      data: 'ab12cd.3.1',
      callbackId: `zalo:${USER}`,
    });
    const start = normalizeZaloEvent(message('user_send_text', { text: '/start c_12694' }));
    expect(start.type === 'message' && start.body).toEqual({
      type: 'command',
      command: 'start',
      args: 'c_12694',
    });
  });

  it('turns an image, a location (strings) and a file into photo, location and document', () => {
    const image = normalizeZaloEvent(
      message('user_send_image', {
        attachments: [{ type: 'image', payload: { url: 'https://z/p.jpg' } }],
      }),
    );
    expect(image.type === 'message' && image.body).toMatchObject({
      type: 'photo',
      photo: { fileId: 'zalo:https://z/p.jpg' },
    });
    const place = normalizeZaloEvent(
      message('user_send_location', {
        attachments: [
          { type: 'location', payload: { coordinates: { latitude: '20.5', longitude: '106.3' } } },
        ],
      }),
    );
    expect(place.type === 'message' && place.body).toEqual({
      type: 'location',
      latitude: 20.5,
      longitude: 106.3,
    });
    const file = normalizeZaloEvent(
      message('user_send_file', {
        attachments: [{ type: 'file', payload: { url: 'https://z/a.pdf', name: 'a.pdf' } }],
      }),
    );
    expect(file.type === 'message' && file.body).toMatchObject({
      type: 'document',
      document: { fileName: 'a.pdf' },
    });
  });

  it('takes a Zalo voice message as a voice note', () => {
    const audio = normalizeZaloEvent(
      message('user_send_audio', {
        attachments: [{ type: 'audio', payload: { url: 'https://z/v.aac' } }],
      }),
    );
    expect(audio.type === 'message' && audio.body).toMatchObject({
      type: 'voice',
      voice: { fileId: 'zalo:https://z/v.aac' },
    });
  });

  it('says a sticker is not taken, and knows follow and unfollow', () => {
    const sticker = normalizeZaloEvent(message('user_send_sticker', {}));
    expect(sticker.type === 'message' && sticker.body).toEqual({
      type: 'unsupported',
      what: 'sticker',
    });
    const follow = { event_name: 'follow', timestamp: '1', follower: { id: USER } };
    expect(normalizeZaloEvent(follow)).toMatchObject({ type: 'follow', userId: USER });
    expect(zaloEventKey(follow)).toBe(`follow:${USER}:1`);
    expect(zaloEventKey(message('user_send_text', { text: 'a' }))).toBe('msg:abc123');
    expect(normalizeZaloEvent({ event_name: 'oa_send_text' })).toEqual({
      type: 'ignored',
      what: 'oa_send_text',
    });
  });
});

describe('renderForZalo', () => {
  it('numbers the choices and adds query buttons when there are at most five', () => {
    const [part] = renderForZalo({
      type: 'text',
      chatId: USER,
      text: html`<b>Ông/Bà</b> muốn gửi loại nào?`,
      buttons: [
        [{ type: 'callback', label: 'Phản ánh', data: 'n.1.0' }],
        [{ type: 'callback', label: 'Góp ý', data: 'n.1.1' }],
      ],
    });
    expect(part).toMatchObject({ type: 'text', choices: ['n.1.0', 'n.1.1'] });
    const text = part?.type === 'text' ? part.text : '';
    expect(text).toContain('Ông/Bà muốn gửi loại nào?\n\n1. Phản ánh\n2. Góp ý');
    expect(text).not.toContain('<b>');
    expect(zaloTextMessage(part as never)).toMatchObject({
      attachment: {
        payload: {
          buttons: [
            { title: '1. Phản ánh', type: 'oa.query.hide', payload: `${ZALO_BUTTON_PREFIX}n.1.0` },
            { title: '2. Góp ý', type: 'oa.query.hide', payload: `${ZALO_BUTTON_PREFIX}n.1.1` },
          ],
        },
      },
    });
  });

  it('lists more than five choices as numbers only', () => {
    const buttons = Array.from({ length: 7 }, (_, i) => [
      { type: 'callback' as const, label: `Mục ${i + 1}`, data: `d${i}` },
    ]);
    const [part] = renderForZalo({ type: 'text', chatId: USER, text: 'Chọn', buttons });
    expect(part?.type === 'text' && part.buttons).toBeUndefined();
    expect(part?.type === 'text' && part.text).toContain('7. Mục 7');
  });

  it("sends an official's voice note as a link to listen to it (Zalo carries no audio)", () => {
    const [part] = renderForZalo(
      { type: 'voice', chatId: USER, fileId: 'tg-voice', caption: 'Trả lời phiếu PA-2026-000001' },
      (id) => `https://gopy.test/chat/files/tg?id=${id}&k=sig`,
    );
    expect(part?.type === 'text' && part.text).toContain('Trả lời phiếu PA-2026-000001');
    expect(part?.type === 'text' && part.text).toContain(
      'bấm để nghe: https://gopy.test/chat/files/tg?id=tg-voice&k=sig',
    );
  });

  it('says a ward’s file and voice note come from «UBND phường», not «UBND xã»', () => {
    const texts = [
      ...renderForZalo({
        type: 'document',
        chatId: USER,
        fileId: 'tg-pdf',
        caption: 'Trả lời phiếu PA-2026-000001',
        unitWord: 'phường',
      }),
      ...renderForZalo({ type: 'voice', chatId: USER, fileId: 'tg-voice', unitWord: 'phường' }),
    ].map((part) => (part.type === 'text' ? part.text : ''));
    expect(texts).toEqual([
      'Trả lời phiếu PA-2026-000001\n\n📎 Kèm theo một tệp tài liệu; Ông/Bà có thể nhận bản giấy tại UBND phường.',
      '🔊 Cán bộ phường có gửi kèm một tin nhắn thoại. Xin Ông/Bà liên hệ UBND phường nếu cần nghe.',
    ]);
  });

  it('sends an edit as a new message and a photo as an image', () => {
    expect(renderForZalo({ type: 'edit', chatId: USER, messageId: 3, text: 'Mới' })).toEqual([
      { type: 'text', text: 'Mới', choices: [] },
    ]);
    expect(
      renderForZalo({ type: 'photo', chatId: USER, fileId: 'tg-file', caption: 'Ảnh kết quả' }),
    ).toEqual([{ type: 'image', fileId: 'tg-file', caption: 'Ảnh kết quả' }]);
  });

  it('splits a text longer than Zalo takes at line ends', () => {
    const long = Array.from({ length: 100 }, (_, i) => `Dòng thứ ${i} của một tin rất dài`).join(
      '\n',
    );
    const pieces = splitZaloText(long);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((p) => p.length <= 2000)).toBe(true);
    expect(pieces.join('\n')).toBe(long);
  });
});

describe('zalo signature', () => {
  it('accepts mac=sha256(app_id + body + timestamp + OA secret key) and nothing else', () => {
    const raw = JSON.stringify({ timestamp: '1733450000000', event_name: 'user_send_text' });
    const secrets = { appId: '123', oaSecretKey: 'oa-secret-key' };
    const mac = zaloSignature('123', raw, '1733450000000', 'oa-secret-key');
    expect(mac).toMatch(/^mac=[0-9a-f]{64}$/);
    expect(verifyZaloSignature(mac, raw, secrets)).toBe(true);
    expect(verifyZaloSignature(mac, raw.replace('text', 'image'), secrets)).toBe(false);
    expect(verifyZaloSignature(mac, raw, { ...secrets, oaSecretKey: 'other-key' })).toBe(false);
    expect(verifyZaloSignature(undefined, raw, secrets)).toBe(false);
    expect(verifyZaloSignature(mac, 'not json', secrets)).toBe(false);
  });
});
