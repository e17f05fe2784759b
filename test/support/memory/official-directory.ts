/**
 * The officials' directory in memory: communes, their positions, the officials holding them and
 * their staff groups, read the way the PostgreSQL repository reads them (positions by rank,
 * highest first; active officials only; admins of a province by unit, rank, id), and the
 * accounts the desk reads (an account's active positions, a commune's staff by name, groups by
 * chat, the language of an account or a group).
 */
import {
  defaultRoleFor,
  POSITION_RANKS,
  POSITION_TITLES,
  type OfficialRole,
  type PositionKind,
} from '../../../src/core/positions.ts';
import type { Lang } from '../../../src/core/lang.ts';
import type {
  OfficialAccounts,
  OfficialDirectory,
  OfficialReachability,
  OfficialRecord,
  PositionRecord,
  UnitGroupRecord,
} from '../../../src/app/ports/official-directory.ts';

export interface MemoryUnit {
  code: string;
  name: string;
  provinceCode: string;
  provinceName: string;
}

export interface MemoryOfficials extends OfficialDirectory, OfficialAccounts {
  /** A commune position (a new one each call: a commune may have several heads). */
  addPosition(input: { unitCode: string; kind: PositionKind; fields?: string[] }): number;
  /**
   * An official reachable in `chatId`, holding the unit's first position of `kind` (created when
   * missing), as an invite registers them; `positionId` picks another position.
   */
  addOfficial(input: {
    unitCode: string;
    kind: PositionKind;
    chatId: string;
    lang?: OfficialRecord['lang'];
    positionId?: number;
    /** Category codes of a new position (a vice chair in charge of roads…). */
    fields?: string[];
    role?: OfficialRole;
    displayName?: string;
  }): OfficialRecord;
  addGroup(input: { unitCode: string; chatId: string; title?: string }): UnitGroupRecord;
  markUnreachable(id: number, now: Date): void;
  /** A message got through: the official is reachable again. */
  markReachable(id: number): void;
  /** The same marks as the port the delivery outcomes use. */
  readonly reachability: OfficialReachability;
  revoke(id: number, now: Date): void;
}

const CREATED = new Date('2026-03-01T01:00:00Z');

