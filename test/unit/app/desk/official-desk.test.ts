/**
 * The officials' desk (app/official-desk.ts and app/desk/) on the in-memory ports: what an
 * official of the commune may do to a report and what the citizen then hears, what an official
 * of another commune or a stranger gets (nothing of the report), that an anonymous citizen is
 * never named, and what the clock does to a report nobody answered in time.
 */
import { describe, expect, it } from 'vitest';
import { officialCallback } from '../../../../src/app/desk/desk-callback.ts';
import { createOfficialDesk } from '../../../../src/app/official-desk.ts';
import type { StepResult } from '../../../../src/app/ports/conversation.ts';
import { textOf } from '../../../support/memory/outbox.ts';
import { deskWorld } from '../../../support/memory/desk-world.ts';
import { HOME, NEIGHBOUR, WARD } from '../../../support/memory/routing-world.ts';

const NOW = new Date('2026-03-03T02:00:00Z'); // 09:00 in Vietnam, a Tuesday
/** A chat the desk has not seen before. */
const FRESH: StepResult['state'] = { lang: 'vi' };

function setup(now = NOW) {
  const w = deskWorld(() => now);
  const chair = w.officials.addOfficial({ unitCode: HOME.code, kind: 'chair', chatId: '5001' });
  const vice = w.officials.addOfficial({
    unitCode: HOME.code,
    kind: 'vice-chair',
    chatId: '5002',
    fields: ['giao-thong'],
  });
  const stranger = w.officials.addOfficial({
    unitCode: NEIGHBOUR.code,
    kind: 'chair',
    chatId: '6001',
  });
  w.officials.addGroup({ unitCode: HOME.code, chatId: '-1005' });
  /** A road report of the home commune routed to the vice chair, from citizen chat 7001. */
  const routed = (overrides = {}) =>
    w.submitted({
      status: 'routed',
      assignedOfficialId: vice.id,
      assignedPositionId: vice.positionId,
      routedAt: new Date(now.getTime() - 3_600_000),
      dueAt: new Date(now.getTime() + 5 * 86_400_000),
      ...overrides,
    });
  const press = (from: string, data: string, group?: string) =>
    w.desk.handle(w.event(from, { type: 'button', data, callbackId: 'cb' }, group), FRESH);
  const command = (from: string, command: string, args = '', group?: string) =>
    w.desk.handle(w.event(from, { type: 'command', command, args }, group), FRESH);
  return { ...w, chair, vice, stranger, routed, press, command };
}

/** An English-reading vice-chair and an accepted report of a special zone, for the desk's words. */
function englishDeskWithZoneReport() {
  const s = setup();
  s.officials.addOfficial({
    unitCode: HOME.code,
    kind: 'vice-chair',
    chatId: '5003',
    fields: ['giao-thong'],
    lang: 'en',
  });
  const report = s.routed({
    unitName: 'Đặc khu Phú Quốc',
    status: 'acknowledged',
    acknowledgedAt: NOW,
  });
  return { s, report };
}

/** Everything a step answers in the chat, as one text. */
const answered = (step: StepResult | undefined) =>
  (step?.messages ?? []).map((m) => textOf(m)).join('\n');

describe('the desk: an official of another commune', () => {
  it('is refused on every button and changes nothing; the citizen hears nothing', async () => {
    const s = setup();
    const report = s.routed();
    for (const action of ['ack', 'res', 'pass', 'ext', 'xem'] as const) {
      const step = await s.press('6001', officialCallback(report.id, action));
      expect(step?.toast).toBe('Phiếu này không thuộc xã của Ông/Bà.');
      expect(step?.messages).toEqual([]);
    }
    expect(await s.reports.get(report.id)).toMatchObject({
      status: 'routed',
      acknowledgedAt: null,
    });
    expect(s.reports.recorded).toEqual([]);
    expect(s.outbox.deliveries).toEqual([]);
  });

  it("does not learn that another commune's ticket exists", async () => {
    const s = setup();
    const report = s.routed();
    const step = await s.command('6001', 'xem', report.ticketCode);
    const text = answered(step);
    expect(text).toContain('Không tìm thấy phiếu này trong xã của Ông/Bà');
    expect(text).not.toContain(report.text);
  });

  it('is told the ticket is not of their own unit, named as what it is: a ward’s official reads «phường»', async () => {
    const s = setup();
    s.officials.addOfficial({ unitCode: WARD.code, kind: 'chair', chatId: '6101' });
    const report = s.routed();
    const step = await s.press('6101', officialCallback(report.id, 'ack'));
    expect(step?.toast).toBe('Phiếu này không thuộc phường của Ông/Bà.');
    const view = answered(await s.command('6101', 'xem', report.ticketCode));
    expect(view).toContain('Không tìm thấy phiếu này trong phường của Ông/Bà.');
    const note = answered(await s.command('6101', 'ghichu', `${report.ticketCode} Đã xem`));
    expect(note).toBe('Không tìm thấy phiếu này trong phường của Ông/Bà.');
    const duplicate = answered(
      await s.command('6101', 'trung', `${report.ticketCode} PA-2026-000999`),
    );
    expect(duplicate).toBe(`Không tìm thấy phiếu ${report.ticketCode} trong phường của Ông/Bà.`);
    for (const text of [step?.toast, view, note, duplicate]) expect(text).not.toMatch(/xã/);
  });
});

