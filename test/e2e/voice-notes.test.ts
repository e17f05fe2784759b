/**
 * Voice notes end to end (real grammY bot, the fake Bot API, real PostgreSQL and Redis): a
 * citizen who speaks instead of typing gets the report to the chair as audio, the chair answers
 * with a voice note the citizen hears, and a recording over the limit is refused kindly with
 * every earlier answer kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAIR } from '../support/demo.ts';
import { findMessage } from '../support/desk-fixtures.ts';
import { TOKEN, startHarness, type Harness } from '../support/gopy-harness.ts';
import { until } from '../support/until.ts';

const ASK_DESCRIPTION = /Xin Ông\/Bà kể rõ sự việc/;
const ASK_PHOTOS = /Ông\/Bà có ảnh chụp sự việc không\?/;
const REVIEW = /^Xin Ông\/Bà xem lại trước khi gửi/;
/** Some bytes standing for a recording (the fake keeps them; nothing decodes them). */
const RECORDING = Buffer.from('OggS\u0000\u0002gopy voice note of a citizen');

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ framework: 'grammy', mode: 'webhook', humanPace: true });
}, 60_000);
afterAll(async () => h?.close());

/** Every row of every table of the public schema, as text (as in erasure.test.ts). */
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

const lastText = (c: number) => {
  const m = h.last(c);
  return m?.text ?? m?.caption ?? '';
};

async function toDescription(c: number) {
  await h.send(c, '/start');
  await h.press(c, 'Gửi phản ánh, kiến nghị');
  await h.press(c, 'Phản ánh');
  await h.send(c, 'dong xa');
  await h.press(c, /^Xã Bắc Đông Hưng/);
  await h.press(c, 'Giao thông, đường sá');
  expect(lastText(c)).toMatch(ASK_DESCRIPTION);
  expect(lastText(c)).toContain('Ông/Bà có thể ghi âm');
}

function sendVoice(c: number, duration: number, data: Buffer = RECORDING, replyTo?: number) {
  return h.sendMessage(c, {
    voice: { file: { data, mimeType: 'audio/ogg' }, duration },
    ...(replyTo !== undefined ? { replyToMessageId: replyTo } : {}),
  });
}

/** The file id of the voice note the user sent last in their chat. */
function ownVoice(c: number) {
  const entry = h.fake
    .chatHistory(TOKEN, c)
    .findLast((e) => !e.fromBot && e.message.voice !== undefined);
  if (!entry?.message.voice) throw new Error(`no voice note from ${c}`);
  return { messageId: entry.message.message_id, fileId: entry.message.voice.file_id };
}

