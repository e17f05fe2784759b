/**
 * The first-contact welcome: no unit is chosen yet, so it names every kind of unit (a ward's or
 * special zone's resident reads their own) and says «Cán bộ» of the officials who see names.
 */
import { describe, expect, it } from 'vitest';
import { TEXT } from '../../../src/texts/citizen.ts';

describe('the welcome', () => {
  it('speaks to the residents of a commune, ward or special zone alike', () => {
    expect(TEXT.welcome.vi).toContain(
      'kênh trao đổi của người dân với Ủy ban nhân dân xã, phường, đặc khu.',
    );
    expect(TEXT.welcome.vi).toContain('Cán bộ chỉ thấy tên của Ông/Bà khi');
    expect(TEXT.welcome.vi.match(/xã/gu)).toHaveLength(1);
    expect(TEXT.welcome.en).toContain(
      'the People’s Committee of their commune, ward or special zone.',
    );
    expect(TEXT.welcome.en).toContain('You can rate the local government,');
  });
});
