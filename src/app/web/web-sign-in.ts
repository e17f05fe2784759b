/**
 * Officials sign in to the web from chat: `/web` issues a one-time link, the link opens a
 * session, the session cookie names the viewer on every request. gopy stores no password: the
 * chat account the official already proved (Telegram) is the credential.
 *
 * - A link is valid LOGIN_LINK_TTL_MS and opens one session, once.
 * - A session ends on sign-out, after SESSION_IDLE_MS without a request, and in any case
 *   SESSION_MAX_MS after it started.
 * - What a session may see is read from the account's active official rows each time, so a
 *   revoked official loses the web with the chat.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { OfficialRecord } from '../ports/official-directory.ts';
import type { WebAccount, WebSessions } from '../ports/web-sessions.ts';
import { viewerOf, type Viewer } from './viewer.ts';

export const LOGIN_LINK_TTL_MS = 10 * 60_000;
export const SESSION_IDLE_MS = 12 * 3_600_000;
export const SESSION_MAX_MS = 7 * 24 * 3_600_000;

export interface WebSignInDeps {
  sessions: WebSessions;
  officials: {
    findActiveByExternalId(channel: string, externalId: string): Promise<OfficialRecord[]>;
  };
  /**
   * Where browsers reach gopy, without a trailing slash: `https://gopy.example.gov.vn`. A
   * function, because a server on port 0 knows its address only once it listens.
   */
  publicUrl: () => string;
  now: () => Date;
  random?: (size: number) => Buffer;
}

export interface WebSignIn {
  /** A fresh one-time link for this account. */
  issueLink(account: WebAccount): Promise<{ url: string; expiresAt: Date }>;
  /** Opens a session with a link's token: the new session id, or undefined (used, expired, unknown). */
  redeem(token: string): Promise<string | undefined>;
  /** Who a session id belongs to, if it is live and the account still holds a position. */
  viewer(sessionId: string): Promise<Viewer | undefined>;
  signOut(sessionId: string): Promise<void>;
  /**
   * Deletes used-up links and dead sessions (run by the sweep): they open nothing, and keeping
   * them would keep who signed in when for ever. Says how many rows went.
   */
  purgeExpired(): Promise<number>;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Tokens and session ids: 32 random bytes, URL-safe. */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function createWebSignIn(deps: WebSignInDeps): WebSignIn {
  const random = deps.random ?? ((size: number) => randomBytes(size));
  const secret = () => random(32).toString('base64url');

  return {
    async issueLink(account) {
      const token = secret();
      const expiresAt = new Date(deps.now().getTime() + LOGIN_LINK_TTL_MS);
      await deps.sessions.saveLoginToken({ ...account, tokenHash: hashSecret(token), expiresAt });
      return { url: `${deps.publicUrl()}/login/${token}`, expiresAt };
    },

    async redeem(token) {
      if (!SECRET_PATTERN.test(token)) return undefined;
      const now = deps.now();
      const account = await deps.sessions.claimLoginToken(hashSecret(token), now);
      if (!account) return undefined;
      const accounts = await deps.officials.findActiveByExternalId(
        account.channel,
        account.externalId,
      );
      if (accounts.length === 0) return undefined;
      const id = secret();
      await deps.sessions.createSession({ ...account, idHash: hashSecret(id), now });
      return id;
    },

    async viewer(sessionId) {
      if (!SECRET_PATTERN.test(sessionId)) return undefined;
      const now = deps.now();
      const account = await deps.sessions.touchSession(hashSecret(sessionId), now, {
        idleSince: new Date(now.getTime() - SESSION_IDLE_MS),
        startedSince: new Date(now.getTime() - SESSION_MAX_MS),
      });
      if (!account) return undefined;
      const accounts = await deps.officials.findActiveByExternalId(
        account.channel,
        account.externalId,
      );
      return accounts.length === 0 ? undefined : viewerOf(accounts);
    },

    async signOut(sessionId) {
      if (!SECRET_PATTERN.test(sessionId)) return;
      await deps.sessions.endSession(hashSecret(sessionId), deps.now());
    },

    async purgeExpired() {
      const now = deps.now();
      return deps.sessions.purgeDead({
        tokensExpiredBefore: now,
        idleSince: new Date(now.getTime() - SESSION_IDLE_MS),
        startedSince: new Date(now.getTime() - SESSION_MAX_MS),
      });
    },
  };
}