export function createMemoryOfficials(units: readonly MemoryUnit[]): MemoryOfficials {
  const positions: Array<Omit<PositionRecord, 'officials'>> = [];
  const officials: OfficialRecord[] = [];
  const groups: UnitGroupRecord[] = [];
  const unit = (code: string): MemoryUnit => {
    const found = units.find((u) => u.code === code);
    if (!found) throw new Error(`unknown unit ${code}`);
    return found;
  };
  const copy = (o: OfficialRecord): OfficialRecord => structuredClone(o);
  /** Keeps the first time the chat was found unreachable. */
  const markUnreachable = (id: number, now: Date): void => {
    const o = officials.find((x) => x.id === id);
    if (o && o.unreachableAt === null) o.unreachableAt = now;
  };
  const markReachable = (id: number): void => {
    const o = officials.find((x) => x.id === id);
    if (o) o.unreachableAt = null;
  };
  const groupOf = (chatId: string, channel: string) =>
    groups.find((g) => g.chatId === chatId && g.channel === channel);
  const byUnitRankId = (a: OfficialRecord, b: OfficialRecord) =>
    (a.unitCode < b.unitCode ? -1 : a.unitCode > b.unitCode ? 1 : 0) ||
    b.rank - a.rank ||
    a.id - b.id;

  function addPosition(input: { unitCode: string; kind: PositionKind; fields?: string[] }) {
    unit(input.unitCode);
    const id = positions.length + 1;
    positions.push({
      id,
      unitCode: input.unitCode,
      kind: input.kind,
      title: POSITION_TITLES[input.kind],
      fields: input.fields ?? [],
      rank: POSITION_RANKS[input.kind],
    });
    return id;
  }

  return {
    addPosition,
    addOfficial(input) {
      const u = unit(input.unitCode);
      const positionId =
        input.positionId ??
        positions.find((p) => p.unitCode === input.unitCode && p.kind === input.kind)?.id ??
        addPosition(input);
      const position = positions.find((p) => p.id === positionId)!;
      const official: OfficialRecord = {
        id: officials.length + 1,
        positionId,
        positionKind: position.kind,
        positionTitle: position.title,
        rank: position.rank,
        unitCode: u.code,
        unitName: u.name,
        provinceCode: u.provinceCode,
        provinceName: u.provinceName,
        role: input.role ?? defaultRoleFor(position.kind),
        fields: [...position.fields],
        fieldNames: [...position.fields],
        displayName: input.displayName ?? `Cán bộ ${input.chatId}`,
        channel: 'telegram',
        externalId: input.chatId,
        chatId: input.chatId,
        active: true,
        unreachableAt: null,
        createdAt: CREATED,
        revokedAt: null,
        lang: input.lang ?? 'vi',
      };
      officials.push(official);
      return copy(official);
    },
    addGroup(input) {
      unit(input.unitCode);
      // Registering a chat again moves it (to another commune, maybe) and wakes it up.
      const known = groupOf(input.chatId, 'telegram');
      if (known) {
        Object.assign(known, { unitCode: input.unitCode, active: true });
        if (input.title !== undefined) known.title = input.title;
        return { ...known };
      }
      const group: UnitGroupRecord = {
        id: groups.length + 1,
        unitCode: input.unitCode,
        channel: 'telegram',
        chatId: input.chatId,
        title: input.title ?? `Nhóm cán bộ ${input.unitCode}`,
        active: true,
        createdAt: CREATED,
        lang: 'vi',
      };
      groups.push(group);
      return { ...group };
    },
    markUnreachable,
    markReachable,
    reachability: {
      markUnreachable: async (id, now) => markUnreachable(id, now),
      markReachable: async (id) => markReachable(id),
    },
    revoke(id, now) {
      const o = officials.find((x) => x.id === id);
      if (o?.active) Object.assign(o, { active: false, revokedAt: now });
    },

    async get(id) {
      const o = officials.find((x) => x.id === id);
      return o ? copy(o) : undefined;
    },
    async positionsOfUnit(unitCode) {
      return positions
        .filter((p) => p.unitCode === unitCode)
        .sort((a, b) => b.rank - a.rank || a.id - b.id)
        .map((p) => ({
          ...p,
          fields: [...p.fields],
          officials: officials.filter((o) => o.positionId === p.id && o.active).map(copy),
        }));
    },
    async groupsOfUnit(unitCode) {
      return groups.filter((g) => g.unitCode === unitCode && g.active).map((g) => ({ ...g }));
    },
    async findActiveByExternalId(channel, externalId) {
      return officials
        .filter((o) => o.active && o.channel === channel && o.externalId === externalId)
        .sort(byUnitRankId)
        .map(copy);
    },
    async list(filter = {}) {
      return officials
        .filter((o) => filter.unitCode === undefined || o.unitCode === filter.unitCode)
        .sort(byUnitRankId)
        .map(copy);
    },
    async staffOfUnit(unitCode) {
      return officials
        .filter(
          (o) =>
            o.active &&
            o.unitCode === unitCode &&
            o.role !== 'observer' &&
            (o.positionKind === 'head' || o.positionKind === 'staff'),
        )
        .sort((a, b) => a.displayName.localeCompare(b.displayName, 'vi') || a.id - b.id)
        .map(copy);
    },
    async groupByChat(chatId, channel = 'telegram') {
      const found = groupOf(chatId, channel);
      return found?.active ? { ...found } : undefined;
    },
    async deactivateGroup(chatId, channel = 'telegram') {
      const found = groupOf(chatId, channel);
      if (found) found.active = false;
    },
    async setLangByExternalId(channel, externalId, lang: Lang) {
      const held = officials.filter(
        (o) => o.active && o.channel === channel && o.externalId === externalId,
      );
      for (const o of held) o.lang = lang;
      return held.length;
    },
    async setGroupLang(chatId, lang, channel = 'telegram') {
      const found = groupOf(chatId, channel);
      if (!found?.active) return false;
      found.lang = lang;
      return true;
    },
    async provinceAdmins(provinceCode) {
      return officials
        .filter((o) => o.active && o.role === 'admin' && o.provinceCode === provinceCode)
        .sort(byUnitRankId)
        .map(copy);
    },
  };
}
