/**
 * Routes one committed report to the officials who must answer it (the routing job). Safe to
 * run twice: alerts are deliveries with deterministic dedupe keys, stored BEFORE the conditional
 * status change. A job killed between the two runs again, finds its alerts already stored and
 * alerts nobody twice; a job that finds the report routed does nothing.
 */
import { routeCandidates, type RoutingResult, type RoutingRule } from '../core/routing.ts';
import type { Html } from '../core/html.ts';
import { isSubmissionKind } from '../core/submission-kinds.ts';
import type { Logger } from '../logger.ts';
import type {
  OfficialRecord,
  OfficialsRepository,
  PositionRecord,
} from '../persistence/officials-repository.ts';
import type {
  ReportForOfficials,
  ReportWorkflowRepository,
} from '../persistence/report-workflow-repository.ts';
import type { RoutingRuleRecord } from '../persistence/routing-rules-repository.ts';
import { alertMessages, committeeName, positionAt, type AlertViewer } from './alert-message.ts';
import { citizenNotice } from './notify-citizen.ts';
import type { Outbox } from './outbox.ts';
import type { RerouteUnreachable } from './reroute-unreachable.ts';

export type RouteOutcome =
  | { type: 'routed'; officialIds: number[]; groups: number }
  | { type: 'alreadyRouted' }
  | { type: 'missing' }
  | { type: 'noOfficial'; unitCode: string };

export interface RouteReportDeps {
  workflow: Pick<ReportWorkflowRepository, 'get' | 'change'>;
  officials: Pick<
    OfficialsRepository,
    'get' | 'positionsOfUnit' | 'groupsOfUnit' | 'provinceAdmins'
  >;
  rules: { forUnit(unitCode: string): Promise<RoutingRuleRecord[]> };
  outbox: Outbox;
  /**
   * The fallback, for an official whose alert was refused while this job ran: the refusal saw
   * the report still 'submitted' and left it to us.
   */
  reroute: RerouteUnreachable;
  now: () => Date;
  logger: Logger;
}

/**
 * The ordered candidates for a report (core/routing.ts), from the unit's positions and rules.
 * `treatAsReachable` keeps one official on the list even if marked unreachable, so a fallback
 * can find where they stood and take the next one.
 */
export async function candidatesFor(
  deps: {
    officials: Pick<OfficialsRepository, 'positionsOfUnit'>;
    rules: RouteReportDeps['rules'];
  },
  report: Pick<ReportForOfficials, 'id' | 'unitCode' | 'categoryCode' | 'kind' | 'aboutOfficialId'>,
  options: { treatAsReachable?: number } = {},
): Promise<{ routing: RoutingResult; positions: PositionRecord[] }> {
  if (!isSubmissionKind(report.kind))
    throw new Error(`report ${report.id} has unknown kind ${String(report.kind)}`);
  const positions = await deps.officials.positionsOfUnit(report.unitCode);
  const routing = routeCandidates({
    report: {
      unitCode: report.unitCode,
      categoryCode: report.categoryCode,
      kind: report.kind,
      aboutOfficialId: report.aboutOfficialId,
    },
    positions,
    officials: positions.flatMap((p) =>
      p.officials.map((o) => ({
        id: o.id,
        positionId: p.id,
        unreachable: o.unreachableAt !== null && o.id !== options.treatAsReachable,
      })),
    ),
    rules: (await deps.rules.forUnit(report.unitCode)).flatMap((r): RoutingRule[] =>
      r.kind === null || isSubmissionKind(r.kind) ? [{ ...r, kind: r.kind }] : [],
    ),
  });
  return { routing, positions };
}

/** The alert buttons an official sees follow their role (a group sees them all). */
export function viewerOf(official: Pick<OfficialRecord, 'role'>): AlertViewer {
  return official.role;
}

/**
 * Stores one alert (its photo with the text as caption, or photos then the text) for one chat. `key` makes the
 * dedupe keys: the same key twice stores nothing new.
 */
