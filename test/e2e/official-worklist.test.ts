/**
 * An official works without scrolling back: `/viec` lists the tickets waiting for them, overdue
 * first, each a button; the button (or `/xem <ticket>`) shows the report with the alert's own
 * action buttons, which act as the alert's do. A new alert names its kind and reads «Mới, chờ
 * tiếp nhận»; an official who lives in the commune still has the citizen's menu.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/gopy-harness.ts';
import { fileReport, labels, pressData } from '../support/desk-fixtures.ts';
import { CHAIR, OTHER_CHAIR } from '../support/demo.ts';

describe('the official’s worklist (grammY)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ framework: 'grammy' });
  }, 90_000);
  afterAll(async () => h?.close());

  it('a new alert names its kind and reads «Mới, chờ tiếp nhận»', async () => {
    const r = await fileReport(h, { citizen: { id: 7401 }, kind: 'kien-nghi' });
    const alert = await h.waitForText(CHAIR, new RegExp(`Kiến nghị mới · ${r.ticket}`));
    expect(alert.text).toMatch(/^🔔 Kiến nghị mới · /);
    expect(alert.text).toContain('Trạng thái: Mới, chờ tiếp nhận');
  });

  it('/viec lists the chair’s open tickets, overdue first, and a button opens one to act on', async () => {
    const late = await fileReport(h, {
      citizen: { id: 7402 },
      text: 'Cống thoát nước đầu ngõ 5 bị tắc, nước tràn vào nhà dân mỗi khi mưa.',
      dueAt: new Date(Date.now() - 86_400_000),
    });
    const fresh = await fileReport(h, { citizen: { id: 7403 } });
    await h.waitForText(CHAIR, new RegExp(`(Phản ánh mới|#\\d+) · ${fresh.ticket}`));

    await h.send(CHAIR, '/viec');
    const list = h.last(CHAIR);
    expect(list?.text).toMatch(/Phiếu đang chờ Ông\/Bà xử lý: \d+ \(quá hạn: 1\)/);
    // What each report is about: the start of the citizen's text.
    expect(list?.text).toContain('Cống thoát nước đầu ngõ 5 bị tắc');
    const buttons = labels(list);
    expect(buttons[0]).toMatch(new RegExp(`^⚠ ${late.ticket} · hạn \\d{2}/\\d{2}$`));
    expect(buttons).toContainEqual(expect.stringContaining(fresh.ticket));
    for (const b of buttons) expect([...b].length).toBeLessThanOrEqual(32);

    await h.press(CHAIR, buttons[0]!);
    const view = h.last(CHAIR);
    expect(view?.text).toMatch(new RegExp(`📋 Phản ánh · ${late.ticket}`));
    expect(view?.text).toContain(`/tl ${late.ticket}`);
    expect(labels(view)).toEqual([
      '✅ Tiếp nhận',
      '👤 Giao cán bộ',
      '✔ Đã xử lý',
      '↪ Chuyển',
      '⏳ Xin gia hạn',
    ]);
    await h.press(CHAIR, '✅ Tiếp nhận');
    const row = await h.db.prisma.report.findUniqueOrThrow({ where: { id: late.id } });
    expect(row.status).toBe('acknowledged');

    // /xem gives the same buttons, minus what no longer applies.
    await h.send(CHAIR, `/xem ${late.ticket}`);
    expect(h.last(CHAIR)?.text).toContain('Trạng thái: Đã tiếp nhận, đang xử lý');
    expect(labels(h.last(CHAIR))).not.toContain('✅ Tiếp nhận');
    expect(labels(h.last(CHAIR))).toContain('✔ Đã xử lý');
  });

  it('another commune’s chair neither sees the ticket in /viec nor opens it with the button', async () => {
    const r = await fileReport(h, { citizen: { id: 7404 } });
    await h.waitForText(CHAIR, new RegExp(`(Phản ánh mới|#\\d+) · ${r.ticket}`));
    await h.send(OTHER_CHAIR, '/viec');
    const list = h.last(OTHER_CHAIR);
    expect(list?.text).not.toContain(r.ticket);
    // A forged "open" button for the ticket is refused, saying nothing about it.
    const toast = await pressData(h, OTHER_CHAIR, OTHER_CHAIR, list!.message_id, `o.${r.id}.xem`);
    expect(toast).toBe('Phiếu này không thuộc xã của Ông/Bà.');
    expect(h.last(OTHER_CHAIR)?.message_id).toBe(list!.message_id);
  });

  it('an official who lives in the commune keeps the citizen’s menu', async () => {
    await h.send(CHAIR, '/start');
    expect(h.last(CHAIR)?.text).toMatch(/Ông\/Bà muốn làm gì\?/);
    expect(labels(h.last(CHAIR))).toContain('Gửi phản ánh, kiến nghị');
    await h.send(CHAIR, '/help');
    expect(h.last(CHAIR)?.text).toContain('/viec');
  });
});
