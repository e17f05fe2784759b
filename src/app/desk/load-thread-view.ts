/**
 * A report's whole thread as officials read it (`/xem` in chat, the dashboard on the web):
 * reads the messages, notes and history and names the officials who wrote. The caller has
 * already checked with authorizeOfficial that the reader may view the report. In the reader's
 * language (the web dashboard reads Vietnamese).
 */
import type { Html } from '../../core/html.ts';
import type { Lang } from '../../core/lang.ts';
import type { OfficialDirectory } from '../ports/official-directory.ts';
import type { ReportForOfficials } from '../ports/report-store.ts';
import type { ReportHistory } from '../ports/report-thread.ts';
import { threadView } from './thread-view.ts';

export async function loadThreadView(
  deps: {
    workflow: ReportHistory;
    officials: Pick<OfficialDirectory, 'get'>;
  },
  report: ReportForOfficials,
  lang: Lang = 'vi',
): Promise<Html> {
  const thread = await deps.workflow.thread(report.id, true);
  const events = await deps.workflow.events(report.id);
  const names = new Map<number, string>();
  for (const id of new Set([
    ...thread.flatMap((m) =>
      m.authorKind === 'official' && m.authorId !== null ? [m.authorId] : [],
    ),
    // Who received a citizen's words, named in /xem.
    ...thread.flatMap((m) => (m.direction === 'in' ? (m.reachedOfficials ?? []) : [])),
  ])) {
    const o = await deps.officials.get(id);
    if (o) names.set(id, o.displayName);
  }
  return threadView(report, thread, events, names, lang);
}
