/**
 * What citizens actually send: typed answers without diacritics or by number, stickers and
 * voice notes, text that is too long, old buttons, and button data nobody made.
 */
import { describe, expect, it } from 'vitest';
import type { LocationSharer } from '../../../src/texts/flow.ts';
import type { FlowInput, FlowRegistry, FlowRuntime } from '../../../src/flow/types.ts';
import { Chat, LONG_TEXT, answerCurrent, fakeRuntime, plain, realFlows } from './support.ts';

const flows = realFlows();

async function chatAt(flowId: string, params?: Record<string, string>) {
  const { runtime, calls } = fakeRuntime();
  const chat = new Chat(flows, runtime);
  await chat.start(flowId, params);
  return { chat, calls, runtime };
}

async function atDescription() {
  const { chat, calls } = await chatAt('report', { unitCode: '12345' });
  await chat.press('Phản ánh');
  await chat.press('Khác');
  expect(chat.step()).toBe('description');
  return { chat, calls };
}

describe('typed answers to button questions', () => {
  it.each([
    ['phan anh', 'phan-anh'],
    ['PHẢN ÁNH', 'phan-anh'],
    ['Kien nghi.', 'kien-nghi'],
    ['2', 'phan-anh'],
    ['5', 'to-cao'],
    ['  to cao ', 'to-cao'],
  ])('"%s" chooses %s', async (typed, value) => {
    const { chat } = await chatAt('report');
    const r = await chat.type(typed);
    expect(r.outcome).toBe('answered');
    expect(chat.state?.answers['kind']).toBe(value);
  });

  it('finds a menu entry from a few words of it', async () => {
    const { chat } = await chatAt('main');
    await chat.type('danh gia');
    expect(chat.state?.flowId).toBe('rate-commune');
  });

  it('asks again gently, with the buttons, when the text matches nothing', async () => {
    const { chat } = await chatAt('report');
    const r = await chat.type('tôi muốn hỏi');
    expect(r.outcome).toBe('reasked');
    expect(chat.step()).toBe('kind');
    expect(chat.text()).toContain('Xin lỗi, gopy chưa hiểu câu trả lời “tôi muốn hỏi”.');
    expect(chat.text()).toContain('gõ số thứ tự');
    expect(chat.labels()).toContain('Phản ánh');
    expect(r.replies).toHaveLength(1);
  });

  it('refuses a number that is not an option', async () => {
    const { chat } = await chatAt('report');
    expect((await chat.type('9')).outcome).toBe('reasked');
  });

  it.each([
    ['4', 4],
    ['hai long', 4],
    ['Rất hài lòng', 5],
    ['rat khong hai long', 1],
    ['khong hai long', 2],
    ['binh thuong', 3],
    ['5 – Rất hài lòng', 5],
  ])('takes the rating "%s" as %i', async (typed, score) => {
    const { chat } = await chatAt('rate-counter', { unitCode: '12345' });
    await chat.type(typed);
    expect(chat.state?.answers['polite']).toEqual({ item: 'c3.polite', criterion: 3, score });
  });

  it('explains the scale when a rating is not understood', async () => {
    const { chat } = await chatAt('rate-counter', { unitCode: '12345' });
    await chat.type('7');
    expect(chat.last.outcome).toBe('reasked');
    expect(chat.text()).toContain('gõ một số từ 1 đến 5');
  });

  it('ticks several options by number and by name, with ✓, then Xong', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('rate-commune', { unitCode: '12345' });
    for (let i = 0; i < 6; i++) await chat.type('4');
    await chat.type('co');
    for (let i = 0; i < 40 && chat.step() !== 'improve'; i++) {
      await chat.type(chat.step() === 'c3Harassment' || chat.step() === 'c3Payment' ? '1' : '4');
    }
    expect(chat.step()).toBe('improve');
    await chat.type('1 3');
    expect(chat.last.outcome).toBe('updated');
    expect(chat.labels()).toContain('✓ Cung cấp thông tin');
    expect(chat.labels()).toContain('✓ Năng lực của cán bộ');
    expect(chat.text()).toContain('Đã chọn: Cung cấp thông tin, Năng lực của cán bộ.');
    await chat.type('nang luc cua can bo');
    expect(chat.labels()).toContain('Năng lực của cán bộ');
    const r = await chat.press('Thái độ phục vụ');
    expect(r.editInPlace).toBe(true);
    await chat.type('xong');
    expect(chat.state?.answers['improve']).toEqual(['information', 'attitude']);
  });
});

