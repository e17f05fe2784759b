import { describe, expect, it } from 'vitest';
import {
  alertButtons,
  alertMessages,
  alertText,
  committeeName,
  positionAt,
} from '../../../src/app/alert-message.ts';
import { decodeDeskCallback, officialCallback } from '../../../src/app/desk/desk-callback.ts';
import { htmlToPlain } from '../../../src/core/html.ts';
import { stateLabel } from '../../../src/texts/report.ts';
import { aReport } from '../../support/report-fixture.ts';

const labels = (rows: Array<Array<{ label: string }>>) => rows.flat().map((b) => b.label);

describe('alert buttons', () => {
  it('show a leader or a group every action of a new report', () => {
    expect(labels(alertButtons(aReport(), 'leader'))).toEqual([
      '✅ Tiếp nhận',
      '👤 Giao cán bộ',
      '✔ Đã xử lý',
      '↪ Chuyển',
      '⏳ Xin gia hạn',
    ]);
    expect(labels(alertButtons(aReport()))).toEqual(labels(alertButtons(aReport(), 'leader')));
  });

  it('show staff only "Đã xử lý", observers nothing', () => {
    expect(labels(alertButtons(aReport({ status: 'assigned' }), 'staff'))).toEqual(['✔ Đã xử lý']);
    expect(alertButtons(aReport(), 'observer')).toEqual([]);
  });

  it('drop what no longer applies: acknowledging, a second extension, a góp ý’s deadline', () => {
    const acknowledged = labels(alertButtons(aReport({ status: 'acknowledged' }), 'leader'));
    expect(acknowledged).not.toContain('✅ Tiếp nhận');
    expect(labels(alertButtons(aReport({ extendedAt: new Date() }), 'leader'))).not.toContain(
      '⏳ Xin gia hạn',
    );
    expect(labels(alertButtons(aReport({ kind: 'gop-y' }), 'leader'))).not.toContain(
      '⏳ Xin gia hạn',
    );
    expect(alertButtons(aReport({ status: 'resolved' }), 'leader')).toEqual([]);
    expect(alertButtons(aReport({ status: 'closed' }), 'leader')).toEqual([]);
  });

  it('carry short data the server parses back, and nothing else', () => {
    const data = officialCallback(42, 'asg', 7);
    expect(data).toBe('o.42.asg.7');
    expect(decodeDeskCallback(data)).toEqual({
      type: 'official',
      reportId: 42,
      action: 'asg',
      arg: '7',
    });
    expect(decodeDeskCallback('o.42.res.cr12')).toEqual({
      type: 'official',
      reportId: 42,
      action: 'res',
      arg: 'cr12',
    });
    expect(decodeDeskCallback('o.42.drop')).toBeUndefined();
    expect(decodeDeskCallback('o.x.ack')).toBeUndefined();
    for (const row of alertButtons(aReport({ id: 2_000_000_000 })))
      for (const b of row)
        if (b.type === 'callback') expect(Buffer.byteLength(b.data)).toBeLessThanOrEqual(64);
  });
});

