/**
 * What routing and the officials' actions read and change about a report. Every change is a
 * conditional update on the expected status (and, where it matters, on the fields the change
 * depends on), so the count says who won: a retried job or a double tap changes nothing twice.
 * The event row is written in the same transaction: the audit trail.
 * The citizen's identity is dropped here for anonymous reports, so it cannot reach officials.
 */
import { isRecord } from '../core/is-record.ts';
import { isChannelName, type ChannelName } from '../channels/types.ts';
import { AppError } from '../core/errors.ts';
import { median } from '../core/judgement-stats.ts';
import { REPORT_STATUSES, type ReportStatus } from '../core/report-status.ts';
import { AWAITING_OFFICIAL_EVENT } from '../core/report-deadline.ts';
import {
  isSubmissionKind,
  type SubmissionKind,
  kindIsSealed,
  KINDS_WITHOUT_DEADLINE,
} from '../core/submission-kinds.ts';
import type { NewDelivery } from '../app/ports/outbox.ts';
import { followerCopies, followerOfKey } from './followers-repository.ts';
import { plainSqlFor } from './plain-sql.ts';
import type {
  ChangeAfter,
  ChangeEffects,
  ChangeGuard,
  RecordedChange,
  ReportChange,
  ReportEventInput,
  ReportForOfficials,
  ReportLookup,
  ReportStore,
} from '../app/ports/report-store.ts';
import type { AlertMessage, MessageLinks, NewMessageLink } from '../app/ports/message-links.ts';
import type {
  OpenReportLine,
  ReminderCandidate,
  ReportWorklists,
  UnitFigures,
} from '../app/ports/report-worklists.ts';
import type {
  DeliveredCopy,
  NewThreadMessage,
  ReportEventEntry,
  ReportHistory,
  ReportThread,
  ThreadDelivery,
  ThreadDirection,
  ThreadEntry,
  ThreadFile,
  ThreadMessageInput,
} from '../app/ports/report-thread.ts';
import type { Prisma, PrismaClient } from './generated/prisma/client.ts';
import type { Implements } from './implements.ts';

