import { describe, expect, it } from 'vitest';
import { boardDocument, renderBoardPdf } from '../../../src/app/judgement/board-pdf.ts';
import type { PublicBoard } from '../../../src/app/judgement/types.ts';
import { shareFigure } from '../../../src/core/judgement-stats.ts';
import { CRITERIA } from '../../../src/core/rating-scores.ts';

const board: PublicBoard = {
  unit: {
    code: '12694',
    name: 'Xã Bắc Đông Hưng',
    provinceCode: '33',
    provinceName: 'Tỉnh Hưng Yên',
  },
  period: { type: 'quarter', year: 2026, quarter: 4 },
  periodLabel: 'Quý 4/2026',
  minAnswers: 30,
  criteria: CRITERIA.map((c) => ({
    number: c.number,
    nameVi: c.nameVi,
    figure: c.number === 4 ? shareFigure(3, 12, 30) : shareFigure(30, 50, 30),
  })),
  overall: shareFigure(40, 55, 30),
  reports: {
    received: 12,
    onTime: shareFigure(8, 10, 1),
    reopened: shareFigure(1, 10, 1),
    medianDaysToAnswer: { days: 3.4, n: 10 },
  },
  latestAnswered: [
    {
      categoryVi: 'Giao thông, đường sá',
      receivedOn: '2026-10-05',
      answeredOn: '2026-10-09',
      resultType: 'resolved',
      reopened: false,
      resultVi: 'Đã giải quyết',
    },
  ],
  ratingLink: 'https://t.me/gopy_bot?start=r_12694',
  asOf: new Date('2026-11-20T03:00:00Z'),
};

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
