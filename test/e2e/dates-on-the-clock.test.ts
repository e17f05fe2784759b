/**
 * Dates people read are right on any day: the citizen's and the official's flows run with gopy's
 * clock set to early-month days, month and year ends, and the 17:00 close of office, in every
 * test run (the clock is injected, not today's). Every date a person reads about a report (the
 * receipt, the chair's alert, the "passed on" notice, /viec, my reports, an extension) is the
 * stored deadline as a wall calendar in Vietnam shows it. A deadline on a day ≤ 12 read back as a
 * US month (12/08 for 8 December) fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/gopy-harness.ts';
import { findMessage } from '../support/desk-fixtures.ts';
import { CHAIR } from '../support/demo.ts';
import { vn, wallClock } from '../support/vietnam-clock.ts';

const wall = wallClock;

/**
 * When the citizen writes, and the deadline a person must read (giao thông: 5 working days). A
 * report is received the day it arrives before 17:00 on a working day, otherwise on the next
 * working day; the deadline is 17:00 of the 5th working day after (src/core/working-days.ts).
 */
const MOMENTS: Array<{ at: string; due: string; why: string }> = [
  { at: '2026-12-01T09:00', due: '08/12/2026', why: 'early month, a deadline on the 8th' },
  { at: '2026-02-02T08:30', due: '09/02/2026', why: 'early February' },
  { at: '2026-01-30T16:59', due: '06/02/2026', why: 'the last working day of a month' },
  { at: '2026-12-31T16:59', due: '08/01/2027', why: 'year end before 17:00, New Year’s Day off' },
  { at: '2026-12-31T17:00', due: '11/01/2027', why: 'year end at 17:00: received on 4 January' },
  { at: '2027-01-04T17:00', due: '12/01/2027', why: 'a Monday at closing time' },
  { at: '2026-03-31T23:30', due: '08/04/2026', why: 'a month end late at night' },
];

describe('dates on the clock', () => {
  let h: Harness;
  let now = vn(MOMENTS[0]!.at);
  beforeAll(async () => {
    h = await startHarness({ framework: 'grammy', now: () => now, humanPace: true });
  }, 90_000);
  afterAll(async () => h?.close());

  it.each(MOMENTS.map((m, i) => ({ ...m, citizen: 7500 + i })))(
    'written $at ($why): every message shows $due',
    async ({ at, due, citizen }) => {
      now = vn(at);
      await h.send(citizen, '/start');
      await h.press(citizen, 'Gửi phản ánh, kiến nghị');
      await h.press(citizen, 'Phản ánh');
      await h.send(citizen, 'Bắc Đông Hưng');
      await h.press(citizen, /Bắc Đông Hưng/);
      await h.press(citizen, 'Giao thông, đường sá');
      await h.send(citizen, 'Ổ gà lớn trước cổng trường tiểu học, rất nguy hiểm cho các cháu');
      await h.press(citizen, 'Bỏ qua');
      await h.send(citizen, 'Bỏ qua');
      await h.press(citizen, 'Không, cứ ghi tên tôi');
      await h.press(citizen, 'Không công khai');
      await h.send(citizen, 'Bỏ qua');
      await h.press(citizen, '✅ Gửi');
      const receipt = await h.waitForText(citizen, /Mã phiếu: PA-\d{4}-\d{6}/);
      const ticket = /PA-\d{4}-\d{6}/.exec(receipt.text ?? '')![0];
      const row = await h.db.prisma.report.findUniqueOrThrow({ where: { ticketCode: ticket } });

      // The stored deadline: the expected day, at the close of office.
      expect(wall(row.dueAt)).toEqual({ date: due, time: '17:00' });
      expect(receipt.text).toContain(`chậm nhất ngày ${due}.`);

      // The chair's alert and the citizen's "passed on" notice.
      const alert = await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${ticket}`));
      expect(alert.text).toContain(`Hạn xử lý: ${due}`);
      const notice = await h.waitForText(
        citizen,
        new RegExp(`${ticket} của Ông/Bà đã được chuyển`),
      );
      expect(notice.text).toContain(`Hạn trả lời: ${due}.`);

      // My reports, as the citizen opens the ticket.
      await h.send(citizen, '/start');
      await h.press(citizen, 'Phản ánh của tôi');
      await h.press(citizen, new RegExp(ticket));
      expect(h.last(citizen)?.text).toContain(`Hạn trả lời: ${due}`);

      // The chair's worklist.
      await h.send(CHAIR, '/viec');
      expect(h.last(CHAIR)?.text).toMatch(new RegExp(`${ticket} · .* · hạn ${due}`));
    },
    60_000,
  );

  it('an extension on a deadline in early month reads the new date as stored', async () => {
    now = vn('2026-12-01T09:00');
    const ticket = /PA-\d{4}-\d{6}/.exec(findMessage(h, 7500, /Mã phiếu: PA-/)?.text ?? '')![0];
    await h.send(CHAIR, `/xem ${ticket}`);
    await h.press(CHAIR, '⏳ Xin gia hạn');
    await h.send(CHAIR, 'Cần chờ vật liệu để vá đường.');
    const row = await h.db.prisma.report.findUniqueOrThrow({ where: { ticketCode: ticket } });
    const due = wall(row.dueAt);
    expect(due).toEqual({ date: '15/12/2026', time: '17:00' });
    expect(h.texts(CHAIR).join('\n')).toContain(`Đã gia hạn phiếu ${ticket} đến ${due.date}.`);
    const notice = await h.waitForText(7500, /cần thêm thời gian xử lý/);
    expect(notice.text).toContain(`Hạn trả lời mới: ${due.date}.`);
  });
});