const OPEN: ReportStatus[] = ['routed', 'acknowledged', 'assigned', 'reopened'];
export function createReportWorkflowRepository(prisma: PrismaClient) {
  const sql = plainSqlFor(prisma);
  const unitCodesOf = async (provinceCode: string) =>
    (await prisma.unit.findMany({ where: { provinceCode }, select: { code: true } })).map(
      (u) => u.code,
    );
  async function load(
    where: Prisma.ReportWhereUniqueInput,
    db: Prisma.TransactionClient = prisma,
  ): Promise<ReportForOfficials | undefined> {
    const r = await db.report.findUnique({
      where,
      include: {
        category: true,
        citizen: true,
        attachments: { where: { threadMessageId: null }, orderBy: { id: 'asc' } },
        events: {
          where: { type: { in: ['submitted', AWAITING_OFFICIAL_EVENT] } },
          orderBy: { id: 'asc' },
        },
        followers: { select: { verdict: true } },
      },
    });
    if (!r) return undefined;
    const complainant = complainantOf(r.events.find((e) => e.type === 'submitted')?.data);
    const unit = await db.unit.findUnique({
      where: { code: r.unitCode },
      include: { province: true },
    });
    // A tố cáo's denouncer is sealed from everyone, like an anonymous citizen.
    const sealed = r.anonymous || kindIsSealed(r.kind);
    return {
      id: r.id,
      ticketCode: r.ticketCode,
      kind: toKind(r.kind),
      status: toStatus(r.status),
      unitCode: r.unitCode,
      unitName: unit?.name ?? r.unitCode,
      provinceCode: unit?.provinceCode ?? '',
      provinceName: unit?.province.name ?? '',
      categoryCode: r.categoryCode,
      categoryName: r.category.nameVi,
      deadlineDays: r.category.deadlineDays,
      onSite: r.category.onSite,
      text: r.text,
      latitude: r.latitude,
      longitude: r.longitude,
      address: r.address,
      photoFileIds: r.attachments.filter((a) => a.kind === 'photo').map((a) => a.fileId),
      voiceFileIds: r.attachments.filter((a) => a.kind === 'voice').map((a) => a.fileId),
      anonymous: r.anonymous,
      citizen: sealed
        ? undefined
        : {
            displayName: r.citizen.displayName,
            username: r.citizen.username,
            phone: r.contactPhone ?? r.citizen.phone,
            ...(complainant ? { complainant } : {}),
          },
      citizenChannel: isChannelName(r.citizen.channel) ? r.citizen.channel : 'telegram',
      citizenChatId: r.citizen.chatId,
      citizenLang: r.citizen.language,
      aboutOfficialId: r.aboutOfficialId,
      assignedPositionId: r.assignedPositionId,
      assignedOfficialId: r.assignedOfficialId,
      escalationLevel: r.escalationLevel,
      reopenCount: r.reopenCount,
      dueAt: r.dueAt,
      extendedAt: r.extendedAt,
      remindedAt: r.remindedAt,
      routedAt: r.routedAt,
      waitedForOfficial: r.events.some((e) => e.type === AWAITING_OFFICIAL_EVENT),
      awaitingOfficialAt: r.awaitingOfficialAt,
      acknowledgedAt: r.acknowledgedAt,
      resolvedAt: r.resolvedAt,
      closedAt: r.closedAt,
      resultType: r.resultType,
      verdict: r.verdict,
      createdAt: r.createdAt,
      followers: {
        count: r.followers.length,
        notResolved: r.followers.filter((f) => f.verdict === 'partly' || f.verdict === 'no').length,
      },
    };
  }

  /**
   * Applies `change` only while the report is in one of `fromStatuses` (and `guard` holds), and
   * records the event, the thread message and the deliveries of `effects` in the same
   * transaction. Returns what was written, or undefined when someone else changed the report
   * first (nothing written).
   */
  async function record(
    id: number,
    fromStatuses: readonly string[],
    change: ReportChange,
    event: ReportEventInput,
    guard: ChangeGuard = {},
    effects: ChangeEffects = {},
  ): Promise<RecordedChange | undefined> {
    return prisma.$transaction(async (tx) => {
      const updated = await tx.report.updateMany({
        where: { id, status: { in: [...fromStatuses] }, ...guard },
        data: change,
      });
      if (updated.count !== 1) return undefined;
      const row = await tx.reportEvent.create({
        data: {
          reportId: id,
          type: event.type,
          actorKind: event.actorKind,
          actorId: event.actorId ?? null,
          data: (event.data ?? {}) as Prisma.InputJsonValue,
        },
      });
      const threadMessageId = effects.thread
        ? (await createThreadMessage(tx, { reportId: id, ...effects.thread })).id
        : undefined;
      const report = await load({ id }, tx);
      if (!report) throw new AppError('report_data', `Report ${id} vanished during a change`);
      const after: ChangeAfter = {
        eventId: row.id,
        report,
        ...(threadMessageId !== undefined ? { threadMessageId } : {}),
      };
      // The messages the change owes are part of it: a process that dies right after the
      // commit leaves them pending for the sweep, never lost.
      const deliveries = effects.deliveries?.(after) ?? [];
      await storeDeliveries(tx, deliveries);
      return { ...after, deliveries };
    });
  }

  /** Delivery rows of a report's thread messages, by thread message id. */
  async function threadDeliveries(
    where: Prisma.DeliveryWhereInput,
  ): Promise<Map<number, ThreadDeliveryRow[]>> {
    const rows = await prisma.delivery.findMany({
      where: { ...where, threadMessageId: { not: null } },
      select: {
        threadMessageId: true,
        chatId: true,
        state: true,
        messageIds: true,
        officialId: true,
      },
      orderBy: { id: 'asc' },
    });
    const out = new Map<number, ThreadDeliveryRow[]>();
    for (const row of rows) {
      const key = row.threadMessageId;
      if (key === null) continue;
      const list = out.get(key) ?? [];
      list.push({
        chatId: row.chatId,
        state: row.state,
        messageIds: row.messageIds,
        officialId: row.officialId,
      });
      out.set(key, list);
    }
    return out;
  }

  /** Every report a message stands for, in the order of its lines (an alert digest has several). */
  async function findLinks(
    chatId: string,
    messageId: number,
    channel: ChannelName = 'telegram',
  ): Promise<Array<{ reportId: number; kind: string; officialId: number | null }>> {
    const rows = await prisma.alertLink.findMany({
      where: { channel, chatId, messageId },
      orderBy: { id: 'asc' },
    });
    return rows.map((row) => ({
      reportId: row.reportId,
      kind: row.kind,
      officialId: row.officialId,
    }));
  }

  return {
    get: (id: number) => load({ id }),
    getByTicket: (ticketCode: string) => load({ ticketCode }),

    record,

    /** {@link record} for callers that only need to know whether they won. */
    async change(
      id: number,
      fromStatuses: readonly string[],
      change: ReportChange,
      event: ReportEventInput,
      guard: ChangeGuard = {},
      deliveries: readonly NewDelivery[] = [],
    ): Promise<boolean> {
      const effects = deliveries.length ? { deliveries: () => deliveries } : {};
      return (await record(id, fromStatuses, change, event, guard, effects)) !== undefined;
    },

    async addThreadMessage(input: ThreadMessageInput): Promise<number> {
      return (await storeThreadMessage(prisma, input)).id;
    },

    /**
     * A thread message and the messages that carry it (to the citizen, and the followers'
     * copies), in one transaction: a process dying in between loses neither. The caller then
     * queues `deliveries`. A message handled twice (by its source) is stored once.
     */
    async addThreadMessageWithDeliveries(
      input: ThreadMessageInput,
      deliveriesFor: (threadMessageId: number) => readonly NewDelivery[],
    ): Promise<{ id: number; deliveries: readonly NewDelivery[] }> {
      return prisma.$transaction(async (tx) => {
        const { id, created } = await storeThreadMessage(tx, input);
        const deliveries = deliveriesFor(id);
        if (created) await storeDeliveries(tx, deliveries);
        return { id, deliveries };
      });
    },

    /** The whole conversation, oldest first, with how far each relayed message got. */
    async thread(reportId: number, includeNotes: boolean): Promise<ThreadEntry[]> {
      const rows = await prisma.threadMessage.findMany({
        where: { reportId, ...(includeNotes ? {} : { direction: { in: ['in', 'out'] } }) },
        orderBy: { id: 'asc' },
        include: { attachments: { orderBy: { id: 'asc' } } },
      });
      const deliveries = await threadDeliveries({ reportId });
      return rows.map((m) => toThreadEntry(m, deliveries.get(m.id)));
    },

    async threadMessage(id: number): Promise<ThreadEntry | undefined> {
      const m = await prisma.threadMessage.findUnique({
        where: { id },
        include: { attachments: { orderBy: { id: 'asc' } } },
      });
      if (!m) return undefined;
      const deliveries = await threadDeliveries({ reportId: m.reportId });
      return toThreadEntry(m, deliveries.get(m.id));
    },

    /** The thread message that a person's own message (in their chat) became, if any. */
    async threadMessageAtSource(
      chatId: string,
      messageId: number,
    ): Promise<ThreadEntry | undefined> {
      const m = await prisma.threadMessage.findFirst({
        where: { sourceChatId: chatId, sourceMessageId: messageId },
        include: { attachments: { orderBy: { id: 'asc' } } },
        orderBy: { id: 'desc' },
      });
      if (!m) return undefined;
      const deliveries = await threadDeliveries({ reportId: m.reportId });
      return toThreadEntry(m, deliveries.get(m.id));
    },

    /** Where the copies of a thread message were delivered (sent ones only). */
    async deliveredCopies(threadMessageId: number): Promise<DeliveredCopy[]> {
      const rows = await prisma.delivery.findMany({
        where: {
          threadMessageId,
          state: 'sent',
        },
        select: {
          dedupeKey: true,
          channel: true,
          chatId: true,
          messageIds: true,
          officialId: true,
        },
        orderBy: { id: 'asc' },
      });
      // A follower's copy reads in the follower's language, as it was sent (followerCopies).
      const followerIds = rows.flatMap((r) => followerOfKey(r.dedupeKey) ?? []);
      const langs = new Map(
        followerIds.length === 0
          ? []
          : (
              await prisma.citizen.findMany({
                where: { id: { in: followerIds } },
                select: { id: true, language: true },
              })
            ).map((c) => [c.id, c.language === 'en' ? ('en' as const) : ('vi' as const)]),
      );
      return rows.flatMap((r) => {
        const last = r.messageIds[r.messageIds.length - 1];
        if (last === undefined || !isChannelName(r.channel)) return [];
        const copy = { channel: r.channel, chatId: r.chatId, messageId: last };
        if (r.officialId !== null) return [{ ...copy, officialId: r.officialId }];
        const follower = followerOfKey(r.dedupeKey);
        return [
          follower === undefined
            ? copy
            : { ...copy, follower: { lang: langs.get(follower) ?? ('vi' as const) } },
        ];
      });
    },

    async citizenIdOf(reportId: number): Promise<number> {
      const r = await prisma.report.findUniqueOrThrow({
        where: { id: reportId },
        select: { citizenId: true },
      });
      return r.citizenId;
    },

    /** Records an edit of a thread message made at its source. False when it was retracted. */
    async editThreadMessage(id: number, text: string, now: Date): Promise<boolean> {
      const { count } = await prisma.threadMessage.updateMany({
        where: { id, deletedAt: null },
        data: { text, editedAt: now },
      });
      return count === 1;
    },

    /** Marks a thread message retracted; false when it already was. */
    async retractThreadMessage(id: number, now: Date): Promise<boolean> {
      const { count } = await prisma.threadMessage.updateMany({
        where: { id, deletedAt: null },
        data: { deletedAt: now },
      });
      return count === 1;
    },

    // Run after every send of an alert, a relay or a notice (delivery-outcomes.ts): one prepared
    // statement on the pg pool, not an ORM call (the send path's cost, bench:routing).
    async linkMessage(link: NewMessageLink): Promise<void> {
      await sql.query(
        'gopy_alert_link_insert',
        `INSERT INTO alert_links
           (channel, chat_id, message_id, report_id, official_id, kind, captioned, drawn_at,
            created_at)
         VALUES ($1, $2, $3::int, $4::int, $5::int, $6, $7::boolean, $8::timestamp,
                 now() AT TIME ZONE 'UTC')
         ON CONFLICT DO NOTHING`,
        [
          link.channel ?? 'telegram',
          link.chatId,
          link.messageId,
          link.reportId,
          link.officialId ?? null,
          link.kind,
          link.captioned ?? false,
          // Stored in UTC without a zone, as Prisma stores its timestamps.
          link.drawnAt?.toISOString().replace('Z', '') ?? null,
        ],
      );
    },

    /**
     * The report a message stands for in a chat (a reply to it threads there). Undefined when the
     * message stands for none, or for several (an alert digest: see findLinks).
     */
    async findLink(
      chatId: string,
      messageId: number,
      channel: ChannelName = 'telegram',
    ): Promise<{ reportId: number; kind: string; officialId: number | null } | undefined> {
      const links = await findLinks(chatId, messageId, channel);
      return links.length === 1 ? links[0] : undefined;
    },

    findLinks,

    async alertMessages(
      reportId: number,
      options: { linkedWithinSeconds?: number } = {},
    ): Promise<AlertMessage[]> {
      let where: Prisma.AlertLinkWhereInput = { reportId, kind: 'alert' };
      if (options.linkedWithinSeconds !== undefined) {
        // By the database's clock, the one that stamped created_at.
        const recent = await prisma.$queryRaw<Array<{ id: number }>>`
          SELECT id FROM alert_links
          WHERE report_id = ${reportId} AND kind = 'alert'
            AND created_at >= now() AT TIME ZONE 'UTC'
                              - make_interval(secs => ${options.linkedWithinSeconds}::double precision)`;
        if (recent.length === 0) return [];
        where = { id: { in: recent.map((r) => r.id) } };
      }
      const rows = await prisma.alertLink.findMany({ where, orderBy: { id: 'asc' } });
      const out: AlertMessage[] = [];
      for (const r of rows) {
        const together = await findLinks(
          r.chatId,
          r.messageId,
          isChannelName(r.channel) ? r.channel : 'telegram',
        );
        out.push({
          chatId: r.chatId,
          messageId: r.messageId,
          officialId: r.officialId,
          captioned: r.captioned,
          reportIds: together.filter((l) => l.kind === 'alert').map((l) => l.reportId),
          drawnAt: r.drawnAt,
        });
      }
      return out;
    },

    async events(reportId: number): Promise<ReportEventEntry[]> {
      const rows = await prisma.reportEvent.findMany({
        where: { reportId },
        orderBy: { id: 'asc' },
      });
      return rows.map(eventEntry);
    },

    async lastEvent(reportId: number): Promise<(ReportEventEntry & { id: number }) | undefined> {
      const row = await prisma.reportEvent.findFirst({
        where: { reportId },
        orderBy: { id: 'desc' },
      });
      return row ? { id: row.id, ...eventEntry(row) } : undefined;
    },

    /**
     * Reports in `statuses` assigned to an official marked unreachable: their alert was refused
     * and the fallback has not moved them yet (a crash lost it, or nobody else could take it).
     */
    async assignedToUnreachable(
      statuses: readonly ReportStatus[],
      limit = 200,
    ): Promise<Array<{ reportId: number; officialId: number }>> {
      const unreachable = await prisma.official.findMany({
        where: { unreachableAt: { not: null } },
        select: { id: true },
      });
      if (unreachable.length === 0) return [];
      const rows = await prisma.report.findMany({
        where: {
          status: { in: [...statuses] },
          assignedOfficialId: { in: unreachable.map((o) => o.id) },
        },
        select: { id: true, assignedOfficialId: true },
        orderBy: { id: 'asc' },
        take: limit,
      });
      return rows.flatMap((r) =>
        r.assignedOfficialId === null ? [] : [{ reportId: r.id, officialId: r.assignedOfficialId }],
      );
    },

    /**
     * Routing found nobody at all for this report: park it out of the sweep (which would
     * otherwise retry it for ever) until an official of its commune or province registers. The
     * event (AWAITING_OFFICIAL_EVENT) stays when it is released: its deadline then counts from
     * when it reaches an official (core deadlineOnReceipt), and /xem says why it came late.
     */
    async markAwaitingOfficial(reportId: number, now: Date): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const parked = await tx.report.updateMany({
          where: { id: reportId, status: 'submitted', awaitingOfficialAt: null },
          data: { awaitingOfficialAt: now },
        });
        if (parked.count === 1)
          await tx.reportEvent.create({
            data: { reportId, type: AWAITING_OFFICIAL_EVENT, actorKind: 'system' },
          });
      });
    },

    /**
     * An official registered: the parked reports they may take (of their commune, or of the
     * whole province for an admin) come back to routing. Returns their ids, unparked.
     */
    async releaseAwaitingOfficial(scope: {
      unitCode?: string;
      provinceCode?: string;
    }): Promise<number[]> {
      const rows = await prisma.report.findMany({
        where: {
          status: 'submitted',
          awaitingOfficialAt: { not: null },
          ...(scope.unitCode !== undefined ? { unitCode: scope.unitCode } : {}),
          ...(scope.provinceCode !== undefined
            ? { unitCode: { in: await unitCodesOf(scope.provinceCode) } }
            : {}),
        },
        select: { id: true },
        orderBy: { id: 'asc' },
      });
      const ids = rows.map((r) => r.id);
      if (ids.length > 0)
        await prisma.report.updateMany({
          where: { id: { in: ids } },
          data: { awaitingOfficialAt: null },
        });
      return ids;
    },

    unrouted: async (olderThan: Date, limit = 500) =>
      (
        await prisma.report.findMany({
          where: { status: 'submitted', awaitingOfficialAt: null, createdAt: { lt: olderThan } },
          select: { id: true },
          orderBy: { id: 'asc' },
          take: limit,
        })
      ).map((r) => r.id),

    /**
     * Open reports with a deadline, not reminded yet, due after `now` and no later than
     * `horizon`: the app decides with the calendar (core reminderTime) which are due a reminder.
     */
    reminderCandidates: async (now: Date, horizon: Date): Promise<ReminderCandidate[]> =>
      (
        await prisma.report.findMany({
          where: {
            status: { in: OPEN },
            kind: { notIn: [...KINDS_WITHOUT_DEADLINE] },
            remindedAt: null,
            dueAt: { gt: now, lte: horizon },
          },
          select: { id: true, dueAt: true, category: { select: { deadlineDays: true } } },
          orderBy: { dueAt: 'asc' },
          take: 500,
        })
      ).map((r) => ({ id: r.id, dueAt: r.dueAt, deadlineDays: r.category.deadlineDays })),

    /** Open reports past their deadline (góp ý has none), oldest deadline first. */
    overdue: async (now: Date) =>
      (
        await prisma.report.findMany({
          where: {
            status: { in: OPEN },
            kind: { notIn: [...KINDS_WITHOUT_DEADLINE] },
            dueAt: { lte: now },
          },
          select: { id: true },
          orderBy: { dueAt: 'asc' },
          take: 500,
        })
      ).map((r) => r.id),

    /** Resolved reports the citizen never judged, resolved before `before` (not promises). */
    awaitingVerdictSince: async (before: Date) =>
      (
        await prisma.report.findMany({
          where: {
            status: 'resolved',
            resolvedAt: { lte: before },
            OR: [{ resultType: null }, { resultType: { not: 'scheduled' } }],
          },
          select: { id: true },
          take: 500,
        })
      ).map((r) => r.id),

    /** Reports answered with a promise, not yet judged, oldest answer first. */
    awaitingPromise: async () =>
      (
        await prisma.report.findMany({
          where: { status: 'resolved', resultType: 'scheduled' },
          select: { id: true },
          orderBy: { resolvedAt: 'asc' },
          take: 500,
        })
      ).map((r) => r.id),

    /**
     * Open reports of some units, or held by some officials (a province admin holds reports of
     * other communes), by deadline: what the daily digest lists.
     */
    async openReports(filter: {
      unitCodes: readonly string[];
      officialIds?: readonly number[];
    }): Promise<OpenReportLine[]> {
      const officialIds = filter.officialIds ?? [];
      if (filter.unitCodes.length === 0 && officialIds.length === 0) return [];
      const rows = await prisma.report.findMany({
        where: {
          status: { in: OPEN },
          OR: [
            { unitCode: { in: [...filter.unitCodes] } },
            { assignedOfficialId: { in: [...officialIds] } },
          ],
        },
        select: {
          id: true,
          ticketCode: true,
          kind: true,
          status: true,
          unitCode: true,
          assignedPositionId: true,
          assignedOfficialId: true,
          dueAt: true,
          text: true,
          category: { select: { nameVi: true } },
        },
        orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
      });
      return rows.map((r) => ({
        id: r.id,
        ticketCode: r.ticketCode,
        kind: r.kind,
        status: toStatus(r.status),
        unitCode: r.unitCode,
        categoryName: r.category.nameVi,
        text: r.text,
        assignedPositionId: r.assignedPositionId,
        assignedOfficialId: r.assignedOfficialId,
        dueAt: r.dueAt,
      }));
    },

    /** Counts and medians for /stats, over a unit, from `periodStart` to `now`. */
    async unitStats(unitCode: string, periodStart: Date, now: Date) {
      const open = await prisma.report.count({
        where: { unitCode, status: { in: ['submitted', ...OPEN] } },
      });
      const overdue = await prisma.report.count({
        where: {
          unitCode,
          status: { in: OPEN },
          kind: { notIn: [...KINDS_WITHOUT_DEADLINE] },
          dueAt: { lt: now },
        },
      });
      const resolvedRows = await prisma.report.findMany({
        where: { unitCode, resolvedAt: { gte: periodStart, lte: now } },
        select: { createdAt: true, resolvedAt: true },
      });
      const ackRows = await prisma.report.findMany({
        where: { unitCode, acknowledgedAt: { gte: periodStart, lte: now } },
        select: { createdAt: true, acknowledgedAt: true },
      });
      const closedRows = await prisma.report.groupBy({
        by: ['verdict'],
        where: { unitCode, status: 'closed', closedAt: { gte: periodStart, lte: now } },
        _count: { _all: true },
      });
      const closed = (verdict: string) =>
        closedRows.find((r) => r.verdict === verdict)?._count._all ?? 0;
      return {
        open,
        overdue,
        resolved: resolvedRows.length,
        closedConfirmed: closed('yes'),
        /** Closed after 7 days without the citizen's answer: counted apart from confirmed ones. */
        closedWithoutVerdict: closed('none'),
        medianAckMs: median(
          ackRows.flatMap((r) =>
            r.acknowledgedAt ? [r.acknowledgedAt.getTime() - r.createdAt.getTime()] : [],
          ),
        ),
        medianResolveMs: median(
          resolvedRows.flatMap((r) =>
            r.resolvedAt ? [r.resolvedAt.getTime() - r.createdAt.getTime()] : [],
          ),
        ),
      };
    },
  };
}

