/** The in-memory side of the port contracts (test/support/memory/). */
import { createMemoryCannedReplies } from '../memory/canned-replies.ts';
import type { CannedRepliesFixture } from './canned-replies-contract.ts';
import { createMemoryRatings } from '../memory/ratings.ts';
import type { RatingsFixture } from './ratings-contract.ts';
import { createMemoryFollowers } from '../memory/followers.ts';
import { createMemoryCitizenReports } from '../memory/citizen-reports.ts';
import type { CitizenReportsFixture } from './citizen-reports-contract.ts';
import type { FollowersFixture } from './followers-contract.ts';
import { createMemoryOpen311Store } from '../memory/open311-store.ts';
import type { Open311StoreFixture } from './open311-store-contract.ts';
import { TICKET_PREFIXES } from '../../../src/core/ticket-code.ts';
import { createMemoryWebSessions } from '../memory/web-sessions.ts';
import type { WebSessionsFixture } from './web-sessions-contract.ts';
import { createMemoryFloodGuard } from '../../../src/queue/memory-flood-guard.ts';
import type { FloodGuardFixture } from './flood-guard-contract.ts';
import { createMemoryChatSessions } from '../memory/chat-sessions.ts';
import { createMemoryOfficials } from '../memory/official-directory.ts';
import { createMemoryOutbox } from '../memory/outbox.ts';
import { createMemoryReports } from '../memory/report-store.ts';
import { createMemoryRoutingRules } from '../memory/routing-rules.ts';
import { createMemoryMessageLinks } from '../memory/message-links.ts';
import { createMemoryWorklists } from '../memory/report-worklists.ts';
import {
  createMemoryCategories,
  createMemoryCitizens,
  createMemorySubmission,
} from '../memory/citizen-submission.ts';
import { CONTRACT_CATEGORIES, type CategoriesFixture } from './categories-contract.ts';
import type { SubmissionFixture } from './citizen-submission-contract.ts';
import { createMemoryReceptionBook, type MemoryCitizen } from '../memory/reception-book.ts';
import type { ReceptionBookFixture } from './reception-book-contract.ts';
import type { MessageLinksFixture } from './message-links-contract.ts';
import type { WorklistsFixture } from './report-worklists-contract.ts';
import { aReport } from '../report-fixture.ts';
import type { ChatSessionsFixture } from './chat-sessions-contract.ts';
import type { OutboxFixture } from './outbox-contract.ts';
import { DIRECTORY_UNITS, type DirectoryFixture } from './official-directory-contract.ts';
import type { ReportStoreFixture } from './report-store-contract.ts';
import type { RoutingRulesFixture } from './routing-rules-contract.ts';

const done = async () => {};

export async function memoryDirectory(): Promise<DirectoryFixture> {
  const officials = createMemoryOfficials(Object.values(DIRECTORY_UNITS));
  return {
    directory: officials,
    accounts: officials,
    reachability: officials.reachability,
    addOfficial: async (input) => officials.addOfficial(input),
    addGroup: async (input) => void officials.addGroup(input),
    markUnreachable: async (id, at) => officials.markUnreachable(id, at),
    revoke: async (id, at) => officials.revoke(id, at),
    close: done,
  };
}

export async function memoryReportStore(): Promise<ReportStoreFixture> {
  const store = createMemoryReports();
  const unitCode = DIRECTORY_UNITS.home.code;
  let id = 0;
  return {
    store,
    async addReport(input) {
      const anonymous = input.anonymous ?? false;
      store.add(
        aReport({
          id: ++id,
          ticketCode: `PA-2026-${String(id).padStart(6, '0')}`,
          status: 'submitted',
          unitCode,
          citizenChatId: input.citizenChatId,
          anonymous,
          assignedOfficialId: null,
          assignedPositionId: null,
          routedAt: null,
          ...(anonymous
            ? { citizen: undefined }
            : {
                citizen: {
                  displayName: `Người dân ${input.citizenChatId}`,
                  username: null,
                  phone: null,
                },
              }),
        }),
      );
      return id;
    },
    officialIds: [1, 2],
    unitCode,
    close: done,
  };
}