describe('the desk: the official in charge', () => {
  it('acknowledges the report, and the citizen is told it was received', async () => {
    const s = setup();
    const report = s.routed();
    const step = await s.press('5002', officialCallback(report.id, 'ack'));
    expect(step?.toast).toBe('Đã tiếp nhận');
    expect(await s.reports.get(report.id)).toMatchObject({
      status: 'acknowledged',
      acknowledgedAt: NOW,
    });
    expect(s.reports.recorded).toMatchObject([
      { type: 'acknowledged', actorKind: 'official', actorId: s.vice.id },
    ]);
    const toCitizen = s.outbox.textsTo('7001');
    expect(toCitizen).toHaveLength(1);
    expect(toCitizen[0]).toContain(report.ticketCode);
    // Pressed twice (a double tap): one change, one notice.
    await s.press('5002', officialCallback(report.id, 'ack'));
    expect(s.reports.recorded).toHaveLength(1);
    expect(s.outbox.textsTo('7001')).toHaveLength(1);
  });

  it("offers the commune's canned answers and never another commune's, and the chosen one reaches the citizen", async () => {
    const s = setup();
    const report = s.routed({ status: 'acknowledged', acknowledgedAt: NOW });
    const ours = s.canned.add({
      unitCode: HOME.code,
      text: 'Xã đã cho san lấp ổ gà ngày hôm qua.',
    });
    s.canned.add({ unitCode: NEIGHBOUR.code, text: 'UBND xã Đông Hưng đã xử lý xong.' });

    const which = await s.press('5002', officialCallback(report.id, 'res'));
    const resolved = await s.press('5002', officialCallback(report.id, 'res', 'rs'));
    expect(answered(which)).toContain(report.ticketCode);
    // The question keeps the draft in the chat's state; the canned button continues it.
    const buttons = (resolved?.messages ?? []).flatMap((m) =>
      'buttons' in m ? (m.buttons ?? []).flat() : [],
    );
    // Each offered answer is read in full in the prompt; its button is its number.
    const prompt = answered(resolved);
    expect(prompt).toContain('<b>1.</b> Xã đã cho san lấp ổ gà ngày hôm qua.');
    expect(prompt).not.toContain('Đông Hưng');
    expect(buttons.map((b) => b.label)).toEqual(['1', '✖ Hủy']);

    const picked = await s.desk.handle(
      s.event('5002', {
        type: 'button',
        data: officialCallback(report.id, 'res', `cr${ours.id}`),
        callbackId: 'cb',
      }),
      resolved!.state,
    );
    // A road is an on-site matter: the answer waits for a photo of the result.
    expect(answered(picked)).toContain('cần ảnh kết quả tại hiện trường');
    expect(await s.reports.get(report.id)).toMatchObject({ status: 'acknowledged' });
    expect(s.outbox.to('7001')).toEqual([]);

    await s.desk.handle(
      s.event('5002', { type: 'photo', photo: { fileId: 'photo-after' } }),
      picked!.state,
    );
    expect(await s.reports.get(report.id)).toMatchObject({ status: 'resolved', resolvedAt: NOW });
    const answer = s.outbox.textsTo('7001').join('\n');
    expect(answer).toContain('Xã đã cho san lấp ổ gà ngày hôm qua.');
    // The answer is in the report's thread before it is sent.
    expect(s.reports.threadMessages.map((m) => m.text).join('\n')).toContain(
      'Xã đã cho san lấp ổ gà ngày hôm qua.',
    );
  });
});

