/**
 * A public board as the judgement builds it (app/judgement/types.ts), for the tests of its
 * renderings: Xã Bắc Đông Hưng in Q4 2026, criterion 4 under the minimum of answers, one
 * answered report. `unit` replaces the unit shown.
 */
import type { PublicBoard } from '../../src/app/judgement/types.ts';
import { shareFigure } from '../../src/core/judgement-stats.ts';
import { CRITERIA } from '../../src/core/rating-scores.ts';

const BAC_DONG_HUNG: PublicBoard['unit'] = {
  code: '12694',
  name: 'Xã Bắc Đông Hưng',
  provinceCode: '33',
  provinceName: 'Tỉnh Hưng Yên',
};

export function publicBoard(unit = BAC_DONG_HUNG): PublicBoard {
  return {
    unit,
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
    ratingLink: `https://t.me/gopy_bot?start=r_${unit.code}`,
    asOf: new Date('2026-11-20T03:00:00Z'),
  };
}