/** Implements the ports of routing, the fallback, the relay, the desk and the sweep (app/ports/). */
export type ReportWorkflowRepository = Implements<
  ReturnType<typeof createReportWorkflowRepository>,
  ReportStore &
    ReportLookup &
    ReportThread &
    ReportHistory &
    MessageLinks &
    ReportWorklists &
    UnitFigures
>;

/**
 * Stores the deliveries a change owes, and the followers' copies of its notices and answers,
 * inside the change's transaction (a delivery already stored is left as it is).
 */
function eventEntry(e: {
  type: string;
  actorKind: string;
  actorId: number | null;
  data: Prisma.JsonValue;
  createdAt: Date;
}): ReportEventEntry {
  return {
    type: e.type,
    actorKind: e.actorKind,
    actorId: e.actorId,
    data: isRecord(e.data) ? e.data : {},
    createdAt: e.createdAt,
  };
}

async function storeDeliveries(
  tx: Prisma.TransactionClient,
  deliveries: readonly NewDelivery[],
): Promise<void> {
  const all = [...deliveries];
  for (const d of deliveries) all.push(...(await followerCopies(tx, d)));
  if (all.length === 0) return;
  await tx.delivery.createMany({
    data: all.map((d) => ({
      dedupeKey: d.dedupeKey,
      channel: d.channel ?? 'telegram',
      chatId: d.chatId,
      ...(d.bot !== undefined ? { bot: d.bot } : {}),
      // The same payload as the delivery queue's own `create`: a joinable alert stored here
      // must still join the chat's digest.
      payload: {
        message: d.message,
        ...(d.link ? { link: d.link } : {}),
        ...(d.joinable ? { joinable: d.joinable } : {}),
        ...(d.follows ? { follows: d.follows } : {}),
      } as unknown as Prisma.InputJsonValue,
      reportId: d.reportId ?? d.link?.reportId ?? null,
      officialId: d.officialId ?? d.link?.officialId ?? null,
      threadMessageId: d.threadMessageId ?? null,
    })),
    skipDuplicates: true,
  });
}

