/**
 * The threads shown under the dashboard's open reports: for each report the viewer may read by
 * the chat's rules (authorizeOfficial, action 'view': a tố cáo is the chair's, nobody reads a
 * report about themselves), the thread exactly as `/xem` shows it, anonymity included.
 */
import type { Html } from '../../core/html.ts';
import type { OfficialRecord, OfficialDirectory } from '../ports/official-directory.ts';
import type { ReportStore } from '../ports/report-store.ts';
import type { ReportHistory } from '../ports/report-thread.ts';
import { authorizeOfficial, type ReportAccess } from '../desk/authorize-official.ts';
import { loadThreadView } from '../desk/load-thread-view.ts';

/** A page shows at most this many threads (the most urgent first, as the list is ordered). */
export const MAX_THREADS = 50;

export type ReportThreads = (
  accounts: readonly OfficialRecord[],
  reports: ReadonlyArray<ReportAccess & { reportId: number }>,
) => Promise<Map<number, Html>>;

export function createReportThreads(deps: {
  workflow: Pick<ReportStore, 'get'> & ReportHistory;
  officials: Pick<OfficialDirectory, 'get'>;
}): ReportThreads {
  return async (accounts, reports) => {
    const threads = new Map<number, Html>();
    for (const row of reports.slice(0, MAX_THREADS)) {
      if (authorizeOfficial(accounts, row, 'view').type !== 'allowed') continue;
      const report = await deps.workflow.get(row.reportId);
      // Decided again on the stored report: the list could be older than the report.
      if (!report || authorizeOfficial(accounts, report, 'view').type !== 'allowed') continue;
      threads.set(row.reportId, await loadThreadView(deps, report));
    }
    return threads;
  };
}
