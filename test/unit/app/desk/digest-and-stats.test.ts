import { describe, expect, it } from 'vitest';
import { digestDay, digestText } from '../../../../src/app/desk/daily-digest.ts';
import { ticketList } from '../../../../src/app/desk/my-tickets.ts';
import { duration, formatStats } from '../../../../src/app/desk/stats.ts';
import { eventLabel, threadView } from '../../../../src/app/desk/thread-view.ts';
import { htmlToPlain } from '../../../../src/core/html.ts';
import { DEFAULT_CALENDAR } from '../../../../src/core/working-days.ts';
import type { ThreadEntry } from '../../../../src/app/ports/report-thread.ts';
import type { OpenReportLine } from '../../../../src/app/ports/report-worklists.ts';
import { aReport, anOfficial } from '../../../support/report-fixture.ts';

const vn = (iso: string) => new Date(`${iso}+07:00`);
const deps = { calendar: DEFAULT_CALENDAR, digestHour: 7 };

describe('the daily digest', () => {
  it('is due on working days from the configured hour (Vietnam time), for a few hours', () => {
    expect(digestDay(deps, vn('2026-03-09T06:59:00'))).toBeUndefined();
    expect(digestDay(deps, vn('2026-03-09T07:00:00'))).toBe('2026-03-09');
    expect(digestDay(deps, vn('2026-03-09T10:59:00'))).toBe('2026-03-09');
    expect(digestDay(deps, vn('2026-03-09T11:00:00'))).toBeUndefined();
    expect(digestDay(deps, vn('2026-03-07T08:00:00'))).toBeUndefined(); // Saturday
    expect(digestDay(deps, vn('2026-04-30T08:00:00'))).toBeUndefined(); // holiday
    // 00:30 UTC is 07:30 in Hà Nội.
    expect(digestDay(deps, new Date('2026-03-09T00:30:00Z'))).toBe('2026-03-09');
  });

  it('lists the leader’s open reports, overdue first, and the commune’s totals', () => {
    const line = (
      ticket: string,
      due: string,
      extra: Partial<OpenReportLine> = {},
    ): OpenReportLine => ({
      id: 1,
      ticketCode: ticket,
      kind: 'phan-anh',
      status: 'routed',
      unitCode: '12694',
      categoryName: 'Giao thông, đường sá',
      text: 'Đường thôn 3 ngập nước từ tối qua.',
      assignedPositionId: 1,
      assignedOfficialId: 1,
      dueAt: vn(due),
      ...extra,
    });
    const mine = [
      line('PA-2026-000002', '2026-03-12T17:00:00'),
      line('PA-2026-000001', '2026-03-06T17:00:00'),
    ];
    const text = htmlToPlain(
      digestText({
        leader: anOfficial(),
        day: '2026-03-09',
        now: vn('2026-03-09T07:00:00'),
        mine,
        commune: [
          ...mine,
          line('PA-2026-000003', '2026-03-13T17:00:00', { assignedOfficialId: 2 }),
        ],
      }),
    );
    expect(text).toBe(
      [
        '📋 Tổng hợp phản ánh ngày 09/03/2026',
        'Xã Bắc Đông Hưng · Chủ tịch UBND xã',
        '',
        'Đang chờ Ông/Bà xử lý: 2, trong đó quá hạn: 1',
        '• PA-2026-000001 · Giao thông, đường sá · hạn 06/03/2026 ⚠ quá hạn',
        '• PA-2026-000002 · Giao thông, đường sá · hạn 12/03/2026',
        '',
        'Toàn xã: 3 phiếu đang xử lý, 1 quá hạn.',
        '',
        'Gõ /xem <mã phiếu> để xem chi tiết, /stats để xem số liệu.',
      ].join('\n'),
    );
  });
});

