/**
 * The PostgreSQL side of the port contracts: a database of its own per fixture, with the
 * communes of DIRECTORY_UNITS and one category, and the repositories built on it.
 */
import { TICKET_PREFIXES } from '../../../src/core/ticket-code.ts';
import type { SubmissionKind } from '../../../src/core/submission-kinds.ts';
import type { FollowersFixture } from './followers-contract.ts';
import type { CitizenReportsFixture } from './citizen-reports-contract.ts';
import type { Open311StoreFixture } from './open311-store-contract.ts';
import { createOpen311Repository } from '../../../src/persistence/open311-repository.ts';
import { createFollowersRepository } from '../../../src/persistence/followers-repository.ts';
import { createCitizensRepository } from '../../../src/persistence/citizens-repository.ts';
import {
  createOfficialsRepository,
  type OfficialsRepository,
} from '../../../src/persistence/officials-repository.ts';
import type { OfficialRecord } from '../../../src/app/ports/official-directory.ts';
import {
  defaultRoleFor,
  type OfficialRole,
  type PositionKind,
} from '../../../src/core/positions.ts';
import { createReportWorkflowRepository } from '../../../src/persistence/report-workflow-repository.ts';
import { createReportsRepository } from '../../../src/persistence/reports-repository.ts';
import { createRoutingRulesRepository } from '../../../src/persistence/routing-rules-repository.ts';
import { createSessionsRepository } from '../../../src/persistence/sessions-repository.ts';
import type { ChatState } from '../../../src/app/chat-state.ts';
import type { OutboundMessage } from '../../../src/channels/types.ts';
import { createLogger } from '../../../src/logger.ts';
import { createDeliveriesRepository } from '../../../src/persistence/deliveries-repository.ts';
import { createDeliveryQueue } from '../../../src/queue/delivery-queue.ts';
import { createRedisConnection } from '../../../src/queue/redis-connection.ts';
import { randomUUID } from 'node:crypto';
import { createEmbeddedPrismaClient, type PrismaClient } from '../../../src/persistence/prisma.ts';
import { createTestDatabase, type TestDatabase } from '../test-db.ts';
import type { ChatSessionsFixture } from './chat-sessions-contract.ts';
import type { OutboxFixture } from './outbox-contract.ts';
import { DIRECTORY_UNITS, type DirectoryFixture } from './official-directory-contract.ts';
import type { ReportStoreFixture } from './report-store-contract.ts';
import type { RoutingRulesFixture } from './routing-rules-contract.ts';
import type { MessageLinksFixture } from './message-links-contract.ts';
import type { WorklistsFixture } from './report-worklists-contract.ts';
import type { SubmissionFixture } from './citizen-submission-contract.ts';
import { CONTRACT_CATEGORIES, type CategoriesFixture } from './categories-contract.ts';
import { createCategoriesRepository } from '../../../src/persistence/categories-repository.ts';
import type { ReceptionBookFixture } from './reception-book-contract.ts';
import type { CannedRepliesFixture } from './canned-replies-contract.ts';
import { createCannedRepliesRepository } from '../../../src/persistence/canned-replies-repository.ts';
import type { RatingsFixture } from './ratings-contract.ts';
import { createRatingsRepository } from '../../../src/persistence/ratings-repository.ts';
import type { WebSessionsFixture } from './web-sessions-contract.ts';
import { createWebSessionsRepository } from '../../../src/persistence/web-sessions-repository.ts';
import type { FloodGuardFixture } from './flood-guard-contract.ts';
import { createRedisFloodGuard } from '../../../src/queue/redis-flood-guard.ts';
import { createReceptionRepository } from '../../../src/persistence/reception-repository.ts';

const CATEGORY = 'giao-thong';

async function seededDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  await seedDirectory(db.prisma);
  return db;
}

/** The provinces, communes and category the contracts name. */
async function seedDirectory(prisma: TestDatabase['prisma']): Promise<void> {
  const units = Object.values(DIRECTORY_UNITS);
  await prisma.province.createMany({
    data: [...new Map(units.map((u) => [u.provinceCode, u])).values()].map((u) => ({
      code: u.provinceCode,
      name: u.provinceName,
      type: u.provinceCode === '01' ? 'municipality' : 'province',
    })),
  });
  await prisma.unit.createMany({
    data: units.map((u) => ({
      code: u.code,
      name: u.name,
      nameFolded: u.name.toLowerCase(),
      type: 'commune',
      provinceCode: u.provinceCode,
    })),
  });
  await prisma.category.create({
    data: { code: CATEGORY, nameVi: 'Giao thông', nameEn: 'Roads', deadlineDays: 5 },
  });
}

