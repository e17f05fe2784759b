/**
 * The fallback when an official cannot be reached (Telegram answered 403: they blocked the bot
 * or left): the report they were waiting on goes to the next candidate of the routing rules
 * (core/routing.ts), or to the province's administrator when nobody is left in the commune.
 *
 * Called by the delivery queue when a message about a report is refused, by the routing job
 * when the refusal came before its own status change, and by the sweep for reports still
 * assigned to someone unreachable (a crash lost the call, or nobody could take it then).
 * Safe to run any number of times and concurrently: the new alert has a dedupe key of
 * (report, from, to), and the move is one conditional update on "still assigned to them", so
 * the report moves once and the next official is alerted once. The citizen is not told: they
 * were told where it went, and the commune's internal fallback is not news to them.
 */
import { msgHtml } from '../texts/localized.ts';
import { NOTICE } from '../texts/official.ts';
import { REROUTABLE_STATUSES } from '../core/report-status.ts';
import type { Logger } from '../logger.ts';
import type { OfficialRecord, OfficialDirectory } from './ports/official-directory.ts';
import type { ReportForOfficials, ReportStore } from './ports/report-store.ts';
import { applyReportCommand } from './apply-report-command.ts';
import { positionIn } from './alert-message.ts';
import type { Outbox } from './ports/outbox.ts';
import { enqueueAlert, viewerOf } from './enqueue-alert.ts';
import { type RoutingRulesSource } from './ports/routing-rules.ts';
import { candidatesFor } from './routing-candidates.ts';

// Where it lives now (the machine's rule); kept importable from here.
export { REROUTABLE_STATUSES } from '../core/report-status.ts';

export type RerouteOutcome =
  | { type: 'rerouted'; fromOfficialId: number; toOfficialId: number }
  /** The report is not (or no longer) waiting on this official: nothing to do. */
  | { type: 'notAssigned' }
  | { type: 'missing' }
  /** Nobody reachable is left to take it: it stays put, and the sweep tries again. */
  | { type: 'noOfficial'; unitCode: string };

export interface RerouteUnreachableDeps {
  workflow: ReportStore;
  officials: Pick<OfficialDirectory, 'get' | 'positionsOfUnit' | 'provinceAdmins'>;
  rules: RoutingRulesSource;
  outbox: Outbox;
  logger: Logger;
}

/** Builds the fallback use case. */
export function createRerouteUnreachable(deps: RerouteUnreachableDeps) {
  /**
   * Who comes after `failedId` for this report: the next candidate after them on the routing
   * list (so an escalated report never falls back down), or, when they are not on it, the first
   * candidate of at least their rank; then the province's administrator.
   */
  async function nextTarget(
    report: ReportForOfficials,
    failedId: number,
  ): Promise<OfficialRecord | undefined> {
    const { routing, positions } = await candidatesFor(deps, report, {
      treatAsReachable: failedId,
    });
    if (routing.type === 'candidates') {
      const holders = positions.flatMap((p) => p.officials);
      const rankOf = (positionId: number) => positions.find((p) => p.id === positionId)?.rank;
      const failedRank = holders.find((o) => o.id === failedId)?.rank;
      const at = routing.candidates.findIndex((c) => c.officialId === failedId);
      const after =
        at >= 0
          ? routing.candidates.slice(at + 1)
          : failedRank === undefined
            ? [] // not of this commune (a province admin): only another admin may take it
            : routing.candidates.filter((c) => (rankOf(c.positionId) ?? -1) >= failedRank);
      for (const c of after) {
        const official = holders.find((o) => o.id === c.officialId);
        if (official && official.id !== failedId && official.unreachableAt === null)
          return official;
      }
    }
    return (await deps.officials.provinceAdmins(report.provinceCode)).find(
      (o) => o.id !== failedId && o.unreachableAt === null && o.id !== report.aboutOfficialId,
    );
  }

  return async function rerouteUnreachable(input: {
    reportId: number;
    officialId: number;
  }): Promise<RerouteOutcome> {
    const log = deps.logger.child({ reportId: input.reportId, officialId: input.officialId });
    const report = await deps.workflow.get(input.reportId);
    if (!report) return { type: 'missing' };
    if (
      !REROUTABLE_STATUSES.includes(report.status) ||
      report.assignedOfficialId !== input.officialId
    )
      return { type: 'notAssigned' };

    const target = await nextTarget(report, input.officialId);
    if (!target) {
      log.warn({ unit: report.unitCode }, 'alert refused and nobody reachable to fall back to');
      return { type: 'noOfficial', unitCode: report.unitCode };
    }
    const failed = await deps.officials.get(input.officialId);
    // Alert first, then move (the order routing uses): a crash in between leaves the report
    // on the unreachable official, the sweep runs this again, finds the same target and the
    // alert already stored.
    await enqueueAlert(
      deps.outbox,
      report,
      { chatId: target.chatId, officialId: target.id, viewer: viewerOf(target), lang: target.lang },
      `reroute-${report.id}-${input.officialId}-${target.id}`,
      {
        note: (lang) =>
          msgHtml(NOTICE.rerouted, lang, {
            position: failed
              ? positionIn(
                  { kind: failed.positionKind, title: failed.positionTitle },
                  failed.unitName,
                  lang,
                  'title',
                )
              : NOTICE.previousRecipient[lang],
          }),
      },
    );
    const moved = await applyReportCommand(
      deps,
      report,
      {
        type: 'reroute',
        fromOfficialId: input.officialId,
        toOfficialId: target.id,
        toPositionId: target.positionId,
        reason: 'unreachable',
      },
      { kind: 'system' },
      { at: new Date() },
    );
    if (moved.type !== 'ok') return { type: 'notAssigned' };
    log.info({ to: target.id }, 'report rerouted from an unreachable official');
    return { type: 'rerouted', fromOfficialId: input.officialId, toOfficialId: target.id };
  };
}

export type RerouteUnreachable = ReturnType<typeof createRerouteUnreachable>;
