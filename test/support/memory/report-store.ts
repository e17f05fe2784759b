/**
 * Reports and their threads in memory, with the PostgreSQL repository's rules: a change holds
 * only while the report is still in an expected status and its guard holds, and then its event,
 * thread message and deliveries are written with it; a thread message known by its source is
 * stored once. Tests read `recorded`, `threadMessages` and `deliveries` to see what was recorded.
 */
import type { NewDelivery } from '../../../src/app/ports/outbox.ts';
import type {
  ReportEventInput,
  ReportForOfficials,
  ReportLookup,
  ReportStore,
} from '../../../src/app/ports/report-store.ts';
import type {
  DeliveredCopy,
  ReportHistory,
  ReportThread,
  ThreadEntry,
} from '../../../src/app/ports/report-thread.ts';

export interface MemoryReports extends ReportStore, ReportLookup, ReportThread, ReportHistory {
  /**
   * Stores a report as it is (its id is the caller's). Its citizen is one per channel and chat
   * unless `citizenId` says who (an Open311 client's citizen has no chat).
   */
  add(report: ReportForOfficials, citizenId?: number): void;
  /** The chat a citizen of these reports writes from (null for one with no chat). */
  chatOfCitizen(citizenId: number): string | null;
  /** Every report as it stands, by id (for the worklists built over this store). */
  all(): ReportForOfficials[];
  /** The audit events recorded, oldest first. */
  readonly recorded: Array<ReportEventInput & { id: number; reportId: number; at: Date }>;
  /** Every thread message, oldest first. */
  readonly threadMessages: ThreadEntry[];
  /** The deliveries changes stored with them (the caller queues them through the outbox). */
  readonly deliveries: NewDelivery[];
  /** A copy of a thread message reached a chat (what the delivery queue records when sent). */
  delivered(threadMessageId: number, copy: DeliveredCopy): void;
}

