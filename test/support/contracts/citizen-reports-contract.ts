/**
 * What every implementation of the citizen's view of reports (CitizenReports in
 * app/ports/citizen-reports.ts) must do, run against the in-memory one (test/unit/ports) and the
 * PostgreSQL one (test/integration/ports): a citizen finds their own reports and those they
 * follow, never anyone else's; a followed report never shows the other citizen's words; the
 * thread they read has no private notes and no retracted messages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CitizenReports } from '../../../src/app/ports/citizen-reports.ts';
import type { ReportThread } from '../../../src/app/ports/report-thread.ts';
import type { FollowersFixture } from './followers-contract.ts';

export interface CitizenReportsFixture extends FollowersFixture {
  reports: CitizenReports;
  thread: ReportThread;
}

const WORDS = 'Đường liên thôn bị sụt lún, xe máy đi lại rất nguy hiểm.';

export function describeCitizenReportsContract(
  name: string,
  make: () => Promise<CitizenReportsFixture>,
): void {
  describe(`CitizenReports contract: ${name}`, () => {
    let f: CitizenReportsFixture;
    let lan: number;
    let minh: number;
    let first: number;
    let second: number;
    let minhs: number;
    const ticket = async (id: number) => (await f.store.get(id))!.ticketCode;
    beforeAll(async () => {
      f = await make();
      lan = await f.addCitizen('981');
      minh = await f.addCitizen('982');
      first = await f.addReport({ citizenChatId: '981' });
      minhs = await f.addReport({ citizenChatId: '982' });
      second = await f.addReport({ citizenChatId: '981' });
    });
    afterAll(async () => {
      await f.close();
    });

    it('lists the citizen their own reports and the ones they follow, newest first', async () => {
      expect((await f.reports.listForCitizen(lan)).map((r) => [r.id, r.followed])).toEqual([
        [second, false],
        [first, false],
      ]);
      await f.followers.follow({
        reportId: minhs,
        citizenId: lan,
        text: 'Nhà tôi cũng ở đoạn này.',
        photoFileIds: [],
        at: new Date(),
      });
      const listed = await f.reports.listForCitizen(lan);
      expect(listed.map((r) => [r.id, r.followed])).toEqual([
        [second, false],
        [minhs, true],
        [first, false],
      ]);
      // Someone else's report shows its category, never their words.
      expect(listed[1]).toMatchObject({ text: 'Giao thông', status: 'submitted' });
      expect(listed[0]).toMatchObject({ text: WORDS, categoryCode: 'giao-thong' });
      expect(await f.reports.listForCitizen(lan, 1)).toHaveLength(1);
      // Minh's list does not grow with Lan's reports.
      expect((await f.reports.listForCitizen(minh)).map((r) => r.id)).toEqual([minhs]);
    });

    it("finds a ticket of the citizen's own or followed reports only", async () => {
      expect(await f.reports.findForCitizen(lan, await ticket(first))).toMatchObject({
        id: first,
        followed: false,
        text: WORDS,
      });
      expect(await f.reports.findForCitizen(minh, await ticket(first))).toBeUndefined();
      expect(await f.reports.findForCitizen(lan, 'PA-1999-000001')).toBeUndefined();
    });

    it("shows the conversation without private notes or retracted messages, and the commune's last answer", async () => {
      const at = (minutes: number) => new Date(Date.now() + minutes * 60_000);
      await f.thread.addThreadMessage({
        reportId: second,
        direction: 'in',
        authorKind: 'citizen',
        text: 'Xin hỏi bao giờ xã sửa?',
        at: at(1),
      });
      await f.thread.addThreadMessage({
        reportId: second,
        direction: 'note',
        authorKind: 'official',
        authorId: 1,
        text: 'Ghi chú nội bộ: chờ kinh phí.',
        at: at(2),
      });
      await f.thread.addThreadMessage({
        reportId: second,
        direction: 'out',
        authorKind: 'official',
        text: 'Tuần sau xã cho vá đường.',
        at: at(3),
      });
      const retracted = await f.thread.addThreadMessage({
        reportId: second,
        direction: 'out',
        authorKind: 'official',
        text: 'Nhầm phiếu.',
        at: at(4),
      });
      await f.thread.retractThreadMessage(retracted, at(5));

      expect((await f.reports.threadForCitizen(second)).map((m) => [m.direction, m.text])).toEqual([
        ['in', 'Xin hỏi bao giờ xã sửa?'],
        ['out', 'Tuần sau xã cho vá đường.'],
      ]);
      expect((await f.reports.findForCitizen(lan, await ticket(second)))?.lastAnswer).toBe(
        'Tuần sau xã cho vá đường.',
      );
      expect(
        (await f.reports.findForCitizen(lan, await ticket(first)))?.lastAnswer,
      ).toBeUndefined();
    });
  });
}
