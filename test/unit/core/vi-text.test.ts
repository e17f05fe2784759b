import { describe, expect, it } from 'vitest';
import {
  foldVietnamese,
  formatPhone,
  personName,
  looksLikeLink,
  matchesLabel,
  matchLabel,
  newStyleTones,
  normalizePhone,
  stripUnitPrefix,
  toNfc,
  unitSearchKey,
  type LabelOption,
} from '../../../src/core/vi-text.ts';

// Every vowel with every tone, and đ: what folding must flatten.
const VOWELS: Record<string, string> = {
  a: 'aáàảãạăắằẳẵặâấầẩẫậ',
  e: 'eéèẻẽẹêếềểễệ',
  i: 'iíìỉĩị',
  o: 'oóòỏõọôốồổỗộơớờởỡợ',
  u: 'uúùủũụưứừửữự',
  y: 'yýỳỷỹỵ',
  d: 'dđ',
};

describe('foldVietnamese', () => {
  for (const [base, forms] of Object.entries(VOWELS)) {
    it(`folds every form of ${base}, composed, decomposed and upper case`, () => {
      for (const ch of [...forms]) {
        for (const variant of [
          ch,
          ch.normalize('NFD'),
          ch.toUpperCase(),
          ch.toUpperCase().normalize('NFD'),
        ]) {
          expect(foldVietnamese(variant), `${ch} as ${JSON.stringify(variant)}`).toBe(base);
        }
      }
    });
  }

  it('folds "Đông Xá" and "dong xa" alike', () => {
    expect(foldVietnamese('Đông Xá')).toBe('dong xa');
    expect(foldVietnamese('dong xa')).toBe('dong xa');
    expect(foldVietnamese('Đông Xá'.normalize('NFD'))).toBe('dong xa');
    expect(foldVietnamese('  ĐÔNG \t  XÁ!! \n')).toBe('dong xa');
  });

  it('folds whole sentences', () => {
    expect(foldVietnamese('Trụ sở sạch sẽ, văn minh.')).toBe('tru so sach se, van minh');
    expect(foldVietnamese('Người đứng đầu gương mẫu')).toBe('nguoi dung dau guong mau');
    expect(foldVietnamese('Ủy ban nhân dân phường Ngọc Hà')).toBe('uy ban nhan dan phuong ngoc ha');
  });

  it('handles text converted from old encodings, full-width and invisible characters', () => {
    expect(foldVietnamese('ÐÔNG')).toBe('dong'); // Ð (eth) standing in for Đ
    expect(foldVietnamese('ＰＨƯỜＮＧ')).toBe('phuong');
    expect(foldVietnamese('Đông\u200bXá')).toBe('dongxa');
    expect(foldVietnamese('Đông\u00a0Xá')).toBe('dong xa');
  });

  it('trims punctuation and symbols at the ends only', () => {
    expect(foldVietnamese('«Hài lòng»')).toBe('hai long');
    expect(foldVietnamese('👍 Hài lòng 👍')).toBe('hai long');
    expect(foldVietnamese('Ea H’leo')).toBe('ea h’leo');
    expect(foldVietnamese('...')).toBe('');
  });
});

describe('toNfc', () => {
  it('makes decomposed text equal to composed text', () => {
    const nfd = 'Phường Hoàn Kiếm'.normalize('NFD');
    expect(nfd).not.toBe('Phường Hoàn Kiếm');
    expect(toNfc(nfd)).toBe('Phường Hoàn Kiếm');
  });
});

describe('newStyleTones', () => {
  it('moves the tone of a final «oa», «oe», «uy» to its first vowel, in NFC', () => {
    expect(newStyleTones('văn hoá – xã hội')).toBe('văn hóa – xã hội');
    expect(newStyleTones('Hoà, khoẻ, thuỷ lợi, Uỷ ban, toà')).toBe(
      'Hòa, khỏe, thủy lợi, Ủy ban, tòa',
    );
    expect(newStyleTones('hoá'.normalize('NFD'))).toBe('hóa'.normalize('NFC'));
  });

  it('leaves new-style words, «quý» and closed syllables as they are', () => {
    const same = 'hóa, khỏe, thủy, quý, Quỳnh, hoàn, huỳnh, toán, hoặc, xòe';
    expect(newStyleTones(same)).toBe(same);
  });
});

