import { describe, expect, it } from 'vitest';
import { Chat, LONG_TEXT, answerCurrent, fakeRuntime, plain, realFlows, walk } from './support.ts';

/** «xã» as a word (JavaScript's \b knows only ASCII letters). */
const XA = /(^|[^\p{L}])xã(?![\p{L}])/u;

const flows = realFlows();

describe('the main menu', () => {
  it('opens on any first message and offers the five services', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    const r = await chat.type('xin chào');
    expect(r.outcome).toBe('started');
    expect(chat.step()).toBe('menu');
    expect(chat.labels()).toEqual([
      'Đánh giá chính quyền',
      'Gửi phản ánh, kiến nghị',
      'Phản ánh của tôi',
      'Đăng ký gặp lãnh đạo UBND',
      'Trợ giúp',
    ]);
  });

  it.each([
    ['Đánh giá chính quyền', 'rate-commune', 'commune'],
    ['Gửi phản ánh, kiến nghị', 'report', 'kind'],
    ['Phản ánh của tôi', 'my-reports', 'report'],
    ['Đăng ký gặp lãnh đạo UBND', 'reception', 'commune'],
  ])('"%s" starts the %s flow', async (label, flowId, stepId) => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('main');
    await chat.press(label);
    expect(chat.state?.flowId).toBe(flowId);
    expect(chat.step()).toBe(stepId);
  });

  it('explains the service in plain words, then shows the menu again', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('main');
    const r = await chat.press('Trợ giúp');
    expect(r.replies).toHaveLength(1);
    expect(chat.text()).toContain('không cần gõ');
    expect(chat.text()).toContain('ẩn danh');
    expect(chat.step()).toBe('menu');
    expect(chat.labels()).toContain('Gửi phản ánh, kiến nghị');
  });

  // No unit is chosen yet at the menu: its help and buttons fit a ward or a special zone too.
  it('speaks of a commune, ward or special zone alike in its help and buttons', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('main');
    await chat.press('Trợ giúp');
    const help = chat.text();
    expect(help).toContain('Ủy ban nhân dân xã, phường, đặc khu');
    expect(help).toContain('• Đánh giá chính quyền: trả lời 6 câu hỏi ngắn');
    expect(help).toContain('• Đăng ký gặp lãnh đạo UBND: chọn một ngày tiếp công dân');
    expect(help).not.toMatch(/xã(?!, phường)/i);
    expect(chat.labels().join(' | ')).not.toMatch(/xã/i);
  });

  it('names no unit kind in English either', async () => {
    const { runtime } = fakeRuntime({ lang: 'en' });
    const chat = new Chat(flows, runtime);
    await chat.start('main');
    await chat.press('Help');
    const help = chat.text();
    expect(help).toContain('People’s Committee of your commune, ward or special zone');
    expect(help).toContain('• Rate the local government:');
    expect(help).not.toMatch(/commune(?!, ward)/);
    expect(chat.labels()).toContain('Meet the local leaders');
    expect(chat.labels().join(' | ')).not.toMatch(/commune/);
  });
});

