/**
 * Whether a commune can take reports through gopy, and why not: the answer `gopy units status`
 * prints and the citizen is told before writing. Ready means a report of every active category
 * finds someone reachable in the commune (an official by the routing rules, or its staff group).
 * A commune that is not ready may still receive reports: they go to the province's
 * administrator when there is one, else they wait for the commune's first official.
 */
import type { CategoryRecord } from './ports/categories.ts';
import type { OfficialDirectory } from './ports/official-directory.ts';
import type { RoutingRuleRecord } from './ports/routing-rules.ts';
import { candidatesFor } from './routing-candidates.ts';

export type UnitReadiness =
  | { type: 'ready' }
  | {
      type: 'notReady';
      /** No active category: nothing can be reported (run `gopy setup`). */
      noCategory: boolean;
      /** Categories whose reports find nobody reachable in the commune. */
      unreachableCategories: string[];
      /** A province administrator is reachable: reports go there meanwhile. */
      provinceAdmin: boolean;
    };

export interface UnitReadinessDeps {
  categories: { listActive(): Promise<CategoryRecord[]> };
  officials: Pick<OfficialDirectory, 'positionsOfUnit' | 'groupsOfUnit' | 'provinceAdmins'>;
  rules: { forUnit(unitCode: string): Promise<RoutingRuleRecord[]> };
}

export function createUnitReadiness(deps: UnitReadinessDeps) {
  return async function unitReadiness(unit: {
    code: string;
    provinceCode: string;
  }): Promise<UnitReadiness> {
    const categories = await deps.categories.listActive();
    const groups = await deps.officials.groupsOfUnit(unit.code);
    const unreachableCategories: string[] = [];
    if (groups.length === 0) {
      for (const c of categories) {
        // The everyday kind: a phản ánh of this category, about nobody in particular.
        const probe = {
          id: 0,
          unitCode: unit.code,
          categoryCode: c.code,
          kind: 'phan-anh',
          aboutOfficialId: null,
        } as const;
        const { routing } = await candidatesFor(deps, probe);
        if (routing.type !== 'candidates') unreachableCategories.push(c.code);
      }
    }
    if (categories.length > 0 && unreachableCategories.length === 0) return { type: 'ready' };
    const admins = await deps.officials.provinceAdmins(unit.provinceCode);
    return {
      type: 'notReady',
      noCategory: categories.length === 0,
      unreachableCategories,
      provinceAdmin: admins.some((a) => a.unreachableAt === null),
    };
  };
}

export type UnitReadinessCheck = ReturnType<typeof createUnitReadiness>;
