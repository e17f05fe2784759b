/**
 * The commune dashboard: everything the commune's officials (and the province admin) read
 * about one commune over one period. Officials see every figure with its n and interval, even
 * below PUBLIC_MIN_ANSWERS (flagged), since they judge their own work; the public does not.
 */
import { authorizeOfficial } from '../desk/authorize-official.ts';
import {
  ANSWER_SATISFACTION_ITEM,
  COUNTER_ITEMS,
  HEADLINE_ITEMS,
  IMPROVE_CHOICES,
  IMPROVE_ITEM,
  OVERALL_ITEM,
  OVERALL_LABEL_VI,
} from '../../core/judgement-items.ts';
import { monthsOf, periodBounds, periodLabel } from '../../core/judgement-period.ts';
import { shareFigure } from '../../core/judgement-stats.ts';
import { CRITERIA } from '../../core/rating-scores.ts';
import { REPORT_STATUSES, type ReportStatus } from '../../core/report-status.ts';
import { isSubmissionKind, submissionKind } from '../../core/submission-kinds.ts';
import {
  byUnitItem,
  criteriaFigures,
  emptyReportCounts,
  itemFigure,
  JUDGED_ITEMS,
  medianFigure,
  overallFigure,
} from './figures.ts';
import type { JudgementDeps } from './judgement-deps.ts';
import type {
  CommuneDashboardUseCase,
  CounterFigure,
  JudgementViewer,
  MonthlyTrend,
  OpenReportRow,
  ReportFigures,
  UnitRef,
} from './types.ts';

/** Officials see a figure from its first answer (with n and interval). */
const OFFICIAL_SHOWN_FROM = 1;

export function createCommuneDashboard(deps: JudgementDeps): CommuneDashboardUseCase {
  const { queries } = deps;
  return async (unitCode, period, viewer) => {
    const unit = await queries.unit(unitCode);
    if (!unit) return { type: 'unknown-unit' };
    if (!maySeeCommune(viewer, unit)) return { type: 'forbidden' };
    const now = deps.now();
    const bounds = periodBounds(period);
    const units = [unit.code];
    const [
      items,
      monthly,
      ratings,
      counters,
      improve,
      counts,
      byKind,
      byCategory,
      answerSat,
      open,
      flagged,
    ] = await Promise.all([
      queries.itemCounts(units, JUDGED_ITEMS, bounds),
      queries.itemCountsByMonth(unit.code, JUDGED_ITEMS, bounds),
      queries.ratingCount(unit.code, bounds),
      queries.counterCounts(unit.code, bounds),
      queries.choiceCounts(unit.code, IMPROVE_ITEM, bounds),
      queries.reportCounts(units, bounds, now),
      queries.reportsByKind(unit.code, bounds),
      queries.reportsByCategory(unit.code, bounds),
      queries.answerSatisfaction(units, bounds),
      queries.openReports(unit.code, now),
      queries.flaggedCounts(unit.code, bounds),
    ]);
    const rows = byUnitItem(items);
    const c = counts[0] ?? emptyReportCounts(unit.code);
    const reports: ReportFigures = {
      received: c.received,
      byKind: byKind.map((k) => ({
        key: k.key,
        labelVi: isSubmissionKind(k.key) ? submissionKind(k.key).nameVi : k.key,
        count: k.count,
      })),
      byCategory,
      onTime: shareFigure(c.onTimeHits, c.onTimeN, 1),
      medianAck: medianFigure(c.medianAckHours, c.ackN),
      medianAnswer: medianFigure(c.medianAnswerHours, c.answered),
      reopened: shareFigure(c.reopened, c.answered, 1),
      verdicts: {
        yes: c.verdictYes,
        partly: c.verdictPartly,
        no: c.verdictNo,
        none: c.verdictNone,
        waiting: c.verdictWaiting,
      },
      answerSatisfaction: itemFigure(
        answerSat.find((r) => r.itemId === ANSWER_SATISFACTION_ITEM),
        1,
      ),
    };
    const dashboard = {
      unit: toUnitRef(unit),
      period,
      periodLabel: periodLabel(period),
      start: bounds.start,
      end: bounds.end,
      minAnswers: deps.minAnswers,
      ratings,
      flagged,
      criteria: criteriaFigures(rows, unit.code, OFFICIAL_SHOWN_FROM, deps.minAnswers),
      overall: overallFigure(rows, unit.code, OFFICIAL_SHOWN_FROM, deps.minAnswers),
      trend: trendOf(period, monthly),
      counters: counterFigures(counters),
      reports,
      improve: {
        respondents: improve.respondents,
        choices: IMPROVE_CHOICES.map((choice) => {
          const count = improve.choices.find((r) => r.value === choice.value)?.count ?? 0;
          return {
            value: choice.value,
            labelVi: choice.labelVi,
            count,
            figure: shareFigure(count, improve.respondents, 1),
          };
        }).sort((a, b) => b.count - a.count),
      },
      openReports: open.flatMap((r): OpenReportRow[] => {
        if (!isSubmissionKind(r.kind) || !isReportStatus(r.status)) return [];
        const row: OpenReportRow = {
          ...r,
          kind: r.kind,
          status: r.status,
          kindVi: submissionKind(r.kind).nameVi,
          overdue:
            submissionKind(r.kind).handling.hasDeadline &&
            r.awaitingOfficialAt === null &&
            r.dueAt < now,
          sealedIdentity: submissionKind(r.kind).handling.sealedIdentity,
        };
        return mayListReport(viewer, row) ? [row] : [];
      }),
    };
    return { type: 'ok', dashboard };
  };
}

