/** Turns the query rows into the figures of the view models: shared by the three use cases. */
import { HEADLINE_ITEMS, OVERALL_ITEM, OVERALL_LABEL_VI } from '../../core/judgement-items.ts';
import { shareFigure, type ShareFigure } from '../../core/judgement-stats.ts';
import { CRITERIA } from '../../core/rating-scores.ts';
import type { ItemCountRow, ReportCountsRow } from '../ports/judgement-readings.ts';
import type { CriterionFigure, MedianFigure, OverallFigure } from './types.ts';

/** The items a criterion figure is read from, plus the overall item. */
export const JUDGED_ITEMS: readonly string[] = [...Object.values(HEADLINE_ITEMS), OVERALL_ITEM];

/** Index of the rows by unit and item. */
export function byUnitItem(rows: readonly ItemCountRow[]): Map<string, ItemCountRow> {
  return new Map(rows.map((r) => [`${r.unitCode}|${r.itemId}`, r]));
}

export function itemFigure(row: ItemCountRow | undefined, minAnswers: number): ShareFigure {
  return shareFigure(row?.satisfied ?? 0, row?.answered ?? 0, minAnswers);
}

/**
 * The five criteria of one unit. `shownFrom` is the n from which a figure is shown (1 for
 * officials of the commune, PUBLIC_MIN_ANSWERS elsewhere).
 */
export function criteriaFigures(
  rows: ReadonlyMap<string, ItemCountRow>,
  unitCode: string,
  shownFrom: number,
  publicMinimum: number,
): CriterionFigure[] {
  return CRITERIA.map((c) => {
    const row = rows.get(`${unitCode}|${HEADLINE_ITEMS[c.number]}`);
    return {
      number: c.number,
      nameVi: c.nameVi,
      figure: itemFigure(row, shownFrom),
      belowPublicMinimum: (row?.answered ?? 0) < publicMinimum,
    };
  });
}

export function overallFigure(
  rows: ReadonlyMap<string, ItemCountRow>,
  unitCode: string,
  shownFrom: number,
  publicMinimum: number,
): OverallFigure {
  const row = rows.get(`${unitCode}|${OVERALL_ITEM}`);
  return {
    nameVi: OVERALL_LABEL_VI,
    figure: itemFigure(row, shownFrom),
    belowPublicMinimum: (row?.answered ?? 0) < publicMinimum,
  };
}

/** Report counts of a unit with no report at all in the period. */
export function emptyReportCounts(unitCode: string): ReportCountsRow {
  return {
    unitCode,
    received: 0,
    onTimeHits: 0,
    onTimeN: 0,
    answered: 0,
    reopened: 0,
    medianAckHours: null,
    ackN: 0,
    medianAnswerHours: null,
    verdictYes: 0,
    verdictPartly: 0,
    verdictNo: 0,
    verdictNone: 0,
    verdictWaiting: 0,
  };
}

export function medianFigure(hours: number | null, n: number): MedianFigure {
  return { hours: n > 0 ? hours : null, n };
}
