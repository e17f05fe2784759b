import { describe, expect, it } from 'vitest';
import { nameDotTitle, nameWithTitle } from '../../../../src/app/desk/official-name.ts';

describe('an official as other officials read them', () => {
  it('says the position once when the name already says it', () => {
    expect(nameWithTitle('Chủ tịch UBND xã (demo)', 'Chủ tịch UBND xã')).toBe(
      'Chủ tịch UBND xã (demo)',
    );
    // Decomposed marks and letter case do not hide the repetition.
    expect(nameWithTitle('chủ tịch ubnd xã'.normalize('NFD'), 'Chủ tịch UBND xã')).toBe(
      'chủ tịch ubnd xã'.normalize('NFD'),
    );
  });

  it('adds the position to a person’s name', () => {
    expect(nameWithTitle('Nguyễn Văn An', 'Chủ tịch UBND xã')).toBe(
      'Nguyễn Văn An (Chủ tịch UBND xã)',
    );
    expect(nameDotTitle('Công chức Văn phòng (demo)', 'Công chức Văn phòng HĐND và UBND xã')).toBe(
      'Công chức Văn phòng (demo) · Công chức Văn phòng HĐND và UBND xã',
    );
  });
});
