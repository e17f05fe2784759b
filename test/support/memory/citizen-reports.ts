/**
 * Reports as their citizen sees them, in memory, read off the in-memory reports, their thread
 * and followers the way the PostgreSQL repository reads them: the citizen's own reports and
 * those they follow, newest first; a followed report shows its category's name, never the other
 * citizen's words; the thread without private notes or retracted messages.
 */
import type { CitizenReports, ReportSummary } from '../../../src/app/ports/citizen-reports.ts';
import type { ReportForOfficials } from '../../../src/app/ports/report-store.ts';
import type { MemoryFollowers } from './followers.ts';
import type { MemoryReports } from './report-store.ts';

export function createMemoryCitizenReports(deps: {
  reports: MemoryReports;
  followers: MemoryFollowers;
}): CitizenReports {
  const { reports, followers } = deps;
  const visible = (reportId: number) =>
    reports.threadMessages.filter(
      (m) => m.reportId === reportId && m.direction !== 'note' && m.deletedAt === null,
    );
  async function summary(r: ReportForOfficials, citizenId: number): Promise<ReportSummary> {
    const followed = (await reports.citizenIdOf(r.id)) !== citizenId;
    const lastAnswer = visible(r.id).findLast((m) => m.direction === 'out')?.text;
    return {
      id: r.id,
      ticketCode: r.ticketCode,
      status: r.status,
      kind: r.kind,
      categoryCode: r.categoryCode,
      unitCode: r.unitCode,
      text: followed ? r.categoryName : r.text,
      followed,
      dueAt: r.dueAt,
      createdAt: r.createdAt,
      // The memory store does not park reports (routing finding nobody is PostgreSQL's test).
      awaitingOfficialAt: null,
      ...(lastAnswer !== undefined ? { lastAnswer } : {}),
    };
  }
  async function mineOrFollowed(citizenId: number): Promise<ReportForOfficials[]> {
    const out = [];
    for (const r of reports.all())
      if (
        (await reports.citizenIdOf(r.id)) === citizenId ||
        followers.follows.some((f) => f.reportId === r.id && f.citizenId === citizenId)
      )
        out.push(r);
    return out;
  }
  return {
    async listForCitizen(citizenId, limit = 10) {
      const mine = (await mineOrFollowed(citizenId)).sort((a, b) => b.id - a.id).slice(0, limit);
      return Promise.all(mine.map((r) => summary(r, citizenId)));
    },
    async findForCitizen(citizenId, ticketCode) {
      const r = (await mineOrFollowed(citizenId)).find((x) => x.ticketCode === ticketCode);
      return r && { ...(await summary(r, citizenId)), unitName: r.unitName };
    },
    async threadForCitizen(reportId) {
      return visible(reportId).map((m) => ({
        direction: m.direction,
        text: m.text,
        createdAt: m.createdAt,
      }));
    },
  };
}
