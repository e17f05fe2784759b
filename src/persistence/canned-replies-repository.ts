/**
 * Canned answers offered to officials when they answer or resolve a report. A reply may be tied
 * to a category, to a status (the outcome being answered), to both or to neither (generic).
 */
import type { PrismaClient } from './generated/prisma/client.ts';
import type { CannedReplies, CannedReplyRecord } from '../app/ports/canned-replies.ts';

export interface CannedReplyInput {
  unitCode?: string;
  categoryCode?: string;
  status?: string;
  text: string;
  /** Position among replies of the same specificity; 0 unless given. */
  sortOrder?: number;
}

export type SetCannedReplyResult =
  { type: 'created'; reply: CannedReplyRecord } | { type: 'exists'; reply: CannedReplyRecord };

/** The replies the desk offers, and the admin's commands that write them. */
export interface CannedRepliesRepository extends CannedReplies {
  /** Adds a reply; the same text for the same category and status is kept once. */
  set(input: CannedReplyInput): Promise<SetCannedReplyResult>;
  /** False when no reply had this id. */
  remove(id: number): Promise<boolean>;
}

export function createCannedRepliesRepository(prisma: PrismaClient): CannedRepliesRepository {
  return {
    async list(filter = {}) {
      const rows = await prisma.cannedReply.findMany({
        where: {
          AND: [
            filter.unitCode === undefined
              ? {}
              : { OR: [{ unitCode: filter.unitCode }, { unitCode: null }] },
            filter.categoryCode === undefined
              ? {}
              : { OR: [{ categoryCode: filter.categoryCode }, { categoryCode: null }] },
            filter.status === undefined
              ? {}
              : { OR: [{ status: filter.status }, { status: null }] },
          ],
        },
        // NULLS LAST: a reply written for the category beats a generic one.
        orderBy: [
          { unitCode: { sort: 'asc', nulls: 'last' } },
          { categoryCode: { sort: 'asc', nulls: 'last' } },
          { status: { sort: 'asc', nulls: 'last' } },
          { sortOrder: 'asc' },
          { id: 'asc' },
        ],
      });
      return rows.map(toRecord);
    },

    async get(id) {
      const row = await prisma.cannedReply.findUnique({ where: { id } });
      return row ? toRecord(row) : undefined;
    },

    async set(input) {
      const key = {
        unitCode: input.unitCode ?? null,
        categoryCode: input.categoryCode ?? null,
        status: input.status ?? null,
        text: input.text,
      };
      // Idempotent on the exact text, so running the same admin command twice adds one reply.
      // A race between two identical commands may add two; removing one is the fix, no harm done.
      const existing = await prisma.cannedReply.findFirst({ where: key, orderBy: { id: 'asc' } });
      if (existing) return { type: 'exists', reply: toRecord(existing) };
      const row = await prisma.cannedReply.create({
        data: { ...key, sortOrder: input.sortOrder ?? 0 },
      });
      return { type: 'created', reply: toRecord(row) };
    },

    async remove(id) {
      const { count } = await prisma.cannedReply.deleteMany({ where: { id } });
      return count === 1;
    },
  };
}

function toRecord(row: {
  id: number;
  unitCode: string | null;
  categoryCode: string | null;
  status: string | null;
  text: string;
  sortOrder: number;
}): CannedReplyRecord {
  return {
    id: row.id,
    unitCode: row.unitCode,
    categoryCode: row.categoryCode,
    status: row.status,
    text: row.text,
    sortOrder: row.sortOrder,
  };
}
