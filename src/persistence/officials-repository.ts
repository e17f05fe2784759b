/**
 * Officials, the positions they hold, the invites that register them and the staff groups of a
 * commune. Reports route to positions, not people: an invite names a position (unit + kind) and
 * whoever opens it first becomes one holder of that position.
 *
 * Concurrency is explicit. An invite is claimed by one conditional update (`used_at IS NULL AND
 * expires_at > now`) whose count says who won, inside the same transaction that creates the
 * official, so a failed registration leaves the invite unused. Positions have no unique key in
 * the schema (a commune may have several heads), so find-or-create of a position takes a
 * transaction-scoped advisory lock on (unit, kind) instead.
 */
import { randomBytes } from 'node:crypto';
import { toLang, type Lang } from '../core/lang.ts';
import { assertNever } from '../core/assert-never.ts';
import { AppError } from '../core/errors.ts';
import {
  isOfficialRole,
  isPositionKind,
  POSITION_RANKS,
  POSITION_TITLES,
  type OfficialRole,
  type PositionKind,
} from '../core/positions.ts';
import type { Prisma, PrismaClient } from './generated/prisma/client.ts';
import { plainSqlFor } from './plain-sql.ts';
import { referenceCacheFor } from './reference-cache.ts';
import { isUniqueViolation } from './prisma-errors.ts';
import type {
  OfficialAccounts,
  OfficialDirectory,
  OfficialReachability,
  OfficialRecord,
  Redeemer,
  UnitGroupRecord,
} from '../app/ports/official-directory.ts';

export interface NewInvite {
  unitCode: string;
  positionKind: PositionKind;
  role: OfficialRole;
  /** Category codes; the caller has checked they exist. */
  fields: readonly string[];
  now: Date;
  /** Days the invite stays valid; 7 unless given. */
  ttlDays?: number;
}

export interface CreatedInvite {
  /** 12 url-safe characters: the deep-link payload is `inv_<code>` (16 of Telegram's 64). */
  code: string;
  expiresAt: Date;
}

export type RedeemResult =
  | { type: 'registered'; official: OfficialRecord }
  | { type: 'expired' }
  /** `byThisAccount`: the same account opened its own link again (answer kindly, not as an error). */
  | { type: 'used'; byThisAccount: boolean }
  | { type: 'unknown' };

export type RevokeResult =
  | { type: 'revoked'; official: OfficialRecord }
  | { type: 'alreadyRevoked'; official: OfficialRecord }
  | { type: 'unknown' };

export interface OfficialsRepositoryOptions {
  /** Source of random bytes for invite codes; crypto.randomBytes unless a test injects one. */
  random?: (size: number) => Uint8Array;
}

/** Officials, positions, invites and staff groups (the routing's directory and the admin's side). */
export interface OfficialsRepository
  extends OfficialDirectory, OfficialAccounts, OfficialReachability {
  /** Creates a one-time invite for a position; the code is random and url-safe. */
  createInvite(input: NewInvite): Promise<CreatedInvite>;
  /**
   * Registers the opening account for the invite's position. Exactly one account wins an invite,
   * even when several open it at once. The same account registering again for the same position
   * reactivates its row instead of adding one.
   */
  redeemInvite(code: string, who: Redeemer): Promise<RedeemResult>;
  /** Deactivates an official; the row stays for the audit trail. */
  revoke(id: number, now: Date): Promise<RevokeResult>;
  /** Registers (or re-registers, possibly for another unit) the staff group of a commune. */
  registerGroup(input: {
    unitCode: string;
    chatId: string;
    title: string;
    channel?: string;
  }): Promise<UnitGroupRecord>;
  /** Sets one official's language (the admin's `gopy officials lang`); false if no such id. */
  setLang(id: number, lang: Lang): Promise<boolean>;
}

/** One account on one channel, as a key of the set of officials' accounts. */
const accountKey = (channel: string, externalId: string) => `${channel}\u0000${externalId}`;

const INVITE_CODE_BYTES = 9; // 9 bytes → 12 base64url characters, 72 bits: not guessable.
const DEFAULT_TTL_DAYS = 7;
const DAY_MS = 86_400_000;

const officialInclude = {
  position: { include: { unit: { include: { province: true } } } },
} as const satisfies Prisma.OfficialInclude;

type OfficialRow = Prisma.OfficialGetPayload<{ include: typeof officialInclude }>;
type Db = PrismaClient | Prisma.TransactionClient;