describe('a citizen who types at the menu', () => {
  const TYPED = 'Đường thôn 3 ngập nước từ tối qua, xe máy không đi được';

  it('is offered to send what they typed, which becomes the report’s description', async () => {
    const { runtime, calls } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('main');
    await chat.type(TYPED);
    expect(chat.step()).toBe('typed');
    expect(chat.text()).toContain(`«${TYPED}»`);
    expect(chat.labels()).toEqual([
      '📝 Gửi nội dung này',
      'Đánh giá chính quyền',
      'Phản ánh của tôi',
      '◀ Quay lại',
    ]);
    await chat.press('Gửi nội dung này');
    expect(chat.step()).toBe('kind');
    await chat.press('Phản ánh');
    await chat.type('Đông Xá');
    await chat.press('Xã Đông Hưng');
    await chat.press('Hạ tầng, giao thông');
    // The description is what was typed: the next question is the photos.
    expect(chat.step()).toBe('photos');
    await chat.press('Bỏ qua');
    await chat.type('Bỏ qua');
    await chat.press('Không, cứ ghi tên tôi');
    await chat.press('Không công khai');
    await chat.type('Bỏ qua');
    expect(chat.step()).toBe('review');
    expect(chat.text()).toContain(`Nội dung: ${TYPED}`);
    await chat.press('✅ Gửi');
    const submit = calls.actions.find((c) => c.name === 'submitReport');
    expect(submit?.ctx.answers).toMatchObject({ kind: 'phan-anh', description: TYPED });
  });

  it('may go back from the photos and write the description again', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('main');
    await chat.type(TYPED);
    await chat.press('Gửi nội dung này');
    await chat.press('Phản ánh');
    await chat.type('Đông Xá');
    await chat.press('Xã Đông Hưng');
    await chat.press('Hạ tầng, giao thông');
    await chat.pressCode('b');
    expect(chat.step()).toBe('description');
  });

  it('may rate or see their reports instead', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('main');
    await chat.type(TYPED);
    await chat.press('Đánh giá chính quyền');
    expect(chat.state?.flowId).toBe('rate-commune');
  });

  it('a greeting is not a report: the menu is asked again', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('main');
    await chat.type('xin chào');
    expect(chat.last.outcome).toBe('reasked');
    expect(chat.step()).toBe('menu');
  });
});

