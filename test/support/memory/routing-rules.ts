/** Routing rules in memory, ordered the way the PostgreSQL repository orders them. */
import type {
  RoutingRuleRecord,
  RoutingRulesSource,
} from '../../../src/app/ports/routing-rules.ts';

export interface MemoryRoutingRules extends RoutingRulesSource {
  add(rule: Omit<RoutingRuleRecord, 'id'>): RoutingRuleRecord;
}

export function createMemoryRoutingRules(): MemoryRoutingRules {
  const rules: RoutingRuleRecord[] = [];
  // Ascending with nulls last, field by field: a unit's own rules come before the global ones,
  // category-specific before any-category, kind-specific before any-kind, then by order.
  const nullsLast = (a: string | null, b: string | null) =>
    a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;
  return {
    add(rule) {
      const record = { ...rule, id: rules.length + 1 };
      rules.push(record);
      return record;
    },
    async forUnit(unitCode) {
      return rules
        .filter((r) => r.unitCode === null || r.unitCode === unitCode)
        .sort(
          (a, b) =>
            nullsLast(a.unitCode, b.unitCode) ||
            nullsLast(a.categoryCode, b.categoryCode) ||
            nullsLast(a.kind, b.kind) ||
            a.order - b.order ||
            a.id - b.id,
        )
        .map((r) => ({ ...r }));
    },
  };
}
