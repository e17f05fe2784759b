/**
 * What every implementation of the lists of work owed on reports (app/ports/report-worklists.ts)
 * must do, run against the in-memory one (test/unit/ports) and the PostgreSQL one
 * (test/integration/ports): the sweep's (unrouted, stranded with an unreachable official), the
 * deadlines' (reminders, overdue, waiting for the citizen's verdict), the digest's open reports
 * by commune and holder, and a commune's figures for /stats.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficialReachability } from '../../../src/app/ports/official-directory.ts';
import type { ReportChange, ReportStore } from '../../../src/app/ports/report-store.ts';
import type { ReportStatus } from '../../../src/core/report-status.ts';
import type { ReportWorklists, UnitFigures } from '../../../src/app/ports/report-worklists.ts';
import { DIRECTORY_UNITS } from './official-directory-contract.ts';

export interface WorklistsFixture {
  worklists: ReportWorklists & UnitFigures;
  /** Routes a report (the way routing changes it). */
  store: ReportStore;
  /**
   * A road report (category "Giao thông", 5 working days) just submitted: status 'submitted',
   * created now, due in 5 days; of the home commune (DIRECTORY_UNITS) unless `unitCode` says.
   */
  addReport(input: { citizenChatId: string; unitCode?: string }): Promise<number>;
  /** Two officials of the home commune. */
  officialIds: readonly [number, number];
  reachability: OfficialReachability;
  close(): Promise<void>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const { neighbour, far } = DIRECTORY_UNITS;

