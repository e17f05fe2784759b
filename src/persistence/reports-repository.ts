/**
 * Reports as the domain sees them. Submission is one transaction (ticket number, report,
 * attachments, first event) keyed by the conversation run, so a retried submit returns the
 * report already committed instead of a second one.
 */
import type { Prisma, PrismaClient } from './generated/prisma/client.ts';
import { isUniqueViolation } from './prisma-errors.ts';
import type { Implements } from './implements.ts';
import { plainSqlFor } from './plain-sql.ts';
import { TICKET_MAX_SEQ, TICKET_SEQ_WIDTH, ticketCodeHead } from '../core/ticket-code.ts';
import type {
  CitizenReports,
  NewReport,
  ReportSubmission,
  ReportSummary,
  ReportView,
  SubmittedReport,
} from '../app/ports/citizen-reports.ts';

/** The newest answer officials sent on a report, for the citizen's list. */
const WITH_LAST_ANSWER = {
  messages: {
    where: { direction: 'out', deletedAt: null },
    orderBy: { id: 'desc' },
    take: 1,
  },
  category: { select: { nameVi: true } },
} satisfies Prisma.ReportInclude;

/** The citizen's own reports and the ones they follow. */
const mineOrFollowed = (citizenId: number) =>
  ({
    OR: [{ citizenId }, { followers: { some: { citizenId } } }],
  }) satisfies Prisma.ReportWhereInput;

function toSummary(
  r: Prisma.ReportGetPayload<{ include: typeof WITH_LAST_ANSWER }>,
  citizenId: number,
): ReportSummary {
  const followed = r.citizenId !== citizenId;
  return {
    id: r.id,
    ticketCode: r.ticketCode,
    status: r.status,
    kind: r.kind,
    categoryCode: r.categoryCode,
    unitCode: r.unitCode,
    text: followed ? r.category.nameVi : r.text,
    followed,
    dueAt: r.dueAt,
    createdAt: r.createdAt,
    awaitingOfficialAt: r.awaitingOfficialAt,
    ...(r.messages[0] ? { lastAnswer: r.messages[0].text } : {}),
  };
}

/**
 * A committed report as submit answers it: its due date as UTC text (the column is a `timestamp`
 * holding UTC; read as text, the process's time zone cannot shift it).
 */
const COMMITTED = `id, ticket_code AS "ticketCode",
  to_char(due_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "dueAt"`;
interface Committed {
  id: number;
  ticketCode: string;
  dueAt: string;
}
const committed = (r: Committed) => ({
  id: r.id,
  ticketCode: r.ticketCode,
  dueAt: new Date(r.dueAt),
});