describe('a ward’s officials', () => {
  it('read «Toàn phường» in the morning digest and in /viec, not «Toàn xã»', () => {
    const line = aReport({ assignedOfficialId: 2, dueAt: vn('2026-03-13T17:00:00') });
    const digest = htmlToPlain(
      digestText({
        leader: anOfficial({ unitName: 'Phường Hồng Châu' }),
        day: '2026-03-09',
        now: vn('2026-03-09T07:00:00'),
        mine: [],
        commune: [line],
      }),
    );
    expect(digest).toContain('Toàn phường: 1 phiếu đang xử lý, 0 quá hạn.');
    const english = htmlToPlain(
      digestText({
        leader: anOfficial({ unitName: 'Đặc khu Phú Quốc' }),
        day: '2026-03-09',
        now: vn('2026-03-09T07:00:00'),
        mine: [],
        commune: [line],
        lang: 'en',
      }),
    );
    expect(english).toContain('Whole special zone: 1 open, 0 overdue.');
    // The reader's position in English, its field with it (app/alert-message.ts positionIn).
    const deputy = anOfficial({
      unitName: 'Đặc khu Phú Quốc',
      positionKind: 'vice-chair',
      positionTitle: 'Phó Chủ tịch UBND xã phụ trách kinh tế, hạ tầng',
    });
    const digestOf = (lang: 'vi' | 'en') =>
      htmlToPlain(
        digestText({
          leader: deputy,
          day: '2026-03-09',
          now: vn('2026-03-09T07:00:00'),
          mine: [],
          commune: [line],
          lang,
        }),
      ).split('\n')[1];
    expect(digestOf('en')).toBe(
      'Đặc khu Phú Quốc · Vice-chair in charge of economy and infrastructure',
    );
    expect(digestOf('vi')).toBe(
      'Đặc khu Phú Quốc · Phó Chủ tịch UBND xã phụ trách kinh tế, hạ tầng',
    );
    const list = htmlToPlain(
      ticketList([], 2, vn('2026-03-09T07:00:00'), 'vi', 'Phường Hồng Châu').text,
    );
    expect(list).toContain('Toàn phường còn 2 phiếu khác đang xử lý.');
  });
});

describe('/stats', () => {
  it('shows the month’s figures and each criterion’s share of 4–5 answers with their number', () => {
    const text = htmlToPlain(
      formatStats({
        unitName: 'Xã Bắc Đông Hưng',
        month: '03/2026',
        quarter: '2026-Q1',
        stats: {
          open: 4,
          overdue: 1,
          resolved: 6,
          closedConfirmed: 3,
          closedWithoutVerdict: 2,
          medianAckMs: 90 * 60_000,
          medianResolveMs: 3 * 86_400_000,
        },
        scores: new Map([
          [2, [5, 4, 2, 1]],
          [4, [5]],
        ]),
      }),
    );
    expect(text).toContain('Đang xử lý: 4 · Quá hạn: 1');
    expect(text).toContain('Đã đóng: 3 người dân xác nhận · 2 tự đóng sau 7 ngày không xác nhận');
    expect(text).toContain('Thời gian tiếp nhận (trung vị): 1,5 giờ');
    expect(text).toContain('Thời gian trả lời (trung vị): 3,0 ngày');
    expect(text).toContain('Mức hài lòng theo 5 tiêu chí (quý 1/2026)');
    expect(text).toContain('2. Chính quyền thân thiện, trách nhiệm: 50% (4 ý kiến)');
    expect(text).toContain(
      '4. Người đứng đầu gương mẫu, thân thiện, có trách nhiệm với nhân dân: 100% (1 ý kiến)',
    );
    expect(text).toContain(
      '5. Trụ sở làm việc khang trang, văn minh, sáng, xanh, sạch, đẹp: chưa có ý kiến',
    );
    expect(duration(undefined)).toBe('—');
    // Minutes read as minutes, never «0,0 giờ».
    expect(duration(4 * 60_000)).toBe('4 phút');
    expect(duration(20_000)).toBe('1 phút');
    expect(duration(59 * 60_000)).toBe('59 phút');
    expect(duration(90 * 60_000)).toBe('1,5 giờ');
    expect(duration(72 * 3_600_000)).toBe('3,0 ngày');
  });
});

