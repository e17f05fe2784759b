/**
 * What Open311 reads and writes: client keys (only their SHA-256 is stored), the public reports
 * and their updates, and the answers connected systems post. Which reports are public is
 * core/public-reports.ts's rule; the queries below apply it in SQL (kind and the citizen's
 * choice) and the app checks it again on every row before anything leaves.
 */
import { MAY_BE_PUBLIC_KINDS } from '../core/public-reports.ts';
import type { PrismaClient } from './generated/prisma/client.ts';
import { isUniqueViolation } from './prisma-errors.ts';
import type { Implements } from './implements.ts';
import type {
  Open311KeyRecord,
  Open311Store,
  PublicEventRow,
  PublicReportFilter,
  PublicReportRow,
  InboundUpdate,
  InboundUpdateOutcome,
} from '../app/ports/open311-store.ts';

export function createOpen311Repository(prisma: PrismaClient) {
  const selectPublic = {
    id: true,
    ticketCode: true,
    kind: true,
    isPublic: true,
    status: true,
    categoryCode: true,
    unitCode: true,
    text: true,
    latitude: true,
    longitude: true,
    address: true,
    createdAt: true,
    updatedAt: true,
    dueAt: true,
    resolvedAt: true,
    resultType: true,
    category: { select: { nameVi: true } },
    attachments: {
      where: { threadMessageId: null, kind: 'photo' },
      orderBy: { id: 'asc' },
      take: 1,
      select: { fileId: true },
    },
    events: {
      where: { type: 'resolved' },
      orderBy: { id: 'desc' },
      take: 1,
      select: { data: true },
    },
  } as const;

  return {
    async addKey(input: {
      name: string;
      keyHash: string;
      unitCode?: string;
      provinceCode?: string;
    }): Promise<Open311KeyRecord> {
      return prisma.open311Key.create({
        data: {
          name: input.name,
          keyHash: input.keyHash,
          unitCode: input.unitCode ?? null,
          provinceCode: input.provinceCode ?? null,
        },
        select: keyFields,
      });
    },

    async listKeys(): Promise<Open311KeyRecord[]> {
      return prisma.open311Key.findMany({ orderBy: { id: 'asc' }, select: keyFields });
    },

    /** Revokes a key once; false when there is no such key or it was revoked already. */
    async revokeKey(id: number, now: Date): Promise<boolean> {
      const r = await prisma.open311Key.updateMany({
        where: { id, revokedAt: null },
        data: { revokedAt: now },
      });
      return r.count === 1;
    },

    /** The active key with this hash. */
    async activeKeyByHash(keyHash: string): Promise<Open311KeyRecord | undefined> {
      const row = await prisma.open311Key.findFirst({
        where: { keyHash, revokedAt: null },
        select: keyFields,
      });
      return row ?? undefined;
    },

    /** Reports the citizen made public, of kinds that may be (the rule is checked again above). */
    async publicReports(filter: PublicReportFilter): Promise<PublicReportRow[]> {
      const rows = await prisma.report.findMany({
        where: {
          isPublic: true,
          kind: { in: [...MAY_BE_PUBLIC_KINDS] },
          createdAt: { gte: filter.start, lt: filter.end },
          ...(filter.ticketCodes ? { ticketCode: { in: [...filter.ticketCodes] } } : {}),
          ...(filter.categoryCode ? { categoryCode: filter.categoryCode } : {}),
          ...(filter.unitCodes ? { unitCode: { in: [...filter.unitCodes] } } : {}),
          ...(filter.statuses ? { status: { in: [...filter.statuses] } } : {}),
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: filter.limit,
        skip: filter.offset,
        select: selectPublic,
      });
      const units = await unitNames(
        prisma,
        rows.map((r) => r.unitCode),
      );
      return rows.map((r) => ({
        id: r.id,
        ticketCode: r.ticketCode,
        kind: r.kind,
        isPublic: r.isPublic,
        status: r.status,
        categoryCode: r.categoryCode,
        categoryVi: r.category.nameVi,
        unitCode: r.unitCode,
        unitName: units.get(r.unitCode) ?? r.unitCode,
        text: r.text,
        latitude: r.latitude,
        longitude: r.longitude,
        address: r.address,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        dueAt: r.dueAt,
        resolvedAt: r.resolvedAt,
        resultType: r.resultType,
        answer: answerOf(r.events[0]?.data),
        firstPhotoFileId: r.attachments[0]?.fileId ?? null,
      }));
    },

    /** Changes of public reports in [start, end), oldest first. */
    async publicEvents(filter: {
      start: Date;
      end: Date;
      types: readonly string[];
      limit: number;
    }): Promise<PublicEventRow[]> {
      const rows = await prisma.reportEvent.findMany({
        where: {
          createdAt: { gte: filter.start, lt: filter.end },
          type: { in: [...filter.types] },
          report: { isPublic: true, kind: { in: [...MAY_BE_PUBLIC_KINDS] } },
        },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: filter.limit,
        select: {
          id: true,
          type: true,
          data: true,
          createdAt: true,
          report: {
            select: {
              id: true,
              ticketCode: true,
              kind: true,
              isPublic: true,
              unitCode: true,
              attachments: {
                where: { threadMessageId: null, kind: 'photo' },
                orderBy: { id: 'asc' },
                take: 1,
                select: { fileId: true },
              },
            },
          },
        },
      });
      // One look-up for the page's units, as for the requests (reports have no unit relation).
      const units = await unitNames(
        prisma,
        rows.map((e) => e.report.unitCode),
      );
      return rows.map((e) => ({
        eventId: e.id,
        reportId: e.report.id,
        ticketCode: e.report.ticketCode,
        kind: e.report.kind,
        isPublic: e.report.isPublic,
        unitName: units.get(e.report.unitCode) ?? e.report.unitCode,
        type: e.type,
        data: (e.data ?? {}) as Record<string, unknown>,
        createdAt: e.createdAt,
        firstPhotoFileId: e.report.attachments[0]?.fileId ?? null,
      }));
    },

    /** The unit and province of a report, for a key's scope; undefined for an unknown ticket. */
    async reportScope(
      ticketCode: string,
    ): Promise<{ id: number; unitCode: string; provinceCode: string } | undefined> {
      const r = await prisma.report.findUnique({
        where: { ticketCode },
        select: { id: true, unitCode: true },
      });
      if (!r) return undefined;
      const unit = await prisma.unit.findUnique({
        where: { code: r.unitCode },
        select: { provinceCode: true },
      });
      return { id: r.id, unitCode: r.unitCode, provinceCode: unit?.provinceCode ?? '' };
    },

    /**
     * Records a posted update, with its thread message and event, once per key and update_id:
     * 'duplicate' when that update was received before (nothing written).
     */
    async recordInboundUpdate(input: InboundUpdate): Promise<InboundUpdateOutcome> {
      try {
        return await prisma.$transaction(async (tx) => {
          const message = await tx.threadMessage.create({
            data: {
              reportId: input.reportId,
              direction: 'out',
              authorKind: 'system',
              text: input.text,
              createdAt: input.at,
            },
          });
          await tx.open311InboundUpdate.create({
            data: {
              keyId: input.keyId,
              updateId: input.updateId,
              reportId: input.reportId,
              threadMessageId: message.id,
              status: input.status,
              createdAt: input.at,
            },
          });
          const event = await tx.reportEvent.create({
            data: {
              reportId: input.reportId,
              type: 'open311-update',
              actorKind: 'system',
              data: {
                keyId: input.keyId,
                updateId: input.updateId,
                status: input.status,
                answer: input.text,
              },
              createdAt: input.at,
            },
          });
          return { type: 'recorded' as const, threadMessageId: message.id, eventId: event.id };
        });
      } catch (err) {
        if (isUniqueViolation(err)) return { type: 'duplicate' };
        throw err;
      }
    },
  };
}

/** Implements Open311's store (app/ports/open311-store.ts) and the admin's key commands. */
export type Open311Repository = Implements<
  ReturnType<typeof createOpen311Repository>,
  Open311Store
>;

const keyFields = {
  id: true,
  name: true,
  unitCode: true,
  provinceCode: true,
  createdAt: true,
  revokedAt: true,
} as const;

async function unitNames(prisma: PrismaClient, codes: string[]): Promise<Map<string, string>> {
  const rows = await prisma.unit.findMany({
    where: { code: { in: [...new Set(codes)] } },
    select: { code: true, name: true },
  });
  return new Map(rows.map((u) => [u.code, u.name]));
}

function answerOf(data: unknown): string | null {
  if (data && typeof data === 'object' && 'answer' in data) {
    const answer = data.answer;
    return typeof answer === 'string' ? answer : null;
  }
  return null;
}
