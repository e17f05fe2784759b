/**
 * The thread relayed between a citizen and the commune (app/desk/relay-message.ts), on the
 * in-memory ports: an official's reply reaches the citizen, a citizen's reply reaches whoever
 * handles the report and the staff group, and an anonymous citizen is never named to officials.
 */
import { describe, expect, it } from 'vitest';
import { createTurn } from '../../../../src/app/desk/desk-context.ts';
import {
  relayEdit,
  relayToCitizen,
  relayToOfficials,
  retract,
} from '../../../../src/app/desk/relay-message.ts';
import type { InboundEvent } from '../../../../src/channels/types.ts';
import { HOME, WARD, routingWorld } from '../../../support/memory/routing-world.ts';
import { textOf } from '../../../support/memory/outbox.ts';
import { createMemoryMessageLinks } from '../../../support/memory/message-links.ts';

const NOW = new Date('2026-03-02T03:00:00Z');

function message(chatId: string, text: string, messageId: number): InboundEvent {
  return {
    channel: 'telegram',
    updateId: messageId,
    chatId,
    chatType: 'private',
    user: { id: chatId, firstName: 'Người gửi' },
    messageId,
    at: NOW,
    body: { type: 'text', text },
  };
}

function setup() {
  const w = routingWorld();
  const chair = w.officials.addOfficial({ unitCode: HOME.code, kind: 'chair', chatId: '5001' });
  const vice = w.officials.addOfficial({
    unitCode: HOME.code,
    kind: 'vice-chair',
    chatId: '5002',
    fields: ['giao-thong'],
  });
  w.officials.addGroup({ unitCode: HOME.code, chatId: '-1005' });
  // The alerts a status change edits: none were sent in this world.
  const links = createMemoryMessageLinks();
  const workflow = Object.assign(w.reports, {
    alertMessages: (reportId: number) => links.alertMessages(reportId),
  });
  const deps = { workflow, officials: w.officials, outbox: w.outbox };
  /** A report routed to the vice chair, from citizen chat 7001 (Nguyễn Văn Dân). */
  const routed = (overrides = {}) =>
    w.submitted({
      status: 'routed',
      assignedOfficialId: vice.id,
      assignedPositionId: vice.positionId,
      ...overrides,
    });
  return { ...w, deps, chair, vice, routed };
}

describe('relay: an official answers the citizen', () => {
  it('reaches the citizen from the commune, stored in the thread first', async () => {
    const s = setup();
    const report = s.routed();
    const turn = createTurn(
      message('5002', 'Sáng mai xã cử người ra vá đường.', 900),
      { lang: 'vi' },
      NOW,
    );

    const step = await relayToCitizen(s.deps, turn, report, s.vice, {
      text: 'Sáng mai xã cử người ra vá đường.',
      files: [],
    });

    const [entry] = s.reports.threadMessages;
    expect(entry).toMatchObject({
      reportId: report.id,
      direction: 'out',
      authorKind: 'official',
      authorId: s.vice.id,
      text: 'Sáng mai xã cử người ra vá đường.',
      sourceChatId: '5002',
      sourceMessageId: 900,
    });
    const [copy] = s.outbox.to('7001');
    expect(copy?.link).toEqual({ kind: 'answer', reportId: report.id });
    expect(textOf(copy!.message)).toContain('UBND xã Bắc Đông Hưng');
    expect(textOf(copy!.message)).toContain(report.ticketCode);
    expect(textOf(copy!.message)).toContain('Sáng mai xã cử người ra vá đường.');
    // The citizen reads the commune, never which official wrote.
    expect(textOf(copy!.message)).not.toContain(s.vice.displayName);
    expect(step.messages.map(textOf)).toEqual([
      `✅ Đã gửi cho người dân (phiếu <b>${report.ticketCode}</b>).`,
    ]);
  });

  it('the first answer to a new report takes it up: the citizen no longer reads «Mới, chờ tiếp nhận»', async () => {
    const s = setup();
    const report = s.routed();
    const turn = createTurn(message('5002', 'Xã đã nhận, sẽ kiểm tra.', 905), { lang: 'vi' }, NOW);

    await relayToCitizen(s.deps, turn, report, s.vice, {
      text: 'Xã đã nhận, sẽ kiểm tra.',
      files: [],
    });

    const after = await s.reports.get(report.id);
    expect(after?.status).toBe('acknowledged');
    expect(after?.acknowledgedAt).toEqual(NOW);
    // The answer itself tells the citizen; no «đã tiếp nhận» notice besides it.
    expect(s.outbox.to('7001').map((d) => textOf(d.message))).toEqual([
      expect.stringContaining('Xã đã nhận, sẽ kiểm tra.'),
    ]);

    // A later answer, once taken up, changes nothing more.
    await relayToCitizen(s.deps, turn, after!, s.vice, { text: 'Thêm tin', files: [] });
    expect((await s.reports.get(report.id))?.status).toBe('acknowledged');
  });

  it('sends nothing on a closed report', async () => {
    const s = setup();
    const report = s.routed({ status: 'closed' });
    const turn = createTurn(message('5002', 'Thêm thông tin', 901), { lang: 'vi' }, NOW);

    const step = await relayToCitizen(s.deps, turn, report, s.vice, {
      text: 'Thêm thông tin',
      files: [],
    });
    expect(s.outbox.deliveries).toEqual([]);
    expect(s.reports.threadMessages).toEqual([]);
    expect(step.messages.map(textOf).join()).toContain('đã đóng');
  });
});

