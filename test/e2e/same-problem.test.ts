/**
 * Same problem, one report, through the real grammY bot and the fake Bot API on real PostgreSQL
 * and Redis: a second citizen reporting the same pothole nearby is offered to follow the open
 * report instead, follows it, and gets its notices and its answer (and gives a verdict of their
 * own); the chair sees the number of followers on the alert; a third report of the same pothole,
 * sent from farther away, is marked a duplicate by the chair, which closes it and moves its
 * citizen to follow the first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAIR } from '../support/demo.ts';
import { startHarness, TOKEN, type Harness } from '../support/gopy-harness.ts';
import { until } from '../support/until.ts';

const FIRST = 7301;
const NEIGHBOUR = 7302;
const FARTHER = 7303;
const POTHOLE = { latitude: 20.5412, longitude: 106.3391 };

async function reportPothole(
  h: Harness,
  citizen: number,
  text: string,
  at: { latitude: number; longitude: number },
) {
  await h.send(citizen, '/start');
  await h.press(citizen, 'Gửi phản ánh, kiến nghị');
  await h.press(citizen, 'Phản ánh');
  await h.send(citizen, 'Bắc Đông Hưng');
  await h.press(citizen, /Bắc Đông Hưng/);
  await h.press(citizen, 'Giao thông, đường sá');
  await h.send(citizen, text);
  await h.sendPhoto(citizen);
  await h.press(citizen, '✅ Xong');
  await h.sendLocation(citizen, at.latitude, at.longitude);
}

async function finishReport(h: Harness, citizen: number): Promise<string> {
  await h.press(citizen, 'Không, cứ ghi tên tôi');
  await h.press(citizen, 'Không công khai');
  await h.send(citizen, 'Bỏ qua'); // phone
  await h.press(citizen, '✅ Gửi');
  const done = await h.waitForText(citizen, /Mã phiếu: PA-\d{4}-\d{6}/);
  return /PA-\d{4}-\d{6}/.exec(done.text ?? '')![0];
}

describe('same problem, one report', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ humanPace: true });
  }, 90_000);
  afterAll(async () => h?.close());

  it('a neighbour follows the open report, gets its answer; a duplicate is merged by the chair', async () => {
    // The first citizen reports the pothole: nothing nearby, so no offer.
    await reportPothole(
      h,
      FIRST,
      'Ổ gà rất sâu giữa đường thôn Đông, xe máy đã ngã hai lần',
      POTHOLE,
    );
    expect(h.texts(FIRST).join('\n')).not.toMatch(/Gần vị trí này/);
    const ticket = await finishReport(h, FIRST);
    await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${ticket}`));

    // A neighbour reports the same pothole about 25 m away: offered to follow it.
    const words = 'Đường thôn Đông có ổ gà lớn, trời mưa đọng nước rất nguy hiểm';
    await reportPothole(h, NEIGHBOUR, words, { latitude: 20.5414, longitude: 106.3392 });
    const offer = h.last(NEIGHBOUR)!;
    expect(offer.text).toMatch(/Gần vị trí này, xã đã nhận phản ánh cùng lĩnh vực/);
    expect(offer.text).toMatch(
      /• Giao thông, đường sá · gửi hôm nay · mới, chờ tiếp nhận · cách khoảng 20 m/,
    );
    // Never the first citizen's words or name.
    expect(offer.text).not.toMatch(/thôn Đông, xe máy|Người dùng 7301/);
    expect(h.buttons(NEIGHBOUR).flat()).toEqual(
      expect.arrayContaining(['👁 Theo dõi phiếu này', '📝 Vẫn gửi phiếu mới']),
    );
    await h.press(NEIGHBOUR, '👁 Theo dõi phiếu này');
    expect(h.last(NEIGHBOUR)?.text).toMatch(
      new RegExp(`Ông/Bà đã theo dõi phiếu ${ticket} \\(trạng thái: mới, chờ tiếp nhận\\)`),
    );
    // No second report; the neighbour's words reach the officials as a note on the first.
    const report = await h.db.prisma.report.findUniqueOrThrow({
      where: { ticketCode: ticket },
      include: { followers: true, messages: { include: { attachments: true } } },
    });
    expect(await h.db.prisma.report.count()).toBe(1);
    expect(report.followers).toHaveLength(1);
    expect(report.messages[0]?.direction).toBe('note');
    expect(report.messages[0]?.text).toContain(words);
    expect(report.messages[0]?.attachments).toHaveLength(1);

    // The chair's alert now shows one follower.
    await h.waitForText(CHAIR, /👥 1 người dân khác cùng phản ánh và theo dõi phiếu này/);

    // The chair takes it up: the neighbour is told too, marked as the report they follow.
    await h.press(CHAIR, '✅ Tiếp nhận');
    await h.waitForText(FIRST, /đã được lãnh đạo xã tiếp nhận/);
    const told = await h.waitForText(NEIGHBOUR, /đã được lãnh đạo xã tiếp nhận/);
    expect(told.text).toMatch(/^🔔 Phiếu Ông\/Bà đang theo dõi\n/);

    // A message of the chair to the citizen reaches the follower too, stored with it.
    await h.send(CHAIR, `/tl ${ticket} Tuần này xã cho đội giao thông ra vá ổ gà.`);
    const relayed = await h.waitForText(NEIGHBOUR, /Tuần này xã cho đội giao thông ra vá ổ gà/);
    expect(relayed.text).toMatch(/^🔔 Phiếu Ông\/Bà đang theo dõi\n/);
    await h.waitForText(FIRST, /Tuần này xã cho đội giao thông ra vá ổ gà/);

    // «Phản ánh của tôi» lists the followed report, marked 👁 and named by its category; its
    // page shows the commune's messages, never the first citizen's words.
    await h.send(NEIGHBOUR, '/menu');
    await h.press(NEIGHBOUR, 'Phản ánh của tôi');
    const mine = h.buttons(NEIGHBOUR).flat();
    const followedLabel = mine.find((l) => l.includes(`${ticket} · 👁 Giao thông`));
    expect(followedLabel).toBeDefined();
    await h.press(NEIGHBOUR, followedLabel!);
    const page = h.texts(NEIGHBOUR).join('\n');
    expect(page).toContain('👁 Phiếu Ông/Bà đang theo dõi (cùng phản ánh với người dân khác)');
    expect(page).toContain('Lĩnh vực: Giao thông, đường sá');
    expect(page).toContain('Tuần này xã cho đội giao thông ra vá ổ gà.');
    expect(page).not.toMatch(/xe máy đã ngã/);

    // A third citizen, 2 km away, is not offered it and sends a new report…
    await reportPothole(h, FARTHER, 'Ổ gà thôn Đông chưa ai sửa, đề nghị xã cho vá sớm', {
      latitude: 20.5592,
      longitude: 106.3391,
    });
    expect(h.last(FARTHER)?.text).not.toMatch(/Gần vị trí này/);
    const second = await finishReport(h, FARTHER);
    await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${second}`));
    // …which the chair marks a duplicate of the first.
    await h.send(CHAIR, `/trung ${second} ${ticket}`);
    await h.waitForText(CHAIR, new RegExp(`Đã đóng phiếu ${second} vì trùng phiếu ${ticket}`));
    const notice = await h.waitForText(FARTHER, /cùng một việc với phiếu/);
    expect(notice.text).toBe(
      `Phản ánh ${second} của Ông/Bà được xã xác định là cùng một việc với phiếu ${ticket} mà xã đang xử lý, ` +
        `nên phiếu ${second} được đóng lại để xã tập trung giải quyết một lần. ` +
        `Từ nay Ông/Bà theo dõi phiếu ${ticket}: Gopy sẽ gửi tới Ông/Bà các thông báo và câu trả lời của xã về phiếu đó.`,
    );
    const dup = await h.db.prisma.report.findUniqueOrThrow({
      where: { ticketCode: second },
      include: { events: true },
    });
    expect(dup.status).toBe('closed');
    expect(dup.verdict).toBe('duplicate');
    expect(dup.events.map((e) => e.type)).toContain('duplicate');
    expect(await h.db.prisma.reportFollower.count({ where: { reportId: report.id } })).toBe(2);

    // The duplicate's alert loses its buttons (an edit delivered a moment after the change), so
    // the chair's next press is on the first report's alert.
    await until("the duplicate's alert without buttons", async () =>
      h.fake
        .messagesTo(TOKEN, CHAIR)
        .filter((m) => (m.text ?? m.caption ?? '').includes(second))
        .every((m) =>
          (m.reply_markup?.inline_keyboard ?? []).flat().every((b) => b.text !== '✔ Đã xử lý'),
        ),
    );
    // The other follower chose English for gopy before the answer comes.
    await h.send(FARTHER, '/language');
    await h.press(FARTHER, 'English');

    // The chair answers the first report: both followers receive the answer.
    await h.press(CHAIR, /✔ Đã xử lý/);
    await h.press(CHAIR, 'Đã giải quyết');
    await h.send(CHAIR, 'Xã đã cho vá ổ gà thôn Đông sáng nay, bà con đi lại an toàn.');
    await h.sendPhoto(CHAIR);
    await h.waitForText(FIRST, /trả lời phiếu/);
    const answer = await h.waitForText(NEIGHBOUR, /vá ổ gà thôn Đông/);
    expect(answer.text).toMatch(/^🔔 Phiếu Ông\/Bà đang theo dõi\n🏛 .+ trả lời phiếu /);
    // The follower may give a verdict, not write to the commune as the report's citizen.
    const labels = answer.reply_markup!.inline_keyboard.flat().map((b) => b.text);
    expect(labels).toEqual(['Đã giải quyết', 'Một phần', 'Chưa giải quyết']);
    // The follower in English reads the answer's copy in English, the commune's words as written.
    const copy = await h.waitForText(FARTHER, /vá ổ gà thôn Đông/);
    expect(copy.text).toMatch(
      new RegExp(
        `^🔔 A ticket you follow\\n🏛 .+ answers ticket ${ticket}:\\n\\nResult: resolved\\.\\n`,
      ),
    );
    expect(copy.text).toContain('Xã đã cho vá ổ gà thôn Đông sáng nay, bà con đi lại an toàn.');
    expect(copy.text).toMatch(/\n\nHas your problem been resolved\?$/);
    expect(copy.reply_markup!.inline_keyboard.flat().map((b) => b.text)).toEqual([
      'Resolved',
      'Partly',
      'Not resolved',
    ]);

    // The neighbour says it is only partly done: recorded, shown to officials, not reopened.
    await h.press(NEIGHBOUR, 'Một phần');
    expect(h.last(NEIGHBOUR)?.text).toMatch(/ý kiến đã được chuyển tới cán bộ xử lý phiếu/);
    await h.press(NEIGHBOUR, /^4/);
    await h.press(NEIGHBOUR, 'Có');
    const follower = await h.db.prisma.reportFollower.findFirstOrThrow({
      where: { reportId: report.id, via: 'follow' },
    });
    expect(follower.verdict).toBe('partly');
    expect(
      (await h.db.prisma.report.findUniqueOrThrow({ where: { ticketCode: ticket } })).status,
    ).toBe('resolved');
    await h.waitForText(CHAIR, /1 người cho biết chưa được giải quyết/);
    // A chair reading English reads the follower's notes in English in /xem.
    await h.send(CHAIR, '/lang en');
    await h.send(CHAIR, `/xem ${ticket}`);
    const view = h.last(CHAIR)?.text ?? '';
    expect(view).toContain(
      `Another resident reports the same problem and follows the ticket: ${words}`,
    );
    expect(view).toContain('A resident following the ticket says it is only partly resolved.');
    expect(view).not.toMatch(/Một người dân/);
    await h.send(CHAIR, '/lang vi');

    // The follower in English: their verdict and ratings are answered in English.
    let after = h.fake.lastCallSeq();
    await h.press(FARTHER, 'Not resolved');
    expect(h.last(FARTHER)?.text).toBe(
      'Thank you, your view has been passed on to the official handling the ticket. How satisfied are you with the commune’s answer?',
    );
    expect(h.buttons(FARTHER).flat()).toEqual([
      '5 – Very satisfied',
      '4 – Satisfied',
      '3 – Neutral',
      '2 – Dissatisfied',
      '1 – Very dissatisfied',
      'Skip',
    ]);
    const noted = await h.fake.waitForCall('answerCallbackQuery', undefined, { after });
    expect(noted.params.text).toBe('Noted');
    await h.press(FARTHER, '3 – Neutral');
    expect(h.last(FARTHER)?.text).toBe(
      'Was the commune’s answer clear, with pictures or a legal basis?',
    );
    expect(h.buttons(FARTHER).flat()).toEqual(['Yes', 'No']);
    after = h.fake.lastCallSeq();
    await h.press(FARTHER, 'No');
    expect(h.last(FARTHER)?.text).toBe(
      'Thank you for your rating! Your views help the commune serve people better.',
    );
    expect(
      (await h.fake.waitForCall('answerCallbackQuery', undefined, { after })).params.text,
    ).toBe('Noted');
    await h.waitForText(CHAIR, /2 người cho biết chưa được giải quyết/);

    // The report's own citizen, who chose English, closes it: thanked and asked in English.
    await h.send(FIRST, '/language');
    await h.press(FIRST, 'English');
    after = h.fake.lastCallSeq();
    await h.press(FIRST, 'Đã giải quyết');
    expect(
      (await h.fake.waitForCall('answerCallbackQuery', undefined, { after })).params.text,
    ).toBe('Noted');
    expect(h.last(FIRST)?.text).toBe(
      'Thank you for confirming! How satisfied are you with the commune’s answer?',
    );
    expect(h.buttons(FIRST).flat()).toContain('5 – Very satisfied');
    await h.press(FIRST, '5 – Very satisfied');
    expect(h.last(FIRST)?.text).toBe(
      'Was the commune’s answer clear, with pictures or a legal basis?',
    );
    expect(h.buttons(FIRST).flat()).toEqual(['Yes', 'No']);
    await h.press(FIRST, 'Yes');
    expect(h.last(FIRST)?.text).toBe(
      'Thank you for your rating! Your views help the commune serve people better.',
    );
    await until('the report closed by its citizen', async () => {
      const r = await h.db.prisma.report.findUniqueOrThrow({ where: { ticketCode: ticket } });
      return r.status === 'closed';
    });
    expect(h.fake.violations()).toEqual([]);
  }, 120_000);
});
