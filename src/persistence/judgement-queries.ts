/**
 * The judgement's aggregates, computed in PostgreSQL ($queryRaw): counts, shares and medians
 * per commune and period come back as a few rows, never the ratings themselves.
 */
import type { PrismaClient } from './generated/prisma/client.ts';

export function createJudgementQueries(prisma: PrismaClient) {
  void prisma;
  return {};
}

export type JudgementQueries = ReturnType<typeof createJudgementQueries>;
