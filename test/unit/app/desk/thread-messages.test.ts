import { describe, expect, it } from 'vitest';
import { parseDate, resultText, verdictButtons } from '../../../../src/app/desk/resolve-report.ts';
import {
  citizenLabel,
  copyMessages,
  copyText,
  replyButton,
  threadDelivery,
  toCitizenHeader,
  toOfficialsHeader,
} from '../../../../src/app/desk/thread-messages.ts';
import { htmlToPlain } from '../../../../src/core/html.ts';
import { aReport } from '../../../support/report-fixture.ts';

describe('a relayed message', () => {
  it('reaches the citizen signed by the committee, never by an official', () => {
    const text = copyText(toCitizenHeader(aReport()), 'Xã sẽ <b>sửa</b> trong tuần');
    expect(htmlToPlain(text)).toBe(
      '🏛 UBND xã Bắc Đông Hưng · phiếu PA-2026-000042:\n\nXã sẽ <b>sửa</b> trong tuần',
    );
    expect(text.value).toContain('&lt;b&gt;sửa&lt;/b&gt;');
  });

  it('names the citizen to officials only when they did not ask to stay hidden', () => {
    expect(citizenLabel(aReport())).toBe('Người dân Nguyễn Văn Dân');
    expect(citizenLabel(aReport({ anonymous: true, citizen: undefined }))).toBe(
      'Người dân (ẩn danh)',
    );
    expect(citizenLabel(aReport({ kind: 'to-cao', citizen: undefined }))).toBe(
      'Người tố cáo (được giữ bí mật)',
    );
    const plain = htmlToPlain(toOfficialsHeader(aReport({ anonymous: true, citizen: undefined })));
    expect(plain).not.toMatch(/dan_nv|0912|7001/);
  });

  it('marks an edit and a retraction', () => {
    const header = toCitizenHeader(aReport());
    expect(htmlToPlain(copyText(header, 'Thứ Ba', undefined, 'edited'))).toMatch(
      /Thứ Ba\n\(đã sửa\)$/,
    );
    expect(htmlToPlain(copyText(header, 'Thứ Ba', undefined, 'retracted'))).toMatch(
      /Tin nhắn này đã được thu hồi\.$/,
    );
  });

  it('is framed in English for a citizen who chose it, the official’s words as written', () => {
    const header = toCitizenHeader(aReport(), 'en');
    expect(htmlToPlain(copyText(header, 'Xã sẽ sửa trong tuần'))).toBe(
      '🏛 UBND xã Bắc Đông Hưng · ticket PA-2026-000042:\n\nXã sẽ sửa trong tuần',
    );
    expect(htmlToPlain(copyText(header, 'Thứ Ba', undefined, 'edited', 'en'))).toMatch(
      /Thứ Ba\n\(edited\)$/,
    );
    expect(htmlToPlain(copyText(header, 'Thứ Ba', undefined, 'retracted', 'en'))).toBe(
      '🏛 UBND xã Bắc Đông Hưng · ticket PA-2026-000042:\n\nThis message has been withdrawn.',
    );
    const label = (lang?: 'vi' | 'en') =>
      replyButton(42, lang)
        .flat()
        .map((b) => b.label);
    expect(label()).toEqual(['✉ Trả lời']);
    expect(label('en')).toEqual(['✉ Reply']);
  });

  it('puts a single photo’s text in its caption, otherwise files first and text last', () => {
    const text = copyText(toCitizenHeader(aReport()), 'Ảnh kết quả');
    const one = copyMessages(
      '7001',
      text,
      [{ kind: 'photo', fileId: 'p' }],
      [[{ type: 'callback', label: 'x', data: 'y' }]],
    );
    expect(one.map((m) => m.type)).toEqual(['photo']);
    const file = copyMessages('7001', text, [{ kind: 'document', fileId: 'd' }]);
    expect(file.map((m) => m.type)).toEqual(['document']);
    const apart = copyMessages('7001', text, [{ kind: 'photo', fileId: 'p' }], undefined, {
      textApart: true,
    });
    expect(apart.map((m) => m.type)).toEqual(['photo', 'text']);
    const many = copyMessages('7001', text, [
      { kind: 'photo', fileId: 'p1' },
      { kind: 'photo', fileId: 'p2' },
      { kind: 'document', fileId: 'd' },
    ]);
    expect(many.map((m) => m.type)).toEqual(['album', 'document', 'text']);
  });

  it('gives a ward’s files and voice notes its word, for Zalo to say «UBND phường»', () => {
    const text = copyText(toCitizenHeader(aReport({ unitName: 'Phường Hồng Châu' })), 'Kết quả');
    const files = [
      { kind: 'document', fileId: 'd' },
      { kind: 'voice', fileId: 'v' },
    ] as const;
    const one = copyMessages('7001', text, [files[0]], undefined, { unitWord: 'phường' });
    const both = copyMessages('7001', text, files, undefined, { unitWord: 'phường' });
    expect([...one, ...both].filter((m) => m.type !== 'text')).toEqual([
      expect.objectContaining({ type: 'document', unitWord: 'phường' }),
      expect.objectContaining({ type: 'document', unitWord: 'phường' }),
      expect.objectContaining({ type: 'voice', unitWord: 'phường' }),
    ]);
  });

  it('is delivered under the keys it always had, naming the message it carries', () => {
    // The key's shape is what deliveries stored before the thread_message_id column carry.
    expect(threadDelivery(12, '-100900', 1)).toEqual({
      dedupeKey: 'thread-12--100900-1',
      threadMessageId: 12,
    });
  });
});

