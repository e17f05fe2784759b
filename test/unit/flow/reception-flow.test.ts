/**
 * The citizen's side of the chair's reception day, through the real flows on fake actions:
 * pick the commune, a day, say the matter, check and book; typed answers without diacritics;
 * a day that filled up meanwhile offers the days left and keeps the matter; /lich cancels.
 */
import { describe, expect, it } from 'vitest';
import { Chat, fakeRuntime, plain, realFlows } from './support.ts';

const flows = realFlows();
const MATTER = 'Xin ý kiến về ranh giới đất với nhà bên cạnh';

async function toReview(chat: Chat) {
  await chat.start('main');
  await chat.press('Đăng ký gặp lãnh đạo UBND');
  await chat.type('Đông Xá');
  await chat.press('Xã Đông Hưng');
  expect(chat.step()).toBe('day');
  expect(chat.text()).toContain(
    'Chủ tịch UBND Xã Đông Hưng (Hưng Yên) tiếp công dân vào các ngày:\n• Thứ Năm, 05/03/2026, 08:00–11:00: còn 1 lượt',
  );
  expect(chat.labels()).toContain('Thứ Năm 05/03/2026 · 08:00–11:00');
}

describe('booking a turn at the reception day', () => {
  it('books the chosen day and gives a receipt with date, time and place', async () => {
    const { runtime, calls } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await toReview(chat);
    await chat.press('Thứ Năm 05/03/2026 · 08:00–11:00');
    expect(chat.step()).toBe('matter');
    await chat.type(MATTER);
    expect(chat.step()).toBe('review');
    expect(chat.text()).toContain(`Việc cần trình bày: ${MATTER}`);
    await chat.press('✅ Gửi');
    const book = calls.actions.find((c) => c.name === 'bookReception');
    expect(book?.ctx.answers).toMatchObject({ day: '2026-03-05', matter: MATTER });
    expect(chat.text()).toContain('✅ Ông/Bà đã đăng ký gặp lãnh đạo Xã Đông Hưng (Hưng Yên).');
    expect(chat.text()).toContain('📅 Thứ Năm, 05/03/2026, lúc 08:30 (lượt 2)');
    expect(chat.text()).toContain('📍 Trụ sở UBND xã');
    expect(chat.labels()).toEqual(['📅 Lịch hẹn của tôi', '🏠 Về menu chính']);
  });

  it('takes the menu’s old label typed in place of the button («đăng ký gặp lãnh đạo xã»)', async () => {
    const chat = new Chat(flows, fakeRuntime().runtime);
    await chat.start('main');
    await chat.type('đăng ký gặp lãnh đạo xã');
    expect(chat.step()).toBe('commune');
    await chat.start('main');
    await chat.type('Gap chu tich phuong');
    expect(chat.step()).toBe('commune');
  });

  it('understands answers typed without diacritics', async () => {
    const { runtime, calls } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('main');
    await chat.type('dang ky gap lanh dao ubnd');
    expect(chat.step()).toBe('commune');
    await chat.type('dong xa');
    await chat.type('1');
    expect(chat.step()).toBe('day');
    await chat.type('thu nam 12/03/2026');
    expect(chat.step()).toBe('matter');
    await chat.type(MATTER);
    await chat.type('gui');
    expect(calls.actions.find((c) => c.name === 'bookReception')?.ctx.answers).toMatchObject({
      day: '2026-03-12',
    });
    expect(chat.text()).toContain('đã đăng ký gặp lãnh đạo');
  });

  it('when the day filled up meanwhile, says so kindly and offers the days left, keeping the matter', async () => {
    const { runtime, calls } = fakeRuntime({ receptionFull: 1 });
    const chat = new Chat(flows, runtime);
    await toReview(chat);
    await chat.press('Thứ Năm 05/03/2026 · 08:00–11:00');
    await chat.type(MATTER);
    const r = await chat.press('✅ Gửi');
    const texts = r.replies.map((x) => plain(x.text));
    expect(texts.join('\n')).toContain(
      'Rất tiếc, Thứ Năm, 05/03/2026 vừa hết lượt trong lúc Ông/Bà đăng ký.',
    );
    expect(chat.step()).toBe('dayAgain');
    await chat.press('Thứ Năm 12/03/2026 · 08:00–11:00');
    const booked = calls.actions.filter((c) => c.name === 'bookReception');
    expect(booked).toHaveLength(2);
    expect(booked[1]?.ctx.answers).toMatchObject({ dayAgain: '2026-03-12', matter: MATTER });
    expect(chat.text()).toContain('📅 Thứ Năm, 12/03/2026, lúc 08:30');
  });

  it('a commune changed on the review keeps the day when the new commune receives on it too', async () => {
    // The fake offers the same days for every commune.
    const { runtime, calls } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await toReview(chat);
    await chat.press('Thứ Năm 12/03/2026 · 08:00–11:00');
    await chat.type(MATTER);
    await chat.press('✏️ Xã, phường');
    await chat.type('Đông Quan');
    await chat.press('Xã Đông Quan');
    expect(chat.step()).toBe('review');
    expect(chat.text()).toContain('Ngày: Thứ Năm 12/03/2026 · 08:00–11:00');
    await chat.press('✅ Gửi');
    expect(calls.actions.find((c) => c.name === 'bookReception')?.ctx.answers).toMatchObject({
      commune: { code: '12346' },
      day: '2026-03-12',
    });
  });

  it('lets the citizen see and cancel a booking', async () => {
    const { runtime, calls } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('my-reception');
    await chat.press('📅 05/03/2026 08:30 · Xã Đông Hưng');
    expect(chat.text()).toContain('📅 Thứ Năm, 05/03/2026, lúc 08:30');
    await chat.press('❌ Hủy lịch hẹn này');
    expect(calls.actions.find((c) => c.name === 'cancelBooking')?.ctx.answers).toMatchObject({
      booking: '7',
    });
    expect(chat.text()).toContain('Đã hủy lịch hẹn Thứ Năm, 05/03/2026, lúc 08:30.');
  });
});

