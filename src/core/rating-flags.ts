/**
 * Honest ratings: what marks a rating as possibly not a person's considered judgement. Flagged
 * ratings are kept and counted apart (the dashboard shows them as such), never dropped: a
 * commune may have a good reason for a burst (a meeting where everyone rated at once).
 */

export type RatingFlag = 'burst' | 'too-fast' | 'same-answer';

export const FLAG_LABELS_VI: Record<RatingFlag, string> = {
  burst: 'nhiều người mới đánh giá dồn dập',
  'too-fast': 'trả lời nhanh hơn thời gian đọc câu hỏi',
  'same-answer': 'cùng một mức cho mọi câu',
};

/** A person needs about this long to read a question and tap (the shortest are ~15 words). */
export const MIN_MS_PER_ITEM = 2000;
/** Scored items at least this many, all with one score: the same answer everywhere. */
export const SAME_ANSWER_MIN_ITEMS = 5;
/** A burst: this many ratings of one commune by new citizens within the window. */
export const BURST_MIN_RATINGS = 5;
export const BURST_WINDOW_MS = 10 * 60_000;
/** A citizen first seen this recently is "new". */
export const NEW_CITIZEN_MS = 24 * 3_600_000;

/** The flags one rating earns by itself (the burst is judged across ratings, in SQL). */
export function ownFlags(input: {
  startedAt: Date;
  savedAt: Date;
  answers: ReadonlyArray<{ score?: number | null; choices?: readonly string[] }>;
}): RatingFlag[] {
  const flags: RatingFlag[] = [];
  const answered = input.answers.filter(
    (a) => (a.score !== undefined && a.score !== null) || (a.choices?.length ?? 0) > 0,
  ).length;
  const elapsed = input.savedAt.getTime() - input.startedAt.getTime();
  if (answered > 0 && elapsed < answered * MIN_MS_PER_ITEM) flags.push('too-fast');
  const scores = input.answers.flatMap((a) =>
    a.score === undefined || a.score === null ? [] : [a.score],
  );
  if (scores.length >= SAME_ANSWER_MIN_ITEMS && new Set(scores).size === 1)
    flags.push('same-answer');
  return flags;
}
