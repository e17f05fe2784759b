/**
 * A citizen on Zalo (channel `zalo`), against the project's fake Zalo OA: the same flows,
 * tickets and officials' side as Telegram. The citizen's messages reach gopy as Zalo's signed
 * webhook calls; gopy's answers go out through the OA's API, numbered, with query buttons, each
 * quoting the citizen's last message. The chair answers from Telegram (the fake Bot API).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import {
  createFakeZaloOa,
  ZALO_UPLOAD_LIMIT,
  type FakeZaloOa,
} from '../../src/simulator/fake-zalo-oa.ts';
import { CHAIR } from '../support/demo.ts';
import { startHarness, type Harness } from '../support/gopy-harness.ts';
import { until } from '../support/until.ts';
import { zaloCitizen, zaloEnv, type ZaloCitizen } from '../support/zalo-citizen.ts';

const COMMUNE = '12694';

let h: Harness;
let zalo: FakeZaloOa;
/** How far gopy's clock and Zalo's are ahead of the real one (the reply window's test). */
let shift = 0;

beforeAll(async () => {
  zalo = await createFakeZaloOa({ now: () => Date.now() + shift });
  h = await startHarness({
    humanPace: true,
    env: zaloEnv(zalo, zalo.issueRefreshToken()),
    now: () => new Date(Date.now() + shift),
  });
}, 120_000);

afterAll(async () => {
  await h?.close();
  await zalo?.close();
});

let places = 0;

/** Walks the report flow on Zalo up to the ticket; returns the ticket code. */
async function report(c: ZaloCitizen): Promise<string> {
  await c.say(`/start c_${COMMUNE}`);
  await c.waitFor(/Ông\/Bà muốn làm gì\?/);
  await c.tap('Gửi phản ánh, kiến nghị');
  await c.waitFor(/Ông\/Bà muốn gửi loại nào\?/);
  // Typed, not tapped: the number of the option.
  await c.say(String(c.numberOf('Phản ánh')));
  await c.waitFor(/Việc này thuộc lĩnh vực nào\?/);
  // Typed words of an option work too.
  await c.say('giao thong');
  await c.waitFor(/Xin Ông\/Bà kể rõ sự việc/);
  await c.say('Đèn đường thôn 3 hỏng cả tuần nay');
  await c.waitFor(/Ông\/Bà có ảnh chụp sự việc không\?/);
  await c.act({ type: 'image' });
  await c.tap('✅ Xong');
  const askPlace = await c.waitFor(/Sự việc ở đâu\?/);
  // A Zalo OA shows no location button: the hint names Zalo's own way to share one.
  expect(askPlace).toContain('bấm dấu ba chấm ⋯ cạnh ô nhập tin nhắn rồi chọn “Vị trí”');
  expect(askPlace).not.toContain('Gửi vị trí hiện tại');
  await c.act({ type: 'location', latitude: 20.5412 + 0.02 * places++, longitude: 106.3391 });
  await c.waitFor(/Ông\/Bà có muốn gửi ẩn danh không\?/);
  await c.tap('Không, cứ ghi tên tôi');
  await c.waitFor(/Ông\/Bà có đồng ý công khai phản ánh này không\?/);
  await c.tap('Không công khai');
  const askPhone = await c.waitFor(/để lại số điện thoại/);
  // A Zalo OA cannot ask for the number: the hint asks to type it, naming no button.
  expect(askPhone).toContain('Xin Ông/Bà gõ số điện thoại rồi gửi (ví dụ: 0912 345 678).');
  expect(askPhone).not.toContain('Gửi số điện thoại của tôi');
  await c.say('0912 345 678');
  await c.waitFor(/Xin Ông\/Bà xem lại trước khi gửi/);
  // Twelve choices: more than Zalo's 5 buttons, so they are numbered only, and typed.
  await c.say(String(c.numberOf('✅ Gửi')));
  const received = await c.waitFor(/Đã tiếp nhận/);
  const ticket = /PA-\d{4}-\d{6}/.exec(received)?.[0];
  if (!ticket) throw new Error(`no ticket in: ${received}`);
  return ticket;
}

