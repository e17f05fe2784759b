/**
 * The lists of work owed on reports, in memory, read off the in-memory reports and officials the
 * way the PostgreSQL repository reads them: unrouted reports (still 'submitted', older than the
 * grace), reports still assigned to an official marked unreachable, reminder candidates and
 * overdue reports (open, with a deadline), resolved reports the citizen never judged, the open
 * reports a digest lists, and a commune's figures for /stats.
 */
import { OPEN_STATUSES } from '../../../src/core/report-status.ts';
import { median } from '../../../src/core/judgement-stats.ts';
import { KINDS_WITHOUT_DEADLINE } from '../../../src/core/submission-kinds.ts';
import type { ReportForOfficials } from '../../../src/app/ports/report-store.ts';
import type { ReportWorklists, UnitFigures } from '../../../src/app/ports/report-worklists.ts';
import type { MemoryOfficials } from './official-directory.ts';
import type { MemoryReports } from './report-store.ts';

export type MemoryWorklists = ReportWorklists & UnitFigures;

const isOpen = (r: ReportForOfficials) => OPEN_STATUSES.includes(r.status);
const hasDeadline = (r: ReportForOfficials) => !KINDS_WITHOUT_DEADLINE.includes(r.kind);
const byDue = (a: ReportForOfficials, b: ReportForOfficials) =>
  a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id;
const within = (at: Date | null, from: Date, to: Date): at is Date =>
  at !== null && at >= from && at <= to;

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
    async reminderCandidates(now, horizon) {
      return reports
        .all()
        .filter(
          (r) =>
            isOpen(r) &&
            hasDeadline(r) &&
            r.remindedAt === null &&
            r.dueAt > now &&
            r.dueAt <= horizon,
        )
        .sort(byDue)
        .slice(0, 500)
        .map((r) => ({ id: r.id, dueAt: r.dueAt, deadlineDays: r.deadlineDays }));
    },
    async overdue(now) {
      return reports
        .all()
        .filter((r) => isOpen(r) && hasDeadline(r) && r.dueAt <= now)
        .sort(byDue)
        .slice(0, 500)
        .map((r) => r.id);
    },
    async awaitingVerdictSince(before) {
      return reports
        .all()
        .filter(
          (r) =>
            r.status === 'resolved' &&
            r.resultType !== 'scheduled' &&
            r.resolvedAt !== null &&
            r.resolvedAt <= before,
        )
        .slice(0, 500)
        .map((r) => r.id);
    },
    async awaitingPromise() {
      return reports
        .all()
        .filter((r) => r.status === 'resolved' && r.resultType === 'scheduled')
        .slice(0, 500)
        .map((r) => r.id);
    },
    async openReports({ unitCodes, officialIds = [] }) {
      return reports
        .all()
        .filter(
          (r) =>
            isOpen(r) &&
            (unitCodes.includes(r.unitCode) ||
              (r.assignedOfficialId !== null && officialIds.includes(r.assignedOfficialId))),
        )
        .sort(byDue)
        .map((r) => ({
          id: r.id,
          ticketCode: r.ticketCode,
          kind: r.kind,
          status: r.status,
          unitCode: r.unitCode,
          categoryName: r.categoryName,
          text: r.text,
          assignedPositionId: r.assignedPositionId,
          assignedOfficialId: r.assignedOfficialId,
          dueAt: r.dueAt,
        }));
    },
    async unitStats(unitCode, periodStart, now) {
      const mine = reports.all().filter((r) => r.unitCode === unitCode);
      const closed = (verdict: string) =>
        mine.filter(
          (r) =>
            r.status === 'closed' && r.verdict === verdict && within(r.closedAt, periodStart, now),
        ).length;
      const resolved = mine.filter((r) => within(r.resolvedAt, periodStart, now));
      const acknowledged = mine.filter((r) => within(r.acknowledgedAt, periodStart, now));
      return {
        open: mine.filter((r) => r.status === 'submitted' || isOpen(r)).length,
        overdue: mine.filter((r) => isOpen(r) && hasDeadline(r) && r.dueAt < now).length,
        resolved: resolved.length,
        closedConfirmed: closed('yes'),
        closedWithoutVerdict: closed('none'),
        medianAckMs: median(
          acknowledged.map((r) => r.acknowledgedAt!.getTime() - r.createdAt.getTime()),
        ),
        medianResolveMs: median(
          resolved.map((r) => r.resolvedAt!.getTime() - r.createdAt.getTime()),
        ),
      };
    },
  };
}