describe('rate-commune', () => {
  it('asks a ward’s citizen about the ward’s leaders and government, a special zone’s in English too', async () => {
    const ward = new Chat(flows, fakeRuntime().runtime);
    await ward.start('rate-commune');
    expect(ward.text()).toContain('Ông/Bà muốn đánh giá chính quyền xã, phường, đặc khu nào?');
    await ward.type('Hoan Kiem');
    await ward.press('Phường Hoàn Kiếm');
    for (let i = 0; i < 3; i++) await ward.press('Bỏ qua');
    expect(ward.text()).toContain('Câu 4/6. Lãnh đạo phường trực tiếp chỉ đạo');
    await ward.press('Bỏ qua');
    await ward.press('Bỏ qua');
    expect(ward.text()).toContain(
      'Câu 6/6. Nhìn chung, Ông/Bà hài lòng ở mức nào với sự phục vụ của chính quyền phường?',
    );

    const zone = new Chat(flows, fakeRuntime({ lang: 'en' }).runtime);
    await zone.start('rate-commune');
    expect(zone.text()).toContain('Which commune, ward or special zone would you like to rate?');
    await zone.type('Phu Quoc');
    await zone.press('Đặc khu Phú Quốc');
    await zone.press('Skip');
    expect(zone.text()).toContain('2 of 6. The special zone tells people the outcome');
    for (let i = 0; i < 4; i++) await zone.press('Skip');
    expect(zone.text()).toContain(
      '6 of 6. Overall, how satisfied are you with the service of the special zone government?',
    );
  });

  it('takes the quick rating in eight taps and saves the six items with their criteria', async () => {
    const { runtime, calls } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('rate-commune');
    await chat.type('Dong Hung');
    await chat.press('Xã Đông Hưng');
    expect(chat.text()).toContain('Ông/Bà đánh giá Xã Đông Hưng (Hưng Yên) qua 6 câu hỏi');
    expect(chat.text()).toContain(
      'Quy định thủ tục hành chính được niêm yết công khai tại trụ sở, dễ thấy, dễ hiểu.',
    );
    expect(chat.labels().slice(0, 6)).toEqual([
      '5 – Rất hài lòng',
      '4 – Hài lòng',
      '3 – Bình thường',
      '2 – Không hài lòng',
      '1 – Rất không hài lòng',
      'Bỏ qua',
    ]);
    const expected = [
      'Cơ quan thông báo kết quả xử lý phản ánh, kiến nghị cho người dân kịp thời.',
      'Công chức có thái độ giao tiếp lịch sự, tôn trọng đối với người dân.',
      'Lãnh đạo xã trực tiếp chỉ đạo, phản hồi các phản ánh, kiến nghị của người dân kịp thời.',
      'Trụ sở sạch sẽ, văn minh.',
      'Nhìn chung, Ông/Bà hài lòng ở mức nào với sự phục vụ của chính quyền xã?',
    ];
    await chat.press('5 – Rất hài lòng');
    for (const text of expected) {
      expect(chat.text()).toContain(text);
      await chat.press(text.startsWith('Trụ sở') ? 'Bỏ qua' : '4 – Hài lòng');
    }
    expect(chat.text()).toContain('đánh giá chi tiết');
    await chat.press('Không, gửi đánh giá ngay');

    expect(chat.last.outcome).toBe('ended');
    expect(chat.state).toBeUndefined();
    expect(chat.text()).toContain('Cảm ơn Ông/Bà đã đánh giá Xã Đông Hưng (Hưng Yên)!');
    expect(chat.text()).not.toContain('đã được thay');
    expect(chat.all.filter((r) => r.outcome !== 'updated').length).toBeLessThanOrEqual(9);

    // Saved once, before the detailed part was offered (so stopping there loses nothing).
    const saves = calls.actions.filter((c) => c.name === 'saveRating');
    expect(saves).toHaveLength(1);
    const save = saves[0];
    expect(save?.ctx.args['kind']).toBe('quick');
    expect(save?.ctx.answers['commune']).toEqual({
      code: '12345',
      name: 'Xã Đông Hưng',
      province: 'Hưng Yên',
    });
    expect(save?.ctx.items.map((i) => [i.itemId, i.criterion, i.score])).toEqual([
      ['c1.procedures-posted', 1, 5],
      ['c2.results-notified', 2, 4],
      ['c3.polite', 3, 4],
      ['c4.leaders-respond', 4, 4],
      ['c5.office-clean', 5, null],
      ['overall', null, 4],
    ]);
  });

  it('says the earlier rating of the quarter was replaced', async () => {
    const { runtime } = fakeRuntime({ replaced: true });
    const chat = new Chat(flows, runtime);
    await walk(chat, () => chat.start('rate-commune', { unitCode: '12345' }));
    expect(chat.text()).toContain(
      'Đánh giá trước của Ông/Bà trong quý này đã được thay bằng đánh giá mới',
    );
    expect(chat.buttons()).toEqual([{ label: '🏠 Về menu chính', data: 'go:main' }]);
  });

  it('asks every detailed item, the two single choices, what to improve and a comment', async () => {
    const { runtime, calls } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    const seen = await walk(chat, () => chat.start('rate-commune', { unitCode: '12345' }), {
      detailed: 'yes',
      c3Harassment: 'some',
      c3Payment: 'none',
    });
    const saves = calls.actions.filter((c) => c.name === 'saveRating');
    expect(saves.map((c) => c.ctx.args['kind'])).toEqual(['quick', 'detailed']);
    const items = saves[1]?.ctx.items ?? [];
    expect(items.filter((i) => i.score !== null)).toHaveLength(26);
    expect(new Set(items.filter((i) => i.criterion !== null).map((i) => i.criterion))).toEqual(
      new Set([1, 2, 3, 4, 5]),
    );
    expect(items.find((i) => i.itemId === 'c3.harassment')?.choices).toEqual(['some']);
    expect(items.find((i) => i.itemId === 'c3.unofficial-payment')?.choices).toEqual(['none']);
    expect(items.find((i) => i.itemId === 'improve')?.choices).toEqual(['information']);
    expect(items.find((i) => i.itemId === 'comment')?.text).toBe(LONG_TEXT);
    // The commune came from the deep link: never asked.
    expect(seen.map((s) => s.stepId)).not.toContain('commune');
  });
});

describe('rate-commune for a ward', () => {
  it('speaks of the ward in every question and text of the detailed rating', async () => {
    const chat = new Chat(flows, fakeRuntime().runtime);
    const seen = await walk(chat, () => chat.start('rate-commune', { unitCode: '00070' }), {
      detailed: 'yes',
    });
    const said = seen.flatMap((s) => (s.last?.replies ?? []).map((r) => plain(r.text))).join('\n');
    expect(said).toContain('Phần chi tiết 4/5: Người đứng đầu phường.');
    expect(said).toContain('Chủ tịch UBND phường tiếp công dân định kỳ');
    expect(said).toContain('Theo Ông/Bà, phường cần cải thiện điều gì nhất?');
    expect(said).not.toMatch(XA);
  });
});

