/**
 * What the judgement (the commune's scorecard, its charts, its PDF and its data export) reads
 * (implemented by persistence/judgement-queries.ts): counts, shares and medians per commune and
 * period, never the ratings themselves, so a province costs a few grouped scans.
 */
export interface Bounds {
  readonly start: Date;
  readonly end: Date;
}

export interface UnitRow {
  code: string;
  name: string;
  provinceCode: string;
  provinceName: string;
}

/** Answers of one item (or criterion) of one unit: n excludes skips. */
export interface ItemCountRow {
  unitCode: string;
  itemId: string;
  answered: number;
  satisfied: number;
  skipped: number;
}

export interface MonthItemCountRow extends ItemCountRow {
  /** "2026-10", Vietnam time */
  month: string;
}

export interface CounterItemRow extends ItemCountRow {
  counterCode: string;
  ratings: number;
}

export interface ChoiceCountRow {
  value: string;
  count: number;
}

export interface ReportCountsRow {
  unitCode: string;
  received: number;
  onTimeHits: number;
  onTimeN: number;
  answered: number;
  reopened: number;
  medianAckHours: number | null;
  ackN: number;
  medianAnswerHours: number | null;
  verdictYes: number;
  verdictPartly: number;
  verdictNo: number;
  verdictNone: number;
  verdictWaiting: number;
}

export interface KeyCountRow {
  key: string;
  labelVi: string;
  count: number;
}

export interface OpenReportDbRow {
  reportId: number;
  ticketCode: string;
  categoryCode: string;
  categoryVi: string;
  kind: string;
  status: string;
  createdAt: Date;
  dueAt: Date;
  /**
   * When it reached an official, for a report that first waited for one (its deadline counts
   * from then); null for one that reached the commune as it was sent, or has not yet.
   */
  lateReceivedAt: Date | null;
  /** Routing found nobody: it waits for the commune's first official (no deadline runs yet). */
  awaitingOfficialAt: Date | null;
  anonymous: boolean;
  unitCode: string;
  provinceCode: string;
  aboutOfficialId: number | null;
  assignedOfficialId: number | null;
}

/**
 * A report of the province waiting for its administrator: parked (routing found nobody at all),
 * or sent to the administrator by routing (`toProvince`) and still held there. Never who sent
 * it: the province page lists, it does not identify.
 */
export interface ProvinceWaitingDbRow {
  reportId: number;
  ticketCode: string;
  unitCode: string;
  unitName: string;
  provinceCode: string;
  categoryVi: string;
  kind: string;
  status: string;
  createdAt: Date;
  awaitingOfficialAt: Date | null;
  /** Why it waits for the province: parked, or routing's `toProvince` reason. */
  why: 'parked' | 'noOfficial' | 'aboutChair';
  /** Since when it has waited for the province: parked at, or routed at. */
  waitingSince: Date;
  anonymous: boolean;
  aboutOfficialId: number | null;
  assignedOfficialId: number | null;
}

export interface AnsweredReportRow {
  categoryVi: string;
  createdAt: Date;
  resolvedAt: Date;
  resultType: string | null;
  /** The report's status now: an answered report may have been reopened since. */
  status: string;
}

/** One report as exported; the use case blanks what the viewer may not see. */
export interface ReportExportRow {
  reportId: number;
  ticketCode: string;
  unitCode: string;
  unitName: string;
  provinceCode: string;
  categoryVi: string;
  kind: string;
  status: string;
  anonymous: boolean;
  createdAt: Date;
  acknowledgedAt: Date | null;
  dueAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
  reopenCount: number;
  resultType: string | null;
  verdict: string | null;
  aboutOfficialId: number | null;
  assignedOfficialId: number | null;
  text: string;
  address: string | null;
  citizenName: string | null;
  phone: string | null;
}

