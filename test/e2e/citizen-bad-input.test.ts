/**
 * What a citizen sends that gopy cannot take, end to end (real grammY bot in webhook mode, the
 * fake Bot API, real PostgreSQL and Redis): each gets a clear Vietnamese answer, the current
 * question again, and no earlier answer is lost (the review shows them all before sending).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN, startHarness, type Harness } from '../support/gopy-harness.ts';

const KEPT = [
  '• Loại: Phản ánh',
  '• Xã, phường: Xã Bắc Đông Hưng (Tỉnh Hưng Yên)',
  '• Lĩnh vực: Giao thông, đường sá',
];
const DESCRIPTION = 'Đèn đường ở ngõ 5 thôn Đông hỏng đã hai tuần';
const ASK_DESCRIPTION = /Xin Ông\/Bà kể rõ sự việc/;
const ASK_PHOTOS = /Ông\/Bà có ảnh chụp sự việc không\?/;
const REVIEW = /^Xin Ông\/Bà xem lại trước khi gửi/;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ framework: 'grammy', mode: 'webhook', humanPace: true });
}, 60_000);
afterAll(async () => h?.close());

/**
 * Presses «✅ Gửi» and gives the receipt among what came back: the notice that the report went
 * to the commune follows from the routing worker, before or after the receipt is read.
 */
const submitted = async (c: number) => {
  const before = h.texts(c).length;
  await h.press(c, '✅ Gửi');
  return (
    h
      .texts(c)
      .slice(before)
      .find((t) => t.startsWith('Đã tiếp nhận')) ?? ''
  );
};
const lastText = (c: number) => {
  const m = h.last(c);
  return m?.text ?? m?.caption ?? '';
};

/** Kind, commune and category answered: the citizen is asked for the description. */
async function toDescription(c: number) {
  await h.send(c, '/start');
  await h.press(c, 'Gửi phản ánh, kiến nghị');
  await h.press(c, 'Phản ánh');
  await h.send(c, 'dong xa');
  await h.press(c, /^Xã Bắc Đông Hưng/);
  await h.press(c, 'Giao thông, đường sá');
  expect(lastText(c)).toMatch(ASK_DESCRIPTION);
}

/** From the photos question to the review, skipping what is optional. */
async function photosToReview(c: number) {
  expect(lastText(c)).toMatch(ASK_PHOTOS);
  await h.send(c, 'bỏ qua');
  await h.send(c, 'bỏ qua');
  await h.press(c, 'Không, cứ ghi tên tôi');
  await h.press(c, 'Không công khai');
  await h.send(c, 'bỏ qua');
  expect(lastText(c)).toMatch(REVIEW);
}

function expectKept(c: number, description = DESCRIPTION) {
  const review = lastText(c);
  for (const line of [...KEPT, `• Nội dung: ${description}`]) expect(review).toContain(line);
}

/** A raw private message update from the citizen (what the fake cannot build: stickers, voice…). */
function rawMessage(c: number, fields: Record<string, unknown>, updateId?: number) {
  return {
    ...(updateId === undefined ? {} : { update_id: updateId }),
    message: {
      message_id: 100_000 + Math.floor(Math.random() * 100_000),
      date: Math.floor(Date.now() / 1000),
      chat: { id: c, type: 'private', first_name: `Người dùng ${c}` },
      from: { id: c, is_bot: false, first_name: `Người dùng ${c}` },
      ...fields,
    },
  };
}