describe('the answer that resolves a report', () => {
  it('states its result first, in words', () => {
    expect(resultText({ type: 'resolved' }, 'Xã Bắc Đông Hưng')).toBe('Kết quả: Đã giải quyết.');
    expect(resultText({ type: 'not-competent', target: 'Công an xã' }, 'Xã Bắc Đông Hưng')).toBe(
      'Kết quả: Không thuộc thẩm quyền của UBND xã; đã chuyển đến Công an xã.',
    );
    expect(resultText({ type: 'scheduled', date: '2026-04-15' }, 'Xã Bắc Đông Hưng')).toBe(
      'Kết quả: UBND xã sẽ giải quyết xong trước ngày 15/04/2026.',
    );
  });

  it('names a ward’s committee «UBND phường», not «UBND xã»', () => {
    expect(
      resultText({ type: 'not-competent', target: 'Công an phường' }, 'Phường Hồng Châu'),
    ).toBe('Kết quả: Không thuộc thẩm quyền của UBND phường; đã chuyển đến Công an phường.');
    expect(resultText({ type: 'scheduled', date: '2026-04-15' }, 'Phường Hồng Châu')).toBe(
      'Kết quả: UBND phường sẽ giải quyết xong trước ngày 15/04/2026.',
    );
    expect(resultText({ type: 'scheduled', date: '2026-04-15' }, 'Đặc khu Cô Tô')).toBe(
      'Kết quả: UBND đặc khu sẽ giải quyết xong trước ngày 15/04/2026.',
    );
    expect(resultText({ type: 'scheduled', date: '2026-04-15' }, 'Phường Hồng Châu', 'en')).toBe(
      'Result: the ward will have it done by 15/04/2026.',
    );
  });

  it('asks the citizen whether it is resolved', () => {
    expect(
      verdictButtons(7)
        .flat()
        .map((b) => [b.label, b.type === 'callback' && b.data]),
    ).toEqual([
      ['Đã giải quyết', 'v.7.yes'],
      ['Một phần', 'v.7.partly'],
      ['Chưa giải quyết', 'v.7.no'],
    ]);
  });

  it('says its result and asks in English to a citizen who chose it', () => {
    expect(resultText({ type: 'resolved' }, 'Xã Bắc Đông Hưng', 'en')).toBe('Result: resolved.');
    expect(
      resultText({ type: 'not-competent', target: 'Công an xã' }, 'Xã Bắc Đông Hưng', 'en'),
    ).toBe('Result: not within the commune’s competence; passed to Công an xã.');
    expect(resultText({ type: 'scheduled', date: '2026-04-15' }, 'Xã Bắc Đông Hưng', 'en')).toBe(
      'Result: the commune will have it done by 15/04/2026.',
    );
    expect(
      verdictButtons(7, 'en')
        .flat()
        .map((b) => [b.label, b.type === 'callback' && b.data]),
    ).toEqual([
      ['Resolved', 'v.7.yes'],
      ['Partly', 'v.7.partly'],
      ['Not resolved', 'v.7.no'],
    ]);
  });

  it('reads dates as officials type them', () => {
    expect(parseDate('15/3/2026')).toBe('2026-03-15');
    expect(parseDate(' 05-04-2026 ')).toBe('2026-04-05');
    expect(parseDate('05.04.2026')).toBe('2026-04-05');
    expect(parseDate('2026-04-05')).toBe('2026-04-05');
    // Not a date: left for the status machine to refuse as invalid.
    expect(parseDate('31/02/2026')).toBe('31/02/2026');
    expect(parseDate('tuần sau')).toBe('tuần sau');
  });
});
