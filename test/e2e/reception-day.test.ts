/**
 * The chair's reception day through the real grammY bot and the fake Bot API, on real
 * PostgreSQL and Redis, with an injected clock: citizens book a turn from the menu and see it
 * with /lich; two citizens racing for the last turn of a day, exactly one gets it and the other
 * is told kindly and books another day; the reminder comes once on the working day before (on
 * Friday for a Monday, on the last day of the month for the 1st), and its «Hủy lịch hẹn» frees
 * the turn; the chair's morning digest lists the day's citizens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAIR } from '../support/demo.ts';
import { startHarness, type Harness } from '../support/gopy-harness.ts';

const ANH = 7401;
const BINH = 7402;
const CHI = 7403;
const DUNG = 7404;
const EM = 7405;

/** Vietnam time, as the clock of every use case. */
const vn = (iso: string) => new Date(`${iso}+07:00`);

describe('the reception day', () => {
  let h: Harness;
  let clock = vn('2027-03-08T09:00:00'); // a Monday
  beforeAll(async () => {
    h = await startHarness({ humanPace: true, now: () => clock });
  }, 90_000);
  afterAll(async () => h?.close());

  /** From the menu to the review of a booking in Bắc Đông Hưng (the demo's Thursday mornings). */
  async function chooseDay(citizen: number, commune: 'bdh' | 'bd', day: RegExp, matter: string) {
    await h.send(citizen, '/start');
    await h.press(citizen, 'Đăng ký gặp lãnh đạo UBND');
    // Typed without diacritics, as many do.
    await h.send(citizen, commune === 'bdh' ? 'bac dong hung' : 'Binh Dinh Hung Yen');
    // A name with its province is taken without a list; a name alone is picked from one.
    if (commune === 'bdh') await h.press(citizen, /Bắc Đông Hưng/);
    else expect(h.texts(citizen).at(-1)).toMatch(/^Đã chọn: Xã Bình Định \(Tỉnh Hưng Yên\)\./);
    await h.press(citizen, day);
    await h.send(citizen, matter);
  }

  async function sweep() {
    await h.gopy.maintenance.sweep(clock);
    await h.settle();
  }

  it('a citizen books a turn, sees it with /lich, and gets the receipt with date, time and place', async () => {
    await h.send(ANH, '/start');
    await h.press(ANH, 'Đăng ký gặp lãnh đạo UBND');
    await h.send(ANH, 'Bắc Đông Hưng');
    await h.press(ANH, /Bắc Đông Hưng/);
    const days = h.last(ANH)!;
    expect(days.text).toContain('Chủ tịch UBND Xã Bắc Đông Hưng');
    expect(days.text).toContain('• Thứ Năm, 11/03/2027, 08:00–11:00: còn 6 lượt');
    expect(h.buttons(ANH).flat()).toEqual(
      expect.arrayContaining([
        'Thứ Năm 11/03/2027 · 08:00–11:00',
        'Thứ Năm 18/03/2027 · 08:00–11:00',
      ]),
    );
    await h.press(ANH, 'Thứ Năm 11/03/2027 · 08:00–11:00');
    await h.send(ANH, 'Xin ý kiến về ranh giới đất với nhà bên cạnh');
    expect(h.last(ANH)?.text).toContain('Việc cần trình bày: Xin ý kiến về ranh giới đất');
    await h.press(ANH, '✅ Gửi');
    const receipt = h.last(ANH)!.text ?? '';
    expect(receipt).toContain('✅ Ông/Bà đã đăng ký gặp lãnh đạo Xã Bắc Đông Hưng');
    expect(receipt).toContain('📅 Thứ Năm, 11/03/2027, lúc 08:00 (lượt 1)');
    expect(receipt).toContain('📍 Trụ sở UBND Xã Bắc Đông Hưng');

    await h.send(ANH, '/lich');
    expect(h.buttons(ANH).flat()).toContain('📅 11/03/2027 08:00 · Xã Bắc Đông Hưng');
  });

  it('two citizens race for the last turn: exactly one gets it, the other is told kindly and books another day', async () => {
    // Bình Định receives on Tuesday afternoons; on 9 March only one citizen, once.
    await h.gopy.repos.reception.setDay({
      unitCode: '13186',
      date: '2027-03-09',
      startTime: '14:00',
      endTime: '14:30',
      slots: 1,
    });
    for (const c of [BINH, CHI])
      await chooseDay(c, 'bd', /^Thứ Ba 09\/03\/2027/, `Việc của người dân ${c}`);
    await Promise.all([h.press(BINH, '✅ Gửi'), h.press(CHI, '✅ Gửi')]);
    const texts = [BINH, CHI].map((c) => h.texts(c).join('\n'));
    const winners = texts.filter((t) => t.includes('📅 Thứ Ba, 09/03/2027, lúc 14:00 (lượt 1)'));
    const losers = texts.filter((t) =>
      t.includes('Rất tiếc, Thứ Ba, 09/03/2027 vừa hết lượt trong lúc Ông/Bà đăng ký.'),
    );
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const loser = texts[0] === losers[0] ? BINH : CHI;
    // The days left, the matter kept: one tap books the next Tuesday.
    expect(h.last(loser)?.text).toContain('• Thứ Ba, 16/03/2027, 14:00–17:00: còn 6 lượt');
    await h.press(loser, 'Thứ Ba 16/03/2027 · 14:00–17:00');
    expect(h.last(loser)?.text).toContain('📅 Thứ Ba, 16/03/2027, lúc 14:00 (lượt 1)');
    expect(h.last(loser)?.text).toContain(`📝 Việc của người dân ${loser}`);
    expect(
      await h.db.prisma.receptionBooking.count({ where: { date: new Date('2027-03-09') } }),
    ).toBe(1);
  });

  it('reminds once on the working day before, and «Hủy lịch hẹn» frees the turn', async () => {
    await chooseDay(DUNG, 'bdh', /^Thứ Năm 11\/03\/2027/, 'Hỏi về hồ sơ cấp sổ đỏ');
    await h.press(DUNG, '✅ Gửi');
    expect(h.last(DUNG)?.text).toContain('lúc 08:30 (lượt 2)');

    // Tuesday: not yet. Wednesday before 08:00: not yet either.
    clock = vn('2027-03-09T10:00:00');
    await sweep();
    clock = vn('2027-03-10T07:30:00');
    await sweep();
    expect(h.texts(ANH).join('\n')).not.toContain('Nhắc lịch');
    // Wednesday morning: both reminded, once, even when two sweeps run together.
    clock = vn('2027-03-10T09:00:00');
    await Promise.all([h.gopy.maintenance.sweep(clock), h.gopy.maintenance.sweep(clock)]);
    await h.settle();
    const reminder = await h.waitForText(DUNG, /🔔 Nhắc lịch/);
    expect(reminder.text).toContain(
      '🔔 Nhắc lịch: Thứ Năm, 11/03/2027, lúc 08:30, Ông/Bà có lịch gặp lãnh đạo Xã Bắc Đông Hưng (lượt 2), tại Trụ sở UBND Xã Bắc Đông Hưng.',
    );
    await h.waitForText(ANH, /🔔 Nhắc lịch: Thứ Năm, 11\/03\/2027, lúc 08:00/);
    await sweep();
    expect(h.texts(ANH).filter((t) => t.includes('Nhắc lịch'))).toHaveLength(1);
    expect(h.texts(DUNG).filter((t) => t.includes('Nhắc lịch'))).toHaveLength(1);

    // Dũng cannot come: the reminder's button, the appointment, cancel.
    await h.press(DUNG, '❌ Hủy lịch hẹn');
    await h.press(DUNG, '📅 11/03/2027 08:30 · Xã Bắc Đông Hưng');
    expect(h.last(DUNG)?.text).toContain('📝 Hỏi về hồ sơ cấp sổ đỏ');
    await h.press(DUNG, '❌ Hủy lịch hẹn này');
    expect(h.last(DUNG)?.text).toContain(
      'Đã hủy lịch hẹn Thứ Năm, 11/03/2027, lúc 08:30. Lượt của Ông/Bà đã được nhường cho người khác.',
    );
    // The turn is free again: Em gets turn 2.
    await chooseDay(EM, 'bdh', /^Thứ Năm 11\/03\/2027/, 'Đề nghị sửa cống thoát nước');
    await h.press(EM, '✅ Gửi');
    expect(h.last(EM)?.text).toContain('lúc 08:30 (lượt 2)');
  });

  it("the chair's morning digest lists the day's citizens by turn", async () => {
    clock = vn('2027-03-11T07:05:00');
    await sweep();
    const digest = await h.waitForText(CHAIR, /Tiếp công dân hôm nay/);
    expect(digest.text).toContain('🗓 Tiếp công dân hôm nay: 2 người đã đăng ký');
    expect(digest.text).toContain(
      '• 08:00 · lượt 1 · Người dùng 7401: Xin ý kiến về ranh giới đất với nhà bên cạnh',
    );
    expect(digest.text).toContain(
      '• 08:30 · lượt 2 · Người dùng 7405: Đề nghị sửa cống thoát nước',
    );
    expect(digest.text).not.toContain('sổ đỏ');
  });

  it('reminds on Friday for a Monday, and on the last day of the month for the 1st', async () => {
    clock = vn('2027-03-11T10:00:00'); // Thursday
    await h.gopy.repos.reception.setDay({
      unitCode: '12694',
      weekday: 1,
      startTime: '14:00',
      endTime: '16:00',
      slots: 4,
    });
    await chooseDay(ANH, 'bdh', /^Thứ Hai 15\/03\/2027/, 'Hỏi về trợ cấp người cao tuổi');
    await h.press(ANH, '✅ Gửi');
    expect(h.last(ANH)?.text).toContain('📅 Thứ Hai, 15/03/2027, lúc 14:00 (lượt 1)');
    await sweep();
    const before = h.texts(ANH).filter((t) => t.includes('Nhắc lịch: Thứ Hai')).length;
    expect(before).toBe(0);
    clock = vn('2027-03-12T08:15:00'); // Friday
    await sweep();
    await h.waitForText(ANH, /🔔 Nhắc lịch: Thứ Hai, 15\/03\/2027, lúc 14:00/);

    // Thursday 1 April: reminded on Wednesday 31 March.
    clock = vn('2027-03-29T09:00:00');
    await chooseDay(BINH, 'bdh', /^Thứ Năm 01\/04\/2027/, 'Xin xác nhận hộ nghèo');
    await h.press(BINH, '✅ Gửi');
    expect(h.last(BINH)?.text).toContain('📅 Thứ Năm, 01/04/2027, lúc 08:00 (lượt 1)');
    clock = vn('2027-03-30T09:00:00');
    await sweep();
    expect(h.texts(BINH).join('\n')).not.toContain('Nhắc lịch: Thứ Năm, 01/04/2027');
    clock = vn('2027-03-31T09:00:00');
    await sweep();
    await h.waitForText(BINH, /🔔 Nhắc lịch: Thứ Năm, 01\/04\/2027, lúc 08:00/);
  });

  it('a commune changed on the review asks the day again, from the new commune’s days', async () => {
    const GIANG = 7406;
    clock = vn('2027-04-05T09:00:00'); // a Monday
    await chooseDay(GIANG, 'bdh', /^Thứ Năm 08\/04\/2027/, 'Hỏi về thủ tục chuyển nhượng đất');
    expect(h.last(GIANG)?.text).toContain('Ngày: Thứ Năm 08/04/2027 · 08:00–11:00');
    await h.press(GIANG, '✏️ Xã, phường');
    await h.send(GIANG, 'Binh Dinh Hung Yen');
    // Bình Định receives on Tuesday afternoons, not on Thursdays: the Thursday is not kept.
    const days = h.last(GIANG)!;
    expect(days.text).toContain(
      'Chủ tịch UBND Xã Bình Định (Tỉnh Hưng Yên) tiếp công dân vào các ngày:',
    );
    expect(days.text).toContain('• Thứ Ba, 06/04/2027, 14:00–17:00');
    expect(h.buttons(GIANG).flat()).not.toContain('Thứ Năm 08/04/2027 · 08:00–11:00');
    await h.press(GIANG, 'Thứ Ba 13/04/2027 · 14:00–17:00');
    // Back on the review with the matter kept and the new day.
    const review = h.last(GIANG)?.text ?? '';
    expect(review).toContain('Xã, phường: Xã Bình Định');
    expect(review).toContain('Ngày: Thứ Ba 13/04/2027 · 14:00–17:00');
    expect(review).toContain('Việc cần trình bày: Hỏi về thủ tục chuyển nhượng đất');
    await h.press(GIANG, '✅ Gửi');
    const receipt = h.last(GIANG)?.text ?? '';
    expect(receipt).toContain('✅ Ông/Bà đã đăng ký gặp lãnh đạo Xã Bình Định');
    expect(receipt).toContain('📅 Thứ Ba, 13/04/2027, lúc 14:00');
    const saved = await h.db.prisma.receptionBooking.findMany({
      where: { matter: 'Hỏi về thủ tục chuyển nhượng đất' },
      select: { unitCode: true, date: true },
    });
    expect(saved).toEqual([{ unitCode: '13186', date: new Date('2027-04-13') }]);
  });
});
