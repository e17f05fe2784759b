import { describe, expect, it } from 'vitest';
import { checkText, matchOption, matchScore } from '../../../src/flow/match-input.ts';
import { foldWords, looksLikeLink, normalizePhone, textLength } from '../../../src/flow/text.ts';

describe('foldWords', () => {
  it.each([
    ['◀ Quay lại', 'quay lai'],
    ['✖ Hủy', 'huy'],
    ['ĐƯỜNG Đông Xá', 'duong dong xa'],
    ['Phường  Hoàn   Kiếm!', 'phuong hoan kiem'],
    ['Có, gửi ẩn danh', 'co gui an danh'],
    ['Hủy'.normalize('NFD'), 'huy'],
  ])('%s → %s', (input, folded) => {
    expect(foldWords(input)).toBe(folded);
  });
});

describe('normalizePhone', () => {
  it.each([
    ['0912345678', '0912345678'],
    ['0912 345 678', '0912345678'],
    ['091.234.5678', '0912345678'],
    ['+84 912 345 678', '0912345678'],
    ['84912345678', '0912345678'],
    ['024 3825 3536', '02438253536'],
  ])('%s → %s', (input, phone) => {
    expect(normalizePhone(input)).toBe(phone);
  });

  it.each(['12345', '0112345678', 'abc', '09123456789', ''])('refuses %j', (input) => {
    expect(normalizePhone(input)).toBeUndefined();
  });
});

describe('looksLikeLink', () => {
  it.each(['https://a.b', 'www.example.org', 't.me/x', 'vào abc.vn nhé', 'bit.ly/abc'])(
    '%s is a link',
    (t) => {
      expect(looksLikeLink(t)).toBe(true);
    },
  );
  it.each(['ngày 1.5.2026', 'v.v.', 'số 12.5m', 'ông A.B. Nguyễn'])('%s is not', (t) => {
    expect(looksLikeLink(t)).toBe(false);
  });
});

describe('matching typed answers', () => {
  const labels = [{ label: 'Có, gửi ẩn danh' }, { label: 'Không, cứ ghi tên tôi' }];
  it('matches by number, label, first words and unique words', () => {
    expect(matchOption('1', labels)).toBe(0);
    expect(matchOption('co', labels)).toBe(0);
    expect(matchOption('khong', labels)).toBe(1);
    expect(matchOption('an danh', labels)).toBe(0);
    expect(matchOption('3', labels)).toBeUndefined();
    expect(matchOption('toi', [{ label: 'Tôi đồng ý' }, { label: 'Tôi không' }])).toBeUndefined();
  });

  it('matches an option by its aliases as by its label, typed with or without diacritics', () => {
    const menu = [
      { label: 'Đánh giá chính quyền', aliases: ['Đánh giá chính quyền xã'] },
      { label: 'Đăng ký gặp lãnh đạo UBND', aliases: ['Đăng ký gặp lãnh đạo xã'] },
    ];
    expect(matchOption('Đăng ký gặp lãnh đạo xã', menu)).toBe(1);
    expect(matchOption('dang ky gap lanh dao xa', menu)).toBe(1);
    expect(matchOption('danh gia chinh quyen xa', menu)).toBe(0);
    expect(matchOption('gap lanh dao xa', menu)).toBe(1);
    // Without the aliases the old labels mean nothing.
    expect(
      matchOption(
        'dang ky gap lanh dao xa',
        menu.map(({ label }) => ({ label })),
      ),
    ).toBe(undefined);
  });

  it('reads scores in words and digits', () => {
    expect(matchScore('5')).toBe(5);
    expect(matchScore('Bình thường')).toBe(3);
    expect(matchScore('satisfied')).toBe(4);
    expect(matchScore('6')).toBeUndefined();
  });

  it('checks length in characters a person sees', () => {
    expect(textLength('Hủy'.normalize('NFD'))).toBe(3);
    expect(checkText('x'.repeat(11), { maxLength: 10 }, 'vi')).toEqual({
      ok: false,
      note: expect.stringContaining('dài 11 ký tự, quá giới hạn 10 ký tự') as string,
    });
    expect(checkText('0912345678', { phone: true }, 'vi')).toEqual({
      ok: true,
      value: '0912345678',
    });
  });
});