export function createOfficialsRepository(
  prisma: PrismaClient,
  options: OfficialsRepositoryOptions = {},
): OfficialsRepository {
  const random = options.random ?? ((size: number) => randomBytes(size));
  const sql = plainSqlFor(prisma);
  const activeAccounts = referenceCacheFor(prisma).memo(['officials'], async () => {
    const { rows } = await sql.query<{ channel: string; external_id: string }>(
      'gopy_official_accounts',
      'SELECT channel, external_id FROM officials WHERE active',
      [],
    );
    return new Set(rows.map((r) => accountKey(r.channel, r.external_id)));
  });
  /** Every unit's active groups, oldest first. created_at holds UTC: read as such. */
  const activeGroups = referenceCacheFor(prisma).memo(['unit_groups'], async () => {
    const { rows } = await sql.query<Omit<UnitGroupRecord, 'lang'> & { lang: string }>(
      'gopy_active_groups',
      `SELECT id, unit_code AS "unitCode", channel, chat_id AS "chatId", title, active,
              created_at AT TIME ZONE 'UTC' AS "createdAt", lang
         FROM unit_groups WHERE active ORDER BY id`,
      [],
    );
    const byUnit = new Map<string, UnitGroupRecord[]>();
    for (const row of rows) {
      const group = toGroup(row);
      byUnit.set(group.unitCode, [...(byUnit.get(group.unitCode) ?? []), group]);
    }
    return byUnit;
  });

  /** Category names for the fields of many rows in one query. */
  async function fieldNamesOf(db: Db, codes: Iterable<string>): Promise<Map<string, string>> {
    const wanted = [...new Set(codes)];
    if (wanted.length === 0) return new Map();
    const rows = await db.category.findMany({
      where: { code: { in: wanted } },
      select: { code: true, nameVi: true },
    });
    return new Map(rows.map((r) => [r.code, r.nameVi]));
  }

  function toRecord(row: OfficialRow, names: Map<string, string>): OfficialRecord {
    const p = row.position;
    return {
      id: row.id,
      positionId: p.id,
      positionKind: toPositionKind(p.kind),
      positionTitle: p.title,
      rank: p.rank,
      unitCode: row.unitCode,
      unitName: p.unit.name,
      provinceCode: p.unit.provinceCode,
      provinceName: p.unit.province.name,
      role: toRole(row.role),
      fields: [...p.fields],
      fieldNames: p.fields.map((f) => names.get(f) ?? f),
      displayName: row.displayName,
      channel: row.channel,
      externalId: row.externalId,
      chatId: row.chatId,
      active: row.active,
      unreachableAt: row.unreachableAt,
      createdAt: row.createdAt,
      revokedAt: row.revokedAt,
      lang: toLang(row.lang),
    };
  }

  async function toRecords(db: Db, rows: OfficialRow[]): Promise<OfficialRecord[]> {
    const names = await fieldNamesOf(
      db,
      rows.flatMap((r) => r.position.fields),
    );
    return rows.map((r) => toRecord(r, names));
  }

  async function loadOfficial(db: Db, id: number): Promise<OfficialRecord | undefined> {
    const row = await db.official.findUnique({ where: { id }, include: officialInclude });
    if (!row) return undefined;
    const [record] = await toRecords(db, [row]);
    return record;
  }

  /**
   * Finds or creates the position an invite names. The chair and the staff are one position per
   * unit (an invite adds its fields to it). Vice-chairs and heads come several to a commune,
   * told apart by their fields: an invite joins the position with the same fields, else one
   * that already covers them, else one that shares a field (merging the invite's fields into
   * it), and otherwise creates a position, so that a second vice-chair in charge of other
   * fields does not receive the first one's reports. An invite without fields joins the
   * position with none, else the first of its kind.
   */
  async function ensurePosition(
    tx: Prisma.TransactionClient,
    unitCode: string,
    kind: PositionKind,
    fields: readonly string[],
  ): Promise<number> {
    // Serializes find-or-create per (unit, kind): two invites redeemed at once must not
    // create two chair positions.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`gopy:position:${unitCode}:${kind}`}))`;
    const existing = await tx.position.findMany({
      where: { unitCode, kind },
      orderBy: { id: 'asc' },
    });
    const join = async (position: { id: number; fields: string[] } | undefined) => {
      if (!position) return createPosition(tx, unitCode, kind, fields);
      const merged = mergeFields(position.fields, fields);
      if (merged.length !== position.fields.length) {
        await tx.position.update({ where: { id: position.id }, data: { fields: merged } });
      }
      return position.id;
    };
    switch (kind) {
      case 'chair':
      case 'staff':
        return join(existing[0]);
      case 'vice-chair':
      case 'head': {
        const wanted = new Set(fields);
        const key = fieldsKey(fields);
        const same = existing.find((p) => fieldsKey(p.fields) === key);
        if (same) return same.id;
        if (wanted.size === 0) return join(existing[0]);
        const covering = existing.find((p) => [...wanted].every((f) => p.fields.includes(f)));
        const sharing = existing.find((p) => p.fields.some((f) => wanted.has(f)));
        return join(covering ?? sharing);
      }
      default:
        return assertNever(kind, 'position kind');
    }
  }

  async function createPosition(
    tx: Prisma.TransactionClient,
    unitCode: string,
    kind: PositionKind,
    fields: readonly string[],
  ): Promise<number> {
    const row = await tx.position.create({
      data: {
        unitCode,
        kind,
        title: POSITION_TITLES[kind],
        fields: mergeFields([], fields),
        rank: POSITION_RANKS[kind],
      },
    });
    return row.id;
  }

  async function officialsWhere(where: Prisma.OfficialWhereInput): Promise<OfficialRecord[]> {
    const rows = await prisma.official.findMany({
      where,
      include: officialInclude,
      orderBy: [{ unitCode: 'asc' }, { position: { rank: 'desc' } }, { id: 'asc' }],
    });
    return toRecords(prisma, rows);
  }

  return {
    async createInvite(input) {
      const ttlDays = input.ttlDays ?? DEFAULT_TTL_DAYS;
      if (!(ttlDays > 0))
        throw new AppError('invalid_invite', `ttlDays must be positive, got ${ttlDays}`);
      const expiresAt = new Date(input.now.getTime() + ttlDays * DAY_MS);
      // A collision of 72 random bits is not expected; retrying covers a bad injected source.
      for (let attempt = 0; attempt < 3; attempt++) {
        const code = Buffer.from(random(INVITE_CODE_BYTES)).toString('base64url');
        try {
          await prisma.invite.create({
            data: {
              code,
              unitCode: input.unitCode,
              positionKind: input.positionKind,
              role: input.role,
              fields: mergeFields([], input.fields),
              expiresAt,
              createdAt: input.now,
            },
          });
          return { code, expiresAt };
        } catch (err) {
          if (isUniqueViolation(err)) continue;
          throw err;
        }
      }
      throw new AppError('invite_code_collision', 'Could not generate a unique invite code');
    },

    async redeemInvite(code, who) {
      return prisma.$transaction(async (tx): Promise<RedeemResult> => {
        // The claim: only one transaction sees count 1. A concurrent one waits on the row
        // lock, re-reads it after the winner commits, and matches nothing.
        const claimed = await tx.invite.updateMany({
          where: { code, usedAt: null, expiresAt: { gt: who.now } },
          data: { usedAt: who.now },
        });
        if (claimed.count === 0) {
          const invite = await tx.invite.findUnique({ where: { code } });
          if (!invite) return { type: 'unknown' };
          if (invite.usedAt !== null) {
            const holder =
              invite.officialId === null
                ? null
                : await tx.official.findUnique({ where: { id: invite.officialId } });
            const byThisAccount =
              holder !== null &&
              holder.channel === who.channel &&
              holder.externalId === who.externalId;
            return { type: 'used', byThisAccount };
          }
          return { type: 'expired' };
        }

        const invite = await tx.invite.findUniqueOrThrow({ where: { code } });
        const kind = toPositionKind(invite.positionKind);
        const role = toRole(invite.role);
        const positionId = await ensurePosition(tx, invite.unitCode, kind, invite.fields);

        const previous = await tx.official.findFirst({
          where: { positionId, channel: who.channel, externalId: who.externalId },
          orderBy: { id: 'desc' },
        });
        const details = {
          role,
          displayName: who.displayName,
          chatId: who.chatId,
          ...(who.lang ? { lang: who.lang } : {}),
        };
        const official = previous
          ? await tx.official.update({
              where: { id: previous.id },
              data: { ...details, active: true, revokedAt: null, unreachableAt: null },
            })
          : await tx.official.create({
              data: {
                ...details,
                positionId,
                unitCode: invite.unitCode,
                channel: who.channel,
                externalId: who.externalId,
                createdAt: who.now,
              },
            });
        await tx.invite.update({ where: { code }, data: { officialId: official.id } });
        const record = await loadOfficial(tx, official.id);
        if (!record) throw new AppError('official_missing', `Official ${official.id} vanished`);
        return { type: 'registered', official: record };
      });
    },

    async findActiveByExternalId(channel, externalId) {
      // Called for every message a citizen types, and nearly every caller is a citizen: the
      // accounts of the active officials are kept in process until the table changes
      // (reference-cache.ts), so a citizen costs no query. Officials pay the query with its
      // includes.
      if (!(await activeAccounts()).has(accountKey(channel, externalId))) return [];
      return officialsWhere({ channel, externalId, active: true });
    },

    async get(id) {
      return loadOfficial(prisma, id);
    },

    async list(filter = {}) {
      return officialsWhere(filter.unitCode === undefined ? {} : { unitCode: filter.unitCode });
    },

    async revoke(id, now) {
      const changed = await prisma.official.updateMany({
        where: { id, active: true },
        data: { active: false, revokedAt: now },
      });
      const official = await loadOfficial(prisma, id);
      if (!official) return { type: 'unknown' };
      return changed.count === 1
        ? { type: 'revoked', official }
        : { type: 'alreadyRevoked', official };
    },

    async markUnreachable(id, now) {
      await prisma.official.updateMany({
        where: { id, unreachableAt: null },
        data: { unreachableAt: now },
      });
    },

    // After every send to an official (delivery-outcomes.ts): a prepared statement on the pool.
    async markReachable(id) {
      await sql.query(
        'gopy_official_reachable',
        'UPDATE officials SET unreachable_at = NULL WHERE id = $1::int AND unreachable_at IS NOT NULL',
        [id],
      );
    },

    async positionsOfUnit(unitCode) {
      const positions = await prisma.position.findMany({
        where: { unitCode },
        orderBy: [{ rank: 'desc' }, { id: 'asc' }],
        include: {
          unit: { include: { province: true } },
          officials: { where: { active: true }, orderBy: { id: 'asc' } },
        },
      });
      const names = await fieldNamesOf(
        prisma,
        positions.flatMap((p) => p.fields),
      );
      return positions.map((p) => {
        const { officials, ...position } = p;
        return {
          id: p.id,
          unitCode: p.unitCode,
          kind: toPositionKind(p.kind),
          title: p.title,
          fields: [...p.fields],
          rank: p.rank,
          officials: officials.map((o) => toRecord({ ...o, position }, names)),
        };
      });
    },

    async staffOfUnit(unitCode) {
      const staff = await officialsWhere({
        unitCode,
        active: true,
        role: { not: 'observer' },
        position: { kind: { in: ['head', 'staff'] } },
      });
      return staff.sort((a, b) => a.displayName.localeCompare(b.displayName, 'vi') || a.id - b.id);
    },

    async registerGroup({ unitCode, chatId, title, channel = 'telegram' }) {
      const row = await prisma.unitGroup.upsert({
        where: { channel_chatId: { channel, chatId } },
        create: { unitCode, chatId, title, channel },
        update: { unitCode, title, active: true },
      });
      return toGroup(row);
    },

    async groupByChat(chatId, channel = 'telegram') {
      const row = await prisma.unitGroup.findFirst({ where: { channel, chatId, active: true } });
      return row ? toGroup(row) : undefined;
    },

    async groupsOfUnit(unitCode) {
      // Read once a report as the citizen picks the commune (unit-readiness.ts), and on
      // routing: every unit's active groups are kept in process until unit_groups changes
      // (reference-cache.ts), since a query a report was two round trips of the conversation
      // (bench:intake).
      return [...((await activeGroups()).get(unitCode) ?? [])];
    },

    async deactivateGroup(chatId, channel = 'telegram') {
      await prisma.unitGroup.updateMany({ where: { channel, chatId }, data: { active: false } });
    },

    async setLangByExternalId(channel, externalId, lang) {
      const { count } = await prisma.official.updateMany({
        where: { channel, externalId, active: true },
        data: { lang },
      });
      return count;
    },

    async setLang(id, lang) {
      const { count } = await prisma.official.updateMany({ where: { id }, data: { lang } });
      return count > 0;
    },

    async setGroupLang(chatId, lang, channel = 'telegram') {
      const { count } = await prisma.unitGroup.updateMany({
        where: { channel, chatId, active: true },
        data: { lang },
      });
      return count > 0;
    },

    async provinceAdmins(provinceCode) {
      return officialsWhere({ active: true, role: 'admin', position: { unit: { provinceCode } } });
    },
  };
}

// ---------------------------------------------------------------- helpers

function toGroup(row: Omit<UnitGroupRecord, 'lang'> & { lang: string }): UnitGroupRecord {
  return {
    id: row.id,
    unitCode: row.unitCode,
    channel: row.channel,
    chatId: row.chatId,
    title: row.title,
    active: row.active,
    createdAt: row.createdAt,
    lang: toLang(row.lang),
  };
}

/** Existing fields first, then new ones, without duplicates. */
function mergeFields(existing: readonly string[], added: readonly string[]): string[] {
  return [...new Set([...existing, ...added])];
}

function fieldsKey(fields: readonly string[]): string {
  return [...new Set(fields)].sort().join(',');
}

function toPositionKind(value: string): PositionKind {
  if (isPositionKind(value)) return value;
  throw new AppError('officials_data', `Unknown position kind in the database: ${value}`);
}

function toRole(value: string): OfficialRole {
  if (isOfficialRole(value)) return value;
  throw new AppError('officials_data', `Unknown official role in the database: ${value}`);
}