/**
 * Stores a thread message unless it is already there: a message handled twice (a retried update)
 * is known by its source and stored once. Says its id and whether this call created it.
 */
async function storeThreadMessage(
  db: Prisma.TransactionClient,
  input: ThreadMessageInput,
): Promise<{ id: number; created: boolean }> {
  if (input.sourceChatId !== undefined && input.sourceMessageId !== undefined) {
    const existing = await db.threadMessage.findFirst({
      where: {
        reportId: input.reportId,
        direction: input.direction,
        sourceChatId: input.sourceChatId,
        sourceMessageId: input.sourceMessageId,
      },
      select: { id: true },
    });
    if (existing) return { id: existing.id, created: false };
  }
  const row = await createThreadMessage(db, {
    ...input,
    files: [
      ...(input.photoFileIds ?? []).map((fileId) => ({ kind: 'photo' as const, fileId })),
      ...(input.files ?? []),
    ],
  });
  return { id: row.id, created: true };
}

/** Writes one thread message with its attachments (inside a change's transaction or alone). */
function createThreadMessage(
  db: Prisma.TransactionClient,
  input: NewThreadMessage & { reportId: number; sourceChatId?: string; sourceMessageId?: number },
) {
  return db.threadMessage.create({
    data: {
      reportId: input.reportId,
      direction: input.direction,
      authorKind: input.authorKind,
      authorId: input.authorId ?? null,
      text: input.text,
      sourceChatId: input.sourceChatId ?? null,
      sourceMessageId: input.sourceMessageId ?? null,
      ...(input.at ? { createdAt: input.at } : {}),
      attachments: {
        create: (input.files ?? []).map((f) => ({
          reportId: input.reportId,
          kind: f.kind,
          fileId: f.fileId,
        })),
      },
    },
  });
}

