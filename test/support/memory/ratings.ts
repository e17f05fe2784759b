/**
 * Citizens' ratings in memory, with the PostgreSQL repository's rules: one rating per submission
 * key; a quick or detailed rating replaces the citizen's earlier one of the commune in the same
 * period (either kind); a rating given faster than one can read, or with one score everywhere,
 * is flagged (core/rating-flags.ts) and, like a replaced one, leaves the commune's scores. The
 * burst flag (many new citizens at once) is judged in SQL over citizens' first visits, which
 * these ports do not keep: it is tested on PostgreSQL only (test/integration/judgement.test.ts).
 */
import { ownFlags, type RatingFlag } from '../../../src/core/rating-flags.ts';
import type { NewRating, Ratings } from '../../../src/app/ports/ratings.ts';

interface StoredRating extends NewRating {
  id: number;
  at: Date;
  replacedAt: Date | null;
  flags: RatingFlag[];
}

export interface MemoryRatings extends Ratings {
  readonly all: readonly StoredRating[];
}

const ONE_PER_PERIOD: ReadonlyArray<NewRating['kind']> = ['quick', 'detailed'];

export function createMemoryRatings(): MemoryRatings {
  const all: StoredRating[] = [];
  return {
    all,
    async save(input) {
      const known = all.find((r) => r.submissionKey === input.submissionKey);
      if (known) return { id: known.id, replaced: false };
      const at = input.at ?? new Date();
      let replaced = false;
      if (ONE_PER_PERIOD.includes(input.kind))
        for (const r of all)
          if (
            r.citizenId === input.citizenId &&
            r.unitCode === input.unitCode &&
            ONE_PER_PERIOD.includes(r.kind) &&
            r.period === input.period &&
            r.replacedAt === null
          ) {
            r.replacedAt = at;
            replaced = true;
          }
      const flags =
        input.startedAt && input.kind !== 'follow-up'
          ? ownFlags({ startedAt: input.startedAt, savedAt: at, answers: input.answers })
          : [];
      const id = all.length + 1;
      all.push({ ...structuredClone(input), id, at, replacedAt: null, flags });
      return { id, replaced };
    },
    async hasFollowUp(reportId, citizenId) {
      return all.some(
        (r) => r.kind === 'follow-up' && r.reportId === reportId && r.citizenId === citizenId,
      );
    },
    async criterionScores(unitCode, since) {
      const out = new Map<number, number[]>();
      for (const r of all) {
        if (r.unitCode !== unitCode || r.replacedAt || r.flags.length || r.at < since) continue;
        for (const a of r.answers) {
          if (a.criterion === undefined || a.score === undefined) continue;
          out.set(a.criterion, [...(out.get(a.criterion) ?? []), a.score]);
        }
      }
      return out;
    },
  };
}