describe('text answers', () => {
  it('re-asks oversized text saying the limit, and keeps the earlier answers', async () => {
    const { chat } = await atDescription();
    const before = structuredClone(chat.state?.answers);
    const r = await chat.type('a'.repeat(2345));
    expect(r.outcome).toBe('reasked');
    expect(chat.step()).toBe('description');
    expect(chat.text()).toContain('dài 2.345 ký tự, quá giới hạn 2.000 ký tự');
    // One sentence, then the question again (its hint says the limit): the answers stay.
    expect(chat.text()).toMatch(/: xin Ông\/Bà viết ngắn lại\.\n\nXin Ông\/Bà kể rõ sự việc/);
    expect(chat.state?.answers).toEqual(before);
    await chat.type(LONG_TEXT);
    expect(chat.step()).toBe('photos');
  });

  it('counts characters as people do (NFD input is normalised)', async () => {
    const { chat } = await atDescription();
    const decomposed = 'Đèn đường hỏng'.normalize('NFD').repeat(100);
    await chat.type(decomposed);
    expect(chat.step()).toBe('photos');
    expect(chat.state?.answers['description']).toBe(decomposed.normalize('NFC'));
  });

  it('asks for more than a few words', async () => {
    const { chat } = await atDescription();
    await chat.type('hỏng');
    expect(chat.text()).toContain('ít nhất 10 ký tự');
  });

  it.each([
    'xem https://example.com/abc nhé',
    'vào www.lua-dao.vn để xem',
    'nhắn t.me/abc ngay',
    'trang abc.com.vn có hết',
  ])('refuses links: %s', async (text) => {
    const { chat } = await atDescription();
    await chat.type(text);
    expect(chat.last.outcome).toBe('reasked');
    expect(chat.text()).toContain('không được chứa đường link');
  });

  it('does not take ordinary dotted text for a link', async () => {
    const { chat } = await atDescription();
    await chat.type('Đường hỏng từ 1.5.2026, v.v. Rất nguy hiểm.');
    expect(chat.step()).toBe('photos');
  });

  it('checks a typed phone number and stores it in national form', async () => {
    const { chat } = await chatAt('report', { unitCode: '12345' });
    await chat.press('Phản ánh');
    await chat.press('Khác');
    await chat.type(LONG_TEXT);
    await chat.press('Bỏ qua');
    await chat.type('Bỏ qua');
    await chat.press('Không, cứ ghi tên tôi');
    await chat.press('Không công khai');
    await chat.type('12345');
    expect(chat.text()).toContain('Số điện thoại “12345” chưa đúng.');
    expect(chat.last.replies.at(-1)?.request?.kind).toBe('contact');
    await chat.type('+84 912 345 678');
    expect(chat.state?.answers['phone']).toBe('0912345678');
  });
});

/** A report walked to its location question, the citizen in `lang`, the runtime given `extra`. */
async function atPlace(
  lang: 'vi' | 'en',
  extra: Partial<FlowRuntime>,
  registry: FlowRegistry = flows,
): Promise<Chat> {
  const { runtime } = fakeRuntime({ lang });
  const chat = new Chat(registry, { ...runtime, ...extra });
  await chat.start('report', { unitCode: '12345' });
  await chat.type('1');
  await chat.type('Khác');
  await chat.type(LONG_TEXT);
  await chat.type(lang === 'vi' ? 'xong' : 'done');
  expect(chat.step()).toBe('location');
  return chat;
}

/** The same, the question set to take no typed address (`allowAddress: false`; no flow has one). */
async function atPlaceWithoutAddress(lang: 'vi' | 'en', locationSharer: LocationSharer) {
  const noAddress = realFlows();
  const place = noAddress.get('report')?.steps.find((s) => s.id === 'location');
  if (place?.kind !== 'location') throw new Error('the report flow has no location step');
  place.allowAddress = false;
  return atPlace(lang, { locationSharer }, noAddress);
}

const PLACE_PROMPT = { vi: 'Sự việc ở đâu? (Không bắt buộc.)', en: 'Where is it? (Optional.)' };

/**
 * Sends `input`, which the current question cannot take: the citizen gets one message, exactly
 * `expected` (what went wrong, then the question with its own hint), and the question stays.
 */
async function expectReask(chat: Chat, input: FlowInput, expected: string): Promise<void> {
  const step = chat.step();
  const r = await chat.send(input);
  expect(r.outcome).toBe('reasked');
  expect(r.replies.map((x) => plain(x.text))).toEqual([expected]);
  expect(chat.step()).toBe(step);
}

