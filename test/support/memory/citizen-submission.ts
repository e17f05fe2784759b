/**
 * What submitting a report needs, in memory, with the PostgreSQL rules: a citizen per chat
 * account (refreshed on each visit), a report once per submission key, ticket numbers in
 * sequence per prefix and year, the active categories in their order, the communes by code.
 */
import type { Categories, CategoryRecord } from '../../../src/app/ports/categories.ts';
import type { NewReport, ReportSubmission } from '../../../src/app/ports/citizen-reports.ts';
import type { CitizenRecord, CitizenRegistry } from '../../../src/app/ports/citizens.ts';
import type { UnitRecord, Units } from '../../../src/app/ports/units.ts';
import { TICKET_SEQ_WIDTH, ticketCodeHead } from '../../../src/core/ticket-code.ts';

export interface MemoryCitizens extends CitizenRegistry {
  readonly all: ReadonlyArray<CitizenRecord & { channel: string; externalId: string }>;
}

export function createMemoryCitizens(): MemoryCitizens {
  const all: Array<CitizenRecord & { channel: string; externalId: string }> = [];
  const find = (channel: string, externalId: string) =>
    all.find((c) => c.channel === channel && c.externalId === externalId);
  const record = ({ channel: _c, externalId: _e, ...c }: (typeof all)[number]): CitizenRecord => ({
    ...c,
  });
  return {
    all,
    async ensure(who) {
      const known = find(who.channel, who.externalId);
      if (known) {
        Object.assign(known, {
          chatId: who.chatId,
          displayName: who.displayName,
          username: who.username ?? null,
        });
        return record(known);
      }
      const created = {
        id: all.length + 1,
        channel: who.channel,
        externalId: who.externalId,
        chatId: who.chatId,
        displayName: who.displayName,
        username: who.username ?? null,
        phone: null,
        language: who.language,
        lastUnitCode: null,
        erased: false,
      };
      all.push(created);
      return record(created);
    },
    async findByExternalId(channel, externalId) {
      const known = find(channel, externalId);
      return known && record(known);
    },
    async setLanguage(channel, externalId, language) {
      const known = find(channel, externalId);
      if (known) known.language = language;
    },
  };
}

export interface MemorySubmission extends ReportSubmission {
  /** Every report committed, as given, with its id and ticket code. */
  readonly reports: ReadonlyArray<NewReport & { id: number; ticketCode: string }>;
}

export function createMemorySubmission(): MemorySubmission {
  const reports: Array<NewReport & { id: number; ticketCode: string }> = [];
  const counters = new Map<string, number>();
  return {
    reports,
    async submit(input) {
      const known = reports.find((r) => r.submissionKey === input.submissionKey);
      if (known)
        return { id: known.id, ticketCode: known.ticketCode, dueAt: known.dueAt, created: false };
      const counter = `${input.ticketPrefix}-${input.year}`;
      const seq = (counters.get(counter) ?? 0) + 1;
      counters.set(counter, seq);
      const report = {
        ...structuredClone(input),
        id: reports.length + 1,
        ticketCode:
          ticketCodeHead(input.ticketPrefix, input.year) +
          String(seq).padStart(TICKET_SEQ_WIDTH, '0'),
      };
      reports.push(report);
      return { id: report.id, ticketCode: report.ticketCode, dueAt: report.dueAt, created: true };
    },
  };
}

/** A category as an admin sets it: inactive ones are kept but no longer offered. */
export type MemoryCategory = CategoryRecord & { active?: boolean; sortOrder?: number };

export function createMemoryCategories(categories: readonly MemoryCategory[]): Categories {
  const record = ({ active: _a, sortOrder: _s, ...c }: MemoryCategory): CategoryRecord => ({
    ...c,
  });
  return {
    listActive: async () =>
      categories
        .filter((c) => c.active !== false)
        .sort((a, b) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0) || a.code.localeCompare(b.code))
        .map(record),
    get: async (code) => {
      const found = categories.find((c) => c.code === code);
      return found && record(found);
    },
  };
}

export function createMemoryUnits(units: readonly UnitRecord[]): Pick<Units, 'get'> {
  return {
    get: async (code) => {
      const found = units.find((u) => u.code === code);
      return found && { ...found };
    },
  };
}
