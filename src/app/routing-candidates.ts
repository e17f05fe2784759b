/**
 * The ordered candidates for a report, from its unit's positions and routing rules: what both
 * routing (route-report.ts) and the fallback (reroute-unreachable.ts) start from.
 */
import { routeCandidates, type RoutingResult, type RoutingRule } from '../core/routing.ts';
import { isSubmissionKind } from '../core/submission-kinds.ts';
import type { PositionRecord, OfficialDirectory } from './ports/official-directory.ts';
import type { ReportForOfficials } from './ports/report-store.ts';
import type { RoutingRulesSource } from './ports/routing-rules.ts';

/**
 * The ordered candidates for a report (core/routing.ts), from the unit's positions and rules.
 * `treatAsReachable` keeps one official on the list even if marked unreachable, so a fallback
 * can find where they stood and take the next one.
 */
export async function candidatesFor(
  deps: {
    officials: Pick<OfficialDirectory, 'positionsOfUnit'>;
    rules: RoutingRulesSource;
  },
  report: Pick<ReportForOfficials, 'id' | 'unitCode' | 'categoryCode' | 'kind' | 'aboutOfficialId'>,
  options: { treatAsReachable?: number } = {},
): Promise<{ routing: RoutingResult; positions: PositionRecord[] }> {
  if (!isSubmissionKind(report.kind))
    throw new Error(`report ${report.id} has unknown kind ${String(report.kind)}`);
  const positions = await deps.officials.positionsOfUnit(report.unitCode);
  const routing = routeCandidates({
    report: {
      unitCode: report.unitCode,
      categoryCode: report.categoryCode,
      kind: report.kind,
      aboutOfficialId: report.aboutOfficialId,
    },
    positions,
    officials: positions.flatMap((p) =>
      p.officials.map((o) => ({
        id: o.id,
        positionId: p.id,
        unreachable: o.unreachableAt !== null && o.id !== options.treatAsReachable,
      })),
    ),
    rules: (await deps.rules.forUnit(report.unitCode)).flatMap((r): RoutingRule[] =>
      r.kind === null || isSubmissionKind(r.kind) ? [{ ...r, kind: r.kind }] : [],
    ),
  });
  return { routing, positions };
}