describe('relay: the citizen answers the commune', () => {
  it('reaches whoever handles the report and the staff group, not the rest of the commune', async () => {
    const s = setup();
    const report = s.routed();
    const turn = createTurn(
      message('7001', 'Chỗ hỏng ở gần cổng trường.', 902),
      { lang: 'vi' },
      NOW,
    );

    const step = await relayToOfficials(s.deps, turn, report, {
      text: 'Chỗ hỏng ở gần cổng trường.',
      files: [],
    });

    expect(s.reports.threadMessages).toMatchObject([
      { direction: 'in', authorKind: 'citizen', text: 'Chỗ hỏng ở gần cổng trường.' },
    ]);
    expect(s.outbox.to('5002').map((d) => d.link)).toEqual([
      { kind: 'relay', reportId: report.id, officialId: s.vice.id },
    ]);
    expect(s.outbox.textsTo('5002')[0]).toContain('Chỗ hỏng ở gần cổng trường.');
    expect(s.outbox.textsTo('-1005')[0]).toContain('Chỗ hỏng ở gần cổng trường.');
    expect(s.outbox.to('5001')).toEqual([]);
    expect(step.messages.map(textOf)[0]).toContain('Đã chuyển tin nhắn của Ông/Bà đến UBND xã');
  });

  it('names a citizen who gave their name, and never an anonymous one', async () => {
    const s = setup();
    const named = s.routed();
    // The record of an anonymous report still says where to answer; the relay must not say who.
    const anonymous = s.routed({ anonymous: true });
    const content = (text: string) => ({ text, files: [] });

    await relayToOfficials(
      s.deps,
      createTurn(message('7001', 'Một', 903), { lang: 'vi' }, NOW),
      named,
      content('Một'),
    );
    await relayToOfficials(
      s.deps,
      createTurn(message('7001', 'Hai', 904), { lang: 'vi' }, NOW),
      anonymous,
      content('Hai'),
    );

    const [toNamed, toAnonymous] = s.outbox.textsTo('5002');
    expect(toNamed).toContain('Người dân Nguyễn Văn Dân');
    expect(toAnonymous).toContain('Người dân (ẩn danh)');
    // Nothing officials receive about the anonymous report carries who sent it or their chat.
    const toOfficials = s.outbox.deliveries.filter(
      (d) => d.reportId === anonymous.id && d.chatId !== '7001',
    );
    expect(toOfficials.map((d) => d.chatId).sort()).toEqual(['-1005', '5002']);
    expect(JSON.stringify(toOfficials)).not.toMatch(/Nguyễn Văn Dân|dan_nv|0912345678|7001/);
  });

  it('keeps a tố cáo out of the staff group', async () => {
    const s = setup();
    const report = s.routed({ kind: 'to-cao', ticketCode: 'TC-2026-000007', citizen: undefined });
    await relayToOfficials(
      s.deps,
      createTurn(message('7001', 'Bổ sung chứng cứ', 905), { lang: 'vi' }, NOW),
      report,
      { text: 'Bổ sung chứng cứ', files: [] },
    );
    expect(s.outbox.to('-1005')).toEqual([]);
    expect(s.outbox.textsTo('5002')[0]).toContain('Người tố cáo (được giữ bí mật)');
  });
});