describe('other kinds of messages', () => {
  it.each([
    ['sticker', 'nhãn dán'],
    ['voice', 'tin nhắn thoại'],
    ['poll', 'cuộc bình chọn'],
    ['something-new', 'loại tin nhắn này'],
  ])('re-asks kindly after a %s, saying what is expected', async (what, named) => {
    const { chat } = await chatAt('report');
    const r = await chat.send({ type: 'unsupported', what });
    expect(r.outcome).toBe('reasked');
    expect(chat.text()).toContain(`gopy chưa xem được ${named}`);
    expect(chat.text()).toContain('bấm một nút bên dưới');
    expect(chat.labels()).toContain('Góp ý');
  });

  it('says a question that takes no voice note needs none (the description question takes one)', async () => {
    const { chat } = await atDescription();
    await chat.type('Đèn đường ngõ 5 hỏng đã hai tuần');
    await chat.type('bỏ qua');
    await chat.type('bỏ qua');
    await chat.press('Không, cứ ghi tên tôi');
    await chat.press('Không công khai');
    expect(chat.step()).toBe('phone');
    await chat.send({ type: 'voice', voice: { fileId: 'v1', durationSeconds: 5 } });
    expect(chat.last.outcome).toBe('reasked');
    expect(chat.text()).toMatch(/^Câu hỏi này không cần ghi âm\.\n\nÔng\/Bà có muốn để lại số/);
    expect(chat.step()).toBe('phone');
  });

  it('takes a voice note as the description, and the review says one is attached', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, { ...runtime, voiceNotes: 'hold' });
    await chat.start('report', { unitCode: '12345' });
    await chat.press('Phản ánh');
    await chat.press('Khác');
    // Where a voice note can be recorded, the question says so.
    expect(chat.text()).toContain('🎤 Ông/Bà có thể ghi âm thay vì gõ chữ');
    await chat.send({ type: 'voice', voice: { fileId: 'v1', durationSeconds: 42 } });
    expect(chat.state?.answers['description']).toEqual({
      voice: { fileId: 'v1', durationSeconds: 42 },
    });
    await chat.type('bỏ qua');
    await chat.type('bỏ qua');
    // Before the anonymity question: a voice can be recognised.
    expect(chat.last.replies.map((r) => plain(r.text)).join('\n')).toContain(
      'giọng nói có thể giúp người quen nhận ra Ông/Bà',
    );
    await chat.press('Không, cứ ghi tên tôi');
    await chat.press('Không công khai');
    await chat.type('bỏ qua');
    expect(chat.step()).toBe('review');
    expect(chat.text()).toContain('• Nội dung: 🎤 Ghi âm dài 0:42');
  });

  it('does not offer recording where the channel has no recorder (the web chat)', async () => {
    const { chat } = await atDescription();
    expect(chat.text()).not.toContain('ghi âm');
  });

  it('a refused photo or recording: its reason where the question takes one, "needs none" elsewhere', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, { ...runtime, voiceNotes: 'hold' });
    await chat.start('report', { unitCode: '12345' });
    await chat.press('Phản ánh');
    await chat.press('Khác');
    const askDescription = chat.text();
    const big = { type: 'refused', what: 'photo', why: 'Ảnh này lớn quá.' } as const;
    const long = { type: 'refused', what: 'voice', why: 'Đoạn ghi âm này dài quá.' } as const;
    await expectReask(
      chat,
      big,
      `Câu hỏi này không cần ảnh. Xin Ông/Bà gõ câu trả lời bằng chữ rồi gửi.\n\n${askDescription}`,
    );
    await expectReask(
      chat,
      long,
      `Đoạn ghi âm này dài quá. Xin Ông/Bà gõ câu trả lời bằng chữ rồi gửi.\n\n${askDescription}`,
    );
    await chat.type('Đèn đường ngõ 5 hỏng đã hai tuần');
    await chat.send({ type: 'photo', fileId: 'p1', fileUniqueId: 'u1' });
    // The photo question again with the photo kept: its own line says what to press, once.
    const askMore =
      'Ông/Bà có ảnh chụp sự việc không? Ảnh giúp xã xử lý nhanh hơn. Nếu không có, bấm “Bỏ qua”.\n\n' +
      'Đã có 1 ảnh. Ông/Bà gửi thêm, bấm “🗑 Xóa ảnh đã gửi” để chọn lại, hoặc bấm “✅ Xong”.';
    await expectReask(chat, big, `Ảnh này lớn quá.\n\n${askMore}`);
    await expectReask(chat, long, `Câu hỏi này không cần ghi âm.\n\n${askMore}`);
    await chat.press('✅ Xong');
    expect(chat.state?.answers['photos']).toEqual([{ fileId: 'p1', fileUniqueId: 'u1' }]);
    expect(chat.state?.answers['description']).toBe('Đèn đường ngõ 5 hỏng đã hai tuần');
  });

  it('re-asks when a photo comes to a question that needs none', async () => {
    const { chat } = await atDescription();
    await chat.send({ type: 'photo', fileId: 'x' });
    expect(chat.last.outcome).toBe('reasked');
    expect(chat.text()).toContain('Câu hỏi này không cần ảnh');
    expect(chat.step()).toBe('description');
  });

  it('takes up to five photos, ignores the same photo twice, and moves on at the fifth', async () => {
    const { chat } = await atDescription();
    await chat.type(LONG_TEXT);
    await chat.send({ type: 'photo', fileId: 'p1', fileUniqueId: 'u1' });
    await chat.send({ type: 'photo', fileId: 'p1-again', fileUniqueId: 'u1' });
    expect(chat.text()).toContain('Ảnh này đã nhận rồi.');
    for (let i = 2; i <= 5; i++)
      await chat.send({ type: 'photo', fileId: `p${i}`, fileUniqueId: `u${i}` });
    expect(chat.step()).toBe('location');
    expect(chat.text()).toContain('Đã nhận đủ 5 ảnh.');
    expect(chat.state?.answers['photos']).toHaveLength(5);
  });

  it('starts the photos over with "Xóa ảnh đã gửi"', async () => {
    const { chat } = await atDescription();
    await chat.type(LONG_TEXT);
    await chat.send({ type: 'photo', fileId: 'p1' });
    await chat.press('Xóa ảnh đã gửi');
    expect(chat.text()).toContain('tối đa 5 ảnh');
    await chat.type('xong');
    expect(chat.state?.answers['photos']).toBeNull();
  });

  it.each([
    [
      'paperclip',
      'vi',
      'Bấm 📎 để chọn ảnh có sẵn hoặc chụp ảnh mới (tối đa 5 ảnh), rồi bấm “✅ Xong”.',
    ],
    ['paperclip', 'en', 'Tap 📎 to pick or take photos (up to 5), then tap “✅ Done”.'],
    [
      'pageButton',
      'vi',
      'Bấm nút «📷 Gửi ảnh» để chọn ảnh có sẵn hoặc chụp ảnh mới (tối đa 5 ảnh), rồi bấm “✅ Xong”.',
    ],
    [
      'pageButton',
      'en',
      'Press «📷 Gửi ảnh» to pick or take photos (up to 5), then tap “✅ Done”.',
    ],
    [
      'imageIcon',
      'vi',
      'Bấm biểu tượng hình ảnh 🖼 cạnh ô nhập tin nhắn để chọn ảnh có sẵn hoặc chụp ảnh mới (tối đa 5 ảnh), rồi bấm “✅ Xong”.',
    ],
    [
      'imageIcon',
      'en',
      'Tap the picture icon 🖼 beside the message box to pick or take photos (up to 5), then tap “✅ Done”.',
    ],
  ] as const)(
    'names what the channel presses to send a photo (%s, %s), once, when asked and asked again',
    async (photoPicker, lang, hint) => {
      const { runtime } = fakeRuntime({ lang });
      const chat = new Chat(flows, { ...runtime, photoPicker });
      await chat.start('report', { unitCode: '12345' });
      await chat.type('1');
      await chat.type('Khác');
      await chat.type(LONG_TEXT);
      expect(chat.step()).toBe('photos');
      const prompt =
        lang === 'vi'
          ? 'Ông/Bà có ảnh chụp sự việc không? Ảnh giúp xã xử lý nhanh hơn. Nếu không có, bấm “Bỏ qua”.'
          : 'Do you have photos of it? Photos help the commune act faster. If not, tap “Skip”.';
      expect(chat.text()).toBe(`${prompt}\n\n${hint}`);
      // Typed text, a location, a sticker: what went wrong, then the question and its hint once.
      const notes = {
        vi: [
          'Xin lỗi, gopy chưa hiểu câu trả lời “ảnh đây”.',
          'Câu hỏi này không cần vị trí.',
          'Xin lỗi, gopy chưa xem được nhãn dán (sticker).',
        ],
        en: [
          'Sorry, “ảnh đây” was not understood.',
          'This question does not need a location.',
          'Sorry, gopy cannot read stickers yet.',
        ],
      }[lang];
      await expectReask(
        chat,
        { type: 'text', text: 'ảnh đây' },
        `${notes[0]}\n\n${prompt}\n\n${hint}`,
      );
      await expectReask(
        chat,
        { type: 'location', latitude: 20.55, longitude: 106.33 },
        `${notes[1]}\n\n${prompt}\n\n${hint}`,
      );
      await expectReask(
        chat,
        { type: 'unsupported', what: 'sticker' },
        `${notes[2]}\n\n${prompt}\n\n${hint}`,
      );
      // Only Telegram has a paperclip.
      if (photoPicker !== 'paperclip') expect(chat.text()).not.toContain('📎');
    },
  );

  it.each([
    [
      'keyboardButton',
      'vi',
      'Bấm nút “📍 Gửi vị trí hiện tại” ở phía dưới nếu Ông/Bà đang ở đúng chỗ đó, hoặc gõ địa chỉ (số nhà, thôn, tổ dân phố…).',
    ],
    [
      'keyboardButton',
      'en',
      'Tap “📍 Send my location” below if you are at the place, or type the address.',
    ],
    [
      'pageButton',
      'vi',
      'Bấm nút «📍 Gửi vị trí» nếu Ông/Bà đang ở đúng chỗ đó (trình duyệt sẽ hỏi Ông/Bà có cho phép không), hoặc gõ địa chỉ (số nhà, thôn, tổ dân phố…).',
    ],
    [
      'pageButton',
      'en',
      'Press «📍 Gửi vị trí» if you are at the place (the browser will ask for your permission), or type the address.',
    ],
    [
      'zaloMenu',
      'vi',
      'Nếu Ông/Bà đang ở đúng chỗ đó, bấm dấu ba chấm ⋯ cạnh ô nhập tin nhắn rồi chọn “Vị trí” để gửi vị trí; hoặc gõ địa chỉ (số nhà, thôn, tổ dân phố…).',
    ],
    [
      'zaloMenu',
      'en',
      'If you are at the place, tap the three dots ⋯ beside the message box, then “Location”, to share it; or type the address.',
    ],
  ] as const)(
    'names what the channel presses to share a location (%s, %s), once, when asked and asked again',
    async (locationSharer, lang, hint) => {
      const chat = await atPlace(lang, { locationSharer });
      const asked = `${PLACE_PROMPT[lang]}\n\n${hint}`;
      expect(chat.text()).toBe(asked);
      // A photo, a sticker, a shared contact, too short an address: what went wrong, then the
      // question with its hint, once (the note used to say the hint again in other words).
      const notes = {
        vi: [
          'Câu hỏi này không cần ảnh.',
          'Xin lỗi, gopy chưa xem được nhãn dán (sticker).',
          'Câu hỏi này không cần số điện thoại.',
          'Địa chỉ hơi ngắn. Xin Ông/Bà ghi rõ hơn (ví dụ: thôn Đông, gần cổng chợ).',
        ],
        en: [
          'This question does not need a photo.',
          'Sorry, gopy cannot read stickers yet.',
          'This question does not need a phone number.',
          'That address is short. Please say a bit more (for example: East hamlet, near the market gate).',
        ],
      }[lang];
      await expectReask(chat, { type: 'photo', fileId: 'x' }, `${notes[0]}\n\n${asked}`);
      await expectReask(chat, { type: 'unsupported', what: 'sticker' }, `${notes[1]}\n\n${asked}`);
      await expectReask(chat, { type: 'contact', phone: '0912345678' }, `${notes[2]}\n\n${asked}`);
      await expectReask(chat, { type: 'text', text: 'chợ' }, `${notes[3]}\n\n${asked}`);
      // Only Telegram shows the «Gửi vị trí hiện tại» keyboard button, "below" the box.
      if (locationSharer !== 'keyboardButton') {
        expect(chat.text()).not.toMatch(/Gửi vị trí hiện tại|Send my location|phía dưới|below/);
      }
    },
  );

  it.each([
    [
      'keyboardButton',
      'vi',
      'Bấm nút “📱 Gửi số điện thoại của tôi” ở phía dưới, hoặc gõ số điện thoại.',
    ],
    ['keyboardButton', 'en', 'Tap “📱 Send my phone number” below, or type the number.'],
    [
      'pageButton',
      'vi',
      'Bấm nút “📱 Gửi số điện thoại của tôi” rồi gõ số điện thoại vào ô tin nhắn và gửi (ví dụ: 0912 345 678).',
    ],
    [
      'pageButton',
      'en',
      'Press “📱 Send my phone number”, then type your number in the message box and send it (for example 0912 345 678).',
    ],
    ['typed', 'vi', 'Xin Ông/Bà gõ số điện thoại rồi gửi (ví dụ: 0912 345 678).'],
    ['typed', 'en', 'Please type your phone number and send it (for example 0912 345 678).'],
  ] as const)(
    'names what the channel does to give a phone number (%s, %s), once, when asked and asked again',
    async (contactSharer, lang, hint) => {
      const chat = await atPlace(lang, { contactSharer });
      await chat.type('thôn Đông, gần cổng chợ');
      await chat.type('1'); // not anonymous
      await chat.type('1'); // not public
      expect(chat.step()).toBe('phone');
      const prompt =
        lang === 'vi'
          ? 'Ông/Bà có muốn để lại số điện thoại để cán bộ xã gọi lại khi cần không? (Không bắt buộc.)'
          : 'Would you like to leave a phone number so an official can call you if needed? (Optional.)';
      const asked = `${prompt}\n\n${hint}`;
      expect(chat.text()).toBe(asked);
      // A photo, a sticker, a number that is not one: what went wrong, then the question once.
      const notes = {
        vi: [
          'Câu hỏi này không cần ảnh.',
          'Xin lỗi, gopy chưa xem được nhãn dán (sticker).',
          'Số điện thoại “12345” chưa đúng.',
        ],
        en: [
          'This question does not need a photo.',
          'Sorry, gopy cannot read stickers yet.',
          'The phone number “12345” does not look right.',
        ],
      }[lang];
      await expectReask(chat, { type: 'photo', fileId: 'x' }, `${notes[0]}\n\n${asked}`);
      await expectReask(chat, { type: 'unsupported', what: 'sticker' }, `${notes[1]}\n\n${asked}`);
      await expectReask(chat, { type: 'text', text: '12345' }, `${notes[2]}\n\n${asked}`);
      expect(chat.last.replies.at(-1)?.request?.kind).toBe('contact');
      // Only Telegram shows the number-sharing keyboard button "below" the box; Zalo shows none.
      if (contactSharer !== 'keyboardButton') expect(chat.text()).not.toMatch(/phía dưới|below/);
      if (contactSharer === 'typed') expect(chat.text()).not.toMatch(/Gửi số điện thoại|Send my/);
    },
  );

  it.each([
    ['vi', 'keyboardButton', 'Bấm nút “📍 Gửi vị trí hiện tại” ở phía dưới để gửi vị trí.'],
    ['en', 'keyboardButton', 'Tap “📍 Send my location” below to share your location.'],
    [
      'vi',
      'pageButton',
      'Bấm nút «📍 Gửi vị trí» để gửi vị trí (trình duyệt sẽ hỏi Ông/Bà có cho phép không).',
    ],
    [
      'en',
      'pageButton',
      'Press «📍 Gửi vị trí» to share your location (the browser will ask for your permission).',
    ],
    ['vi', 'zaloMenu', 'Bấm dấu ba chấm ⋯ cạnh ô nhập tin nhắn rồi chọn “Vị trí” để gửi vị trí.'],
    [
      'en',
      'zaloMenu',
      'Tap the three dots ⋯ beside the message box, then “Location”, to share your location.',
    ],
  ] as const)(
    'asks for the place that takes no typed address naming only how to share a location, once (%s, %s)',
    async (lang, locationSharer, hint) => {
      const chat = await atPlaceWithoutAddress(lang, locationSharer);
      const asked = `${PLACE_PROMPT[lang]}\n\n${hint}`;
      expect(chat.text()).toBe(asked);
      expect(chat.last.replies.at(-1)?.request?.kind).toBe('location');
      // A typed address, a photo, a sticker and a message too long to read: each says what went
      // wrong, then the question with its hint, once; nothing offers typing an address.
      const notes = {
        vi: [
          'Câu hỏi này chỉ nhận vị trí được chia sẻ, không nhận chữ gõ vào.',
          'Câu hỏi này không cần ảnh.',
          'Xin lỗi, gopy chưa xem được nhãn dán (sticker).',
          'Tin nhắn này dài quá (4.090 ký tự), gopy không đọc được.',
        ],
        en: [
          'This question takes only a shared location, not typed text.',
          'This question does not need a photo.',
          'Sorry, gopy cannot read stickers yet.',
          'That message is too long (4,090 characters) for gopy to read.',
        ],
      }[lang];
      await expectReask(
        chat,
        { type: 'text', text: 'thôn Đông, gần cổng chợ' },
        `${notes[0]}\n\n${asked}`,
      );
      expect(chat.step()).toBe('location');
      await expectReask(chat, { type: 'photo', fileId: 'x' }, `${notes[1]}\n\n${asked}`);
      await expectReask(chat, { type: 'unsupported', what: 'sticker' }, `${notes[2]}\n\n${asked}`);
      await expectReask(chat, { type: 'tooLong', length: 4090 }, `${notes[3]}\n\n${asked}`);
      expect(chat.text()).not.toMatch(/địa chỉ|address|gõ địa|type the/i);
      // Only Telegram shows the «Gửi vị trí hiện tại» keyboard button, "below" the box.
      if (locationSharer !== 'keyboardButton') {
        expect(chat.text()).not.toMatch(/Gửi vị trí hiện tại|Send my location|phía dưới|below/);
      }
    },
  );
});

