/**
 * The loop gopy exists for, through the real grammY bot and the fake Bot API over HTTP, on real
 * PostgreSQL and Redis: a citizen reports a problem, the commune chair gets the alert with
 * buttons, acknowledges, resolves with an answer and evidence; the citizen is told each step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAIR } from '../support/demo.ts';
import { TOKEN, startHarness, type Harness } from '../support/gopy-harness.ts';
import { until } from '../support/until.ts';

const CITIZEN = 7001;
const STRANGER = 7002;
const textOf = (m: { text?: string; caption?: string }) => m.text ?? m.caption ?? '';

describe.each(['grammy', 'telegraf'] as const)('report → leader (%s)', (framework) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ framework });
  }, 90_000);
  afterAll(async () => h?.close());

  it('a citizen submits a report with a photo; it is committed and reaches the chair', async () => {
    await h.send(CITIZEN, '/start');
    expect(h.texts(CITIZEN).join('\n')).toMatch(/Xin chào/);
    await h.press(CITIZEN, 'Gửi phản ánh, kiến nghị');
    await h.press(CITIZEN, 'Phản ánh');
    await h.send(CITIZEN, 'dong xa'); // an old commune name, typed without diacritics
    await h.press(CITIZEN, /Bắc Đông Hưng/);
    await h.press(CITIZEN, 'Giao thông, đường sá');
    await h.send(CITIZEN, 'Ổ gà lớn trước cổng trường <b>tiểu học</b>, rất nguy hiểm cho các cháu');
    await h.sendPhoto(CITIZEN);
    await h.press(CITIZEN, '✅ Xong');
    await h.send(CITIZEN, 'Bỏ qua'); // location
    await h.press(CITIZEN, 'Không, cứ ghi tên tôi');
    await h.press(CITIZEN, 'Không công khai');
    await h.send(CITIZEN, 'Bỏ qua'); // phone
    await h.press(CITIZEN, '✅ Gửi');
    const done = await h.waitForText(CITIZEN, /Mã phiếu: PA-\d{4}-\d{6}/);
    const ticket = /PA-\d{4}-\d{6}/.exec(done.text ?? '')![0];

    const row = await h.db.prisma.report.findUniqueOrThrow({
      where: { ticketCode: ticket },
      include: { attachments: true },
    });
    expect(row.unitCode).toBe('12694');
    expect(row.attachments).toHaveLength(1);
    expect(row.flowId).toBe('report');

    const alert = await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${ticket}`));
    // One photo, one message: the photo carries the alert as its caption, and the buttons.
    expect(alert.photo).toBeDefined();
    expect(h.fake.messagesTo(TOKEN, CHAIR).filter((m) => textOf(m).includes(ticket))).toEqual([
      alert,
    ]);
    // User text is escaped: the citizen's <b> shows as text, not markup.
    expect(alert.caption).toContain('<b>tiểu học</b>');
    const labels = alert.reply_markup!.inline_keyboard.flat().map((b) => b.text);
    expect(labels).toEqual(
      expect.arrayContaining(['✅ Tiếp nhận', '👤 Giao cán bộ', '✔ Đã xử lý', '↪ Chuyển']),
    );
    expect(
      h.fake.calls(undefined, 'sendPhoto').some((c) => String(c.params.chat_id) === String(CHAIR)),
    ).toBe(true);
    await h.waitForText(CITIZEN, new RegExp(`${ticket} của Ông/Bà đã được chuyển đến`));

    // Someone who is not an official forges the chair's button data: refused, nothing changes.
    await h.send(STRANGER, '/start');
    h.fake.injectCallback(TOKEN, {
      chatId: STRANGER,
      from: { id: STRANGER, first_name: 'Lạ' },
      messageId: h.last(STRANGER)!.message_id,
      data: alert.reply_markup!.inline_keyboard[0]![0]!.callback_data!,
    });
    await h.fake.waitForCall('answerCallbackQuery', (c) =>
      /không|Chỉ cán bộ/.test(JSON.stringify(c.params.text ?? '')),
    );
    expect(
      (await h.db.prisma.report.findUniqueOrThrow({ where: { ticketCode: ticket } })).status,
    ).toBe('routed');

    await h.press(CHAIR, '✅ Tiếp nhận');
    await h.waitForText(CITIZEN, /đã được lãnh đạo xã tiếp nhận/);
    expect(
      (await h.db.prisma.report.findUniqueOrThrow({ where: { ticketCode: ticket } })).status,
    ).toBe('acknowledged');
    // The alert (a caption) now shows who acknowledged it.
    await h.fake.waitFor(() =>
      h.fake
        .messagesTo(TOKEN, CHAIR)
        .find((m) => m.message_id === alert.message_id && /Đã tiếp nhận/.test(m.caption ?? '')),
    );

    await h.press(CHAIR, '✔ Đã xử lý');
    await h.press(CHAIR, 'Đã giải quyết');
    await h.send(CHAIR, 'Xã đã cho vá ổ gà ngày hôm nay, đề nghị bà con đi lại cẩn thận.');
    const ask = await h.waitForText(CHAIR, /cần ảnh kết quả/);
    // Said once, not «Lĩnh vực này cần ảnh… Lĩnh vực «…» cần ảnh…».
    expect(ask.text?.match(/cần ảnh/g)).toHaveLength(1);
    await h.sendPhoto(CHAIR);
    const answer = await h.waitForText(CITIZEN, /trả lời phiếu/);
    expect(answer.text).toMatch(/vá ổ gà/);
    await h.press(CITIZEN, 'Đã giải quyết');
    // The citizen's verdict closes the report: wait for exactly that, and fail if it never comes.
    const closed = await until('the report closed by the citizen’s verdict', async () => {
      const r = await h.db.prisma.report.findUniqueOrThrow({
        where: { ticketCode: ticket },
        include: { events: true },
      });
      return r.status === 'closed' && r;
    });
    expect(closed.events.map((e) => e.type)).toEqual([
      'submitted',
      'routed',
      'acknowledged',
      'resolved',
      'closed',
    ]);
    expect(h.fake.violations()).toEqual([]);
  }, 90_000);
});
