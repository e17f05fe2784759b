/**
 * Data for routing tests and the routing bench: leaders of more communes than the two demo ones
 * (so many chats are involved), and reports committed the way the citizen flow commits them
 * (citizen row, report row with its first event), ready for the routing job.
 */
import { TICKET_PREFIXES } from '../../src/core/ticket-code.ts';
import type { PrismaClient } from '../../src/persistence/prisma.ts';
import { createCitizensRepository } from '../../src/persistence/citizens-repository.ts';
import { createReportsRepository } from '../../src/persistence/reports-repository.ts';
import { DEMO_UNIT_CODES } from '../../src/persistence/seed-demo.ts';

export type LeaderKind = 'chair' | 'vice-chair';

const RANKS: Record<LeaderKind, number> = { chair: 3, 'vice-chair': 2 };

export interface AddedOfficial {
  officialId: number;
  positionId: number;
  chatId: number;
}

/**
 * Gives a commune a leader reachable in private chat `chatId`: in the unit's first position of
 * that kind (created when missing; a vice chair in charge of `fields`). `role: 'admin'` makes
 * them the province's administrator instead (the last fallback).
 */
export async function addOfficial(
  prisma: PrismaClient,
  input: {
    unitCode: string;
    kind: LeaderKind;
    chatId: number;
    fields?: string[];
    role?: 'leader' | 'admin';
  },
): Promise<AddedOfficial> {
  const existing = await prisma.position.findFirst({
    where: { unitCode: input.unitCode, kind: input.kind },
    orderBy: { id: 'asc' },
    select: { id: true },
  });
  const position =
    existing ??
    (await prisma.position.create({
      data: {
        unitCode: input.unitCode,
        kind: input.kind,
        title: input.kind === 'chair' ? 'Chủ tịch UBND xã' : 'Phó Chủ tịch UBND xã',
        fields: input.fields ?? [],
        rank: RANKS[input.kind],
      },
      select: { id: true },
    }));
  const official = await prisma.official.create({
    data: {
      positionId: position.id,
      unitCode: input.unitCode,
      role: input.role ?? 'leader',
      displayName: `Cán bộ ${input.chatId}`,
      channel: 'telegram',
      externalId: String(input.chatId),
      chatId: String(input.chatId),
    },
    select: { id: true },
  });
  return { officialId: official.id, positionId: position.id, chatId: input.chatId };
}

/**
 * `count` communes of one province that is not the demo's, by code: nobody there reads gopy
 * until a test registers someone (the demo's province has its seeded admin, who would take the
 * reports of every commune without an official).
 */
export async function otherCommunes(prisma: PrismaClient, count: number): Promise<string[]> {
  const demo = await prisma.unit.findUniqueOrThrow({
    where: { code: DEMO_UNIT_CODES[0] },
    select: { provinceCode: true },
  });
  const province = await prisma.province.findFirstOrThrow({
    where: { code: { not: demo.provinceCode } },
    orderBy: { code: 'asc' },
    select: { code: true },
  });
  const units = await prisma.unit.findMany({
    where: { provinceCode: province.code },
    orderBy: { code: 'asc' },
    take: count,
    select: { code: true },
  });
  if (units.length < count) throw new Error(`only ${units.length} other communes`);
  return units.map((u) => u.code);
}

export interface CommittedReport {
  id: number;
  ticketCode: string;
  /** When the commit returned (the moment the citizen is told "Đã tiếp nhận"). */
  committedAt: number;
}

/**
 * Commits a report from the citizen in private chat `citizenChatId`, as the citizen flow's
 * submitReport does, without routing it: the caller enqueues (or loses) the routing job.
 */
export async function commitReport(
  prisma: PrismaClient,
  input: {
    citizenChatId: number;
    /** A web chat citizen (the browser session's chat id) instead of the Telegram chat. */
    webChatId?: string;
    unitCode: string;
    categoryCode?: string;
    text?: string;
    /** Unique per report; defaults to one derived from the chat and the time. */
    key?: string;
    /** Photo file ids the citizen sent (none by default). */
    photoFileIds?: string[];
    /** The map pin the citizen shared (none by default). */
    location?: { latitude: number; longitude: number };
  },
): Promise<CommittedReport> {
  const now = new Date();
  const citizen = await createCitizensRepository(prisma).ensure(
    {
      channel: input.webChatId === undefined ? 'telegram' : 'web',
      externalId: input.webChatId ?? String(input.citizenChatId),
      chatId: input.webChatId ?? String(input.citizenChatId),
      displayName: `Người dân ${input.citizenChatId}`,
      language: 'vi',
    },
    now,
  );
  const year = now.getUTCFullYear();
  const report = await createReportsRepository(prisma).submit({
    submissionKey: input.key ?? `test-${input.citizenChatId}-${now.getTime()}-${Math.random()}`,
    citizenId: citizen.id,
    unitCode: input.unitCode,
    categoryCode: input.categoryCode ?? 'giao-thong',
    kind: 'phan-anh',
    text: input.text ?? 'Đường liên thôn bị sụt lún, xe máy đi lại rất nguy hiểm.',
    anonymous: false,
    photos: (input.photoFileIds ?? []).map((fileId) => ({ fileId })),
    ...(input.location ?? {}),
    flowId: 'report',
    flowVersion: 1,
    dueAt: new Date(now.getTime() + 5 * 86_400_000),
    ticketPrefix: TICKET_PREFIXES['phan-anh'],
    year,
  });
  return { id: report.id, ticketCode: report.ticketCode, committedAt: Date.now() };
}
