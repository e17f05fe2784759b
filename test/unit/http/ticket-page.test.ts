/**
 * The citizen's ticket page (`/chat/<code>/t/<ticket>?k=`): once the commune has answered, it
 * says where the citizen tells whether it was resolved, since the page itself does not take the
 * verdict (its link is easily forwarded; the verdict is the reporter's).
 */
import { describe, expect, it } from 'vitest';
import type { WebTicketThread } from '../../../src/channels/webchat/web-chat-store.ts';
import { ticketPage, webChatPage } from '../../../src/http/pages/web-chat-page.ts';

const at = new Date('2026-12-07T04:28:00Z');

function thread(status: string, answered: boolean): WebTicketThread {
  return {
    ticketCode: 'PA-2026-000001',
    status,
    kind: 'phan-anh',
    unitCode: '12694',
    unitName: 'Xã Bắc Đông Hưng',
    text: 'Mương thoát nước thôn Đông bị tắc',
    createdAt: at,
    dueAt: new Date('2026-12-14T10:00:00Z'),
    awaitingOfficialAt: null,
    photos: [],
    voices: [],
    messages: answered
      ? [{ direction: 'out', text: 'Xã đã nạo vét mương.', at, photos: [], voices: [] }]
      : [],
  };
}

const render = (t: WebTicketThread) =>
  String(ticketPage({ thread: t, photoUrl: (id) => `/f/${id}` })).normalize('NFC');

describe('the ticket page', () => {
  it('waiting for the citizen’s verdict, says to answer under the commune’s answer in the chat', () => {
    const page = render(thread('resolved', true));
    expect(page).toContain('Đã có kết quả, chờ người dân xác nhận');
    expect(page).toMatch(/«Đã giải quyết», «Một phần», «Chưa giải quyết»/);
    expect(page).toContain('<a href="/chat/12694">khung trò chuyện</a>');
    // No button here that would close or reopen the report for whoever holds the link.
    expect(page).not.toMatch(/<button|<form/);
  });

  it('says nothing of a verdict before the answer or once closed', () => {
    expect(render(thread('acknowledged', true))).not.toContain('khung trò chuyện</a>');
    expect(render(thread('closed', true))).not.toContain('khung trò chuyện</a>');
    expect(render(thread('routed', false))).toContain('Xã chưa trả lời.');
  });

  it('gives a phản ánh its deadline and a góp ý none, as the chat does', () => {
    expect(render(thread('routed', false))).toContain('hạn trả lời 14/12/2026');
    const feedback = render({ ...thread('routed', false), kind: 'gop-y' });
    expect(feedback).toContain('góp ý không có hạn trả lời');
    expect(feedback).not.toContain('14/12/2026');
  });

  it('names the commune’s committee as it signs to citizens: «UBND xã …», «UBND phường …»', () => {
    const page = render(thread('resolved', true));
    expect(page).toContain('UBND xã Bắc Đông Hưng · gửi lúc');
    expect(page).toMatch(/<p class="who">\s*UBND xã Bắc Đông Hưng ·/);
    expect(page).not.toContain('UBND Xã');
    const chat = String(
      webChatPage({ unit: { code: '11818', name: 'Phường Hồng Châu' } }),
    ).normalize('NFC');
    expect(chat).toContain('<h1>UBND phường Hồng Châu<small>');
    expect(chat).toContain('aria-label="Cuộc trò chuyện với UBND phường Hồng Châu"');
  });

  it('says a report parked until the commune has an official waits for one, its deadline not yet running', () => {
    const page = render({ ...thread('submitted', false), awaitingOfficialAt: at });
    expect(page).toMatch(
      /Trạng thái: <strong>Chờ xã có cán bộ nhận<\/strong> ·\s+hạn trả lời tính từ ngày xã nhận phiếu/,
    );
    expect(page).not.toContain('14/12/2026');
  });
});