const REGISTERED_AT = new Date('2026-03-01T01:00:00Z');

/** The way officials really arrive: an invite for the position, opened in their chat. */
async function register(
  officials: OfficialsRepository,
  input: { unitCode: string; kind: PositionKind; chatId: string; role?: OfficialRole },
): Promise<OfficialRecord> {
  const invite = await officials.createInvite({
    unitCode: input.unitCode,
    positionKind: input.kind,
    role: input.role ?? defaultRoleFor(input.kind),
    fields: [],
    now: REGISTERED_AT,
  });
  const result = await officials.redeemInvite(invite.code, {
    channel: 'telegram',
    externalId: input.chatId,
    chatId: input.chatId,
    displayName: `Cán bộ ${input.chatId}`,
    now: REGISTERED_AT,
  });
  if (result.type !== 'registered') throw new Error(`invite not redeemed: ${result.type}`);
  return result.official;
}

export async function postgresDirectory(): Promise<DirectoryFixture> {
  const db = await seededDatabase();
  const officials = createOfficialsRepository(db.prisma);
  return {
    directory: officials,
    accounts: officials,
    reachability: officials,
    addOfficial: (input) => register(officials, input),
    async addGroup(input) {
      await officials.registerGroup({ ...input, title: `Nhóm ${input.unitCode}` });
    },
    markUnreachable: (id, at) => officials.markUnreachable(id, at),
    async revoke(id, at) {
      await officials.revoke(id, at);
    },
    close: () => db.drop(),
  };
}

/** A report committed the way the citizen flow commits it (status 'submitted'). */
async function submitReport(
  prisma: PrismaClient,
  input: {
    citizenChatId: string;
    anonymous?: boolean;
    unitCode: string;
    kind?: SubmissionKind;
    latitude?: number;
    longitude?: number;
    isPublic?: boolean;
  },
): Promise<number> {
  const kind = input.kind ?? 'phan-anh';
  const now = new Date();
  const citizen = await createCitizensRepository(prisma).ensure(
    {
      channel: 'telegram',
      externalId: input.citizenChatId,
      chatId: input.citizenChatId,
      displayName: `Người dân ${input.citizenChatId}`,
      language: 'vi',
    },
    now,
  );
  const year = now.getUTCFullYear();
  const report = await createReportsRepository(prisma).submit({
    submissionKey: `contract-${input.citizenChatId}-${now.getTime()}-${Math.random()}`,
    citizenId: citizen.id,
    unitCode: input.unitCode,
    categoryCode: CATEGORY,
    kind,
    text: 'Đường liên thôn bị sụt lún, xe máy đi lại rất nguy hiểm.',
    ...(input.latitude !== undefined && input.longitude !== undefined
      ? { latitude: input.latitude, longitude: input.longitude }
      : {}),
    anonymous: input.anonymous ?? false,
    ...(input.isPublic !== undefined ? { isPublic: input.isPublic } : {}),
    photos: [],
    flowId: 'report',
    flowVersion: 1,
    dueAt: new Date(now.getTime() + 5 * 86_400_000),
    ticketPrefix: TICKET_PREFIXES[kind],
    year,
  });
  return report.id;
}

export async function postgresReportStore(): Promise<ReportStoreFixture> {
  const db = await seededDatabase();
  const officials = createOfficialsRepository(db.prisma);
  const unitCode = DIRECTORY_UNITS.home.code;
  const a = await register(officials, { unitCode, kind: 'chair', chatId: '801' });
  const b = await register(officials, { unitCode, kind: 'vice-chair', chatId: '802' });
  return {
    store: createReportWorkflowRepository(db.prisma),
    addReport: (input) => submitReport(db.prisma, { ...input, unitCode }),
    officialIds: [a.id, b.id],
    unitCode,
    close: () => db.drop(),
  };
}

export async function postgresChatSessions(): Promise<ChatSessionsFixture> {
  const db = await createTestDatabase();
  return { sessions: createSessionsRepository<ChatState>(db.prisma), close: () => db.drop() };
}

/**
 * The sessions on the embedded database (PGlite): the same SQL as on PostgreSQL, run through
 * Prisma's raw queries instead of the pg pool (src/persistence/plain-sql.ts).
 */
export async function embeddedChatSessions(): Promise<ChatSessionsFixture> {
  const db = await createEmbeddedPrismaClient();
  return { sessions: createSessionsRepository<ChatState>(db.prisma), close: db.close };
}

