/**
 * The officials' desk through the real grammY bot and the fake Bot API, on real PostgreSQL and
 * Redis: invites and /whoami, who may press which button (a citizen, another commune's chair,
 * staff), assigning from the list, passing with a reason, extending once, resolving with a
 * result type and what it needs, stale and foreign tickets, /stats.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN, startHarness, type Harness } from '../support/gopy-harness.ts';
import {
  callsTo,
  fileReport,
  findMessage,
  labels,
  pressData,
  reply,
} from '../support/desk-fixtures.ts';
import { CHAIR, STAFF, OTHER_CHAIR, GROUP, GROUP_WAIT_MS } from '../support/demo.ts';

const NEW_VICE_CHAIR = 9021;

describe('officials desk (grammY)', () => {
  let h: Harness;
  beforeAll(async () => {
    // The chair taps faster than a person could (one list opened twice, stale buttons): the
    // flood guard must not hold the next test's commands.
    h = await startHarness({ framework: 'grammy', humanPace: true });
  }, 90_000);
  afterAll(async () => h?.close());

  const statusOf = async (id: number) =>
    (await h.db.prisma.report.findUniqueOrThrow({ where: { id } })).status;
  const eventsOf = async (id: number) =>
    (
      await h.db.prisma.reportEvent.findMany({ where: { reportId: id }, orderBy: { id: 'asc' } })
    ).map((e) => e.type);

  it('an invite registers an official once; /whoami says who they are', async () => {
    const { code } = await h.gopy.repos.officials.createInvite({
      unitCode: '12694',
      positionKind: 'vice-chair',
      role: 'leader',
      fields: ['an-ninh'],
      now: new Date(),
    });
    h.fake.addChat(TOKEN, { id: NEW_VICE_CHAIR, type: 'private', first_name: 'Lê Văn Phó' });
    await h.send(NEW_VICE_CHAIR, `/start inv_${code}`, { firstName: 'Lê Văn Phó' });
    expect(h.last(NEW_VICE_CHAIR)?.text).toMatch(
      /Ông\/Bà đã được đăng ký là Phó Chủ tịch UBND Xã Bắc Đông Hưng phụ trách lĩnh vực: An ninh, trật tự/,
    );
    await h.send(NEW_VICE_CHAIR, '/whoami');
    expect(h.last(NEW_VICE_CHAIR)?.text).toMatch(/Chức vụ: Phó Chủ tịch UBND Xã Bắc Đông Hưng/);
    expect(h.last(NEW_VICE_CHAIR)?.text).toMatch(/Vai trò: Lãnh đạo/);

    // Someone else opening the same link is not registered.
    await h.send(7050, `/start inv_${code}`);
    expect(h.last(7050)?.text).toMatch(/Mã mời này đã được sử dụng/);
    await h.send(7050, '/whoami');
    expect(h.last(7050)?.text).toMatch(/chưa được đăng ký là cán bộ trên Gopy/);
    expect(h.fake.violations()).toEqual([]);
  });

  it('refuses a citizen, another commune’s chair and staff on a leader’s button; staff answer only what is assigned', async () => {
    const citizen = { id: 7101, firstName: 'Phạm Văn Dân' };
    const r = await fileReport(h, { citizen, categoryCode: 'giao-thong' });
    const alert = await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${r.ticket}`));
    const groupAlert = await h.waitForText(
      GROUP,
      new RegExp(`Phản ánh mới · ${r.ticket}`),
      GROUP_WAIT_MS,
    );
    expect(alert.text).toMatch(/Loại: Phản ánh · Lĩnh vực: Giao thông, đường sá/);
    expect(alert.text).toMatch(/Địa bàn: Xã Bắc Đông Hưng, Tỉnh Hưng Yên/);
    expect(alert.text).toMatch(/Hạn xử lý: \d{2}\/\d{2}\/\d{4}/);
    expect(alert.text).toMatch(/Người gửi: Phạm Văn Dân/);
    const ackData = `o.${r.id}.ack`;

    // The citizen forges the chair's button in their own chat.
    await h.waitForText(citizen.id, new RegExp(`${r.ticket} của Ông/Bà đã được chuyển đến`));
    const citizenMessage = h.last(citizen.id)!;
    expect(await pressData(h, citizen.id, citizen.id, citizenMessage.message_id, ackData)).toMatch(
      /^Chỉ cán bộ được phân công mới thao tác được nút này\.$/,
    );
    // The chair of another commune.
    await h.send(OTHER_CHAIR, '/whoami');
    expect(
      await pressData(h, OTHER_CHAIR, OTHER_CHAIR, h.last(OTHER_CHAIR)!.message_id, ackData),
    ).toMatch(/không thuộc xã của Ông\/Bà/);
    // Staff, in the commune's group, on the real button.
    expect(await pressData(h, STAFF, GROUP, groupAlert.message_id, ackData)).toMatch(
      /Vai trò của Ông\/Bà không thực hiện được/,
    );
    // Staff replying to the alert before it is theirs.
    await reply(h, STAFF, GROUP, groupAlert.message_id, 'Để tôi trả lời người dân.');
    expect(h.last(GROUP)?.text).toMatch(/chưa được giao cho Ông\/Bà/);
    expect(await statusOf(r.id)).toBe('routed');
    expect(findMessage(h, citizen.id, /Để tôi trả lời/)).toBeUndefined();

    // The chair acknowledges: every alert shows it, the citizen is told.
    await h.press(CHAIR, '✅ Tiếp nhận');
    await h.waitForText(citizen.id, /đã được lãnh đạo xã tiếp nhận/);
    await h.fake.waitFor(
      () =>
        /Đã tiếp nhận — Chủ tịch UBND xã \(demo\)/.test(
          findMessage(h, GROUP, new RegExp(r.ticket))?.text ?? '',
        ),
      GROUP_WAIT_MS,
    );
    expect(findMessage(h, CHAIR, new RegExp(r.ticket))?.text).toMatch(
      /Trạng thái: Đã tiếp nhận, đang xử lý/,
    );

    // Assign from the list of the commune's staff.
    await h.press(CHAIR, '👤 Giao cán bộ');
    expect(labels(h.last(CHAIR))).toEqual([
      'Công chức Văn phòng (demo) · Công chức Văn phòng HĐND và UBND xã',
    ]);
    await h.press(CHAIR, 'Công chức Văn phòng (demo) · Công chức Văn phòng HĐND và UBND xã');
    const assigned = await h.waitForText(STAFF, /Phản ánh được giao cho Ông\/Bà/);
    expect(assigned.text).toMatch(/Người giao: Chủ tịch UBND xã \(demo\)/);
    expect(labels(assigned)).toEqual(['✔ Đã xử lý']); // staff see only what they may do
    await h.waitForText(citizen.id, /đã được giao cho cán bộ xử lý/);

    // Staff still cannot acknowledge, but now answer, with a photo.
    expect(await pressData(h, STAFF, STAFF, assigned.message_id, ackData)).toMatch(/Vai trò/);
    await reply(h, STAFF, STAFF, assigned.message_id, {
      photo: true,
      caption: 'Chúng tôi đã kiểm tra, bóng đèn sẽ được thay trong tuần.',
    });
    expect(h.last(STAFF)?.text).toMatch(/Đã gửi cho người dân/);
    const relayed = await h.waitForText(citizen.id, /bóng đèn sẽ được thay/);
    expect(relayed.photo).toBeDefined();
    expect(relayed.caption).toMatch(new RegExp(`UBND xã Bắc Đông Hưng · phiếu ${r.ticket}`));
    expect(labels(relayed)).toEqual(['✉ Trả lời']);
    // The citizen never learns which official wrote.
    const toCitizen = JSON.stringify(callsTo(h, [citizen.id]).map((c) => c.params));
    expect(toCitizen).not.toMatch(/Công chức Văn phòng|demo|9002/);

    // Staff resolve: an on-site category needs a photo of the result.
    await h.press(STAFF, '✔ Đã xử lý');
    await h.press(STAFF, 'Đã giải quyết');
    const resolvedPrompt = h.last(STAFF)!;
    expect(resolvedPrompt.text).toContain(
      '1. UBND xã đã cử cán bộ kiểm tra hiện trường và cho sửa chữa đoạn đường hư hỏng. Kính mời Ông/Bà xem ảnh kết quả kèm theo.',
    );
    expect(resolvedPrompt.text).not.toMatch(/không thuộc thẩm quyền|vào kế hoạch/);
    expect(resolvedPrompt.text).not.toContain('…');
    await h.send(STAFF, 'Đã thay bóng đèn mới, đèn sáng bình thường từ tối nay.');
    expect(h.last(STAFF)?.text).toMatch(/cần ảnh kết quả tại hiện trường/);
    await h.sendPhoto(STAFF);
    const answer = await h.waitForText(citizen.id, /trả lời phiếu/);
    expect(answer.text).toMatch(/Kết quả: Đã giải quyết\./);
    expect(answer.text).toMatch(/Đã thay bóng đèn mới/);
    expect(labels(answer)).toEqual(['Đã giải quyết', 'Một phần', 'Chưa giải quyết']);
    // The result photo comes first, and says what it is: never a bare photo.
    const toCitizenNow = h.fake.messagesTo(TOKEN, citizen.id);
    const evidence = toCitizenNow[toCitizenNow.indexOf(answer) - 1];
    expect(evidence?.photo).toBeDefined();
    expect(evidence?.caption).toMatch(new RegExp(`kết quả xử lý phiếu ${r.ticket}`));
    expect(await statusOf(r.id)).toBe('resolved');

    await h.press(citizen.id, 'Đã giải quyết');
    expect(h.last(citizen.id)?.text).toMatch(/hài lòng với câu trả lời/);
    await h.press(citizen.id, '5 – Rất hài lòng');
    await h.press(citizen.id, 'Có');
    expect(h.last(citizen.id)?.text).toMatch(/Cảm ơn Ông\/Bà đã đánh giá/);
    expect(await statusOf(r.id)).toBe('closed');
    expect(await eventsOf(r.id)).toEqual([
      'submitted',
      'routed',
      'acknowledged',
      'assigned',
      'resolved',
      'closed',
    ]);
    // The closed report's alert lost its buttons.
    await h.fake.waitFor(() => labels(findMessage(h, CHAIR, new RegExp(r.ticket))).length === 0);
    expect(h.fake.violations()).toEqual([]);
  }, 90_000);

  it('extends a deadline once, with a reason the citizen reads; passes on with a reason', async () => {
    const citizen = { id: 7102 };
    const r = await fileReport(h, { citizen, categoryCode: 'moi-truong' });
    await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${r.ticket}`));
    const before = await h.db.prisma.report.findUniqueOrThrow({ where: { id: r.id } });

    await h.press(CHAIR, '⏳ Xin gia hạn');
    expect(h.last(CHAIR)?.text).toMatch(/Nhập lý do xin gia hạn phiếu/);
    await h.send(CHAIR, 'Cần chờ đơn vị thu gom bố trí xe chuyên dụng.');
    expect(h.last(CHAIR)?.text).toMatch(
      new RegExp(`Đã gia hạn phiếu ${r.ticket} đến \\d{2}/\\d{2}/\\d{4}`),
    );
    const notice = await h.waitForText(citizen.id, /cần thêm thời gian xử lý/);
    expect(notice.text).toMatch(/Lý do: Cần chờ đơn vị thu gom bố trí xe chuyên dụng\./);
    const after = await h.db.prisma.report.findUniqueOrThrow({ where: { id: r.id } });
    expect(after.dueAt.getTime()).toBeGreaterThan(before.dueAt.getTime());
    expect(after.extendedAt).not.toBeNull();
    // The button is gone; pressing a stale one is refused.
    await h.fake.waitFor(
      () => !labels(findMessage(h, CHAIR, new RegExp(r.ticket))).includes('⏳ Xin gia hạn'),
    );
    const alert = findMessage(h, CHAIR, new RegExp(r.ticket))!;
    expect(await pressData(h, CHAIR, CHAIR, alert.message_id, `o.${r.id}.ext`)).toMatch(
      /đã được gia hạn một lần/,
    );

    // Pass to the staff position, with a reason the new holder reads.
    await h.press(CHAIR, '↪ Chuyển');
    await h.press(CHAIR, /^Công chức Văn phòng HĐND và UBND xã ·/);
    expect(h.last(CHAIR)?.text).toMatch(/Nhập lý do chuyển phiếu/);
    await h.send(CHAIR, 'Văn phòng nắm danh sách hộ đổ rác sai quy định.');
    const passed = await h.waitForText(
      STAFF,
      new RegExp(`Phản ánh được chuyển đến Ông/Bà · ${r.ticket}`),
    );
    expect(passed.text).toMatch(/Lý do chuyển: Văn phòng nắm danh sách hộ đổ rác sai quy định\./);
    await h.waitForText(citizen.id, /đã được chuyển đến Công chức Văn phòng HĐND và UBND xã/);
    const events = await h.db.prisma.reportEvent.findMany({ where: { reportId: r.id } });
    const pass = events.find((e) => e.type === 'passed');
    expect(pass?.data).toMatchObject({ reason: 'Văn phòng nắm danh sách hộ đổ rác sai quy định.' });
    expect(events.map((e) => e.type)).toEqual(['submitted', 'routed', 'extended', 'passed']);
    const row = await h.db.prisma.report.findUniqueOrThrow({ where: { id: r.id } });
    expect(row.status).toBe('routed');
    expect(row.assignedOfficialId).toBe(
      (await h.db.prisma.official.findFirstOrThrow({ where: { externalId: String(STAFF) } })).id,
    );
    expect(h.fake.violations()).toEqual([]);
  }, 90_000);

  it('resolving asks for what the result type needs: where it was sent, or by when', async () => {
    const citizen = { id: 7103 };
    const r = await fileReport(h, { citizen, categoryCode: 'thu-tuc' });
    await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${r.ticket}`));

    await h.press(CHAIR, '✔ Đã xử lý');
    expect(labels(h.last(CHAIR))).toEqual([
      'Đã giải quyết',
      'Không thuộc thẩm quyền',
      'Sẽ giải quyết trước ngày…',
      '✖ Hủy',
    ]);
    await h.press(CHAIR, 'Không thuộc thẩm quyền');
    // Only the prepared answers that fit "not competent" are offered, each readable in full and
    // picked by its number (a button label would cut it short).
    const notCompetent = h.last(CHAIR)!;
    expect(notCompetent.text).toContain(
      '1. Nội dung Ông/Bà phản ánh không thuộc thẩm quyền của UBND xã. UBND xã đã chuyển đến cơ quan có thẩm quyền để xem xét, giải quyết.',
    );
    expect(notCompetent.text).not.toMatch(/Hồ sơ của Ông\/Bà đã được giải quyết/);
    expect(labels(notCompetent)).toEqual(['1', '✖ Hủy']);
    await h.send(CHAIR, 'Đã chuyển.');
    expect(h.last(CHAIR)?.text).toMatch(/Câu trả lời quá ngắn/);
    await h.send(CHAIR, 'Việc cấp mã số thuế hộ kinh doanh do cơ quan thuế giải quyết.');
    expect(h.last(CHAIR)?.text).toMatch(/đã được chuyển đến cơ quan nào/);
    await h.send(CHAIR, 'Thuế cơ sở 3 tỉnh Hưng Yên');
    const answer = await h.waitForText(citizen.id, /trả lời phiếu/);
    expect(answer.text).toMatch(
      /Kết quả: Không thuộc thẩm quyền của UBND xã; đã chuyển đến Thuế cơ sở 3 tỉnh Hưng Yên\./,
    );
    expect(answer.text).toMatch(/do cơ quan thuế giải quyết/);

    // "Will be resolved before…" needs a real date after today.
    const r2 = await fileReport(h, { citizen, categoryCode: 'chinh-sach' });
    await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${r2.ticket}`));
    await h.press(CHAIR, '✔ Đã xử lý');
    await h.press(CHAIR, 'Sẽ giải quyết trước ngày…');
    const promise = h.last(CHAIR)!;
    // A promise is offered promises, never "not eligible" or "passed on".
    expect(promise.text).not.toMatch(/chưa đủ điều kiện|không thuộc thẩm quyền/);
    const eligible =
      /(\d)\. UBND xã đã rà soát hồ sơ; gia đình Ông\/Bà đủ điều kiện hưởng chính sách và sẽ được chi trả từ kỳ tới\./.exec(
        promise.text ?? '',
      );
    expect(eligible).not.toBeNull();
    await h.press(CHAIR, eligible![1]!);
    expect(h.last(CHAIR)?.text).toMatch(/trước ngày nào/);
    await h.send(CHAIR, '31/02/2026');
    expect(h.last(CHAIR)?.text).toMatch(/Ngày không hợp lệ/);
    await h.send(CHAIR, '01/01/2020');
    expect(h.last(CHAIR)?.text).toMatch(/phải sau hôm nay/);
    const next = new Date(Date.now() + 30 * 86_400_000);
    const typed = `${String(next.getUTCDate()).padStart(2, '0')}/${String(next.getUTCMonth() + 1).padStart(2, '0')}/${next.getUTCFullYear()}`;
    await h.send(CHAIR, typed);
    // 30 days is past the report's deadline (7 working days): the chair is warned first.
    const due = (await h.db.prisma.report.findUniqueOrThrow({ where: { id: r2.id } })).dueAt;
    const warning = h.last(CHAIR)!;
    expect(warning.text).toMatch(new RegExp(`Ngày hẹn ${typed} muộn hơn hạn xử lý của phiếu`));
    expect(warning.text).toContain(
      due.toLocaleDateString('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }),
    );
    expect(labels(warning)).toEqual([`Vẫn hẹn ngày ${typed}`, '✖ Hủy']);
    expect(h.texts(citizen.id).some((t) => t.includes(`trả lời phiếu ${r2.ticket}`))).toBe(false);
    await h.press(CHAIR, `Vẫn hẹn ngày ${typed}`);
    const scheduled = await h.waitForText(citizen.id, new RegExp(`trả lời phiếu ${r2.ticket}`));
    expect(scheduled.text).toContain(`Kết quả: UBND xã sẽ giải quyết xong trước ngày ${typed}.`);
    expect(scheduled.text).toMatch(/đủ điều kiện hưởng chính sách/);
    // A promise is not a result: no "resolved?" question until its date.
    expect(scheduled.text).not.toMatch(/đã được giải quyết chưa\?/);
    expect(scheduled.text).toContain(`Đến ngày ${typed}, Ông/Bà sẽ được hỏi`);
    expect(labels(scheduled)).toEqual([]);
    const row = await h.db.prisma.report.findUniqueOrThrow({ where: { id: r2.id } });
    expect(row.resultType).toBe('scheduled');

    // Eight days on, the date still ahead: the sweep neither asks nor closes it unjudged.
    await h.db.prisma.report.update({
      where: { id: r2.id },
      data: { resolvedAt: new Date(Date.now() - 8 * 86_400_000) },
    });
    await h.gopy.maintenance.sweep();
    await h.settle();
    expect(await statusOf(r2.id)).toBe('resolved');
    const promiseDue = new RegExp(`đã hẹn giải quyết phiếu ${r2.ticket} trước ngày`);
    expect(h.texts(citizen.id).some((t) => promiseDue.test(t))).toBe(false);

    // The date has come (the promise moved to today): now the citizen is asked, once.
    const answer2 = await h.db.prisma.reportEvent.findFirstOrThrow({
      where: { reportId: r2.id, type: 'resolved' },
    });
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });
    await h.db.prisma.reportEvent.update({
      where: { id: answer2.id },
      data: { data: { ...(answer2.data as object), result: { type: 'scheduled', date: today } } },
    });
    await h.gopy.maintenance.sweep();
    await h.gopy.maintenance.sweep();
    const asked = await h.waitForText(citizen.id, promiseDue);
    expect(asked.text).toMatch(/Phản ánh của Ông\/Bà đã được giải quyết chưa\?/);
    expect(labels(asked)).toEqual(['Đã giải quyết', 'Một phần', 'Chưa giải quyết']);
    await h.settle();
    expect(h.texts(citizen.id).filter((t) => promiseDue.test(t))).toHaveLength(1);
    expect(await statusOf(r2.id)).toBe('resolved');
    expect(h.fake.violations()).toEqual([]);
  }, 90_000);

  it('an old «assign» button pressed again changes nothing and says it is assigned already', async () => {
    const citizen = { id: 7105 };
    const r = await fileReport(h, { citizen, categoryCode: 'giao-thong' });
    const alert = await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${r.ticket}`));
    await h.press(CHAIR, '✅ Tiếp nhận');
    await h.waitForText(citizen.id, /đã được lãnh đạo xã tiếp nhận/);
    // The chair's name already says the position: said once, not «… (demo) (Chủ tịch UBND xã)».
    const alertNow = () => findMessage(h, CHAIR, new RegExp(`· ${r.ticket}`))?.text ?? '';
    await h.fake.waitFor(() => /Đã tiếp nhận — /.test(alertNow()));
    const acked = alertNow();
    expect(acked).toMatch(/Đã tiếp nhận — Chủ tịch UBND xã \(demo\), \d{2}/);
    expect(acked).not.toMatch(/\(demo\) \(Chủ tịch UBND xã\)/);
    // The list opened twice (an official unsure the first tap took), the choice made on the
    // second.
    await h.press(CHAIR, '👤 Giao cán bộ');
    const list = h.last(CHAIR)!;
    await h.press(CHAIR, '👤 Giao cán bộ');
    const second = h.last(CHAIR)!;
    await h.press(CHAIR, /^Công chức Văn phòng \(demo\)/);
    await h.waitForText(STAFF, new RegExp(`Phản ánh được giao cho Ông/Bà · ${r.ticket}`));
    await h.waitForText(citizen.id, /đã được giao cho cán bộ xử lý/);
    const staffId = await h.db.prisma.report
      .findUniqueOrThrow({ where: { id: r.id } })
      .then((x) => x.assignedOfficialId);

    // The same name on the other list, on the list chosen from, and the old «Tiếp nhận»: a
    // kind word, nothing else.
    expect(await pressData(h, CHAIR, CHAIR, list.message_id, `o.${r.id}.asg.${staffId}`)).toBe(
      'Phiếu đã giao cho Công chức Văn phòng (demo) rồi, không cần giao lại.',
    );
    expect(await pressData(h, CHAIR, CHAIR, second.message_id, `o.${r.id}.asg.${staffId}`)).toBe(
      'Lựa chọn ở tin nhắn này đã được ghi nhận rồi, không cần bấm lại.',
    );
    expect(await pressData(h, CHAIR, CHAIR, alert.message_id, `o.${r.id}.ack`)).toMatch(
      /đã được tiếp nhận trước đó/,
    );
    await h.settle();
    const count = (chat: number, pattern: RegExp) =>
      h.fake.messagesTo(TOKEN, chat).filter((m) => pattern.test(m.text ?? m.caption ?? '')).length;
    expect(count(CHAIR, new RegExp(`Đã giao phiếu ${r.ticket}`))).toBe(1);
    expect(count(STAFF, new RegExp(`Phản ánh được giao cho Ông/Bà · ${r.ticket}`))).toBe(1);
    expect(count(citizen.id, /đã được giao cho cán bộ xử lý/)).toBe(1);
    expect(count(citizen.id, /đã được lãnh đạo xã tiếp nhận/)).toBe(1);
    expect(await eventsOf(r.id)).toEqual(['submitted', 'routed', 'acknowledged', 'assigned']);
    await h.send(CHAIR, `/xem ${r.ticket}`);
    expect(h.last(CHAIR)?.text?.match(/Giao cán bộ xử lý/g)).toHaveLength(1);
    expect(h.fake.violations()).toEqual([]);
  }, 90_000);

  it('refuses a stale button and another commune’s ticket', async () => {
    const citizen = { id: 7104 };
    const r = await fileReport(h, { citizen, categoryCode: 'an-ninh' });
    // An an-ninh report goes to the vice chair in charge, registered by invite above.
    const alert = await h.waitForText(NEW_VICE_CHAIR, new RegExp(`Phản ánh mới · ${r.ticket}`));
    await h.press(NEW_VICE_CHAIR, '✅ Tiếp nhận');
    // The same button again (a double tap, or an old copy of the alert).
    expect(
      await pressData(h, NEW_VICE_CHAIR, NEW_VICE_CHAIR, alert.message_id, `o.${r.id}.ack`),
    ).toMatch(/đã được tiếp nhận trước đó/);

    // Another commune's chair cannot answer, read or annotate it: to them it does not exist.
    await h.send(OTHER_CHAIR, `/tl ${r.ticket} Xin chào, tôi là cán bộ xã khác.`);
    expect(h.last(OTHER_CHAIR)?.text).toMatch(/Không tìm thấy phiếu này trong xã của Ông\/Bà/);
    await h.send(OTHER_CHAIR, `/xem ${r.ticket}`);
    expect(h.last(OTHER_CHAIR)?.text).toMatch(/Không tìm thấy phiếu này/);
    await h.send(OTHER_CHAIR, `/ghichu ${r.ticket} ghi chú lạ`);
    expect(h.last(OTHER_CHAIR)?.text).toMatch(/Không tìm thấy phiếu này/);
    await h.send(CHAIR, '/tl PA-2026-999999 Không có phiếu này');
    expect(h.last(CHAIR)?.text).toMatch(/Không tìm thấy phiếu này/);
    expect(findMessage(h, citizen.id, /cán bộ xã khác|Không có phiếu này/)).toBeUndefined();
    expect(await h.db.prisma.threadMessage.count({ where: { reportId: r.id } })).toBe(0);
    expect(h.fake.violations()).toEqual([]);
  }, 90_000);

  it('/stats shows the commune’s figures and the five criteria with their answers', async () => {
    await h.send(CHAIR, '/stats');
    const text = h.last(CHAIR)?.text ?? '';
    expect(text).toMatch(/📊 Xã Bắc Đông Hưng — tháng \d{2}\/\d{4}/);
    expect(text).toMatch(/Đang xử lý: \d+ · Quá hạn: 0/);
    expect(text).toMatch(/Đã trả lời trong tháng: [1-9]/);
    expect(text).toMatch(/Đã đóng: 1 người dân xác nhận · 0 tự đóng/);
    // Acknowledged within minutes in this test: read as minutes, never «0,0 giờ».
    expect(text).toMatch(/Thời gian tiếp nhận \(trung vị\): \d+ phút/);
    expect(text).toMatch(/2\. Chính quyền thân thiện, trách nhiệm: 100% \(1 ý kiến\)/);
    expect(text).toMatch(/1\. Chính quyền hoạt động công khai, minh bạch: chưa có ý kiến/);
    expect(h.fake.violations()).toEqual([]);
  });
});