describe('the desk: a ward’s report', () => {
  it('names the ward as a ward when it has no staff to assign', async () => {
    const s = setup();
    const report = s.routed({ unitName: 'Phường Hồng Châu' });
    expect(answered(await s.press('5001', officialCallback(report.id, 'asg')))).toContain(
      'UBND phường chưa có cán bộ nào đăng ký trên Gopy để giao việc.',
    );
    expect((await s.press('5001', officialCallback(report.id, 'asg', '999')))?.toast).toBe(
      'Cán bộ này không còn thuộc phường, xin chọn lại.',
    );
  });
});

describe('the desk: a ward’s report refused by the status machine', () => {
  it('is said not to have reached the ward yet, not «xã»', async () => {
    const s = setup();
    const report = s.submitted({ unitName: 'Phường Hồng Châu' });
    const step = await s.press('5001', officialCallback(report.id, 'ack'));
    expect([step?.toast, answered(step)].join('\n')).toContain(
      'Phiếu này chưa được chuyển đến phường.',
    );
  });

  it('asks a too short answer to say what the ward did', async () => {
    const s = setup();
    const report = s.routed({
      unitName: 'Phường Hồng Châu',
      status: 'acknowledged',
      acknowledgedAt: NOW,
    });
    await s.press('5002', officialCallback(report.id, 'res'));
    const asked = await s.press('5002', officialCallback(report.id, 'res', 'rs'));
    const short = await s.desk.handle(
      s.event('5002', { type: 'text', text: 'Xong.' }),
      asked!.state,
    );
    expect(answered(short)).toMatch(
      /^Câu trả lời quá ngắn \(cần ít nhất \d+ ký tự\): xin nêu rõ phường đã làm gì và kết quả ra sao\.\n/,
    );
  });
});

describe('the desk: a ward’s or special zone’s result asked for', () => {
  const ANSWER = 'Đã khảo sát hiện trường, sẽ cho san lấp ổ gà trên đường thôn.';

  /** The official picks a result type and writes the answer: what is asked next. */
  async function afterAnswer(
    s: ReturnType<typeof setup>,
    chatId: string,
    id: number,
    code: string,
  ) {
    await s.press(chatId, officialCallback(id, 'res'));
    const asked = await s.press(chatId, officialCallback(id, 'res', code));
    return answered(
      await s.desk.handle(s.event(chatId, { type: 'text', text: ANSWER }), asked!.state),
    );
  }

  it('asks by which date the ward will have it done, and gives the ward’s police as an agency', async () => {
    const s = setup();
    const report = s.routed({
      unitName: 'Phường Hồng Châu',
      status: 'acknowledged',
      acknowledgedAt: NOW,
    });
    expect(await afterAnswer(s, '5002', report.id, 'sc')).toMatch(
      /^UBND phường sẽ giải quyết xong <b>trước ngày nào<\/b>\?/,
    );
    expect(await afterAnswer(s, '5002', report.id, 'nc')).toContain(
      '(ví dụ: UBND tỉnh Hưng Yên, Công an phường, Điện lực…)',
    );
  });

  it('says «the special zone» in English', async () => {
    const { s, report } = englishDeskWithZoneReport();
    expect(await afterAnswer(s, '5003', report.id, 'sc')).toContain(
      'By <b>which date</b> will the special zone have it done?',
    );
    const target = await afterAnswer(s, '5003', report.id, 'nc');
    expect(target).toContain('the special zone police');
    expect(target).not.toContain('commune');
  });
});

describe('the desk: a ward’s official and a ward’s denunciation', () => {
  const EXPIRES = new Date('2026-03-03T02:10:00Z');

  it('/web: the sign-in link opens the ward’s figures («the ward’s dashboard» in English)', async () => {
    const s = setup();
    s.officials.addOfficial({ unitCode: WARD.code, kind: 'chair', chatId: '6101' });
    s.officials.addOfficial({
      unitCode: WARD.code,
      kind: 'vice-chair',
      chatId: '6102',
      lang: 'en',
    });
    const desk = createOfficialDesk({
      ...s.deps,
      webSignIn: {
        issueLink: async () => ({ url: 'https://gopy.example/login/abc', expiresAt: EXPIRES }),
      },
    });
    const web = (from: string) =>
      desk.handle(s.event(from, { type: 'command', command: 'web', args: '' }), FRESH);
    expect(answered(await web('6101'))).toMatch(
      /^🔐 Mở trang số liệu của phường trên trình duyệt:\nhttps:\/\/gopy\.example\/login\/abc\n/,
    );
    expect(answered(await web('6102'))).toMatch(
      /^🔐 Open the ward’s dashboard in a browser:\nhttps:\/\/gopy\.example\/login\/abc\n/,
    );
  });

  it('a ward’s denunciation is handled by the chair of the ward’s committee, not handed over', async () => {
    const s = setup();
    const report = s.routed({
      kind: 'to-cao',
      unitName: 'Phường Hồng Châu',
      assignedOfficialId: s.chair.id,
      assignedPositionId: s.chair.positionId,
    });
    for (const action of ['asg', 'pass'] as const) {
      const step = await s.press('5001', officialCallback(report.id, action));
      expect([step?.toast, answered(step)].join('\n')).toContain(
        'Đơn tố cáo do Chủ tịch UBND phường trực tiếp xử lý; không giao hay chuyển',
      );
    }
  });
});

