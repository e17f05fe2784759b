/**
 * Officials' web sign-in in memory, with the PostgreSQL repository's rules: a login token is
 * claimed once, before it expires; a session lives until ended, idle since the limit or started
 * before it, and an ended or idle one never comes back; purging removes what can never open
 * a session again.
 */
import type { WebAccount, WebSessions } from '../../../src/app/ports/web-sessions.ts';

interface Token extends WebAccount {
  tokenHash: string;
  expiresAt: Date;
  usedAt: Date | null;
}
interface Session extends WebAccount {
  idHash: string;
  createdAt: Date;
  lastSeenAt: Date;
  endedAt: Date | null;
}

export function createMemoryWebSessions(): WebSessions {
  let tokens: Token[] = [];
  let sessions: Session[] = [];
  const account = (a: WebAccount): WebAccount => ({ channel: a.channel, externalId: a.externalId });
  return {
    async saveLoginToken(input) {
      if (tokens.some((t) => t.tokenHash === input.tokenHash)) throw new Error('token exists');
      tokens.push({
        ...account(input),
        tokenHash: input.tokenHash,
        expiresAt: input.expiresAt,
        usedAt: null,
      });
    },
    async claimLoginToken(tokenHash, now) {
      const t = tokens.find(
        (x) => x.tokenHash === tokenHash && x.usedAt === null && x.expiresAt > now,
      );
      if (!t) return undefined;
      t.usedAt = now;
      return account(t);
    },
    async createSession(input) {
      if (sessions.some((s) => s.idHash === input.idHash)) throw new Error('session exists');
      sessions.push({
        ...account(input),
        idHash: input.idHash,
        createdAt: input.now,
        lastSeenAt: input.now,
        endedAt: null,
      });
    },
    async touchSession(idHash, now, { idleSince, startedSince }) {
      const s = sessions.find(
        (x) =>
          x.idHash === idHash &&
          x.endedAt === null &&
          x.lastSeenAt > idleSince &&
          x.createdAt > startedSince,
      );
      if (!s) return undefined;
      s.lastSeenAt = now;
      return account(s);
    },
    async endSession(idHash, now) {
      const s = sessions.find((x) => x.idHash === idHash && x.endedAt === null);
      if (s) s.endedAt = now;
    },
    async purgeDead({ tokensExpiredBefore, idleSince, startedSince }) {
      const before = tokens.length + sessions.length;
      tokens = tokens.filter((t) => !(t.expiresAt < tokensExpiredBefore));
      sessions = sessions.filter(
        (s) => s.endedAt === null && s.lastSeenAt > idleSince && s.createdAt > startedSince,
      );
      return before - tokens.length - sessions.length;
    },
  };
}
