import { describe, expect, it } from 'vitest';
import type { SubmissionKind } from '../../../src/core/submission-kinds.ts';
import {
  citizenNoticeText,
  notifyCitizen,
  toProvinceLevel,
} from '../../../src/app/notify-citizen.ts';
import type { Outbox } from '../../../src/app/ports/outbox.ts';
import { aReport } from '../../support/report-fixture.ts';

/** The outbox's contract in memory: one delivery per dedupe key. */
function memoryOutbox() {
  const rows = new Map<string, Parameters<Outbox['enqueue']>[0]>();
  const outbox: Outbox = {
    async enqueue(input) {
      const created = !rows.has(input.dedupeKey);
      if (created) rows.set(input.dedupeKey, input);
      return { id: rows.size, created };
    },
  };
  return { outbox, rows };
}

describe('notifyCitizen', () => {
  it('tells the citizen each change in plain Vietnamese', () => {
    const report = aReport();
    expect(citizenNoticeText(report, 'extended', { reason: 'Chờ vật tư' })).toBe(
      'Phản ánh PA-2026-000042 cần thêm thời gian xử lý. Hạn trả lời mới: 09/03/2026. Lý do: Chờ vật tư',
    );
    expect(citizenNoticeText(report, 'escalated', { to: 'Chủ tịch UBND xã' })).toBe(
      'Phản ánh PA-2026-000042 đã được chuyển lên Chủ tịch UBND xã để chỉ đạo giải quyết. Hạn trả lời mới: 09/03/2026.',
    );
    expect(citizenNoticeText(report, 'autoClosed')).toMatch(
      /sau 7 ngày Ông\/Bà chưa cho biết kết quả/,
    );
  });

  it('a report the province admin holds names the province level, in each language', () => {
    const report = aReport({ unitName: 'Xã Tiên Lữ', provinceName: 'Tỉnh Hưng Yên' });
    const to = toProvinceLevel(report, 'noOfficial');
    expect(citizenNoticeText(report, 'routed', { to }, 'vi')).toBe(
      'Phản ánh PA-2026-000042 của Ông/Bà đã được chuyển đến cán bộ cấp tỉnh (tỉnh Hưng Yên) ' +
        'vì xã chưa có cán bộ nhận phản ánh. Hạn trả lời: 09/03/2026.',
    );
    expect(citizenNoticeText(report, 'routed', { to }, 'en')).toBe(
      'Your report PA-2026-000042 has been passed to a province official (Tỉnh Hưng Yên), ' +
        'as the commune has no official to receive it yet. Answer due: 09/03/2026.',
    );
  });

  it('sends each change once, as plain text linked to the report so a reply threads', async () => {
    const { outbox, rows } = memoryOutbox();
    const report = aReport();
    await notifyCitizen(outbox, report, 'acknowledged', {}, '17');
    await notifyCitizen(outbox, report, 'acknowledged', {}, '17');
    expect([...rows.values()]).toEqual([
      {
        dedupeKey: 'notice-42-acknowledged-17',
        // The notice goes out on the channel the citizen wrote from.
        channel: 'telegram',
        chatId: '7001',
        message: {
          type: 'text',
          chatId: '7001',
          text: 'Phản ánh PA-2026-000042 đã được lãnh đạo xã tiếp nhận và đang xử lý.',
        },
        // A follower of the report reads it in their own language.
        inLang: {
          vi: {
            type: 'text',
            chatId: '7001',
            text: 'Phản ánh PA-2026-000042 đã được lãnh đạo xã tiếp nhận và đang xử lý.',
          },
          en: {
            type: 'text',
            chatId: '7001',
            text: 'The commune leaders have taken up PA-2026-000042 and are working on it.',
          },
        },
        reportId: 42,
        link: { kind: 'notice', reportId: 42 },
      },
    ]);
  });

  it('writes nowhere for a citizen who erased their data', async () => {
    const { outbox, rows } = memoryOutbox();
    await notifyCitizen(outbox, aReport({ citizenChatId: null }), 'closed');
    expect(rows.size).toBe(0);
  });
});

const reportOf = (kind: SubmissionKind, citizenLang = 'vi', unitName = 'Xã Bắc Đông Hưng') => ({
  ticketCode: 'TC-2026-000004',
  dueAt: new Date('2026-12-01T10:00:00Z'),
  kind,
  citizenLang,
  unitName,
});

describe('notices to the citizen', () => {
  it('name the kind the citizen sent, not "phản ánh" for everything', () => {
    expect(citizenNoticeText(reportOf('to-cao'), 'acknowledged')).toBe(
      'Tố cáo TC-2026-000004 đã được lãnh đạo xã tiếp nhận và đang xử lý.',
    );
    expect(citizenNoticeText(reportOf('kien-nghi'), 'routed', { to: 'Chủ tịch UBND xã' })).toMatch(
      /^Kiến nghị TC-2026-000004 của Ông\/Bà đã được chuyển đến Chủ tịch UBND xã\. Hạn trả lời: 01\/12\/2026\.$/,
    );
  });

  it('name the report’s unit as what it is: a ward’s citizen reads «phường», a commune’s «xã»', () => {
    const ward = reportOf('phan-anh', 'vi', 'Phường Hồng Châu');
    expect(citizenNoticeText(ward, 'acknowledged')).toBe(
      'Phản ánh TC-2026-000004 đã được lãnh đạo phường tiếp nhận và đang xử lý.',
    );
    expect(citizenNoticeText(ward, 'reopened')).toBe(
      'Phản ánh TC-2026-000004 đã được mở lại. Phường sẽ xử lý tiếp và trả lời Ông/Bà trước 01/12/2026.',
    );
    expect(citizenNoticeText(ward, 'duplicate', { original: 'PA-2026-000001' })).not.toMatch(/xã/);
    expect(citizenNoticeText(reportOf('phan-anh', 'en', 'Phường Hồng Châu'), 'reopened')).toBe(
      'TC-2026-000004 has been reopened. The ward will follow up and answer you by 01/12/2026.',
    );
    expect(citizenNoticeText(reportOf('phan-anh'), 'reopened')).toBe(
      'Phản ánh TC-2026-000004 đã được mở lại. Xã sẽ xử lý tiếp và trả lời Ông/Bà trước 01/12/2026.',
    );
    expect(citizenNoticeText(reportOf('phan-anh', 'en'), 'reopened')).toMatch(/The commune will/);
  });

  it('speak English to a citizen who chose it', () => {
    expect(
      citizenNoticeText(reportOf('phan-anh', 'en'), 'routed', { to: 'Chủ tịch UBND xã' }),
    ).toBe(
      'Your report TC-2026-000004 has been passed to Chủ tịch UBND xã. Answer due: 01/12/2026.',
    );
  });

  it('never give a góp ý a date to answer by: it has no deadline', () => {
    const to = { to: 'Chủ tịch UBND xã' };
    const feedback = reportOf('gop-y');
    expect(citizenNoticeText(feedback, 'routed', to)).toBe(
      'Góp ý TC-2026-000004 của Ông/Bà đã được chuyển đến Chủ tịch UBND xã.',
    );
    expect(citizenNoticeText(feedback, 'assigned')).toBe(
      'Góp ý TC-2026-000004 đã được giao cho cán bộ xử lý.',
    );
    for (const notice of ['routed', 'assigned', 'reopened', 'escalated'] as const) {
      for (const lang of ['vi', 'en'] as const) {
        const text = citizenNoticeText(feedback, notice, to, lang);
        expect(text, `${notice} ${lang}`).not.toMatch(/01\/12\/2026|Hạn trả lời|due|by /);
      }
    }
  });
});
