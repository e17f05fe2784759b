/**
 * Honest statistics for the judgement of a commune: the SIPAS index (share of 4–5 answers,
 * skips excluded) with a 95 % Wilson interval, a minimum sample below which a figure is not
 * shown in public, rank tiers that only separate communes whose intervals do not overlap, the
 * median, and whether a report was answered by its deadline.
 *
 * Wilson rather than the normal approximation: it stays inside [0, 1] and is sensible at n = 1
 * or when every answer is a 5, which is where small communes live.
 */

/** z for a two-sided 95 % interval. */
export const Z_95 = 1.959963984540054;

export interface Interval {
  /** 0–1 */
  readonly low: number;
  /** 0–1 */
  readonly high: number;
}

/**
 * The Wilson score interval of `hits` successes in `n` trials.
 *
 * @throws RangeError when n < 1 or hits is not within 0..n (there is no interval of nothing).
 */
export function wilsonInterval(hits: number, n: number, z: number = Z_95): Interval {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`wilsonInterval: n must be ≥ 1, got ${n}`);
  if (!Number.isInteger(hits) || hits < 0 || hits > n) {
    throw new RangeError(`wilsonInterval: hits must be within 0..${n}, got ${hits}`);
  }
  const p = hits / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // Clamp away floating-point dust: at hits = n the upper bound is exactly 1.
  return {
    low: hits === 0 ? 0 : Math.max(0, centre - half),
    high: hits === n ? 1 : Math.min(1, centre + half),
  };
}

/**
 * A share (index, on-time share …) as shown: with its n and interval, or "chưa đủ ý kiến"
 * when fewer than the minimum answered (n may be 0).
 */
export type ShareFigure =
  | {
      readonly type: 'shown';
      /** Answers counted (skips excluded). */
      readonly n: number;
      /** Answers that count as a success (4–5, on time …). */
      readonly hits: number;
      /** hits / n, 0–1 */
      readonly share: number;
      readonly interval: Interval;
    }
  | { readonly type: 'too-few'; readonly n: number; readonly minAnswers: number };

/** `hits` of `n` as a figure, hidden below `minAnswers` (at least 1: a share of nothing is not shown). */
export function shareFigure(hits: number, n: number, minAnswers: number): ShareFigure {
  const min = Math.max(1, minAnswers);
  if (n < min) return { type: 'too-few', n, minAnswers: min };
  return { type: 'shown', n, hits, share: hits / n, interval: wilsonInterval(hits, n) };
}

/** Counts of a criterion's answers by score; skips are not answers. */
export interface ScoreCounts {
  /** Answers 1–5. */
  readonly answered: number;
  /** Answers 4–5. */
  readonly satisfied: number;
}

/** The SIPAS index of a criterion: share of 4–5 among the non-skipped answers. */
export function sipasIndex(counts: ScoreCounts, minAnswers: number): ShareFigure {
  return shareFigure(counts.satisfied, counts.answered, minAnswers);
}

/** Counts 1–5 scores and skips (null) into `ScoreCounts`; a value outside 1–5 is bad data. */
export function countScores(
  scores: ReadonlyArray<number | null>,
): ScoreCounts & { skipped: number } {
  let answered = 0;
  let satisfied = 0;
  let skipped = 0;
  for (const s of scores) {
    if (s === null) {
      skipped++;
      continue;
    }
    if (!Number.isInteger(s) || s < 1 || s > 5) throw new RangeError(`Not a score: ${s}`);
    answered++;
    if (s >= 4) satisfied++;
  }
  return { answered, satisfied, skipped };
}

/** The median of `xs`, undefined for none (the mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/**
 * Rank tiers that say no more than the data: communes are sorted by share, and a new tier
 * starts only at a commune whose interval lies wholly below the interval of the first commune
 * of the current tier. Communes within a tier are not told apart. When every shown commune
 * falls in one tier, no tier is given at all (`null`): a league table of ties is noise.
 * Hidden figures (too few answers) get no tier.
 *
 * Returns the tier (1 = best) per key, in the order of `items`.
 */
export function rankTiers<K>(
  items: ReadonlyArray<{ readonly key: K; readonly figure: ShareFigure }>,
): Map<K, number | null> {
  const out = new Map<K, number | null>();
  const shown = items
    .flatMap((i) => (i.figure.type === 'shown' ? [{ key: i.key, figure: i.figure }] : []))
    .sort((a, b) => b.figure.share - a.figure.share || b.figure.n - a.figure.n);
  for (const i of items) out.set(i.key, null);
  let tier = 1;
  let leaderLow = Number.POSITIVE_INFINITY;
  const tiers: Array<{ key: K; tier: number }> = [];
  for (const { key, figure } of shown) {
    if (tiers.length === 0) {
      leaderLow = figure.interval.low;
    } else if (figure.interval.high < leaderLow) {
      tier++;
      leaderLow = figure.interval.low;
    }
    tiers.push({ key, tier });
  }
  if (tier > 1) for (const t of tiers) out.set(t.key, t.tier);
  return out;
}

/** Whether a report was answered by its deadline, as far as is known at `now`. */
export type Timeliness = 'on-time' | 'late' | 'pending' | 'no-deadline';

/**
 * A report's timeliness against its deadline (the working-day or statutory deadline stored
 * with the report, extended once at most): answered by the deadline is on time, answered after
 * it or still open past it is late, still open before it is pending (not counted yet). A góp ý
 * has no deadline.
 */
export function timeliness(
  report: { readonly hasDeadline: boolean; readonly dueAt: Date; readonly answeredAt: Date | null },
  now: Date,
): Timeliness {
  if (!report.hasDeadline) return 'no-deadline';
  if (report.answeredAt) return report.answeredAt <= report.dueAt ? 'on-time' : 'late';
  return now > report.dueAt ? 'late' : 'pending';
}

/** The on-time share of reports whose timeliness is known (pending and góp ý excluded). */
export function onTimeShare(kinds: ReadonlyArray<Timeliness>): ShareFigure {
  let hits = 0;
  let n = 0;
  for (const k of kinds) {
    if (k === 'on-time') hits++;
    if (k === 'on-time' || k === 'late') n++;
  }
  return shareFigure(hits, n, 1);
}