describe('bad input from a citizen', () => {
  it('text over the limit: the question says its limit; a message over what gopy reads names no other', async () => {
    const c = 8101;
    await toDescription(c);
    await h.send(c, 'Đ'.repeat(2001));
    expect(lastText(c)).toMatch(
      /^Nội dung này dài 2\.001 ký tự, quá giới hạn 2\.000 ký tự: xin Ông\/Bà viết ngắn lại\.\n/,
    );
    expect(lastText(c)).toMatch(ASK_DESCRIPTION);
    await h.send(c, 'x'.repeat(4090));
    expect(lastText(c)).toMatch(
      /^Tin nhắn này dài quá \(4\.090 ký tự\), xin Ông\/Bà viết ngắn lại\.\n\nXin Ông\/Bà kể rõ sự việc/,
    );
    expect(lastText(c)).toMatch(ASK_DESCRIPTION);
    // One limit in the message: the question's own (it used to add gopy's 4000 beside it).
    expect(lastText(c).match(/\d\.\d{3} ký tự/g)).toEqual(['4.090 ký tự', '2.000 ký tự']);
    // The refusal says why; the reminder of what is in progress is for a command, not here.
    expect(lastText(c)).not.toContain('đang gửi phản ánh dở');
    await h.send(c, DESCRIPTION);
    await photosToReview(c);
    expectKept(c);
  });

  it('a sticker where text is expected, a voice message where a photo is', async () => {
    const c = 8102;
    await toDescription(c);
    await h.sendUpdate(
      rawMessage(c, {
        sticker: {
          file_id: 'CAACAgIAAxkBAAIB',
          file_unique_id: 'AgADst',
          type: 'regular',
          width: 512,
          height: 512,
          is_animated: false,
          is_video: false,
          emoji: '👍',
        },
      }),
    );
    expect(lastText(c)).toMatch(
      /^Xin lỗi, gopy chưa xem được nhãn dán \(sticker\)\. Xin Ông\/Bà gõ câu trả lời bằng chữ rồi gửi\./,
    );
    expect(lastText(c)).toMatch(ASK_DESCRIPTION);
    // A photo is not a description either.
    await h.sendPhoto(c);
    expect(lastText(c)).toMatch(/^Câu hỏi này không cần ảnh\./);
    await h.send(c, DESCRIPTION);
    // A voice note is a description (see voice-notes.test.ts), but not a photo.
    await h.sendUpdate(
      rawMessage(c, {
        voice: { file_id: 'AwACAgIAAxkBAAIC', file_unique_id: 'AgADvo', duration: 4 },
      }),
    );
    expect(lastText(c)).toMatch(/^Câu hỏi này không cần ghi âm\.\n\n/);
    expect(lastText(c)).toMatch(ASK_PHOTOS);
    await photosToReview(c);
    expectKept(c);
  });

  it('a photo over 10 MB, a picture sent as a file and a PDF where a photo is expected', async () => {
    const c = 8103;
    await toDescription(c);
    await h.send(c, DESCRIPTION);
    await h.sendPhoto(c); // one good photo first
    await h.sendUpdate(
      rawMessage(c, {
        photo: [
          {
            file_id: 'AgACbig-small',
            file_unique_id: 'AQADbig1',
            width: 320,
            height: 240,
            file_size: 30_000,
          },
          {
            file_id: 'AgACbig-large',
            file_unique_id: 'AQADbig2',
            width: 8000,
            height: 6000,
            file_size: 12_500_000,
          },
        ],
      }),
    );
    expect(lastText(c)).toMatch(/^Ảnh này lớn quá \(11,9 MB\), gopy chỉ nhận ảnh đến 10 MB\.\n\n/);
    // The photo question again, with the good photo still there.
    expect(lastText(c)).toMatch(ASK_PHOTOS);
    expect(lastText(c)).toContain('Đã có 1 ảnh.');
    await h.sendMessage(c, {
      document: {
        data: Buffer.from('not really a png'),
        fileName: 'o-ga.png',
        mimeType: 'image/png',
      },
    });
    expect(lastText(c)).toMatch(/^Ảnh này được gửi dưới dạng tệp/);
    expect(lastText(c)).toContain('Đã có 1 ảnh.');
    await h.sendMessage(c, {
      document: { data: Buffer.from('%PDF-1.4'), fileName: 'don.pdf', mimeType: 'application/pdf' },
    });
    expect(lastText(c)).toMatch(/^Xin lỗi, gopy chưa xem được tệp đính kèm\./);
    await h.press(c, '✅ Xong');
    await h.send(c, 'bỏ qua');
    await h.press(c, 'Không, cứ ghi tên tôi');
    await h.press(c, 'Không công khai');
    await h.send(c, 'bỏ qua');
    expectKept(c);
    expect(lastText(c)).toContain('• Ảnh: 1 ảnh');
  });

  it('in English, a photo at the place and the phone questions, a bad number: what went wrong, then the question and its hint, once', async () => {
    const c = 8110;
    await toDescription(c);
    await h.send(c, '/language');
    await h.press(c, 'English');
    await h.send(c, DESCRIPTION);
    await h.send(c, 'skip');
    const place =
      'Where is it? (Optional.)\n\nTap “📍 Send my location” below if you are at the place, or type the address.';
    expect(lastText(c)).toBe(place);
    await h.sendPhoto(c);
    // The note used to add “Please tap “📍 Send my location” below, or type the address.”
    expect(lastText(c)).toBe(`This question does not need a photo.\n\n${place}`);
    await h.sendUpdate(
      rawMessage(c, {
        sticker: {
          file_id: 'CAACAgIAAxkBAAIE',
          file_unique_id: 'AgADs2',
          type: 'regular',
          width: 512,
          height: 512,
          is_animated: false,
          is_video: false,
        },
      }),
    );
    expect(lastText(c)).toBe(`Sorry, gopy cannot read stickers yet.\n\n${place}`);
    await h.sendLocation(c, 20.7, 106.2);
    await h.press(c, 'No, show my name');
    await h.press(c, 'Keep it private');
    const phone =
      'Would you like to leave a phone number so an official can call you if needed? (Optional.)\n\nTap “📱 Send my phone number” below, or type the number.';
    expect(lastText(c)).toBe(phone);
    await h.sendPhoto(c);
    expect(lastText(c)).toBe(`This question does not need a photo.\n\n${phone}`);
    await h.send(c, '12345');
    expect(lastText(c)).toBe(`The phone number “12345” does not look right.\n\n${phone}`);
    await h.send(c, '0912 345 678');
    expect(lastText(c)).toMatch(/^Please check before sending\./);
    await h.send(c, '/language');
    await h.press(c, 'Tiếng Việt');
  });

  it('a photo, a recording, a file or a sticker with nothing in progress: said not sent, then the menu', async () => {
    const c = 8111;
    const MENU = 'Ông/Bà muốn làm gì? Xin bấm một nút bên dưới.';
    const HOW = 'Muốn gửi kèm phản ánh, xin Ông/Bà bấm “Gửi phản ánh, kiến nghị”.';
    await toDescription(c);
    await h.send(c, DESCRIPTION);
    await photosToReview(c);
    expect(await submitted(c)).toMatch(/^Đã tiếp nhận phản ánh của Ông\/Bà\./);
    await h.waitForText(c, /^Phản ánh PA-\d{4}-\d{6} của Ông\/Bà đã được chuyển đến/);
    // Right after a report was sent: a photo reaches nobody, and the citizen is told so.
    const before = h.texts(c).length;
    await h.sendPhoto(c);
    expect(lastText(c)).toBe(`Ảnh này chưa được gửi tới cán bộ. ${HOW}\n\n${MENU}`);
    expect(h.texts(c).length).toBe(before + 1);
    // At the menu: a recording, a photo sent as a file, a PDF and a sticker.
    await h.sendUpdate(
      rawMessage(c, { voice: { file_id: 'AwACidle', file_unique_id: 'AgADidle', duration: 6 } }),
    );
    expect(lastText(c)).toBe(`Đoạn ghi âm này chưa được gửi tới cán bộ. ${HOW}\n\n${MENU}`);
    await h.sendMessage(c, {
      document: { data: Buffer.from('png'), fileName: 'o-ga.png', mimeType: 'image/png' },
    });
    expect(lastText(c)).toBe(`Ảnh này chưa được gửi tới cán bộ. ${HOW}\n\n${MENU}`);
    await h.sendMessage(c, {
      document: { data: Buffer.from('%PDF-1.4'), fileName: 'don.pdf', mimeType: 'application/pdf' },
    });
    expect(lastText(c)).toMatch(
      /^Xin lỗi, gopy chưa xem được tệp đính kèm\. .*\n\nÔng\/Bà muốn làm gì\?/,
    );
    await h.sendUpdate(
      rawMessage(c, {
        sticker: {
          file_id: 'CAACidle',
          file_unique_id: 'AgADsidle',
          type: 'regular',
          width: 512,
          height: 512,
          is_animated: false,
          is_video: false,
        },
      }),
    );
    expect(lastText(c)).toMatch(
      /^Xin lỗi, gopy chưa xem được nhãn dán \(sticker\)\. .*\n\nÔng\/Bà muốn làm gì\?/,
    );
    // In English, the same.
    await h.send(c, '/language');
    await h.press(c, 'English');
    await h.sendPhoto(c);
    expect(lastText(c)).toBe(
      'This photo has not been sent to the officials. To send it with a report, please tap “Send a report or suggestion”.\n\nWhat would you like to do? Please tap a button below.',
    );
    await h.send(c, '/language');
    await h.press(c, 'Tiếng Việt');
  }, 60_000);

  it('a location or a phone number with nothing in progress: said not sent, then the menu', async () => {
    const c = 8112;
    const MENU = 'Ông/Bà muốn làm gì? Xin bấm một nút bên dưới.';
    const HOW = 'Muốn gửi kèm phản ánh, xin Ông/Bà bấm “Gửi phản ánh, kiến nghị”.';
    // A first message, a location, with nothing in progress: it used to open the menu as if
    // nothing had been sent, and the citizen took the place to have reached the commune.
    await h.sendLocation(c, 21.0285, 105.8542);
    expect(h.texts(c)).toHaveLength(1);
    expect(lastText(c)).toMatch(/^Xin chào!/);
    expect(lastText(c)).toContain(`\n\nVị trí này chưa được gửi tới cán bộ. ${HOW}\n\n${MENU}`);
    // At the menu, a shared contact: not "this question needs no phone number" either.
    await h.sendMessage(c, { contact: { phoneNumber: '+84 912 000 222', userId: c } });
    expect(lastText(c)).toBe(`Số điện thoại này chưa được gửi tới cán bộ. ${HOW}\n\n${MENU}`);
    // In English, the same.
    await h.send(c, '/language');
    await h.press(c, 'English');
    const MENU_EN = 'What would you like to do? Please tap a button below.';
    const HOW_EN = 'To send it with a report, please tap “Send a report or suggestion”.';
    await h.sendLocation(c, 21.0285, 105.8542);
    expect(lastText(c)).toBe(
      `This location has not been sent to the officials. ${HOW_EN}\n\n${MENU_EN}`,
    );
    await h.sendMessage(c, { contact: { phoneNumber: '+84 912 000 222', userId: c } });
    expect(lastText(c)).toBe(
      `This phone number has not been sent to the officials. ${HOW_EN}\n\n${MENU_EN}`,
    );
    await h.send(c, '/language');
    await h.press(c, 'Tiếng Việt');
  }, 60_000);

  it('a button of an old message, and button data gopy never made', async () => {
    const c = 8104;
    await toDescription(c);
    const calls = h.fake.calls(TOKEN, 'answerCallbackQuery').length;
    await h.press(c, 'Môi trường, rác thải'); // on the category question, answered already
    expect(lastText(c)).toMatch(
      /^Nút Ông\/Bà vừa bấm thuộc một câu hỏi trước đó nên không dùng được nữa\. Xin mời Ông\/Bà trả lời câu hỏi hiện tại:/,
    );
    expect(lastText(c)).toMatch(ASK_DESCRIPTION);
    const question = h.last(c)!;
    const cancel = question.reply_markup!.inline_keyboard.flat().find((b) => b.text === '✖ Hủy')!;
    // Not ours at all; ours but an option the text question does not have; a language we lack.
    const forged = ['not-ours', cancel.callback_data!.replace(/\.x$/, '.7'), 'lang.xx'];
    for (const data of forged) {
      const before = h.texts(c).length;
      h.fake.injectCallback(TOKEN, { chatId: c, messageId: question.message_id, data });
      await h.settle();
      expect(h.texts(c), data).toHaveLength(before + 1);
      expect(lastText(c), data).toMatch(/^Xin lỗi, gopy không hiểu nút vừa bấm\./);
      expect(lastText(c), data).toMatch(ASK_DESCRIPTION);
    }
    // An official's button: refused with a note on the button, nothing else changes.
    const before = h.texts(c).length;
    h.fake.injectCallback(TOKEN, { chatId: c, messageId: question.message_id, data: 'o.1.ack' });
    await h.settle();
    expect(h.texts(c)).toHaveLength(before);
    const toasts = h.fake
      .calls(TOKEN, 'answerCallbackQuery')
      .slice(calls)
      .map((call) => call.params.text);
    expect(toasts).toEqual([
      'Nút này đã cũ.',
      'Nút không hợp lệ.',
      'Nút không hợp lệ.',
      'Nút không hợp lệ.',
      'Chỉ cán bộ được phân công mới thao tác được nút này.',
    ]);
    await h.send(c, DESCRIPTION);
    await photosToReview(c);
    expectKept(c);
  });

  it('commands in the middle of a flow: /help and unknown ones keep it, /start and /huy leave it', async () => {
    const c = 8105;
    await toDescription(c);
    await h.send(c, '/help');
    const help = h.texts(c).at(-2)!;
    expect(help).toMatch(/^Cách dùng:/);
    expect(lastText(c)).toMatch(
      /^Ông\/Bà đang gửi phản ánh dở\. Xin trả lời câu hỏi hiện tại, hoặc bấm “✖ Hủy” để dừng việc này\./,
    );
    expect(lastText(c)).toMatch(ASK_DESCRIPTION);
    await h.send(c, '/thoitiet');
    expect(lastText(c)).toMatch(/^Gopy không hiểu lệnh này\. Gõ \/help để xem cách dùng\./);
    expect(lastText(c)).toMatch(ASK_DESCRIPTION);
    expect(lastText(c)).not.toContain('đang gửi phản ánh dở');
    await h.send(c, DESCRIPTION);
    await photosToReview(c);
    expectKept(c);

    // /start: the menu, saying what was dropped.
    await h.send(c, '/start');
    expect(lastText(c)).toMatch(
      /^Đã dừng việc đang làm dở \(gửi phản ánh\)\.\n\nÔng\/Bà muốn làm gì\?/,
    );
    // /huy at the location question: the keyboard goes, and the menu comes.
    await toDescription(c);
    await h.send(c, DESCRIPTION);
    await h.send(c, 'bỏ qua');
    expect(h.fake.changesSince(TOKEN, c, 0).keyboard).toBeDefined();
    await h.send(c, '/huy');
    expect(h.texts(c).at(-2)).toBe(
      'Đã dừng việc đang làm dở (gửi phản ánh). Đã hủy. Ông/Bà có thể chọn việc khác trong menu.',
    );
    expect(h.fake.changesSince(TOKEN, c, 0).keyboard).toBeUndefined();
    expect(lastText(c)).toMatch(/^Ông\/Bà muốn làm gì\?/);
    // /start with nothing in progress: just the menu.
    await h.send(c, '/start');
    expect(lastText(c)).toMatch(/^Ông\/Bà muốn làm gì\?/);
    const citizen = await h.db.prisma.citizen.findFirst({ where: { externalId: String(c) } });
    expect(citizen).toBeNull(); // nothing was submitted
  });

  it('the same update delivered twice gets one answer', async () => {
    const c = 8106;
    await toDescription(c);
    const before = h.texts(c).length;
    const update = rawMessage(c, { text: DESCRIPTION }, 990_001);
    await h.sendUpdate(update);
    await h.sendUpdate(update); // Telegram redelivers it
    expect(h.texts(c).length).toBe(before + 1);
    expect(lastText(c)).toMatch(ASK_PHOTOS);
    expect(h.fake.webhookDeliveries(TOKEN).filter((d) => d.updateId === 990_001)).toEqual([
      expect.objectContaining({ status: 200 }),
      expect.objectContaining({ status: 200 }),
    ]);
    // A button press delivered twice: one step, and the press answered once (a second answer
    // would be refused by Telegram).
    const photosQuestion = h.last(c)!;
    const skip = photosQuestion
      .reply_markup!.inline_keyboard.flat()
      .find((b) => b.text === 'Bỏ qua')!;
    const pressId = h.fake.injectCallback(TOKEN, {
      chatId: c,
      messageId: photosQuestion.message_id,
      data: skip.callback_data!,
    });
    const press = h.fake.pendingUpdates(TOKEN).find((u) => u.update_id === pressId)!;
    await h.settle();
    const afterPress = h.texts(c).length;
    await h.sendUpdate(press);
    expect(h.texts(c).length).toBe(afterPress);
    const answers = h.fake
      .calls(TOKEN, 'answerCallbackQuery')
      .filter((call) => call.params.callback_query_id === press.callback_query!.id);
    expect(answers).toHaveLength(1);
    expect(lastText(c)).toMatch(/Sự việc ở đâu\?/);
    await h.send(c, 'bỏ qua');
    await h.press(c, 'Không, cứ ghi tên tôi');
    await h.press(c, 'Không công khai');
    await h.send(c, 'bỏ qua');
    expectKept(c);
  });

  it('a flood from one citizen is slowed with one polite note; earlier answers are kept', async () => {
    const c = 8107;
    await toDescription(c);
    await h.send(c, DESCRIPTION);
    const before = h.texts(c).length;
    for (let i = 0; i < 30; i++)
      h.fake.injectMessage(TOKEN, {
        chatId: c,
        from: { id: c, first_name: `Người dùng ${c}` },
        text: `alo ${i}`,
      });
    await h.settle();
    const said = h.texts(c).slice(before);
    const notes = said.filter((t) => t.startsWith('Ông/Bà gửi nhanh quá'));
    expect(notes).toEqual([
      'Ông/Bà gửi nhanh quá, xin chờ vài giây rồi gửi tiếp. Những gì đã gửi vẫn được giữ nguyên.',
    ]);
    // Fewer answers than messages: the rest of the flood was not answered one by one.
    expect(said.length).toBeLessThan(30);
    expect(lastText(c)).toBe(notes[0]);
    // A moment later the citizen goes on where they were.
    await h.send(c, 'bỏ qua');
    expect(lastText(c)).toMatch(/Sự việc ở đâu\?/);
    await h.send(c, 'bỏ qua');
    await h.press(c, 'Không, cứ ghi tên tôi');
    await h.press(c, 'Không công khai');
    await h.send(c, 'bỏ qua');
    expectKept(c);
  });

  it('an edited message changes nothing and says how to change an answer', async () => {
    const c = 8108;
    await toDescription(c);
    await h.send(c, DESCRIPTION);
    const mine = h.fake
      .chatHistory(TOKEN, c)
      .findLast((e) => !e.fromBot && e.message.text === DESCRIPTION)!;
    h.fake.injectEditedMessage(TOKEN, {
      chatId: c,
      messageId: mine.message.message_id,
      text: 'Một nội dung khác hẳn',
    });
    await h.settle();
    expect(lastText(c)).toMatch(/^Gopy không nhận tin nhắn đã sửa\./);
    await h.sendPhoto(c);
    await h.press(c, '✅ Xong');
    await h.send(c, 'bỏ qua');
    await h.press(c, 'Không, cứ ghi tên tôi');
    await h.press(c, 'Không công khai');
    await h.send(c, 'bỏ qua');
    expectKept(c);
  });

  it('a citizen who blocked the bot: the update is taken once, nothing is retried', async () => {
    const c = 8109;
    await toDescription(c);
    h.fake.setBlocked(TOKEN, c, true);
    const id = await h.sendUpdate(rawMessage(c, { text: DESCRIPTION }));
    h.fake.setBlocked(TOKEN, c, false);
    // Answered 200 at once: no redelivery, and the answer was kept in the session.
    expect(h.fake.webhookDeliveries(TOKEN).filter((d) => d.updateId === id)).toEqual([
      expect.objectContaining({ status: 200 }),
    ]);
    await h.send(c, 'bỏ qua');
    expect(lastText(c)).toMatch(/Sự việc ở đâu\?/);
    await h.send(c, 'bỏ qua');
    await h.press(c, 'Không, cứ ghi tên tôi');
    await h.press(c, 'Không công khai');
    await h.send(c, 'bỏ qua');
    expectKept(c);
    expect(h.fake.violations()).toEqual([]);
  });
});

