/**
 * An alert digest in its reader's language: an English chat reads English headings, lines and
 * buttons; a row stored before officials had a language (no `lang` in its part) reads Vietnamese.
 */
import { describe, expect, it } from 'vitest';
import { digestEntry, digestMessage, joinAlerts } from '../../../src/app/alert-digest.ts';
import { htmlToPlain } from '../../../src/core/html.ts';
import { aReport } from '../../support/report-fixture.ts';

const labels = (m: { buttons?: Array<Array<{ label: string }>> }) =>
  (m.buttons ?? []).flat().map((b) => b.label);

describe('alert digest language', () => {
  const reports = [
    aReport({ id: 1, ticketCode: 'PA-2026-000001' }),
    aReport({ id: 2, ticketCode: 'PA-2026-000002', kind: 'kien-nghi' }),
  ];

  it('reads English for an English chat, the citizen’s words as written', () => {
    const message = digestMessage(
      '9001',
      reports.map((r) => digestEntry(r, 'leader', 'en')),
    );
    const text = htmlToPlain(message.text);
    expect(text).toMatch(/^🔔 2 new tickets/);
    expect(text).toContain('#2 · PA-2026-000002 · Recommendation');
    expect(text).toContain('Status: New, waiting to be accepted');
    expect(text).toContain(`«${reports[0]!.text}»`);
    expect(text).not.toMatch(/Trạng thái|phiếu mới/);
    expect(labels(message)).toEqual(['✅ Accept #1', '📄 View #1', '✅ Accept #2', '📄 View #2']);
  });

  it('reads Vietnamese for a row stored without a language, as before', () => {
    const old = digestEntry(reports[0]!, 'leader') as Record<string, unknown>;
    delete old.lang;
    const message = joinAlerts('9001', [old]);
    if (message.type !== 'text') throw new Error('expected a text');
    expect(htmlToPlain(message.text)).toMatch(/^🔔 1 phiếu mới/);
    expect(labels(message)).toEqual(['✅ Tiếp nhận #1', '📄 Xem #1']);
  });
});