export function describeWorklistsContract(
  name: string,
  make: () => Promise<WorklistsFixture>,
): void {
  describe(`ReportWorklists contract: ${name}`, () => {
    let f: WorklistsFixture;
    beforeAll(async () => {
      f = await make();
    });
    afterAll(async () => {
      await f.close();
    });

    const routeTo = async (reportId: number, officialId: number) => {
      const done = await f.store.record(
        reportId,
        ['submitted'],
        { status: 'routed', assignedOfficialId: officialId, routedAt: new Date() },
        { type: 'routed', actorKind: 'system' },
      );
      expect(done).toBeDefined();
    };

    const move = async (
      reportId: number,
      from: ReportStatus[],
      change: ReportChange,
      type: string,
    ): Promise<void> => {
      const done = await f.store.record(reportId, from, change, { type, actorKind: 'system' });
      expect(done).toBeDefined();
    };
    const dueOf = async (reportId: number) => (await f.store.get(reportId))!.dueAt;

    it('lists a report committed but never routed once it is older than the grace', async () => {
      const waiting = await f.addReport({ citizenChatId: '901' });
      const routed = await f.addReport({ citizenChatId: '902' });
      await routeTo(routed, f.officialIds[1]);

      const afterGrace = await f.worklists.unrouted(new Date(Date.now() + HOUR));
      expect(afterGrace).toContain(waiting);
      expect(afterGrace).not.toContain(routed);
      // Within the grace its own routing job is still expected to run.
      expect(await f.worklists.unrouted(new Date(Date.now() - HOUR))).not.toContain(waiting);
      // Oldest first, and the limit holds.
      expect(afterGrace).toEqual([...afterGrace].sort((a, b) => a - b));
      expect(await f.worklists.unrouted(new Date(Date.now() + HOUR), 1)).toHaveLength(1);
    });

    it('lists the open reports still assigned to an unreachable official, and only those', async () => {
      const [blocked, fine] = f.officialIds;
      const stranded = await f.addReport({ citizenChatId: '903' });
      const safe = await f.addReport({ citizenChatId: '904' });
      await routeTo(stranded, blocked);
      await routeTo(safe, fine);
      expect(await f.worklists.assignedToUnreachable(['routed'])).toEqual([]);

      await f.reachability.markUnreachable(blocked, new Date());
      expect(await f.worklists.assignedToUnreachable(['routed', 'acknowledged'])).toEqual([
        { reportId: stranded, officialId: blocked },
      ]);
      // A report in a status the fallback leaves alone is not listed.
      expect(await f.worklists.assignedToUnreachable(['acknowledged'])).toEqual([]);

      // The official came back: nothing is stranded any more.
      await f.reachability.markReachable(blocked);
      expect(await f.worklists.assignedToUnreachable(['routed'])).toEqual([]);
    });

    it('offers an open report for a reminder before its deadline, once, and lists it overdue after', async () => {
      const now = new Date();
      const open = await f.addReport({ citizenChatId: '905' });
      const reminded = await f.addReport({ citizenChatId: '906' });
      const waiting = await f.addReport({ citizenChatId: '907' });
      await routeTo(open, f.officialIds[0]);
      await routeTo(reminded, f.officialIds[0]);
      await move(reminded, ['routed'], { remindedAt: now }, 'reminded');
      const due = await dueOf(open);

      const candidates = await f.worklists.reminderCandidates(
        now,
        new Date(now.getTime() + 6 * DAY),
      );
      expect(candidates).toContainEqual({ id: open, dueAt: due, deadlineDays: 5 });
      const ids = candidates.map((c) => c.id);
      expect(ids).not.toContain(reminded);
      expect(ids).not.toContain(waiting); // never routed: nobody to remind
      expect(candidates.map((c) => c.dueAt.getTime())).toEqual(
        candidates.map((c) => c.dueAt.getTime()).sort((a, b) => a - b),
      );
      // Not yet within the horizon, and not once the deadline has passed.
      const soon = await f.worklists.reminderCandidates(now, new Date(now.getTime() + DAY));
      expect(soon.map((c) => c.id)).not.toContain(open);
      const late = new Date(due.getTime() + HOUR);
      expect(
        (await f.worklists.reminderCandidates(late, new Date(late.getTime() + DAY))).map(
          (c) => c.id,
        ),
      ).not.toContain(open);

      expect(await f.worklists.overdue(now)).not.toContain(open);
      const overdue = await f.worklists.overdue(late);
      expect(overdue).toEqual(expect.arrayContaining([open, reminded]));
      expect(overdue).not.toContain(waiting);
      // Resolved: no longer owed anything.
      await move(open, ['routed'], { status: 'resolved', resolvedAt: now }, 'resolved');
      expect(await f.worklists.overdue(late)).not.toContain(open);
    });

    it('lists resolved reports the citizen has not judged since a given time', async () => {
      const resolvedAt = new Date(Date.now() - 8 * DAY);
      const id = await f.addReport({ citizenChatId: '908' });
      await routeTo(id, f.officialIds[0]);
      await move(id, ['routed'], { status: 'resolved', resolvedAt }, 'resolved');

      expect(
        await f.worklists.awaitingVerdictSince(new Date(resolvedAt.getTime() + HOUR)),
      ).toContain(id);
      expect(
        await f.worklists.awaitingVerdictSince(new Date(resolvedAt.getTime() - HOUR)),
      ).not.toContain(id);
      await move(
        id,
        ['resolved'],
        { status: 'closed', closedAt: new Date(), verdict: 'yes' },
        'closed',
      );
      expect(await f.worklists.awaitingVerdictSince(new Date())).not.toContain(id);
    });

    it('keeps a promise ("will resolve before …") apart: it waits for its date, not 7 days', async () => {
      const resolvedAt = new Date(Date.now() - 8 * DAY);
      const id = await f.addReport({ citizenChatId: '909' });
      await routeTo(id, f.officialIds[0]);
      await move(
        id,
        ['routed'],
        { status: 'resolved', resolvedAt, resultType: 'scheduled' },
        'resolved',
      );
      expect(await f.worklists.awaitingVerdictSince(new Date())).not.toContain(id);
      expect(await f.worklists.awaitingPromise()).toContain(id);
      await move(
        id,
        ['resolved'],
        { status: 'closed', closedAt: new Date(), verdict: 'yes' },
        'closed',
      );
      expect(await f.worklists.awaitingPromise()).not.toContain(id);
    });

    it("lists a digest's open reports of its communes and of its officials, by deadline", async () => {
      const [a, b] = f.officialIds;
      const mine = await f.addReport({ citizenChatId: '911', unitCode: neighbour.code });
      const held = await f.addReport({ citizenChatId: '912' });
      const notYet = await f.addReport({ citizenChatId: '913', unitCode: neighbour.code });
      const other = await f.addReport({ citizenChatId: '914', unitCode: far.code });
      await routeTo(mine, b);
      await routeTo(held, a);
      await routeTo(other, b);

      const ofNeighbour = await f.worklists.openReports({ unitCodes: [neighbour.code] });
      expect(ofNeighbour.map((r) => r.id)).toEqual([mine]);
      expect(ofNeighbour[0]).toMatchObject({
        ticketCode: (await f.store.get(mine))!.ticketCode,
        kind: 'phan-anh',
        status: 'routed',
        unitCode: neighbour.code,
        categoryName: 'Giao thông',
        assignedOfficialId: b,
        dueAt: await dueOf(mine),
      });
      expect(ofNeighbour.map((r) => r.id)).not.toContain(notYet);

      // A province admin holding a report of another commune sees it too.
      const withHeld = await f.worklists.openReports({
        unitCodes: [neighbour.code, far.code],
        officialIds: [a],
      });
      expect(withHeld.map((r) => r.id)).toEqual(expect.arrayContaining([mine, other, held]));
      expect(withHeld.map((r) => r.dueAt.getTime())).toEqual(
        withHeld.map((r) => r.dueAt.getTime()).sort((x, y) => x - y),
      );
      expect(await f.worklists.openReports({ unitCodes: [] })).toEqual([]);
    });

    it("counts a commune's open, overdue and closed reports and the median times, for /stats", async () => {
      const unit = far.code;
      const [a] = f.officialIds;
      const ids = [
        await f.addReport({ citizenChatId: '921', unitCode: unit }),
        await f.addReport({ citizenChatId: '922', unitCode: unit }),
        await f.addReport({ citizenChatId: '923', unitCode: unit }),
      ];
      const [fast, slow] = ids as [number, number, number];
      const created = async (id: number) => (await f.store.get(id))!.createdAt.getTime();
      await routeTo(fast, a);
      await routeTo(slow, a);
      await move(
        fast,
        ['routed'],
        { status: 'acknowledged', acknowledgedAt: new Date((await created(fast)) + 1 * HOUR) },
        'acknowledged',
      );
      await move(
        slow,
        ['routed'],
        { status: 'acknowledged', acknowledgedAt: new Date((await created(slow)) + 3 * HOUR) },
        'acknowledged',
      );
      await move(
        fast,
        ['acknowledged'],
        { status: 'resolved', resolvedAt: new Date((await created(fast)) + 4 * HOUR) },
        'resolved',
      );
      await move(
        fast,
        ['resolved'],
        { status: 'closed', closedAt: new Date((await created(fast)) + 5 * HOUR), verdict: 'yes' },
        'closed',
      );

      const periodStart = new Date(Date.now() - DAY);
      const inAWeek = new Date(Date.now() + 7 * DAY);
      const stats = await f.worklists.unitStats(unit, periodStart, inAWeek);
      expect(stats).toEqual({
        // `slow`, `idle` (still waiting for routing) and the digest test's report of this commune.
        open: 3,
        // `slow` and that report: `idle` has no deadline running yet.
        overdue: 2,
        resolved: 1,
        closedConfirmed: 1,
        closedWithoutVerdict: 0,
        medianAckMs: 2 * HOUR,
        medianResolveMs: 4 * HOUR,
      });
      // A period that ended before anything happened counts no times.
      const before = await f.worklists.unitStats(unit, new Date(Date.now() - 3 * DAY), periodStart);
      expect(before).toMatchObject({
        resolved: 0,
        medianAckMs: undefined,
        medianResolveMs: undefined,
      });
    });
  });
}
