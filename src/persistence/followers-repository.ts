/**
 * Same problem, one report: the open reports of a category near a point, and the citizens who
 * follow a report that is not theirs (they chose to, or an official marked their own report a
 * duplicate of it). A follower gets a copy of every notice and answer the report's citizen gets
 * (`followerCopies`, stored beside the original delivery).
 *
 * Distance is computed in SQL: a bounding box on latitude and longitude (served by the
 * (category_code, latitude) index) narrows the rows, the haversine formula measures the few left.
 * PostGIS is not needed at a commune's scale; bench/nearby-reports.ts measures it.
 */
import { isChannelName, type Button, type OutboundMessage } from '../channels/types.ts';
import { assertNever } from '../core/assert-never.ts';
import { SHARED_KINDS } from '../core/submission-kinds.ts';
import { html } from '../core/html.ts';
import { msg } from '../texts/localized.ts';
import { ANSWER } from '../texts/citizen.ts';
import { THREAD } from '../texts/official-views.ts';
import { toLang, type Lang } from '../core/lang.ts';
import type { NewDelivery } from '../app/ports/outbox.ts';
import type { Followers, NearbyReport } from '../app/ports/followers.ts';
import type { Implements } from './implements.ts';
import type { Prisma, PrismaClient } from './generated/prisma/client.ts';
import { plainSqlFor } from './plain-sql.ts';

/** Metres per degree of latitude (the mean Earth radius 6,371 km × π / 180). */
const METRES_PER_DEGREE = 111_195;
/** Open reports this recent are offered; older ones are a different matter by now. */
export const NEARBY_DAYS = 30;
export const NEARBY_LIMIT = 3;
/** Kinds about a shared place; a complaint or a denunciation is personal and never merged. */
const FOLLOWABLE_KINDS = [...SHARED_KINDS];

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * The message a follower reads, in their language: marked as the followed report's, without the
 * reply button.
 */
function followerMessage(
  message: OutboundMessage,
  chatId: string,
  lang: Lang,
): OutboundMessage | undefined {
  const buttons = (rows: Button[][] | undefined) => {
    // "✉ Trả lời" talks with the commune as the report's citizen: theirs alone.
    const kept = (rows ?? [])
      .map((row) => row.filter((b) => b.type !== 'callback' || !b.data.startsWith('c.')))
      .filter((row) => row.length > 0);
    return kept.length ? { buttons: kept } : {};
  };
  const mark = ANSWER.followedMark[lang];
  switch (message.type) {
    case 'text':
      return {
        type: 'text',
        chatId,
        text: html`<i>${mark}</i>\n${message.text}`,
        ...buttons(message.buttons),
      };
    case 'photo':
    case 'voice':
      return { ...message, chatId, ...buttons(message.buttons) };
    case 'album':
    case 'document':
    case 'location':
      return { ...message, chatId };
    case 'edit':
    case 'answerButton':
      // Edits follow the copies they edit (delivered copies are found by their keys).
      return undefined;
    default:
      return assertNever(message, 'outbound message');
  }
}

/** A follower's copy's key: the original's, marked with the follower's citizen id. */
function followerKey(dedupeKey: string, citizenId: number): string {
  return `${dedupeKey}~f${citizenId}`;
}

/** The citizen id of the follower a delivery's key says it is a copy for, if it is one. */
export function followerOfKey(dedupeKey: string): number | undefined {
  const m = /~f(\d+)$/.exec(dedupeKey);
  return m ? Number(m[1]) : undefined;
}

/**
 * Copies of a delivery for the followers of its report: only notices and answers addressed to
 * the report's own citizen. Keys derive from the original's, so a retry stores them once.
 */
export async function followerCopies(db: Db, delivery: NewDelivery): Promise<NewDelivery[]> {
  const link = delivery.link;
  if (!link || (link.kind !== 'notice' && link.kind !== 'answer')) return [];
  // The follower's language: the one their chat chose last (/language, or their last report's).
  const rows = await db.$queryRaw<
    Array<{ citizen_id: number; chat_id: string; channel: string; lang: string }>
  >`
    SELECT c.id AS citizen_id, c.chat_id, c.channel, c.language AS lang
      FROM report_followers f
      JOIN reports r ON r.id = f.report_id
      JOIN citizens owner ON owner.id = r.citizen_id
      JOIN citizens c ON c.id = f.citizen_id
     WHERE f.report_id = ${link.reportId}
       AND owner.chat_id = ${delivery.chatId} AND owner.channel = ${delivery.channel ?? 'telegram'}
       AND c.chat_id IS NOT NULL AND c.chat_id <> ${delivery.chatId}
     ORDER BY f.id`;
  const copies: NewDelivery[] = [];
  for (const row of rows) {
    const lang = toLang(row.lang);
    const message = followerMessage(delivery.inLang?.[lang] ?? delivery.message, row.chat_id, lang);
    if (!message) continue;
    copies.push({
      dedupeKey: followerKey(delivery.dedupeKey, row.citizen_id),
      // A follower may be on another channel than the report's citizen (web chat, Telegram).
      ...(isChannelName(row.channel) ? { channel: row.channel } : {}),
      chatId: row.chat_id,
      message,
      reportId: link.reportId,
      link: { kind: link.kind, reportId: link.reportId },
      // A follower's copy of a thread message counts in the message's delivery state.
      ...(delivery.threadMessageId !== undefined
        ? { threadMessageId: delivery.threadMessageId }
        : {}),
    });
  }
  return copies;
}