describe('/xem', () => {
  const entry = (overrides: Partial<ThreadEntry>): ThreadEntry => ({
    id: 1,
    reportId: 42,
    direction: 'out',
    authorKind: 'official',
    authorId: 1,
    text: '',
    files: [],
    photoFileIds: [],
    createdAt: vn('2026-03-02T10:00:00'),
    editedAt: null,
    deletedAt: null,
    sourceChatId: '9001',
    sourceMessageId: 5,
    delivery: 'sent',
    ...overrides,
  });

  it('shows who wrote what, whether it arrived, edits, retractions and notes', () => {
    const text = htmlToPlain(
      threadView(
        aReport({ anonymous: true, citizen: undefined }),
        [
          entry({ text: 'Xã sẽ kiểm tra', editedAt: vn('2026-03-02T10:05:00') }),
          entry({
            id: 2,
            direction: 'in',
            authorKind: 'citizen',
            authorId: null,
            text: 'Cảm ơn',
            files: [{ kind: 'photo', fileId: 'p' }],
          }),
          entry({ id: 3, direction: 'note', text: 'Đã báo công an' }),
          entry({
            id: 4,
            text: 'Nhầm phiếu',
            deletedAt: vn('2026-03-02T11:00:00'),
            delivery: 'pending',
          }),
        ],
        [
          {
            type: 'closed',
            actorKind: 'system',
            actorId: null,
            data: { verdict: 'none' },
            createdAt: vn('2026-03-09T10:00:00'),
          },
        ],
        new Map([[1, 'Trần Văn Chủ']]),
      ),
    );
    expect(text).toContain(
      'UBND xã · Trần Văn Chủ · 02/03/2026 10:00 · đã sửa · ✓ người dân đã nhận\nXã sẽ kiểm tra',
    );
    expect(text).toContain(
      'Người dân (ẩn danh) · 02/03/2026 10:00 · ✓ đã chuyển cán bộ\nCảm ơn\n📎 1 ảnh',
    );
    expect(text).toContain('📝 Ghi chú nội bộ · Trần Văn Chủ · 02/03/2026 10:00\nĐã báo công an');
    expect(text).toContain('đã thu hồi · ⏳ đang gửi');
    expect(text).toContain('09/03/2026 10:00 — Tự đóng (người dân không xác nhận sau 7 ngày)');
  });

  it('names a ward’s report’s unit as a ward in its history and status, in both languages', () => {
    const event = (type: string, data: Record<string, unknown> = {}) => ({
      type,
      actorKind: 'system' as const,
      actorId: null,
      data,
      createdAt: vn('2026-03-02T10:00:00'),
    });
    const events = [
      event('awaitingOfficial'),
      event('routed', { toProvince: 'noOfficial' }),
      event('routed'),
      event('acknowledged'),
    ];
    const ward = aReport({ unitName: 'Phường Hồng Châu' });
    const said = [entry({ text: 'Đã kiểm tra' })];
    const names = new Map([[1, 'Trần Văn Chủ']]);
    const vi = htmlToPlain(threadView(ward, said, events, names));
    expect(vi).toContain('UBND phường · Trần Văn Chủ · 02/03/2026 10:00');
    expect(vi).toContain(
      'Chưa có cán bộ nhận, phiếu chờ đến khi phường có cán bộ (hạn tính từ ngày cán bộ nhận)',
    );
    expect(vi).toContain('Chuyển đến cán bộ cấp tỉnh (phường chưa có cán bộ nhận)');
    expect(vi).toContain('02/03/2026 10:00 — Chuyển đến phường\n');
    expect(vi).not.toMatch(/(^|\P{L})xã(\P{L}|$)/u);
    const en = htmlToPlain(threadView(ward, said, events, names, 'en'));
    expect(en).toContain('The ward · Trần Văn Chủ · 02/03/2026 10:00');
    expect(en).toContain('it waited for the ward’s first official');
    expect(en).toContain('(the ward has nobody to receive it)');
    expect(en).toContain('Forwarded to the ward\n');
    expect(en).toContain('Accepted by the ward leaders');
    expect(en).toContain('Status: New, waiting to be accepted');
    expect(en).not.toMatch(/commune/u);
    // A commune's report still reads as a commune's.
    expect(htmlToPlain(threadView(aReport(), [], events, new Map(), 'en'))).toContain(
      'Accepted by the commune leaders',
    );
  });

  it('names every event of the audit trail', () => {
    for (const type of [
      'submitted',
      'routed',
      'acknowledged',
      'assigned',
      'passed',
      'extended',
      'resolved',
      'reopened',
      'escalated',
      'reminded',
      'closed',
    ])
      expect(
        eventLabel({ type, actorKind: 'official', actorId: 1, data: {}, createdAt: new Date() }),
      ).not.toContain(type);
  });
});
