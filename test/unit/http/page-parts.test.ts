/**
 * The message pages (page-parts.ts): the sign-in, forbidden and unknown-unit pages name every
 * kind of unit, a ward or special zone as much as a commune, since no one unit is known there.
 */
import { describe, expect, it } from 'vitest';
import {
  FORBIDDEN_PAGE,
  SIGN_IN_PAGE,
  UNKNOWN_UNIT_PAGE,
} from '../../../src/http/pages/page-parts.ts';

/** «xã» alone, not as part of «xã, phường, đặc khu». */
const COMMUNE_ONLY = /(?<!\p{L})xã(?!, phường, đặc khu)(?!\p{L})/iu;

describe('the officials’ message pages', () => {
  it('sign-in: the page is for officials of a commune, ward or special zone', () => {
    const page = SIGN_IN_PAGE.toString();
    expect(page).toContain('Trang này dành cho cán bộ xã, phường, đặc khu. Để đăng nhập');
    expect(page).not.toMatch(COMMUNE_ONLY);
  });

  it('forbidden: another unit’s page, whatever its kind', () => {
    const page = FORBIDDEN_PAGE('/dashboard').toString();
    expect(page).toContain('Trang này thuộc một đơn vị (hoặc tỉnh) khác');
    expect(page).toContain('số liệu của đơn vị mình');
    expect(page).toContain('xem được các xã, phường, đặc khu trong tỉnh');
    expect(page).not.toMatch(COMMUNE_ONLY);
  });

  it('unknown unit: no commune, ward or special zone has that code', () => {
    const page = UNKNOWN_UNIT_PAGE.toString();
    expect(page).toContain('Không có xã, phường, đặc khu nào mang mã này.');
    expect(page).not.toMatch(COMMUNE_ONLY);
  });
});