export async function memoryRoutingRules(): Promise<RoutingRulesFixture> {
  const rules = createMemoryRoutingRules();
  return {
    rules,
    addRule: async (input) =>
      void rules.add({
        unitCode: input.unitCode ?? null,
        categoryCode: input.categoryCode ?? null,
        kind: input.kind ?? null,
        positionKind: input.positionKind,
        order: input.order,
      }),
    units: [DIRECTORY_UNITS.home.code, DIRECTORY_UNITS.neighbour.code],
    categoryCode: 'giao-thong',
    close: done,
  };
}

export async function memoryChatSessions(): Promise<ChatSessionsFixture> {
  return { sessions: createMemoryChatSessions(), close: done };
}

export async function memoryOutbox(): Promise<OutboxFixture> {
  const outbox = createMemoryOutbox();
  return {
    outbox,
    async stored(dedupeKey) {
      const found = outbox.deliveries.find((d) => d.dedupeKey === dedupeKey);
      return found && { chatId: found.chatId, message: found.message };
    },
    close: done,
  };
}

export async function memoryWorklists(): Promise<WorklistsFixture> {
  const store = createMemoryReports();
  const officials = createMemoryOfficials(Object.values(DIRECTORY_UNITS));
  const unitCode = DIRECTORY_UNITS.home.code;
  const a = officials.addOfficial({ unitCode, kind: 'chair', chatId: '801' });
  const b = officials.addOfficial({ unitCode, kind: 'vice-chair', chatId: '802' });
  let id = 0;
  return {
    worklists: createMemoryWorklists(store, officials),
    store,
    async addReport(input) {
      const unit =
        Object.values(DIRECTORY_UNITS).find((u) => u.code === input.unitCode) ??
        DIRECTORY_UNITS.home;
      const now = new Date();
      store.add(
        aReport({
          id: ++id,
          ticketCode: `PA-2026-${String(id).padStart(6, '0')}`,
          status: 'submitted',
          unitCode: unit.code,
          unitName: unit.name,
          provinceCode: unit.provinceCode,
          provinceName: unit.provinceName,
          categoryName: 'Giao thông',
          // Due in 5 days, as submission sets it.
          dueAt: new Date(now.getTime() + 5 * 86_400_000),
          citizenChatId: input.citizenChatId,
          assignedOfficialId: null,
          assignedPositionId: null,
          routedAt: null,
          // Created now, as the database stamps a committed report.
          createdAt: now,
        }),
      );
      return id;
    },
    officialIds: [a.id, b.id],
    reachability: officials.reachability,
    close: done,
  };
}

export async function memoryMessageLinks(): Promise<MessageLinksFixture> {
  let id = 0;
  return {
    links: createMemoryMessageLinks(),
    addReport: async () => ++id,
    officialId: 1,
    close: done,
  };
}

export async function memorySubmission(): Promise<SubmissionFixture> {
  return {
    citizens: createMemoryCitizens(),
    submission: createMemorySubmission(),
    unitCode: DIRECTORY_UNITS.home.code,
    categoryCode: 'giao-thong',
    close: done,
  };
}

export async function memoryReceptionBook(): Promise<ReceptionBookFixture> {
  const citizens: MemoryCitizen[] = [];
  const { home, neighbour } = DIRECTORY_UNITS;
  const book = createMemoryReceptionBook([home, neighbour], citizens);
  return {
    book,
    setDay: async (input) => void book.setDay(input),
    async addCitizen(chatId) {
      const id = citizens.length + 1;
      citizens.push({
        id,
        displayName: `Người dân ${chatId}`,
        chatId,
        channel: 'telegram',
        language: 'vi',
      });
      return id;
    },
    home,
    neighbour,
    close: done,
  };
}

export async function memoryCategories(): Promise<CategoriesFixture> {
  return { categories: createMemoryCategories(CONTRACT_CATEGORIES), close: done };
}

