/**
 * The web chat's store: each conversation's log (what the citizen sent, what gopy answered),
 * the photos citizens sent, and what a browser session may read back (its tickets, a ticket's
 * thread). The log is what Server-Sent Events replay after a reconnect: its ids are the events'.
 */
import type { Prisma, PrismaClient } from './generated/prisma/client.ts';
import { isUniqueViolation } from './prisma-errors.ts';
import type { Implements } from './implements.ts';
import type {
  WebChatEntry,
  WebChatStore,
  WebTicket,
  WebTicketThread,
} from '../channels/webchat/web-chat-store.ts';

function toEntry(row: {
  id: number;
  direction: string;
  key: string | null;
  payload: unknown;
  createdAt: Date;
}): WebChatEntry {
  return {
    id: row.id,
    direction: row.direction === 'in' ? 'in' : 'out',
    key: row.key,
    payload: row.payload,
    createdAt: row.createdAt,
  };
}

function filesOf(attachments: Array<{ kind: string; fileId: string }>, kind: string): string[] {
  return attachments.filter((a) => a.kind === kind).map((a) => a.fileId);
}

export function createWebChatRepository(prisma: PrismaClient) {
  return {
    /**
     * Stores what the citizen sent, once per idempotency key: a resent POST finds the first
     * entry (`created: false`) and whether it was handled already.
     */
    async recordInbound(
      chatId: string,
      key: string,
      payload: unknown,
    ): Promise<{ id: number; created: boolean; handled: boolean }> {
      const existing = await prisma.webChatEntry.findUnique({
        where: { chatId_key: { chatId, key } },
        select: { id: true, handledAt: true },
      });
      if (existing)
        return { id: existing.id, created: false, handled: existing.handledAt !== null };
      try {
        const row = await prisma.webChatEntry.create({
          data: { chatId, key, direction: 'in', payload: payload as Prisma.InputJsonValue },
          select: { id: true },
        });
        return { id: row.id, created: true, handled: false };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const row = await prisma.webChatEntry.findUniqueOrThrow({
          where: { chatId_key: { chatId, key } },
          select: { id: true, handledAt: true },
        });
        return { id: row.id, created: false, handled: row.handledAt !== null };
      }
    },

    /** The entry was handled (an erasure may have removed it meanwhile: nothing to mark). */
    async markHandled(id: number, at: Date): Promise<void> {
      await prisma.webChatEntry.updateMany({ where: { id }, data: { handledAt: at } });
    },

    /** Stores what gopy sends to the chat; the id is the message's id and its event id. */
    async recordOutbound(chatId: string, payload: unknown): Promise<number> {
      const row = await prisma.webChatEntry.create({
        data: { chatId, direction: 'out', payload: payload as Prisma.InputJsonValue },
        select: { id: true },
      });
      return row.id;
    },

    /** The chat's entries after `afterId`, oldest first (a replay, or the next live ones). */
    async after(chatId: string, afterId: number, limit = 200): Promise<WebChatEntry[]> {
      const rows = await prisma.webChatEntry.findMany({
        where: { chatId, id: { gt: afterId } },
        orderBy: { id: 'asc' },
        take: limit,
      });
      return rows.map(toEntry);
    },

    /** An outbound entry of this chat (the message an edit replaces). */
    async get(chatId: string, id: number): Promise<WebChatEntry | undefined> {
      const row = await prisma.webChatEntry.findFirst({ where: { chatId, id } });
      return row ? toEntry(row) : undefined;
    },

    /** Stores an upload once per idempotency key: the same upload sent again gets the first id. */
    async saveFile(file: {
      chatId: string;
      key: string;
      mimeType: string;
      data: Uint8Array;
      width: number | null;
      height: number | null;
    }): Promise<string> {
      const where = { chatId_key: { chatId: file.chatId, key: file.key } };
      const existing = await prisma.webChatFile.findUnique({ where, select: { id: true } });
      if (existing) return existing.id;
      try {
        const row = await prisma.webChatFile.create({
          data: {
            chatId: file.chatId,
            key: file.key,
            mimeType: file.mimeType,
            data: Buffer.from(file.data),
            width: file.width,
            height: file.height,
          },
          select: { id: true },
        });
        return row.id;
      } catch (err) {
        // The same upload, sent again while the first was being stored.
        if (!isUniqueViolation(err)) throw err;
        return (await prisma.webChatFile.findUniqueOrThrow({ where, select: { id: true } })).id;
      }
    },

    async file(id: string): Promise<{ mimeType: string; data: Uint8Array } | undefined> {
      const row = await prisma.webChatFile.findUnique({ where: { id } });
      return row ? { mimeType: row.mimeType, data: row.data } : undefined;
    },

    /** The tickets of a web chat citizen, newest first. */
    async tickets(chatId: string, limit = 30): Promise<WebTicket[]> {
      const rows = await prisma.report.findMany({
        where: { citizen: { channel: 'web', externalId: chatId } },
        orderBy: { id: 'desc' },
        take: limit,
        select: {
          ticketCode: true,
          status: true,
          kind: true,
          unitCode: true,
          text: true,
          createdAt: true,
          awaitingOfficialAt: true,
        },
      });
      const units = await prisma.unit.findMany({
        where: { code: { in: [...new Set(rows.map((r) => r.unitCode))] } },
        select: { code: true, name: true },
      });
      const names = new Map(units.map((u) => [u.code, u.name]));
      return rows.map((r) => ({ ...r, unitName: names.get(r.unitCode) ?? r.unitCode }));
    },

    /**
     * A ticket of the web chat with what the citizen and the commune said in it (never the
     * officials' internal notes, never who answered). Undefined when it is not a web ticket.
     */
    async ticketThread(ticketCode: string): Promise<WebTicketThread | undefined> {
      const r = await prisma.report.findUnique({
        where: { ticketCode },
        include: {
          citizen: { select: { channel: true } },
          attachments: { where: { threadMessageId: null }, orderBy: { id: 'asc' } },
          messages: {
            where: { direction: { in: ['in', 'out'] }, deletedAt: null },
            orderBy: { id: 'asc' },
            include: { attachments: { orderBy: { id: 'asc' } } },
          },
        },
      });
      if (!r || r.citizen.channel !== 'web') return undefined;
      const unit = await prisma.unit.findUnique({
        where: { code: r.unitCode },
        select: { name: true },
      });
      return {
        ticketCode: r.ticketCode,
        status: r.status,
        kind: r.kind,
        unitCode: r.unitCode,
        unitName: unit?.name ?? r.unitCode,
        text: r.text,
        createdAt: r.createdAt,
        dueAt: r.dueAt,
        awaitingOfficialAt: r.awaitingOfficialAt,
        photos: filesOf(r.attachments, 'photo'),
        voices: filesOf(r.attachments, 'voice'),
        messages: r.messages.map((m) => ({
          direction: m.direction === 'in' ? 'in' : 'out',
          text: m.text,
          at: m.createdAt,
          photos: filesOf(m.attachments, 'photo'),
          voices: filesOf(m.attachments, 'voice'),
        })),
      };
    },
  };
}

/** Implements the channel's store (channels/webchat/web-chat-store.ts). */
export type WebChatRepository = Implements<
  ReturnType<typeof createWebChatRepository>,
  WebChatStore
>;