describe('relay: each official reads it in their own language', () => {
  it('copies the citizen’s message to an English handler in English, to the group in Vietnamese', async () => {
    const w = routingWorld();
    const english = w.officials.addOfficial({
      unitCode: HOME.code,
      kind: 'vice-chair',
      chatId: '5003',
      fields: ['giao-thong'],
      lang: 'en',
    });
    w.officials.addGroup({ unitCode: HOME.code, chatId: '-1005' });
    // The alerts a status change edits: none were sent in this world.
    const links = createMemoryMessageLinks();
    const workflow = Object.assign(w.reports, {
      alertMessages: (reportId: number) => links.alertMessages(reportId),
    });
    const deps = { workflow, officials: w.officials, outbox: w.outbox };
    const report = w.submitted({
      status: 'routed',
      assignedOfficialId: english.id,
      assignedPositionId: english.positionId,
    });

    await relayToOfficials(
      deps,
      createTurn(message('7001', 'Chỗ hỏng ở gần cổng trường.', 906), { lang: 'vi' }, NOW),
      report,
      { text: 'Chỗ hỏng ở gần cổng trường.', files: [] },
    );

    expect(w.outbox.textsTo('5003')).toEqual([
      `💬 <b>${report.ticketCode}</b> · Resident Nguyễn Văn Dân:\n\nChỗ hỏng ở gần cổng trường.\n\n<i>Reply to this message to write back to the resident.</i>`,
    ]);
    expect(w.outbox.textsTo('-1005')[0]).toMatch(
      /· Người dân Nguyễn Văn Dân:[\s\S]*Bấm giữ tin nhắn này, chọn «Trả lời» để nhắn lại người dân\.<\/i>$/,
    );
  });

  it('answers an English official in English, while the citizen reads the commune in Vietnamese', async () => {
    const s = setup();
    const report = s.routed();
    const turn = createTurn(message('5002', 'Đã cử người.', 907), { lang: 'vi' }, NOW);
    turn.lang = 'en';

    const step = await relayToCitizen(s.deps, turn, report, s.vice, {
      text: 'Đã cử người.',
      files: [],
    });

    expect(step.messages.map(textOf)).toEqual([
      `✅ Sent to the resident (ticket <b>${report.ticketCode}</b>).`,
    ]);
    expect(s.outbox.textsTo('7001')[0]).toContain('UBND xã Bắc Đông Hưng');
  });

  it('frames the message, its edit and its retraction in each reader’s language: an English citizen, a Vietnamese follower', async () => {
    const s = setup();
    const report = s.routed({ citizenLang: 'en' });
    const words = 'Mời Ông/Bà đến vào thứ Hai.';
    await relayToCitizen(
      s.deps,
      createTurn(message('5002', `/tl ${report.ticketCode} ${words}`, 910), { lang: 'vi' }, NOW),
      report,
      s.vice,
      { text: words, files: [] },
    );
    const [sent] = s.outbox.to('7001');
    expect(textOf(sent!.message)).toBe(
      `🏛 <b>UBND xã Bắc Đông Hưng</b> · ticket <b>${report.ticketCode}</b>:\n\n${words}`,
    );
    expect(sent!.message.type === 'text' && sent!.message.buttons?.[0]?.[0]?.label).toBe('✉ Reply');
    // A follower's copy is made from the Vietnamese version (followerCopies).
    expect(textOf(sent!.inLang!.vi)).toMatch(/· phiếu <b>/);

    const [entry] = s.reports.threadMessages;
    s.reports.delivered(entry!.id, { channel: 'telegram', chatId: '7001', messageId: 31 });
    s.reports.delivered(entry!.id, {
      channel: 'telegram',
      chatId: '7009',
      messageId: 32,
      follower: { lang: 'vi' },
    });
    const edited = message('5002', '', 910);
    edited.body = { type: 'edited', text: `/tl ${report.ticketCode} Mời Ông/Bà đến vào thứ Ba.` };
    await relayEdit(s.deps, createTurn(edited, { lang: 'vi' }, NOW), edited.body.text);
    expect(s.reports.threadMessages[0]?.text).toBe('Mời Ông/Bà đến vào thứ Ba.');
    const [citizenEdit] = s.outbox.to('7001').slice(1);
    expect(textOf(citizenEdit!.message)).toBe(
      `🏛 <b>UBND xã Bắc Đông Hưng</b> · ticket <b>${report.ticketCode}</b>:\n\nMời Ông/Bà đến vào thứ Ba.\n<i>(edited)</i>`,
    );
    expect(citizenEdit!.message.type === 'edit' && citizenEdit!.message.buttons).toEqual([
      [expect.objectContaining({ label: '✉ Reply' })],
    ]);
    const [followerEdit] = s.outbox.to('7009');
    expect(textOf(followerEdit!.message)).toBe(
      `<i>🔔 Phiếu Ông/Bà đang theo dõi</i>\n🏛 <b>UBND xã Bắc Đông Hưng</b> · phiếu <b>${report.ticketCode}</b>:\n\nMời Ông/Bà đến vào thứ Ba.\n<i>(đã sửa)</i>`,
    );
    expect(followerEdit!.message.type === 'edit' && followerEdit!.message.buttons).toBeUndefined();

    const xoa = message('5002', '/xoa', 911);
    xoa.replyToMessageId = 910;
    await retract(s.deps, createTurn(xoa, { lang: 'vi' }, NOW), [s.vice]);
    expect(textOf(s.outbox.to('7001').at(-1)!.message)).toBe(
      `🏛 <b>UBND xã Bắc Đông Hưng</b> · ticket <b>${report.ticketCode}</b>:\n\n<i>This message has been withdrawn.</i>`,
    );
    expect(textOf(s.outbox.to('7009').at(-1)!.message)).toMatch(
      /phiếu <b>.*<\/b>:\n\n<i>Tin nhắn này đã được thu hồi\.<\/i>$/,
    );
  });
});