export async function postgresRoutingRules(): Promise<RoutingRulesFixture> {
  const db = await seededDatabase();
  const rules = createRoutingRulesRepository(db.prisma);
  return {
    rules,
    async addRule(input) {
      await rules.set(input);
    },
    units: [DIRECTORY_UNITS.home.code, DIRECTORY_UNITS.neighbour.code],
    categoryCode: CATEGORY,
    close: () => db.drop(),
  };
}

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/**
 * The delivery queue as the outbox: rows in PostgreSQL, jobs in Redis under a prefix of its own
 * (deleted at the end). No worker runs: the contract is about what is stored.
 */
export async function postgresOutbox(): Promise<OutboxFixture> {
  const db = await createTestDatabase();
  const prefix = `test-outbox-${randomUUID().slice(0, 8)}`;
  const connection = createRedisConnection(REDIS_URL, { forWorker: false });
  const queue = createDeliveryQueue({
    deliveries: createDeliveriesRepository(db.prisma),
    connection,
    prefix,
    logger: createLogger('silent', 'outbox-contract'),
    sender: { send: () => Promise.reject(new Error('no worker runs in the contract')) },
  });
  return {
    outbox: queue,
    async stored(dedupeKey) {
      const row = await db.prisma.delivery.findUnique({ where: { dedupeKey } });
      if (!row) return undefined;
      const payload = row.payload as { message: OutboundMessage };
      return { chatId: row.chatId, message: payload.message };
    },
    async close() {
      await queue.close({ force: true });
      let cursor = '0';
      do {
        const [next, keys] = await connection.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
        cursor = next;
        if (keys.length) await connection.del(...keys);
      } while (cursor !== '0');
      connection.disconnect();
      await db.drop();
    },
  };
}

export async function postgresWorklists(): Promise<WorklistsFixture> {
  const db = await seededDatabase();
  const officials = createOfficialsRepository(db.prisma);
  const unitCode = DIRECTORY_UNITS.home.code;
  const a = await register(officials, { unitCode, kind: 'chair', chatId: '801' });
  const b = await register(officials, { unitCode, kind: 'vice-chair', chatId: '802' });
  const workflow = createReportWorkflowRepository(db.prisma);
  return {
    worklists: workflow,
    store: workflow,
    addReport: (input) =>
      submitReport(db.prisma, { ...input, unitCode: input.unitCode ?? unitCode }),
    officialIds: [a.id, b.id],
    reachability: officials,
    close: () => db.drop(),
  };
}

export async function postgresMessageLinks(): Promise<MessageLinksFixture> {
  const db = await seededDatabase();
  const officials = createOfficialsRepository(db.prisma);
  const unitCode = DIRECTORY_UNITS.home.code;
  const chair = await register(officials, { unitCode, kind: 'chair', chatId: '801' });
  return {
    links: createReportWorkflowRepository(db.prisma),
    addReport: (input) => submitReport(db.prisma, { ...input, unitCode }),
    officialId: chair.id,
    close: () => db.drop(),
  };
}

export async function postgresSubmission(): Promise<SubmissionFixture> {
  const db = await seededDatabase();
  return {
    citizens: createCitizensRepository(db.prisma),
    submission: createReportsRepository(db.prisma),
    unitCode: DIRECTORY_UNITS.home.code,
    categoryCode: CATEGORY,
    close: () => db.drop(),
  };
}

/**
 * Submission on the embedded database (PGlite): the same SQL as on PostgreSQL, its transaction
 * run through Prisma's instead of a pooled connection (src/persistence/plain-sql.ts).
 */
export async function embeddedSubmission(): Promise<SubmissionFixture> {
  const db = await createEmbeddedPrismaClient();
  await seedDirectory(db.prisma);
  return {
    citizens: createCitizensRepository(db.prisma),
    submission: createReportsRepository(db.prisma),
    unitCode: DIRECTORY_UNITS.home.code,
    categoryCode: CATEGORY,
    close: db.close,
  };
}

export async function postgresReceptionBook(): Promise<ReceptionBookFixture> {
  const db = await seededDatabase();
  const book = createReceptionRepository(db.prisma);
  const citizens = createCitizensRepository(db.prisma);
  const { home, neighbour } = DIRECTORY_UNITS;
  return {
    book,
    setDay: async (input) => void (await book.setDay(input)),
    async addCitizen(chatId) {
      const who = { channel: 'telegram', externalId: chatId, chatId, language: 'vi' };
      return (await citizens.ensure({ ...who, displayName: `Người dân ${chatId}` }, REGISTERED_AT))
        .id;
    },
    home,
    neighbour,
    close: () => db.drop(),
  };
}

