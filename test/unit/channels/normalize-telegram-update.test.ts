import { readFileSync } from 'node:fs';
import type { Update } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { normalizeTelegramUpdate } from '../../../src/channels/telegram/normalize-telegram-update.ts';

const BOT = 'gopy_xa_bot';
const DATE = new Date(1763760000 * 1000);

function fixture(name: string): Update {
  const url = new URL(`./fixtures/updates/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Update;
}

function body(name: string) {
  return normalizeTelegramUpdate(fixture(name), BOT)?.body;
}

describe('normalizeTelegramUpdate', () => {
  it('turns a private text message into a text event with the chat, the user and the date', () => {
    expect(normalizeTelegramUpdate(fixture('text'), BOT)).toEqual({
      channel: 'telegram',
      updateId: 910000001,
      chatId: '5123456789',
      chatType: 'private',
      user: {
        id: '5123456789',
        firstName: 'An',
        lastName: 'Nguyễn Văn',
        username: 'nguyenvanan',
        languageCode: 'vi',
      },
      messageId: 101,
      at: DATE,
      body: { type: 'text', text: 'Đường ngõ 12 thôn Đông bị ngập sau mưa, xin xã kiểm tra.' },
    });
  });

  it('composes decomposed Vietnamese diacritics (NFC)', () => {
    const update = fixture('text-nfd');
    const sent = update.message?.text ?? '';
    expect(sent).not.toBe(sent.normalize('NFC')); // the fixture really is decomposed
    const event = normalizeTelegramUpdate(update, BOT);
    expect(event?.body).toEqual({ type: 'text', text: 'Xã Đông Xá, huyện Đông Hưng' });
    expect(event?.body.type === 'text' && event.body.text.length).toBe(
      'Xã Đông Xá, huyện Đông Hưng'.normalize('NFC').length,
    );
  });

  describe('commands', () => {
    it('reads /start with its deep-link payload', () => {
      expect(body('command-start-payload')).toEqual({
        type: 'command',
        command: 'start',
        args: 'c_34567',
      });
    });

    it('accepts /cmd@ourbot in a group, whatever the case of the name', () => {
      const event = normalizeTelegramUpdate(fixture('command-addressed-to-us'), BOT);
      expect(event?.body).toEqual({ type: 'command', command: 'help', args: 'báo cáo tuần' });
      expect(event?.chatType).toBe('supergroup');
      expect(event?.chatTitle).toBe('UBND xã Đông Hưng – tiếp nhận phản ánh');
    });

    it('ignores a command addressed to another bot', () => {
      expect(normalizeTelegramUpdate(fixture('command-other-bot'), BOT)).toBeUndefined();
    });

    it('takes an addressed command as ours when the bot username is not known', () => {
      expect(normalizeTelegramUpdate(fixture('command-other-bot'))?.body).toEqual({
        type: 'command',
        command: 'help',
        args: '',
      });
    });

    it('reads a command without entities (as some clients and fakes send it)', () => {
      const update = fixture('text');
      update.message!.text = '/Help   hai  dòng\nthứ hai  ';
      expect(normalizeTelegramUpdate(update, BOT)?.body).toEqual({
        type: 'command',
        command: 'help',
        args: 'hai  dòng\nthứ hai',
      });
    });

    it('keeps text that only starts with a slash as text', () => {
      const update = fixture('text');
      update.message!.text = '/ 2 kg';
      expect(normalizeTelegramUpdate(update, BOT)?.body).toEqual({ type: 'text', text: '/ 2 kg' });
    });
  });

  describe('buttons', () => {
    it('gives the data, the callback id and the message the button is on', () => {
      const at = new Date('2025-11-21T22:00:05Z');
      expect(normalizeTelegramUpdate(fixture('callback-query'), BOT, at)).toMatchObject({
        chatId: '5123456789',
        chatType: 'private',
        user: { id: '5123456789', firstName: 'An' },
        messageId: 205,
        at,
        body: { type: 'button', data: 'k3x9.kind.report', callbackId: '4398046511104123456' },
      });
    });

    it('dates a press with its message when no receipt time is given', () => {
      expect(normalizeTelegramUpdate(fixture('callback-query'))?.at).toEqual(
        new Date((1763760000 - 60) * 1000),
      );
    });

    it('ignores a button on an inline-mode message (no chat)', () => {
      expect(normalizeTelegramUpdate(fixture('callback-inline-message'), BOT)).toBeUndefined();
    });
  });

  describe('media and shares', () => {
    it('takes the largest photo size, the caption and the album id', () => {
      expect(body('photo-album-item')).toEqual({
        type: 'photo',
        photo: {
          fileId: 'AgACAgUAAxkBAAIBZ2_large',
          fileUniqueId: 'AQADs3',
          size: 98765,
          width: 1280,
          height: 960,
        },
        caption: 'Ổ gà trước cổng trường',
        mediaGroupId: '13912345678901234',
      });
    });

    it('reads a document with its name, type and size', () => {
      expect(body('document')).toEqual({
        type: 'document',
        document: {
          fileId: 'BQACAgUAAxkBAAIBaGdoc',
          fileUniqueId: 'AgADdoc1',
          size: 245760,
          mimeType: 'application/pdf',
          fileName: 'don-kien-nghi.pdf',
        },
        caption: 'Đơn kiến nghị',
      });
    });

    it('reads a shared location', () => {
      expect(body('location')).toEqual({
        type: 'location',
        latitude: 20.546013,
        longitude: 106.338117,
      });
    });

    it('reads a venue as its location', () => {
      expect(body('venue')).toEqual({ type: 'location', latitude: 20.5471, longitude: 106.3402 });
    });

    it('marks a contact as own when it is the sender’s, and keeps the reply reference', () => {
      const event = normalizeTelegramUpdate(fixture('contact-own'), BOT);
      expect(event?.body).toEqual({ type: 'contact', phone: '+84912345678', ownContact: true });
      expect(event?.replyToMessageId).toBe(109);
    });

    it('marks someone else’s contact as not own', () => {
      expect(body('contact-other')).toEqual({
        type: 'contact',
        phone: '0987654321',
        ownContact: false,
      });
    });
  });

  describe('edits', () => {
    it('turns an edited text into an edited event dated by the edit', () => {
      const event = normalizeTelegramUpdate(fixture('edited-message'), BOT);
      expect(event).toMatchObject({
        messageId: 101,
        at: new Date((1763760000 + 120) * 1000),
        body: { type: 'edited', text: 'Đường ngõ 12 thôn Đông bị ngập sâu sau mưa.' },
      });
    });

    it('turns an edited caption into an edited event', () => {
      expect(body('edited-caption')).toEqual({
        type: 'edited',
        text: 'Ổ gà trước cổng trường tiểu học',
      });
    });

    it('ignores a live location moving', () => {
      expect(normalizeTelegramUpdate(fixture('edited-live-location'), BOT)).toBeUndefined();
    });
  });

  it('takes a voice note as speech, with its length, size and type', () => {
    expect(body('voice')).toEqual({
      type: 'voice',
      voice: {
        fileId: 'AwACAgUAAxkBAAIB',
        fileUniqueId: 'AgADvo',
        size: 23456,
        mimeType: 'audio/ogg',
      },
      durationSeconds: 7,
    });
  });

  it('takes an audio file (a recording shared from another app) as a voice note too', () => {
    expect(body('audio')).toEqual({
      type: 'voice',
      voice: { fileId: 'CQACAgUAAxkBAAIB', fileUniqueId: 'AgADau', mimeType: 'audio/mpeg' },
      durationSeconds: 185,
    });
  });

  it.each([
    ['sticker', 'sticker'],
    ['video', 'video'],
    ['animation', 'animation'], // carries `document` too: must not become a document
    ['video-note', 'video_note'],
    ['poll', 'poll'],
    ['dice', 'dice'],
  ])('reports a %s message as unsupported', (name, what) => {
    expect(body(name)).toEqual({ type: 'unsupported', what });
  });

  describe('membership of the bot', () => {
    it('reports a citizen blocking the bot as removed', () => {
      expect(normalizeTelegramUpdate(fixture('my-chat-member-blocked'), BOT)).toMatchObject({
        chatId: '5123456789',
        chatType: 'private',
        user: { id: '5123456789' },
        at: new Date((1763760000 + 500) * 1000),
        body: { type: 'botMembership', status: 'removed' },
      });
    });

    it('reports the bot added to a group as active, by the official who added it', () => {
      expect(normalizeTelegramUpdate(fixture('my-chat-member-added-to-group'), BOT)).toMatchObject({
        chatId: '-1001987654321',
        chatType: 'supergroup',
        user: { id: '6011223344', firstName: 'Bình' },
        body: { type: 'botMembership', status: 'active' },
      });
    });
  });

  describe('threading', () => {
    it('keeps the id of the message an official replies to', () => {
      const event = normalizeTelegramUpdate(fixture('group-reply'), BOT);
      expect(event?.replyToMessageId).toBe(2190);
      expect(event?.user).toEqual({
        id: '6011223344',
        firstName: 'Bình',
        lastName: 'Trần Thị',
        languageCode: 'vi',
      });
    });

    it('does not take the forum topic’s opening message for a reply', () => {
      const event = normalizeTelegramUpdate(fixture('forum-topic-message'), BOT);
      expect(event?.body).toEqual({ type: 'text', text: 'Đã nhận' });
      expect(event).not.toHaveProperty('replyToMessageId');
    });
  });

  it.each(['service-new-members', 'channel-post'])('ignores %s', (name) => {
    expect(normalizeTelegramUpdate(fixture(name), BOT)).toBeUndefined();
  });

  it('ignores update kinds gopy does not ask for', () => {
    const update = {
      update_id: 910000099,
      inline_query: {
        id: '1',
        from: { id: 1, is_bot: false, first_name: 'A' },
        query: 'x',
        offset: '',
      },
    } as Update;
    expect(normalizeTelegramUpdate(update, BOT)).toBeUndefined();
  });
});
