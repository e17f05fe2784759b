/**
 * The judgement's aggregates, computed in PostgreSQL ($queryRaw): counts, shares and medians
 * per commune and period come back as a few rows, never the ratings themselves, so a province
 * of a hundred communes and a year of answers costs one grouped scan, not a million rows in
 * Node. Every query takes a list of unit codes and groups by unit, so one commune and a whole
 * province go through the same SQL.
 *
 * Timestamps are stored as UTC wall time (`timestamp(3)`); periods arrive as instants and are
 * compared as such. Months are cut on Vietnam's wall clock.
 */
import { AWAITING_OFFICIAL_EVENT } from '../core/report-deadline.ts';
import { KINDS_WITHOUT_DEADLINE } from '../core/submission-kinds.ts';
import { NEVER_PUBLIC_KINDS } from '../core/public-reports.ts';
import type { PrismaClient } from './generated/prisma/client.ts';
import type { Implements } from './implements.ts';
import type {
  AnsweredReportRow,
  Bounds,
  ChoiceCountRow,
  CounterItemRow,
  ItemCountRow,
  JudgementReadings,
  KeyCountRow,
  MonthItemCountRow,
  OpenReportDbRow,
  ProvinceWaitingDbRow,
  RatingAnswerExportRow,
  ReportCountsRow,
  ReportExportRow,
  UnitRow,
} from '../app/ports/judgement-readings.ts';

/** Rating kinds that judge the commune (one per citizen and quarter); counter and follow-up are apart. */
const COMMUNE_RATING_KINDS = ['quick', 'detailed'];
/** Statuses in which a report still waits for the commune. */
const OPEN_STATUSES = ['submitted', 'routed', 'acknowledged', 'assigned', 'reopened'];
/** Kinds without a deadline (góp ý is thanked and forwarded). */
// The kinds without a deadline (góp ý), from the kinds' table.
const NO_DEADLINE_KINDS = [...KINDS_WITHOUT_DEADLINE];