describe('the desk: result types in English', () => {
  it('offers «Not within our competence», true of a ward or a special zone as of a commune', async () => {
    const { s, report } = englishDeskWithZoneReport();
    const which = await s.press('5003', officialCallback(report.id, 'res'));
    const labels = (which?.messages ?? []).flatMap((m) =>
      'buttons' in m ? (m.buttons ?? []).flat().map((b) => b.label) : [],
    );
    expect(labels).toEqual([
      'Resolved',
      'Not within our competence',
      'Will be resolved by…',
      '✖ Cancel',
    ]);
  });
});

describe('the desk: /help', () => {
  it('names the official’s own unit as what it is, «địa bàn» for a province’s admin', async () => {
    const s = setup();
    s.officials.addOfficial({ unitCode: WARD.code, kind: 'chair', chatId: '6101' });
    s.officials.addOfficial({ unitCode: WARD.code, kind: 'staff', chatId: '6102', lang: 'en' });
    s.officials.addOfficial({ unitCode: HOME.code, kind: 'head', chatId: '6103', role: 'admin' });
    const help = async (chatId: string) => answered(await s.command(chatId, 'help'));

    const ward = await help('6101');
    expect(ward).toMatch(/^Gopy — dành cho cán bộ phường\n/);
    expect(ward).toContain('• /stats — số liệu của phường\n');
    expect(ward).toContain(
      '• /start — menu của người dân (đánh giá chính quyền, gửi phản ánh của riêng Ông/Bà)',
    );
    expect(ward).not.toMatch(/xã/);
    const english = await help('6102');
    expect(english).toMatch(/^Gopy — for officials of the ward\n/);
    expect(english).toContain('• /stats — the ward’s figures\n');
    expect(english).toContain('(rate the local government, send a report of your own)');
    expect(english).not.toMatch(/commune/);
    expect(await help('6103')).toMatch(
      /^Gopy — dành cho cán bộ địa bàn\n[\s\S]*số liệu của địa bàn\n/,
    );
    expect(await help('5001')).toMatch(/^Gopy — dành cho cán bộ xã\n[\s\S]*số liệu của xã\n/);
  });
});

describe('the desk: an anonymous citizen', () => {
  it('is never named to officials, in the report they read', async () => {
    const s = setup();
    const report = s.routed({ anonymous: true, citizen: undefined });
    const view = answered(await s.command('5002', 'xem', report.ticketCode));
    expect(view).toContain(report.ticketCode);
    expect(view).not.toContain('Nguyễn Văn Dân');
    expect(view).not.toContain('0912345678');
    expect(view).not.toContain('7001');
    // A citizen who gave their name is named: the view does show who sent a report.
    const named = s.routed();
    expect(answered(await s.command('5002', 'xem', named.ticketCode))).toContain('Nguyễn Văn Dân');
  });
});

describe('the desk: strangers', () => {
  it('get no answer at all in a registered staff group', async () => {
    const s = setup();
    s.routed();
    const step = await s.command('9999', 'viec', '', '-1005');
    expect(step?.messages).toEqual([]);
  });

  it('are told they are no official when they ask', async () => {
    const s = setup();
    const step = await s.command('9999', 'whoami');
    expect(answered(step)).toContain(
      'Tài khoản này chưa được đăng ký là cán bộ trên Gopy. Cán bộ đăng ký bằng',
    );
  });
});

describe('the desk: the clock', () => {
  it("escalates a report past its deadline to the commune's chair", async () => {
    const later = new Date(NOW.getTime() + 8 * 86_400_000);
    const s = setup(later);
    const report = s.routed({ dueAt: new Date(later.getTime() - 3_600_000) });
    const counts = await s.desk.remindAndEscalate(later);
    expect(counts).toMatchObject({ escalated: 1 });
    const escalated = await s.reports.get(report.id);
    expect(escalated).toMatchObject({ escalationLevel: 1, assignedOfficialId: s.chair.id });
    expect(s.outbox.textsTo('5001').join('\n')).toContain(report.ticketCode);
  });
});