export interface RatingAnswerExportRow {
  ratingId: number;
  unitCode: string;
  unitName: string;
  kind: string;
  period: string;
  createdAt: Date;
  counterCode: string | null;
  staffCode: string | null;
  reportId: number | null;
  itemId: string;
  criterion: number | null;
  score: number | null;
  /** The column is a nullable text[]: NULL comes back as []. */
  choices: string[];
  text: string | null;
}

/** What the judgement reads: aggregates per commune and period, computed by the database. */
export interface JudgementReadings {
  /** Reports of the units created in the period, oldest first. */
  exportReports(units: readonly string[], bounds: Bounds): Promise<ReportExportRow[]>;
  /** Every answer of the units' current ratings (all kinds) created in the period. */
  exportRatingAnswers(units: readonly string[], bounds: Bounds): Promise<RatingAnswerExportRow[]>;
  unit(code: string): Promise<UnitRow | undefined>;
  province(code: string): Promise<
    | {
        code: string;
        name: string;
      }
    | undefined
  >;
  /** The current (not merged away) communes of a province, by name. */
  provinceUnits(provinceCode: string): Promise<
    Array<{
      code: string;
      name: string;
    }>
  >;
  /** Answers per unit and item among `items`, of the commune ratings (quick, detailed) in the period. */
  itemCounts(
    units: readonly string[],
    items: readonly string[],
    bounds: Bounds,
  ): Promise<ItemCountRow[]>;
  /** As `itemCounts` for one unit, by month on Vietnam's wall clock. */
  itemCountsByMonth(
    unitCode: string,
    items: readonly string[],
    bounds: Bounds,
  ): Promise<MonthItemCountRow[]>;
  /** Quick and detailed ratings counted in the period. */
  ratingCount(unitCode: string, bounds: Bounds): Promise<number>;
  /**
   * The unit's current ratings (commune and counter) flagged as possibly not honest, counted
   * apart: in all, and per reason (a rating may have several).
   */
  flaggedCounts(
    unitCode: string,
    bounds: Bounds,
  ): Promise<{
    total: number;
    byFlag: Record<string, number>;
  }>;
  /** Counter micro-ratings per counter and item. */
  counterCounts(unitCode: string, bounds: Bounds): Promise<CounterItemRow[]>;
  /** Answers of the follow-up item "answer-satisfaction" (how satisfied with the commune's answer). */
  answerSatisfaction(units: readonly string[], bounds: Bounds): Promise<ItemCountRow[]>;
  /** The multi-select item `itemId`: how many answered it, and how often each choice was picked. */
  choiceCounts(
    unitCode: string,
    itemId: string,
    bounds: Bounds,
  ): Promise<{
    respondents: number;
    choices: ChoiceCountRow[];
  }>;
  /**
   * The report figures per unit. Received: created in the period. On time: reports with a
   * deadline answered in the period, or still unanswered with a deadline passed within the
   * period (before `now`): the share answered by `due_at`. Answered, reopened, verdicts and
   * the median time to answer: reports answered in the period. Acknowledged: in the period.
   */
  reportCounts(units: readonly string[], bounds: Bounds, now: Date): Promise<ReportCountsRow[]>;
  /** Reports received in the period by kind. */
  reportsByKind(
    unitCode: string,
    bounds: Bounds,
  ): Promise<
    Array<{
      key: string;
      count: number;
    }>
  >;
  /** Reports received in the period by category, most first. */
  reportsByCategory(unitCode: string, bounds: Bounds): Promise<KeyCountRow[]>;
  /** Every report of the unit still waiting for the commune, overdue first, then by deadline. */
  openReports(unitCode: string, now: Date): Promise<OpenReportDbRow[]>;
  /** The latest answered reports that may be shown in public (never khiếu nại or tố cáo). */
  latestAnswered(unitCode: string, limit: number): Promise<AnsweredReportRow[]>;
  /** The open reports of the province waiting for its administrator, longest waiting first. */
  provinceWaiting(provinceCode: string): Promise<ProvinceWaitingDbRow[]>;
}
