/**
 * The routing rules as routing reads them (implemented by persistence/routing-rules-repository.ts,
 * which also lets the admin set them): (unit, category, report kind) → an ordered list of
 * position kinds; a null field matches anything.
 */
import type { PositionKind } from '../../core/positions.ts';

export interface RoutingRuleRecord {
  id: number;
  /** null: every unit (a global rule). */
  unitCode: string | null;
  /** null: every category. */
  categoryCode: string | null;
  /** Report kind (gop-y, phan-anh, …); null: every kind. */
  kind: string | null;
  positionKind: PositionKind;
  /** Position within the rule's list: 0 is asked first. */
  order: number;
}

/** The routing rules of a unit. */
export interface RoutingRulesSource {
  /**
   * The rules that can apply to a unit: its own and the global ones, unit-specific first, then
   * category-specific, then kind-specific, then by order.
   */
  forUnit(unitCode: string): Promise<RoutingRuleRecord[]>;
}
