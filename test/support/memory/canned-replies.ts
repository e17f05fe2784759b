/**
 * The canned answers in memory, read the way the PostgreSQL repository reads them: with a
 * filter, a reply tied to another commune, category or status is left out and the generic ones
 * come after the specific ones (the commune's own, then the category's, then the status's), then
 * by sort order and id. Adding the same text for the same commune, category and status keeps one.
 */
import type { CannedReplies, CannedReplyRecord } from '../../../src/app/ports/canned-replies.ts';

export interface MemoryCannedReplies extends CannedReplies {
  add(input: {
    unitCode?: string;
    categoryCode?: string;
    status?: string;
    text: string;
    sortOrder?: number;
  }): CannedReplyRecord;
  remove(id: number): boolean;
}

/** Ascending, null last (the SQL's NULLS LAST). */
function nullsLast(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

export function createMemoryCannedReplies(): MemoryCannedReplies {
  const replies: CannedReplyRecord[] = [];
  let nextId = 0;
  const fits = (value: string | null, wanted: string | undefined) =>
    wanted === undefined || value === null || value === wanted;
  return {
    add(input) {
      const key = {
        unitCode: input.unitCode ?? null,
        categoryCode: input.categoryCode ?? null,
        status: input.status ?? null,
        text: input.text,
      };
      const known = replies.find(
        (r) =>
          r.unitCode === key.unitCode &&
          r.categoryCode === key.categoryCode &&
          r.status === key.status &&
          r.text === key.text,
      );
      if (known) return { ...known };
      const reply = { id: ++nextId, ...key, sortOrder: input.sortOrder ?? 0 };
      replies.push(reply);
      return { ...reply };
    },
    remove(id) {
      const at = replies.findIndex((r) => r.id === id);
      if (at < 0) return false;
      replies.splice(at, 1);
      return true;
    },
    async list(filter = {}) {
      return replies
        .filter(
          (r) =>
            fits(r.unitCode, filter.unitCode) &&
            fits(r.categoryCode, filter.categoryCode) &&
            fits(r.status, filter.status),
        )
        .sort(
          (a, b) =>
            nullsLast(a.unitCode, b.unitCode) ||
            nullsLast(a.categoryCode, b.categoryCode) ||
            nullsLast(a.status, b.status) ||
            a.sortOrder - b.sortOrder ||
            a.id - b.id,
        )
        .map((r) => ({ ...r }));
    },
    async get(id) {
      const found = replies.find((r) => r.id === id);
      return found && { ...found };
    },
  };
}
