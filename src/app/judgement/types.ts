/**
 * What the judgement pages show: view models of the commune dashboard, the province view and
 * the public board, and the signatures of the use cases that build them. Figures are values
 * (numbers, Dates, 'YYYY-MM-DD'); pages format them once, at the edge.
 *
 * Every share carries its n and a 95 % Wilson interval (`ShareFigure`). A figure of type
 * 'too-few' is shown as "chưa đủ ý kiến" (n < minAnswers) or "chưa có ý kiến" (n = 0).
 */
import type { Interval, ShareFigure } from '../../core/judgement-stats.ts';
import type { IsoDate } from '../../core/local-date.ts';
import type { MonthSlot, Period } from '../../core/judgement-period.ts';
import type { CriterionNumber } from '../../core/rating-scores.ts';
import type { ReportStatus } from '../../core/report-status.ts';
import type { SubmissionKind } from '../../core/submission-kinds.ts';
import type { OfficialRecord } from '../ports/official-directory.ts';

export type { Interval, MonthSlot, Period, ShareFigure };

/**
 * Who is looking. Officials are given as all their active accounts (one per position they
 * hold), as `authorizeOfficial` takes them; the public sees only public figures.
 */
export type JudgementViewer =
  | { readonly type: 'officials'; readonly accounts: readonly OfficialRecord[] }
  | { readonly type: 'public' };

export interface UnitRef {
  readonly code: string;
  /** "Xã Bắc Đông Hưng" */
  readonly name: string;
  readonly provinceCode: string;
  readonly provinceName: string;
}

/** One of the five criteria with its index. */
export interface CriterionFigure {
  readonly number: CriterionNumber;
  readonly nameVi: string;
  readonly figure: ShareFigure;
  /**
   * The figure has fewer answers than PUBLIC_MIN_ANSWERS: the dashboard shows it to officials
   * (with its n and interval), the public and the province comparison do not.
   */
  readonly belowPublicMinimum: boolean;
}

/** The overall satisfaction item ("Nhìn chung …"), read like a criterion. */
export interface OverallFigure {
  readonly nameVi: string;
  readonly figure: ShareFigure;
  readonly belowPublicMinimum: boolean;
}

/** The five indexes month by month (a month without answers is a 'too-few' figure with n = 0). */
export interface MonthlyTrend {
  readonly months: readonly MonthSlot[];
  readonly series: ReadonlyArray<{
    readonly criterion: CriterionNumber | 'overall';
    readonly nameVi: string;
    /** One per month, same order as `months`. */
    readonly points: readonly ShareFigure[];
  }>;
}

/** The micro-ratings of one counter of the service centre (flows/rate-counter.yaml). */
export interface CounterFigure {
  readonly counterCode: string;
  readonly ratings: number;
  readonly items: ReadonlyArray<{
    readonly itemId: string;
    readonly labelVi: string;
    readonly figure: ShareFigure;
  }>;
}

export interface CountByKey {
  readonly key: string;
  readonly labelVi: string;
  readonly count: number;
}

/** A median duration with the number of reports it was taken over. */
export interface MedianFigure {
  /** Hours; null when n = 0. */
  readonly hours: number | null;
  readonly n: number;
}

/** The citizens' verdicts on answers given in the period. */
export interface VerdictCounts {
  readonly yes: number;
  readonly partly: number;
  readonly no: number;
  /** Closed after 7 days without the citizen's answer. */
  readonly none: number;
  /** Answered, the citizen has not said yet. */
  readonly waiting: number;
}

export interface ReportFigures {
  /** Reports received in the period. */
  readonly received: number;
  readonly byKind: readonly CountByKey[];
  readonly byCategory: readonly CountByKey[];
  /**
   * Of the reports with a deadline whose deadline fell in the period or that were answered in
   * it: the share answered by the (working-day or statutory) deadline.
   */
  readonly onTime: ShareFigure;
  /** From receipt to acknowledgement, reports acknowledged in the period. */
  readonly medianAck: MedianFigure;
  /** From receipt to the answer, reports answered in the period. */
  readonly medianAnswer: MedianFigure;
  /** Of the reports answered in the period: the share reopened at least once. */
  readonly reopened: ShareFigure;
  readonly verdicts: VerdictCounts;
  /** "answer-satisfaction" follow-up item: share of 4–5. */
  readonly answerSatisfaction: ShareFigure;
}

/**
 * A report still open, for the list on the dashboard. It carries what `authorizeOfficial`
 * needs (`ReportAccess`), so the page decides on the thread with the chat's own rules; the
 * list itself already leaves out what the viewer may not see (a tố cáo for anyone but the
 * chair and the province admin; a report about the viewer).
 */
