/**
 * Which rating items the judgement reads, and their Vietnamese labels. Item ids are stable
 * (flows/rate-commune.yaml and rate-counter.yaml promise it); a test checks these against the
 * flows.
 *
 * A criterion's index is read from its headline item, the one every quick and detailed rating
 * asks: each citizen then counts once per criterion, so n is the number of people and the
 * Wilson interval, which assumes independent answers, means what it says. (The detailed items
 * are several answers by the same person; they stay in the exports.)
 */
import type { CriterionNumber } from './rating-scores.ts';

export const HEADLINE_ITEMS: Readonly<Record<CriterionNumber, string>> = Object.freeze({
  1: 'c1.procedures-posted',
  2: 'c2.results-notified',
  3: 'c3.polite',
  4: 'c4.leaders-respond',
  5: 'c5.office-clean',
});

/** "Nhìn chung, Ông/Bà hài lòng …": in the commune rating and the counter micro-rating. */
export const OVERALL_ITEM = 'overall';
export const OVERALL_LABEL_VI = 'Hài lòng chung';

/** The follow-up item after a report's answer. */
export const ANSWER_SATISFACTION_ITEM = 'answer-satisfaction';

/** The multi-select "what should the commune improve most". */
export const IMPROVE_ITEM = 'improve';

/** The choices of `improve`, in the order the flow offers them. */
export const IMPROVE_CHOICES: ReadonlyArray<{ readonly value: string; readonly labelVi: string }> =
  Object.freeze([
    { value: 'information', labelVi: 'Cung cấp thông tin' },
    { value: 'office', labelVi: 'Trụ sở, trang thiết bị' },
    { value: 'competence', labelVi: 'Năng lực của cán bộ' },
    { value: 'attitude', labelVi: 'Thái độ phục vụ' },
    { value: 'digital', labelVi: 'Dịch vụ công trực tuyến' },
    { value: 'needs', labelVi: 'Quan tâm nhu cầu người dân' },
    { value: 'feedback', labelVi: 'Giải quyết phản ánh, kiến nghị' },
    { value: 'policy', labelVi: 'Chất lượng chính sách' },
    { value: 'procedures', labelVi: 'Giải quyết thủ tục hành chính' },
  ]);

/** The items of the counter micro-rating, in the flow's order. */
export const COUNTER_ITEMS: ReadonlyArray<{ readonly itemId: string; readonly labelVi: string }> =
  Object.freeze([
    { itemId: 'c3.polite', labelVi: 'Lịch sự, tôn trọng' },
    { itemId: 'c3.clear-guidance', labelVi: 'Hướng dẫn rõ ràng' },
    { itemId: 'c3.on-time', labelVi: 'Nhanh, đúng hẹn' },
    { itemId: OVERALL_ITEM, labelVi: OVERALL_LABEL_VI },
  ]);

/** How an answered report ended, as the public reads it. */
export const RESULT_LABELS_VI: Readonly<
  Record<'resolved' | 'not-competent' | 'scheduled', string>
> = Object.freeze({
  resolved: 'Đã giải quyết',
  'not-competent': 'Chuyển cơ quan có thẩm quyền',
  scheduled: 'Đã hẹn thời hạn giải quyết',
});
