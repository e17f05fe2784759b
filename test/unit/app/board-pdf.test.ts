import { describe, expect, it } from 'vitest';
import { boardDocument, renderBoardPdf } from '../../../src/app/judgement/board-pdf.ts';
import { publicBoard } from '../../support/public-board.ts';

const board = publicBoard();

describe('the public board on A4', () => {
  it('is one A4 page with DejaVu Sans embedded', async () => {
    const pdf = await renderBoardPdf(board);
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text.match(/\/Type \/Page\b/g)).toHaveLength(1);
    expect(text).toMatch(/\/MediaBox \[0 0 595\.2\d* 841\.8\d*\]/);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans/);
  });

  it('holds the chart, the figures with n, the answered reports and the QR code of the rating link', () => {
    const json = JSON.stringify(boardDocument(board));
    expect(json).toContain('Xã Bắc Đông Hưng, Tỉnh Hưng Yên — Quý 4/2026');
    expect(json).toContain('<svg');
    expect(json).toContain('chưa đủ ý kiến');
    expect(json).toContain('60 %');
    expect(json).toContain('05/10/2026');
    expect(json).toContain('Đã giải quyết');
    expect(json).toContain('Số liệu đến 20/11/2026 10:00');
    expect(json).toContain('https://t.me/gopy_bot?start=r_12694');
  });
});