/** One delivery row of a thread message. */
interface ThreadDeliveryRow {
  chatId: string;
  state: string;
  messageIds: number[];
  officialId: number | null;
}

function toThreadEntry(
  m: Prisma.ThreadMessageGetPayload<{ include: { attachments: true } }>,
  rows: ThreadDeliveryRow[] | undefined,
): ThreadEntry {
  const sent = (rows ?? []).filter((r) => r.state === 'sent');
  const officials = [
    ...new Set(sent.flatMap((r) => (r.officialId === null ? [] : [r.officialId]))),
  ];
  const files = m.attachments.map((a): ThreadFile => ({
    kind: a.kind === 'document' || a.kind === 'voice' ? a.kind : 'photo',
    fileId: a.fileId,
  }));
  return {
    id: m.id,
    reportId: m.reportId,
    direction: toDirection(m.direction),
    authorKind: m.authorKind,
    authorId: m.authorId,
    text: m.text,
    files,
    photoFileIds: files.filter((f) => f.kind === 'photo').map((f) => f.fileId),
    createdAt: m.createdAt,
    editedAt: m.editedAt,
    deletedAt: m.deletedAt,
    sourceChatId: m.sourceChatId,
    sourceMessageId: m.sourceMessageId,
    delivery: deliveryState(rows),
    reachedOfficials: officials,
    reachedGroup: sent.some((r) => r.officialId === null && r.chatId.startsWith('-')),
  };
}