describe('matchLabel', () => {
  const scale: LabelOption[] = [
    { label: 'Rất hài lòng', number: 5 },
    { label: 'Hài lòng', number: 4 },
    { label: 'Bình thường', number: 3 },
    { label: 'Không hài lòng', number: 2 },
    { label: 'Rất không hài lòng', number: 1 },
    { label: 'Bỏ qua', aliases: ['skip'] },
  ];
  const pick = (input: string) => {
    const m = matchLabel(input, scale);
    return m.type === 'match' ? (scale[m.index] as { label: string }).label : m.type;
  };

  it('takes a number for the option with that number', () => {
    expect(pick('2')).toBe('Không hài lòng');
    expect(pick('2.')).toBe('Không hài lòng');
    expect(pick(' 4) ')).toBe('Hài lòng');
    expect(pick('5 - rất hài lòng')).toBe('Rất hài lòng');
    expect(pick('9')).toBe('none');
  });

  it('matches labels without diacritics or case, never a longer label that contains them', () => {
    expect(pick('hai long')).toBe('Hài lòng');
    expect(pick('HÀI LÒNG!')).toBe('Hài lòng');
    expect(pick('Hài lòng'.normalize('NFD'))).toBe('Hài lòng');
    expect(pick('khong hai long')).toBe('Không hài lòng');
    expect(pick('rat khong hai long')).toBe('Rất không hài lòng');
    expect(pick('bo qua')).toBe('Bỏ qua');
    expect(pick('Skip')).toBe('Bỏ qua');
  });

  it('accepts a prefix only one option starts with', () => {
    expect(pick('rat hai')).toBe('Rất hài lòng');
    expect(pick('khong')).toBe('Không hài lòng');
    expect(pick('binh')).toBe('Bình thường');
    expect(pick('hai')).toBe('Hài lòng');
  });

  it('says when a prefix is ambiguous, and ignores a single letter', () => {
    expect(matchLabel('rat', scale)).toEqual({ type: 'ambiguous', indexes: [0, 4] });
    expect(matchLabel('b', scale)).toEqual({ type: 'none' });
    expect(matchLabel('   ', scale)).toEqual({ type: 'none' });
    expect(matchLabel('tuyệt vời', scale)).toEqual({ type: 'none' });
  });

  it('reads a number the label itself starts with', () => {
    const options = ['1. Đã giải quyết', '2. Giải quyết một phần', '3. Chưa giải quyết'];
    expect(matchLabel('2', options)).toEqual({ type: 'match', index: 1 });
    expect(matchLabel('chua', options)).toEqual({ type: 'match', index: 2 });
    expect(matchLabel('da giai quyet', options)).toEqual({ type: 'match', index: 0 });
  });
});

describe('matchesLabel', () => {
  it('matches "hai long" to "Hài lòng" but not to "Không hài lòng"', () => {
    expect(matchesLabel('hai long', 'Hài lòng')).toBe(true);
    expect(matchesLabel('hai long', 'Không hài lòng')).toBe(false);
    expect(matchesLabel('hai long', 'Không hài lòng', ['Hài lòng'])).toBe(false);
  });

  it('takes numbers and siblings into account', () => {
    expect(matchesLabel('2', { label: 'Không hài lòng', number: 2 })).toBe(true);
    expect(matchesLabel('2', 'Không hài lòng')).toBe(false);
    expect(matchesLabel('rat', 'Rất hài lòng', ['Rất không hài lòng'])).toBe(false);
    expect(matchesLabel('rat', 'Rất hài lòng', ['Hài lòng'])).toBe(true);
  });
});

describe('stripUnitPrefix', () => {
  it.each([
    ['xã Đông Xá', 'Đông Xá'],
    ['Xã Đông Xá', 'Đông Xá'],
    ['XÃ ĐÔNG XÁ', 'ĐÔNG XÁ'],
    ['phường Ngọc Hà', 'Ngọc Hà'],
    ['Đặc khu Phú Quốc', 'Phú Quốc'],
    ['thị trấn Đông Hưng', 'Đông Hưng'],
    ['Thị xã Sơn Tây', 'Sơn Tây'],
    ['Thành phố Hồ Chí Minh', 'Hồ Chí Minh'],
    ['Tỉnh Hưng Yên', 'Hưng Yên'],
    ['quận Ba Đình', 'Ba Đình'],
    ['Phường 1', '1'],
    ['UBND xã Đông Xá', 'Đông Xá'],
    ['Ủy ban nhân dân phường Hoàn Kiếm', 'Hoàn Kiếm'],
    ['TP. Hồ Chí Minh', 'Hồ Chí Minh'],
    ['tp hcm', 'hcm'],
    ['P.Bến Nghé', 'Bến Nghé'],
    ['Q.1', '1'],
    ['xa dong xa', 'dong xa'],
    ['phuong ben nghe', 'ben nghe'],
    ['quan 1', '1'],
    ['Đông Xá', 'Đông Xá'],
  ])('%j → %j', (input, expected) => {
    expect(stripUnitPrefix(input)).toBe(expected);
  });

  it('strips each part of a list', () => {
    expect(stripUnitPrefix('xã Đông Xá, huyện Đông Hưng, tỉnh Thái Bình')).toBe(
      'Đông Xá, Đông Hưng, Thái Bình',
    );
    expect(stripUnitPrefix('xa dong xa,huyen dong hung')).toBe('dong xa, dong hung');
    expect(stripUnitPrefix('Đông Xá, , Đông Hưng')).toBe('Đông Xá, Đông Hưng');
  });

  it('keeps names that merely start like a unit word when typed without diacritics', () => {
    // "Phương Liệt" and "Quan Hóa" are names, not "phường Liệt" or "quận Hóa".
    expect(stripUnitPrefix('phuong liet')).toBe('phuong liet');
    expect(stripUnitPrefix('quan hoa')).toBe('quan hoa');
    expect(stripUnitPrefix('Phương Liệt')).toBe('Phương Liệt');
    expect(stripUnitPrefix('phường Phương Liệt')).toBe('Phương Liệt');
  });

  it('never strips a name down to nothing', () => {
    expect(stripUnitPrefix('xã')).toBe('xã');
    expect(stripUnitPrefix('Phường')).toBe('Phường');
  });

  it('accepts decomposed input and returns it composed', () => {
    expect(stripUnitPrefix('xã Đông Xá'.normalize('NFD'))).toBe('Đông Xá');
  });
});