export function createMemoryReports(): MemoryReports {
  const reports = new Map<number, ReportForOfficials>();
  const events: MemoryReports['recorded'] = [];
  const thread: ThreadEntry[] = [];
  const deliveries: NewDelivery[] = [];
  const copies = new Map<number, DeliveredCopy[]>();
  const citizenOf = new Map<number, number>();
  const citizenOfChat = new Map<string, number>();

  function addThread(input: Parameters<ReportThread['addThreadMessage']>[0]): number {
    const entry: ThreadEntry = {
      id: thread.length + 1,
      reportId: input.reportId,
      direction: input.direction,
      authorKind: input.authorKind,
      authorId: input.authorId ?? null,
      text: input.text,
      files: [
        ...(input.photoFileIds ?? []).map((fileId) => ({ kind: 'photo' as const, fileId })),
        ...(input.files ?? []),
      ],
      photoFileIds: [],
      createdAt: input.at ?? new Date(),
      editedAt: null,
      deletedAt: null,
      sourceChatId: input.sourceChatId ?? null,
      sourceMessageId: input.sourceMessageId ?? null,
      delivery: 'none',
    };
    entry.photoFileIds = entry.files.filter((f) => f.kind === 'photo').map((f) => f.fileId);
    thread.push(entry);
    return entry.id;
  }

  return {
    recorded: events,
    threadMessages: thread,
    deliveries,
    add(report, citizenId) {
      reports.set(report.id, structuredClone(report));
      const chat = `${report.citizenChannel}:${report.citizenChatId ?? `report-${report.id}`}`;
      if (citizenId === undefined) {
        citizenId = citizenOfChat.get(chat) ?? citizenOfChat.size + 1;
        citizenOfChat.set(chat, citizenId);
      }
      citizenOf.set(report.id, citizenId);
    },
    chatOfCitizen(citizenId) {
      const reportId = [...citizenOf].find(([, id]) => id === citizenId)?.[0];
      return (reportId !== undefined && reports.get(reportId)?.citizenChatId) || null;
    },
    all() {
      return [...reports.values()].sort((a, b) => a.id - b.id).map((r) => structuredClone(r));
    },
    delivered(threadMessageId, copy) {
      copies.set(threadMessageId, [...(copies.get(threadMessageId) ?? []), copy]);
    },

    async get(id) {
      const report = reports.get(id);
      return report ? structuredClone(report) : undefined;
    },

    async getByTicket(ticketCode) {
      const report = [...reports.values()].find((r) => r.ticketCode === ticketCode);
      return report ? structuredClone(report) : undefined;
    },
    async citizenIdOf(reportId) {
      const id = citizenOf.get(reportId);
      // As the database's findUniqueOrThrow: asking about a report that does not exist is a bug.
      if (id === undefined) throw new Error(`no report ${reportId}`);
      return id;
    },

    async record(id, fromStatuses, change, event, guard = {}, effects = {}) {
      const report = reports.get(id);
      if (!report || !fromStatuses.includes(report.status)) return undefined;
      for (const [field, expected] of Object.entries(guard))
        if (report[field as keyof typeof guard] !== expected) return undefined;
      const next = { ...report };
      for (const [field, value] of Object.entries(change))
        if (value !== undefined) Object.assign(next, { [field]: value });
      const eventId = events.length + 1;
      const threadMessageId = effects.thread
        ? addThread({ reportId: id, ...effects.thread })
        : undefined;
      reports.set(id, next);
      events.push({ ...structuredClone(event), id: eventId, reportId: id, at: new Date() });
      const after = {
        eventId,
        report: structuredClone(next),
        ...(threadMessageId !== undefined ? { threadMessageId } : {}),
      };
      const owed = effects.deliveries?.(after) ?? [];
      deliveries.push(...structuredClone(owed));
      return { ...after, deliveries: owed };
    },

    async addThreadMessage(input) {
      if (input.sourceChatId !== undefined && input.sourceMessageId !== undefined) {
        const existing = thread.find(
          (m) =>
            m.reportId === input.reportId &&
            m.direction === input.direction &&
            m.sourceChatId === input.sourceChatId &&
            m.sourceMessageId === input.sourceMessageId,
        );
        if (existing) return existing.id;
      }
      return addThread(input);
    },
    async addThreadMessageWithDeliveries(input, deliveriesFor) {
      const id = await this.addThreadMessage(input);
      const owed = deliveriesFor(id);
      deliveries.push(...structuredClone(owed));
      return { id, deliveries: owed };
    },
    async threadMessageAtSource(chatId, messageId) {
      const found = thread.findLast(
        (m) => m.sourceChatId === chatId && m.sourceMessageId === messageId,
      );
      return found ? structuredClone(found) : undefined;
    },
    async editThreadMessage(id, text, now) {
      const entry = thread.find((m) => m.id === id);
      if (!entry || entry.deletedAt) return false;
      Object.assign(entry, { text, editedAt: now });
      return true;
    },
    async retractThreadMessage(id, now) {
      const entry = thread.find((m) => m.id === id);
      if (!entry || entry.deletedAt) return false;
      entry.deletedAt = now;
      return true;
    },
    async thread(reportId, includeNotes) {
      return structuredClone(
        thread.filter((m) => m.reportId === reportId && (includeNotes || m.direction !== 'note')),
      );
    },
    async events(reportId) {
      return events
        .filter((e) => e.reportId === reportId)
        .map((e) => ({
          type: e.type,
          actorKind: e.actorKind,
          actorId: e.actorId ?? null,
          data: structuredClone(e.data ?? {}),
          createdAt: e.at,
        }));
    },
    async lastEvent(reportId) {
      const e = events.filter((x) => x.reportId === reportId).at(-1);
      return e
        ? {
            id: e.id,
            type: e.type,
            actorKind: e.actorKind,
            actorId: e.actorId ?? null,
            data: structuredClone(e.data ?? {}),
            createdAt: e.at,
          }
        : undefined;
    },
    async deliveredCopies(threadMessageId) {
      return (copies.get(threadMessageId) ?? []).map((c) => ({ ...c }));
    },
  };
}