export function createFollowersRepository(prisma: PrismaClient) {
  return {
    /**
     * Up to three open reports of the category within its radius of the point, nearest first,
     * sent in the last 30 days by someone else, of a kind that may be shared.
     */
    async nearby(input: {
      categoryCode: string;
      latitude: number;
      longitude: number;
      citizen?: { channel: string; externalId: string };
      now: Date;
    }): Promise<NearbyReport[]> {
      const since = new Date(input.now.getTime() - NEARBY_DAYS * 86_400_000);
      // Once a report with a location: on the pool (plain-sql.ts). The asking citizen is found
      // in the same statement (their own reports are left out): one round trip, not two.
      // created_at holds UTC: compared and read as such whatever the process's time zone.
      const { rows } = await plainSqlFor(prisma).query<{
        id: number;
        ticket_code: string;
        status: string;
        created_at: Date;
        distance_m: number;
      }>(
        'gopy_nearby_reports',
        `WITH p AS (
          SELECT $1::float8 AS lat, $2::float8 AS lon,
                 c.nearby_radius_m::float8 AS radius,
                 c.nearby_radius_m::float8 / ${METRES_PER_DEGREE} AS dlat
            FROM categories c WHERE c.code = $3)
        SELECT r.id, r.ticket_code, r.status, r.created_at AT TIME ZONE 'UTC' AS created_at,
               d.m AS distance_m
          FROM p
          JOIN reports r
            ON r.category_code = $3
           AND r.latitude BETWEEN p.lat - p.dlat AND p.lat + p.dlat
           AND r.longitude BETWEEN p.lon - p.dlat / greatest(cos(radians(p.lat)), 0.01)
                               AND p.lon + p.dlat / greatest(cos(radians(p.lat)), 0.01)
          CROSS JOIN LATERAL (
            SELECT 2 * 6371000 * asin(sqrt(
                     power(sin(radians(r.latitude - p.lat) / 2), 2)
                   + cos(radians(p.lat)) * cos(radians(r.latitude))
                   * power(sin(radians(r.longitude - p.lon) / 2), 2))) AS m) d
         WHERE r.status <> 'closed'
           AND r.created_at >= $4::timestamptz AT TIME ZONE 'UTC'
           AND r.kind = ANY($5::text[])
           AND r.citizen_id IS DISTINCT FROM (
                 SELECT id FROM citizens WHERE channel = $6 AND external_id = $7)
           AND d.m <= p.radius
         ORDER BY d.m, r.id
         LIMIT ${NEARBY_LIMIT}`,
        [
          input.latitude,
          input.longitude,
          input.categoryCode,
          since.toISOString(),
          FOLLOWABLE_KINDS,
          input.citizen?.channel ?? '',
          input.citizen?.externalId ?? '',
        ],
      );
      return rows.map((r) => ({
        id: r.id,
        ticketCode: r.ticket_code,
        status: r.status,
        createdAt: r.created_at,
        distanceM: Number(r.distance_m),
      }));
    },

    /**
     * The citizen follows the report (once; a second follow changes nothing). What they wrote
     * and photographed is kept on the report as a note for officials, never shown to its
     * citizen: nothing they gave is lost. `created` is false when they followed it already.
     */
    async follow(input: {
      reportId: number;
      citizenId: number;
      text: string;
      photoFileIds: string[];
      /** Their description, when they spoke it. */
      voiceFileId?: string;
      at: Date;
    }): Promise<{ ticketCode: string; status: string; created: boolean } | undefined> {
      return prisma.$transaction(async (tx) => {
        const report = await tx.report.findUnique({
          where: { id: input.reportId },
          select: { ticketCode: true, status: true, citizenId: true },
        });
        if (!report || report.status === 'closed' || report.citizenId === input.citizenId)
          return undefined;
        const inserted = await tx.$executeRaw`
          INSERT INTO report_followers (report_id, citizen_id, via, created_at)
          VALUES (${input.reportId}, ${input.citizenId}, 'follow', ${input.at})
          ON CONFLICT (report_id, citizen_id) DO NOTHING`;
        if (
          inserted === 1 &&
          (input.text.trim() || input.photoFileIds.length || input.voiceFileId !== undefined)
        )
          await tx.threadMessage.create({
            data: {
              reportId: input.reportId,
              direction: 'note',
              authorKind: 'citizen',
              // Whose words they are, never shown: an erasure finds their recording by it.
              authorId: input.citizenId,
              // In Vietnamese, the record's language: /xem says it in the reader's.
              text: msg(THREAD.followerJoined, 'vi', { words: input.text.trim() }),
              createdAt: input.at,
              attachments: {
                create: [
                  ...input.photoFileIds.map((fileId) => ({ kind: 'photo', fileId })),
                  ...(input.voiceFileId !== undefined
                    ? [{ kind: 'voice', fileId: input.voiceFileId }]
                    : []),
                ].map((f) => ({ reportId: input.reportId, ...f })),
              },
            },
          });
        return { ticketCode: report.ticketCode, status: report.status, created: inserted === 1 };
      });
    },

    /** How many follow the report, and how many of them said it is not (fully) resolved. */
    async countFor(reportId: number): Promise<{ count: number; notResolved: number }> {
      const [row] = await prisma.$queryRaw<Array<{ count: number; not_resolved: number }>>`
        SELECT count(*)::int AS count,
               count(*) FILTER (WHERE verdict IN ('partly', 'no'))::int AS not_resolved
          FROM report_followers WHERE report_id = ${reportId}`;
      return { count: row?.count ?? 0, notResolved: row?.not_resolved ?? 0 };
    },

    /** The follower of the report writing from this chat, if any. */
    async followerInChat(
      reportId: number,
      chatId: string,
    ): Promise<{ citizenId: number; verdict: string | null } | undefined> {
      const [row] = await prisma.$queryRaw<Array<{ citizen_id: number; verdict: string | null }>>`
        SELECT f.citizen_id, f.verdict FROM report_followers f
          JOIN citizens c ON c.id = f.citizen_id
         WHERE f.report_id = ${reportId} AND c.chat_id = ${chatId}`;
      return row ? { citizenId: row.citizen_id, verdict: row.verdict } : undefined;
    },

    /** A follower's verdict on the answer; their latest word counts. */
    async setVerdict(reportId: number, citizenId: number, verdict: 'yes' | 'partly' | 'no') {
      await prisma.reportFollower.updateMany({
        where: { reportId, citizenId },
        data: { verdict },
      });
    },

    /**
     * An official marks `duplicateId` a duplicate of `originalId`, in one transaction: the
     * duplicate closes (verdict 'duplicate', an event naming the original), its citizen follows
     * the original (and so do its followers), and the citizen's notice is stored. Undefined when
     * the duplicate was closed meanwhile.
     */
    async markDuplicate(input: {
      duplicateId: number;
      originalId: number;
      officialId: number;
      at: Date;
      notice?: (report: { citizenId: number }) => NewDelivery | undefined;
    }): Promise<{ eventId: number } | undefined> {
      return prisma.$transaction(async (tx) => {
        const dup = await tx.report.findUnique({
          where: { id: input.duplicateId },
          select: { citizenId: true, status: true },
        });
        if (!dup || dup.status === 'closed') return undefined;
        const updated = await tx.report.updateMany({
          where: { id: input.duplicateId, status: dup.status },
          data: { status: 'closed', closedAt: input.at, verdict: 'duplicate' },
        });
        if (updated.count !== 1) return undefined;
        const original = await tx.report.findUniqueOrThrow({
          where: { id: input.originalId },
          select: { ticketCode: true, citizenId: true },
        });
        const movers = [
          dup.citizenId,
          ...(
            await tx.reportFollower.findMany({
              where: { reportId: input.duplicateId },
              select: { citizenId: true },
            })
          ).map((f) => f.citizenId),
        ].filter((id) => id !== original.citizenId);
        for (const citizenId of movers)
          await tx.$executeRaw`
            INSERT INTO report_followers (report_id, citizen_id, via, created_at)
            VALUES (${input.originalId}, ${citizenId}, 'duplicate', ${input.at})
            ON CONFLICT (report_id, citizen_id) DO NOTHING`;
        const event = await tx.reportEvent.create({
          data: {
            reportId: input.duplicateId,
            type: 'duplicate',
            actorKind: 'official',
            actorId: input.officialId,
            data: { originalId: input.originalId, originalTicket: original.ticketCode },
          },
        });
        const notice = input.notice?.({ citizenId: dup.citizenId });
        if (notice) {
          for (const d of [notice, ...(await followerCopies(tx, notice))])
            await tx.delivery.createMany({
              data: [
                {
                  dedupeKey: d.dedupeKey,
                  chatId: d.chatId,
                  payload: {
                    message: d.message,
                    ...(d.link ? { link: d.link } : {}),
                  } as unknown as Prisma.InputJsonValue,
                  reportId: d.reportId ?? d.link?.reportId ?? null,
                  threadMessageId: d.threadMessageId ?? null,
                },
              ],
              skipDuplicates: true,
            });
        }
        return { eventId: event.id };
      });
    },
  };
}

/** Implements the followers port (app/ports/followers.ts). */
export type FollowersRepository = Implements<
  ReturnType<typeof createFollowersRepository>,
  Followers
>;