describe('unitSearchKey', () => {
  it('finds the same key however the commune is typed', () => {
    for (const typed of [
      'Xã Đông Xá',
      'xa dong xa',
      'dong xa',
      'ĐÔNG XÁ',
      'xã Đông Xá'.normalize('NFD'),
      'UBND xã Đông Xá.',
    ]) {
      expect(unitSearchKey(typed), typed).toBe('dong xa');
    }
  });
});

describe('looksLikeLink', () => {
  it.each([
    'https://example.com',
    'xem tại http://abc.vn/tin?id=1',
    'HTTP://X.Y',
    'vào www.baomoi.com nhé',
    't.me/freebot',
    'nhắn zalo.me/0912345678',
    'dichvucong.gov.vn',
    'bấm bit.ly/3abcDEF ngay',
    'Khuyến mãi tại shopee.vn.',
  ])('%j is a link', (text) => {
    expect(looksLikeLink(text)).toBe(true);
  });

  it.each([
    'Đường ở TP.HCM bị ngập',
    'rác, bao bì, v.v.',
    'Phường Q.1',
    'email tôi: an.nguyen@gmail.com',
    'giá 1.5 triệu',
    'ngày 12.3.2026',
    'abc.community',
    'Ổ gà trước nhà số 12 xã Đông Xá',
    'T.Tô Hiệu'.normalize('NFD'),
  ])('%j is not a link', (text) => {
    expect(looksLikeLink(text)).toBe(false);
  });
});

describe('normalizePhone', () => {
  it.each([
    '0912345678',
    '0912 345 678',
    '091.234.5678',
    '091-234-5678',
    '+84912345678',
    '+84 912 345 678',
    '(+84) 912-345-678',
    '84912345678',
    '0084912345678',
    '+84 0912 345 678',
    '０９１２３４５６７８',
    '912345678',
  ])('%j → +84912345678', (typed) => {
    expect(normalizePhone(typed)).toEqual({
      type: 'ok',
      e164: '+84912345678',
      national: '0912345678',
      kind: 'mobile',
    });
  });

  it('accepts every current mobile range and landlines', () => {
    for (const p of ['0321234567', '0561234567', '0701234567', '0861234567', '0991234567']) {
      expect(normalizePhone(p), p).toMatchObject({ type: 'ok', kind: 'mobile' });
    }
    expect(normalizePhone('024 3825 3536')).toEqual({
      type: 'ok',
      e164: '+842438253536',
      national: '02438253536',
      kind: 'landline',
    });
  });

  it.each([
    ['', 'empty'],
    ['  ', 'empty'],
    ['số của tôi', 'not-a-number'],
    ['0912abc678', 'not-a-number'],
    ['+1 415 555 0100', 'not-vietnamese'],
    ['091234567', 'wrong-length'],
    ['09123456789', 'wrong-length'],
    ['024 3825 353', 'wrong-length'],
    ['01681234567', 'unknown-prefix'],
    ['0112345678', 'unknown-prefix'],
    ['1900 1234', 'unknown-prefix'],
    ['0912', 'wrong-length'],
  ])('rejects %j (%s)', (typed, reason) => {
    expect(normalizePhone(typed)).toEqual({ type: 'invalid', reason });
  });
});

describe('personName and formatPhone', () => {
  it('reads a name in Vietnamese order, however the Telegram form was filled in', () => {
    expect(personName('Lan', 'Nguyễn Thị')).toBe('Nguyễn Thị Lan');
    expect(personName('Nguyễn', 'Văn An')).toBe('Nguyễn Văn An');
    expect(personName('Nguyễn Văn', 'An')).toBe('Nguyễn Văn An');
    expect(personName('Hoàng', 'Nguyễn Văn')).toBe('Nguyễn Văn Hoàng');
    expect(personName('Mai', 'Trần Thị')).toBe('Trần Thị Mai');
    expect(personName('Lan')).toBe('Lan');
    expect(personName(' ', 'Phạm')).toBe('Phạm');
    expect(personName('John', 'Smith')).toBe('John Smith');
  });

  it('groups a phone number as it is read aloud', () => {
    expect(formatPhone('0912345678')).toBe('0912 345 678');
    expect(formatPhone('+84912345678')).toBe('0912 345 678');
    expect(formatPhone('02213456789')).toBe('0221 3456 789');
    expect(formatPhone('12345')).toBe('12345');
  });
});