describe('voice notes', () => {
  let ticket = '';
  const c = 8601;

  it('a spoken description reaches the chair as audio, with the alert as its caption', async () => {
    await toDescription(c);
    await sendVoice(c, 42);
    const { fileId } = ownVoice(c);
    expect(lastText(c)).toMatch(ASK_PHOTOS);
    await h.send(c, 'bỏ qua'); // photos
    await h.send(c, 'bỏ qua'); // location
    // Before choosing to stay anonymous, the citizen learns that a voice can be recognised.
    expect(h.texts(c).join('\n')).toMatch(/giọng nói có thể giúp người quen nhận ra Ông\/Bà/);
    await h.press(c, 'Không, cứ ghi tên tôi');
    await h.press(c, 'Không công khai');
    await h.send(c, 'bỏ qua'); // phone
    expect(lastText(c)).toMatch(REVIEW);
    expect(lastText(c)).toContain('• Nội dung: 🎤 Ghi âm dài 0:42');
    await h.press(c, '✅ Gửi');
    const received = h.texts(c).findLast((t) => t.startsWith('Đã tiếp nhận')) ?? '';
    ticket = /PA-\d{4}-\d{6}/.exec(received)?.[0] ?? '';
    expect(ticket).not.toBe('');

    // Stored like a photo: an attachment of the report.
    const report = await h.db.prisma.report.findUniqueOrThrow({
      where: { ticketCode: ticket },
      include: { attachments: true },
    });
    expect(report.attachments.map((a) => [a.kind, a.fileId])).toEqual([['voice', fileId]]);

    // The chair gets one message: the voice note, the alert as its caption, the buttons under it.
    const call = await h.fake.waitForCall(
      'sendVoice',
      (call) => String(call.params.chat_id) === String(CHAIR) && call.params.voice === fileId,
    );
    expect(String(call.params.caption)).toContain(`Phản ánh mới · ${ticket}`);
    const alert = await until('the alert in the chair’s chat', () =>
      h.fake.messagesTo(TOKEN, CHAIR).find((m) => m.caption?.includes(ticket) && m.voice),
    );
    expect(alert.caption).toMatch(/Nội dung gửi bằng ghi âm \(dài 0:42\)/);
    expect(alert.reply_markup?.inline_keyboard.flat().map((b) => b.text)).toContain('✅ Tiếp nhận');
    // What the chair plays is what the citizen recorded.
    expect(h.fake.fileContents(alert.voice?.file_id ?? '')?.data).toEqual(RECORDING);
  });

  it('the chair answers with a voice note, and the citizen’s voice reply reaches the chair', async () => {
    const alert = await until('the alert', () =>
      h.fake.messagesTo(TOKEN, CHAIR).find((m) => m.caption?.includes(ticket) && m.voice),
    );
    await until('the alert linked to its report', () =>
      h.gopy.repos.workflow.findLink(String(CHAIR), alert.message_id),
    );
    const answer = Buffer.from('OggS\u0000\u0002the chair answers');
    await sendVoice(CHAIR, 20, answer, alert.message_id);
    const toCitizen = await until('the answer in the citizen’s chat', () =>
      h.fake.messagesTo(TOKEN, c).find((m) => m.voice && m.caption?.includes(ticket)),
    );
    expect(toCitizen.caption).toMatch(/^🏛 UBND xã Bắc Đông Hưng · phiếu/);
    expect(h.fake.fileContents(toCitizen.voice?.file_id ?? '')?.data).toEqual(answer);
    await h.waitForText(CHAIR, /Đã gửi cho người dân/);

    // The citizen replies to it by voice: the chair hears it, in the report's thread.
    await until('the answer linked to its report', () =>
      h.gopy.repos.workflow.findLink(String(c), toCitizen.message_id),
    );
    const spoken = Buffer.from('OggS\u0000\u0002thank you, and one more thing');
    await sendVoice(c, 9, spoken, toCitizen.message_id);
    const relayed = await until('the citizen’s voice in the chair’s chat', () =>
      h.fake
        .messagesTo(TOKEN, CHAIR)
        .find((m) => m.voice && h.fake.fileContents(m.voice.file_id)?.data.equals(spoken)),
    );
    expect(relayed.caption).toContain(ticket);
    const thread = await h.db.prisma.threadMessage.findMany({
      where: { report: { ticketCode: ticket } },
      include: { attachments: true },
      orderBy: { id: 'asc' },
    });
    expect(thread.map((m) => [m.direction, m.attachments.map((a) => a.kind)])).toEqual([
      ['out', ['voice']],
      ['in', ['voice']],
    ]);
  });

  it('/xoadulieu erases the citizen’s recordings: no table keeps their file ids', async () => {
    const spoken = h.fake
      .chatHistory(TOKEN, c)
      .filter((e) => !e.fromBot && e.message.voice)
      .map((e) => e.message.voice?.file_id ?? '');
    expect(spoken).toHaveLength(2);
    expect(await dump()).toContain(spoken[0]);
    await h.send(c, '/xoadulieu');
    await h.press(c, 'Xóa thông tin của tôi');
    await h.waitForText(c, /Đã xóa thông tin cá nhân/);
    const after = await dump();
    for (const fileId of spoken) expect(after).not.toContain(fileId);
    const report = await h.db.prisma.report.findUniqueOrThrow({ where: { ticketCode: ticket } });
    expect(report.text).toMatch(/ghi âm đã được xóa theo yêu cầu của người gửi/);
    // The chair's answer is the commune's, not the citizen's: it stays in the thread.
    const kept = await h.db.prisma.attachment.findMany({
      where: { report: { ticketCode: ticket } },
      include: { threadMessage: true },
    });
    expect(kept.map((a) => [a.kind, a.threadMessage?.direction])).toEqual([['voice', 'out']]);
  });

  it('a follower’s spoken description goes with them at /xoadulieu; the report they followed stays whole', async () => {
    const first = 8603;
    const follower = 8604;
    const spot = { latitude: 20.5471, longitude: 106.3455 };
    // The first citizen reports a broken culvert, in words, at a place on the map.
    await toDescription(first);
    await h.send(first, 'Cống thoát nước đầu thôn bị vỡ, nước tràn ra đường');
    await h.send(first, 'bỏ qua'); // photos
    await h.sendLocation(first, spot.latitude, spot.longitude);
    await h.press(first, 'Không, cứ ghi tên tôi');
    await h.press(first, 'Không công khai');
    await h.send(first, 'bỏ qua'); // phone
    await h.press(first, '✅ Gửi');
    const done = await h.waitForText(first, /Mã phiếu: PA-\d{4}-\d{6}/);
    const followed = /PA-\d{4}-\d{6}/.exec(done.text ?? '')![0];

    // A neighbour tells the same by voice, a few metres away, and follows that report.
    await toDescription(follower);
    await sendVoice(follower, 31, Buffer.from('OggS\u0000\u0002the neighbour speaks'));
    const { fileId } = ownVoice(follower);
    await h.send(follower, 'bỏ qua'); // photos
    await h.sendLocation(follower, spot.latitude + 0.0001, spot.longitude);
    await h.press(follower, '👁 Theo dõi phiếu này');
    expect(lastText(follower)).toContain(`Ông/Bà đã theo dõi phiếu ${followed}`);
    const note = await h.db.prisma.attachment.findFirstOrThrow({
      where: { fileId },
      include: { threadMessage: true, report: true },
    });
    expect([note.kind, note.threadMessage?.direction, note.report.ticketCode]).toEqual([
      'voice',
      'note',
      followed,
    ]);
    expect(await dump()).toContain(fileId);

    await h.send(follower, '/xoadulieu');
    await h.press(follower, 'Xóa thông tin của tôi');
    await h.waitForText(follower, /Đã xóa thông tin cá nhân/);
    await h.settle();
    expect(await dump()).not.toContain(fileId);
    // The first citizen's report is theirs and untouched: their words, their place.
    const kept = await h.db.prisma.report.findUniqueOrThrow({ where: { ticketCode: followed } });
    expect(kept.text).toBe('Cống thoát nước đầu thôn bị vỡ, nước tràn ra đường');
  });

  it('a recording over 5 minutes is refused in Vietnamese, and the report goes on', async () => {
    const c2 = 8602;
    await toDescription(c2);
    await sendVoice(c2, 400);
    expect(lastText(c2)).toMatch(
      /^Đoạn ghi âm này dài 6,7 phút, gopy chỉ nhận ghi âm đến 5 phút\. Xin Ông\/Bà gõ câu trả lời bằng chữ rồi gửi\.\n\nXin Ông\/Bà kể rõ sự việc/,
    );
    expect(lastText(c2)).toMatch(ASK_DESCRIPTION);
    // A shorter one is taken, and nothing given before was lost.
    await sendVoice(c2, 75);
    expect(lastText(c2)).toMatch(ASK_PHOTOS);
    await h.send(c2, 'bỏ qua');
    await h.send(c2, 'bỏ qua');
    await h.press(c2, 'Không, cứ ghi tên tôi');
    await h.press(c2, 'Không công khai');
    await h.send(c2, 'bỏ qua');
    const review = lastText(c2);
    expect(review).toMatch(REVIEW);
    for (const line of [
      '• Loại: Phản ánh',
      '• Xã, phường: Xã Bắc Đông Hưng (Tỉnh Hưng Yên)',
      '• Lĩnh vực: Giao thông, đường sá',
      '• Nội dung: 🎤 Ghi âm dài 1:15',
    ])
      expect(review).toContain(line);
    expect(findMessage(h, c2, /Đoạn ghi âm này dài/)).toBeDefined();
  });
});