/**
 * A message longer than gopy reads (4.000 characters), sent at every question of a report and
 * at the menu: one sentence, then the question as asked, once. "Write it shorter" only where
 * the question takes typed words; elsewhere the question's own hint says what to press.
 */
describe('a message over 4.000 characters at each question of a report', () => {
  const LONG = 'Đ'.repeat(4090);
  const SHORTER = 'Tin nhắn này dài quá (4.090 ký tự), xin Ông/Bà viết ngắn lại.';
  const UNREAD = 'Tin nhắn này dài quá (4.090 ký tự), gopy không đọc được.';
  const TAP = 'Xin Ông/Bà bấm một nút bên dưới, hoặc gõ số thứ tự của lựa chọn (ví dụ: 1).';

  /** Sends the long message at the current question: `note`, then `question` again, one message. */
  async function tooLongAt(c: number, question: string, note: string) {
    const before = h.texts(c).length;
    await h.send(c, LONG);
    expect(lastText(c)).toBe(`${note}\n\n${question}`);
    expect(h.texts(c).length).toBe(before + 1);
    // Never asks to shorten where no words are wanted, and never says it twice.
    if (note !== SHORTER) expect(lastText(c)).not.toMatch(/ngắn lại|rút gọn/);
  }

  it('on Telegram: the words it asks for, the photos, the place, the choices, the phone, the review and the menu', async () => {
    const c = 8130;
    await toDescription(c);
    const askDescription = lastText(c);
    await tooLongAt(c, askDescription, SHORTER);
    // One limit in the message, the question's own.
    expect(lastText(c).match(/\d\.\d{3} ký tự/g)).toEqual(['4.090 ký tự', '2.000 ký tự']);
    await h.send(c, DESCRIPTION);

    const askPhotos = lastText(c);
    expect(askPhotos).toMatch(ASK_PHOTOS);
    await tooLongAt(c, askPhotos, UNREAD);
    await h.sendPhoto(c);
    await tooLongAt(
      c,
      'Ông/Bà có ảnh chụp sự việc không? Ảnh giúp xã xử lý nhanh hơn. Nếu không có, bấm “Bỏ qua”.\n\n' +
        'Đã có 1 ảnh. Ông/Bà gửi thêm, bấm “🗑 Xóa ảnh đã gửi” để chọn lại, hoặc bấm “✅ Xong”.',
      UNREAD,
    );
    await h.press(c, '✅ Xong');

    // The place takes a typed address: shorter words are the remedy.
    const askPlace = lastText(c);
    expect(askPlace).toMatch(/^Sự việc ở đâu\?/);
    await tooLongAt(c, askPlace, SHORTER);
    expect(h.fake.changesSince(TOKEN, c, 0).keyboard).toBeDefined();
    await h.send(c, 'bỏ qua');

    const askAnonymous = lastText(c);
    expect(askAnonymous).toMatch(/^Ông\/Bà có muốn gửi ẩn danh không\?/);
    await tooLongAt(c, askAnonymous, `${UNREAD} ${TAP}`);
    await h.press(c, 'Không, cứ ghi tên tôi');
    const askPublic = lastText(c);
    await tooLongAt(c, askPublic, `${UNREAD} ${TAP}`);
    await h.press(c, 'Không công khai');

    // A phone number may be typed.
    const askPhone = lastText(c);
    expect(askPhone).toMatch(/để lại số điện thoại/);
    await tooLongAt(c, askPhone, SHORTER);
    await h.send(c, 'bỏ qua');

    const review = lastText(c);
    expect(review).toMatch(REVIEW);
    await tooLongAt(c, review, UNREAD);
    expectKept(c);
    expect(lastText(c)).toContain('• Ảnh: 1 ảnh');
    expect(await submitted(c)).toMatch(/^Đã tiếp nhận phản ánh của Ông\/Bà\./);

    // The notice that it went to the commune comes from the routing worker: read before going on.
    await h.waitForText(c, /^Phản ánh PA-\d{4}-\d{6} của Ông\/Bà đã được chuyển đến/);
    // Nothing in progress: the menu, which takes a problem typed instead of tapped.
    await tooLongAt(c, 'Ông/Bà muốn làm gì? Xin bấm một nút bên dưới.', SHORTER);
  }, 60_000);

  it('in English: shorter words where words are asked, else what the question wants', async () => {
    const c = 8131;
    await toDescription(c);
    await h.send(c, '/language');
    await h.press(c, 'English');
    const askDescription = lastText(c).replace(/^Language set to English\.\n\n/, '');
    await tooLongAt(
      c,
      askDescription,
      'That message is too long (4,090 characters); please write it shorter.',
    );
    await h.send(c, DESCRIPTION);
    await tooLongAt(
      c,
      lastText(c),
      'That message is too long (4,090 characters) for gopy to read.',
    );
    await h.send(c, '/language');
    await h.press(c, 'Tiếng Việt');
  }, 60_000);
});

