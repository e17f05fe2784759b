import { describe, expect, it } from 'vitest';
import { toInboundBody, webChatId } from '../../../src/channels/webchat/web-chat-intake.ts';
import { createWebChatLinks, withWebPhotos } from '../../../src/channels/webchat/web-chat-links.ts';
import { toWebPayload } from '../../../src/channels/webchat/web-chat-sender.ts';
import type { OutboundMessage } from '../../../src/channels/types.ts';
import { html } from '../../../src/core/html.ts';
import { loadConfig } from '../../../src/config.ts';

describe('web chat links', () => {
  const links = createWebChatLinks('a-secret-of-the-installation');

  it('opens a ticket page only with its own signature', () => {
    const path = links.ticketPath('12694', 'PA-2026-000001');
    const k = new URL(path, 'http://x').searchParams.get('k')!;
    expect(links.verify('ticket', 'PA-2026-000001', k)).toBe(true);
    expect(links.verify('ticket', 'PA-2026-000002', k)).toBe(false);
    // A photo's signature does not open a ticket of the same name.
    expect(links.verify('file', 'PA-2026-000001', k)).toBe(false);
    expect(createWebChatLinks('another-secret').verify('ticket', 'PA-2026-000001', k)).toBe(false);
  });

  it('gives Telegram an absolute URL for a web photo, and leaves its own file ids alone', async () => {
    const sent: OutboundMessage[] = [];
    const sender = withWebPhotos(
      {
        send: async (m) => {
          sent.push(m);
          return { messageIds: [1] };
        },
      },
      (id) => `https://gopy.example${links.filePath(id)}`,
    );
    await sender.send({ type: 'album', chatId: '1', fileIds: ['web:abc', 'AgACAgIAAxk'] });
    const album = sent[0] as Extract<OutboundMessage, { type: 'album' }>;
    expect(album.fileIds[0]).toMatch(/^https:\/\/gopy\.example\/chat\/files\/abc\?k=/);
    expect(album.fileIds[1]).toBe('AgACAgIAAxk');
  });
});

describe('web chat intake', () => {
  it('derives the chat id from the token without revealing it', () => {
    const token = 'x'.repeat(43);
    expect(webChatId(token)).toMatch(/^w[A-Za-z0-9_-]{32}$/);
    expect(webChatId(token)).not.toContain(token.slice(0, 10));
    expect(webChatId(token)).toBe(webChatId(token));
  });

  it('turns what the browser sends into the events every channel uses', () => {
    expect(toInboundBody({ type: 'start', commune: '12694' }, 'w1')).toEqual({
      type: 'command',
      command: 'start',
      args: 'c_12694',
    });
    // The page's `?start=`: a counter's QR code or a rating link of the page's own commune.
    const start = (link: string) =>
      toInboundBody({ type: 'start', commune: '12694', link }, 'w1') as { args: string };
    expect(start('q_12694_Q2_NV07').args).toBe('q_12694_Q2_NV07');
    expect(start('r_12694').args).toBe('r_12694');
    // Another commune's link, or an official's invite, opens the page's commune instead.
    expect(start('q_13186_Q1').args).toBe('c_12694');
    expect(start('inv_abcdef123').args).toBe('c_12694');
    expect(start('q_126940_Q1').args).toBe('c_12694');
    expect(toInboundBody({ type: 'text', text: '/XoaDuLieu' }, 'w1')).toEqual({
      type: 'command',
      command: 'xoadulieu',
      args: '',
    });
    // NFD input (some keyboards) is stored NFC.
    expect(toInboundBody({ type: 'text', text: 'Hu\u0309ng' }, 'w1')).toEqual({
      type: 'text',
      text: 'Hủng',
    });
    expect(toInboundBody({ type: 'button', data: 'v.1.ok', label: 'Có' }, 'w9')).toEqual({
      type: 'button',
      data: 'v.1.ok',
      callbackId: 'w9',
    });
  });
});

describe('web chat sender', () => {
  it('stores what the page renders: no chat id, photos as signed URLs, toasts only with text', () => {
    const url = (id: string) => `/f/${id}`;
    expect(toWebPayload({ type: 'text', chatId: 'w1', text: html`<b>${'<i>'}</b>` }, url)).toEqual({
      type: 'text',
      text: { kind: 'html', value: '<b>&lt;i&gt;</b>' },
    });
    expect(toWebPayload({ type: 'photo', chatId: 'w1', fileId: 'web:1' }, url)).toEqual({
      type: 'photo',
      url: '/f/web:1',
    });
    expect(toWebPayload({ type: 'answerButton', callbackId: 'w1' }, url)).toBeUndefined();
  });
});

describe('web chat limits', () => {
  it('reads "<messages>/<seconds>" and refuses anything else, naming the variable', () => {
    const base = {};
    expect(loadConfig({ ...base, WEBCHAT_SESSION_LIMIT: '4/10' }).webChatLimits.perSession).toEqual(
      {
        max: 4,
        timeWindow: 10_000,
      },
    );
    expect(loadConfig(base).webChatLimits.perIp).toEqual({ max: 120, timeWindow: 60_000 });
    expect(() => loadConfig({ ...base, WEBCHAT_IP_LIMIT: 'lots' })).toThrow(/WEBCHAT_IP_LIMIT/);
  });
});