describe('a re-ask where the question says itself what to do', () => {
  it.each([
    [
      'vi',
      'Việc này thuộc xã, phường, đặc khu nào?\n\nXin Ông/Bà gõ tên xã, phường, đặc khu (có dấu hay không dấu đều được), ví dụ: Đông Hưng. Tên cũ trước khi sáp nhập cũng được.',
      ['Xin lỗi, gopy chưa xem được nhãn dán (sticker).', 'Tên “x” ngắn quá, gopy chưa tìm được.'],
    ],
    [
      'en',
      'Which commune, ward or special zone is this about?\n\nType the name of the commune, ward or special zone, for example Dong Hung. Names from before the 2025 merger work too.',
      ['Sorry, gopy cannot read stickers yet.', '“x” is too short to search for.'],
    ],
  ] as const)(
    'the commune question: what went wrong, then how to name the commune, once (%s)',
    async (lang, asked, notes) => {
      const { runtime } = fakeRuntime({ lang });
      const chat = new Chat(flows, runtime);
      await chat.start('report');
      await chat.type('1');
      expect(chat.step()).toBe('commune');
      expect(chat.text()).toBe(asked);
      await expectReask(chat, { type: 'unsupported', what: 'sticker' }, `${notes[0]}\n\n${asked}`);
      await expectReask(chat, { type: 'text', text: 'x' }, `${notes[1]}\n\n${asked}`);
    },
  );

  it.each([
    ['vi', 'Xin lỗi, gopy chưa hiểu câu trả lời “chưa biết”.'],
    ['en', 'Sorry, “chưa biết” was not understood.'],
  ] as const)(
    'the review: what went wrong, then the review, whose prompt says what to press (%s)',
    async (lang, note) => {
      const { runtime } = fakeRuntime({ lang });
      const chat = new Chat(flows, runtime);
      await chat.start('report', { unitCode: '12345' });
      for (let i = 0; i < 20 && chat.step() !== 'review'; i++) await answerCurrent(chat);
      expect(chat.step()).toBe('review');
      const review = plain(chat.last.replies.at(-1)?.text ?? '');
      await expectReask(chat, { type: 'text', text: 'chưa biết' }, `${note}\n\n${review}`);
      const send = lang === 'vi' ? 'Bấm “✅ Gửi”' : 'Tap “✅ Send”';
      expect(chat.text().split(send)).toHaveLength(2);
    },
  );

  it.each([
    [
      'vi',
      'Xin lỗi, gopy chưa hiểu câu trả lời “tất cả”.',
      'Bấm vào các lựa chọn phù hợp (chọn được nhiều), rồi bấm “✅ Xong”.',
    ],
    [
      'en',
      'Sorry, “tất cả” was not understood.',
      'Tap the choices that apply (several are fine), then tap “✅ Done”.',
    ],
  ] as const)(
    'a multi-select: what went wrong, then the question with how to tick, once (%s)',
    async (lang, note, hint) => {
      const { runtime } = fakeRuntime({ lang });
      const chat = new Chat(flows, runtime);
      await chat.start('rate-commune', { unitCode: '12345' });
      for (let i = 0; i < 60 && chat.step() !== 'improve'; i++)
        await answerCurrent(chat, { detailed: 'yes' });
      expect(chat.step()).toBe('improve');
      const asked = chat.text();
      expect(asked).toContain(hint);
      await expectReask(chat, { type: 'text', text: 'tất cả' }, `${note}\n\n${asked}`);
      expect(chat.text().split(hint)).toHaveLength(2);
    },
  );
});