describe('rate-counter', () => {
  it('is four taps when opened from the counter QR code, and keeps the counter code', async () => {
    const { runtime, calls } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('rate-counter', { unitCode: '12345', counterCode: 'Q2', staffCode: 'S7' });
    expect(chat.text()).toContain('Cảm ơn Ông/Bà đã đến làm việc tại Xã Đông Hưng (Hưng Yên)');
    for (let i = 0; i < 4; i++) await chat.press('5 – Rất hài lòng');
    expect(chat.last.outcome).toBe('ended');
    const save = calls.actions.find((c) => c.name === 'saveRating');
    expect(save?.ctx.params).toEqual({ unitCode: '12345', counterCode: 'Q2', staffCode: 'S7' });
    expect(save?.ctx.items.map((i) => i.itemId)).toEqual([
      'c3.polite',
      'c3.clear-guidance',
      'c3.on-time',
      'overall',
    ]);
  });

  it('asks for the commune when the link has none', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('rate-counter', { counterCode: 'Q2' });
    expect(chat.step()).toBe('commune');
  });
});

describe('report', () => {
  it('names no unit before one is chosen, and a ward as a ward after (photos, anonymity, phone, receipt)', async () => {
    const chat = new Chat(flows, fakeRuntime().runtime);
    await chat.start('report');
    expect(chat.text()).toContain('• Góp ý: ý kiến, sáng kiến để chính quyền làm tốt hơn.');
    expect(chat.text()).not.toMatch(XA);
    await chat.press('Phản ánh');
    await chat.type('Hoan Kiem');
    await chat.press('Phường Hoàn Kiếm');
    await chat.press('Hạ tầng, giao thông');
    await chat.type(LONG_TEXT);
    expect(chat.text()).toContain('Ảnh giúp phường xử lý nhanh hơn.');
    await chat.press('Bỏ qua');
    await chat.type('Phố Hàng Bạc');
    expect(chat.text()).toContain('Nếu gửi ẩn danh, cán bộ phường sẽ không thấy tên');
    expect(chat.text()).toContain('câu trả lời của phường qua Gopy');
    await chat.press('Không, cứ ghi tên tôi');
    await chat.press('Không công khai');
    expect(chat.text()).toContain('để cán bộ phường gọi lại khi cần không?');
    await chat.type('bỏ qua');
    await chat.press('✅ Gửi');
    expect(chat.text()).toContain('Câu trả lời của phường sẽ được gửi tới Ông/Bà ngay tại đây;');
    expect(chat.text()).not.toMatch(XA);
  });

  it('takes a phản ánh from kind to ticket, with the deadline in working days and the date', async () => {
    const { runtime, calls } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('report');
    expect(chat.text()).toContain('• Khiếu nại:');
    await chat.press('Phản ánh');
    await chat.type('Đông Xá');
    // The button fits one line; why an old name found it is said in the message.
    expect(chat.labels()[0]).toBe('Xã Đông Hưng – Hưng Yên');
    expect(chat.text()).toContain('• Xã Đông Hưng (Hưng Yên) — trước đây là xã Đông Xá');
    await chat.press('Xã Đông Hưng');
    await chat.press('Hạ tầng, giao thông');
    await chat.type(LONG_TEXT);
    await chat.send({ type: 'photo', fileId: 'a', fileUniqueId: 'ua' });
    await chat.send({ type: 'photo', fileId: 'b', fileUniqueId: 'ub' });
    expect(chat.text()).toContain('Đã nhận 2/5 ảnh');
    await chat.press('Xong');
    expect(chat.last.replies[0]?.request?.kind).toBe('location');
    await chat.type('Thôn Đông, gần cổng chợ');
    expect(chat.last.replies[0]).toMatchObject({
      text: '✓ Đã nhận địa chỉ.',
      removeKeyboard: true,
    });
    expect(chat.text()).toContain('gửi ẩn danh');
    expect(chat.text()).toContain('cán bộ xã sẽ không thấy tên và số điện thoại');
    await chat.press('Không, cứ ghi tên tôi');
    await chat.press('Không công khai');
    expect(chat.last.replies[0]?.request).toMatchObject({ kind: 'contact', skipLabel: 'Bỏ qua' });
    await chat.type('0912.345.678');
    expect(chat.step()).toBe('review');
    const review = chat.text();
    expect(review).toContain('Nội dung: ' + LONG_TEXT);
    expect(review).toContain('Ảnh: 2 ảnh');
    expect(review).toContain('Vị trí: Thôn Đông, gần cổng chợ');
    expect(review).toContain('Số điện thoại: 0912 345 678');
    await chat.press('✅ Gửi');

    expect(chat.last.outcome).toBe('ended');
    const done = chat.text();
    expect(done).toContain('Đã tiếp nhận phản ánh của Ông/Bà.');
    expect(done).toContain('Mã phiếu: PA-2026-000123');
    expect(done).toContain('Hạn trả lời: 5 ngày làm việc, chậm nhất ngày 09/03/2026.');
    expect(chat.buttons().map((b) => b.data)).toEqual(['go:my-reports', 'go:main']);

    const submit = calls.actions.find((c) => c.name === 'submitReport');
    expect(submit?.ctx.answers).toMatchObject({
      kind: 'phan-anh',
      commune: { code: '12345' },
      category: 'ha-tang',
      description: LONG_TEXT,
      photos: [
        { fileId: 'a', fileUniqueId: 'ua' },
        { fileId: 'b', fileUniqueId: 'ub' },
      ],
      location: { address: 'Thôn Đông, gần cổng chợ' },
      anonymous: 'no',
      phone: '0912345678',
    });
    expect(submit?.ctx.runKey).toMatch(/^[a-z0-9]{6}\.submit$/);
  });

  it('thanks for a góp ý without promising a deadline', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await walk(chat, () => chat.start('report', { unitCode: '12345' }), { kind: 'gop-y' });
    expect(chat.text()).toContain('Đã tiếp nhận góp ý của Ông/Bà');
    expect(chat.text()).not.toContain('Hạn trả lời');
  });

  it('for a tố cáo: explains the law, seals the identity instead of offering anonymity, asks name and address', async () => {
    const { runtime, calls } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    const seen = await walk(chat, () => chat.start('report', { unitCode: '12345' }), {
      kind: 'to-cao',
    });
    const law = chat.all.map((r) => r.replies.map((x) => plain(x.text)).join('\n')).join('\n');
    expect(law).toContain('Luật Tố cáo năm 2018');
    expect(law).toContain('Danh tính của người tố cáo được giữ bí mật');
    expect(law).toContain('không được xử lý như một tố cáo');
    const asked = seen.map((s) => s.stepId);
    expect(asked).not.toContain('anonymous');
    expect(asked).toEqual(expect.arrayContaining(['fullName', 'address', 'phone']));
    expect(calls.actions[0]?.ctx.answers['anonymous']).toBeUndefined();
  });

  it('for a khiếu nại: the 90 days and the name and address the law asks for', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('report');
    await chat.press('Khiếu nại');
    expect(chat.text()).toContain('Luật Khiếu nại năm 2011');
    expect(chat.text()).toContain('trong vòng 90 ngày');
    expect(chat.text()).toContain('họ tên, địa chỉ');
    expect(chat.step()).toBe('commune');
  });

  it('skips the phone question when the citizen stays anonymous', async () => {
    const { runtime, calls } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    const seen = await walk(chat, () => chat.start('report', { unitCode: '12345' }), {
      kind: 'phan-anh',
      anonymous: 'yes',
    });
    expect(seen.map((s) => s.stepId)).not.toContain('phone');
    expect(calls.actions[0]?.ctx.answers['anonymous']).toBe('yes');
  });

  it('offers the commune chosen last time as a button', async () => {
    const { runtime } = fakeRuntime({ lastUnitCode: '00070' });
    const chat = new Chat(flows, runtime);
    await chat.start('report');
    await chat.press('Phản ánh');
    expect(chat.labels()[0]).toBe('Phường Hoàn Kiếm (đã chọn lần trước)');
    expect(chat.text()).toContain(
      'Bấm nút bên dưới nếu vẫn là đơn vị này; nếu không, xin gõ tên xã, phường, đặc khu khác.',
    );
    await chat.press('đã chọn lần trước');
    expect(chat.state?.answers['commune']).toMatchObject({ code: '00070' });
  });

  it('says when no commune has that name, and searches again', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('report');
    await chat.press('Phản ánh');
    await chat.type('Xã Không Có');
    expect(chat.last.outcome).toBe('updated');
    expect(chat.text()).toContain('Không tìm thấy xã, phường, đặc khu nào có tên “Xã Không Có”');
    await chat.press('Tìm lại');
    expect(chat.text()).toContain('Xin Ông/Bà gõ tên xã, phường, đặc khu (có dấu');
    await chat.type('dong');
    expect(chat.text()).toContain('Xin Ông/Bà chọn đúng xã, phường, đặc khu trong danh sách:');
    await chat.type('hoan kiem');
    await chat.type('1');
    expect(chat.state?.answers['commune']).toMatchObject({ code: '00070' });
  });
});

