/**
 * Who holds which position of a commune, and where to reach them: what routing, the fallback and
 * the desk read about officials (implemented by persistence/officials-repository.ts, which also
 * registers and revokes them).
 */
import type { Lang } from '../../core/lang.ts';
import type { OfficialRole, PositionKind } from '../../core/positions.ts';

/** One person holding one position, reachable in one chat. */
export interface OfficialRecord {
  id: number;
  positionId: number;
  positionKind: PositionKind;
  positionTitle: string;
  rank: number;
  unitCode: string;
  /** "Xã Bắc Đông Hưng" */
  unitName: string;
  provinceCode: string;
  /** "Tỉnh Hưng Yên" */
  provinceName: string;
  role: OfficialRole;
  /** Category codes the position is in charge of; empty means no particular field. */
  fields: string[];
  /** Vietnamese names of `fields`, same order (the code when a category is unknown). */
  fieldNames: string[];
  displayName: string;
  channel: string;
  externalId: string;
  chatId: string;
  active: boolean;
  unreachableAt: Date | null;
  createdAt: Date;
  revokedAt: Date | null;
  /** The language the official reads alerts, answers and digests in (/lang). */
  lang: Lang;
}

/** A position of a unit with its active holders, for routing. */
export interface PositionRecord {
  id: number;
  unitCode: string;
  kind: PositionKind;
  title: string;
  fields: string[];
  rank: number;
  /** Active officials only; may be empty (a vacant position). */
  officials: OfficialRecord[];
}

/** A commune's staff group that receives its alerts. */
export interface UnitGroupRecord {
  id: number;
  unitCode: string;
  channel: string;
  chatId: string;
  title: string;
  active: boolean;
  createdAt: Date;
  /** The language of the group's alerts and answers: Vietnamese unless set with /lang. */
  lang: Lang;
}

export interface OfficialDirectory {
  get(id: number): Promise<OfficialRecord | undefined>;
  /** Every position of a unit (highest rank first) with its active officials. */
  positionsOfUnit(unitCode: string): Promise<PositionRecord[]>;
  /** The active staff groups of a commune. */
  groupsOfUnit(unitCode: string): Promise<UnitGroupRecord[]>;
  /** Active admins whose unit is in the province: the last escalation step. */
  provinceAdmins(provinceCode: string): Promise<OfficialRecord[]>;
}

/** The officials' accounts as the desk and the web sign-in read them. */
export interface OfficialAccounts {
  /** Active positions held by a chat account (one account may hold several). */
  findActiveByExternalId(channel: string, externalId: string): Promise<OfficialRecord[]>;
  /** All officials, active and revoked, by unit then rank (highest first). */
  list(filter?: { unitCode?: string }): Promise<OfficialRecord[]>;
  /** Active officials of a unit a report can be assigned to (heads and staff, not observers). */
  staffOfUnit(unitCode: string): Promise<OfficialRecord[]>;
  /** The active group registered for a chat, if any. */
  groupByChat(chatId: string, channel?: string): Promise<UnitGroupRecord | undefined>;
  /** Stops alerting a group (the bot was removed from it). */
  deactivateGroup(chatId: string, channel?: string): Promise<void>;
  /** Sets the language of every position a chat account holds (/lang); how many rows changed. */
  setLangByExternalId(channel: string, externalId: string, lang: Lang): Promise<number>;
  /** Sets the language of a registered group (/lang in it); false if the chat is no active group. */
  setGroupLang(chatId: string, lang: Lang, channel?: string): Promise<boolean>;
}

/** What a delivery's outcome says about an official's chat. */
export interface OfficialReachability {
  /** Notes that the chat blocked the bot or vanished; keeps the first time it was seen. */
  markUnreachable(id: number, now: Date): Promise<void>;
  /** A message got through: the official is reachable again. */
  markReachable(id: number): Promise<void>;
}

/** The account opening an invite. */
export interface Redeemer {
  channel: string;
  externalId: string;
  chatId: string;
  displayName: string;
  now: Date;
  /** The language the account already reads gopy in (its other positions'): the position takes it. */
  lang?: Lang;
}