describe('Zalo flows', () => {
  it('a report from Zalo reaches the chair on Telegram; the answer and the verdict come back on Zalo', async () => {
    const c = zaloCitizen(h, zalo);
    const ticket = await report(c);
    const row = await h.db.prisma.report.findUniqueOrThrow({
      where: { ticketCode: ticket },
      include: { citizen: true, attachments: true },
    });
    expect(row.citizen.channel).toBe('zalo');
    expect(row.citizen.externalId).toBe(c.userId);
    expect(row.attachments).toHaveLength(1);
    expect(row.attachments[0]!.fileId).toMatch(/^zalo:http/);

    const alert = await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${ticket}`));
    expect(alert.text ?? alert.caption).toContain('Đèn đường thôn 3');
    await c.waitFor(new RegExp(`${ticket} của Ông/Bà đã được chuyển đến`));

    await h.press(CHAIR, '✅ Tiếp nhận');
    await c.waitFor(/đã được lãnh đạo xã tiếp nhận/);
    await h.waitForText(CHAIR, /Đã tiếp nhận — /);
    await h.press(CHAIR, '✔ Đã xử lý');
    await h.press(CHAIR, 'Đã giải quyết');
    await h.send(CHAIR, 'Xã đã thay bóng đèn thôn 3 chiều nay.');
    await h.waitForText(CHAIR, /cần ảnh kết quả/);
    // A phone photo: 3–4 MB, over Zalo's 1 MB, with an EXIF block that could hold a position.
    const phonePhoto = await sharp({
      create: {
        width: 2400,
        height: 1800,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .jpeg({ quality: 95 })
      .withExif({ IFD0: { Copyright: 'Nhà riêng của cán bộ' } })
      .toBuffer();
    expect(phonePhoto.length).toBeGreaterThan(ZALO_UPLOAD_LIMIT);
    await h.sendPhoto(CHAIR, undefined, undefined, phonePhoto);
    const answer = await c.waitFor(/trả lời phiếu/);
    expect(answer).toMatch(/thay bóng đèn/);
    // The chair's photo went up to Zalo, made small enough and without its EXIF, and out.
    const shown = await until('the evidence photo on Zalo', () =>
      c.messages().find((m) => m.imageAttachmentId !== undefined),
    );
    const uploaded = zalo.image(shown.imageAttachmentId!)!;
    expect(uploaded.data.length).toBeLessThanOrEqual(ZALO_UPLOAD_LIMIT);
    const meta = await sharp(uploaded.data).metadata();
    expect(meta.exif).toBeUndefined();
    expect(Math.max(meta.width, meta.height)).toBeGreaterThanOrEqual(800);

    // Every message quoted one of the citizen's own messages (so Zalo counts it as a reply).
    expect(c.messages().every((m) => m.quote !== undefined)).toBe(true);

    await c.tap('Một phần');
    await c.waitFor(/cho biết điều gì còn chưa được giải quyết/);
    await c.say('Mới thay một bóng, còn hai bóng hỏng');
    await until('the report reopened from Zalo', async () => {
      const r = await h.db.prisma.report.findUniqueOrThrow({ where: { ticketCode: ticket } });
      return r.status === 'reopened' && r;
    });
    expect(h.fake.violations()).toEqual([]);
  }, 180_000);

  it('a lone number typed as the description is the description, not the option of that number', async () => {
    const c = zaloCitizen(h, zalo);
    await c.say(`/start c_${COMMUNE}`);
    await c.waitFor(/Ông\/Bà muốn làm gì\?/);
    await c.tap('Gửi phản ánh, kiến nghị');
    await c.waitFor(/Ông\/Bà muốn gửi loại nào\?/);
    await c.say(String(c.numberOf('Phản ánh')));
    await c.waitFor(/Việc này thuộc lĩnh vực nào\?/);
    await c.say('giao thong');
    const ask = await c.waitFor(/Xin Ông\/Bà kể rõ sự việc/);
    // The question still offers Back and Cancel, as buttons, but not as numbers to type.
    expect(ask).not.toMatch(/^\d+\. /m);
    const seen = c.messages().length;
    // "2" would have been «✖ Hủy» when numbers pressed the question's buttons.
    await c.say('2');
    await c.waitFor(/Nội dung hơi ngắn/);
    expect(c.texts().slice(seen).join('\n')).not.toMatch(/Đã hủy/);
    await c.say('Cống thoát nước số 2 bị tắc');
    const askPhotos = await c.waitFor(/Ông\/Bà có ảnh chụp sự việc không\?/);
    // The hint names Zalo's picture icon, not Telegram's paperclip.
    expect(askPhotos).toContain('Bấm biểu tượng hình ảnh 🖼 cạnh ô nhập tin nhắn');
    expect(askPhotos).not.toContain('📎');
    // In a question with choices, a typed number still picks one.
    expect(c.numberOf('✖ Hủy')).toBeGreaterThan(0);
    await c.say(String(c.numberOf('✖ Hủy')));
    await c.waitFor(/Đã hủy/);
  }, 120_000);

  it('an answer after the 48-hour window waits, the chair is told, and it goes out when the citizen writes', async () => {
    const c = zaloCitizen(h, zalo);
    const ticket = await report(c);
    await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${ticket}`));
    await h.press(CHAIR, '✅ Tiếp nhận');
    await c.waitFor(/đã được lãnh đạo xã tiếp nhận/);

    // Two days later, without a word from the citizen, the chair writes to them.
    shift += 49 * 3_600_000;
    await h.send(CHAIR, `/tl ${ticket} Sáng mai xã cử người đến kiểm tra đèn đường.`);
    await h.waitForText(CHAIR, new RegExp(`Tin trả lời phiếu ${ticket} đang chờ gửi`));
    await until('the answer held', async () =>
      (await h.db.prisma.zaloHeldMessage.count({ where: { userId: c.userId } })) > 0
        ? true
        : undefined,
    );
    expect(c.texts().some((t) => t.includes('cử người đến kiểm tra'))).toBe(false);
    // gopy did not try Zalo outside the window (nothing refused).
    expect(zalo.calls('/v3.0/oa/message/cs').filter((x) => x.error === -230)).toEqual([]);

    const msgId = await c.act({ type: 'text', text: 'Xin cảm ơn xã' });
    const answer = c.messages().find((m) => m.text?.includes('cử người đến kiểm tra'));
    expect(answer?.quote).toBe(msgId);
  }, 180_000);
});