describe('buttons', () => {
  it('treats a button of an earlier question as stale, kindly, and asks the current one again', async () => {
    const { chat } = await chatAt('report');
    const old = chat.button('Góp ý').data;
    await chat.press('Phản ánh');
    const r = await chat.send({ type: 'button', data: old });
    expect(r.outcome).toBe('stale-button');
    expect(r.toast).toBe('Nút này đã cũ.');
    expect(chat.text()).toContain('thuộc một câu hỏi trước đó');
    expect(chat.step()).toBe('commune');
    expect(chat.state?.answers['kind']).toBe('phan-anh');
  });

  it('treats a button of an earlier run of the same question as stale', async () => {
    const { chat, runtime } = await chatAt('report');
    const old = chat.button('Góp ý').data;
    const fresh = new Chat(flows, runtime);
    await fresh.start('report');
    expect(fresh.button('Góp ý').data).not.toBe(old);
    const r = await fresh.send({ type: 'button', data: old });
    expect(r.outcome).toBe('stale-button');
    expect(fresh.state?.answers['kind']).toBeUndefined();
  });

  it.each(['', 'hello', 'abcdef.0.99', 'abcdef.0.zz', 'x'.repeat(64), 'go:../../etc'])(
    'treats made-up data %j as forged',
    async (data) => {
      const { chat } = await chatAt('report');
      const nonce = chat.state?.nonce ?? '';
      const r = await chat.send({ type: 'button', data: data.replace('abcdef', nonce) });
      expect(r.outcome).toBe('forged-button');
      expect(r.toast).toBe('Nút không hợp lệ.');
      expect(chat.step()).toBe('kind');
    },
  );

  it('does not honour Skip on a question that cannot be skipped, even with made-up data', async () => {
    const { chat } = await chatAt('report');
    const r = await chat.send({ type: 'button', data: `${chat.state?.nonce}.0.s` });
    expect(r.outcome).toBe('forged-button');
  });

  it('keeps the current flow when an old "menu" button is pressed in the middle of it', async () => {
    const { chat } = await chatAt('report');
    await chat.press('Phản ánh');
    const r = await chat.send({ type: 'button', data: 'go:main' });
    expect(r.outcome).toBe('stale-button');
    expect(chat.text()).toContain('Ông/Bà đang gửi phản ánh dở');
    expect(chat.state?.flowId).toBe('report');
  });

  it('opens the menu for a button pressed after the conversation ended', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    const r = await chat.send({ type: 'button', data: 'abc123.0.1' });
    expect(r.outcome).toBe('stale-button');
    expect(chat.text()).toContain('đã kết thúc');
    expect(chat.state?.flowId).toBe('main');
  });

  it('keeps every callback data within 64 bytes, even with long labels and step numbers', async () => {
    // checkTelegramLimits runs on every result of every test; here the largest step index.
    const { chat } = await chatAt('rate-commune', { unitCode: '12345' });
    for (let i = 0; i < 6; i++) await chat.type('4');
    await chat.type('co');
    const codes: Record<string, string> = {
      improve: 'd',
      comment: 's',
      c3Harassment: '0',
      c3Payment: '0',
    };
    for (let i = 0; i < 40 && chat.state; i++)
      await chat.pressCode(codes[chat.step() ?? ''] ?? '4');
    expect(chat.state).toBeUndefined();
    const data = chat.all.flatMap((r) =>
      r.replies.flatMap((x) => (x.buttons ?? []).flat().map((b) => b.data)),
    );
    expect(Math.max(...data.map((d) => new TextEncoder().encode(d).length))).toBeLessThanOrEqual(
      64,
    );
  });
});

describe('asking the current question again', () => {
  it('re-asks the question with what is in progress, answers and ticks kept, and no toast', async () => {
    const { chat } = await atDescription();
    const answers = structuredClone(chat.state?.answers);
    const r = await chat.send({ type: 'reask' });
    expect(r.outcome).toBe('reasked');
    expect(r.toast).toBeUndefined();
    expect(chat.step()).toBe('description');
    expect(chat.state?.answers).toEqual(answers);
    expect(chat.text()).toContain('Ông/Bà đang gửi phản ánh dở');
    // The question itself comes after the reminder, with its buttons.
    expect(chat.labels()).toContain('✖ Hủy');
  });

  it('opens the main menu when no flow is active', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    const r = await chat.send({ type: 'reask' });
    expect(r.outcome).toBe('started');
    expect(chat.state?.flowId).toBe('main');
  });
});
