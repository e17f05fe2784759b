/**
 * The public transparency board of a commune: this quarter's five criteria (only from
 * PUBLIC_MIN_ANSWERS answers), the reports received, answered on time and the median days to
 * answer, and what the commune did: the latest answered reports as category, dates and result
 * type only. No text a citizen wrote, no person, never a khiếu nại or tố cáo (the query leaves
 * them out).
 */
import { RESULT_LABELS_VI } from '../../core/judgement-items.ts';
import { currentPeriod, periodBounds, periodLabel } from '../../core/judgement-period.ts';
import { shareFigure } from '../../core/judgement-stats.ts';
import { localDate } from '../../core/local-date.ts';
import { OPEN_STATUSES, type ReportStatus } from '../../core/report-status.ts';
import { STATUS_LABELS } from '../../texts/report.ts';
import {
  byUnitItem,
  criteriaFigures,
  emptyReportCounts,
  JUDGED_ITEMS,
  overallFigure,
} from './figures.ts';
import type { JudgementDeps } from './judgement-deps.ts';
import type { PublicAnsweredReport, PublicBoardUseCase } from './types.ts';

/** How many answered reports the board lists. */
const LATEST_ANSWERED = 10;

export function createPublicBoard(deps: JudgementDeps): PublicBoardUseCase {
  const { queries, minAnswers } = deps;
  return async (unitCode, now) => {
    const unit = await queries.unit(unitCode);
    if (!unit) return { type: 'unknown-unit' };
    const period = currentPeriod('quarter', now);
    const bounds = periodBounds(period);
    const [items, counts, latest, bot] = await Promise.all([
      queries.itemCounts([unit.code], JUDGED_ITEMS, bounds),
      queries.reportCounts([unit.code], bounds, now),
      queries.latestAnswered(unit.code, LATEST_ANSWERED),
      deps.botUsername(),
    ]);
    const rows = byUnitItem(items);
    const c = counts[0] ?? emptyReportCounts(unit.code);
    return {
      type: 'ok',
      board: {
        unit,
        period,
        periodLabel: periodLabel(period),
        minAnswers,
        criteria: criteriaFigures(rows, unit.code, minAnswers, minAnswers).map((f) => ({
          number: f.number,
          nameVi: f.nameVi,
          figure: f.figure,
        })),
        overall: overallFigure(rows, unit.code, minAnswers, minAnswers).figure,
        reports: {
          received: c.received,
          onTime: shareFigure(c.onTimeHits, c.onTimeN, 1),
          // As the dashboard counts it: of the reports answered in the period, those reopened.
          reopened: shareFigure(c.reopened, c.answered, 1),
          medianDaysToAnswer: {
            days: c.answered > 0 && c.medianAnswerHours !== null ? c.medianAnswerHours / 24 : null,
            n: c.answered,
          },
        },
        latestAnswered: latest.flatMap((r): PublicAnsweredReport[] => {
          const resultType = r.resultType ?? 'resolved';
          if (!isResultType(resultType)) return [];
          // Reopened by the citizen and in the commune's hands again: the earlier answer's
          // result is not what the report stands at, so the board says what the dashboard says.
          const reopened = (OPEN_STATUSES as readonly string[]).includes(r.status);
          return [
            {
              categoryVi: r.categoryVi,
              receivedOn: localDate(r.createdAt),
              answeredOn: localDate(r.resolvedAt),
              resultType,
              reopened,
              resultVi: reopened
                ? STATUS_LABELS[r.status as ReportStatus].vi
                : RESULT_LABELS_VI[resultType],
            },
          ];
        }),
        ratingLink: `https://t.me/${bot.replace(/^@/, '')}?start=r_${unit.code}`,
        asOf: now,
      },
    };
  };
}

function isResultType(value: string): value is keyof typeof RESULT_LABELS_VI {
  return value in RESULT_LABELS_VI;
}
