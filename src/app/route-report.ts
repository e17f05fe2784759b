/**
 * Routes one committed report to the officials who must answer it (the routing job). Safe to
 * run twice: alerts are deliveries with deterministic dedupe keys, and the status change is
 * conditional, so a retried or duplicated job alerts nobody twice.
 */
import { routeCandidates, type RoutingRule } from '../core/routing.ts';
import { isSubmissionKind } from '../core/submission-kinds.ts';
import type { RoutingRuleRecord } from '../persistence/routing-rules-repository.ts';
import type { Logger } from '../logger.ts';
import type { OfficialRecord, OfficialsRepository } from '../persistence/officials-repository.ts';
import type { ReportWorkflowRepository } from '../persistence/report-workflow-repository.ts';
import { alertMessages } from './alert-message.ts';
import type { Outbox } from './outbox.ts';
import { notifyCitizen } from './notify-citizen.ts';

export type RouteOutcome =
  | { type: 'routed'; officialIds: number[]; groups: number }
  | { type: 'alreadyRouted' }
  | { type: 'missing' }
  | { type: 'noOfficial'; unitCode: string };

export interface RouteReportDeps {
  workflow: ReportWorkflowRepository;
  officials: Pick<OfficialsRepository, 'positionsOfUnit' | 'groupsOfUnit' | 'provinceAdmins'>;
  rules: { forUnit(unitCode: string): Promise<RoutingRuleRecord[]> };
  outbox: Outbox;
  now: () => Date;
  logger: Logger;
}

export function createRouteReport(deps: RouteReportDeps) {
  return async function routeReport(reportId: number): Promise<RouteOutcome> {
    const report = await deps.workflow.get(reportId);
    if (!report) return { type: 'missing' };
    if (report.status !== 'submitted') return { type: 'alreadyRouted' };
    if (!isSubmissionKind(report.kind))
      throw new Error(`report ${reportId} has unknown kind ${report.kind}`);

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
          unreachable: o.unreachableAt !== null,
        })),
      ),
      rules: (await deps.rules.forUnit(report.unitCode)).flatMap((r): RoutingRule[] =>
        r.kind === null || isSubmissionKind(r.kind) ? [{ ...r, kind: r.kind }] : [],
      ),
    });

    let target: OfficialRecord | undefined;
    if (routing.type === 'candidates') {
      const first = routing.candidates[0];
      target = positions.flatMap((p) => p.officials).find((o) => o.id === first?.officialId);
    } else {
      target = (await deps.officials.provinceAdmins(report.provinceCode))[0];
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

    const recipients = [
      ...(target ? [{ chatId: target.chatId, officialId: target.id }] : []),
      ...groups.map((g) => ({ chatId: g.chatId, officialId: undefined })),
    ];
    for (const r of recipients) {
      const messages = alertMessages(r.chatId, report);
      for (const [i, message] of messages.entries()) {
        const isAlert = i === messages.length - 1;
        await deps.outbox.enqueue({
          dedupeKey: `alert-${report.id}-${report.escalationLevel}-${r.chatId}-${i}`,
          chatId: r.chatId,
          message,
          reportId: report.id,
          officialId: r.officialId,
          link: {
            kind: isAlert ? 'alert' : 'relay',
            reportId: report.id,
            officialId: r.officialId,
          },
        });
      }
    }

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
    );
    if (!changed) return { type: 'alreadyRouted' };
    await notifyCitizen(deps.outbox, report, 'routed', {
      to: target ? `${target.positionTitle} ${target.unitName}` : report.unitName,
    });
    return { type: 'routed', officialIds: target ? [target.id] : [], groups: groups.length };
  };
}

export type RouteReport = ReturnType<typeof createRouteReport>;
