/**
 * One commune's world on the in-memory ports, for the use-case unit tests of routing, the
 * fallback and the relay: the reports, the officials' directory, the routing rules and the
 * outbox, around Xã Bắc Đông Hưng (Tỉnh Hưng Yên), with a neighbour commune of the same province.
 */
import { pino } from 'pino';
import type { ReportForOfficials } from '../../../src/app/ports/report-store.ts';
import { aReport } from '../report-fixture.ts';
import { createMemoryOfficials, type MemoryUnit } from './official-directory.ts';
import { createMemoryOutbox } from './outbox.ts';
import { createMemoryReports } from './report-store.ts';
import { createMemoryRoutingRules } from './routing-rules.ts';

export const HOME: MemoryUnit = {
  code: '12694',
  name: 'Xã Bắc Đông Hưng',
  provinceCode: '33',
  provinceName: 'Tỉnh Hưng Yên',
};
export const NEIGHBOUR: MemoryUnit = {
  code: '12697',
  name: 'Xã Đông Hưng',
  provinceCode: '33',
  provinceName: 'Tỉnh Hưng Yên',
};

/** A ward of the same province, for what reads «phường» where a commune reads «xã». */
export const WARD: MemoryUnit = {
  code: '11983',
  name: 'Phường Sơn Nam',
  provinceCode: '33',
  provinceName: 'Tỉnh Hưng Yên',
};

export const silentLogger = pino({ level: 'silent' });

export function routingWorld() {
  const reports = createMemoryReports();
  const officials = createMemoryOfficials([HOME, NEIGHBOUR, WARD]);
  const rules = createMemoryRoutingRules();
  const outbox = createMemoryOutbox();
  let nextId = 0;
  return {
    reports,
    officials,
    rules,
    outbox,
    /** A report of the home commune just submitted (not routed yet) by citizen chat 7001. */
    submitted(overrides: Partial<ReportForOfficials> = {}): ReportForOfficials {
      const report = aReport({
        id: ++nextId,
        ticketCode: `PA-2026-${String(nextId).padStart(6, '0')}`,
        status: 'submitted',
        assignedOfficialId: null,
        assignedPositionId: null,
        routedAt: null,
        ...overrides,
      });
      reports.add(report);
      return report;
    },
  };
}
