/**
 * The citizen's actions run by the flows (app/citizen-actions.ts) on the in-memory ports: a
 * report sent from the chat gets its ticket and deadline, an anonymous one keeps no phone, a
 * citizen reads only their own or followed tickets, a follower reads the commune's answers and
 * never the other citizen's words, and the same problem nearby is offered without anyone's words.
 */
import { describe, expect, it } from 'vitest';
import { createCitizenActions, type CitizenOfEvent } from '../../../src/app/citizen-actions.ts';
import { createReception } from '../../../src/app/reception.ts';
import { createSubmitReport } from '../../../src/app/submit-report.ts';
import type { ActionContext } from '../../../src/flow/types.ts';
import { isSubmissionKind } from '../../../src/core/submission-kinds.ts';
import { DEFAULT_CALENDAR } from '../../../src/core/working-days.ts';
import { aReport } from '../../support/report-fixture.ts';
import {
  createMemoryCategories,
  createMemoryCitizens,
  createMemorySubmission,
  createMemoryUnits,
} from '../../support/memory/citizen-submission.ts';
import { createMemoryCitizenReports } from '../../support/memory/citizen-reports.ts';
import { createMemoryFollowers } from '../../support/memory/followers.ts';
import { createMemoryOutbox } from '../../support/memory/outbox.ts';
import { createMemoryRatings } from '../../support/memory/ratings.ts';
import { createMemoryReceptionBook } from '../../support/memory/reception-book.ts';
import { createMemoryReports } from '../../support/memory/report-store.ts';
import { ROADS, UNIT } from '../../support/memory/reference-data.ts';

const NOW = new Date('2026-03-03T02:00:00Z'); // Tuesday 09:00 in Vietnam
const PLACE = { latitude: 20.5, longitude: 106.3 };

function setup() {
  const citizens = createMemoryCitizens();
  const submission = createMemorySubmission();
  const reports = createMemoryReports();
  const followers = createMemoryFollowers({
    reports,
    chatOf: (id) => citizens.all.find((c) => c.id === id)?.chatId ?? null,
  });
  const categories = createMemoryCategories([ROADS]);
  const units = createMemoryUnits([UNIT]);
  const followed: number[] = [];
  const submitReport = createSubmitReport({
    citizens,
    reports: submission,
    categories,
    units,
    calendar: DEFAULT_CALENDAR,
    // The committed report as the database then holds it for everyone who reads it.
    async onReportCommitted(id) {
      const r = submission.reports.find((x) => x.id === id)!;
      const citizen = citizens.all.find((c) => c.id === r.citizenId)!;
      reports.add(
        aReport({
          id,
          ticketCode: r.ticketCode,
          kind: isSubmissionKind(r.kind) ? r.kind : 'phan-anh',
          status: 'submitted',
          text: r.text,
          categoryName: ROADS.nameVi,
          latitude: r.latitude ?? null,
          longitude: r.longitude ?? null,
          citizenChatId: citizen.chatId,
          anonymous: r.anonymous,
          dueAt: r.dueAt,
          createdAt: NOW,
        }),
        citizen.id,
      );
    },
  });
  const book = createMemoryReceptionBook([UNIT], []);
  const bind = createCitizenActions({
    citizens,
    reports: createMemoryCitizenReports({ reports, followers }),
    ratings: createMemoryRatings(),
    categories,
    submitReport,
    communeReadiness: async () => ({ type: 'ready' }),
    followers,
    onFollowed: async (id) => void followed.push(id),
    reception: createReception({
      reception: book,
      units,
      calendar: DEFAULT_CALENDAR,
      outbox: createMemoryOutbox(),
    }),
    bookings: book,
  });
  const who = (chatId: string, firstName: string): CitizenOfEvent => ({
    channel: 'telegram',
    chatId,
    user: { id: chatId, firstName },
    lang: 'vi',
  });
  let run = 0;
  const ctx = (answers: ActionContext['answers'], args: Record<string, string> = {}) => ({
    flowId: 'report',
    flowVersion: 1,
    stepId: 'send',
    runKey: `run-${++run}`,
    lang: 'vi' as const,
    now: NOW,
    startedAt: new Date(NOW.getTime() - 120_000).toISOString(),
    params: { unitCode: UNIT.code },
    args,
    answers,
    items: [],
  });
  const report = (answers: ActionContext['answers'] = {}) =>
    ctx({
      kind: 'phan-anh',
      category: ROADS.code,
      description: 'Ổ gà lớn trước cổng trường tiểu học, trẻ em đi học rất nguy hiểm.',
      location: PLACE,
      anonymous: 'no',
      public: 'no',
      ...answers,
    });
  const lan = bind(who('7001', 'Lan'));
  const minh = bind(who('7002', 'Minh'));
  return { submission, reports, followers, followed, lan, minh, ctx, report };
}

