import { localDateTime, VIETNAM_TIME_ZONE, instantAt, formatIsoDate } from './local-date.ts';

/**
 * The five criteria of "Chính quyền thân thiện vì nhân dân phục vụ", the SIPAS 5-point scale,
 * and how answers become the index the public sees.
 */

export type CriterionNumber = 1 | 2 | 3 | 4 | 5;

export interface Criterion {
  readonly number: CriterionNumber;
  readonly nameVi: string;
  readonly nameEn: string;
}

/** The five criteria, in their official order. */
export const CRITERIA: readonly Criterion[] = Object.freeze([
  {
    number: 1,
    nameVi: 'Chính quyền hoạt động công khai, minh bạch',
    nameEn: 'Open, transparent operation',
  },
  {
    number: 2,
    nameVi: 'Chính quyền thân thiện, trách nhiệm',
    nameEn: 'Friendly, responsible government',
  },
  {
    number: 3,
    nameVi:
      'Cán bộ, công chức, người hoạt động không chuyên trách cấp xã thân thiện, trách nhiệm, tận tụy',
    nameEn: 'Friendly, responsible, dedicated staff',
  },
  {
    number: 4,
    nameVi: 'Người đứng đầu gương mẫu, thân thiện, có trách nhiệm với nhân dân',
    nameEn: 'Exemplary, friendly, responsible head',
  },
  {
    number: 5,
    nameVi: 'Trụ sở làm việc khang trang, văn minh, sáng, xanh, sạch, đẹp',
    nameEn: 'Clean, green, civilized commune office',
  },
]);

/** The criterion with this number. */
export function criterion(number: CriterionNumber): Criterion {
  const c = CRITERIA[number - 1];
  if (!c) throw new RangeError(`No criterion ${String(number)}`);
  return c;
}

/** A point on the 5-point scale: 5 is "very satisfied". */
export type Score = 1 | 2 | 3 | 4 | 5;

/** One answer to a rating item: a score, or skipped (Bỏ qua). */
export type RatingAnswer = Score | 'skip';

export interface ScaleLabel {
  readonly score: Score;
  readonly vi: string;
  readonly en: string;
}

/** The scale as buttons are shown: best first. */
export const RATING_SCALE: readonly ScaleLabel[] = Object.freeze([
  { score: 5, vi: 'Rất hài lòng', en: 'Very satisfied' },
  { score: 4, vi: 'Hài lòng', en: 'Satisfied' },
  { score: 3, vi: 'Bình thường', en: 'Neutral' },
  { score: 2, vi: 'Không hài lòng', en: 'Dissatisfied' },
  { score: 1, vi: 'Rất không hài lòng', en: 'Very dissatisfied' },
]);

/** The label of the skip button. */
export const SKIP_LABEL = Object.freeze({ vi: 'Bỏ qua', en: 'Skip' });

/** The label of a score in a language. */
export function scaleLabel(score: Score, lang: 'vi' | 'en' = 'vi'): string {
  const label = RATING_SCALE.find((l) => l.score === score);
  if (!label) throw new RangeError(`Not a score: ${String(score)}`);
  return label[lang];
}

/**
 * "5 – Rất hài lòng": a score as every button and review line shows it, the same wherever the
 * scale appears (the rating flows, the follow-up after an answer).
 */
export function scoreLabel(score: Score, lang: 'vi' | 'en' = 'vi'): string {
  return `${score} – ${scaleLabel(score, lang)}`;
}

/** Narrows a stored number to a score. */
export function isScore(value: unknown): value is Score {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
}

/** Below this many answers, a public score is hidden (too easy to sway, too easy to identify). */
export const DEFAULT_MIN_ANSWERS = 30;

export type CriterionIndex =
  | {
      readonly type: 'shown';
      /** Share of answers 4–5 among non-skipped answers, 0–1 (SIPAS convention). */
      readonly index: number;
      /** Mean score of the non-skipped answers, 1–5. */
      readonly mean: number;
      readonly satisfied: number;
      readonly answered: number;
      readonly skipped: number;
    }
  | {
      readonly type: 'hidden';
      readonly reason: 'too-few-answers';
      readonly answered: number;
      readonly skipped: number;
      readonly minAnswers: number;
    };

/**
 * The index of a criterion: the share of "Hài lòng" and "Rất hài lòng" among the answers that
 * were not skipped. Hidden while fewer than `minAnswers` people answered, so a handful of
 * ratings neither swings a public score nor points at who gave it.
 *
 * @throws RangeError for an answer that is neither 1–5 nor 'skip' (bad data, not a rating).
 */
export function criterionIndex(
  answers: ReadonlyArray<RatingAnswer>,
  options: { readonly minAnswers?: number } = {},
): CriterionIndex {
  const minAnswers = Math.max(1, options.minAnswers ?? DEFAULT_MIN_ANSWERS);
  let answered = 0;
  let skipped = 0;
  let satisfied = 0;
  let sum = 0;
  for (const a of answers) {
    if (a === 'skip') {
      skipped++;
      continue;
    }
    if (!isScore(a)) throw new RangeError(`Not a rating answer: ${String(a)}`);
    answered++;
    sum += a;
    if (a >= 4) satisfied++;
  }
  if (answered < minAnswers) {
    return { type: 'hidden', reason: 'too-few-answers', answered, skipped, minAnswers };
  }
  return {
    type: 'shown',
    index: satisfied / answered,
    mean: sum / answered,
    satisfied,
    answered,
    skipped,
  };
}

/** A calendar quarter, e.g. `2026-Q4`. */
export type Quarter = `${number}-Q${1 | 2 | 3 | 4}`;

/**
 * The quarter `date` falls in on the wall clock in Vietnam: 31 Dec 2025 20:00 UTC is already
 * 1 Jan 2026 in Hà Nội, so `2026-Q1`. One quick rating per citizen per commune per quarter.
 */
export function quarterOf(date: Date, tz: string = VIETNAM_TIME_ZONE): Quarter {
  const local = localDateTime(date, tz);
  return `${local.year}-Q${Math.ceil(local.month / 3) as 1 | 2 | 3 | 4}`;
}

export type QuarterParse =
  | {
      readonly type: 'ok';
      readonly quarter: Quarter;
      readonly year: number;
      readonly q: 1 | 2 | 3 | 4;
    }
  | { readonly type: 'invalid' };

/** Parses `2026-Q4` (case-insensitive, `2026Q4` and `2026 q4` too). */
export function parseQuarter(text: string): QuarterParse {
  const m = /^\s*(\d{4})\s*-?\s*Q\s*([1-4])\s*$/i.exec(text);
  if (!m) return { type: 'invalid' };
  const year = Number(m[1]);
  const q = Number(m[2]) as 1 | 2 | 3 | 4;
  return { type: 'ok', quarter: `${year}-Q${q}`, year, q };
}

/** The instants a quarter spans in `tz`: `start` inclusive, `end` exclusive (for queries). */
export function quarterBounds(
  quarter: Quarter,
  tz: string = VIETNAM_TIME_ZONE,
): { readonly start: Date; readonly end: Date } {
  const parsed = parseQuarter(quarter);
  if (parsed.type !== 'ok') throw new RangeError(`Not a quarter: ${quarter}`);
  const { year, q } = parsed;
  const start = instantAt(formatIsoDate(year, (q - 1) * 3 + 1, 1), 0, 0, tz);
  const end =
    q === 4
      ? instantAt(formatIsoDate(year + 1, 1, 1), 0, 0, tz)
      : instantAt(formatIsoDate(year, q * 3 + 1, 1), 0, 0, tz);
  return { start, end };
}
