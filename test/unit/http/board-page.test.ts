/**
 * The public board's headings name the unit as what it is: a ward's board reads «chính quyền
 * phường», a special zone's «Đặc khu đã trả lời gần đây», not «xã» for every unit.
 */
import { describe, expect, it } from 'vitest';
import { boardPage } from '../../../src/http/pages/board-page.ts';
import { publicBoard } from '../../support/public-board.ts';

function page(unitName: string): string {
  const board = publicBoard({
    code: '26734',
    name: unitName,
    provinceCode: '79',
    provinceName: 'Thành phố Hồ Chí Minh',
  });
  return boardPage({ board, criteriaChart: { wide: '<svg/>', narrow: '<svg/>' }, qrSvg: '<svg/>' })
    .value;
}

describe('the public board page', () => {
  it('names a ward as «phường» in its headings', () => {
    const html = page('Phường Sài Gòn');
    expect(html).toContain('<h2 id="h-criteria">Người dân đánh giá chính quyền phường</h2>');
    expect(html).toContain('<h2 id="h-done">Phường đã trả lời gần đây</h2>');
    expect(html).toContain('<h2 id="h-rate">Ông/Bà đánh giá chính quyền phường</h2>');
  });

  it('names a special zone as «đặc khu», and a commune as «xã»', () => {
    expect(page('Đặc khu Côn Đảo')).toContain('<h2 id="h-done">Đặc khu đã trả lời gần đây</h2>');
    expect(page('Đặc khu Côn Đảo')).toContain('đánh giá chính quyền đặc khu</h2>');
    expect(page('Xã Bình Chánh')).toContain('<h2 id="h-done">Xã đã trả lời gần đây</h2>');
  });
});
