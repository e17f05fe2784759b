/**
 * One way to name a position in each language (app/alert-message.ts positionIn): the stored
 * Vietnamese title, or in English its kind with the field the title names after «phụ trách», so
 * an English reader can tell two vice-chairs apart.
 */
import { describe, expect, it } from 'vitest';
import { positionIn } from '../../../src/app/alert-message.ts';
import { whoActed } from '../../../src/app/desk/alert-updates.ts';

const UNIT = 'Xã Bắc Đông Hưng';
const ECONOMY = {
  kind: 'vice-chair',
  title: 'Phó Chủ tịch UBND xã phụ trách kinh tế, hạ tầng',
} as const;
const SOCIETY = {
  kind: 'vice-chair',
  title: 'Phó Chủ tịch UBND xã phụ trách văn hóa – xã hội',
} as const;
const CHAIR = { kind: 'chair', title: 'Chủ tịch UBND xã' } as const;

describe('a position named in English', () => {
  it('says the field the Vietnamese title names, at the unit, as a title and beside a name', () => {
    expect(positionIn(ECONOMY, UNIT, 'en')).toBe(
      'Vice-chair of the People’s Committee of Xã Bắc Đông Hưng in charge of economy and infrastructure',
    );
    expect(positionIn(ECONOMY, UNIT, 'en', 'title')).toBe(positionIn(ECONOMY, UNIT, 'en'));
    expect(positionIn(ECONOMY, UNIT, 'en', 'name')).toBe(
      'Vice-chair in charge of economy and infrastructure',
    );
    expect(positionIn(SOCIETY, UNIT, 'en', 'name')).toBe(
      'Vice-chair in charge of culture and social affairs',
    );
    expect(
      positionIn(
        {
          kind: 'vice-chair',
          title: 'Phó Chủ tịch phụ trách lĩnh vực kinh tế, đất đai và môi trường',
        },
        UNIT,
        'en',
        'name',
      ),
    ).toBe('Vice-chair in charge of economy, land and environment');
  });

  it('knows a field whose tone is placed old-style («hoá») as well as new-style («hóa»)', () => {
    const title = 'Phó Chủ tịch UBND phường phụ trách Văn hoá – Xã hội';
    expect(positionIn({ kind: 'vice-chair', title }, 'Phường Sơn Nam', 'en', 'name')).toBe(
      'Vice-chair in charge of culture and social affairs',
    );
    expect(positionIn({ kind: 'vice-chair', title }, 'Phường Sơn Nam', 'vi', 'name')).toBe(title);
  });

  it('keeps a field it has no English for as the commune wrote it, whole', () => {
    expect(
      positionIn(
        { kind: 'vice-chair', title: 'Phó Chủ tịch UBND xã phụ trách kinh tế, chuyển đổi số' },
        UNIT,
        'en',
        'name',
      ),
    ).toBe('Vice-chair in charge of kinh tế, chuyển đổi số');
  });

  it('is its kind alone when the title names no field', () => {
    expect(positionIn(CHAIR, UNIT, 'en')).toBe(
      'Chair of the People’s Committee of Xã Bắc Đông Hưng',
    );
    expect(positionIn(CHAIR, UNIT, 'en', 'name')).toBe('Chair');
    expect(
      positionIn(
        { kind: 'staff', title: 'Công chức Văn phòng HĐND và UBND xã' },
        UNIT,
        'en',
        'name',
      ),
    ).toBe('Civil servant');
  });
});

describe('a position named in Vietnamese', () => {
  it('is its title as stored, at the unit for the citizen', () => {
    expect(positionIn(ECONOMY, UNIT, 'vi', 'name')).toBe(ECONOMY.title);
    expect(positionIn(ECONOMY, UNIT, 'vi', 'title')).toBe(ECONOMY.title);
    expect(positionIn(ECONOMY, UNIT, 'vi')).toBe(
      'Phó Chủ tịch UBND xã phụ trách kinh tế, hạ tầng, UBND xã Bắc Đông Hưng',
    );
    expect(positionIn(CHAIR, UNIT, 'vi')).toBe('Chủ tịch UBND xã Bắc Đông Hưng');
  });
});

describe('who acted, on an alert', () => {
  const deputy = {
    displayName: 'Lê Văn Phó',
    positionKind: ECONOMY.kind,
    positionTitle: ECONOMY.title,
    unitName: UNIT,
  };

  it('names the position in the reader’s language, the field with it', () => {
    expect(whoActed(deputy)('vi')).toBe(
      'Lê Văn Phó (Phó Chủ tịch UBND xã phụ trách kinh tế, hạ tầng)',
    );
    expect(whoActed(deputy)('en')).toBe(
      'Lê Văn Phó (Vice-chair in charge of economy and infrastructure)',
    );
  });

  it('leaves the position out when the name already says it, in either language', () => {
    const demo = {
      ...deputy,
      displayName: 'Chủ tịch UBND xã (demo)',
      positionKind: 'chair' as const,
      positionTitle: 'Chủ tịch UBND xã',
    };
    expect(whoActed(demo)('vi')).toBe('Chủ tịch UBND xã (demo)');
    expect(whoActed(demo)('en')).toBe('Chủ tịch UBND xã (demo)');
  });
});
