import { describe, expect, it } from 'vitest';
import {
  criterion,
  CRITERIA,
  criterionIndex,
  isScore,
  parseQuarter,
  quarterBounds,
  quarterOf,
  RATING_SCALE,
  scaleLabel,
  SKIP_LABEL,
  type RatingAnswer,
} from '../../../src/core/rating-scores.ts';

describe('criteria and scale', () => {
  it('has the five criteria of the model, in order', () => {
    expect(CRITERIA.map((c) => c.number)).toEqual([1, 2, 3, 4, 5]);
    expect(criterion(1).nameVi).toBe('Chính quyền hoạt động công khai, minh bạch');
    expect(criterion(2).nameVi).toBe('Chính quyền thân thiện, trách nhiệm');
    expect(criterion(3).nameVi).toBe(
      'Cán bộ, công chức, người hoạt động không chuyên trách cấp xã thân thiện, trách nhiệm, tận tụy',
    );
    expect(criterion(4).nameVi).toBe(
      'Người đứng đầu gương mẫu, thân thiện, có trách nhiệm với nhân dân',
    );
    expect(criterion(5).nameVi).toBe(
      'Trụ sở làm việc khang trang, văn minh, sáng, xanh, sạch, đẹp',
    );
  });

  it('labels the 5-point scale best first, plus skip', () => {
    expect(RATING_SCALE.map((l) => `${l.score} ${l.vi}`)).toEqual([
      '5 Rất hài lòng',
      '4 Hài lòng',
      '3 Bình thường',
      '2 Không hài lòng',
      '1 Rất không hài lòng',
    ]);
    expect(SKIP_LABEL.vi).toBe('Bỏ qua');
    expect(scaleLabel(4)).toBe('Hài lòng');
    expect(scaleLabel(1, 'en')).toBe('Very dissatisfied');
  });

  it('recognises scores', () => {
    expect([0, 1, 3, 5, 6, 2.5, '4'].map(isScore)).toEqual([
      false,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

describe('criterionIndex', () => {
  it('is the share of 4–5 among answers that were not skipped', () => {
    const answers: RatingAnswer[] = [5, 4, 3, 2, 1, 'skip', 'skip'];
    expect(criterionIndex(answers, { minAnswers: 5 })).toEqual({
      type: 'shown',
      index: 0.4,
      mean: 3,
      satisfied: 2,
      answered: 5,
      skipped: 2,
    });
  });

  it('is 1 when everyone is satisfied and 0 when nobody is', () => {
    expect(criterionIndex([5, 4, 4], { minAnswers: 3 })).toMatchObject({ type: 'shown', index: 1 });
    expect(criterionIndex([3, 2, 1], { minAnswers: 3 })).toMatchObject({ type: 'shown', index: 0 });
  });

  it('is hidden below the minimum number of answers; skips do not count towards it', () => {
    expect(criterionIndex([5, 5, 'skip', 'skip'], { minAnswers: 3 })).toEqual({
      type: 'hidden',
      reason: 'too-few-answers',
      answered: 2,
      skipped: 2,
      minAnswers: 3,
    });
    expect(criterionIndex([], { minAnswers: 0 })).toMatchObject({ type: 'hidden', answered: 0 });
  });

  it('hides scores with fewer than 30 answers by default', () => {
    const answers: RatingAnswer[] = Array.from({ length: 29 }, () => 5);
    expect(criterionIndex(answers).type).toBe('hidden');
    expect(criterionIndex([...answers, 4]).type).toBe('shown');
  });

  it('refuses an answer that is not on the scale', () => {
    expect(() => criterionIndex([5, 7 as RatingAnswer], { minAnswers: 1 })).toThrow(RangeError);
  });
});

describe('quarters', () => {
  it('reads the quarter on the Vietnamese calendar', () => {
    expect(quarterOf(new Date('2026-11-15T05:00:00Z'))).toBe('2026-Q4');
    expect(quarterOf(new Date('2026-10-01T00:00:00+07:00'))).toBe('2026-Q4');
    expect(quarterOf(new Date('2026-09-30T23:59:59+07:00'))).toBe('2026-Q3');
    // New Year's Eve 20:00 UTC is already 1 January 03:00 in Hà Nội.
    expect(quarterOf(new Date('2026-12-31T20:00:00Z'))).toBe('2027-Q1');
    expect(quarterOf(new Date('2026-12-31T20:00:00Z'), 'UTC')).toBe('2026-Q4');
  });

  it('gives the instants a quarter spans, for queries', () => {
    expect(quarterBounds('2026-Q4')).toEqual({
      start: new Date('2026-10-01T00:00:00+07:00'),
      end: new Date('2027-01-01T00:00:00+07:00'),
    });
    expect(quarterBounds('2026-Q1')).toEqual({
      start: new Date('2026-01-01T00:00:00+07:00'),
      end: new Date('2026-04-01T00:00:00+07:00'),
    });
  });

  it('puts every instant inside the bounds of its own quarter', () => {
    for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2027, 0, 1); t += 7 * 3_600_000 + 13 * 60_000) {
      const at = new Date(t);
      const { start, end } = quarterBounds(quarterOf(at));
      expect(at >= start && at < end, at.toISOString()).toBe(true);
    }
  });

  it('parses a quarter typed loosely', () => {
    expect(parseQuarter('2026-Q4')).toEqual({ type: 'ok', quarter: '2026-Q4', year: 2026, q: 4 });
    expect(parseQuarter(' 2026 q1 ')).toMatchObject({ type: 'ok', quarter: '2026-Q1' });
    expect(parseQuarter('2026Q2')).toMatchObject({ type: 'ok', quarter: '2026-Q2' });
    expect(parseQuarter('2026-Q5')).toEqual({ type: 'invalid' });
  });
});
