/**
 * Routes one committed report to the officials who must answer it (the routing job). Safe to
 * run twice: the alerts are deliveries stored in the same transaction as the conditional status
 * change (and the citizen's notice), so a job killed at any point leaves either a submitted
 * report with no alert (the retry or the sweep routes it) or a routed one whose alerts are
 * pending (the sweep sends them); a job that finds the report routed does nothing.
 */
import { kindIsHeadOnly } from '../core/submission-kinds.ts';
import { deadlineOnReceipt } from '../core/report-deadline.ts';
import { receiptDate, type WorkingDayCalendar } from '../core/working-days.ts';
import { formatIsoDateVi } from '../core/local-date.ts';
import type { Logger } from '../logger.ts';
import type { OfficialRecord, OfficialDirectory } from './ports/official-directory.ts';
import type { ReportStore } from './ports/report-store.ts';
import { committeeName, positionIn } from './alert-message.ts';
import { applyReportCommand } from './apply-report-command.ts';
import { alertDeliveries, viewerOf } from './enqueue-alert.ts';
import { citizenNotice, toProvinceLevel } from './notify-citizen.ts';
import type { Outbox } from './ports/outbox.ts';
import type { RerouteUnreachable } from './reroute-unreachable.ts';
import { type RoutingRulesSource } from './ports/routing-rules.ts';
import { candidatesFor } from './routing-candidates.ts';

// Their home was this file; kept importable from here for code written against it.
export { candidatesFor } from './routing-candidates.ts';
export { enqueueAlert, viewerOf } from './enqueue-alert.ts';

export type RouteOutcome =
  | { type: 'routed'; officialIds: number[]; groups: number }
  | { type: 'alreadyRouted' }
  | { type: 'missing' }
  | { type: 'noOfficial'; unitCode: string };

export interface RouteReportDeps {
  workflow: ReportStore;
  officials: Pick<OfficialDirectory, 'get' | 'positionsOfUnit' | 'groupsOfUnit' | 'provinceAdmins'>;
  rules: RoutingRulesSource;
  outbox: Outbox;
  /**
   * The fallback, for an official whose alert was refused while this job ran: the refusal saw
   * the report still 'submitted' and left it to us.
   */
  reroute: RerouteUnreachable;
  /** The working-day calendar: a report that waited for an official counts its days anew. */
  calendar: WorkingDayCalendar;
  now: () => Date;
  logger: Logger;
}

export function createRouteReport(deps: RouteReportDeps) {
  return async function routeReport(reportId: number): Promise<RouteOutcome> {
    const report = await deps.workflow.get(reportId);
    if (!report) return { type: 'missing' };
    if (report.status !== 'submitted') return { type: 'alreadyRouted' };

    const { routing, positions } = await candidatesFor(deps, report);
    let target: OfficialRecord | undefined;
    /** Set when the province's administrator holds it, and why (the notice and history say). */
    let toProvince: 'noOfficial' | 'aboutChair' | undefined;
    if (routing.type === 'candidates') {
      const first = routing.candidates[0];
      target = positions.flatMap((p) => p.officials).find((o) => o.id === first?.officialId);
    } else {
      // About the chair, or nobody reachable in the commune: the province's administrator.
      target = (await deps.officials.provinceAdmins(report.provinceCode)).find(
        (o) => o.unreachableAt === null && o.id !== report.aboutOfficialId,
      );
      if (target) toProvince = routing.type === 'provinceAdmin' ? 'aboutChair' : 'noOfficial';
    }
    // A tố cáo and a report about an official never go to the commune's shared group.
    const groups =
      kindIsHeadOnly(report.kind) || report.aboutOfficialId !== null
        ? []
        : await deps.officials.groupsOfUnit(report.unitCode);
    if (!target && groups.length === 0) {
      deps.logger.warn({ reportId, unit: report.unitCode }, 'no reachable official for report');
      return { type: 'noOfficial', unitCode: report.unitCode };
    }

    const at = deps.now();
    // A report that waited for the commune's first official is received now: the time limit
    // runs from receipt by the competent body, so its deadline counts from today (never earlier
    // than the one it had). Its alerts, the citizen's notice and every later view read it.
    const dueAt = report.waitedForOfficial
      ? deadlineOnReceipt(deps.calendar, report, report.deadlineDays, at)
      : report.dueAt;
    const moved = dueAt.getTime() !== report.dueAt.getTime();
    // Its alerts are read once it is routed (they are stored with that change): they say so.
    const received = { ...report, dueAt, status: 'routed' as const };

    // The alerts and the citizen's notice are stored with the change: see the file comment.
    const alerts = [
      ...(target
        ? alertDeliveries(
            received,
            {
              chatId: target.chatId,
              officialId: target.id,
              viewer: viewerOf(target),
              lang: target.lang,
            },
            `alert-${report.id}-${report.escalationLevel}-${target.chatId}`,
          )
        : []),
      ...groups.flatMap((g) =>
        alertDeliveries(
          received,
          { chatId: g.chatId, viewer: 'group', lang: g.lang },
          `alert-${report.id}-${report.escalationLevel}-${g.chatId}`,
        ),
      ),
    ];
    // The admin holds a position of some commune of the province, not of this one: the citizen
    // reads the province level, never that other commune's chair.
    const to = toProvince
      ? toProvinceLevel(report, toProvince)
      : target
        ? {
            vi: positionIn(positionOf(target), target.unitName, 'vi'),
            en: positionIn(positionOf(target), target.unitName, 'en'),
          }
        : committeeName(report.unitName);
    const notice = moved
      ? citizenNotice(received, toProvince ? 'routedLateToProvince' : 'routedLate', {
          to,
          received: formatIsoDateVi(receiptDate(deps.calendar, at)),
        })
      : citizenNotice(received, 'routed', { to });
    const changed = await applyReportCommand(
      deps,
      report,
      { type: 'route', positionId: target?.positionId ?? null, officialId: target?.id ?? null },
      { kind: 'system' },
      {
        at,
        ...(moved ? { change: { dueAt } } : {}),
        data: {
          groups: groups.length,
          ...(moved ? { dueAt: dueAt.toISOString() } : {}),
          ...(toProvince ? { toProvince } : {}),
        },
        effects: { deliveries: () => [...alerts, ...(notice ? [notice] : [])] },
      },
    );
    if (changed.type !== 'ok') return { type: 'alreadyRouted' };

    if (target) {
      // The alert may have been refused before the change above committed: the fallback then
      // saw a 'submitted' report and left it. Look again now that the report is assigned.
      const now = await deps.officials.get(target.id);
      if (now?.unreachableAt) await deps.reroute({ reportId: report.id, officialId: target.id });
    }
    return { type: 'routed', officialIds: target ? [target.id] : [], groups: groups.length };
  };
}

function positionOf(official: OfficialRecord) {
  return { kind: official.positionKind, title: official.positionTitle };
}

export type RouteReport = ReturnType<typeof createRouteReport>;