export interface OpenReportRow {
  readonly reportId: number;
  readonly ticketCode: string;
  readonly categoryCode: string;
  readonly categoryVi: string;
  readonly kind: SubmissionKind;
  readonly kindVi: string;
  readonly status: ReportStatus;
  readonly createdAt: Date;
  readonly dueAt: Date;
  /** When it reached an official after waiting for one (its deadline counts from then). */
  readonly lateReceivedAt: Date | null;
  /** Parked: routing found nobody, it waits for the commune's first official. */
  readonly awaitingOfficialAt: Date | null;
  /**
   * Past its deadline and not answered (a góp ý has no deadline, so never overdue; nor is a
   * parked report, whose deadline counts from the day it reaches an official).
   */
  readonly overdue: boolean;
  /** The citizen asked not to be known: never show who they are. */
  readonly anonymous: boolean;
  /** The sender's identity is sealed by law (tố cáo): never show who they are. */
  readonly sealedIdentity: boolean;
  readonly unitCode: string;
  readonly provinceCode: string;
  readonly aboutOfficialId: number | null;
  readonly assignedOfficialId: number | null;
}

/** "What should the commune improve most" (multi-select item `improve`), most chosen first. */
export interface ImproveRanking {
  /** Citizens who answered the item. */
  readonly respondents: number;
  readonly choices: ReadonlyArray<{
    readonly value: string;
    readonly labelVi: string;
    readonly count: number;
    /** count / respondents, with its interval. */
    readonly figure: ShareFigure;
  }>;
}

export interface CommuneDashboard {
  readonly unit: UnitRef;
  readonly period: Period;
  /** "Quý 4/2026" */
  readonly periodLabel: string;
  readonly start: Date;
  readonly end: Date;
  /** PUBLIC_MIN_ANSWERS. */
  readonly minAnswers: number;
  /** Ratings (quick, detailed) counted in the period. */
  readonly ratings: number;
  /**
   * Ratings (commune and counter) flagged as possibly not honest: kept, counted apart from every
   * figure above and below, shown as such. `byFlag` per reason (core/rating-flags.ts).
   */
  readonly flagged: { readonly total: number; readonly byFlag: Readonly<Record<string, number>> };
  readonly criteria: readonly CriterionFigure[];
  /** The overall satisfaction item. */
  readonly overall: OverallFigure;
  readonly trend: MonthlyTrend;
  readonly counters: readonly CounterFigure[];
  readonly reports: ReportFigures;
  readonly improve: ImproveRanking;
  /** Open reports of the commune the viewer may see, overdue first, then by deadline. */
  readonly openReports: readonly OpenReportRow[];
}

export type CommuneDashboardResult =
  | { readonly type: 'ok'; readonly dashboard: CommuneDashboard }
  | { readonly type: 'unknown-unit' }
  /** The viewer is not an official of this commune nor a province admin of its province. */
  | { readonly type: 'forbidden' };

/** One commune in the province comparison: public-minimum rules, tiers only where intervals part. */
export interface ProvinceCommuneRow {
  readonly unit: { readonly code: string; readonly name: string };
  readonly criteria: ReadonlyArray<{
    readonly number: CriterionNumber;
    readonly figure: ShareFigure;
    /** 1 = best tier; null: not told apart from the others (or too few answers). */
    readonly tier: number | null;
  }>;
  readonly overall: { readonly figure: ShareFigure; readonly tier: number | null };
  readonly reports: {
    readonly received: number;
    readonly onTime: ShareFigure;
    readonly medianAnswer: MedianFigure;
    readonly reopened: ShareFigure;
  };
}

/**
 * A report waiting for the province's administrator, for the list on the province page: what
 * the commune dashboard's list shows (ticket, commune, kind, field, dates, state), never who
 * sent it. It carries what `authorizeOfficial` needs, so the list keeps the chat's own rules.
 */
export interface ProvinceWaitingRow {
  readonly reportId: number;
  readonly ticketCode: string;
  readonly unitCode: string;
  readonly unitName: string;
  readonly provinceCode: string;
  readonly categoryVi: string;
  readonly kind: SubmissionKind;
  readonly kindVi: string;
  readonly status: ReportStatus;
  readonly createdAt: Date;
  readonly awaitingOfficialAt: Date | null;
  /** Parked (nobody at all could take it), or sent to the province by routing, and why. */
  readonly why: 'parked' | 'noOfficial' | 'aboutChair';
  readonly waitingSince: Date;
  /** Whole days (Vietnam's calendar) since `waitingSince`. */
  readonly daysWaited: number;
  readonly anonymous: boolean;
  readonly aboutOfficialId: number | null;
  readonly assignedOfficialId: number | null;
}