/**
 * Photos, recordings and files gopy cannot take, sent at every question of a report. Each
 * answer is what was wrong in one sentence, then the question as asked, once: a remedy of the
 * file ("a smaller photo", "a shorter recording") only where the question asks for that file.
 */
describe('refused media at each question of a report', () => {
  const ids = { n: 0 };
  const file = (prefix: string) => {
    ids.n += 1;
    return { file_id: `${prefix}-${ids.n}`, file_unique_id: `${prefix}u${ids.n}` };
  };
  const MEDIA = {
    bigPhoto: () => ({
      photo: [
        { ...file('AgACs'), width: 320, height: 240, file_size: 30_000 },
        { ...file('AgACl'), width: 8000, height: 6000, file_size: 12_500_000 },
      ],
    }),
    imageFile: () => ({
      document: {
        ...file('BQACd'),
        file_name: 'o-ga.jpg',
        mime_type: 'image/jpeg',
        file_size: 3e6,
      },
    }),
    longVoice: () => ({ voice: { ...file('AwACl'), duration: 400, file_size: 900_000 } }),
    bigAudio: () => ({
      audio: {
        ...file('CQACa'),
        duration: 200,
        file_size: 25_000_000,
        mime_type: 'audio/mpeg',
        file_name: 'ghi-am.mp3',
      },
    }),
    voice: () => ({ voice: { ...file('AwACv'), duration: 8, file_size: 20_000 } }),
    video: () => ({ video: { ...file('BAACv'), width: 640, height: 360, duration: 5 } }),
    sticker: () => ({
      sticker: {
        ...file('CAACs'),
        type: 'regular',
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
      },
    }),
  } as const;
  type Media = keyof typeof MEDIA;

  const BIG_PHOTO = 'Ảnh này lớn quá (11,9 MB), gopy chỉ nhận ảnh đến 10 MB.';
  const IMAGE_FILE =
    'Ảnh này được gửi dưới dạng tệp nên cán bộ không xem được như ảnh; khi gửi ảnh, xin Ông/Bà đừng chọn “Gửi dưới dạng tệp”.';
  const LONG_VOICE = 'Đoạn ghi âm này dài 6,7 phút, gopy chỉ nhận ghi âm đến 5 phút.';
  const BIG_AUDIO = 'Tệp ghi âm này lớn quá (23,8 MB), gopy chỉ nhận tệp đến 20 MB.';
  const NO_PHOTO = 'Câu hỏi này không cần ảnh.';
  const NO_VOICE = 'Câu hỏi này không cần ghi âm.';
  const VIDEO = 'Xin lỗi, gopy chưa xem được video.';
  const STICKER = 'Xin lỗi, gopy chưa xem được nhãn dán (sticker).';
  const TYPE = 'Xin Ông/Bà gõ câu trả lời bằng chữ rồi gửi.';
  const TAP = 'Xin Ông/Bà bấm một nút bên dưới, hoặc gõ số thứ tự của lựa chọn (ví dụ: 1).';

  /** At a question that takes neither a photo nor a recording: `how` is its own re-ask hint. */
  const neither = (how?: string): Record<Media, string> => {
    const said = (note: string) => (how ? `${note} ${how}` : note);
    return {
      bigPhoto: said(NO_PHOTO),
      imageFile: said(NO_PHOTO),
      longVoice: said(NO_VOICE),
      bigAudio: said(NO_VOICE),
      voice: said(NO_VOICE),
      video: said(VIDEO),
      sticker: said(STICKER),
    };
  };

  /** Sends each medium at the current question; each answer is `note`, then `question` again. */
  async function refusedAt(c: number, question: string, notes: Partial<Record<Media, string>>) {
    for (const [media, note] of Object.entries(notes)) {
      const before = h.texts(c).length;
      await h.sendUpdate(rawMessage(c, MEDIA[media as Media]()));
      expect(lastText(c), media).toBe(`${note}\n\n${question}`);
      // One message: the reason and the question together, nothing said twice.
      expect(h.texts(c).length, media).toBe(before + 1);
    }
  }

  it('on Telegram: the description, photo, choice, phone and review questions', async () => {
    const c = 8120;
    await toDescription(c);
    const askDescription = lastText(c);
    expect(askDescription).toContain('🎤 Ông/Bà có thể ghi âm thay vì gõ chữ');
    await refusedAt(c, askDescription, {
      bigPhoto: `${NO_PHOTO} ${TYPE}`,
      imageFile: `${NO_PHOTO} ${TYPE}`,
      longVoice: `${LONG_VOICE} ${TYPE}`,
      bigAudio: `${BIG_AUDIO} ${TYPE}`,
      video: `${VIDEO} ${TYPE}`,
      sticker: `${STICKER} ${TYPE}`,
    });
    await h.send(c, DESCRIPTION);

    const askPhotos = lastText(c);
    expect(askPhotos).toMatch(ASK_PHOTOS);
    await refusedAt(c, askPhotos, {
      bigPhoto: BIG_PHOTO,
      imageFile: IMAGE_FILE,
      longVoice: NO_VOICE,
      voice: NO_VOICE,
      video: VIDEO,
    });
    await h.sendPhoto(c);
    // With a photo in: the question again keeps it, and says what to press once.
    await refusedAt(
      c,
      'Ông/Bà có ảnh chụp sự việc không? Ảnh giúp xã xử lý nhanh hơn. Nếu không có, bấm “Bỏ qua”.\n\n' +
        'Đã có 1 ảnh. Ông/Bà gửi thêm, bấm “🗑 Xóa ảnh đã gửi” để chọn lại, hoặc bấm “✅ Xong”.',
      { bigPhoto: BIG_PHOTO, imageFile: IMAGE_FILE, bigAudio: NO_VOICE },
    );
    await h.press(c, '✅ Xong');
    await h.send(c, 'bỏ qua'); // the place

    const askAnonymous = lastText(c);
    expect(askAnonymous).toMatch(/^Ông\/Bà có muốn gửi ẩn danh không\?/);
    await refusedAt(c, askAnonymous, neither(TAP));
    await h.press(c, 'Không, cứ ghi tên tôi');
    await h.press(c, 'Không công khai');

    const askPhone = lastText(c);
    expect(askPhone).toMatch(/để lại số điện thoại/);
    await refusedAt(c, askPhone, neither());
    // The phone keyboard is still there to share the number with.
    expect(h.fake.changesSince(TOKEN, c, 0).keyboard).toBeDefined();
    await h.send(c, 'bỏ qua');

    const review = lastText(c);
    expect(review).toMatch(REVIEW);
    await refusedAt(c, review, neither());
    expectKept(c);
    expect(lastText(c)).toContain('• Ảnh: 1 ảnh');
    expect(await submitted(c)).toMatch(/^Đã tiếp nhận phản ánh của Ông\/Bà\./);
  }, 60_000);

  it('in English, the same: the reason where the question takes the file, else that it needs none', async () => {
    const c = 8121;
    await toDescription(c);
    await h.send(c, '/language');
    await h.press(c, 'English');
    const askDescription = lastText(c).replace(/^Language set to English\.\n\n/, '');
    await refusedAt(c, askDescription, {
      bigPhoto: 'This question does not need a photo. Please type your answer and send it.',
      longVoice:
        'That recording is 6.7 minutes long; gopy takes recordings up to 5 minutes. Please type your answer and send it.',
    });
    await h.send(c, DESCRIPTION);
    const askPhotos = lastText(c);
    await refusedAt(c, askPhotos, {
      bigPhoto: 'That photo is too large (11.9 MB); gopy takes photos up to 10 MB.',
      imageFile:
        'That picture was sent as a file, which officials cannot view as a photo; when you send a photo, please do not choose “Send as file”.',
      bigAudio: 'This question does not need a voice message.',
    });
    await h.send(c, '/language');
    await h.press(c, 'Tiếng Việt');
  }, 60_000);
});