describe('a ward or special zone is not called «xã»', () => {
  it('asks a special zone’s citizen for the matter to take to the special zone’s leaders', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('main');
    await chat.press('Đăng ký gặp lãnh đạo UBND');
    expect(chat.text()).toContain('Ông/Bà muốn gặp lãnh đạo xã, phường, đặc khu nào?');
    await chat.type('Phú Quốc');
    await chat.press('Đặc khu Phú Quốc');
    await chat.press('Thứ Năm 05/03/2026 · 08:00–11:00');
    expect(chat.text()).toContain('việc cần trình bày với lãnh đạo đặc khu. Ví dụ');
  });

  it('in English, names the ward’s leaders', async () => {
    const { runtime } = fakeRuntime({ lang: 'en' });
    const chat = new Chat(flows, runtime);
    await chat.start('reception');
    expect(chat.text()).toContain('Which commune, ward or special zone’s leaders');
    await chat.type('Hoan Kiem');
    await chat.press('Phường Hoàn Kiếm');
    await chat.press('Thứ Năm 05/03/2026 · 08:00–11:00');
    expect(chat.text()).toContain('talk about with the ward’s leaders?');
  });

  it('with no meeting booked, offers «📅 Đăng ký gặp lãnh đạo UBND» as the menu does', async () => {
    const { runtime } = fakeRuntime({ noBookings: true });
    const chat = new Chat(flows, runtime);
    await chat.start('my-reception');
    expect(chat.text()).toContain('Ông/Bà chưa có lịch hẹn gặp lãnh đạo UBND nào sắp tới.');
    expect(chat.labels()).toEqual(['📅 Đăng ký gặp lãnh đạo UBND', '🏠 Về menu chính']);
  });
});
