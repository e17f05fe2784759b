/**
 * A citizen reads their report's unit as what it is: «UBND phường» for a ward's report, «UBND
 * xã» for a commune's, in what the bot says about the ticket (the official's message, the
 * confirmation of the citizen's own, the prompt to write one, the ticket opened from «Phản ánh
 * của tôi», with its state while it waits for an official). Through the real bot and the fake
 * Bot API; the ward (Phường Hồng Châu, Hưng Yên) has no officials of its own, so its report goes
 * to the province's admin, who answers it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/gopy-harness.ts';
import { fileReport, reply } from '../support/desk-fixtures.ts';
import { CHAIR, PROVINCE_ADMIN } from '../support/demo.ts';
import { until } from '../support/until.ts';

const WARD = '11980'; // Phường Hồng Châu, Tỉnh Hưng Yên
const COMMUNE = '12694'; // Xã Bắc Đông Hưng, Tỉnh Hưng Yên

describe('the unit named as what it is (grammY)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ framework: 'grammy' });
  }, 90_000);
  afterAll(async () => h?.close());

  /** A report in `unitCode`, a message from its official, and the citizen's answer to it. */
  const exchange = async (official: number, citizenId: number, unitCode: string) => {
    const citizen = { id: citizenId };
    const r = await fileReport(h, { citizen, unitCode, categoryCode: 'moi-truong' });
    const alert = await h.waitForText(official, new RegExp(`· ${r.ticket}`));
    await reply(h, official, official, alert.message_id, 'Sẽ cử người kiểm tra trong tuần này.');
    const answer = await h.waitForText(citizen.id, /Sẽ cử người kiểm tra trong tuần này/);
    await reply(h, citizen.id, citizen.id, answer.message_id, 'Cảm ơn, bãi rác ở cuối phố.');
    const sent = h.last(citizen.id)?.text ?? '';
    await h.press(citizen.id, '✉ Trả lời');
    const ask = h.last(citizen.id)?.text ?? '';
    return { ticket: r.ticket, answer: answer.text ?? '', sent, ask };
  };

  /** The ticket as the citizen opens it from «Phản ánh của tôi». */
  const ticketView = async (citizenId: number, ticket: string) => {
    await h.send(citizenId, '/start');
    await h.press(citizenId, 'Phản ánh của tôi');
    await h.press(citizenId, new RegExp(ticket));
    return h.last(citizenId)?.text ?? '';
  };

  it('a ward’s citizen reads «UBND phường», never «xã»', async () => {
    const { ticket, answer, sent, ask } = await exchange(PROVINCE_ADMIN, 7401, WARD);
    expect(answer).toMatch(new RegExp(`^🏛 UBND phường Hồng Châu · phiếu ${ticket}:`));
    expect(sent).toBe(`Đã chuyển tin nhắn của Ông/Bà đến UBND phường (phiếu ${ticket}).`);
    expect(ask).toMatch(/^Mời Ông\/Bà nhập tin nhắn gửi UBND phường về phiếu/);
    for (const text of [answer, sent, ask]) expect(text).not.toMatch(/xã/i);
    const view = await ticketView(7401, ticket);
    expect(view).toMatch(/^🏛 UBND phường \(\d\d\/\d\d\/\d{4} \d\d:\d\d\):$/m);
    expect(view).not.toMatch(/xã/i);
    expect(h.fake.violations()).toEqual([]);
  }, 90_000);

  it('a ward’s report waiting for an official waits for the «phường» in the ticket view', async () => {
    // A ward of another province: nobody there, no province admin either, so the report parks.
    const { provinceCode } = await h.db.prisma.unit.findUniqueOrThrow({ where: { code: WARD } });
    const ward = await h.db.prisma.unit.findFirstOrThrow({
      where: { type: 'ward', validTo: null, provinceCode: { not: provinceCode } },
      orderBy: { code: 'asc' },
    });
    const r = await fileReport(h, { citizen: { id: 7403 }, unitCode: ward.code, route: false });
    await h.gopy.routeQueue.enqueue(r.id);
    await until('the report parked', async () =>
      (await h.db.prisma.report.findUniqueOrThrow({ where: { id: r.id } })).awaitingOfficialAt
        ? true
        : undefined,
    );
    const view = await ticketView(7403, r.ticket);
    expect(view).toContain('Trạng thái: Chờ phường có cán bộ nhận');
    expect(view).toMatch(/· Hạn trả lời: tính từ ngày phường nhận phiếu/);
    expect(view).not.toMatch(/xã/i);
  }, 90_000);

  it('a commune’s citizen reads «UBND xã»', async () => {
    const { ticket, answer, sent, ask } = await exchange(CHAIR, 7402, COMMUNE);
    expect(answer).toMatch(new RegExp(`^🏛 UBND xã Bắc Đông Hưng · phiếu ${ticket}:`));
    expect(sent).toBe(`Đã chuyển tin nhắn của Ông/Bà đến UBND xã (phiếu ${ticket}).`);
    expect(ask).toMatch(/^Mời Ông\/Bà nhập tin nhắn gửi UBND xã về phiếu/);
    expect(h.fake.violations()).toEqual([]);
  }, 90_000);
});
