/**
 * The sweep's worklists in memory, read off the in-memory reports and officials the way the
 * PostgreSQL repository reads them: unrouted reports (still 'submitted', older than the grace),
 * and reports still assigned to an official marked unreachable. The deadlines' and the digest's
 * lists are not here: their use cases are tested on PostgreSQL.
 */
import type { ReportWorklists } from '../../../src/app/ports/report-worklists.ts';
import type { MemoryOfficials } from './official-directory.ts';
import type { MemoryReports } from './report-store.ts';

export type MemoryWorklists = Pick<ReportWorklists, 'unrouted' | 'assignedToUnreachable'>;

export function createMemoryWorklists(
  reports: MemoryReports,
  officials: MemoryOfficials,
): MemoryWorklists {
  return {
    async unrouted(olderThan, limit = 500) {
      return reports
        .all()
        .filter((r) => r.status === 'submitted' && r.createdAt < olderThan)
        .slice(0, limit)
        .map((r) => r.id);
    },
    async assignedToUnreachable(statuses, limit = 200) {
      const out: Array<{ reportId: number; officialId: number }> = [];
      for (const r of reports.all()) {
        if (!statuses.includes(r.status) || r.assignedOfficialId === null) continue;
        const official = await officials.get(r.assignedOfficialId);
        if (official?.unreachableAt) out.push({ reportId: r.id, officialId: official.id });
      }
      return out.slice(0, limit);
    },
  };
}
