import type { PositionKind } from './positions.ts';
import { kindIsHeadOnly, type SubmissionKind } from './submission-kinds.ts';

/**
 * Who receives a report: positions, not people (people change, positions stay), chosen by
 * routing rules with sensible defaults, and never the official the report is about.
 */

/** A position in one commune. `rank` orders escalation: staff 0 < head 1 < vice chair 2 < chair 3. */
export interface RoutingPosition {
  readonly id: number;
  readonly kind: PositionKind;
  /** Category codes this position is in charge of. */
  readonly fields: readonly string[];
  readonly rank: number;
}

/** A person currently holding a position. */
export interface RoutingOfficial {
  readonly id: number;
  readonly positionId: number;
  /** The channel refused the last message (blocked the bot, left): skip them. */
  readonly unreachable: boolean;
  /** Defaults to true; inactive officials are skipped. */
  readonly active?: boolean;
}

/**
 * `(unit, category, kind) → position kind`, tried in `order` (low first). A null field matches
 * anything.
 */
export interface RoutingRule {
  readonly unitCode: string | null;
  readonly categoryCode: string | null;
  readonly kind: SubmissionKind | null;
  readonly positionKind: PositionKind;
  readonly order: number;
}

export interface RoutableReport {
  readonly unitCode: string;
  readonly categoryCode: string;
  readonly kind: SubmissionKind;
  /** The official the report is about, if any: they never receive it. */
  readonly aboutOfficialId?: number | null;
}

/** Why a position is on the list. */
export type CandidateSource =
  /** A routing rule named its kind. */
  | 'rule'
  /** No rule: the vice chair in charge of the category. */
  | 'field'
  /** The chair: by default, as the last fallback, or for a tố cáo. */
  | 'chair'
  /** The report is about someone on the list: the next level up. */
  | 'level-up';

export interface RouteCandidate {
  readonly positionId: number;
  readonly positionKind: PositionKind;
  readonly officialId: number;
  readonly source: CandidateSource;
}

export type RoutingResult =
  /** Try these in order; fall back to the next when a delivery fails. Never empty. */
  | { readonly type: 'candidates'; readonly candidates: readonly RouteCandidate[] }
  /** Nobody in the commune may receive it: the report is about the chair, the top of the commune. */
  | { readonly type: 'provinceAdmin'; readonly reason: 'about-chair' }
  /** The right positions exist (or not) but nobody reachable holds them. */
  | { readonly type: 'noOfficial'; readonly positionIds: readonly number[] };

export interface RouteCandidatesInput {
  readonly report: RoutableReport;
  /** The positions of the report's unit. */
  readonly positions: readonly RoutingPosition[];
  /** Officials holding those positions. */
  readonly officials: readonly RoutingOfficial[];
  /** Rules of every unit, or of this unit and the global ones: non-matching rules are ignored. */
  readonly rules: readonly RoutingRule[];
}

/**
 * The ordered list of officials who should receive a report.
 *
 * 1. A tố cáo goes to the chair only (Luật Tố cáo: the head of the body managing the person
 *    denounced decides; the fewer people see a sealed identity, the better); rules do not apply.
 * 2. Otherwise the most specific matching rule set wins: rules are grouped by their
 *    (unit, category, kind) key; a key naming the unit beats one naming the category, which beats
 *    one naming the kind (the commune's own setup overrides province-wide defaults). Its rules
 *    give position kinds in `order`; within a kind, positions in charge of the category come
 *    first.
 * 3. With no matching rule: the vice chair(s) in charge of the category, else the chair.
 * 4. The chair ends every list as the last fallback.
 * 5. A report about an official never reaches them, nor anyone of their rank or below: it goes
 *    one level up (about a vice chair → the chair; about the chair → the province).
 * 6. Unreachable or inactive officials are skipped; a position without a reachable official
 *    falls through to the next.
 */
export function routeCandidates(input: RouteCandidatesInput): RoutingResult {
  const { report, positions, officials } = input;
  const chairs = sortPositions(
    positions.filter((p) => p.kind === 'chair'),
    report.categoryCode,
  );

  // The floor under which nobody may receive the report: the rank of the official it is about.
  const about = report.aboutOfficialId ?? null;
  const aboutPosition =
    about === null
      ? undefined
      : positions.find((p) => officials.some((o) => o.id === about && o.positionId === p.id));
  const floor = aboutPosition ? aboutPosition.rank : -Infinity;
  if (aboutPosition?.kind === 'chair') return { type: 'provinceAdmin', reason: 'about-chair' };

  const primary: Array<{ position: RoutingPosition; source: CandidateSource }> = [];
  if (kindIsHeadOnly(report.kind)) {
    for (const p of chairs) primary.push({ position: p, source: 'chair' });
  } else {
    const ruleKinds = matchingRuleKinds(input.rules, report);
    if (ruleKinds.length > 0) {
      for (const kind of ruleKinds) {
        const ofKind = positions.filter((p) => p.kind === kind);
        for (const p of sortPositions(ofKind, report.categoryCode))
          primary.push({ position: p, source: 'rule' });
      }
    } else {
      const inCharge = positions.filter(
        (p) => p.kind === 'vice-chair' && p.fields.includes(report.categoryCode),
      );
      for (const p of sortPositions(inCharge, report.categoryCode))
        primary.push({ position: p, source: 'field' });
    }
  }

  let allowed = primary.filter((c) => c.position.rank > floor);
  if (aboutPosition && allowed.length === 0) {
    // Everyone planned sits at or below the official reported on: go one level up from them.
    allowed = oneLevelUp(positions, floor, report.categoryCode).map((p) => ({
      position: p,
      source: 'level-up' as const,
    }));
  }
  allowed = dedupe([
    ...allowed,
    ...chairs.filter((p) => p.rank > floor).map((p) => ({ position: p, source: 'chair' as const })),
  ]);

  const candidates: RouteCandidate[] = [];
  for (const { position, source } of allowed) {
    const holders = officials
      .filter(
        (o) =>
          o.positionId === position.id && o.active !== false && !o.unreachable && o.id !== about,
      )
      .sort((a, b) => a.id - b.id);
    for (const o of holders) {
      candidates.push({
        positionId: position.id,
        positionKind: position.kind,
        officialId: o.id,
        source,
      });
    }
  }
  if (candidates.length === 0) {
    return { type: 'noOfficial', positionIds: allowed.map((c) => c.position.id) };
  }
  return { type: 'candidates', candidates };
}