describe('alert text', () => {
  it('gives everything needed to act, with the citizen’s text escaped', () => {
    const text = alertText(aReport(), { lastAction: 'Đã tiếp nhận — A, 09:00 02/03/2026' });
    expect(text.value).toContain('Ổ gà &lt;lớn&gt; trước cổng trường');
    expect(htmlToPlain(text)).toContain(
      [
        '🔔 Phản ánh mới · PA-2026-000042',
        'Loại: Phản ánh · Lĩnh vực: Giao thông, đường sá',
        'Địa bàn: Xã Bắc Đông Hưng, Tỉnh Hưng Yên',
        'Hạn xử lý: 09/03/2026',
        'Người gửi: Nguyễn Văn Dân · ĐT: 0912 345 678',
      ].join('\n'),
    );
    expect(htmlToPlain(text)).toContain('Trạng thái: Mới, chờ tiếp nhận\nĐã tiếp nhận — A');
  });

  it('names the kind in a new alert’s heading, and reads «Mới, chờ tiếp nhận» until acknowledged', () => {
    expect(htmlToPlain(alertText(aReport({ kind: 'kien-nghi' })))).toMatch(
      /^🔔 Kiến nghị mới · PA-2026-000042/,
    );
    expect(htmlToPlain(alertText(aReport({ kind: 'khieu-nai' })))).toMatch(/^🔔 Khiếu nại mới · /);
    expect(htmlToPlain(alertText(aReport({ kind: 'to-cao', citizen: undefined })))).toMatch(
      /^🔔 Tố cáo mới · /,
    );
    expect(htmlToPlain(alertText(aReport({ status: 'routed' })))).toContain(
      'Trạng thái: Mới, chờ tiếp nhận',
    );
    expect(htmlToPlain(alertText(aReport({ status: 'acknowledged' })))).toContain(
      'Trạng thái: Đã tiếp nhận, đang xử lý',
    );
  });

  it('reads each state as the dashboard does (stateLabel): forwarding, or waiting for a ward’s official', () => {
    expect(htmlToPlain(alertText(aReport({ status: 'submitted' })))).toContain(
      'Trạng thái: Đã tiếp nhận, chờ chuyển',
    );
    const parked = aReport({
      status: 'submitted',
      awaitingOfficialAt: new Date('2026-03-02T02:00:00Z'),
      unitName: 'Phường Hồng Châu',
    });
    expect(htmlToPlain(alertText(parked))).toContain('Trạng thái: Chờ phường có cán bộ nhận');
    for (const report of [aReport({ status: 'submitted' }), aReport(), parked])
      expect(htmlToPlain(alertText(report))).toContain(
        `Trạng thái: ${stateLabel(report, report.unitName)}`,
      );
  });

  it('hides the sender of an anonymous report and of a tố cáo', () => {
    const anonymous = htmlToPlain(alertText(aReport({ anonymous: true, citizen: undefined })));
    expect(anonymous).toContain('Người gửi: ẩn danh');
    expect(anonymous).not.toMatch(/Nguyễn|0912/);
    expect(htmlToPlain(alertText(aReport({ kind: 'to-cao', citizen: undefined })))).toContain(
      'Người gửi: được giữ bí mật (tố cáo)',
    );
  });

  it('sends several photos as an album, then the text with buttons, the map link and the pin on request', () => {
    const messages = alertMessages(
      '9001',
      aReport({ photoFileIds: ['a', 'b'], latitude: 20.5, longitude: 106.3 }),
      undefined,
      { viewer: 'staff' },
    );
    expect(messages.map((m) => m.type)).toEqual(['album', 'text']);
    const last = messages[1];
    expect(last?.type === 'text' && last.buttons).toEqual([
      [{ type: 'callback', label: '✔ Đã xử lý', data: 'o.42.res' }],
      [
        { type: 'url', label: '🗺 Xem bản đồ', url: 'https://www.google.com/maps?q=20.5,106.3' },
        { type: 'callback', label: '📍 Ghim vị trí', data: 'o.42.ghim' },
      ],
    ]);
    // The pin itself is not one of the messages: it is sent when asked for.
    expect(messages.some((m) => m.type === 'location')).toBe(false);
  });

  it('sends one photo as one message: the alert is its caption, with the buttons', () => {
    const messages = alertMessages('9001', aReport({ photoFileIds: ['a'] }), undefined, {
      viewer: 'leader',
    });
    expect(messages).toHaveLength(1);
    const [photo] = messages;
    expect(photo?.type).toBe('photo');
    if (photo?.type !== 'photo') return;
    expect(photo.fileId).toBe('a');
    expect(htmlToPlain(photo.caption ?? '')).toContain('Trạng thái: Mới, chờ tiếp nhận');
    expect(labels(photo.buttons ?? [])).toContain('✅ Tiếp nhận');
  });

  it('plays a spoken report: the voice note carries the alert as its caption, one message', () => {
    const messages = alertMessages('9001', aReport({ voiceFileIds: ['v'] }), undefined, {
      viewer: 'leader',
    });
    expect(messages).toHaveLength(1);
    const [voice] = messages;
    expect(voice?.type === 'voice' && voice.fileId).toBe('v');
    if (voice?.type !== 'voice') return;
    expect(htmlToPlain(voice.caption ?? '')).toContain('🎤 Có ghi âm của người dân');
    expect(labels(voice.buttons ?? [])).toContain('✅ Tiếp nhận');
  });

  it('keeps one photo one captioned message: the voice note goes before it, with the ticket', () => {
    const messages = alertMessages('9001', aReport({ photoFileIds: ['a'], voiceFileIds: ['v'] }));
    expect(messages.map((m) => m.type)).toEqual(['voice', 'photo']);
    const [voice, photo] = messages;
    expect(voice?.type === 'voice' && htmlToPlain(voice.caption ?? '')).toBe('🎤 PA-2026-000042');
    expect(photo?.type === 'photo' && labels(photo.buttons ?? [])).toContain('✅ Tiếp nhận');
  });

  it('sends a report without photos as one text message, the place as a link, not a pin', () => {
    const messages = alertMessages('9001', aReport({ latitude: 20.5, longitude: 106.3 }));
    expect(messages.map((m) => m.type)).toEqual(['text']);
    const [text] = messages;
    expect(text?.type === 'text' && labels(text.buttons ?? [])).toContain('🗺 Xem bản đồ');
  });
});

