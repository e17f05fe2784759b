/**
 * /xoadulieu removes every copy of the citizen's identity: after it, a dump of every table holds
 * none of their Telegram id, name, username or phone, the report stays (anonymised), and the
 * chair's alert that showed the name is edited in the chair's chat. A denouncer (tố cáo), who
 * walked the real flow and exchanged messages with the chair, leaves no trace either, never
 * reached an official's chat, and their report no longer belongs to their account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeZaloOa, type FakeZaloOa } from '../../src/simulator/fake-zalo-oa.ts';
import { CHAIR, GROUP, OTHER_CHAIR, STAFF } from '../support/demo.ts';
import { reply } from '../support/desk-fixtures.ts';
import { startHarness, TOKEN, type Harness } from '../support/gopy-harness.ts';
import { commitReport } from '../support/routing-fixtures.ts';
import { until } from '../support/until.ts';
import { createCitizensRepository } from '../../src/persistence/citizens-repository.ts';
import { zaloCitizen, zaloEnv } from '../support/zalo-citizen.ts';

const CITIZEN = 7_350_917;
const NAME = `Người dân ${CITIZEN}`; // the name the fixture gives the citizen
let h: Harness;
let zalo: FakeZaloOa;

beforeAll(async () => {
  zalo = await createFakeZaloOa();
  h = await startHarness({ humanPace: true, env: zaloEnv(zalo, zalo.issueRefreshToken()) });
  h.fake.addChat(TOKEN, { id: CITIZEN, type: 'private', first_name: 'Lan' });
}, 60_000);
afterAll(async () => {
  await h?.close();
  await zalo?.close();
});

/** Every row of every table of the public schema, as text. */
async function dump(): Promise<string> {
  const tables = await h.db.prisma.$queryRaw<Array<{ table_name: string }>>`
    SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
  const out: string[] = [];
  for (const { table_name } of tables) {
    const rows = await h.db.prisma.$queryRawUnsafe<Array<{ row: string }>>(
      `SELECT t::text AS row FROM "${table_name}" t`,
    );
    out.push(...rows.map((r) => `${table_name}: ${r.row}`));
  }
  return out.join('\n');
}

describe('erasure', () => {
  it('leaves no copy of the citizen in the database or in the chair’s chat', async () => {
    // The flow's submission key is the conversation's nonce; the fixture's default names the chat.
    const report = await commitReport(h.db.prisma, {
      citizenChatId: CITIZEN,
      unitCode: '12694',
      key: 'erasure-run-1',
    });
    await h.db.prisma.citizen.updateMany({
      where: { externalId: String(CITIZEN) },
      data: { phone: '0912345678', username: 'lan_hung_yen' },
    });
    await h.gopy.routeQueue.enqueue(report.id);
    const alert = await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${report.ticketCode}`));
    expect(alert.text).toContain(NAME);
    await h.waitForText(CITIZEN, new RegExp(`${report.ticketCode} của Ông/Bà đã được chuyển đến`));
    await h.send(CITIZEN, '/start');
    const before = await dump();
    expect(before).toContain(String(CITIZEN));
    expect(before).toContain(NAME);

    await h.send(CITIZEN, '/xoadulieu');
    await h.press(CITIZEN, 'Xóa thông tin của tôi');
    await h.waitForText(CITIZEN, /Đã xóa thông tin cá nhân/);

    // The chair's alert no longer shows the name (the sweep sends the edit).
    await h.gopy.maintenance.sweep(new Date(Date.now() + 60_000));
    await until('the alert edited', () =>
      h.fake
        .messagesTo(TOKEN, CHAIR)
        .find((m) => m.message_id === alert.message_id && !(m.text ?? '').includes(NAME)),
    );
    await h.settle();

    const after = await dump();
    for (const identifier of [String(CITIZEN), NAME, 'lan_hung_yen', '0912345678'])
      expect(
        after.split('\n').filter((row) => row.includes(identifier)),
        identifier,
      ).toEqual([]);
    // The report stays, anonymised.
    const kept = await h.db.prisma.report.findUniqueOrThrow({ where: { id: report.id } });
    expect(kept.ticketCode).toBe(report.ticketCode);
  }, 90_000);

  it('a denouncer (tố cáo) leaves no trace in the database or in any official’s chat, and the report is no longer theirs', async () => {
    const D = 7_350_941;
    const FULL_NAME = 'Trịnh Văn Khiết';
    const ADDRESS = 'Số 17 ngõ 5 thôn Đông Hồ';
    const PHONE = '0913579246';
    h.fake.addChat(TOKEN, { id: D, type: 'private', first_name: 'Khiết' });
    await h.send(D, '/start');
    await h.press(D, 'Gửi phản ánh, kiến nghị');
    await h.press(D, 'Tố cáo');
    await h.send(D, 'bac dong hung');
    await h.press(D, /Bắc Đông Hưng/);
    await h.press(D, 'Thái độ cán bộ');
    await h.send(D, 'Cán bộ địa chính đòi tiền khi làm thủ tục cấp sổ đỏ cho gia đình tôi');
    await h.press(D, 'Bỏ qua'); // photos
    await h.send(D, 'Bỏ qua'); // location
    await h.send(D, FULL_NAME);
    await h.send(D, ADDRESS);
    await h.sendMessage(D, { contact: { phoneNumber: PHONE, userId: D } });
    await h.press(D, '✅ Gửi');
    const receipt = await h.waitForText(D, /Đã tiếp nhận tố cáo[\s\S]*Mã phiếu: TC-\d{4}-\d{6}/);
    const ticket = /TC-\d{4}-\d{6}/.exec(receipt.text ?? '')![0];
    const report = await h.db.prisma.report.findUniqueOrThrow({ where: { ticketCode: ticket } });

    // The chair writes to the denouncer and the denouncer answers: thread messages both ways.
    const alert = await h.waitForText(CHAIR, new RegExp(`Tố cáo mới · ${ticket}`));
    await h.send(CHAIR, `/tl ${ticket} Xin Ông/Bà cho biết thời gian cụ thể của sự việc.`);
    const relayed = await h.waitForText(D, /thời gian cụ thể của sự việc/);
    await reply(h, D, D, relayed.message_id, 'Sáng thứ hai tuần trước, tại trụ sở xã.');
    await h.waitForText(CHAIR, /Sáng thứ hai tuần trước/);

    const identifiers = [String(D), `Người dùng ${D}`, FULL_NAME, ADDRESS, PHONE];
    const before = await dump();
    for (const id of identifiers) expect(before, id).toContain(id);

    await h.send(D, '/xoadulieu');
    await h.press(D, 'Xóa thông tin của tôi');
    await h.waitForText(D, /Đã xóa thông tin cá nhân/);
    await h.gopy.maintenance.sweep(new Date(Date.now() + 60_000));
    await until(
      'every message about the report to be sent',
      async () =>
        (await h.db.prisma.delivery.count({
          where: { reportId: report.id, state: { in: ['pending', 'sending'] } },
        })) === 0,
    );
    await h.settle();

    const after = await dump();
    for (const id of identifiers)
      expect(
        after.split('\n').filter((row) => row.includes(id)),
        id,
      ).toEqual([]);
    // No official ever read who denounced: not in any message or edit sent to their chats.
    const officials = new Set([CHAIR, STAFF, OTHER_CHAIR, GROUP].map(String));
    const toOfficials = h.fake
      .calls(TOKEN)
      .filter((c) => officials.has(String(c.params.chat_id)))
      .map((c) => JSON.stringify(c.params));
    expect(toOfficials.length).toBeGreaterThan(0);
    for (const id of identifiers)
      expect(
        toOfficials.filter((p) => p.includes(id)),
        id,
      ).toEqual([]);
    expect(h.fake.messagesTo(TOKEN, CHAIR).some((m) => m.message_id === alert.message_id)).toBe(
      true,
    );

    // The report stays, and no account reaches it: the same Telegram user is a stranger to it.
    const kept = await h.db.prisma.report.findUniqueOrThrow({
      where: { id: report.id },
      include: { citizen: true },
    });
    expect(kept.citizen).toMatchObject({ externalId: null, chatId: null, displayName: null });
    await h.send(D, '/start');
    await h.press(D, 'Phản ánh của tôi');
    expect(h.texts(D).at(-1)).not.toContain(ticket);
    const account = await h.db.prisma.citizen.findFirst({ where: { externalId: String(D) } });
    expect(account?.id).not.toBe(kept.citizenId);
    expect(await h.db.prisma.report.count({ where: { citizenId: account?.id ?? -1 } })).toBe(0);
  }, 120_000);

  it('a Zalo citizen: once the answer to /xoadulieu is out, no table holds their Zalo user id', async () => {
    const c = zaloCitizen(h, zalo);
    await c.say('/start c_12694');
    await c.tap('Gửi phản ánh, kiến nghị');
    await c.waitFor(/Ông\/Bà muốn gửi loại nào\?/);
    // A citizen gopy knows (as after a report): their row is emptied too.
    await createCitizensRepository(h.db.prisma).ensure(
      {
        channel: 'zalo',
        externalId: c.userId,
        chatId: c.userId,
        displayName: 'Người dân (Zalo)',
        language: 'vi',
      },
      new Date(),
    );
    expect(await dump()).toContain(c.userId);

    await c.say('/xoadulieu');
    await c.tap('Xóa thông tin của tôi');
    await c.waitFor(/Đã xóa thông tin cá nhân/);
    await h.settle();
    expect(
      (await dump()).split('\n').filter((row) => row.includes(c.userId)),
      'rows naming the Zalo user',
    ).toEqual([]);

    // Writing again is a new conversation, answered as any first message is.
    const shown = c.messages().length;
    await c.say('xin chào');
    await until('an answer on Zalo', () => c.messages().length > shown);
  }, 90_000);
});
