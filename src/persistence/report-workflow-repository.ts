/**
 * What routing and the officials' actions read and change about a report. Every change is a
 * conditional update on the expected status (the count says who won, so a retried job or a
 * double tap changes nothing twice) plus an event row in the same transaction: the audit trail.
 * The citizen's identity is dropped here for anonymous reports, so it cannot reach officials.
 */
import type { Prisma, PrismaClient } from './generated/prisma/client.ts';

export interface ReportForOfficials {
  id: number;
  ticketCode: string;
  kind: string;
  status: string;
  unitCode: string;
  unitName: string;
  provinceCode: string;
  provinceName: string;
  categoryCode: string;
  categoryName: string;
  onSite: boolean;
  text: string;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  photoFileIds: string[];
  anonymous: boolean;
  /** Undefined for anonymous reports and sealed kinds: officials never see who sent it. */
  citizen?: { displayName: string | null; username: string | null; phone: string | null };
  /** Where to answer the citizen (never shown to officials). */
  citizenChatId: string | null;
  citizenLang: string;
  aboutOfficialId: number | null;
  assignedPositionId: number | null;
  assignedOfficialId: number | null;
  escalationLevel: number;
  reopenCount: number;
  dueAt: Date;
  extendedAt: Date | null;
  createdAt: Date;
}

export interface ReportChange {
  status?: string;
  assignedPositionId?: number | null;
  assignedOfficialId?: number | null;
  escalationLevel?: number;
  dueAt?: Date;
  remindedAt?: Date | null;
  routedAt?: Date;
  acknowledgedAt?: Date;
  resolvedAt?: Date;
  closedAt?: Date;
  extendedAt?: Date;
  reopenCount?: number;
  resultType?: string;
  verdict?: string;
}

export interface ReportEventInput {
  type: string;
  actorKind: 'citizen' | 'official' | 'system';
  actorId?: number;
  data?: Record<string, unknown>;
}

export interface ThreadEntry {
  id: number;
  direction: 'in' | 'out' | 'note';
  authorKind: string;
  authorId: number | null;
  text: string;
  photoFileIds: string[];
  createdAt: Date;
  deletedAt: Date | null;
}