export async function postgresCategories(): Promise<CategoriesFixture> {
  const db = await createTestDatabase();
  await db.prisma.category.createMany({ data: [...CONTRACT_CATEGORIES] });
  return { categories: createCategoriesRepository(db.prisma), close: () => db.drop() };
}

export async function postgresCannedReplies(): Promise<CannedRepliesFixture> {
  const db = await createTestDatabase();
  const canned = createCannedRepliesRepository(db.prisma);
  return {
    canned,
    add: async (input) => (await canned.set(input)).reply,
    remove: (id) => canned.remove(id),
    close: () => db.drop(),
  };
}

/** Citizens of the chats, as their first message registers them. */
async function addCitizens(prisma: PrismaClient, chatIds: readonly string[]): Promise<number[]> {
  const citizens = createCitizensRepository(prisma);
  const ids: number[] = [];
  for (const chatId of chatIds) {
    const who = { channel: 'telegram', externalId: chatId, chatId, language: 'vi' };
    ids.push(
      (await citizens.ensure({ ...who, displayName: `Người dân ${chatId}` }, REGISTERED_AT)).id,
    );
  }
  return ids;
}

export async function postgresRatings(): Promise<RatingsFixture> {
  const db = await seededDatabase();
  const unitCode = DIRECTORY_UNITS.home.code;
  // Long-known citizens: new ones rating at once would be a burst, judged apart.
  const [lan, minh] = await addCitizens(db.prisma, ['931', '932']);
  const reportId = await submitReport(db.prisma, { citizenChatId: '931', unitCode });
  return {
    ratings: createRatingsRepository(db.prisma),
    citizenIds: [lan!, minh!],
    unitCode,
    reportId,
    close: () => db.drop(),
  };
}

export async function postgresFollowers(): Promise<FollowersFixture> {
  return postgresCitizenReports();
}

export async function postgresCitizenReports(): Promise<CitizenReportsFixture> {
  const db = await seededDatabase();
  return citizenReportsOn(db.prisma, () => db.drop());
}

/**
 * The followers on the embedded database (PGlite): the nearby reports' SQL as on PostgreSQL,
 * run through Prisma's raw queries instead of the pg pool (src/persistence/plain-sql.ts).
 */
export async function embeddedFollowers(): Promise<FollowersFixture> {
  const db = await createEmbeddedPrismaClient();
  await seedDirectory(db.prisma);
  return citizenReportsOn(db.prisma, db.close);
}

function citizenReportsOn(prisma: PrismaClient, close: () => Promise<void>): CitizenReportsFixture {
  const unitCode = DIRECTORY_UNITS.home.code;
  const workflow = createReportWorkflowRepository(prisma);
  return {
    followers: createFollowersRepository(prisma),
    reports: createReportsRepository(prisma),
    thread: workflow,
    store: workflow,
    addCitizen: async (chatId) => (await addCitizens(prisma, [chatId]))[0]!,
    addReport: (input) => submitReport(prisma, { ...input, unitCode }),
    close,
  };
}

export async function postgresOpen311Store(): Promise<Open311StoreFixture> {
  const db = await seededDatabase();
  const store = createOpen311Repository(db.prisma);
  const workflow = createReportWorkflowRepository(db.prisma);
  return {
    store,
    history: workflow,
    addKey: (input) => store.addKey(input),
    revokeKey: (id) => store.revokeKey(id, new Date()),
    async addReport(input) {
      const id = await submitReport(db.prisma, input);
      return { id, ticketCode: (await workflow.get(id))!.ticketCode };
    },
    close: () => db.drop(),
  };
}

export async function postgresWebSessions(): Promise<WebSessionsFixture> {
  const db = await createTestDatabase();
  return { sessions: createWebSessionsRepository(db.prisma), close: () => db.drop() };
}

/** The flood guard on Redis, under a prefix of its own (its keys expire with their window). */
export async function redisFloodGuard(): Promise<FloodGuardFixture> {
  const connection = createRedisConnection(REDIS_URL, { forWorker: false });
  const prefix = `test-flood-${randomUUID().slice(0, 8)}`;
  // No offline queue: until connected the guard counts in the process, not in Redis.
  if (connection.status !== 'ready')
    await new Promise((resolve) => connection.once('ready', resolve));
  return {
    guard: createRedisFloodGuard(connection, { prefix, limit: 3, windowSeconds: 1 }),
    nextWindow: () => new Promise((resolve) => setTimeout(resolve, 1100)),
    close: async () => void connection.disconnect(),
  };
}
