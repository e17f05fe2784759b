/**
 * Routing rules: (unit, category, report kind) → an ordered list of position kinds. A null unit,
 * category or kind matches anything; the router picks the most specific rule. This repository
 * stores and lists rules; choosing among them is the router's job.
 *
 * The schema has no unique key on the tuple (its columns are nullable, and NULLs never collide
 * in a unique index), so `set` serializes writers of one tuple with an advisory lock and then
 * updates or inserts.
 */
import { AppError } from '../core/errors.ts';
import type { PrismaClient } from './generated/prisma/client.ts';
import { isPositionKind, type PositionKind } from '../core/positions.ts';
import type { RoutingRuleRecord, RoutingRulesSource } from '../app/ports/routing-rules.ts';

export interface RoutingRuleInput {
  unitCode?: string;
  categoryCode?: string;
  kind?: string;
  positionKind: PositionKind;
  order: number;
}

export type SetRuleResult =
  | { type: 'created'; rule: RoutingRuleRecord }
  | { type: 'updated'; rule: RoutingRuleRecord; previous: PositionKind };

export interface RoutingRulesRepository extends RoutingRulesSource {
  /** Rules of one unit (its own only) or, without a unit, every rule; most specific first. */
  list(filter?: { unitCode?: string }): Promise<RoutingRuleRecord[]>;
  /** Upserts on (unit, category, kind, order): the same slot gets the new position kind. */
  set(input: RoutingRuleInput): Promise<SetRuleResult>;
  /** False when no rule had this id. */
  remove(id: number): Promise<boolean>;
}

export function createRoutingRulesRepository(prisma: PrismaClient): RoutingRulesRepository {
  // NULLS LAST on each column puts specific rules before the generic ones they override.
  const specificFirst = [
    { unitCode: { sort: 'asc', nulls: 'last' } },
    { categoryCode: { sort: 'asc', nulls: 'last' } },
    { kind: { sort: 'asc', nulls: 'last' } },
    { order: 'asc' },
    { id: 'asc' },
  ] as const;

  return {
    async list(filter = {}) {
      const rows = await prisma.routingRule.findMany({
        where: filter.unitCode === undefined ? {} : { unitCode: filter.unitCode },
        orderBy: [...specificFirst],
      });
      return rows.map(toRecord);
    },

    async set(input) {
      const slot = {
        unitCode: input.unitCode ?? null,
        categoryCode: input.categoryCode ?? null,
        kind: input.kind ?? null,
        order: input.order,
      };
      return prisma.$transaction(async (tx): Promise<SetRuleResult> => {
        const lockKey = `gopy:routing:${slot.unitCode ?? '*'}:${slot.categoryCode ?? '*'}:${slot.kind ?? '*'}:${slot.order}`;
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${lockKey}))`;
        const existing = await tx.routingRule.findFirst({ where: slot, orderBy: { id: 'asc' } });
        if (!existing) {
          const row = await tx.routingRule.create({
            data: { ...slot, positionKind: input.positionKind },
          });
          return { type: 'created', rule: toRecord(row) };
        }
        const row = await tx.routingRule.update({
          where: { id: existing.id },
          data: { positionKind: input.positionKind },
        });
        return {
          type: 'updated',
          rule: toRecord(row),
          previous: toPositionKind(existing.positionKind),
        };
      });
    },

    async remove(id) {
      const { count } = await prisma.routingRule.deleteMany({ where: { id } });
      return count === 1;
    },

    async forUnit(unitCode) {
      const rows = await prisma.routingRule.findMany({
        where: { OR: [{ unitCode }, { unitCode: null }] },
        orderBy: [...specificFirst],
      });
      return rows.map(toRecord);
    },
  };
}

function toRecord(row: {
  id: number;
  unitCode: string | null;
  categoryCode: string | null;
  kind: string | null;
  positionKind: string;
  order: number;
}): RoutingRuleRecord {
  return {
    id: row.id,
    unitCode: row.unitCode,
    categoryCode: row.categoryCode,
    kind: row.kind,
    positionKind: toPositionKind(row.positionKind),
    order: row.order,
  };
}

function toPositionKind(value: string): PositionKind {
  if (isPositionKind(value)) return value;
  throw new AppError('routing_data', `Unknown position kind in a routing rule: ${value}`);
}