describe('citizen actions: sending a report', () => {
  it('gives the ticket and the deadline, five working days on', async () => {
    const s = setup();
    const sent = await s.lan.actions.submitReport(s.report());
    expect(sent).toEqual({
      ticketCode: 'PA-2026-000001',
      deadlineDays: 5,
      deadlineText: '5 ngày làm việc',
      dueDate: '2026-03-10',
      awaitsOfficial: false,
    });
    expect(s.submission.reports[0]).toMatchObject({ unitCode: UNIT.code, anonymous: false });
    // The same run sent twice (a retried "Gửi") is one report.
    const again = await s.lan.actions.submitReport({ ...s.report(), runKey: 'run-1' });
    expect(again['ticketCode']).toBe('PA-2026-000001');
    expect(s.submission.reports).toHaveLength(1);
  });

  it('keeps no phone number with an anonymous report', async () => {
    const s = setup();
    await s.lan.actions.submitReport(s.report({ anonymous: 'yes', phone: '0912345678' }));
    expect(s.submission.reports[0]?.anonymous).toBe(true);
    expect(s.submission.reports[0]?.contactPhone).toBeUndefined();
    await s.lan.actions.submitReport(s.report({ phone: '0912345678' }));
    expect(s.submission.reports[1]?.contactPhone).toBe('0912345678');
  });
});

describe('citizen actions: reading a ticket', () => {
  it("finds nothing for another citizen's ticket, typed or forged", async () => {
    const s = setup();
    const sent = await s.lan.actions.submitReport(s.report());
    const ticket = String(sent['ticketCode']);
    const mine = await s.lan.actions.showReport(s.ctx({}, { ticket }));
    expect(mine['text']).toContain('Ổ gà lớn trước cổng trường tiểu học');
    const theirs = await s.minh.actions.showReport(s.ctx({}, { ticket }));
    expect(theirs).toEqual({ text: 'Không tìm thấy phản ánh này trong các phản ánh của Ông/Bà.' });
  });

  it("lets a follower read the commune's answers, never the other citizen's words", async () => {
    const s = setup();
    const sent = await s.lan.actions.submitReport(s.report());
    const id = s.submission.reports[0]!.id;
    await s.reports.addThreadMessage({
      reportId: id,
      direction: 'in',
      authorKind: 'citizen',
      text: 'Nhà tôi ở số 12, gọi tôi nhé.',
    });
    await s.reports.addThreadMessage({
      reportId: id,
      direction: 'out',
      authorKind: 'official',
      text: 'Thứ Năm xã cho vá ổ gà.',
    });

    // Minh finds the same problem nearby, without Lan's words, and follows it.
    const nearby = await s.minh.actions.findNearby(
      s.ctx({ category: ROADS.code, location: { latitude: 20.5001, longitude: 106.3 } }),
    );
    expect(nearby['count']).toBe(1);
    expect(JSON.stringify(nearby)).not.toContain('Ổ gà lớn');
    const follow = await s.minh.actions.followReport(
      s.ctx({ sameProblem: String(id), description: 'Tôi cũng thấy.' }),
    );
    expect(follow).toMatchObject({ followed: true, ticketCode: sent['ticketCode'] });
    expect(s.followed).toEqual([id]);

    const shown = String(
      (await s.minh.actions.showReport(s.ctx({}, { ticket: String(sent['ticketCode']) })))['text'],
    );
    expect(shown).toContain('Phiếu Ông/Bà đang theo dõi');
    expect(shown).toContain('Thứ Năm xã cho vá ổ gà.');
    expect(shown).not.toContain('Ổ gà lớn trước cổng');
    expect(shown).not.toContain('Nhà tôi ở số 12');
    // Nobody follows their own report.
    expect(
      await s.lan.actions.followReport(s.ctx({ sameProblem: String(id), description: '' })),
    ).toEqual({ followed: false });
  });
});