export function createReportsRepository(prisma: PrismaClient) {
  const sql = plainSqlFor(prisma);
  return {
    async submit(input: NewReport): Promise<SubmittedReport> {
      // Once a report, on the pg pool in one statement (bench:intake): the
      // ORM's version made nine round trips (the key's lookup, BEGIN, the counter, the report,
      // the report read again, its attachments, its event, the citizen, COMMIT). Timestamps are
      // written as UTC, as Prisma writes them into these `timestamp` columns.
      const now = new Date().toISOString();
      const files = [
        ...input.photos.map((p) => ({ kind: 'photo', ...p, mimeType: undefined })),
        ...(input.voice ? [{ kind: 'voice', ...input.voice }] : []),
      ];
      const data = {
        ...(input.complainant ? { complainant: input.complainant } : {}),
        ...(input.origin ? { origin: input.origin } : {}),
      };
      try {
        // One statement, so one atomic commit: the key's report if it was committed already;
        // else the next ticket number (the counter's row stays locked until the commit, so
        // numbers have no gaps), the report, its attachments in order, its first event and the
        // citizen's commune. It was BEGIN, two statements and COMMIT: four round trips, with
        // the counter locked across them while other citizens' reports waited for it.
        const { rows } = await sql.query<{ existing: Committed | null; report: Committed | null }>(
          'gopy_report_submit',
          `WITH existing AS (
             SELECT ${COMMITTED} FROM reports WHERE submission_key = $2
           ), counter AS (
             INSERT INTO counters (name, value)
             SELECT $24, 1 WHERE NOT EXISTS (SELECT 1 FROM existing)
             ON CONFLICT (name) DO UPDATE SET value = counters.value + 1
             RETURNING value
           ), report AS (
             INSERT INTO reports (ticket_code, submission_key, citizen_id, unit_code,
               category_code, kind, text, latitude, longitude, address, anonymous, is_public,
               contact_phone, flow_id, flow_version, due_at, created_at, updated_at)
             SELECT $1::text || lpad(value::text, greatest($25::int, length(value::text)), '0'),
                    $2::text, $3::int, $4::text, $5::text, $6::text, $7::text, $8::float8,
                    $9::float8, $10::text, $11::boolean, $12::boolean, $13::text, $14::text,
                    $15::int, $16::timestamptz AT TIME ZONE 'UTC',
                    $17::timestamptz AT TIME ZONE 'UTC', $17::timestamptz AT TIME ZONE 'UTC'
               FROM counter WHERE value <= $26::int
             RETURNING ${COMMITTED}
           ), files AS (
             INSERT INTO attachments (report_id, kind, file_id, file_unique_id, mime_type, size,
               created_at)
             SELECT report.id, f.kind, f.file_id, f.file_unique_id, f.mime_type, f.size,
                    $17::timestamptz AT TIME ZONE 'UTC'
               FROM report,
                    unnest($18::text[], $19::text[], $20::text[], $21::text[], $22::int[])
                      WITH ORDINALITY AS f(kind, file_id, file_unique_id, mime_type, size, n)
              ORDER BY f.n
           ), event AS (
             INSERT INTO report_events (report_id, type, actor_kind, actor_id, data, created_at)
             SELECT id, 'submitted', 'citizen', $3, $23::jsonb,
                    $17::timestamptz AT TIME ZONE 'UTC'
               FROM report
           ), citizen AS (
             UPDATE citizens SET last_unit_code = $4
              WHERE id = $3 AND EXISTS (SELECT 1 FROM report)
           )
           SELECT (SELECT to_jsonb(existing) FROM existing) AS existing,
                  (SELECT to_jsonb(report) FROM report) AS report`,
          [
            ticketCodeHead(input.ticketPrefix, input.year),
            input.submissionKey,
            input.citizenId,
            input.unitCode,
            input.categoryCode,
            input.kind,
            input.text,
            input.latitude ?? null,
            input.longitude ?? null,
            input.address ?? null,
            input.anonymous,
            input.isPublic ?? false,
            input.contactPhone ?? null,
            input.flowId,
            input.flowVersion,
            input.dueAt.toISOString(),
            now,
            files.map((f) => f.kind),
            files.map((f) => f.fileId),
            files.map((f) => f.fileUniqueId ?? null),
            files.map((f) => f.mimeType ?? null),
            files.map((f) => f.size ?? null),
            JSON.stringify(data),
            `ticket-${input.ticketPrefix}-${input.year}`,
            TICKET_SEQ_WIDTH,
            TICKET_MAX_SEQ,
          ],
        );
        const { existing, report } = rows[0] ?? {};
        if (existing) return { ...committed(existing), created: false };
        // Past the last number the counter moved and nothing was written: a bug to hear of.
        if (!report) throw new Error(`submit: no ticket number left for ${input.ticketPrefix}`);
        return { ...committed(report), created: true };
      } catch (err) {
        // Two deliveries of the same submit raced: the other one committed it.
        if (isUniqueViolation(err)) {
          const { rows } = await sql.query<{ report: Committed }>(
            'gopy_report_by_submission_key',
            `SELECT to_jsonb(r) AS report
               FROM (SELECT ${COMMITTED} FROM reports WHERE submission_key = $1) r`,
            [input.submissionKey],
          );
          if (rows[0]) return { ...committed(rows[0].report), created: false };
        }
        throw err;
      }
    },

    /** The citizen's own reports, newest first. */
    /** The citizen's own reports and those they follow, newest first. */
    async listForCitizen(citizenId: number, limit = 10): Promise<ReportSummary[]> {
      const rows = await prisma.report.findMany({
        where: mineOrFollowed(citizenId),
        orderBy: { id: 'desc' },
        take: limit,
        include: WITH_LAST_ANSWER,
      });
      return rows.map((r) => toSummary(r, citizenId));
    },

    /**
     * One of the citizen's own or followed reports by ticket code; undefined for anyone else's.
     */
    async findForCitizen(citizenId: number, ticketCode: string): Promise<ReportView | undefined> {
      const r = await prisma.report.findFirst({
        where: { ticketCode, ...mineOrFollowed(citizenId) },
        include: WITH_LAST_ANSWER,
      });
      if (!r) return undefined;
      // The schema has no relation from reports to units to include: one look-up by primary
      // key, for the one ticket opened (the list, which names no unit, does without).
      const unit = await prisma.unit.findUnique({
        where: { code: r.unitCode },
        select: { name: true },
      });
      return { ...toSummary(r, citizenId), unitName: unit?.name ?? r.unitCode };
    },

    /** The conversation the citizen may see: no private notes, no deleted messages. */
    async threadForCitizen(
      reportId: number,
    ): Promise<Array<{ direction: string; text: string; createdAt: Date }>> {
      return prisma.threadMessage.findMany({
        where: { reportId, direction: { in: ['in', 'out'] }, deletedAt: null },
        orderBy: { id: 'asc' },
        select: { direction: true, text: true, createdAt: true },
      });
    },

    /** Ids of reports committed but never routed, older than `olderThan` (for the sweep). */
    async unrouted(olderThan: Date, limit = 500): Promise<number[]> {
      const rows = await prisma.report.findMany({
        where: { status: 'submitted', createdAt: { lt: olderThan } },
        select: { id: true },
        orderBy: { id: 'asc' },
        take: limit,
      });
      return rows.map((r) => r.id);
    },
  };
}

/** Implements submission and the citizen's view of their reports (app/ports/citizen-reports.ts). */
export type ReportsRepository = Implements<
  ReturnType<typeof createReportsRepository>,
  ReportSubmission & CitizenReports
>;