/** An official of the commune, or an admin of its province. */
export function maySeeCommune(
  viewer: JudgementViewer,
  unit: { code: string; provinceCode: string },
): boolean {
  if (viewer.type !== 'officials') return false;
  return viewer.accounts.some(
    (o) => o.unitCode === unit.code || (o.role === 'admin' && o.provinceCode === unit.provinceCode),
  );
}

/** The chat's own rule for reading a report (a tố cáo is the chair's; nobody reads one about themselves). */
function mayListReport(viewer: JudgementViewer, row: OpenReportRow): boolean {
  if (viewer.type !== 'officials') return false;
  return authorizeOfficial(viewer.accounts, row, 'view').type === 'allowed';
}

function isReportStatus(value: string): value is ReportStatus {
  return (REPORT_STATUSES as readonly string[]).includes(value);
}

function toUnitRef(unit: UnitRef): UnitRef {
  return {
    code: unit.code,
    name: unit.name,
    provinceCode: unit.provinceCode,
    provinceName: unit.provinceName,
  };
}

function trendOf(
  period: Parameters<typeof monthsOf>[0],
  rows: Awaited<ReturnType<JudgementDeps['queries']['itemCountsByMonth']>>,
): MonthlyTrend {
  const months = monthsOf(period);
  const key = (itemId: string, year: number, month: number) =>
    `${itemId}|${year}-${String(month).padStart(2, '0')}`;
  const index = new Map(rows.map((r) => [`${r.itemId}|${r.month}`, r]));
  const points = (itemId: string) =>
    months.map((m) => itemFigure(index.get(key(itemId, m.year, m.month)), OFFICIAL_SHOWN_FROM));
  return {
    months,
    series: [
      ...CRITERIA.map((c) => ({
        criterion: c.number,
        nameVi: c.nameVi,
        points: points(HEADLINE_ITEMS[c.number]),
      })),
      { criterion: 'overall' as const, nameVi: OVERALL_LABEL_VI, points: points(OVERALL_ITEM) },
    ],
  };
}

function counterFigures(
  rows: Awaited<ReturnType<JudgementDeps['queries']['counterCounts']>>,
): CounterFigure[] {
  const codes = [...new Set(rows.map((r) => r.counterCode))];
  return codes.map((counterCode) => {
    const mine = rows.filter((r) => r.counterCode === counterCode);
    return {
      counterCode,
      ratings: Math.max(0, ...mine.map((r) => r.ratings)),
      items: COUNTER_ITEMS.map((item) => ({
        itemId: item.itemId,
        labelVi: item.labelVi,
        figure: itemFigure(
          mine.find((r) => r.itemId === item.itemId),
          OFFICIAL_SHOWN_FROM,
        ),
      })),
    };
  });
}
