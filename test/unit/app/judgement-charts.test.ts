import { describe, expect, it } from 'vitest';
import {
  criteriaChartSvg,
  improveChartSvg,
  trendChartSvg,
} from '../../../src/app/judgement/judgement-charts.ts';
import { monthsOf } from '../../../src/core/judgement-period.ts';
import { shareFigure } from '../../../src/core/judgement-stats.ts';

const criteria = ([1, 2, 3, 4, 5] as const).map((number) => ({
  number,
  figure: number === 4 ? shareFigure(3, 12, 30) : shareFigure(10 * number, 50, 1),
}));

describe('judgement charts (server-side SVG)', () => {
  it('draws the five criteria with Vietnamese labels, n, and "chưa đủ ý kiến" below the minimum', () => {
    const svg = criteriaChartSvg(criteria);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Công khai, minh bạch');
    expect(svg).toContain('n = 50');
    expect(svg).toContain('chưa đủ ý kiến (n = 12)');
    expect(svg).toContain('DejaVu Sans');
    // The text is NFC (precomposed diacritics), as a PDF font lookup needs.
    expect(svg.normalize('NFC')).toBe(svg);
  });

  it('draws one line per criterion and the overall item across the months', () => {
    const months = monthsOf({ type: 'quarter', year: 2026, quarter: 4 });
    const svg = trendChartSvg({
      months,
      series: [
        { criterion: 1, nameVi: '', points: months.map(() => shareFigure(30, 40, 1)) },
        {
          criterion: 'overall',
          nameVi: 'Hài lòng chung',
          points: months.map(() => shareFigure(0, 0, 1)),
        },
      ],
    });
    expect(svg).toContain('10/2026');
    expect(svg).toContain('12/2026');
    expect(svg).toContain('Hài lòng chung');
  });

  it('ranks what to improve', () => {
    const svg = improveChartSvg({
      respondents: 40,
      choices: [
        {
          value: 'attitude',
          labelVi: 'Thái độ phục vụ',
          count: 20,
          figure: shareFigure(20, 40, 1),
        },
        {
          value: 'office',
          labelVi: 'Trụ sở, trang thiết bị',
          count: 3,
          figure: shareFigure(3, 40, 1),
        },
      ],
    });
    expect(svg.indexOf('Thái độ phục vụ')).toBeGreaterThan(0);
    expect(svg).toContain('50 %');
  });
});
