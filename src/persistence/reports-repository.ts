/**
 * Reports as the domain sees them. Submission is one transaction (ticket number, report,
 * attachments, first event) keyed by the conversation run, so a retried submit returns the
 * report already committed instead of a second one.
 */
import type { Prisma, PrismaClient } from './generated/prisma/client.ts';
import { isUniqueViolation } from './prisma-errors.ts';
import type { Implements } from './implements.ts';
import type {
  CitizenReports,
  NewReport,
  ReportSubmission,
  ReportSummary,
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
    ...(r.messages[0] ? { lastAnswer: r.messages[0].text } : {}),
  };
}

export function createReportsRepository(prisma: PrismaClient) {
  return {
    async submit(input: NewReport): Promise<SubmittedReport> {
      const existing = await prisma.report.findUnique({
        where: { submissionKey: input.submissionKey },
      });
      if (existing)
        return {
          id: existing.id,
          ticketCode: existing.ticketCode,
          dueAt: existing.dueAt,
          created: false,
        };
      try {
        return await prisma.$transaction(async (tx) => {
          const counter = await tx.counter.upsert({
            where: { name: `ticket-${input.ticketPrefix}-${input.year}` },
            create: { name: `ticket-${input.ticketPrefix}-${input.year}`, value: 1 },
            update: { value: { increment: 1 } },
          });
          const report = await tx.report.create({
            data: {
              ticketCode: input.makeTicketCode(counter.value),
              submissionKey: input.submissionKey,
              citizenId: input.citizenId,
              unitCode: input.unitCode,
              categoryCode: input.categoryCode,
              kind: input.kind,
              text: input.text,
              latitude: input.latitude ?? null,
              longitude: input.longitude ?? null,
              address: input.address ?? null,
              anonymous: input.anonymous,
              isPublic: input.isPublic ?? false,
              contactPhone: input.contactPhone ?? null,
              flowId: input.flowId,
              flowVersion: input.flowVersion,
              dueAt: input.dueAt,
              attachments: {
                create: [
                  ...input.photos.map((p) => ({
                    kind: 'photo',
                    fileId: p.fileId,
                    fileUniqueId: p.fileUniqueId ?? null,
                    size: p.size ?? null,
                  })),
                  ...(input.voice
                    ? [
                        {
                          kind: 'voice',
                          fileId: input.voice.fileId,
                          fileUniqueId: input.voice.fileUniqueId ?? null,
                          mimeType: input.voice.mimeType ?? null,
                          size: input.voice.size ?? null,
                        },
                      ]
                    : []),
                ],
              },
              events: {
                create: {
                  type: 'submitted',
                  actorKind: 'citizen',
                  actorId: input.citizenId,
                  ...(input.complainant || input.origin
                    ? {
                        data: {
                          ...(input.complainant ? { complainant: input.complainant } : {}),
                          ...(input.origin ? { origin: input.origin } : {}),
                        },
                      }
                    : {}),
                },
              },
            },
          });
          await tx.citizen.update({
            where: { id: input.citizenId },
            data: { lastUnitCode: input.unitCode },
          });
          return {
            id: report.id,
            ticketCode: report.ticketCode,
            dueAt: report.dueAt,
            created: true,
          };
        });
      } catch (err) {
        // Two deliveries of the same submit raced: the other one committed it.
        if (isUniqueViolation(err)) {
          const row = await prisma.report.findUniqueOrThrow({
            where: { submissionKey: input.submissionKey },
          });
          return { id: row.id, ticketCode: row.ticketCode, dueAt: row.dueAt, created: false };
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
    async findForCitizen(
      citizenId: number,
      ticketCode: string,
    ): Promise<ReportSummary | undefined> {
      const r = await prisma.report.findFirst({
        where: { ticketCode, ...mineOrFollowed(citizenId) },
        include: WITH_LAST_ANSWER,
      });
      return r ? toSummary(r, citizenId) : undefined;
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
