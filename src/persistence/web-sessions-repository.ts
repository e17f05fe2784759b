/**
 * Officials' web sign-in: one-time login tokens and browser sessions. Only SHA-256 hashes of
 * the secrets are stored (the caller hashes), so reading this table opens no session.
 *
 * Concurrency is explicit: a token is claimed by one conditional UPDATE … RETURNING (unused and
 * unexpired), so two browsers racing for one link cannot both get in; a session is checked and
 * touched by one conditional UPDATE, so an ended or idle session never comes back to life.
 */
import type { PrismaClient } from './generated/prisma/client.ts';
import type { WebSessions } from '../app/ports/web-sessions.ts';

export function createWebSessionsRepository(prisma: PrismaClient): WebSessions {
  return {
    async saveLoginToken({ tokenHash, channel, externalId, expiresAt }) {
      await prisma.webLoginToken.create({ data: { tokenHash, channel, externalId, expiresAt } });
    },

    async claimLoginToken(tokenHash, now) {
      const rows = await prisma.$queryRaw<Array<{ channel: string; external_id: string }>>`
        UPDATE web_login_tokens SET used_at = ${now}
        WHERE token_hash = ${tokenHash} AND used_at IS NULL AND expires_at > ${now}
        RETURNING channel, external_id`;
      const row = rows[0];
      return row ? { channel: row.channel, externalId: row.external_id } : undefined;
    },

    async createSession({ idHash, channel, externalId, now }) {
      await prisma.webSession.create({
        data: { idHash, channel, externalId, createdAt: now, lastSeenAt: now },
      });
    },

    async touchSession(idHash, now, { idleSince, startedSince }) {
      const rows = await prisma.$queryRaw<Array<{ channel: string; external_id: string }>>`
        UPDATE web_sessions SET last_seen_at = ${now}
        WHERE id_hash = ${idHash} AND ended_at IS NULL
          AND last_seen_at > ${idleSince} AND created_at > ${startedSince}
        RETURNING channel, external_id`;
      const row = rows[0];
      return row ? { channel: row.channel, externalId: row.external_id } : undefined;
    },

    async endSession(idHash, now) {
      await prisma.webSession.updateMany({
        where: { idHash, endedAt: null },
        data: { endedAt: now },
      });
    },

    async purgeDead({ tokensExpiredBefore, idleSince, startedSince }) {
      const [tokens, sessions] = await prisma.$transaction([
        prisma.webLoginToken.deleteMany({ where: { expiresAt: { lt: tokensExpiredBefore } } }),
        prisma.webSession.deleteMany({
          where: {
            OR: [
              { endedAt: { not: null } },
              { lastSeenAt: { lte: idleSince } },
              { createdAt: { lte: startedSince } },
            ],
          },
        }),
      ]);
      return tokens.count + sessions.count;
    },
  };
}