export async function enqueueAlert(
  outbox: Outbox,
  report: ReportForOfficials,
  recipient: { chatId: string; officialId?: number; viewer: AlertViewer },
  key: string,
  extra: { heading?: string; note?: Html | string } = {},
): Promise<void> {
  const messages = alertMessages(recipient.chatId, report, extra.heading, {
    viewer: recipient.viewer,
    ...(extra.note !== undefined ? { note: extra.note } : {}),
  });
  for (const [i, message] of messages.entries()) {
    await outbox.enqueue({
      dedupeKey: `${key}-${i}`,
      chatId: recipient.chatId,
      message,
      reportId: report.id,
      officialId: recipient.officialId,
      link: {
        // Only the text carries the buttons and threads replies; the photos go before it.
        kind: i === messages.length - 1 ? 'alert' : 'relay',
        reportId: report.id,
        officialId: recipient.officialId,
      },
    });
  }
}

export function createRouteReport(deps: RouteReportDeps) {
  return async function routeReport(reportId: number): Promise<RouteOutcome> {
    const report = await deps.workflow.get(reportId);
    if (!report) return { type: 'missing' };
    if (report.status !== 'submitted') return { type: 'alreadyRouted' };

    const { routing, positions } = await candidatesFor(deps, report);
    let target: OfficialRecord | undefined;
    if (routing.type === 'candidates') {
      const first = routing.candidates[0];
      target = positions.flatMap((p) => p.officials).find((o) => o.id === first?.officialId);
    } else {
      // About the chair, or nobody reachable in the commune: the province's administrator.
      target = (await deps.officials.provinceAdmins(report.provinceCode)).find(
        (o) => o.unreachableAt === null && o.id !== report.aboutOfficialId,
      );
    }
    // A tố cáo and a report about an official never go to the commune's shared group.
    const groups =
      report.kind === 'to-cao' || report.aboutOfficialId !== null
        ? []
        : await deps.officials.groupsOfUnit(report.unitCode);
    if (!target && groups.length === 0) {
      deps.logger.warn({ reportId, unit: report.unitCode }, 'no reachable official for report');
      return { type: 'noOfficial', unitCode: report.unitCode };
    }

    // Alerts first, status second: see the file comment.
    if (target) {
      await enqueueAlert(
        deps.outbox,
        report,
        { chatId: target.chatId, officialId: target.id, viewer: viewerOf(target) },
        `alert-${report.id}-${report.escalationLevel}-${target.chatId}`,
      );
    }
    for (const g of groups) {
      await enqueueAlert(
        deps.outbox,
        report,
        { chatId: g.chatId, viewer: 'group' },
        `alert-${report.id}-${report.escalationLevel}-${g.chatId}`,
      );
    }

    // The citizen's notice is stored with the change: a worker killed right after the commit
    // leaves it pending for the sweep (the retried job sees "already routed" and stops).
    const notice = citizenNotice(report, 'routed', {
      to: target
        ? positionAt(target.positionTitle, target.unitName)
        : committeeName(report.unitName),
    });
    const changed = await deps.workflow.change(
      report.id,
      ['submitted'],
      {
        status: 'routed',
        assignedPositionId: target?.positionId ?? null,
        assignedOfficialId: target?.id ?? null,
        routedAt: deps.now(),
      },
      {
        type: 'routed',
        actorKind: 'system',
        data: { officialId: target?.id ?? null, groups: groups.length },
      },
      {},
      notice ? [notice] : [],
    );
    if (!changed) return { type: 'alreadyRouted' };
    if (notice) await deps.outbox.enqueue(notice);

    if (target) {
      // The alert may have been refused before the change above committed: the fallback then
      // saw a 'submitted' report and left it. Look again now that the report is assigned.
      const now = await deps.officials.get(target.id);
      if (now?.unreachableAt) await deps.reroute({ reportId: report.id, officialId: target.id });
    }
    return { type: 'routed', officialIds: target ? [target.id] : [], groups: groups.length };
  };
}

export type RouteReport = ReturnType<typeof createRouteReport>;
