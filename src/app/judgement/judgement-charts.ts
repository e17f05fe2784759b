/**
 * The judgement's charts, drawn once on the server as SVG: the same string goes into the page
 * and into the PDF. Labels are Vietnamese.
 */
import type { CriterionFigure, ImproveRanking, MonthlyTrend } from './types.ts';

export interface ChartSize {
  readonly width: number;
  readonly height: number;
}

/** Bars of the five indexes (0–100 %) with their 95 % interval as whiskers and n under each bar. */
export function criteriaChartSvg(criteria: readonly CriterionFigure[], size?: ChartSize): string {
  void criteria;
  void size;
  return '<svg xmlns="http://www.w3.org/2000/svg"/>';
}

/** The indexes month by month, one line per criterion (months without enough answers are gaps). */
export function trendChartSvg(trend: MonthlyTrend, size?: ChartSize): string {
  void trend;
  void size;
  return '<svg xmlns="http://www.w3.org/2000/svg"/>';
}

/** "What to improve most": horizontal bars, most chosen on top. */
export function improveChartSvg(improve: ImproveRanking, size?: ChartSize): string {
  void improve;
  void size;
  return '<svg xmlns="http://www.w3.org/2000/svg"/>';
}
