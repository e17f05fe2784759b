/**
 * Submitting a report (app/submit-report.ts) on the in-memory ports: the deadline (working days
 * around Tết and 17:00, the statutory calendar days of a khiếu nại), the rules of each kind
 * (a tố cáo is never anonymous, only a complaint or a denunciation keeps the complainant, only
 * some kinds may be public), ticket codes by Vietnam's year, and one report per submission key.
 */
import { describe, expect, it } from 'vitest';
import { createSubmitReport, type SubmitReportInput } from '../../../src/app/submit-report.ts';
import { DEFAULT_CALENDAR } from '../../../src/core/working-days.ts';
import {
  createMemoryCategories,
  createMemoryCitizens,
  createMemorySubmission,
  createMemoryUnits,
} from '../../support/memory/citizen-submission.ts';
import { ROADS, UNIT } from '../../support/memory/reference-data.ts';

function setup() {
  const citizens = createMemoryCitizens();
  const submission = createMemorySubmission();
  const committed: number[] = [];
  const submit = createSubmitReport({
    citizens,
    reports: submission,
    categories: createMemoryCategories([ROADS]),
    units: createMemoryUnits([UNIT]),
    calendar: DEFAULT_CALENDAR,
    onReportCommitted: async (id) => void committed.push(id),
  });
  let key = 0;
  const input = (overrides: Partial<SubmitReportInput> = {}): SubmitReportInput => ({
    submissionKey: `run-${++key}`,
    citizen: {
      channel: 'telegram',
      externalId: '7001',
      chatId: '7001',
      displayName: 'Lan',
      language: 'vi',
    },
    kind: 'phan-anh',
    unitCode: UNIT.code,
    categoryCode: ROADS.code,
    text: '  Đường liên thôn bị sụt lún, xe máy đi lại rất nguy hiểm.  ',
    anonymous: false,
    isPublic: false,
    photos: [],
    flowId: 'report',
    flowVersion: 1,
    now: new Date('2026-03-02T03:00:00Z'),
    lang: 'vi',
    ...overrides,
  });
  return { submit, submission, citizens, committed, input };
}

describe('submitReport', () => {
  it('counts working days past Tết, from the day of receipt (before 17:00 Vietnam time)', async () => {
    const { submit, input } = setup();
    // Friday 13/02/2026 16:59: received that day; 16–20/02 are Tết, so day 5 is Friday 27/02.
    const before = await submit(input({ now: new Date('2026-02-13T09:59:00Z') }));
    expect(before).toMatchObject({
      type: 'submitted',
      dueAt: new Date('2026-02-27T10:00:00Z'),
      deadlineText: '5 ngày làm việc',
    });
    // At 17:00 the office is closed: received Monday 23/02, due Monday 02/03 at 17:00.
    const after = await submit(input({ now: new Date('2026-02-13T10:00:00Z') }));
    expect(after).toMatchObject({ dueAt: new Date('2026-03-02T10:00:00Z') });
  });

  it("gives a khiếu nại the law's 30 calendar days, whatever the category says", async () => {
    const { submit, input } = setup();
    const result = await submit(
      input({ kind: 'khieu-nai', now: new Date('2026-02-13T09:00:00Z') }),
    );
    expect(result).toMatchObject({ dueAt: new Date('2026-03-15T10:00:00Z') });
    expect(result.type === 'submitted' && result.deadlineText).toMatch(
      /^30 ngày, theo Luật Khiếu nại/,
    );
  });

  it('never stores a tố cáo as anonymous, and keeps its complainant; drops a phản ánh’s', async () => {
    const { submit, submission, input } = setup();
    const complainant = { fullName: 'Nguyễn Văn An', homeAddress: 'Thôn Đông, Xã Bắc Đông Hưng' };
    await submit(
      input({ kind: 'to-cao', anonymous: true, complainant, contactPhone: '0912345678' }),
    );
    await submit(
      input({ kind: 'phan-anh', anonymous: true, complainant, contactPhone: '0912345678' }),
    );
    const [denunciation, report] = submission.reports;
    expect(denunciation).toMatchObject({
      kind: 'to-cao',
      anonymous: false,
      complainant,
      contactPhone: '0912345678',
    });
    expect(report).toMatchObject({ kind: 'phan-anh', anonymous: true });
    expect(report?.complainant).toBeUndefined();
    // An anonymous citizen's phone is not kept.
    expect(report?.contactPhone).toBeUndefined();
  });

  it('publishes only kinds that may be public, and only when the citizen agreed', async () => {
    const { submit, submission, input } = setup();
    await submit(input({ kind: 'gop-y', isPublic: true }));
    await submit(input({ kind: 'khieu-nai', isPublic: true }));
    await submit(input({ kind: 'phan-anh', isPublic: false }));
    expect(submission.reports.map((r) => [r.kind, r.isPublic])).toEqual([
      ['gop-y', true],
      ['khieu-nai', false],
      ['phan-anh', false],
    ]);
  });

  it("numbers tickets by kind and Vietnam's year (New Year's Eve 23:30 is still the old year)", async () => {
    const { submit, input } = setup();
    const codes = [];
    for (const [kind, now] of [
      ['phan-anh', '2026-12-31T16:30:00Z'],
      ['to-cao', '2026-12-31T16:40:00Z'],
      ['phan-anh', '2026-12-31T17:30:00Z'],
    ] as const) {
      const result = await submit(input({ kind, now: new Date(now) }));
      codes.push(result.type === 'submitted' ? result.ticketCode : result.reason);
    }
    expect(codes).toEqual(['PA-2026-000001', 'TC-2026-000001', 'PA-2027-000001']);
  });

  it('commits a retried submit once and hands it to routing once', async () => {
    const { submit, submission, committed, input } = setup();
    const first = await submit(input({ submissionKey: 'run-again' }));
    const again = await submit(input({ submissionKey: 'run-again' }));
    expect(again).toMatchObject({ type: 'submitted', created: false });
    expect(first.type === 'submitted' && again.type === 'submitted' && again.id === first.id).toBe(
      true,
    );
    expect(submission.reports).toHaveLength(1);
    expect(committed).toEqual([submission.reports[0]?.id]);
  });

  it('rejects an unknown commune or category and a description too short, committing nothing', async () => {
    const { submit, submission, citizens, input } = setup();
    expect(await submit(input({ unitCode: '99999' }))).toEqual({
      type: 'rejected',
      reason: 'unknown-unit',
    });
    expect(await submit(input({ categoryCode: 'khac' }))).toEqual({
      type: 'rejected',
      reason: 'unknown-category',
    });
    expect(await submit(input({ text: '   ngắn     ' }))).toEqual({
      type: 'rejected',
      reason: 'description-too-short',
    });
    expect(submission.reports).toEqual([]);
    expect(citizens.all).toEqual([]);
  });

  it('stores the description trimmed, and a voice note as the spoken content', async () => {
    const { submit, submission, input } = setup();
    await submit(input());
    await submit(input({ text: '', voice: { fileId: 'v-1', durationSeconds: 75 } }));
    expect(submission.reports[0]?.text).toBe(
      'Đường liên thôn bị sụt lún, xe máy đi lại rất nguy hiểm.',
    );
    expect(submission.reports[1]?.text).toContain('ghi âm');
    expect(submission.reports[1]?.voice).toEqual({ fileId: 'v-1' });
  });
});
