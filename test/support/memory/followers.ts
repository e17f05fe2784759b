/**
 * Same problem, one report, in memory, with the PostgreSQL repository's rules: nearby open
 * reports of a shared kind and the category, within its radius (haversine), of the last 30 days,
 * not the citizen's own, nearest first, three at most; one follow per citizen and report (their
 * words kept as a note for officials); a duplicate closes and its citizen and followers follow
 * the original. The followers' copies of notices are the delivery queue's (PostgreSQL) business.
 */
import { SHARED_KINDS } from '../../../src/core/submission-kinds.ts';
import { msg } from '../../../src/texts/localized.ts';
import { THREAD } from '../../../src/texts/official-views.ts';
import type { Followers } from '../../../src/app/ports/followers.ts';
import type { MemoryReports } from './report-store.ts';

const EARTH_RADIUS_M = 6_371_000;
const NEARBY_DAYS = 30;
const NEARBY_LIMIT = 3;

function metresBetween(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const h =
    Math.sin(rad(lat2 - lat1) / 2) ** 2 +
    Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lon2 - lon1) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

interface Follow {
  reportId: number;
  citizenId: number;
  via: 'follow' | 'duplicate';
  verdict: string | null;
}

export interface MemoryFollowers extends Followers {
  readonly follows: readonly Follow[];
}

export function createMemoryFollowers(deps: {
  reports: MemoryReports;
  /** The chat a citizen writes from (null: none, an Open311 client's citizen). */
  chatOf: (citizenId: number) => string | null;
  /** A category's radius in metres for "nearby" (250 unless the admin set another). */
  radiusOf?: (categoryCode: string) => number;
}): MemoryFollowers {
  const follows: Follow[] = [];
  const add = (reportId: number, citizenId: number, via: Follow['via']): boolean => {
    if (follows.some((f) => f.reportId === reportId && f.citizenId === citizenId)) return false;
    follows.push({ reportId, citizenId, via, verdict: null });
    return true;
  };
  return {
    follows,
    async nearby(input) {
      const radius = deps.radiusOf?.(input.categoryCode) ?? 250;
      const since = input.now.getTime() - NEARBY_DAYS * 86_400_000;
      const found = [];
      for (const r of deps.reports.all()) {
        if (r.categoryCode !== input.categoryCode || r.status === 'closed') continue;
        if (r.latitude === null || r.longitude === null) continue;
        if (r.createdAt.getTime() < since || !SHARED_KINDS.includes(r.kind)) continue;
        // Telegram's private chats: the chat is the account.
        const ownerChat = deps.chatOf((await deps.reports.citizenIdOf(r.id)) ?? 0);
        if (input.citizen && ownerChat === input.citizen.externalId) continue;
        const distanceM = metresBetween(input.latitude, input.longitude, r.latitude, r.longitude);
        if (distanceM > radius) continue;
        found.push({
          id: r.id,
          ticketCode: r.ticketCode,
          status: r.status,
          createdAt: r.createdAt,
          distanceM,
        });
      }
      return found.sort((a, b) => a.distanceM - b.distanceM || a.id - b.id).slice(0, NEARBY_LIMIT);
    },
    async follow(input) {
      const report = await deps.reports.get(input.reportId);
      if (!report || report.status === 'closed') return undefined;
      if ((await deps.reports.citizenIdOf(report.id)) === input.citizenId) return undefined;
      const created = add(input.reportId, input.citizenId, 'follow');
      if (created && (input.text.trim() || input.photoFileIds.length || input.voiceFileId))
        await deps.reports.addThreadMessage({
          reportId: input.reportId,
          direction: 'note',
          authorKind: 'citizen',
          authorId: input.citizenId,
          text: msg(THREAD.followerJoined, 'vi', { words: input.text.trim() }),
          files: [
            ...input.photoFileIds.map((fileId) => ({ kind: 'photo' as const, fileId })),
            ...(input.voiceFileId ? [{ kind: 'voice' as const, fileId: input.voiceFileId }] : []),
          ],
          at: input.at,
        });
      return { ticketCode: report.ticketCode, status: report.status, created };
    },
    async followerInChat(reportId, chatId) {
      const found = follows.find(
        (f) => f.reportId === reportId && deps.chatOf(f.citizenId) === chatId,
      );
      return found && { citizenId: found.citizenId, verdict: found.verdict };
    },
    async setVerdict(reportId, citizenId, verdict) {
      for (const f of follows)
        if (f.reportId === reportId && f.citizenId === citizenId) f.verdict = verdict;
    },
    async markDuplicate(input) {
      const dup = await deps.reports.get(input.duplicateId);
      const original = await deps.reports.get(input.originalId);
      if (!dup || dup.status === 'closed' || !original) return undefined;
      const citizenId = await deps.reports.citizenIdOf(dup.id);
      const notice = input.notice?.({ citizenId });
      const done = await deps.reports.record(
        dup.id,
        [dup.status],
        { status: 'closed', closedAt: input.at, verdict: 'duplicate' },
        {
          type: 'duplicate',
          actorKind: 'official',
          actorId: input.officialId,
          data: { originalId: original.id, originalTicket: original.ticketCode },
        },
        {},
        { deliveries: () => (notice ? [notice] : []) },
      );
      if (!done) return undefined;
      const originalCitizen = await deps.reports.citizenIdOf(original.id);
      const movers = [
        citizenId,
        ...follows.filter((f) => f.reportId === dup.id).map((f) => f.citizenId),
      ].filter((id) => id !== originalCitizen);
      for (const id of movers) add(original.id, id, 'duplicate');
      return { eventId: done.eventId };
    },
  };
}
