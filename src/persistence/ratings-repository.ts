/**
 * Ratings. One quick rating per citizen, commune and quarter: saving a new one marks the
 * earlier one replaced, in the same transaction, so scores never count both.
 */
import type { Prisma, PrismaClient } from './generated/prisma/client.ts';
import { isUniqueViolation } from './prisma-errors.ts';
import type { Implements } from './implements.ts';
import type { NewRating, Ratings } from '../app/ports/ratings.ts';
import {
  BURST_MIN_RATINGS,
  BURST_WINDOW_MS,
  NEW_CITIZEN_MS,
  ownFlags,
} from '../core/rating-flags.ts';

/**
 * Kinds where a later rating in the same period replaces the earlier one. A detailed rating
 * answers the quick rating's items too, so either kind replaces the other: one commune rating
 * per citizen and quarter counts, whichever way it was given.
 */
const ONE_PER_PERIOD: ReadonlyArray<NewRating['kind']> = ['quick', 'detailed'];

/**
 * Many citizens first seen (consent_at: when they first used gopy) within a day rating one commune within ten minutes: each of their
 * current ratings in the window is flagged 'burst' (once), this one included.
 */
async function flagBurst(tx: Prisma.TransactionClient, unitCode: string, at: Date) {
  const since = new Date(at.getTime() - BURST_WINDOW_MS);
  await tx.$executeRaw`
    WITH recent AS (
      SELECT r.id FROM ratings r JOIN citizens c ON c.id = r.citizen_id
       WHERE r.unit_code = ${unitCode} AND r.kind IN ('quick', 'detailed')
         AND r.replaced_at IS NULL AND r.created_at > ${since} AND r.created_at <= ${at}
         AND coalesce(c.consent_at, c.created_at)
             > r.created_at - ${`${NEW_CITIZEN_MS} milliseconds`}::interval)
    UPDATE ratings SET flags = array_append(flags, 'burst')
     WHERE id IN (SELECT id FROM recent)
       AND NOT ('burst' = ANY(flags))
       AND (SELECT count(*) FROM recent) >= ${BURST_MIN_RATINGS}`;
}

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
          const at = input.at ?? new Date();
          // Two ratings of one citizen for one commune (or counter) at once: one waits.
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`rating:${input.citizenId}:${input.unitCode}`}, 0))`;
          if (ONE_PER_PERIOD.includes(input.kind)) {
            const r = await tx.rating.updateMany({
              where: {
                citizenId: input.citizenId,
                unitCode: input.unitCode,
                kind: { in: [...ONE_PER_PERIOD] },
                period: input.period,
                replacedAt: null,
              },
              data: { replacedAt: at },
            });
            replaced = r.count > 0;
          } else if (input.kind === 'counter' && input.counterCode) {
            // One counter rating per citizen, counter and day (Vietnam's day): the later counts.
            const r = await tx.$executeRaw`
              UPDATE ratings SET replaced_at = ${at}
               WHERE citizen_id = ${input.citizenId} AND unit_code = ${input.unitCode}
                 AND kind = 'counter' AND counter_code = ${input.counterCode}
                 AND replaced_at IS NULL
                 AND ((created_at AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                   = ((${at}::timestamptz) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`;
            replaced = r > 0;
          }
          const flags =
            input.startedAt && input.kind !== 'follow-up'
              ? ownFlags({ startedAt: input.startedAt, savedAt: at, answers: input.answers })
              : [];
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
              flags,
              createdAt: at,
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
          if (ONE_PER_PERIOD.includes(input.kind)) await flagBurst(tx, input.unitCode, at);
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

    /** Whether the citizen was already asked to rate the answer of this report (once per report). */
    async hasFollowUp(reportId: number, citizenId: number): Promise<boolean> {
      const n = await prisma.rating.count({
        where: { reportId, citizenId, kind: 'follow-up' },
      });
      return n > 0;
    },

    /** Scores (1–5) per criterion of a unit's current quick and detailed ratings since `since`. */
    async criterionScores(unitCode: string, since: Date): Promise<Map<number, number[]>> {
      const rows = await prisma.ratingAnswer.findMany({
        where: {
          criterion: { not: null },
          score: { not: null },
          rating: {
            unitCode,
            replacedAt: null,
            flags: { isEmpty: true },
            createdAt: { gte: since },
          },
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

/** Implements the ratings port (app/ports/ratings.ts). */
export type RatingsRepository = Implements<ReturnType<typeof createRatingsRepository>, Ratings>;
