/**
 * The Zalo channel's store: the OA's OAuth pair, each citizen's reply window, the messages held
 * until a citizen writes again, and the webhook's events as received. Every race here is a
 * conditional write whose count says who won.
 */
import { Prisma, type PrismaClient } from './generated/prisma/client.ts';
import { isUniqueViolation } from './prisma-errors.ts';
import type { Implements } from './implements.ts';
import type {
  ZaloHeld,
  ZaloInboundRow,
  ZaloReplySlot,
  ZaloStore,
  ZaloTokenPair,
} from '../channels/zalo/zalo-store.ts';

export function createZaloRepository(prisma: PrismaClient) {
  return {
    /**
     * The stored pair; seeds it from the configured refresh token (hashed in `seed`) when there
     * is none or it began from another one (the OA was authorised again).
     */
    async tokens(appId: string, seed: { refreshToken: string; hash: string }) {
      const row = await prisma.zaloToken.findUnique({ where: { appId } });
      if (row && row.seededFrom === seed.hash) return row;
      const fresh = {
        accessToken: '',
        accessExpiresAt: new Date(0),
        refreshToken: seed.refreshToken,
        seededFrom: seed.hash,
        updatedAt: new Date(),
      };
      if (!row) {
        try {
          return await prisma.zaloToken.create({ data: { appId, ...fresh } });
        } catch (err) {
          if (!isUniqueViolation(err)) throw err;
          return prisma.zaloToken.findUniqueOrThrow({ where: { appId } });
        }
      }
      const { count } = await prisma.zaloToken.updateMany({
        where: { appId, seededFrom: row.seededFrom },
        data: fresh,
      });
      return count === 1
        ? { appId, ...fresh }
        : prisma.zaloToken.findUniqueOrThrow({ where: { appId } });
    },

    /** Replaces the pair only if the refresh token is still the one used (else: false). */
    async replaceTokens(appId: string, used: string, pair: ZaloTokenPair): Promise<boolean> {
      const { count } = await prisma.zaloToken.updateMany({
        where: { appId, refreshToken: used },
        data: { ...pair, updatedAt: new Date() },
      });
      return count === 1;
    },

    /**
     * The citizen wrote: a new window of 48 hours and 8 replies, quoting this message. A message
     * handled late (after a newer one) leaves the newer window as it is.
     */
    async openWindow(userId: string, messageId: string, at: Date): Promise<void> {
      await prisma.$executeRaw`
        INSERT INTO zalo_chats (user_id, last_message_id, last_message_at, replies, followed)
        VALUES (${userId}, ${messageId}, ${at}, 0, true)
        ON CONFLICT (user_id) DO UPDATE
          SET last_message_id = EXCLUDED.last_message_id,
              last_message_at = EXCLUDED.last_message_at,
              replies = 0,
              followed = true
          WHERE zalo_chats.last_message_at <= EXCLUDED.last_message_at`;
    },

    /**
     * An erased citizen's traces here (their window, what waited for them, the keys of their
     * follow events, which name them): gone once the answer to the erasure is out.
     */
    async forgetChat(userId: string): Promise<void> {
      await prisma.$transaction([
        prisma.zaloChat.deleteMany({ where: { userId } }),
        prisma.zaloHeldMessage.deleteMany({ where: { userId } }),
        prisma.zaloInboundEvent.deleteMany({
          where: {
            OR: [
              { eventKey: { startsWith: `follow:${userId}:` } },
              { eventKey: { startsWith: `unfollow:${userId}:` } },
            ],
          },
        }),
      ]);
    },

    async setFollowed(userId: string, followed: boolean): Promise<void> {
      await prisma.zaloChat.upsert({
        where: { userId },
        // A follow opens no window: lastMessageAt far in the past.
        create: { userId, lastMessageAt: new Date(0), followed },
        update: { followed },
        select: { userId: true },
      });
    },

    /**
     * Takes one reply of the citizen's window if it is open (within `windowMs` of their last
     * message and under `maxReplies`): one conditional update, so concurrent senders never take
     * more than the window holds. Undefined: the window is closed.
     */
    async takeReplySlot(
      userId: string,
      now: Date,
      windowMs: number,
      maxReplies: number,
    ): Promise<ZaloReplySlot | undefined> {
      const rows = await prisma.$queryRaw<Array<{ last_message_id: string | null }>>`
        UPDATE zalo_chats SET replies = replies + 1
        WHERE user_id = ${userId}
          AND last_message_id IS NOT NULL
          AND replies < ${maxReplies}
          AND last_message_at > ${new Date(now.getTime() - windowMs)}
        RETURNING last_message_id`;
      const row = rows[0];
      return row ? { quoteMessageId: row.last_message_id } : undefined;
    },

    /** Gives back a slot taken for a send that did not happen. */
    async returnReplySlot(userId: string): Promise<void> {
      await prisma.$executeRaw`
        UPDATE zalo_chats SET replies = replies - 1 WHERE user_id = ${userId} AND replies > 0`;
    },

    /** Zalo said the window is closed: so it is, whatever we counted. */
    async closeWindow(userId: string): Promise<void> {
      await prisma.zaloChat.updateMany({ where: { userId }, data: { replies: 1_000 } });
    },

    /** The buttons of the last message sent to the citizen (none: an empty list). */
    async setButtons(userId: string, buttons: string[]): Promise<void> {
      await prisma.zaloChat.updateMany({
        where: { userId },
        data: { buttons: buttons.length ? buttons : Prisma.DbNull },
      });
    },

    async buttons(userId: string): Promise<string[]> {
      const row = await prisma.zaloChat.findUnique({
        where: { userId },
        select: { buttons: true },
      });
      const list = row?.buttons;
      return Array.isArray(list) ? list.filter((b): b is string => typeof b === 'string') : [];
    },

    async hold(userId: string, message: unknown): Promise<number> {
      const row = await prisma.zaloHeldMessage.create({
        data: { userId, message: message as object },
      });
      return row.id;
    },

    /** Messages still held for the citizen, oldest first. */
    async held(userId: string): Promise<ZaloHeld[]> {
      const rows = await prisma.zaloHeldMessage.findMany({
        where: { userId, sentAt: null },
        orderBy: { id: 'asc' },
      });
      return rows.map((r) => ({ id: r.id, userId: r.userId, message: r.message }));
    },

    async countHeld(userId: string): Promise<number> {
      return prisma.zaloHeldMessage.count({ where: { userId, sentAt: null } });
    },

    async markHeldSent(id: number, at: Date): Promise<void> {
      await prisma.zaloHeldMessage.updateMany({
        where: { id, sentAt: null },
        data: { sentAt: at },
      });
    },

    /**
     * Stores a webhook event once per key. `created: false`: it was received before (Zalo sent
     * it again); `handled` says whether it was handled already.
     */
    async recordInbound(
      eventKey: string,
      payload: unknown,
    ): Promise<{ id: number; created: boolean; handled: boolean }> {
      try {
        const row = await prisma.zaloInboundEvent.create({
          data: { eventKey, payload: payload as object },
        });
        return { id: row.id, created: true, handled: false };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const row = await prisma.zaloInboundEvent.findUniqueOrThrow({ where: { eventKey } });
        return { id: row.id, created: false, handled: row.handledAt !== null };
      }
    },

    async inbound(id: number): Promise<ZaloInboundRow | undefined> {
      const row = await prisma.zaloInboundEvent.findUnique({ where: { id } });
      return row ? { id: row.id, payload: row.payload, handledAt: row.handledAt } : undefined;
    },

    async markInboundHandled(id: number, at: Date): Promise<void> {
      // Once handled, only the key is needed (to drop Zalo's repeats): the raw event, with what
      // the citizen wrote and their Zalo id, is not kept beside the conversation and the report.
      await prisma.zaloInboundEvent.updateMany({
        where: { id, handledAt: null },
        data: { handledAt: at, payload: {} },
      });
    },

    /** Events received before `olderThan` and never handled (for the sweep). */
    async unhandledInbound(olderThan: Date, limit = 500): Promise<number[]> {
      const rows = await prisma.zaloInboundEvent.findMany({
        where: { handledAt: null, receivedAt: { lt: olderThan } },
        orderBy: { id: 'asc' },
        take: limit,
        select: { id: true },
      });
      return rows.map((r) => r.id);
    },
  };
}

/** Implements the channel's store (channels/zalo/zalo-store.ts). */
export type ZaloRepository = Implements<ReturnType<typeof createZaloRepository>, ZaloStore>;