export interface ProvinceView {
  readonly province: { readonly code: string; readonly name: string };
  readonly period: Period;
  readonly periodLabel: string;
  readonly minAnswers: number;
  readonly criteria: ReadonlyArray<{ readonly number: CriterionNumber; readonly nameVi: string }>;
  /** Every current commune of the province, by name. */
  readonly communes: readonly ProvinceCommuneRow[];
  /** The reports waiting for the province's administrator that the viewer may see, longest waiting first. */
  readonly waiting: readonly ProvinceWaitingRow[];
}

export type ProvinceViewResult =
  | { readonly type: 'ok'; readonly view: ProvinceView }
  | { readonly type: 'unknown-province' }
  /** The viewer is not an administrator of this province. */
  | { readonly type: 'forbidden' };

/** An answered report on the public board: no text, no person, never a khiếu nại or tố cáo. */
export interface PublicAnsweredReport {
  readonly categoryVi: string;
  /** Local dates in Vietnam. */
  readonly receivedOn: IsoDate;
  readonly answeredOn: IsoDate;
  readonly resultType: 'resolved' | 'not-competent' | 'scheduled';
  /**
   * The citizen reopened the report after this answer and the commune is handling it again: the
   * answer's result is no longer what the report stands at.
   */
  readonly reopened: boolean;
  /**
   * What the report stands at: the answer's result ("Đã giải quyết", "Chuyển cơ quan có thẩm
   * quyền", "Đã lên kế hoạch giải quyết"), or "Được mở lại, đang xử lý" once reopened.
   */
  readonly resultVi: string;
}

export interface PublicBoard {
  readonly unit: UnitRef;
  /** This quarter, in Vietnam's time. */
  readonly period: Period;
  readonly periodLabel: string;
  readonly minAnswers: number;
  /** 'too-few' below PUBLIC_MIN_ANSWERS: shown as "chưa đủ ý kiến". */
  readonly criteria: ReadonlyArray<{
    readonly number: CriterionNumber;
    readonly nameVi: string;
    readonly figure: ShareFigure;
  }>;
  readonly overall: ShareFigure;
  readonly reports: {
    readonly received: number;
    readonly onTime: ShareFigure;
    /** Of the reports answered in the period, the share the citizen reopened (as the dashboard's). */
    readonly reopened: ShareFigure;
    /** Days (calendar) from receipt to answer, median. */
    readonly medianDaysToAnswer: { readonly days: number | null; readonly n: number };
  };
  readonly latestAnswered: readonly PublicAnsweredReport[];
  /** The Telegram link that opens the commune rating (what the QR code on paper holds). */
  readonly ratingLink: string;
  /** When the figures were read. */
  readonly asOf: Date;
}

export type PublicBoardResult =
  { readonly type: 'ok'; readonly board: PublicBoard } | { readonly type: 'unknown-unit' };

export type CommuneDashboardUseCase = (
  unitCode: string,
  period: Period,
  viewer: JudgementViewer,
) => Promise<CommuneDashboardResult>;

export type ProvinceViewUseCase = (
  provinceCode: string,
  period: Period,
  viewer: JudgementViewer,
) => Promise<ProvinceViewResult>;

export type PublicBoardUseCase = (unitCode: string, now: Date) => Promise<PublicBoardResult>;

// ---------------------------------------------------------------- exports

export type ExportKind = 'reports' | 'ratings' | 'answers';
export type ExportFormat = 'csv' | 'xlsx';
export type ExportScope =
  | { readonly type: 'unit'; readonly unitCode: string }
  | { readonly type: 'province'; readonly provinceCode: string };

/**
 * Who the export is for. Officials get personal data only for reports they may view and only
 * where the citizen is neither anonymous nor a denouncer; 'public' gets none; 'operator' is
 * the CLI run on the server (`--personal` decides).
 */
export type ExportViewer =
  JudgementViewer | { readonly type: 'operator'; readonly personalData: boolean };

export interface ExportRequest {
  readonly kind: ExportKind;
  readonly scope: ExportScope;
  /** Local dates in Vietnam, both included. */
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly format: ExportFormat;
  readonly viewer: ExportViewer;
}

export interface ExportFile {
  /** "gopy-reports-12345-2026-10-01-2026-12-31.xlsx" */
  readonly filename: string;
  readonly contentType: string;
  readonly body: Buffer;
  readonly rows: number;
}

export type ExportResult =
  | { readonly type: 'ok'; readonly file: ExportFile }
  | { readonly type: 'unknown-scope' }
  | { readonly type: 'forbidden' };

export type ExportUseCase = (request: ExportRequest) => Promise<ExportResult>;
