/**
 * What every implementation of the ratings (app/ports/ratings.ts) must do, run against the
 * in-memory one (test/unit/ports) and the PostgreSQL one (test/integration/ports): a rating is
 * kept once per submission key, one quick or detailed rating per citizen, commune and quarter
 * counts (the later replaces the earlier), a rating given faster than one can read does not
 * count, and the follow-up on an answer is asked once per report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewRating, Ratings } from '../../../src/app/ports/ratings.ts';

export interface RatingsFixture {
  ratings: Ratings;
  /** Two citizens (they exist: ratings name them). */
  citizenIds: readonly [number, number];
  /** A commune ratings are given to, and a report of it whose answer is rated. */
  unitCode: string;
  reportId: number;
  close(): Promise<void>;
}

const AT = new Date('2026-03-10T03:00:00Z');
const MINUTE = 60_000;

export function describeRatingsContract(name: string, make: () => Promise<RatingsFixture>): void {
  describe(`Ratings contract: ${name}`, () => {
    let f: RatingsFixture;
    let key = 0;
    beforeAll(async () => {
      f = await make();
    });
    afterAll(async () => {
      await f.close();
    });

    /** A quick rating of the commune, read calmly (a minute), scoring criteria 1 and 2. */
    const rating = (
      citizenId: number,
      scores: [number, number],
      overrides: Partial<NewRating> = {},
    ): NewRating => {
      const at = overrides.at ?? AT;
      return {
        submissionKey: `contract-rating-${++key}`,
        citizenId,
        unitCode: f.unitCode,
        kind: 'quick',
        period: '2026-Q1',
        flowId: 'rating',
        flowVersion: 1,
        startedAt: new Date(at.getTime() - MINUTE),
        at,
        answers: [
          { itemId: 'q1', criterion: 1, score: scores[0] },
          { itemId: 'q2', criterion: 2, score: scores[1] },
        ],
        ...overrides,
      };
    };
    const scores = async (since = new Date(AT.getTime() - 365 * 86_400_000)) =>
      Object.fromEntries(await f.ratings.criterionScores(f.unitCode, since));

    it('keeps a rating once per submission key, and counts its scores per criterion', async () => {
      const [lan] = f.citizenIds;
      const input = rating(lan, [4, 2]);
      const first = await f.ratings.save(input);
      expect(first.replaced).toBe(false);
      expect(await f.ratings.save(input)).toEqual({ id: first.id, replaced: false });
      expect(await scores()).toEqual({ 1: [4], 2: [2] });
    });

    it("counts a citizen's later rating of the quarter instead of the earlier, quick or detailed", async () => {
      const [lan, minh] = f.citizenIds;
      const later = new Date(AT.getTime() + 10 * MINUTE);
      const saved = await f.ratings.save(rating(lan, [5, 3], { kind: 'detailed', at: later }));
      expect(saved.replaced).toBe(true);
      expect(await f.ratings.save(rating(minh, [1, 1], { at: later }))).toMatchObject({
        replaced: false,
      });
      const byScore = (xs: number[] | undefined) => [...(xs ?? [])].sort((a, b) => a - b);
      const now = await scores();
      expect(byScore(now[1])).toEqual([1, 5]);
      expect(byScore(now[2])).toEqual([1, 3]);
      // Only the ratings since a time count.
      expect(await scores(new Date(later.getTime() + MINUTE))).toEqual({});
      // The next quarter is another rating: nothing is replaced.
      const nextQuarter = rating(lan, [2, 2], {
        period: '2026-Q2',
        at: new Date('2026-04-02T03:00:00Z'),
      });
      expect((await f.ratings.save(nextQuarter)).replaced).toBe(false);
      expect(byScore((await scores())[1])).toEqual([1, 2, 5]);
    });

    it('leaves out a rating given faster than one can read the questions', async () => {
      const [, minh] = f.citizenIds;
      const before = await scores();
      const at = new Date('2026-04-03T03:00:00Z');
      const hasty = rating(minh, [5, 5], {
        period: '2026-Q2',
        at,
        startedAt: new Date(at.getTime() - 500),
      });
      await f.ratings.save(hasty);
      expect(await scores()).toEqual(before);
    });

    it('remembers that the answer of a report was rated by its citizen, once per report', async () => {
      const [lan, minh] = f.citizenIds;
      expect(await f.ratings.hasFollowUp(f.reportId, lan)).toBe(false);
      await f.ratings.save(
        rating(lan, [4, 4], {
          kind: 'follow-up',
          period: '2026-Q1',
          reportId: f.reportId,
          answers: [{ itemId: 'followup', score: 4 }],
        }),
      );
      expect(await f.ratings.hasFollowUp(f.reportId, lan)).toBe(true);
      expect(await f.ratings.hasFollowUp(f.reportId, minh)).toBe(false);
    });
  });
}
