/**
 * Citizens' ratings of their commune and of the answers they got (implemented by
 * persistence/ratings-repository.ts). One quick or detailed rating per citizen, commune and
 * quarter counts: saving a new one marks the earlier one replaced, in the same transaction.
 */
export interface NewRating {
  submissionKey: string;
  citizenId: number;
  unitCode: string;
  kind: 'quick' | 'detailed' | 'counter' | 'follow-up';
  period: string;
  flowId: string;
  flowVersion: number;
  counterCode?: string;
  staffCode?: string;
  reportId?: number;
  /** When the person began answering: a rating given faster than one can read is flagged. */
  startedAt?: Date;
  /** When it is saved (the use case's clock); the database's clock when omitted. */
  at?: Date;
  answers: Array<{
    itemId: string;
    criterion?: number;
    score?: number;
    choices?: string[];
    text?: string;
  }>;
}

export interface Ratings {
  /** Stores the rating once per submission key; `replaced` says an earlier one stopped counting. */
  save(input: NewRating): Promise<{ id: number; replaced: boolean }>;
  /** Whether the citizen was already asked to rate the answer of this report (once per report). */
  hasFollowUp(reportId: number, citizenId: number): Promise<boolean>;
  /** Scores (1–5) per criterion of a unit's current quick and detailed ratings since `since`. */
  criterionScores(unitCode: string, since: Date): Promise<Map<number, number[]>>;
}