describe('how to answer, as the alert says it', () => {
  it('tells a Vietnamese official Telegram’s own «Trả lời», without English; an English one «Reply»', () => {
    const vi = htmlToPlain(alertText(aReport()));
    expect(vi).toContain('Bấm giữ tin nhắn này, chọn «Trả lời» để nhắn cho người dân.');
    expect(vi).not.toMatch(/Reply/);
    const en = htmlToPlain(alertText(aReport(), { lang: 'en' }));
    expect(en).toContain('Reply to this message to write to the resident.');
  });
});

describe('committeeName', () => {
  it('signs as the committee of the commune, ward or special zone', () => {
    expect(committeeName('Xã Bắc Đông Hưng')).toBe('UBND xã Bắc Đông Hưng');
    expect(committeeName('Phường Hồng Châu')).toBe('UBND phường Hồng Châu');
    expect(committeeName('Đặc khu Bạch Long Vĩ')).toBe('UBND đặc khu Bạch Long Vĩ');
  });
});

describe('who sent it, as the official reads it', () => {
  it('shows a complainant the name and home address the law requires, escaped', () => {
    const text = htmlToPlain(
      alertText(
        aReport({
          kind: 'khieu-nai',
          citizen: {
            displayName: 'lan.tg',
            username: null,
            phone: '0912345678',
            complainant: {
              fullName: 'Nguyễn Thị <Lan>',
              homeAddress: 'Thôn Đông, xã Bắc Đông Hưng',
            },
          },
        }),
      ),
    );
    expect(text).toContain(
      'Người khiếu nại: Nguyễn Thị <Lan> · Địa chỉ: Thôn Đông, xã Bắc Đông Hưng · ĐT: 0912 345 678',
    );
    expect(text).not.toContain('lan.tg');
  });

  it('never shows an anonymous sender or a denouncer', () => {
    expect(htmlToPlain(alertText(aReport({ anonymous: true, citizen: undefined })))).toContain(
      'Người gửi: ẩn danh',
    );
    expect(htmlToPlain(alertText(aReport({ kind: 'to-cao', citizen: undefined })))).toContain(
      'được giữ bí mật',
    );
  });
});

describe('positions as the citizen reads them', () => {
  it('names the commune once, in lower case after the committee', () => {
    expect(positionAt('Chủ tịch UBND xã', 'Xã Bắc Đông Hưng')).toBe(
      'Chủ tịch UBND xã Bắc Đông Hưng',
    );
    expect(positionAt('Phó Chủ tịch UBND xã', 'Phường Hoàn Kiếm')).toBe(
      'Phó Chủ tịch UBND phường Hoàn Kiếm',
    );
    expect(positionAt('Công chức', 'Xã Bình Định')).toBe('Công chức, UBND xã Bình Định');
  });
});