/** One word for the delivery rows of a message: the worst outcome wins, then pending. */
function deliveryState(rows: Array<{ state: string }> | undefined): ThreadDelivery {
  if (!rows || rows.length === 0) return 'none';
  const states = rows.map((r) => r.state);
  if (states.includes('unreachable')) return 'unreachable';
  if (states.includes('failed')) return 'failed';
  if (states.every((s) => s === 'sent')) return 'sent';
  return 'pending';
}

function toStatus(value: string): ReportStatus {
  if ((REPORT_STATUSES as readonly string[]).includes(value)) return value as ReportStatus;
  throw new AppError('report_data', `Unknown report status in the database: ${value}`);
}

function toKind(value: string): SubmissionKind {
  if (isSubmissionKind(value)) return value;
  throw new AppError('report_data', `Unknown submission kind in the database: ${value}`);
}

function toDirection(value: string): ThreadDirection {
  if (value === 'in' || value === 'out' || value === 'note') return value;
  throw new AppError('report_data', `Unknown thread direction in the database: ${value}`);
}

/** The complainant's identity recorded with the submission, if any (erasure removes it). */
function complainantOf(data: unknown): { fullName: string; homeAddress: string } | undefined {
  const c = (data as { complainant?: { fullName?: unknown; homeAddress?: unknown } } | null)
    ?.complainant;
  return typeof c?.fullName === 'string' && c.fullName !== ''
    ? { fullName: c.fullName, homeAddress: typeof c.homeAddress === 'string' ? c.homeAddress : '' }
    : undefined;
}