describe('my-reports', () => {
  it('lists tickets, shows one, goes back to the list, then to the menu', async () => {
    const { runtime, calls } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('my-reports');
    expect(chat.labels().slice(0, 2)).toEqual([
      'PA-2026-000123 · Đang xử lý',
      'KN-2026-000007 · Đã trả lời',
    ]);
    await chat.press('KN-2026-000007');
    expect(calls.actions[0]?.ctx.answers['report']).toBe('KN-2026-000007');
    expect(chat.text()).toContain('Phiếu KN-2026-000007: đang xử lý.');
    await chat.press('Xem phiếu khác');
    expect(chat.step()).toBe('report');
    await chat.press('PA-2026-000123');
    await chat.press('Về menu chính');
    expect(chat.state?.flowId).toBe('main');
    expect(chat.step()).toBe('menu');
  });

  it('says so when the citizen has sent nothing yet, with buttons that work after the end', async () => {
    const { runtime } = fakeRuntime({ myReports: [] });
    const chat = new Chat(flows, runtime);
    await chat.start('my-reports');
    expect(chat.state).toBeUndefined();
    expect(chat.text()).toContain('Ông/Bà chưa gửi phản ánh, kiến nghị nào.');
    await chat.press('Gửi phản ánh');
    expect(chat.last.outcome).toBe('started');
    expect(chat.state?.flowId).toBe('report');
  });
});

describe('every flow', () => {
  it.each(['main', 'rate-commune', 'rate-counter', 'report', 'my-reports'])(
    '%s can be walked from start to end, in Vietnamese and English',
    async (flowId) => {
      for (const lang of ['vi', 'en'] as const) {
        const { runtime } = fakeRuntime({ lang });
        const chat = new Chat(flows, runtime);
        const seen = await walk(chat, () => chat.start(flowId), { after: 'menu' });
        expect(seen.length).toBeGreaterThan(0);
        expect(chat.last.outcome).toBe('ended');
      }
    },
  );

  it('answers to the end when each answer comes back as typed text instead of a button', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('report', { unitCode: '12345' });
    await chat.type('phan anh');
    await chat.type('3');
    await chat.type(LONG_TEXT);
    await chat.type('bo qua');
    await chat.type('Bỏ qua');
    await chat.type('khong');
    await chat.type('khong cong khai');
    await chat.type('bo qua');
    expect(chat.step()).toBe('review');
    await chat.type('gui');
    expect(chat.last.outcome).toBe('ended');
  });

  it('uses answerCurrent for every question kind', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('report');
    await answerCurrent(chat);
    expect(chat.step()).toBe('commune');
  });
});
