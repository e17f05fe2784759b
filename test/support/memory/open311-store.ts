/**
 * Open311's store in memory, with the PostgreSQL repository's rules: a key found by its hash
 * until revoked; only reports the citizen made public, of a kind that may be, newest first,
 * filtered by ticket, category, commune, status and [start, end); a posted update recorded once
 * per key and update_id, as a thread message of the report (in the report store) and an
 * 'open311-update' event. Reports are added as Open311 reads them (`addReport`): the use case
 * test commits them through submission and adds them here, as the database would hold them.
 */
import { MAY_BE_PUBLIC_KINDS } from '../../../src/core/public-reports.ts';
import type {
  Open311KeyRecord,
  Open311Store,
  PublicEventRow,
  PublicReportRow,
} from '../../../src/app/ports/open311-store.ts';
import type { ReportThread } from '../../../src/app/ports/report-thread.ts';

type StoredReport = PublicReportRow & { provinceCode: string };

export interface MemoryOpen311Store extends Open311Store {
  addKey(input: {
    name: string;
    keyHash: string;
    unitCode?: string;
    provinceCode?: string;
    now?: Date;
  }): Open311KeyRecord;
  revokeKey(id: number, now: Date): boolean;
  /** A report as the database holds it; public or not (the store applies the rule). */
  addReport(report: StoredReport): void;
  /** A change of a report (its status, its answer): a row of report_events. */
  addEvent(event: {
    reportId: number;
    type: string;
    data?: Record<string, unknown>;
    at: Date;
  }): number;
}

export function createMemoryOpen311Store(
  thread: Pick<ReportThread, 'addThreadMessage'>,
): MemoryOpen311Store {
  const keys: Array<Open311KeyRecord & { keyHash: string }> = [];
  const reports: StoredReport[] = [];
  const events: Array<{
    id: number;
    reportId: number;
    type: string;
    data: Record<string, unknown>;
    at: Date;
  }> = [];
  const updates = new Set<string>();
  const isShown = (r: StoredReport) => r.isPublic && MAY_BE_PUBLIC_KINDS.some((k) => k === r.kind);
  const addEvent: MemoryOpen311Store['addEvent'] = (e) => {
    const id = events.length + 1;
    events.push({
      id,
      reportId: e.reportId,
      type: e.type,
      data: structuredClone(e.data ?? {}),
      at: e.at,
    });
    return id;
  };
  return {
    addKey(input) {
      const key = {
        id: keys.length + 1,
        name: input.name,
        keyHash: input.keyHash,
        unitCode: input.unitCode ?? null,
        provinceCode: input.provinceCode ?? null,
        createdAt: input.now ?? new Date(),
        revokedAt: null,
      };
      keys.push(key);
      const { keyHash: _hash, ...record } = key;
      return record;
    },
    revokeKey(id, now) {
      const key = keys.find((k) => k.id === id && k.revokedAt === null);
      if (!key) return false;
      key.revokedAt = now;
      return true;
    },
    addReport(report) {
      reports.push(structuredClone(report));
    },
    addEvent,

    async activeKeyByHash(keyHash) {
      const key = keys.find((k) => k.keyHash === keyHash && k.revokedAt === null);
      if (!key) return undefined;
      const { keyHash: _hash, ...record } = key;
      return { ...record };
    },
    async publicReports(filter) {
      return reports
        .filter(
          (r) =>
            isShown(r) &&
            r.createdAt >= filter.start &&
            r.createdAt < filter.end &&
            (!filter.ticketCodes || filter.ticketCodes.includes(r.ticketCode)) &&
            (!filter.categoryCode || r.categoryCode === filter.categoryCode) &&
            (!filter.unitCodes || filter.unitCodes.includes(r.unitCode)) &&
            (!filter.statuses || filter.statuses.includes(r.status)),
        )
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id)
        .slice(filter.offset, filter.offset + filter.limit)
        .map(({ provinceCode: _p, ...row }) => structuredClone(row));
    },
    async publicEvents(filter) {
      const out: PublicEventRow[] = [];
      for (const e of [...events].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id)) {
        const r = reports.find((x) => x.id === e.reportId);
        if (!r || !isShown(r) || !filter.types.includes(e.type)) continue;
        if (e.at < filter.start || e.at >= filter.end) continue;
        out.push({
          eventId: e.id,
          reportId: r.id,
          ticketCode: r.ticketCode,
          kind: r.kind,
          isPublic: r.isPublic,
          unitName: r.unitName,
          type: e.type,
          data: structuredClone(e.data),
          createdAt: e.at,
          firstPhotoFileId: r.firstPhotoFileId,
        });
      }
      return out.slice(0, filter.limit);
    },
    async reportScope(ticketCode) {
      const r = reports.find((x) => x.ticketCode === ticketCode);
      return r && { id: r.id, unitCode: r.unitCode, provinceCode: r.provinceCode };
    },
    async recordInboundUpdate(input) {
      const once = `${input.keyId}:${input.updateId}`;
      if (updates.has(once)) return { type: 'duplicate' };
      updates.add(once);
      const threadMessageId = await thread.addThreadMessage({
        reportId: input.reportId,
        direction: 'out',
        authorKind: 'system',
        text: input.text,
        at: input.at,
      });
      const eventId = addEvent({
        reportId: input.reportId,
        type: 'open311-update',
        data: {
          keyId: input.keyId,
          updateId: input.updateId,
          status: input.status,
          answer: input.text,
        },
        at: input.at,
      });
      return { type: 'recorded', threadMessageId, eventId };
    },
  };
}
