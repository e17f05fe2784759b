/**
 * Every commune of a province side by side. Figures below PUBLIC_MIN_ANSWERS are "chưa đủ ý
 * kiến"; a rank tier is given only where the Wilson intervals part (core/judgement-stats.ts
 * `rankTiers`), so the table never orders communes on noise.
 */
import { authorizeOfficial } from '../desk/authorize-official.ts';
import { localDate, type IsoDate } from '../../core/local-date.ts';
import { REPORT_STATUSES, type ReportStatus } from '../../core/report-status.ts';
import { isSubmissionKind, submissionKind } from '../../core/submission-kinds.ts';
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
import type {
  JudgementViewer,
  ProvinceCommuneRow,
  ProvinceViewUseCase,
  ProvinceWaitingRow,
} from './types.ts';

export function createProvinceView(deps: JudgementDeps): ProvinceViewUseCase {
  const { queries, minAnswers } = deps;
  return async (provinceCode, period, viewer) => {
    const province = await queries.province(provinceCode);
    if (!province) return { type: 'unknown-province' };
    if (!isProvinceAdmin(viewer, province.code)) return { type: 'forbidden' };
    const now = deps.now();
    const bounds = periodBounds(period);
    const communes = await queries.provinceUnits(province.code);
    const codes = communes.map((u) => u.code);
    const [items, counts, waiting] = await Promise.all([
      queries.itemCounts(codes, JUDGED_ITEMS, bounds),
      queries.reportCounts(codes, bounds, now),
      queries.provinceWaiting(province.code),
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
        waiting: waiting.flatMap((r): ProvinceWaitingRow[] => {
          if (!isSubmissionKind(r.kind) || !isReportStatus(r.status)) return [];
          const row: ProvinceWaitingRow = {
            ...r,
            kind: r.kind,
            status: r.status,
            kindVi: submissionKind(r.kind).nameVi,
            daysWaited: daysBetween(localDate(r.waitingSince), localDate(now)),
          };
          // The chat's own rule: nobody reads a report about themselves.
          return viewer.type === 'officials' &&
            authorizeOfficial(viewer.accounts, row, 'view').type === 'allowed'
            ? [row]
            : [];
        }),
      },
    };
  };
}

/** Only an administrator of the province sees it whole (the chat's rule for a province). */
function isProvinceAdmin(viewer: JudgementViewer, provinceCode: string): boolean {
  return (
    viewer.type === 'officials' &&
    viewer.accounts.some((o) => o.role === 'admin' && o.provinceCode === provinceCode)
  );
}

function isReportStatus(value: string): value is ReportStatus {
  return (REPORT_STATUSES as readonly string[]).includes(value);
}

/** Calendar days from `from` to `to` (both local dates). */
function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000));
}
