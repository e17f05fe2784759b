/** The review screen: every answer can be changed, and the citizen comes back to the review. */
import { describe, expect, it } from 'vitest';
import { isHtml } from '../../../src/core/html.ts';
import { Chat, LONG_TEXT, fakeRuntime, realFlows } from './support.ts';

const flows = realFlows();

async function atReview(opts: { kind?: string; anonymous?: string } = {}) {
  const { runtime, calls } = fakeRuntime();
  const chat = new Chat(flows, runtime);
  await chat.start('report', { unitCode: '12345' });
  await chat.press(opts.kind ?? 'Phản ánh');
  await chat.press('Hạ tầng');
  await chat.type(LONG_TEXT);
  await chat.send({ type: 'photo', fileId: 'p1', fileUniqueId: 'u1' });
  await chat.press('Xong');
  await chat.send({ type: 'location', latitude: 20.5, longitude: 106.3 });
  await chat.press(opts.anonymous ?? 'Không, cứ ghi tên tôi');
  await chat.press('Không công khai');
  if (chat.step() === 'phone') await chat.send({ type: 'contact', phone: '84912345678' });
  expect(chat.step()).toBe('review');
  return { chat, calls };
}

describe('the review screen', () => {
  it('lists the answers with their labels, escaping what the citizen typed', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('report', { unitCode: '12345' });
    await chat.press('Góp ý');
    await chat.press('Khác');
    await chat.type('Nên có <b>bảng tin</b> & loa ở thôn.');
    await chat.press('Bỏ qua');
    await chat.type('bo qua');
    await chat.press('Có, gửi ẩn danh');
    await chat.press('Không công khai');
    const review = chat.last.replies.at(-1)!;
    expect(isHtml(review.text)).toBe(true);
    const html = isHtml(review.text) ? review.text.value : '';
    expect(html).toContain(
      '• <b>Nội dung</b>: Nên có &lt;b&gt;bảng tin&lt;/b&gt; &amp; loa ở thôn.',
    );
    expect(chat.text()).toContain('Ảnh: (bỏ qua)');
    expect(chat.text()).toContain('Xã, phường: Xã Đông Hưng (Hưng Yên)');
    expect(chat.labels()[0]).toBe('✅ Gửi');
    expect(chat.labels()).toContain('✏️ Nội dung');
  });

  it('re-asks the chosen answer, then comes straight back to the review', async () => {
    const { chat, calls } = await atReview();
    const before = structuredClone(chat.state?.answers);
    await chat.press('✏️ Nội dung');
    expect(chat.step()).toBe('description');
    expect(chat.text()).toContain('Xin Ông/Bà kể rõ sự việc');
    await chat.type('Cống thoát nước bị tắc, nước tràn vào nhà dân.');
    expect(chat.step()).toBe('review');
    expect(chat.text()).toContain('Nội dung: Cống thoát nước bị tắc, nước tràn vào nhà dân.');
    expect({ ...chat.state?.answers, description: before?.['description'] }).toEqual(before);
    await chat.press('Gửi');
    expect(calls.actions[0]?.ctx.answers['description']).toBe(
      'Cống thoát nước bị tắc, nước tràn vào nhà dân.',
    );
  });

  it('goes back to the review unchanged when Back is pressed while editing', async () => {
    const { chat } = await atReview();
    const before = structuredClone(chat.state?.answers);
    await chat.press('✏️ Lĩnh vực');
    expect(chat.step()).toBe('category');
    await chat.press('Quay lại');
    expect(chat.last.outcome).toBe('back');
    expect(chat.step()).toBe('review');
    expect(chat.state?.answers).toEqual(before);
    expect(chat.state?.editing).toBeUndefined();
  });

  it('edits by typing "sua noi dung"', async () => {
    const { chat } = await atReview();
    await chat.type('sua noi dung');
    expect(chat.step()).toBe('description');
  });

  it('asks what a changed answer newly requires, and forgets what it no longer does', async () => {
    const { chat, calls } = await atReview();
    await chat.press('✏️ Loại');
    await chat.press('Tố cáo');
    expect(chat.text()).toContain('Luật Tố cáo năm 2018');
    expect(chat.step()).toBe('fullName');
    await chat.type('Nguyễn Văn Huy');
    expect(chat.step()).toBe('address');
    await chat.type('Số 5, thôn Đông, xã Đông Hưng, Hưng Yên');
    // The phone was given before and still applies: not asked again.
    expect(chat.step()).toBe('review');
    const review = chat.text();
    expect(review).toContain('Loại: Tố cáo');
    expect(review).toContain('Họ tên: Nguyễn Văn Huy');
    expect(review).toContain('Số điện thoại: 0912 345 678');
    expect(review).not.toContain('Gửi ẩn danh');
    await chat.press('Gửi');
    const answers = calls.actions[0]?.ctx.answers ?? {};
    expect(answers['anonymous']).toBeUndefined();
    expect(answers['fullName']).toBe('Nguyễn Văn Huy');
    expect(chat.text()).toContain('Đã tiếp nhận tố cáo của Ông/Bà.');
  });

  it('drops the phone when the citizen turns anonymous from the review', async () => {
    const { chat, calls } = await atReview();
    await chat.press('✏️ Gửi ẩn danh');
    await chat.press('Có, gửi ẩn danh');
    expect(chat.step()).toBe('review');
    expect(chat.text()).not.toContain('Số điện thoại');
    await chat.press('Gửi');
    expect(calls.actions[0]?.ctx.answers['phone']).toBeUndefined();
    expect(calls.actions[0]?.ctx.answers['anonymous']).toBe('yes');
  });

  it('keeps the photos sent when they are edited, so more can be added', async () => {
    const { chat } = await atReview();
    await chat.press('✏️ Ảnh');
    expect(chat.text()).toContain('Đã có 1 ảnh');
    await chat.send({ type: 'photo', fileId: 'p2', fileUniqueId: 'u2' });
    expect(chat.text()).toContain('Đã nhận 2/5 ảnh');
    await chat.press('Xong');
    expect(chat.step()).toBe('review');
    expect(chat.text()).toContain('Ảnh: 2 ảnh');
  });

  it('goes back from the review to the last question', async () => {
    const { chat } = await atReview();
    await chat.press('◀ Quay lại');
    expect(chat.step()).toBe('phone');
    expect(chat.last.replies.at(-1)?.request?.kind).toBe('contact');
  });

  it('re-asks a stale edit button from an older review', async () => {
    const { chat } = await atReview();
    const oldEdit = chat.button('✏️ Nội dung').data;
    await chat.press('✏️ Lĩnh vực');
    await chat.press('Khác');
    const r = await chat.send({ type: 'button', data: oldEdit });
    // The review is the same question again, so its buttons are current again.
    expect(r.outcome).toBe('answered');
    expect(chat.step()).toBe('description');
  });
});

describe('a long review', () => {
  it('fits one message even when every answer is long and full of characters to escape', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('report', { unitCode: '12345' });
    await chat.press('Khiếu nại');
    await chat.press('Khác');
    await chat.type('&<>"'.repeat(500));
    await chat.press('Bỏ qua');
    await chat.type('&'.repeat(300));
    await chat.type('Nguyễn Văn &'.repeat(8));
    await chat.type('&'.repeat(300));
    await chat.type('bo qua');
    expect(chat.step()).toBe('review');
    const text = chat.last.replies.at(-1)?.text;
    expect(typeof text === 'object' && text.value.length).toBeLessThanOrEqual(4096);
  });
});
