import { describe, expect, it } from 'vitest';
import {
  DIGEST_LIMITS,
  digestEntry,
  digestMessage,
  digestPart,
  digestReplyTarget,
  joinAlerts,
} from '../../../src/app/alert-digest.ts';
import { htmlToPlain } from '../../../src/core/html.ts';
import { aReport } from '../../support/report-fixture.ts';

describe('alert digest', () => {
  it('stays within Telegram’s limits at its fullest: 4,096 characters, 100 buttons, 64-byte data', () => {
    // The longest lines a report can make: a long text full of characters HTML escapes.
    const parts = Array.from({ length: DIGEST_LIMITS.maxRows }, (_, i) =>
      digestPart(
        aReport({
          id: 2_000_000_000 - i,
          text: '<&>"'.repeat(2000),
          categoryName: 'Đất đai, xây dựng, môi trường và các lĩnh vực khác'.repeat(2),
          unitName: 'Phường Hồng Châu',
          latitude: 20.45,
          longitude: 106.34,
        }),
        'leader',
      ),
    );
    // The claim takes rows while their weights fit (deliveries-repository.ts claimFollowers).
    let weight = 0;
    const fitting = parts.filter((p) => (weight += p.weight) <= DIGEST_LIMITS.maxWeight);
    expect(fitting.length).toBeGreaterThanOrEqual(8);
    const message = joinAlerts(
      '9001',
      fitting.map((p) => p.part),
    );
    if (message.type !== 'text') throw new Error('a digest is a text message');
    expect(htmlToPlain(message.text).length).toBeLessThanOrEqual(4096);
    const buttons = (message.buttons ?? []).flat();
    expect(buttons.length).toBeLessThanOrEqual(100);
    expect((message.buttons ?? []).every((row) => row.length <= 3)).toBe(true);
    for (const b of buttons)
      if (b.type === 'callback') expect(Buffer.byteLength(b.data)).toBeLessThanOrEqual(64);
  });

  it('reads each line’s state as the dashboard does: forwarding, new, waiting for a ward’s official', () => {
    const reports = [
      aReport({ id: 7, status: 'submitted' }),
      aReport({ id: 8 }),
      aReport({
        id: 9,
        status: 'submitted',
        awaitingOfficialAt: new Date('2026-03-02T02:00:00Z'),
        unitName: 'Phường Hồng Châu',
      }),
    ];
    // As stored with the deliveries: plain JSON.
    const stored = reports.map(
      (r) => JSON.parse(JSON.stringify(digestPart(r, 'leader').part)) as Record<string, unknown>,
    );
    const message = joinAlerts('9001', stored);
    if (message.type !== 'text') throw new Error('a digest is a text message');
    const states = htmlToPlain(message.text)
      .split('\n')
      .filter((l) => l.startsWith('Trạng thái:'));
    expect(states).toEqual([
      'Trạng thái: Đã tiếp nhận, chờ chuyển',
      'Trạng thái: Mới, chờ tiếp nhận',
      'Trạng thái: Chờ phường có cán bộ nhận',
    ]);
  });

  it('shows no sender, escapes the citizen’s text, and numbers lines and buttons alike', () => {
    const anonymous = aReport({ id: 7, text: 'Cống <tràn> & ngập' });
    const named = aReport({ id: 8, status: 'acknowledged' });
    const message = digestMessage('9001', [
      digestEntry(anonymous, 'leader'),
      digestEntry(named, 'leader'),
    ]);
    const text = htmlToPlain(message.text);
    expect(text).toContain('«Cống <tràn> & ngập»');
    expect(text).not.toMatch(/Người gửi/);
    expect(text).toMatch(/#1 · .*\n[\s\S]*#2 · /);
    expect((message.buttons ?? []).map((row) => row.map((b) => b.label))).toEqual([
      ['✅ Tiếp nhận #1', '📄 Xem #1'],
      ['👤 Giao cán bộ #2', '📄 Xem #2'],
    ]);
  });

  it('finds the report a reply names by number or ticket, and nothing else', () => {
    const reports = [
      { id: 11, ticketCode: 'PA-2026-000011' },
      { id: 12, ticketCode: 'PA-2026-000012' },
    ];
    expect(digestReplyTarget('#2 Đã cử người', reports)).toEqual({
      reportId: 12,
      rest: 'Đã cử người',
    });
    expect(digestReplyTarget('# 1: xong', reports)).toEqual({ reportId: 11, rest: 'xong' });
    expect(digestReplyTarget('pa-2026-000012 đã xử lý', reports)).toEqual({
      reportId: 12,
      rest: 'đã xử lý',
    });
    expect(digestReplyTarget('#3 không có', reports)).toBeUndefined();
    expect(digestReplyTarget('Đã cử người', reports)).toBeUndefined();
  });
});
