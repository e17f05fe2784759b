/**
 * What every implementation of the sweep's worklists (app/ports/report-worklists.ts) must do,
 * run against the in-memory one (test/unit/ports) and the PostgreSQL one (test/integration/ports):
 * a report committed but never routed is found once the grace has passed, and a report still
 * assigned to an official marked unreachable is found for the fallback; nothing else is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficialReachability } from '../../../src/app/ports/official-directory.ts';
import type { ReportStore } from '../../../src/app/ports/report-store.ts';
import type { ReportWorklists } from '../../../src/app/ports/report-worklists.ts';

export interface WorklistsFixture {
  worklists: Pick<ReportWorklists, 'unrouted' | 'assignedToUnreachable'>;
  /** Routes a report (the way routing changes it). */
  store: ReportStore;
  /** A report just submitted (status 'submitted', created now). */
  addReport(input: { citizenChatId: string }): Promise<number>;
  /** Two officials of the report's commune. */
  officialIds: readonly [number, number];
  reachability: OfficialReachability;
  close(): Promise<void>;
}

const HOUR = 3_600_000;

export function describeWorklistsContract(
  name: string,
  make: () => Promise<WorklistsFixture>,
): void {
  describe(`ReportWorklists contract (the sweep's lists): ${name}`, () => {
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
  });
}