export function createJudgementQueries(prisma: PrismaClient) {
  return {
    /** Reports of the units created in the period, oldest first. */
    async exportReports(units: readonly string[], bounds: Bounds): Promise<ReportExportRow[]> {
      return prisma.$queryRaw<ReportExportRow[]>`
        SELECT r.id AS "reportId", r.ticket_code AS "ticketCode", r.unit_code AS "unitCode",
          u.name AS "unitName", u.province_code AS "provinceCode", c.name_vi AS "categoryVi",
          r.kind, r.status, r.anonymous,
          r.created_at AT TIME ZONE 'UTC' AS "createdAt",
          r.acknowledged_at AT TIME ZONE 'UTC' AS "acknowledgedAt",
          r.due_at AT TIME ZONE 'UTC' AS "dueAt",
          r.resolved_at AT TIME ZONE 'UTC' AS "resolvedAt",
          r.closed_at AT TIME ZONE 'UTC' AS "closedAt",
          r.reopen_count AS "reopenCount", r.result_type AS "resultType", r.verdict,
          r.about_official_id AS "aboutOfficialId", r.assigned_official_id AS "assignedOfficialId",
          r.text, r.address, ci.display_name AS "citizenName",
          coalesce(r.contact_phone, ci.phone) AS phone
        FROM reports r
          JOIN units u ON u.code = r.unit_code
          JOIN categories c ON c.code = r.category_code
          JOIN citizens ci ON ci.id = r.citizen_id
        WHERE r.unit_code = ANY(${units as string[]}::text[])
          AND r.created_at >= ${bounds.start}::timestamptz AT TIME ZONE 'UTC'
          AND r.created_at < ${bounds.end}::timestamptz AT TIME ZONE 'UTC'
        ORDER BY r.created_at, r.id`;
    },

    /** Every answer of the units' current ratings (all kinds) created in the period. */
    async exportRatingAnswers(
      units: readonly string[],
      bounds: Bounds,
    ): Promise<RatingAnswerExportRow[]> {
      return prisma.$queryRaw<RatingAnswerExportRow[]>`
        SELECT r.id AS "ratingId", r.unit_code AS "unitCode", u.name AS "unitName", r.kind,
          r.period, r.created_at AT TIME ZONE 'UTC' AS "createdAt",
          r.counter_code AS "counterCode", r.staff_code AS "staffCode", r.report_id AS "reportId",
          a.item_id AS "itemId", a.criterion, a.score, coalesce(a.choices, '{}') AS choices, a.text
        FROM ratings r
          JOIN units u ON u.code = r.unit_code
          JOIN rating_answers a ON a.rating_id = r.id
        WHERE r.unit_code = ANY(${units as string[]}::text[])
          AND r.replaced_at IS NULL
          AND r.created_at >= ${bounds.start}::timestamptz AT TIME ZONE 'UTC'
          AND r.created_at < ${bounds.end}::timestamptz AT TIME ZONE 'UTC'
        ORDER BY r.created_at, r.id, a.id`;
    },

    async unit(code: string): Promise<UnitRow | undefined> {
      const rows = await prisma.$queryRaw<UnitRow[]>`
        SELECT u.code, u.name, u.province_code AS "provinceCode", p.name AS "provinceName"
        FROM units u JOIN provinces p ON p.code = u.province_code
        WHERE u.code = ${code}`;
      return rows[0];
    },

    async province(code: string): Promise<{ code: string; name: string } | undefined> {
      const rows = await prisma.$queryRaw<Array<{ code: string; name: string }>>`
        SELECT code, name FROM provinces WHERE code = ${code}`;
      return rows[0];
    },

    /** The current (not merged away) communes of a province, by name. */
    async provinceUnits(provinceCode: string): Promise<Array<{ code: string; name: string }>> {
      return prisma.$queryRaw<Array<{ code: string; name: string }>>`
        SELECT code, name FROM units
        WHERE province_code = ${provinceCode} AND valid_to IS NULL
        ORDER BY name_folded, code`;
    },

    /** Answers per unit and item among `items`, of the commune ratings (quick, detailed) in the period. */
    async itemCounts(
      units: readonly string[],
      items: readonly string[],
      bounds: Bounds,
    ): Promise<ItemCountRow[]> {
      return prisma.$queryRaw<ItemCountRow[]>`
        SELECT r.unit_code AS "unitCode", a.item_id AS "itemId",
          count(a.score)::int AS answered,
          count(*) FILTER (WHERE a.score >= 4)::int AS satisfied,
          count(*) FILTER (WHERE a.score IS NULL)::int AS skipped
        FROM ratings r JOIN rating_answers a ON a.rating_id = r.id
        WHERE r.unit_code = ANY(${units as string[]}::text[])
          AND r.kind = ANY(${COMMUNE_RATING_KINDS}::text[])
          AND r.replaced_at IS NULL AND cardinality(r.flags) = 0
          AND r.created_at >= ${bounds.start}::timestamptz AT TIME ZONE 'UTC'
          AND r.created_at < ${bounds.end}::timestamptz AT TIME ZONE 'UTC'
          AND a.item_id = ANY(${items as string[]}::text[])
        GROUP BY 1, 2`;
    },

    /** As `itemCounts` for one unit, by month on Vietnam's wall clock. */
    async itemCountsByMonth(
      unitCode: string,
      items: readonly string[],
      bounds: Bounds,
    ): Promise<MonthItemCountRow[]> {
      return prisma.$queryRaw<MonthItemCountRow[]>`
        SELECT r.unit_code AS "unitCode", a.item_id AS "itemId",
          to_char((r.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM') AS month,
          count(a.score)::int AS answered,
          count(*) FILTER (WHERE a.score >= 4)::int AS satisfied,
          count(*) FILTER (WHERE a.score IS NULL)::int AS skipped
        FROM ratings r JOIN rating_answers a ON a.rating_id = r.id
        WHERE r.unit_code = ${unitCode}
          AND r.kind = ANY(${COMMUNE_RATING_KINDS}::text[])
          AND r.replaced_at IS NULL AND cardinality(r.flags) = 0
          AND r.created_at >= ${bounds.start}::timestamptz AT TIME ZONE 'UTC'
          AND r.created_at < ${bounds.end}::timestamptz AT TIME ZONE 'UTC'
          AND a.item_id = ANY(${items as string[]}::text[])
        GROUP BY 1, 2, 3`;
    },

    /** Quick and detailed ratings counted in the period. */
    async ratingCount(unitCode: string, bounds: Bounds): Promise<number> {
      const rows = await prisma.$queryRaw<Array<{ n: number }>>`
        SELECT count(*)::int AS n FROM ratings r
        WHERE r.unit_code = ${unitCode}
          AND r.kind = ANY(${COMMUNE_RATING_KINDS}::text[])
          AND r.replaced_at IS NULL AND cardinality(r.flags) = 0
          AND r.created_at >= ${bounds.start}::timestamptz AT TIME ZONE 'UTC'
          AND r.created_at < ${bounds.end}::timestamptz AT TIME ZONE 'UTC'`;
      return rows[0]?.n ?? 0;
    },

    /**
     * The unit's current ratings (commune and counter) flagged as possibly not honest, counted
     * apart: in all, and per reason (a rating may have several).
     */
    async flaggedCounts(
      unitCode: string,
      bounds: Bounds,
    ): Promise<{ total: number; byFlag: Record<string, number> }> {
      const rows = await prisma.$queryRaw<Array<{ flag: string | null; n: number }>>`
        SELECT f.flag, count(DISTINCT r.id)::int AS n
        FROM ratings r CROSS JOIN LATERAL unnest(r.flags) AS f(flag)
        WHERE r.unit_code = ${unitCode}
          AND r.kind IN ('quick', 'detailed', 'counter') AND r.replaced_at IS NULL
          AND r.created_at >= ${bounds.start}::timestamptz AT TIME ZONE 'UTC'
          AND r.created_at < ${bounds.end}::timestamptz AT TIME ZONE 'UTC'
        GROUP BY ROLLUP (f.flag)`;
      const byFlag: Record<string, number> = {};
      let total = 0;
      for (const row of rows) {
        if (row.flag === null) total = row.n;
        else byFlag[row.flag] = row.n;
      }
      return { total, byFlag };
    },

    /** Counter micro-ratings per counter and item. */
    async counterCounts(unitCode: string, bounds: Bounds): Promise<CounterItemRow[]> {
      return prisma.$queryRaw<CounterItemRow[]>`
        SELECT r.unit_code AS "unitCode", coalesce(r.counter_code, '') AS "counterCode",
          a.item_id AS "itemId",
          count(DISTINCT r.id)::int AS ratings,
          count(a.score)::int AS answered,
          count(*) FILTER (WHERE a.score >= 4)::int AS satisfied,
          count(*) FILTER (WHERE a.score IS NULL)::int AS skipped
        FROM ratings r JOIN rating_answers a ON a.rating_id = r.id
        WHERE r.unit_code = ${unitCode} AND r.kind = 'counter'
          AND r.replaced_at IS NULL AND cardinality(r.flags) = 0
          AND r.created_at >= ${bounds.start}::timestamptz AT TIME ZONE 'UTC'
          AND r.created_at < ${bounds.end}::timestamptz AT TIME ZONE 'UTC'
        GROUP BY 1, 2, 3
        ORDER BY 2, 3`;
    },

    /** Answers of the follow-up item "answer-satisfaction" (how satisfied with the commune's answer). */
    async answerSatisfaction(units: readonly string[], bounds: Bounds): Promise<ItemCountRow[]> {
      return prisma.$queryRaw<ItemCountRow[]>`
        SELECT r.unit_code AS "unitCode", a.item_id AS "itemId",
          count(a.score)::int AS answered,
          count(*) FILTER (WHERE a.score >= 4)::int AS satisfied,
          count(*) FILTER (WHERE a.score IS NULL)::int AS skipped
        FROM ratings r JOIN rating_answers a ON a.rating_id = r.id
        WHERE r.unit_code = ANY(${units as string[]}::text[]) AND r.kind = 'follow-up'
          AND r.created_at >= ${bounds.start}::timestamptz AT TIME ZONE 'UTC'
          AND r.created_at < ${bounds.end}::timestamptz AT TIME ZONE 'UTC'
          AND a.item_id = 'answer-satisfaction'
        GROUP BY 1, 2`;
    },

    /** The multi-select item `itemId`: how many answered it, and how often each choice was picked. */
    async choiceCounts(
      unitCode: string,
      itemId: string,
      bounds: Bounds,
    ): Promise<{ respondents: number; choices: ChoiceCountRow[] }> {
      const [resp] = await prisma.$queryRaw<Array<{ n: number }>>`
        SELECT count(*)::int AS n
        FROM ratings r JOIN rating_answers a ON a.rating_id = r.id
        WHERE r.unit_code = ${unitCode}
          AND r.kind = ANY(${COMMUNE_RATING_KINDS}::text[]) AND r.replaced_at IS NULL AND cardinality(r.flags) = 0
          AND r.created_at >= ${bounds.start}::timestamptz AT TIME ZONE 'UTC'
          AND r.created_at < ${bounds.end}::timestamptz AT TIME ZONE 'UTC'
          AND a.item_id = ${itemId} AND cardinality(a.choices) > 0`;
      const choices = await prisma.$queryRaw<ChoiceCountRow[]>`
        SELECT c.value, count(*)::int AS count
        FROM ratings r JOIN rating_answers a ON a.rating_id = r.id
          CROSS JOIN LATERAL unnest(a.choices) AS c(value)
        WHERE r.unit_code = ${unitCode}
          AND r.kind = ANY(${COMMUNE_RATING_KINDS}::text[]) AND r.replaced_at IS NULL AND cardinality(r.flags) = 0
          AND r.created_at >= ${bounds.start}::timestamptz AT TIME ZONE 'UTC'
          AND r.created_at < ${bounds.end}::timestamptz AT TIME ZONE 'UTC'
          AND a.item_id = ${itemId}
        GROUP BY 1 ORDER BY 2 DESC, 1`;
      return { respondents: resp?.n ?? 0, choices };
    },

    /**
     * The report figures per unit. Received: created in the period. On time: reports with a
     * deadline answered in the period, or still unanswered with a deadline passed within the
     * period (before `now`): the share answered by `due_at`. Answered, reopened, verdicts and
     * the median time to answer: reports answered in the period. Acknowledged: in the period.
     */
    async reportCounts(
      units: readonly string[],
      bounds: Bounds,
      now: Date,
    ): Promise<ReportCountsRow[]> {
      return prisma.$queryRaw<ReportCountsRow[]>`
        WITH s AS (
          SELECT ${bounds.start}::timestamptz AT TIME ZONE 'UTC' AS start,
                 ${bounds.end}::timestamptz AT TIME ZONE 'UTC' AS stop,
                 ${now}::timestamptz AT TIME ZONE 'UTC' AS now
        ),
        r AS (
          SELECT r.* FROM reports r, s
          WHERE r.unit_code = ANY(${units as string[]}::text[])
            AND (
              (r.created_at >= s.start AND r.created_at < s.stop)
              OR (r.resolved_at >= s.start AND r.resolved_at < s.stop)
              OR (r.acknowledged_at >= s.start AND r.acknowledged_at < s.stop)
              OR (r.resolved_at IS NULL AND r.due_at >= s.start AND r.due_at < LEAST(s.stop, s.now))
            )
        )
        SELECT r.unit_code AS "unitCode",
          count(*) FILTER (WHERE r.created_at >= s.start AND r.created_at < s.stop)::int AS received,
          count(*) FILTER (WHERE NOT (r.kind = ANY(${NO_DEADLINE_KINDS}::text[]))
              AND r.resolved_at >= s.start AND r.resolved_at < s.stop
              AND r.resolved_at <= r.due_at)::int AS "onTimeHits",
          count(*) FILTER (WHERE NOT (r.kind = ANY(${NO_DEADLINE_KINDS}::text[])) AND (
              (r.resolved_at >= s.start AND r.resolved_at < s.stop)
              OR (r.resolved_at IS NULL AND r.due_at >= s.start AND r.due_at < LEAST(s.stop, s.now))
            ))::int AS "onTimeN",
          count(*) FILTER (WHERE r.resolved_at >= s.start AND r.resolved_at < s.stop)::int AS answered,
          count(*) FILTER (WHERE r.resolved_at >= s.start AND r.resolved_at < s.stop
              AND r.reopen_count > 0)::int AS reopened,
          (percentile_cont(0.5) WITHIN GROUP (
              ORDER BY extract(epoch FROM r.acknowledged_at - r.created_at) / 3600.0)
            FILTER (WHERE r.acknowledged_at >= s.start AND r.acknowledged_at < s.stop))::float8
            AS "medianAckHours",
          count(*) FILTER (WHERE r.acknowledged_at >= s.start AND r.acknowledged_at < s.stop)::int AS "ackN",
          (percentile_cont(0.5) WITHIN GROUP (
              ORDER BY extract(epoch FROM r.resolved_at - r.created_at) / 3600.0)
            FILTER (WHERE r.resolved_at >= s.start AND r.resolved_at < s.stop))::float8
            AS "medianAnswerHours",
          count(*) FILTER (WHERE r.resolved_at >= s.start AND r.resolved_at < s.stop AND r.verdict = 'yes')::int AS "verdictYes",
          count(*) FILTER (WHERE r.resolved_at >= s.start AND r.resolved_at < s.stop AND r.verdict = 'partly')::int AS "verdictPartly",
          count(*) FILTER (WHERE r.resolved_at >= s.start AND r.resolved_at < s.stop AND r.verdict = 'no')::int AS "verdictNo",
          count(*) FILTER (WHERE r.resolved_at >= s.start AND r.resolved_at < s.stop AND r.verdict = 'none')::int AS "verdictNone",
          count(*) FILTER (WHERE r.resolved_at >= s.start AND r.resolved_at < s.stop AND r.verdict IS NULL)::int AS "verdictWaiting"
        FROM r, s
        GROUP BY r.unit_code`;
    },

    /** Reports received in the period by kind. */
    async reportsByKind(
      unitCode: string,
      bounds: Bounds,
    ): Promise<Array<{ key: string; count: number }>> {
      return prisma.$queryRaw<Array<{ key: string; count: number }>>`
        SELECT kind AS key, count(*)::int AS count FROM reports
        WHERE unit_code = ${unitCode}
          AND created_at >= ${bounds.start}::timestamptz AT TIME ZONE 'UTC'
          AND created_at < ${bounds.end}::timestamptz AT TIME ZONE 'UTC'
        GROUP BY 1 ORDER BY 2 DESC, 1`;
    },

    /** Reports received in the period by category, most first. */
    async reportsByCategory(unitCode: string, bounds: Bounds): Promise<KeyCountRow[]> {
      return prisma.$queryRaw<KeyCountRow[]>`
        SELECT r.category_code AS key, c.name_vi AS "labelVi", count(*)::int AS count
        FROM reports r JOIN categories c ON c.code = r.category_code
        WHERE r.unit_code = ${unitCode}
          AND r.created_at >= ${bounds.start}::timestamptz AT TIME ZONE 'UTC'
          AND r.created_at < ${bounds.end}::timestamptz AT TIME ZONE 'UTC'
        GROUP BY 1, 2 ORDER BY 3 DESC, 1`;
    },

    /** Every report of the unit still waiting for the commune, overdue first, then by deadline. */
    async openReports(unitCode: string, now: Date): Promise<OpenReportDbRow[]> {
      return prisma.$queryRaw<OpenReportDbRow[]>`
        SELECT r.id AS "reportId", r.ticket_code AS "ticketCode", r.category_code AS "categoryCode",
          c.name_vi AS "categoryVi", r.kind, r.status,
          r.created_at AT TIME ZONE 'UTC' AS "createdAt", r.due_at AT TIME ZONE 'UTC' AS "dueAt",
          CASE WHEN EXISTS (SELECT 1 FROM report_events e
                            WHERE e.report_id = r.id AND e.type = ${AWAITING_OFFICIAL_EVENT})
            THEN r.routed_at AT TIME ZONE 'UTC' END AS "lateReceivedAt",
          r.awaiting_official_at AT TIME ZONE 'UTC' AS "awaitingOfficialAt",
          r.anonymous, r.unit_code AS "unitCode", u.province_code AS "provinceCode",
          r.about_official_id AS "aboutOfficialId", r.assigned_official_id AS "assignedOfficialId"
        FROM reports r
          JOIN categories c ON c.code = r.category_code
          JOIN units u ON u.code = r.unit_code
        WHERE r.unit_code = ${unitCode} AND r.status = ANY(${OPEN_STATUSES}::text[])
        ORDER BY (NOT (r.kind = ANY(${NO_DEADLINE_KINDS}::text[])) AND r.awaiting_official_at IS NULL
            AND r.due_at < ${now}::timestamptz AT TIME ZONE 'UTC') DESC,
          r.due_at, r.id`;
    },

    /**
     * The province's open reports waiting for its administrator: parked ones (routing found
     * nobody), and those routing sent to an administrator (the routed event's `toProvince`)
     * still held by one (not passed on since, nor given to a commune official). Longest waiting
     * first. Nothing of the citizen is read.
     */
    async provinceWaiting(provinceCode: string): Promise<ProvinceWaitingDbRow[]> {
      return prisma.$queryRaw<ProvinceWaitingDbRow[]>`
        SELECT r.id AS "reportId", r.ticket_code AS "ticketCode", r.unit_code AS "unitCode",
          u.name AS "unitName", u.province_code AS "provinceCode", c.name_vi AS "categoryVi",
          r.kind, r.status, r.created_at AT TIME ZONE 'UTC' AS "createdAt",
          r.awaiting_official_at AT TIME ZONE 'UTC' AS "awaitingOfficialAt",
          CASE WHEN r.awaiting_official_at IS NOT NULL THEN 'parked' ELSE rt.to_province END AS why,
          coalesce(r.awaiting_official_at, r.routed_at, r.created_at) AT TIME ZONE 'UTC'
            AS "waitingSince",
          r.anonymous, r.about_official_id AS "aboutOfficialId",
          r.assigned_official_id AS "assignedOfficialId"
        FROM reports r
          JOIN units u ON u.code = r.unit_code
          JOIN categories c ON c.code = r.category_code
          LEFT JOIN LATERAL (
            SELECT e.id, e.data->>'toProvince' AS to_province FROM report_events e
            WHERE e.report_id = r.id AND e.type = 'routed' ORDER BY e.id DESC LIMIT 1
          ) rt ON true
        WHERE u.province_code = ${provinceCode} AND r.status = ANY(${OPEN_STATUSES}::text[])
          AND ((r.status = 'submitted' AND r.awaiting_official_at IS NOT NULL)
            OR (rt.to_province IN ('noOfficial', 'aboutChair')
              AND EXISTS (SELECT 1 FROM officials o
                          WHERE o.id = r.assigned_official_id AND o.role = 'admin')
              AND NOT EXISTS (SELECT 1 FROM report_events p
                              WHERE p.report_id = r.id AND p.id > rt.id AND p.type = 'passed')))
        ORDER BY "waitingSince", r.id`;
    },

    /** The latest answered reports that may be shown in public (never khiếu nại or tố cáo). */
    async latestAnswered(unitCode: string, limit: number): Promise<AnsweredReportRow[]> {
      return prisma.$queryRaw<AnsweredReportRow[]>`
        SELECT c.name_vi AS "categoryVi", r.created_at AT TIME ZONE 'UTC' AS "createdAt",
          r.resolved_at AT TIME ZONE 'UTC' AS "resolvedAt", r.result_type AS "resultType", r.status
        FROM reports r JOIN categories c ON c.code = r.category_code
        WHERE r.unit_code = ${unitCode} AND r.resolved_at IS NOT NULL
          AND NOT (r.kind = ANY(${NEVER_PUBLIC_KINDS}::text[]))
        ORDER BY r.resolved_at DESC, r.id DESC
        LIMIT ${limit}`;
    },
  };
}

/** Implements the judgement's read port (app/ports/judgement-readings.ts). */
export type JudgementQueries = Implements<
  ReturnType<typeof createJudgementQueries>,
  JudgementReadings
>;