describe('relay: a ward’s officials read «phường», never «xã»', () => {
  it('is told a ticket not yet routed has not reached the ward, and who may take back a message', async () => {
    const s = setup();
    const chair = s.officials.addOfficial({ unitCode: WARD.code, kind: 'chair', chatId: '5101' });
    const staff = s.officials.addOfficial({
      unitCode: WARD.code,
      kind: 'staff',
      role: 'staff',
      chatId: '5102',
    });
    const ward = { unitCode: WARD.code, unitName: WARD.name };
    const waiting = s.submitted(ward);
    const said = (step: Awaited<ReturnType<typeof retract>>) =>
      (step?.messages ?? []).map((m) => textOf(m)).join('\n');
    const early = await relayToCitizen(
      s.deps,
      createTurn(message('5101', 'Xin chào', 930), { lang: 'vi' }, NOW),
      waiting,
      chair,
      { text: 'Xin chào', files: [] },
    );
    expect(said(early)).toBe(
      `Phiếu <b>${waiting.ticketCode}</b> chưa được chuyển đến phường; xin chờ trong giây lát.`,
    );

    const report = s.routed({ ...ward, assignedOfficialId: staff.id, assignedPositionId: null });
    await relayToCitizen(
      s.deps,
      // In the ward's group, where its staff see the chair's message.
      createTurn(message('-1105', 'Phường đã nhận phiếu.', 931), { lang: 'vi' }, NOW),
      report,
      chair,
      { text: 'Phường đã nhận phiếu.', files: [] },
    );
    const xoa = message('-1105', '/xoa', 932);
    xoa.replyToMessageId = 931;
    const step = await retract(s.deps, createTurn(xoa, { lang: 'vi' }, NOW), [staff]);
    expect(said(step)).toBe(
      'Chỉ người đã gửi tin nhắn hoặc lãnh đạo phường mới thu hồi được tin nhắn này.',
    );
    const xoaEn = { ...xoa, updateId: 933, messageId: 933 };
    const turnEn = createTurn(xoaEn, { lang: 'en' }, NOW);
    turnEn.lang = 'en';
    const stepEn = await retract(s.deps, turnEn, [staff]);
    expect(said(stepEn)).toBe(
      'Only whoever sent this message, or the ward leaders, can take it back.',
    );
  });
});
