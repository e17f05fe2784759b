/**
 * Read-only figures for operations (Prometheus gauges and the alert-latency histogram). Each is
 * one aggregate query, cheap enough to run at every scrape; results are bounded in size (per
 * province, or the top few communes) so the metrics' label sets stay small.
 */
import type { PrismaClient } from './generated/prisma/client.ts';
import { plainSqlFor } from './plain-sql.ts';

export interface ProvinceReportCounts {
  provinceCode: string;
  open: number;
  overdue: number;
}

export interface CommuneOverdue {
  unitCode: string;
  overdue: number;
}

export interface OperationsStatsRepository {
  /** Reports in `statuses`, and those of them past their due time at `now`, per province. */
  openByProvince(statuses: readonly string[], now: Date): Promise<ProvinceReportCounts[]>;
  /** The `limit` communes with the most overdue reports (ties by code), none with zero. */
  topOverdueCommunes(
    statuses: readonly string[],
    now: Date,
    limit: number,
  ): Promise<CommuneOverdue[]>;
  /**
   * Milliseconds from the report's commit to this delivery's send, when this delivery is the
   * first alert about its report that reached an official; undefined otherwise (a later alert,
   * a reminder, an escalation, or not an alert at all). Two alerts sent at once agree on which
   * one was first, so a report is counted once.
   */
  firstAlertLatencyMs(deliveryId: number): Promise<number | undefined>;
}

export function createOperationsStatsRepository(prisma: PrismaClient): OperationsStatsRepository {
  const sql = plainSqlFor(prisma);
  return {
    async openByProvince(statuses, now) {
      const rows = await prisma.$queryRaw<
        Array<{ province_code: string; open: number; overdue: number }>
      >`
        SELECT u.province_code,
               count(*)::int AS open,
               count(*) FILTER (WHERE r.due_at < ${now})::int AS overdue
          FROM reports r JOIN units u ON u.code = r.unit_code
         WHERE r.status = ANY(${[...statuses]}::text[])
         GROUP BY u.province_code
         ORDER BY u.province_code`;
      return rows.map((r) => ({ provinceCode: r.province_code, open: r.open, overdue: r.overdue }));
    },

    async topOverdueCommunes(statuses, now, limit) {
      const rows = await prisma.$queryRaw<Array<{ unit_code: string; overdue: number }>>`
        SELECT r.unit_code, count(*)::int AS overdue
          FROM reports r
         WHERE r.status = ANY(${[...statuses]}::text[]) AND r.due_at < ${now}
         GROUP BY r.unit_code
         ORDER BY overdue DESC, r.unit_code
         LIMIT ${limit}`;
      return rows.map((r) => ({ unitCode: r.unit_code, overdue: r.overdue }));
    },

    // After every alert sent (delivery-outcomes.ts): a prepared statement on the pg pool.
    async firstAlertLatencyMs(deliveryId) {
      const { rows } = await sql.query<{ ms: number | null }>(
        'gopy_first_alert_latency',
        `SELECT (extract(epoch FROM (d.sent_at - r.created_at)) * 1000)::float8 AS ms
           FROM deliveries d JOIN reports r ON r.id = d.report_id
          WHERE d.id = $1::int AND d.state = 'sent'
            AND d.payload->'link'->>'kind' = 'alert'
            AND d.id = (SELECT f.id FROM deliveries f
                         WHERE f.report_id = d.report_id AND f.state = 'sent'
                           AND f.payload->'link'->>'kind' = 'alert'
                         ORDER BY f.sent_at, f.id LIMIT 1)`,
        [deliveryId],
      );
      const [row] = rows;
      return row?.ms ?? undefined;
    },
  };
}
