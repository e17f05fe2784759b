/** The one rule of what the public may see (the public board and Open311 share it). */
import { describe, expect, it } from 'vitest';
import {
  factsArePublic,
  reportIsPublic,
  roundCoordinate,
} from '../../../src/core/public-reports.ts';

describe('what is public', () => {
  it('never a khiếu nại or a tố cáo, even marked public', () => {
    for (const kind of ['khieu-nai', 'to-cao']) {
      expect(factsArePublic({ kind })).toBe(false);
      expect(reportIsPublic({ kind, isPublic: true })).toBe(false);
    }
  });

  it('a report itself only when its citizen chose so; its facts always', () => {
    for (const kind of ['gop-y', 'phan-anh', 'kien-nghi']) {
      expect(factsArePublic({ kind })).toBe(true);
      expect(reportIsPublic({ kind, isPublic: false })).toBe(false);
      expect(reportIsPublic({ kind, isPublic: true })).toBe(true);
    }
  });

  it('rounds a place to about 100 m', () => {
    expect(roundCoordinate(20.5412345)).toBe(20.541);
    expect(roundCoordinate(106.3396)).toBe(106.34);
    expect(roundCoordinate(-0.0004)).toBe(-0);
  });
});
