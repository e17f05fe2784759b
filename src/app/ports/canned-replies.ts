/**
 * Canned answers offered to officials when they answer or resolve a report (implemented by
 * persistence/canned-replies-repository.ts). A reply may be tied to a category, to a status (the
 * outcome being answered), to both or to neither (generic).
 */
export interface CannedReplyRecord {
  id: number;
  /** null: offered in every commune; else only in this one. */
  unitCode: string | null;
  /** null: fits every category. */
  categoryCode: string | null;
  /** null: fits every status. */
  status: string | null;
  text: string;
  sortOrder: number;
}

export interface CannedReplies {
  /**
   * With a category (or status): the replies that fit it (its own and the generic ones),
   * category-specific first, then status-specific, then generic. Without filters: every reply.
   */
  list(filter?: {
    unitCode?: string;
    categoryCode?: string;
    status?: string;
  }): Promise<CannedReplyRecord[]>;
  /** One reply by id (an official picked its button). */
  get(id: number): Promise<CannedReplyRecord | undefined>;
}