export function createReportWorkflowRepository(prisma: PrismaClient) {
  async function load(
    where: Prisma.ReportWhereUniqueInput,
  ): Promise<ReportForOfficials | undefined> {
    const r = await prisma.report.findUnique({
      where,
      include: {
        category: true,
        citizen: true,
        attachments: { where: { threadMessageId: null }, orderBy: { id: 'asc' } },
      },
    });
    if (!r) return undefined;
    const unit = await prisma.unit.findUnique({
      where: { code: r.unitCode },
      include: { province: true },
    });
    // A tố cáo's denouncer is sealed from everyone, like an anonymous citizen.
    const sealed = r.anonymous || r.kind === 'to-cao';
    return {
      id: r.id,
      ticketCode: r.ticketCode,
      kind: r.kind,
      status: r.status,
      unitCode: r.unitCode,
      unitName: unit?.name ?? r.unitCode,
      provinceCode: unit?.provinceCode ?? '',
      provinceName: unit?.province.name ?? '',
      categoryCode: r.categoryCode,
      categoryName: r.category.nameVi,
      onSite: r.category.onSite,
      text: r.text,
      latitude: r.latitude,
      longitude: r.longitude,
      address: r.address,
      photoFileIds: r.attachments.map((a) => a.fileId),
      anonymous: r.anonymous,
      citizen: sealed
        ? undefined
        : {
            displayName: r.citizen.displayName,
            username: r.citizen.username,
            phone: r.contactPhone ?? r.citizen.phone,
          },
      citizenChatId: r.citizen.chatId,
      citizenLang: r.citizen.language,
      aboutOfficialId: r.aboutOfficialId,
      assignedPositionId: r.assignedPositionId,
      assignedOfficialId: r.assignedOfficialId,
      escalationLevel: r.escalationLevel,
      reopenCount: r.reopenCount,
      dueAt: r.dueAt,
      extendedAt: r.extendedAt,
      createdAt: r.createdAt,
    };
  }

  return {
    get: (id: number) => load({ id }),
    getByTicket: (ticketCode: string) => load({ ticketCode }),

    /**
     * Applies `change` only while the report is in one of `fromStatuses`, and records the event
     * in the same transaction. False: someone else changed it first (nothing written).
     */
    async change(
      id: number,
      fromStatuses: readonly string[],
      change: ReportChange,
      event: ReportEventInput,
    ): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const updated = await tx.report.updateMany({
          where: { id, status: { in: [...fromStatuses] } },
          data: change,
        });
        if (updated.count !== 1) return false;
        await tx.reportEvent.create({
          data: {
            reportId: id,
            type: event.type,
            actorKind: event.actorKind,
            actorId: event.actorId ?? null,
            data: (event.data ?? {}) as Prisma.InputJsonValue,
          },
        });
        return true;
      });
    },

    async addThreadMessage(input: {
      reportId: number;
      direction: 'in' | 'out' | 'note';
      authorKind: 'citizen' | 'official' | 'system';
      authorId?: number;
      text: string;
      photoFileIds?: string[];
      sourceChatId?: string;
      sourceMessageId?: number;
    }): Promise<number> {
      const row = await prisma.threadMessage.create({
        data: {
          reportId: input.reportId,
          direction: input.direction,
          authorKind: input.authorKind,
          authorId: input.authorId ?? null,
          text: input.text,
          sourceChatId: input.sourceChatId ?? null,
          sourceMessageId: input.sourceMessageId ?? null,
          attachments: {
            create: (input.photoFileIds ?? []).map((fileId) => ({
              reportId: input.reportId,
              kind: 'photo',
              fileId,
            })),
          },
        },
      });
      return row.id;
    },

    async thread(reportId: number, includeNotes: boolean): Promise<ThreadEntry[]> {
      const rows = await prisma.threadMessage.findMany({
        where: { reportId, ...(includeNotes ? {} : { direction: { in: ['in', 'out'] } }) },
        orderBy: { id: 'asc' },
        include: { attachments: true },
      });
      return rows.map((m) => ({
        id: m.id,
        direction: m.direction as ThreadEntry['direction'],
        authorKind: m.authorKind,
        authorId: m.authorId,
        text: m.text,
        photoFileIds: m.attachments.map((a) => a.fileId),
        createdAt: m.createdAt,
        deletedAt: m.deletedAt,
      }));
    },

    async citizenIdOf(reportId: number): Promise<number> {
      const r = await prisma.report.findUniqueOrThrow({
        where: { id: reportId },
        select: { citizenId: true },
      });
      return r.citizenId;
    },

    /** Marks a relayed message edited or deleted at its source. */
    async editThreadMessageAtSource(
      chatId: string,
      messageId: number,
      change: { text?: string; deleted?: boolean },
      now: Date,
    ): Promise<{ reportId: number; direction: string } | undefined> {
      const row = await prisma.threadMessage.findFirst({
        where: { sourceChatId: chatId, sourceMessageId: messageId },
      });
      if (!row) return undefined;
      await prisma.threadMessage.update({
        where: { id: row.id },
        data: change.deleted
          ? { deletedAt: now }
          : { text: change.text ?? row.text, editedAt: now },
      });
      return { reportId: row.reportId, direction: row.direction };
    },

    async linkMessage(link: {
      chatId: string;
      messageId: number;
      reportId: number;
      officialId?: number;
      kind: string;
    }): Promise<void> {
      await prisma.alertLink.createMany({
        data: [
          {
            chatId: link.chatId,
            messageId: link.messageId,
            reportId: link.reportId,
            officialId: link.officialId ?? null,
            kind: link.kind,
          },
        ],
        skipDuplicates: true,
      });
    },

    async findLink(
      chatId: string,
      messageId: number,
    ): Promise<{ reportId: number; kind: string; officialId: number | null } | undefined> {
      const row = await prisma.alertLink.findUnique({
        where: { channel_chatId_messageId: { channel: 'telegram', chatId, messageId } },
      });
      return row
        ? { reportId: row.reportId, kind: row.kind, officialId: row.officialId }
        : undefined;
    },

    /** The alert messages of a report (to edit them when its status changes). */
    async alertMessages(reportId: number): Promise<Array<{ chatId: string; messageId: number }>> {
      const rows = await prisma.alertLink.findMany({
        where: { reportId, kind: 'alert' },
        orderBy: { id: 'asc' },
      });
      return rows.map((r) => ({ chatId: r.chatId, messageId: r.messageId }));
    },

    unrouted: async (olderThan: Date, limit = 500) =>
      (
        await prisma.report.findMany({
          where: { status: 'submitted', createdAt: { lt: olderThan } },
          select: { id: true },
          orderBy: { id: 'asc' },
          take: limit,
        })
      ).map((r) => r.id),

    /** Open reports whose reminder is due (not reminded yet, due within `before`). */
    dueForReminder: async (now: Date, within: Date) =>
      (
        await prisma.report.findMany({
          where: {
            status: { in: ['routed', 'acknowledged', 'assigned', 'reopened'] },
            remindedAt: null,
            dueAt: { gt: now, lte: within },
          },
          select: { id: true },
          take: 500,
        })
      ).map((r) => r.id),

    overdue: async (now: Date) =>
      (
        await prisma.report.findMany({
          where: {
            status: { in: ['routed', 'acknowledged', 'assigned', 'reopened'] },
            dueAt: { lte: now },
          },
          select: { id: true },
          take: 500,
        })
      ).map((r) => r.id),

    /** Resolved reports the citizen never judged, resolved before `before`. */
    awaitingVerdictSince: async (before: Date) =>
      (
        await prisma.report.findMany({
          where: { status: 'resolved', resolvedAt: { lte: before } },
          select: { id: true },
          take: 500,
        })
      ).map((r) => r.id),

    /** Counts and medians for /stats. */
    async unitStats(unitCode: string, monthStart: Date, now: Date) {
      const open = await prisma.report.count({
        where: {
          unitCode,
          status: { in: ['submitted', 'routed', 'acknowledged', 'assigned', 'reopened'] },
        },
      });
      const overdue = await prisma.report.count({
        where: {
          unitCode,
          status: { in: ['routed', 'acknowledged', 'assigned', 'reopened'] },
          dueAt: { lt: now },
        },
      });
      const resolvedRows = await prisma.report.findMany({
        where: { unitCode, resolvedAt: { gte: monthStart } },
        select: { createdAt: true, resolvedAt: true, acknowledgedAt: true },
      });
      const ackRows = await prisma.report.findMany({
        where: { unitCode, acknowledgedAt: { gte: monthStart } },
        select: { createdAt: true, acknowledgedAt: true },
      });
      const median = (xs: number[]) => {
        if (xs.length === 0) return undefined;
        const s = [...xs].sort((a, b) => a - b);
        const mid = Math.floor(s.length / 2);
        return s.length % 2 ? s[mid] : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
      };
      return {
        open,
        overdue,
        resolvedThisMonth: resolvedRows.length,
        medianAckMs: median(
          ackRows.map((r) => (r.acknowledgedAt?.getTime() ?? 0) - r.createdAt.getTime()),
        ),
        medianResolveMs: median(
          resolvedRows.map((r) => (r.resolvedAt?.getTime() ?? 0) - r.createdAt.getTime()),
        ),
      };
    },
  };
}

export type ReportWorkflowRepository = ReturnType<typeof createReportWorkflowRepository>;
