/**
 * Ratings. One quick rating per citizen, commune and quarter: saving a new one marks the
 * earlier one replaced, in the same transaction, so scores never count both.
 */
import type { PrismaClient } from './generated/prisma/client.ts';
import { isUniqueViolation } from './prisma-errors.ts';

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
  answers: Array<{
    itemId: string;
    criterion?: number;
    score?: number;
    choices?: string[];
    text?: string;
  }>;
}

/**
 * Kinds where a later rating in the same period replaces the earlier one. A detailed rating
 * answers the quick rating's items too, so either kind replaces the other: one commune rating
 * per citizen and quarter counts, whichever way it was given.
 */
const ONE_PER_PERIOD: ReadonlyArray<NewRating['kind']> = ['quick', 'detailed'];

export function createRatingsRepository(prisma: PrismaClient) {
  return {
    async save(input: NewRating): Promise<{ id: number; replaced: boolean }> {
      const existing = await prisma.rating.findUnique({
        where: { submissionKey: input.submissionKey },
      });
      if (existing) return { id: existing.id, replaced: false };
      try {
        return await prisma.$transaction(async (tx) => {
          let replaced = false;
          if (ONE_PER_PERIOD.includes(input.kind)) {
            const r = await tx.rating.updateMany({
              where: {
                citizenId: input.citizenId,
                unitCode: input.unitCode,
                kind: { in: [...ONE_PER_PERIOD] },
                period: input.period,
                replacedAt: null,
              },
              data: { replacedAt: new Date() },
            });
            replaced = r.count > 0;
          }
          const rating = await tx.rating.create({
            data: {
              submissionKey: input.submissionKey,
              citizenId: input.citizenId,
              unitCode: input.unitCode,
              kind: input.kind,
              period: input.period,
              flowId: input.flowId,
              flowVersion: input.flowVersion,
              counterCode: input.counterCode ?? null,
              staffCode: input.staffCode ?? null,
              reportId: input.reportId ?? null,
              answers: {
                create: input.answers.map((a) => ({
                  itemId: a.itemId,
                  criterion: a.criterion ?? null,
                  score: a.score ?? null,
                  choices: a.choices ?? [],
                  text: a.text ?? null,
                })),
              },
            },
          });
          // The commune is offered first next time, as after a report.
          await tx.citizen.update({
            where: { id: input.citizenId },
            data: { lastUnitCode: input.unitCode },
          });
          return { id: rating.id, replaced };
        });
      } catch (err) {
        if (isUniqueViolation(err)) {
          const row = await prisma.rating.findUniqueOrThrow({
            where: { submissionKey: input.submissionKey },
          });
          return { id: row.id, replaced: false };
        }
        throw err;
      }
    },

    /** Scores (1–5) per criterion of a unit's current quick and detailed ratings since `since`. */
    async criterionScores(unitCode: string, since: Date): Promise<Map<number, number[]>> {
      const rows = await prisma.ratingAnswer.findMany({
        where: {
          criterion: { not: null },
          score: { not: null },
          rating: { unitCode, replacedAt: null, createdAt: { gte: since } },
        },
        select: { criterion: true, score: true },
      });
      const out = new Map<number, number[]>();
      for (const r of rows) {
        if (r.criterion === null || r.score === null) continue;
        const list = out.get(r.criterion) ?? [];
        list.push(r.score);
        out.set(r.criterion, list);
      }
      return out;
    },
  };
}

export type RatingsRepository = ReturnType<typeof createRatingsRepository>;
