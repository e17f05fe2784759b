import { describe, expect, it } from 'vitest';
import {
  effectiveKind,
  isSubmissionKind,
  kindIsHeadOnly,
  kindIsShared,
  SHARED_KINDS,
  SUBMISSION_KINDS,
  submissionKind,
  submissionKindSchema,
} from '../../../src/core/submission-kinds.ts';

describe('submission kinds', () => {
  it('offers the five kinds, lightest first, with Vietnamese and English names', () => {
    expect(SUBMISSION_KINDS).toEqual(['gop-y', 'phan-anh', 'kien-nghi', 'khieu-nai', 'to-cao']);
    expect(SUBMISSION_KINDS.map((k) => submissionKind(k).nameVi)).toEqual([
      'Góp ý',
      'Phản ánh',
      'Kiến nghị',
      'Khiếu nại',
      'Tố cáo',
    ]);
    for (const k of SUBMISSION_KINDS) {
      const info = submissionKind(k);
      expect(info.kind).toBe(k);
      expect(info.nameEn).not.toBe('');
      expect(info.explanationVi).not.toBe('');
      expect(info.explanationEn).not.toBe('');
      // Vietnamese text is stored composed.
      expect(info.nameVi).toBe(info.nameVi.normalize('NFC'));
    }
  });

  it('thanks and forwards góp ý without a deadline; everything else has one', () => {
    expect(submissionKind('gop-y').handling.hasDeadline).toBe(false);
    for (const k of ['phan-anh', 'kien-nghi', 'khieu-nai', 'to-cao'] as const) {
      expect(submissionKind(k).handling.hasDeadline, k).toBe(true);
    }
  });

  it('requires a name for khiếu nại and tố cáo, and seals only the denouncer', () => {
    expect(submissionKind('khieu-nai').handling).toMatchObject({
      requiresIdentity: true,
      sealedIdentity: false,
    });
    expect(submissionKind('to-cao').handling).toMatchObject({
      requiresIdentity: true,
      sealedIdentity: true,
    });
    for (const k of ['gop-y', 'phan-anh', 'kien-nghi'] as const) {
      expect(submissionKind(k).handling).toMatchObject({
        requiresIdentity: false,
        sealedIdentity: false,
      });
    }
  });

  it('explains the law of complaints: 90 days to complain, 30 (45) days to settle, 45 (60) far away', () => {
    const legal = submissionKind('khieu-nai').legal!;
    expect(legal.law).toMatch(/Luật Khiếu nại 2011/);
    expect(legal.deadlineDays).toBe(30);
    expect(legal.maxDeadlineDays).toBe(45);
    expect(legal.summaryVi).toMatch(/90 ngày/);
    expect(legal.summaryVi).toMatch(/60 ngày/);
    expect(legal.handlerVi).toMatch(/Chủ tịch UBND xã/);
  });

  it('explains the law of denunciations: name and address, anonymous not processed, identity secret', () => {
    const legal = submissionKind('to-cao').legal!;
    expect(legal.law).toMatch(/Luật Tố cáo 2018/);
    expect(legal.deadlineDays).toBe(30);
    expect(legal.summaryVi).toMatch(/họ tên, địa chỉ/);
    expect(legal.summaryVi).toMatch(/nặc danh/);
    expect(legal.summaryVi).toMatch(/bí mật/);
    expect(submissionKind('phan-anh').legal).toBeNull();
  });

  it('handles an anonymous tố cáo as a phản ánh and an anonymous khiếu nại as a kiến nghị', () => {
    expect(effectiveKind('to-cao', true)).toBe('phan-anh');
    expect(effectiveKind('khieu-nai', true)).toBe('kien-nghi');
    expect(effectiveKind('to-cao', false)).toBe('to-cao');
    expect(effectiveKind('phan-anh', true)).toBe('phan-anh');
  });

  it('recognises stored kinds', () => {
    expect(isSubmissionKind('to-cao')).toBe(true);
    expect(isSubmissionKind('to_cao')).toBe(false);
    expect(isSubmissionKind(3)).toBe(false);
    expect(submissionKindSchema.safeParse('gop-y').success).toBe(true);
    expect(submissionKindSchema.safeParse('complaint').success).toBe(false);
  });

  it('keeps khiếu nại and tố cáo personal: never followed, merged, public or sent by Open311', () => {
    expect(SHARED_KINDS).toEqual(['gop-y', 'phan-anh', 'kien-nghi']);
    expect(kindIsShared('khieu-nai')).toBe(false);
    expect(kindIsShared('to-cao')).toBe(false);
    expect(kindIsShared('unknown')).toBe(false);
    // Only a tố cáo goes to the head of the commune in person.
    expect(SUBMISSION_KINDS.filter(kindIsHeadOnly)).toEqual(['to-cao']);
  });

  it('names each kind as a noun for English sentences', () => {
    expect(SUBMISSION_KINDS.map((k) => submissionKind(k).nounEn)).toEqual([
      'feedback',
      'report',
      'recommendation',
      'complaint',
      'denunciation',
    ]);
  });
});
