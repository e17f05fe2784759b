/**
 * Every commune of a province side by side. Figures below PUBLIC_MIN_ANSWERS are "chưa đủ ý
 * kiến"; a rank tier is given only where the Wilson intervals part (core/judgement-stats.ts
 * `rankTiers`), so the table never orders communes on noise.
 */
import { HEADLINE_ITEMS, OVERALL_ITEM } from '../../core/judgement-items.ts';
import { periodBounds, periodLabel } from '../../core/judgement-period.ts';
import { rankTiers, shareFigure } from '../../core/judgement-stats.ts';
import { CRITERIA } from '../../core/rating-scores.ts';
import {
  byUnitItem,
  emptyReportCounts,
  itemFigure,
  JUDGED_ITEMS,
  medianFigure,
} from './figures.ts';
import type { JudgementDeps } from './judgement-deps.ts';
import type { ProvinceCommuneRow, ProvinceViewUseCase } from './types.ts';

export function createProvinceView(deps: JudgementDeps): ProvinceViewUseCase {
  const { queries, minAnswers } = deps;
  return async (provinceCode, period) => {
    const province = await queries.province(provinceCode);
    if (!province) return { type: 'unknown-province' };
    const bounds = periodBounds(period);
    const communes = await queries.provinceUnits(province.code);
    const codes = communes.map((u) => u.code);
    const [items, counts] = await Promise.all([
      queries.itemCounts(codes, JUDGED_ITEMS, bounds),
      queries.reportCounts(codes, bounds, deps.now()),
    ]);
    const rows = byUnitItem(items);
    const countsByUnit = new Map(counts.map((c) => [c.unitCode, c]));
    const figure = (unit: string, item: string) =>
      itemFigure(rows.get(`${unit}|${item}`), minAnswers);
    const tiersFor = (item: string) =>
      rankTiers(communes.map((u) => ({ key: u.code, figure: figure(u.code, item) })));
    const criterionTiers = new Map(
      CRITERIA.map((c) => [c.number, tiersFor(HEADLINE_ITEMS[c.number])]),
    );
    const overallTiers = tiersFor(OVERALL_ITEM);
    return {
      type: 'ok',
      view: {
        province,
        period,
        periodLabel: periodLabel(period),
        minAnswers,
        criteria: CRITERIA.map((c) => ({ number: c.number, nameVi: c.nameVi })),
        communes: communes.map((u): ProvinceCommuneRow => {
          const c = countsByUnit.get(u.code) ?? emptyReportCounts(u.code);
          return {
            unit: u,
            criteria: CRITERIA.map((cr) => ({
              number: cr.number,
              figure: figure(u.code, HEADLINE_ITEMS[cr.number]),
              tier: criterionTiers.get(cr.number)?.get(u.code) ?? null,
            })),
            overall: {
              figure: figure(u.code, OVERALL_ITEM),
              tier: overallTiers.get(u.code) ?? null,
            },
            reports: {
              received: c.received,
              onTime: shareFigure(c.onTimeHits, c.onTimeN, 1),
              medianAnswer: medianFigure(c.medianAnswerHours, c.answered),
              reopened: shareFigure(c.reopened, c.answered, 1),
            },
          };
        }),
      },
    };
  };
}