export async function memoryCannedReplies(): Promise<CannedRepliesFixture> {
  const canned = createMemoryCannedReplies();
  return {
    canned,
    add: async (input) => canned.add(input),
    remove: async (id) => canned.remove(id),
    close: done,
  };
}

export async function memoryRatings(): Promise<RatingsFixture> {
  return {
    ratings: createMemoryRatings(),
    citizenIds: [1, 2],
    unitCode: DIRECTORY_UNITS.home.code,
    reportId: 1,
    close: done,
  };
}

export async function memoryFollowers(): Promise<FollowersFixture> {
  return memoryCitizenReports();
}

export async function memoryCitizenReports(): Promise<CitizenReportsFixture> {
  const citizens = createMemoryCitizens();
  const store = createMemoryReports();
  const chatOf = (id: number) => citizens.all.find((c) => c.id === id)?.chatId ?? null;
  const ensure = async (chatId: string) =>
    (
      await citizens.ensure(
        {
          channel: 'telegram',
          externalId: chatId,
          chatId,
          displayName: `Người dân ${chatId}`,
          language: 'vi',
        },
        new Date(),
      )
    ).id;
  let id = 0;
  const followers = createMemoryFollowers({ reports: store, chatOf });
  return {
    followers,
    reports: createMemoryCitizenReports({ reports: store, followers }),
    thread: store,
    store,
    addCitizen: ensure,
    async addReport(input) {
      const citizenId = await ensure(input.citizenChatId);
      store.add(
        aReport({
          id: ++id,
          ticketCode: `PA-2026-${String(id).padStart(6, '0')}`,
          kind: input.kind ?? 'phan-anh',
          status: 'submitted',
          categoryName: 'Giao thông',
          text: 'Đường liên thôn bị sụt lún, xe máy đi lại rất nguy hiểm.',
          citizenChatId: input.citizenChatId,
          latitude: input.latitude ?? null,
          longitude: input.longitude ?? null,
          assignedOfficialId: null,
          assignedPositionId: null,
          routedAt: null,
          createdAt: new Date(),
        }),
        citizenId,
      );
      return id;
    },
    close: done,
  };
}

export async function memoryOpen311Store(): Promise<Open311StoreFixture> {
  const reports = createMemoryReports();
  const store = createMemoryOpen311Store(reports);
  let id = 0;
  return {
    store,
    history: reports,
    addKey: async (input) => store.addKey(input),
    revokeKey: async (keyId) => store.revokeKey(keyId, new Date()),
    async addReport(input) {
      const unit = Object.values(DIRECTORY_UNITS).find((u) => u.code === input.unitCode)!;
      const kind = input.kind ?? 'phan-anh';
      const now = new Date();
      const ticketCode = `${TICKET_PREFIXES[kind]}-2026-${String(++id).padStart(6, '0')}`;
      store.addReport({
        id,
        ticketCode,
        kind,
        isPublic: input.isPublic,
        status: 'submitted',
        categoryCode: 'giao-thong',
        categoryVi: 'Giao thông',
        unitCode: unit.code,
        unitName: unit.name,
        provinceCode: unit.provinceCode,
        text: 'Đường liên thôn bị sụt lún, xe máy đi lại rất nguy hiểm.',
        latitude: null,
        longitude: null,
        address: null,
        createdAt: now,
        updatedAt: now,
        dueAt: new Date(now.getTime() + 5 * 86_400_000),
        resolvedAt: null,
        resultType: null,
        answer: null,
        firstPhotoFileId: null,
      });
      return { id, ticketCode };
    },
    close: done,
  };
}

export async function memoryWebSessions(): Promise<WebSessionsFixture> {
  return { sessions: createMemoryWebSessions(), close: done };
}

export async function memoryFloodGuard(): Promise<FloodGuardFixture> {
  let clock = Date.parse('2026-03-02T03:00:00Z');
  return {
    guard: createMemoryFloodGuard({ limit: 3, windowSeconds: 1, now: () => clock }),
    nextWindow: async () => void (clock += 1000),
    close: done,
  };
}
