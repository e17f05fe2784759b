/**
 * A report's thread, relayed by the bot both ways, through the real bot and the fake Bot API:
 * an official's reply reaches the citizen from "UBND xã …", the citizen's reply reaches the
 * official and the commune's staff group; anonymity holds in every call to officials; private
 * notes stay inside; edits and retractions follow the message; a reopen alerts the assignee and
 * the second one goes up a level.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_PNG, TOKEN, startHarness, type Harness } from '../support/gopy-harness.ts';
import {
  callsTo,
  fileReport,
  findMessage,
  labels,
  ownMessageId,
  reply,
} from '../support/desk-fixtures.ts';
import { until } from '../support/until.ts';
import { CHAIR, STAFF, OTHER_CHAIR, GROUP, GROUP_WAIT_MS } from '../support/demo.ts';

describe.each(['grammy', 'telegraf'] as const)('thread relay (%s)', (framework) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ framework });
  }, 90_000);
  afterAll(async () => h?.close());

  it('an official’s reply reaches the citizen from the commune; the citizen’s reply reaches the staff group', async () => {
    const citizen = { id: 7201, firstName: 'Đỗ Thị Hoa' };
    const r = await fileReport(h, { citizen, categoryCode: 'moi-truong' });
    const alert = await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${r.ticket}`));

    await reply(
      h,
      CHAIR,
      CHAIR,
      alert.message_id,
      'Xã sẽ cử người kiểm tra bãi rác trong tuần này.',
    );
    expect(h.last(CHAIR)?.text).toMatch(new RegExp(`Đã gửi cho người dân \\(phiếu ${r.ticket}\\)`));
    const answer = await h.waitForText(citizen.id, /cử người kiểm tra bãi rác/);
    expect(answer.text).toBe(
      `🏛 UBND xã Bắc Đông Hưng · phiếu ${r.ticket}:\n\nXã sẽ cử người kiểm tra bãi rác trong tuần này.`,
    );
    expect(labels(answer)).toEqual(['✉ Trả lời']);

    // The citizen answers with Telegram's reply: the chair and the commune's group receive it.
    await reply(
      h,
      citizen.id,
      citizen.id,
      answer.message_id,
      'Cảm ơn xã, bãi rác ở cuối thôn Đông.',
    );
    expect(h.last(citizen.id)?.text).toMatch(/Đã chuyển tin nhắn của Ông\/Bà đến UBND xã/);
    const inGroup = await h.waitForText(GROUP, /bãi rác ở cuối thôn Đông/, GROUP_WAIT_MS);
    expect(inGroup.text).toMatch(new RegExp(`💬 ${r.ticket} · Người dân Đỗ Thị Hoa:`));
    await h.waitForText(CHAIR, /bãi rác ở cuối thôn Đông/);

    // Or taps "Trả lời" and sends a photo.
    await h.press(citizen.id, '✉ Trả lời');
    await h.sendPhoto(citizen.id, 'Ảnh bãi rác chụp sáng nay');
    const photoInGroup = await h.waitForText(GROUP, /Ảnh bãi rác chụp sáng nay/, GROUP_WAIT_MS);
    expect(photoInGroup.photo).toBeDefined();

    // Staff in the group may not answer a report that is not theirs; the chair may, from the group.
    await reply(h, STAFF, GROUP, inGroup.message_id, 'Tôi ghi nhận.');
    expect(h.last(GROUP)?.text).toMatch(/chưa được giao cho Ông\/Bà/);
    await reply(h, CHAIR, GROUP, inGroup.message_id, 'Đã nhận được vị trí, cảm ơn Bà.');
    await h.waitForText(citizen.id, /Đã nhận được vị trí, cảm ơn Bà\./);
    // A document, too: the citizen receives the file with the commune's caption.
    await reply(h, CHAIR, CHAIR, alert.message_id, {
      caption: 'Kế hoạch thu gom rác của xã',
      document: 'ke-hoach.pdf',
    });
    const document = await h.waitForText(citizen.id, /Kế hoạch thu gom rác của xã/);
    expect(document.document).toBeDefined();
    expect(document.caption).toMatch(new RegExp(`^🏛 UBND xã Bắc Đông Hưng · phiếu ${r.ticket}:`));
    expect(findMessage(h, citizen.id, /Tôi ghi nhận/)).toBeUndefined();

    // The thread keeps every message with its author, direction and delivery.
    await until('every thread message delivered', async () =>
      (await h.gopy.repos.workflow.thread(r.id, true)).every((m) => m.delivery === 'sent'),
    );
    const thread = await h.gopy.repos.workflow.thread(r.id, true);
    expect(thread.map((m) => [m.direction, m.text])).toEqual([
      ['out', 'Xã sẽ cử người kiểm tra bãi rác trong tuần này.'],
      ['in', 'Cảm ơn xã, bãi rác ở cuối thôn Đông.'],
      ['in', 'Ảnh bãi rác chụp sáng nay'],
      ['out', 'Đã nhận được vị trí, cảm ơn Bà.'],
      ['out', 'Kế hoạch thu gom rác của xã'],
    ]);
    expect(thread.every((m) => m.delivery === 'sent')).toBe(true);
    expect(thread[2]?.files).toHaveLength(1);
    await h.send(CHAIR, `/xem ${r.ticket}`);
    const view = h.last(CHAIR)?.text ?? '';
    expect(view).toMatch(/UBND xã · Chủ tịch UBND xã \(demo\) · .* · ✓ người dân đã nhận/);
    expect(view).toMatch(
      /Người dân Đỗ Thị Hoa · .* · ✓ đã chuyển cán bộ: Chủ tịch UBND xã \(demo\), nhóm cán bộ xã\n/,
    );
    expect(view).toMatch(/📎 1 ảnh/);
    expect(h.fake.violations()).toEqual([]);
  }, 90_000);
});

describe('thread relay: anonymity, notes, edits, reopen (grammY)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ framework: 'grammy' });
  }, 90_000);
  afterAll(async () => h?.close());

  /** The chair gives the new report to the demo staff member, who is told. */
  async function assignToStaff(ticket: string) {
    await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${ticket}`));
    await h.press(CHAIR, '👤 Giao cán bộ');
    await h.press(CHAIR, /^Công chức Văn phòng \(demo\)/);
    await h.waitForText(STAFF, new RegExp(`Phản ánh được giao cho Ông/Bà · ${ticket}`));
  }
  /** The staff member answers "resolved" with `text`; resolves with the citizen's copy. */
  async function resolveFor(citizenId: number, text: string) {
    await h.press(STAFF, '✔ Đã xử lý');
    await h.press(STAFF, 'Đã giải quyết');
    await h.send(STAFF, text);
    return h.waitForText(citizenId, new RegExp(text.slice(0, 20)));
  }

  it('an anonymous citizen’s name, username and chat id reach no official’s chat', async () => {
    const id = 582914377;
    const from = { id, first_name: 'Trần Thị Bí Mật', username: 'bimat_tran' };
    h.fake.addChat(TOKEN, {
      id,
      type: 'private',
      first_name: from.first_name,
      username: from.username,
    });
    const send = async (input: {
      text?: string;
      photo?: Uint8Array;
      replyToMessageId?: number;
    }) => {
      h.fake.injectMessage(TOKEN, { chatId: id, from, ...input });
      await h.settle();
    };
    const press = async (label: string | RegExp) => {
      const match = (l: string) => (typeof label === 'string' ? l === label : label.test(l));
      const m = [...h.fake.messagesTo(TOKEN, id)].reverse().find((x) => labels(x).some(match));
      const button = m?.reply_markup?.inline_keyboard?.flat().find((b) => match(b.text));
      if (!m || !button?.callback_data) throw new Error(`no button ${String(label)}`);
      h.fake.injectCallback(TOKEN, {
        chatId: id,
        from,
        messageId: m.message_id,
        data: button.callback_data,
      });
      await h.settle();
    };

    await send({ text: '/start' });
    await press('Gửi phản ánh, kiến nghị');
    await press('Phản ánh');
    await send({ text: 'bac dong hung' });
    await press(/Bắc Đông Hưng/);
    await press('Giao thông, đường sá');
    await send({ text: 'Cống thoát nước trước chợ bị tắc, nước tràn ra đường mỗi khi mưa.' });
    await send({ photo: TINY_PNG });
    await press('✅ Xong');
    await send({ text: 'Bỏ qua' });
    await press('Có, gửi ẩn danh');
    await press('Không công khai');
    await press('✅ Gửi');
    const done = await h.waitForText(id, /Mã phiếu: PA-\d{4}-\d{6}/);
    const ticket = /PA-\d{4}-\d{6}/.exec(done.text ?? '')![0];

    const alert = await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${ticket}`));
    expect(alert.caption).toMatch(/Người gửi: ẩn danh/); // one photo: the alert is its caption
    await h.press(CHAIR, '✅ Tiếp nhận');
    await reply(h, CHAIR, CHAIR, alert.message_id, 'Xã đã nhận, sẽ nạo vét cống trong 3 ngày.');
    const answer = await h.waitForText(id, /sẽ nạo vét cống/);
    await until('the answer linked to the report', () =>
      h.gopy.repos.workflow.findLink(String(id), answer.message_id),
    );
    await send({ text: 'Cảm ơn, tôi sẽ theo dõi.', replyToMessageId: answer.message_id });
    const relayed = await h.waitForText(GROUP, /tôi sẽ theo dõi/, GROUP_WAIT_MS);
    expect(relayed.text).toMatch(new RegExp(`💬 ${ticket} · Người dân \\(ẩn danh\\):`));
    await h.waitForText(CHAIR, /tôi sẽ theo dõi/);
    await h.send(CHAIR, `/xem ${ticket}`);

    const officials = callsTo(h, [CHAIR, STAFF, OTHER_CHAIR, GROUP]);
    expect(officials.length).toBeGreaterThan(5);
    for (const call of officials) {
      const sent = JSON.stringify(call.params);
      expect(sent).not.toMatch(/Bí Mật|bimat_tran|582914377/);
    }
    expect(h.fake.violations()).toEqual([]);
  }, 90_000);

  it('a private note never reaches the citizen', async () => {
    const citizen = { id: 7202 };
    const r = await fileReport(h, { citizen, categoryCode: 'an-ninh' });
    await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${r.ticket}`));
    await h.send(CHAIR, `/ghichu ${r.ticket} Nội bộ: đã báo Công an xã, chưa trả lời dân.`);
    expect(h.last(CHAIR)?.text).toMatch(/Đã lưu ghi chú cho phiếu/);
    await h.send(CHAIR, `/xem ${r.ticket}`);
    expect(h.last(CHAIR)?.text).toMatch(/📝 Ghi chú nội bộ · Chủ tịch UBND xã \(demo\)/);
    expect(h.last(CHAIR)?.text).toMatch(/đã báo Công an xã/);
    expect(JSON.stringify(callsTo(h, [citizen.id]).map((c) => c.params))).not.toMatch(
      /đã báo Công an xã/,
    );
    expect(await h.gopy.repos.reports.threadForCitizen(r.id)).toEqual([]);
    expect(h.fake.violations()).toEqual([]);
  });

  it('edits follow a relayed message, and /xoa takes an answer back', async () => {
    const citizen = { id: 7203 };
    const r = await fileReport(h, { citizen, categoryCode: 'thu-tuc' });
    const alert = await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${r.ticket}`));
    await reply(h, CHAIR, CHAIR, alert.message_id, 'Mời Ông/Bà đến nộp hồ sơ vào sáng thứ Hai.');
    const copy = await h.waitForText(citizen.id, /sáng thứ Hai/);

    // The chair corrects the day: the citizen's copy shows the correction.
    h.fake.injectEditedMessage(TOKEN, {
      chatId: CHAIR,
      messageId: ownMessageId(h, CHAIR, /sáng thứ Hai/),
      text: 'Mời Ông/Bà đến nộp hồ sơ vào sáng thứ Ba.',
    });
    await h.settle();
    expect(h.last(CHAIR)?.text).toMatch(/Đã cập nhật tin nhắn ở phía người dân/);
    await h.fake.waitFor(() =>
      /sáng thứ Ba\.\n\(đã sửa\)/.test(
        h.fake.messagesTo(TOKEN, citizen.id).find((m) => m.message_id === copy.message_id)?.text ??
          '',
      ),
    );

    // The citizen corrects their reply: the group's copy follows.
    await reply(h, citizen.id, citizen.id, copy.message_id, 'Tôi sẽ đến lúc 8 giờ.');
    const groupCopy = await h.waitForText(GROUP, /Tôi sẽ đến lúc 8 giờ/, GROUP_WAIT_MS);
    h.fake.injectEditedMessage(TOKEN, {
      chatId: citizen.id,
      messageId: ownMessageId(h, citizen.id, /Tôi sẽ đến lúc 8 giờ/),
      text: 'Tôi sẽ đến lúc 9 giờ.',
    });
    await h.settle();
    await h.fake.waitFor(
      () =>
        /Tôi sẽ đến lúc 9 giờ\.\n\(đã sửa\)/.test(
          h.fake.messagesTo(TOKEN, GROUP).find((m) => m.message_id === groupCopy.message_id)
            ?.text ?? '',
        ),
      GROUP_WAIT_MS,
    );
    const thread = await h.gopy.repos.workflow.thread(r.id, true);
    expect(thread.map((m) => m.text)).toEqual([
      'Mời Ông/Bà đến nộp hồ sơ vào sáng thứ Ba.',
      'Tôi sẽ đến lúc 9 giờ.',
    ]);
    expect(thread.every((m) => m.editedAt !== null)).toBe(true);

    // /xoa, in reply to one's own relayed message, takes it back at the citizen's side.
    await reply(h, CHAIR, CHAIR, ownMessageId(h, CHAIR, /sáng thứ Ba/), '/xoa');
    expect(h.last(CHAIR)?.text).toMatch(/Đã thu hồi tin nhắn ở phía người dân/);
    await h.fake.waitFor(() =>
      /Tin nhắn này đã được thu hồi/.test(
        h.fake.messagesTo(TOKEN, citizen.id).find((m) => m.message_id === copy.message_id)?.text ??
          '',
      ),
    );
    const retracted = (await h.gopy.repos.workflow.thread(r.id, true))[0];
    expect(retracted?.deletedAt).not.toBeNull();
    expect(await h.gopy.repos.reports.threadForCitizen(r.id)).toHaveLength(1);
    expect(h.fake.violations()).toEqual([]);
  }, 90_000);

  it('a reopen alerts the assignee with the citizen’s comment; the second reopen goes up to the chair', async () => {
    const citizen = { id: 7204 };
    const r = await fileReport(h, { citizen, categoryCode: 'thu-tuc' });
    await assignToStaff(r.ticket);

    const resolve = (text: string) => resolveFor(citizen.id, text);
    await resolve('Hồ sơ đã được ký, mời Ông/Bà nhận tại bộ phận một cửa.');
    await h.press(citizen.id, 'Một phần');
    expect(h.last(citizen.id)?.text).toMatch(/điều gì còn chưa được giải quyết/);
    await h.send(citizen.id, 'Tôi đến nhưng chưa có bản sao có chứng thực.');
    expect(findMessage(h, citizen.id, /Đã mở lại phiếu/)?.text).toMatch(
      /UBND xã sẽ xử lý tiếp và trả lời Ông\/Bà trước \d{2}\/\d{2}\/\d{4}/,
    );
    expect(labels(h.last(citizen.id))).toContain('5 – Rất hài lòng');
    await h.press(citizen.id, '2 – Không hài lòng');
    await h.press(citizen.id, 'Không');
    const again = await h.waitForText(STAFF, /Người dân mở lại phiếu \(lần 1\)/);
    expect(again.text).toMatch(
      /mới giải quyết một phần: Tôi đến nhưng chưa có bản sao có chứng thực\./,
    );
    expect((await h.db.prisma.report.findUniqueOrThrow({ where: { id: r.id } })).status).toBe(
      'reopened',
    );

    await resolve('Bản sao có chứng thực đã sẵn sàng, xin lỗi Ông/Bà vì sự chậm trễ.');
    await h.press(citizen.id, 'Chưa giải quyết');
    await h.press(citizen.id, 'Bỏ qua');
    // The second reopen's notice, not the first one's: wait for it to arrive.
    await h.waitForText(citizen.id, /Đã mở lại phiếu[\s\S]*Phiếu đã được chuyển lên cấp trên/);
    const up = await h.waitForText(
      CHAIR,
      /Người dân chưa hài lòng lần 2 — chuyển lên Chủ tịch UBND xã/,
    );
    expect(labels(up)).toContain('✅ Tiếp nhận');
    await h.waitForText(
      citizen.id,
      /đã được chuyển lên Chủ tịch UBND xã Bắc Đông Hưng để chỉ đạo giải quyết/,
    );
    // The staff member who answered it, and held it, is told where it went: once.
    const movedUp = new RegExp(
      `↩ Người dân mở lại phiếu \\(lần 2\\) — đã chuyển lên Chủ tịch UBND xã.* · ${r.ticket}`,
    );
    const atStaff = await h.waitForText(STAFF, movedUp);
    expect(atStaff.text).toMatch(/Người dân cho biết chưa giải quyết\./);
    // It is no longer his: nothing to press, and not the chair's deadline.
    expect(labels(atStaff)).toEqual([]);
    expect(atStaff.text).not.toMatch(/Hạn xử lý/);
    expect(atStaff.text).toMatch(/không còn phụ trách phiếu này/);
    await h.settle();
    expect(h.fake.messagesTo(TOKEN, STAFF).filter((m) => movedUp.test(m.text ?? ''))).toHaveLength(
      1,
    );
    const row = await h.db.prisma.report.findUniqueOrThrow({
      where: { id: r.id },
      include: { events: { orderBy: { id: 'asc' } } },
    });
    expect(row.status).toBe('routed');
    expect(row.escalationLevel).toBe(1);
    expect(row.reopenCount).toBe(2);
    expect(row.events.map((e) => e.type)).toEqual([
      'submitted',
      'routed',
      'assigned',
      'resolved',
      'reopened',
      'resolved',
      'reopened',
      'escalated',
    ]);
    const ratings = await h.db.prisma.rating.findMany({
      where: { reportId: r.id },
      include: { answers: true },
    });
    expect(ratings.flatMap((x) => x.answers.map((a) => [a.itemId, a.score, a.choices]))).toEqual(
      expect.arrayContaining([
        ['answer-satisfaction', 2, []],
        ['answer-clear', null, ['no']],
      ]),
    );
    expect(h.fake.violations()).toEqual([]);
  }, 90_000);

  it('a reopen of what the chair answered himself tells him and the assignee, with the comment, once each', async () => {
    const citizen = { id: 7207 };
    const r = await fileReport(h, { citizen, categoryCode: 'thu-tuc' });
    await assignToStaff(r.ticket);
    // The chair answers himself, from his own alert.
    await h.press(CHAIR, '✔ Đã xử lý');
    await h.press(CHAIR, 'Đã giải quyết');
    await h.send(CHAIR, 'Giấy xác nhận đã ký, mời Ông/Bà nhận tại bộ phận một cửa.');
    await h.waitForText(citizen.id, /Giấy xác nhận đã ký/);
    await h.press(citizen.id, 'Chưa giải quyết');
    await h.send(citizen.id, 'Bộ phận một cửa nói chưa nhận được giấy.');

    const heading = new RegExp(`Người dân mở lại phiếu \\(lần 1\\) · ${r.ticket}`);
    const atChair = await h.waitForText(CHAIR, heading);
    expect(atChair.text).toMatch(/chưa giải quyết: Bộ phận một cửa nói chưa nhận được giấy\./);
    const atStaff = await h.waitForText(STAFF, heading);
    expect(atStaff.text).toMatch(/Bộ phận một cửa nói chưa nhận được giấy\./);
    await h.settle();
    expect(h.fake.messagesTo(TOKEN, CHAIR).filter((m) => heading.test(m.text ?? ''))).toHaveLength(
      1,
    );
    expect(h.fake.messagesTo(TOKEN, STAFF).filter((m) => heading.test(m.text ?? ''))).toHaveLength(
      1,
    );
    // The chair's first alert, redrawn, keeps the citizen's words too.
    await h.fake.waitFor(() =>
      h.fake
        .messagesTo(TOKEN, CHAIR)
        .some((m) =>
          /Người dân mở lại: chưa giải quyết — «Bộ phận một cửa nói chưa nhận được giấy\.»/.test(
            m.text ?? '',
          ),
        ),
    );
    // /xem: the comment reached the officials, not «chưa chuyển đến ai».
    await until('the reopen alerts sent', async () =>
      (await h.gopy.repos.workflow.thread(r.id, true)).every((m) => m.delivery === 'sent'),
    );
    await h.send(CHAIR, `/xem ${r.ticket}`);
    const view = h.last(CHAIR)?.text ?? '';
    // …and says who: the chair who answered and the assignee.
    expect(view).toMatch(
      /Người dân 7207 · .* · ✓ đã chuyển cán bộ: (Công chức Văn phòng \(demo\), Chủ tịch UBND xã \(demo\)|Chủ tịch UBND xã \(demo\), Công chức Văn phòng \(demo\))\nBộ phận một cửa nói chưa nhận/,
    );
    expect(view).not.toMatch(/chưa chuyển đến ai/);
    expect(h.fake.violations()).toEqual([]);
  }, 90_000);

  it('a second reopen that goes up tells the assignee where it went; the chair who answered reads only the escalation', async () => {
    const citizen = { id: 7208 };
    const r = await fileReport(h, { citizen, categoryCode: 'thu-tuc' });
    await assignToStaff(r.ticket);
    const answer = async (text: string) => {
      await h.press(CHAIR, '✔ Đã xử lý');
      await h.press(CHAIR, 'Đã giải quyết');
      await h.send(CHAIR, text);
      await h.waitForText(citizen.id, new RegExp(text.slice(0, 20)));
    };
    await answer('Giấy xác nhận đã ký, mời Ông/Bà nhận tại bộ phận một cửa.');
    await h.press(citizen.id, 'Chưa giải quyết');
    await h.send(citizen.id, 'Bộ phận một cửa nói chưa nhận được giấy.');
    await h.waitForText(STAFF, new RegExp(`Người dân mở lại phiếu \\(lần 1\\) · ${r.ticket}`));
    await h.waitForText(CHAIR, new RegExp(`Người dân mở lại phiếu \\(lần 1\\) · ${r.ticket}`));

    await answer('Giấy đã chuyển xuống bộ phận một cửa sáng nay, mời Ông/Bà đến nhận.');
    await h.press(citizen.id, 'Chưa giải quyết');
    await h.send(citizen.id, 'Tôi đến lần nữa, vẫn chưa có giấy.');
    // The chair answered it and is the level above: the escalation's alert is all he reads.
    const up = await h.waitForText(
      CHAIR,
      new RegExp(`Người dân chưa hài lòng lần 2 — chuyển lên Chủ tịch UBND xã.* · ${r.ticket}`),
    );
    expect(up.text).toMatch(
      /Người dân cho biết chưa giải quyết: Tôi đến lần nữa, vẫn chưa có giấy\./,
    );
    // The staff member who held it is told it went up, with the citizen's words.
    const movedUp = new RegExp(
      `↩ Người dân mở lại phiếu \\(lần 2\\) — đã chuyển lên Chủ tịch UBND xã.* · ${r.ticket}`,
    );
    const atStaff = await h.waitForText(STAFF, movedUp);
    expect(atStaff.text).toMatch(/chưa giải quyết: Tôi đến lần nữa, vẫn chưa có giấy\./);
    expect(labels(atStaff)).toEqual([]);
    await h.settle();
    const about = (chat: number, pattern: RegExp) =>
      h.fake
        .messagesTo(TOKEN, chat)
        .filter((m) => pattern.test(m.text ?? '') && (m.text ?? '').includes(r.ticket));
    expect(about(STAFF, movedUp)).toHaveLength(1);
    expect(about(CHAIR, /lần 2/)).toHaveLength(1);
    expect(about(CHAIR, /Người dân mở lại phiếu \(lần 2\)/)).toHaveLength(0);
    // /xem: the second comment reached the officials.
    await until('the escalation alerts sent', async () =>
      (await h.gopy.repos.workflow.thread(r.id, true)).every((m) => m.delivery === 'sent'),
    );
    await h.send(CHAIR, `/xem ${r.ticket}`);
    expect(h.last(CHAIR)?.text ?? '').toMatch(
      /Người dân 7208 · .* · ✓ đã chuyển cán bộ[^\n]*\nTôi đến lần nữa, vẫn chưa có giấy\./,
    );
    expect(h.fake.violations()).toEqual([]);
  }, 90_000);

  it('a citizen who chose English reads the answer, the reopen and the refusals of old buttons in English', async () => {
    const citizen = { id: 7206 };
    const r = await fileReport(h, { citizen, categoryCode: 'thu-tuc' });
    // Filed in Vietnamese; the citizen switches to English afterwards, before the answer.
    await h.send(citizen.id, '/language');
    await h.press(citizen.id, 'English');
    await assignToStaff(r.ticket);
    const resolve = (text: string) => resolveFor(citizen.id, text);
    const toastAfter = async (press: () => Promise<void>) => {
      const after = h.fake.lastCallSeq();
      await press();
      return (await h.fake.waitForCall('answerCallbackQuery', undefined, { after })).params.text;
    };

    // The answer: the commune's words as written, the rest in English.
    const answer = await resolve('Hồ sơ đã được ký, mời Ông/Bà nhận tại bộ phận một cửa.');
    expect(answer.text).toMatch(
      new RegExp(`^🏛 .+ answers ticket ${r.ticket}:\\n\\nResult: resolved\\.\\n`),
    );
    expect(answer.text).toMatch(/\n\nHas your problem been resolved\?$/);
    expect(labels(answer)).toEqual(['Resolved', 'Partly', 'Not resolved']);

    // "Partly": asked what is left, then told the ticket is reopened, and asked to rate.
    await h.press(citizen.id, 'Partly');
    expect(h.last(citizen.id)?.text).toBe(
      `Please tell us what is still not resolved on ticket ${r.ticket} (type it); the commune will follow up:`,
    );
    expect(labels(h.last(citizen.id))).toEqual(['Skip']);
    await h.send(citizen.id, 'Tôi đến nhưng chưa có bản sao có chứng thực.');
    expect(findMessage(h, citizen.id, /is reopened/)?.text).toMatch(
      new RegExp(
        `^Ticket ${r.ticket} is reopened\\. The commune will follow up and answer you by \\d{2}/\\d{2}/\\d{4}\\.$`,
      ),
    );
    expect(h.last(citizen.id)?.text).toBe('How would you rate the commune’s last answer?');
    expect(labels(h.last(citizen.id))).toContain('5 – Very satisfied');
    // Officials still read it in their language, with the citizen's words.
    const reopened = await h.waitForText(
      STAFF,
      new RegExp(`Người dân mở lại phiếu \\(lần 1\\) · ${r.ticket}`),
    );
    expect(reopened.text).toMatch(/Tôi đến nhưng chưa có bản sao có chứng thực\./);
    // The answer's buttons no longer apply once the ticket is reopened.
    expect(await toastAfter(() => h.press(citizen.id, 'Partly'))).toBe(
      'This ticket no longer waits for a confirmation.',
    );

    // The second answer: "Not resolved", then /huy; the comment's "Skip" is an old button now.
    await resolve('Bản sao có chứng thực đã sẵn sàng, xin lỗi Ông/Bà vì sự chậm trễ.');
    await h.press(citizen.id, 'Not resolved');
    expect(h.last(citizen.id)?.text).toBe(
      `Please tell us what is not resolved on ticket ${r.ticket} (type it); the commune will follow up:`,
    );
    await h.send(citizen.id, '/huy');
    expect(h.last(citizen.id)?.text).toBe('Cancelled.');
    expect(await toastAfter(() => h.press(citizen.id, 'Skip'))).toBe(
      'That button belongs to an old message.',
    );

    // Resolved: the ticket closes; its answer's other buttons say so in English.
    expect(await toastAfter(() => h.press(citizen.id, 'Resolved'))).toBe('Noted');
    expect(await toastAfter(() => h.press(citizen.id, 'Partly'))).toBe('This ticket is closed.');
    expect((await h.db.prisma.report.findUniqueOrThrow({ where: { id: r.id } })).status).toBe(
      'closed',
    );
    expect(h.fake.violations()).toEqual([]);
  }, 90_000);

  it('a citizen who chose English reads an official’s message, its edit and its retraction framed in English', async () => {
    const citizen = { id: 7207 };
    const r = await fileReport(h, { citizen, categoryCode: 'thu-tuc' });
    await h.send(citizen.id, '/language');
    await h.press(citizen.id, 'English');
    await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${r.ticket}`));

    // /tl: the commune's words as written, the header and the button in English.
    await h.send(CHAIR, `/tl ${r.ticket} Mời Ông/Bà mang căn cước đến vào sáng thứ Hai.`);
    expect(h.last(CHAIR)?.text).toMatch(new RegExp(`Đã gửi cho người dân \\(phiếu ${r.ticket}\\)`));
    const copy = await h.waitForText(citizen.id, /sáng thứ Hai/);
    expect(copy.text).toBe(
      `🏛 UBND xã Bắc Đông Hưng · ticket ${r.ticket}:\n\nMời Ông/Bà mang căn cước đến vào sáng thứ Hai.`,
    );
    expect(labels(copy)).toEqual(['✉ Reply']);
    const copyNow = () =>
      h.fake.messagesTo(TOKEN, citizen.id).find((m) => m.message_id === copy.message_id);

    // The chair corrects the day: the copy shows it under the English header, still with "Reply".
    h.fake.injectEditedMessage(TOKEN, {
      chatId: CHAIR,
      messageId: ownMessageId(h, CHAIR, /sáng thứ Hai/),
      text: `/tl ${r.ticket} Mời Ông/Bà mang căn cước đến vào sáng thứ Ba.`,
    });
    await h.settle();
    expect(h.last(CHAIR)?.text).toMatch(/Đã cập nhật tin nhắn ở phía người dân/);
    // The edit goes through the delivery queue, paced per chat: seconds under a loaded CI.
    await h.fake.waitFor(() => /sáng thứ Ba/.test(copyNow()?.text ?? ''), 20_000);
    expect(copyNow()?.text).toBe(
      `🏛 UBND xã Bắc Đông Hưng · ticket ${r.ticket}:\n\nMời Ông/Bà mang căn cước đến vào sáng thứ Ba.\n(edited)`,
    );
    expect(labels(copyNow())).toEqual(['✉ Reply']);

    // /xoa takes it back: the copy says so in English.
    await reply(h, CHAIR, CHAIR, ownMessageId(h, CHAIR, /sáng thứ Ba/), '/xoa');
    expect(h.last(CHAIR)?.text).toMatch(/Đã thu hồi tin nhắn ở phía người dân/);
    await h.fake.waitFor(() => /withdrawn/.test(copyNow()?.text ?? ''), 20_000);
    expect(copyNow()?.text).toBe(
      `🏛 UBND xã Bắc Đông Hưng · ticket ${r.ticket}:\n\nThis message has been withdrawn.`,
    );
    expect(h.fake.violations()).toEqual([]);
  }, 90_000);
});
