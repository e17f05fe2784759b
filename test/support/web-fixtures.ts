/**
 * Data for the judgement pages' tests: commune ratings as the rating flows save them (the five
 * criteria, the overall item, "what to improve"), counter micro-ratings, an answered report, and
 * a province admin. Written through the repositories the app uses, at the real current time.
 */
import { randomUUID } from 'node:crypto';
import {
  COUNTER_ITEMS,
  HEADLINE_ITEMS,
  IMPROVE_ITEM,
  OVERALL_ITEM,
} from '../../src/core/judgement-items.ts';
import { currentPeriod, formatPeriod } from '../../src/core/judgement-period.ts';
import type { Harness } from './gopy-harness.ts';
import { addOfficial } from './routing-fixtures.ts';

const IMPROVE = ['information', 'office', 'competence', 'attitude', 'digital'];

/** `count` citizens rate `unitCode` this quarter; scores vary so the bars differ. */
export async function seedRatings(
  h: Pick<Harness, 'db' | 'gopy'>,
  unitCode: string,
  count: number,
  firstCitizen = 700_000,
): Promise<void> {
  const period = formatPeriod(currentPeriod('quarter', new Date()));
  for (let i = 0; i < count; i++) {
    const citizen = await h.db.prisma.citizen.upsert({
      where: {
        channel_externalId: { channel: 'telegram', externalId: String(firstCitizen + i) },
      },
      create: {
        channel: 'telegram',
        externalId: String(firstCitizen + i),
        chatId: String(firstCitizen + i),
        displayName: `Người chấm ${i}`,
        // Citizens who have used gopy for a month: two dozen new ones rating one commune within
        // minutes would be flagged as a burst and counted apart.
        consentAt: new Date(Date.now() - 30 * 86_400_000),
      },
      update: {},
    });
    // Criterion c gets a 4 or 5 from most citizens and a 2 from every (c + 2)th.
    const score = (c: number) => (i % (c + 2) === 0 ? 2 : 4 + (i % 2));
    await h.gopy.repos.ratings.save({
      submissionKey: randomUUID(),
      citizenId: citizen.id,
      unitCode,
      kind: 'detailed',
      period,
      flowId: 'rate-commune',
      flowVersion: 1,
      answers: [
        ...([1, 2, 3, 4, 5] as const).map((c) => ({
          itemId: HEADLINE_ITEMS[c],
          criterion: c,
          score: score(c),
        })),
        { itemId: OVERALL_ITEM, score: score(0) },
        { itemId: IMPROVE_ITEM, choices: IMPROVE.slice(0, 1 + (i % IMPROVE.length)) },
      ],
    });
    await h.gopy.repos.ratings.save({
      submissionKey: randomUUID(),
      citizenId: citizen.id,
      unitCode,
      kind: 'counter',
      period,
      flowId: 'rate-counter',
      flowVersion: 1,
      counterCode: i % 2 === 0 ? 'Q1' : 'Q2',
      answers: COUNTER_ITEMS.map((item, k) => ({ itemId: item.itemId, score: score(k + 1) })),
    });
  }
}

/** Marks a report answered ("đã giải quyết") now, as the resolve flow leaves it. */
export async function markAnswered(h: Pick<Harness, 'db'>, reportId: number): Promise<void> {
  const now = new Date();
  await h.db.prisma.report.update({
    where: { id: reportId },
    data: {
      status: 'resolved',
      acknowledgedAt: now,
      resolvedAt: now,
      resultType: 'resolved',
    },
  });
}

/** A province admin of the demo province (that of 12694), reachable at private chat `chatId`. */
export async function addProvinceAdmin(h: Pick<Harness, 'db'>, chatId: number): Promise<void> {
  await addOfficial(h.db.prisma, { unitCode: '12694', kind: 'chair', chatId, role: 'admin' });
}