/** Where a report goes when it is escalated from `current`. */
export type EscalationTarget =
  | { readonly type: 'position'; readonly positionId: number; readonly positionKind: PositionKind }
  | { readonly type: 'provinceAdmin' }
  | { readonly type: 'none' };

/** Who holds a report now, for escalation. */
export type EscalationLevel =
  { readonly type: 'position'; readonly positionId: number } | { readonly type: 'provinceAdmin' };

/**
 * One step up the ladder: staff → head → vice chair → chair → the province's administrator.
 * Among the positions of the next rank, one in charge of `categoryCode` is preferred; a rank with
 * no such position is skipped in favour of the chair (a vice chair for culture does not judge a
 * road report). The province is the last step: from it there is `none`. A position missing from
 * `positions` (since deleted) escalates to the chair.
 */
export function escalationTarget(
  current: EscalationLevel,
  positions: readonly RoutingPosition[],
  categoryCode?: string,
): EscalationTarget {
  if (current.type === 'provinceAdmin') return { type: 'none' };
  const here = positions.find((p) => p.id === current.positionId);
  const chair = sortPositions(
    positions.filter((p) => p.kind === 'chair'),
    categoryCode,
  )[0];
  if (!here) {
    return chair
      ? { type: 'position', positionId: chair.id, positionKind: chair.kind }
      : { type: 'provinceAdmin' };
  }
  const next = oneLevelUp(positions, here.rank, categoryCode)[0];
  if (!next) return { type: 'provinceAdmin' };
  return { type: 'position', positionId: next.id, positionKind: next.kind };
}

/**
 * The lowest rank above `rank` that is competent for the category (in charge of it, or the
 * chair), best first; empty when nothing is above.
 */
function oneLevelUp(
  positions: readonly RoutingPosition[],
  rank: number,
  categoryCode: string | undefined,
): RoutingPosition[] {
  const above = positions.filter(
    (p) =>
      p.rank > rank &&
      (p.kind === 'chair' || categoryCode === undefined || p.fields.includes(categoryCode)),
  );
  if (above.length === 0) return [];
  const lowest = Math.min(...above.map((p) => p.rank));
  return sortPositions(
    above.filter((p) => p.rank === lowest),
    categoryCode,
  );
}

/** Position kinds named by the most specific matching rule set, in order. */
function matchingRuleKinds(rules: readonly RoutingRule[], report: RoutableReport): PositionKind[] {
  const matching = rules.filter(
    (r) =>
      (r.unitCode === null || r.unitCode === report.unitCode) &&
      (r.categoryCode === null || r.categoryCode === report.categoryCode) &&
      (r.kind === null || r.kind === report.kind),
  );
  if (matching.length === 0) return [];
  const best = Math.max(...matching.map(specificity));
  const kinds = matching
    .filter((r) => specificity(r) === best)
    .sort((a, b) => a.order - b.order)
    .map((r) => r.positionKind);
  return [...new Set(kinds)];
}

function specificity(rule: RoutingRule): number {
  return (
    (rule.unitCode !== null ? 4 : 0) +
    (rule.categoryCode !== null ? 2 : 0) +
    (rule.kind !== null ? 1 : 0)
  );
}

/** In charge of the category first, then higher rank, then lower id (stable, deterministic). */
function sortPositions(
  list: readonly RoutingPosition[],
  categoryCode: string | undefined,
): RoutingPosition[] {
  const inCharge = (p: RoutingPosition) =>
    categoryCode !== undefined && p.fields.includes(categoryCode) ? 0 : 1;
  return [...list].sort((a, b) => inCharge(a) - inCharge(b) || b.rank - a.rank || a.id - b.id);
}

function dedupe<T extends { position: RoutingPosition }>(list: readonly T[]): T[] {
  const seen = new Set<number>();
  return list.filter((c) => (seen.has(c.position.id) ? false : (seen.add(c.position.id), true)));
}
