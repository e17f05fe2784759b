/**
 * Each official reads gopy in their own language, through the real grammY bot and the fake Bot
 * API on real PostgreSQL and Redis: a chair who chose English with /lang en receives the alert in
 * English, presses its English buttons, sees it redrawn and answered in English, and passes it
 * on to a Vietnamese vice-chair of the same commune, who receives it in Vietnamese; the staff
 * group stays Vietnamese; the chair resolves it through the English dialogue, and the
 * citizen's verdict redraws the chair's alert in English. With a second report the chair's
 * /viec, /xem, /tl, the citizen's relayed reply, /stats, /whoami and /trung read English while
 * the group's copy stays Vietnamese (the morning digest: test/integration/deadlines.test.ts).
 * The citizen's own words and the commune's names are never translated, and dates stay
 * dd/mm/yyyy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN, startHarness, type Harness } from '../support/gopy-harness.ts';
import { fileReport, labels, pressData, type FiledReport } from '../support/desk-fixtures.ts';
import { until } from '../support/until.ts';
import { CHAIR, GROUP, GROUP_WAIT_MS } from '../support/demo.ts';
import type { TgMessage } from '../../src/simulator/fake-bot-api.ts';

const DEPUTY = 9031;
const CITIZEN = { id: 7401, firstName: 'Đỗ Thị Hoa' };
const DIACRITICS = /[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]/iu;

describe('officials read their own language (grammY)', () => {
  let h: Harness;
  let report: FiledReport;
  let alert: TgMessage;

  beforeAll(async () => {
    h = await startHarness({ framework: 'grammy' });
    const { code } = await h.gopy.repos.officials.createInvite({
      unitCode: '12694',
      positionKind: 'vice-chair',
      role: 'leader',
      fields: ['an-ninh'],
      now: new Date(),
    });
    h.fake.addChat(TOKEN, { id: DEPUTY, type: 'private', first_name: 'Lê Văn Phó' });
    await h.send(DEPUTY, `/start inv_${code}`, { firstName: 'Lê Văn Phó' });
    expect(h.last(DEPUTY)?.text).toMatch(/đã được đăng ký là Phó Chủ tịch/);
  }, 90_000);
  afterAll(async () => h?.close());

  const langOf = async (externalId: number) =>
    (
      await h.db.prisma.official.findMany({
        where: { externalId: String(externalId) },
        select: { lang: true },
      })
    ).map((o) => o.lang);

  it('/lang en switches the chair to English, answered in English; a bad argument says how', async () => {
    await h.send(CHAIR, '/lang');
    expect(h.last(CHAIR)?.text).toBe('Cách dùng: /lang vi (Tiếng Việt) hoặc /lang en (English).');
    await h.send(CHAIR, '/lang en');
    expect(h.last(CHAIR)?.text).toMatch(/^Language set to English/);
    expect(await langOf(CHAIR)).toEqual(['en']);
    expect(await langOf(DEPUTY)).toEqual(['vi']);
    await h.send(CHAIR, '/help');
    expect(h.last(CHAIR)?.text).toMatch(/^Gopy — for officials of the commune\n/);
    expect(h.last(CHAIR)?.text).not.toMatch(DIACRITICS);
  });

  it('the English chair gets the alert in English, with the citizen’s words as written', async () => {
    report = await fileReport(h, {
      citizen: CITIZEN,
      categoryCode: 'giao-thong',
      text: 'Ổ gà lớn trên đường liên thôn, xe máy đã ngã hai lần.',
    });
    alert = await h.waitForText(CHAIR, new RegExp(`New report · ${report.ticket}`));
    const text = alert.text ?? alert.caption ?? '';
    expect(text).toMatch(/Kind: Report · Field: Giao thông, đường sá/);
    expect(text).toMatch(/Area: Xã Bắc Đông Hưng, Tỉnh Hưng Yên/);
    expect(text).toMatch(/Deadline: \d{2}\/\d{2}\/\d{4}/);
    expect(text).toMatch(/Sender: Đỗ Thị Hoa/);
    expect(text).toContain('Ổ gà lớn trên đường liên thôn, xe máy đã ngã hai lần.');
    // The dashboard's state, in English (texts/report.ts stateLabel).
    expect(text).toMatch(/Status: New, waiting to be accepted/);
    expect(text).toMatch(/Reply to this message to write to the resident\./);
    expect(labels(alert)).toEqual([
      '✅ Accept',
      '👤 Assign',
      '✔ Resolved',
      '↪ Pass on',
      '⏳ Extend deadline',
    ]);
    // The staff group of the same commune reads Vietnamese. Groups are paced 3 s a message, and
    // a loaded CI stretches that: the test may take longer than the default 30 s, and a message
    // that never comes fails the wait below with the fake's recent calls, not a bare timeout.
    const groupAlert = await h.waitForText(
      GROUP,
      new RegExp(`Phản ánh mới · ${report.ticket}`),
      GROUP_WAIT_MS,
    );
    expect(groupAlert.text).toMatch(/Loại: Phản ánh · Lĩnh vực: Giao thông, đường sá/);
    expect(labels(groupAlert)).toContain('✅ Tiếp nhận');
  }, 90_000);

  it('pressing Accept answers in English and redraws the alert in English, the group’s in Vietnamese', async () => {
    const after = h.fake.lastCallSeq();
    await h.press(CHAIR, '✅ Accept');
    const answer = await h.fake.waitForCall('answerCallbackQuery', undefined, { after });
    expect(answer.params.text).toBe('Accepted');
    const redrawn = await h.waitForText(CHAIR, /Status: Accepted, being handled/);
    expect(redrawn.message_id).toBe(alert.message_id);
    expect(redrawn.text).toMatch(new RegExp(`^📋 Report · ${report.ticket}`));
    expect(redrawn.text).toMatch(
      // The chair's name already says the position: not said twice.
      /Accepted — Chủ tịch UBND xã \(demo\), \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/,
    );
    expect(labels(redrawn)).not.toContain('✅ Accept');
    expect(labels(redrawn)).toContain('↪ Pass on');
    const groupRedrawn = await h.waitForText(
      GROUP,
      /Trạng thái: Đã tiếp nhận, đang xử lý/,
      GROUP_WAIT_MS,
    );
    expect(groupRedrawn.text).toMatch(/Đã tiếp nhận — Chủ tịch UBND xã \(demo\), \d{2}/);
  }, 90_000);

  it('passing it on asks in English; the Vietnamese vice-chair receives it in Vietnamese', async () => {
    await h.press(CHAIR, '↪ Pass on');
    expect(h.last(CHAIR)?.text).toBe(`Pass ticket ${report.ticket} on to which position?`);
    await h.press(CHAIR, /Lê Văn Phó/);
    // Where it goes, in English too (never the Vietnamese title inside an English line).
    expect(h.last(CHAIR)?.text).toMatch(
      new RegExp(
        `^Type the reason for passing ticket ${report.ticket} on to Vice-chair of the People’s Committee of Xã Bắc Đông Hưng \\(`,
      ),
    );
    expect(labels(h.last(CHAIR))).toEqual(['✖ Cancel']);
    await h.send(CHAIR, 'Thuộc lĩnh vực Phó Chủ tịch phụ trách');
    expect(h.last(CHAIR)?.text).toMatch(
      new RegExp(
        `^Ticket ${report.ticket} passed on to Vice-chair of the People’s Committee of Xã Bắc Đông Hưng \\(Lê Văn Phó\\)\\.$`,
      ),
    );

    const atDeputy = await h.waitForText(
      DEPUTY,
      new RegExp(`↪ Phản ánh được chuyển đến Ông/Bà · ${report.ticket}`),
    );
    expect(atDeputy.text).toMatch(/Loại: Phản ánh · Lĩnh vực: Giao thông, đường sá/);
    expect(atDeputy.text).toMatch(/Lý do chuyển: Thuộc lĩnh vực Phó Chủ tịch phụ trách/);
    expect(atDeputy.text).toMatch(/Trạng thái: /);
    expect(atDeputy.text).not.toMatch(/Status:|Passed on by/);
    expect(labels(atDeputy)).toContain('👤 Giao cán bộ');

    const chairRedrawn = await h.waitForText(
      CHAIR,
      /Passed on to Vice-chair of the People’s Committee of Xã Bắc Đông Hưng — /,
    );
    expect(chairRedrawn.message_id).toBe(alert.message_id);
    expect(chairRedrawn.text).not.toMatch(/Đã chuyển đến/);

    // The deputy's own answers are Vietnamese.
    await h.press(DEPUTY, '👤 Giao cán bộ');
    expect(h.last(DEPUTY)?.text).toBe(`Giao phiếu ${report.ticket} cho cán bộ nào?`);
    expect(h.fake.violations()).toEqual([]);
  });

  it('the English chair resolves it in English; the citizen and the deputy read Vietnamese', async () => {
    await h.press(CHAIR, '✔ Resolved');
    expect(h.last(CHAIR)?.text).toBe(`Result for ticket ${report.ticket}:`);
    expect(labels(h.last(CHAIR))).toEqual([
      'Resolved',
      'Not within our competence',
      'Will be resolved by…',
      '✖ Cancel',
    ]);
    await h.press(CHAIR, 'Not within our competence');
    expect(h.last(CHAIR)?.text).toMatch(/^Type the answer for the resident on ticket/);
    await h.send(CHAIR, 'Đường liên thôn do huyện quản lý, xã đã chuyển hồ sơ để sửa.');
    expect(h.last(CHAIR)?.text).toMatch(/^Which agency was the report sent to\?/);
    await h.send(CHAIR, 'Phòng Kinh tế hạ tầng');
    expect(h.last(CHAIR)?.text).toBe(
      `✅ The result of ticket ${report.ticket} was sent to the resident, who will say whether it is resolved.`,
    );
    await h.waitForText(CITIZEN.id, /Kết quả: Không thuộc thẩm quyền của UBND xã/);
    await h.waitForText(CHAIR, /Resolved \(sent to Phòng Kinh tế hạ tầng\) — /);
    await h.waitForText(DEPUTY, /Đã xử lý \(chuyển đến Phòng Kinh tế hạ tầng\) — /);
  });

  it('the resident’s verdict redraws the English chair’s alert in English; the deputy is alerted in Vietnamese', async () => {
    await h.press(CITIZEN.id, 'Chưa giải quyết');
    await h.send(CITIZEN.id, 'Đường vẫn chưa được sửa.');
    const redrawn = await h.waitForText(CHAIR, /Reopened by the resident: not resolved — /);
    expect(redrawn.message_id).toBe(alert.message_id);
    expect(redrawn.text).toMatch(
      /Reopened by the resident: not resolved — «Đường vẫn chưa được sửa\.» — the resident, \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/,
    );
    // The chair answered it himself: he is told too, in English, with the resident's words.
    const atChair = await h.waitForText(CHAIR, /↩ The resident reopened the ticket/);
    expect(atChair.text).toMatch(/The resident says it is not resolved: Đường vẫn chưa được sửa\./);
    expect(redrawn.text).toMatch(/Status: Reopened, being handled/);
    const atDeputy = await h.waitForText(DEPUTY, /↩ Người dân mở lại phiếu \(lần 1\)/);
    expect(atDeputy.text).toMatch(/Người dân cho biết chưa giải quyết: Đường vẫn chưa được sửa\./);
  });

  describe('a second report, all in English for the chair', () => {
    const NEIGHBOUR = { id: 7402, firstName: 'Phan Văn Lâm' };
    let second: FiledReport;

    it('/viec lists it in English, and its button opens /xem in English', async () => {
      second = await fileReport(h, {
        citizen: NEIGHBOUR,
        categoryCode: 'giao-thong',
        text: 'Đèn đường ở ngã ba chợ đã hỏng một tuần nay.',
      });
      await h.waitForText(CHAIR, new RegExp(`New report · ${second.ticket}`));
      await h.send(CHAIR, '/viec');
      const list = h.last(CHAIR);
      expect(list?.text).toMatch(/^📋 Tickets waiting for you: \d+/);
      expect(list?.text).toMatch(
        new RegExp(
          `${second.ticket} · Report · Giao thông, đường sá · due \\d{2}/\\d{2}/\\d{4}\\n` +
            'Đèn đường ở ngã ba chợ đã hỏng một tuần nay\\.',
        ),
      );
      expect(list?.text).toMatch(/Tap a ticket to view and handle it\.$/);
      expect(labels(list)).toContainEqual(
        expect.stringMatching(new RegExp(`^${second.ticket} · due \\d{2}/\\d{2}$`)),
      );

      await h.press(CHAIR, new RegExp(`^${second.ticket}`));
      const view = h.last(CHAIR);
      expect(view?.text).toMatch(new RegExp(`^📋 Report · ${second.ticket}`));
      expect(view?.text).toMatch(/Sender: Phan Văn Lâm/);
      expect(view?.text).toMatch(/💬 Conversation \(0\)\nNo messages yet\./);
      expect(view?.text).toMatch(
        /🕘 History\n\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} — The resident sent the report\n\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} — Forwarded to the commune/,
      );
      expect(view?.text).toMatch(new RegExp(`Write to the resident: /tl ${second.ticket} <text>`));
      expect(view?.text).not.toMatch(/Trao đổi|Lịch sử|Chuyển đến xã|Người gửi/);
      expect(labels(view)).toContain('✅ Accept');
    });

    it('/tl answers in English, and the resident’s reply reaches the chair in English, the group in Vietnamese', async () => {
      await h.send(CHAIR, `/tl ${second.ticket} Xã sẽ thay bóng đèn trong tuần này.`);
      expect(h.last(CHAIR)?.text).toBe(`✅ Sent to the resident (ticket ${second.ticket}).`);
      const answer = await h.waitForText(NEIGHBOUR.id, /Xã sẽ thay bóng đèn/);
      await until('the answer linked to the report', () =>
        h.gopy.repos.workflow.findLink(String(NEIGHBOUR.id), answer.message_id),
      );
      await h.sendMessage(NEIGHBOUR.id, {
        text: 'Cảm ơn xã, tôi chờ.',
        replyToMessageId: answer.message_id,
      });
      const copy = await h.waitForText(CHAIR, /Cảm ơn xã, tôi chờ\./);
      expect(copy.text).toBe(
        `💬 ${second.ticket} · Resident Phan Văn Lâm:\n\nCảm ơn xã, tôi chờ.\n\nReply to this message to write back to the resident.`,
      );
      const groupCopy = await h.waitForText(GROUP, /Cảm ơn xã, tôi chờ\./, GROUP_WAIT_MS);
      expect(groupCopy.text).toMatch(/Người dân Phan Văn Lâm:[\s\S]*nhắn lại người dân\.$/);

      await h.send(CHAIR, `/xem ${second.ticket}`);
      const view = h.last(CHAIR);
      expect(view?.text).toMatch(/💬 Conversation \(2\)/);
      expect(view?.text).toMatch(/The commune · .+ · \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
      expect(view?.text).toMatch(/Resident Phan Văn Lâm · \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    });

    it('/stats, /whoami and /trung’s usage answer in English', async () => {
      await h.send(CHAIR, '/stats');
      const stats = h.last(CHAIR)?.text ?? '';
      expect(stats).toMatch(/^📊 Xã Bắc Đông Hưng — month \d{2}\/\d{4}\nOpen: \d+ · Overdue: \d+/);
      expect(stats).toMatch(/Answered this month: \d+/);
      expect(stats).toMatch(/Time to accept \(median\): (\d+ min|\d+\.\d h|\d+\.\d days|—)/);
      expect(stats).toMatch(/Satisfaction on the 5 criteria \(Q[1-4] \d{4}\)/);
      expect(stats).toMatch(/1\. Open, transparent operation: (no answers yet|\d+%)/);
      expect(stats.replace(/Xã Bắc Đông Hưng/g, '')).not.toMatch(DIACRITICS);

      await h.send(CHAIR, '/whoami');
      const whoami = h.last(CHAIR)?.text ?? '';
      expect(whoami).toMatch(/^Unit: Xã Bắc Đông Hưng, Tỉnh Hưng Yên/);
      expect(whoami).toMatch(/Position: Chair of the People’s Committee of Xã Bắc Đông Hưng/);
      expect(whoami).toMatch(/Role: Leader \(receives reports and directs their handling\)/);
      expect(whoami).toMatch(/Registered since: \d{2}\/\d{2}\/\d{4}/);

      await h.send(CHAIR, '/trung');
      expect(h.last(CHAIR)?.text).toBe(
        'Usage: /trung <duplicate ticket code> <original ticket code>\nExample: /trung PA-2026-000124 PA-2026-000123',
      );
    });
  });

  it('an English chair reads a vice-chair’s field wherever the position is named: pass buttons and prompts, who acted, the staff list', async () => {
    await h.send(CHAIR, '/lang en');
    const deputy = await h.db.prisma.official.findFirstOrThrow({
      where: { externalId: String(DEPUTY) },
    });
    await h.db.prisma.position.update({
      where: { id: deputy.positionId },
      data: { title: 'Phó Chủ tịch UBND xã phụ trách kinh tế, hạ tầng' },
    });
    const third = await fileReport(h, {
      citizen: { id: 7405, firstName: 'Trần Văn Nam' },
      categoryCode: 'giao-thong',
      text: 'Cống thoát nước trước chợ bị tắc.',
    });
    await h.waitForText(CHAIR, new RegExp(`New report · ${third.ticket}`));
    await h.press(CHAIR, '↪ Pass on');
    expect(labels(h.last(CHAIR))).toContain(
      'Vice-chair in charge of economy and infrastructure · Lê Văn Phó',
    );
    await h.press(CHAIR, /Lê Văn Phó/);
    const field = 'in charge of economy and infrastructure';
    const atUnit = `Vice-chair of the People’s Committee of Xã Bắc Đông Hưng ${field}`;
    expect(h.last(CHAIR)?.text).toMatch(
      new RegExp(`^Type the reason for passing ticket ${third.ticket} on to ${atUnit} \\(`),
    );
    await h.send(CHAIR, 'Thuộc lĩnh vực kinh tế');
    expect(h.last(CHAIR)?.text).toBe(`Ticket ${third.ticket} passed on to ${atUnit} (Lê Văn Phó).`);
    await h.waitForText(CHAIR, new RegExp(`Passed on to ${atUnit} — `));

    // The Vietnamese deputy accepts it: the English chair reads who in English, the group in
    // Vietnamese (a redraw that comes late says it in the history's words: «Lãnh đạo xã tiếp nhận»).
    await h.waitForText(DEPUTY, new RegExp(`↪ Phản ánh được chuyển đến Ông/Bà · ${third.ticket}`));
    await h.press(DEPUTY, '✅ Tiếp nhận');
    await h.waitForText(
      CHAIR,
      new RegExp(`^Accepted.* — Lê Văn Phó \\(Vice-chair ${field}\\), \\d{2}/\\d{2}/\\d{4}`, 'm'),
    );
    await h.waitForText(
      GROUP,
      /tiếp nhận — Lê Văn Phó \(Phó Chủ tịch UBND xã phụ trách kinh tế, hạ tầng\), \d{2}/,
      GROUP_WAIT_MS,
    );

    // The staff to assign it to, by their position in English.
    await h.press(CHAIR, '👤 Assign');
    expect(labels(h.last(CHAIR))).toContain('Công chức Văn phòng (demo) · Civil servant');
    expect(h.fake.violations()).toEqual([]);
  }, 90_000);

  it('/lang vi brings the chair back to Vietnamese, answered in Vietnamese', async () => {
    await h.send(CHAIR, '/lang vi');
    expect(h.last(CHAIR)?.text).toMatch(/^Đã chuyển sang Tiếng Việt/);
    expect(await langOf(CHAIR)).toEqual(['vi']);
    await h.send(CHAIR, '/help');
    expect(h.last(CHAIR)?.text).toMatch(/^Gopy — dành cho cán bộ xã/);
  });

  it('an English official’s second position, taken by invite, is in English too', async () => {
    const OFFICIAL = 9032;
    const name = { firstName: 'Vũ Thị Hằng' };
    h.fake.addChat(TOKEN, { id: OFFICIAL, type: 'private', first_name: name.firstName });
    const invite = (positionKind: 'head' | 'staff') =>
      h.gopy.repos.officials.createInvite({
        unitCode: '12694',
        positionKind,
        role: 'observer',
        fields: [],
        now: new Date(),
      });
    await h.send(OFFICIAL, `/start inv_${(await invite('head')).code}`, name);
    await h.send(OFFICIAL, '/lang en');
    expect(await langOf(OFFICIAL)).toEqual(['en']);
    await h.send(OFFICIAL, `/start inv_${(await invite('staff')).code}`, name);
    expect(h.last(OFFICIAL)?.text).toMatch(/^Hello Vũ Thị Hằng!\nYou are now registered as /);
    // The new position reads gopy as the account does: its alerts and views come in English.
    expect(await langOf(OFFICIAL)).toEqual(['en', 'en']);
  });

  it('/whoami from someone who is no official answers in the language they chose for gopy', async () => {
    const STRANGER = 7403;
    await h.send(STRANGER, '/whoami');
    expect(h.last(STRANGER)?.text).toMatch(
      /^Tài khoản này chưa được đăng ký là cán bộ trên Gopy\./,
    );
    await h.send(STRANGER, '/language');
    await h.press(STRANGER, 'English');
    await h.send(STRANGER, '/whoami');
    expect(h.last(STRANGER)?.text).toBe(
      'This account is not registered as an official on Gopy. Officials register with an invite link from the system administrator.',
    );
  });

  it('an official’s button pressed by someone who is no official is refused in the language they chose for gopy', async () => {
    const STRANGER = 7404;
    // The chair's "Accept" button data, pressed on a message in the stranger's own chat.
    const data = alert.reply_markup!.inline_keyboard[0]![0]!.callback_data!;
    await h.send(STRANGER, '/start');
    const at = () => h.last(STRANGER)!.message_id;
    expect(await pressData(h, STRANGER, STRANGER, at(), data)).toBe(
      'Chỉ cán bộ được phân công mới thao tác được nút này.',
    );
    await h.send(STRANGER, '/language');
    await h.press(STRANGER, 'English');
    expect(await pressData(h, STRANGER, STRANGER, at(), data)).toBe(
      'Only an assigned official can use this button.',
    );
  });
});
