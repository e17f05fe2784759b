/**
 * The OA's access token. Zalo's refresh token is single-use: two replicas refreshing with the
 * same one would leave one of them (and, if it stored last, everyone) with a dead pair. So a
 * refresh happens under a Redis lock, re-reads the stored pair after taking it (another replica
 * may have refreshed meanwhile), and stores the new pair in PostgreSQL before anyone uses it.
 * The access token is refreshed a margin before it expires, and again when Zalo calls it
 * invalid (-216) unless the stored one is already another.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { sleep } from '../../core/timing.ts';
import type { Logger } from '../../logger.ts';
import type { ZaloTokenPair } from './zalo-store.ts';
import { ZaloApiError } from './zalo-errors.ts';

export interface ZaloTokenStore {
  tokens(
    appId: string,
    seed: { refreshToken: string; hash: string },
  ): Promise<ZaloTokenPair & { accessExpiresAt: Date }>;
  replaceTokens(appId: string, used: string, pair: ZaloTokenPair): Promise<boolean>;
}

export interface ZaloTokensOptions {
  appId: string;
  appSecret: string;
  /** Zalo's OAuth root (https://oauth.zaloapp.com). */
  oauthRoot: string;
  /** ZALO_REFRESH_TOKEN: the pair starts from it (and starts over when it changes). */
  initialRefreshToken: string;
  store: ZaloTokenStore;
  redis: Redis;
  prefix: string;
  logger: Logger;
  now?: () => number;
  /** Refresh this long before the access token expires. Default 10 minutes. */
  marginMs?: number;
  /** The lock's lifetime: longer than an OAuth call can take. Default 30 s. */
  lockMs?: number;
}

export interface ZaloTokens {
  /** A live access token, refreshed first if it is about to expire. */
  accessToken(): Promise<string>;
  /** Zalo refused `rejected` (-216): a new token, unless the stored one is already another. */
  replace(rejected: string): Promise<string>;
}

/** Deletes the lock only if it is still ours (it may have expired and been taken). */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

export function createZaloTokens(options: ZaloTokensOptions): ZaloTokens {
  const now = options.now ?? Date.now;
  const margin = options.marginMs ?? 10 * 60_000;
  const lockMs = options.lockMs ?? 30_000;
  const lockKey = `${options.prefix}:zalo-token-refresh:${options.appId}`;
  const seed = {
    refreshToken: options.initialRefreshToken,
    hash: createHash('sha256').update(options.initialRefreshToken).digest('hex'),
  };
  const root = options.oauthRoot.replace(/\/$/, '');
  let cached: { token: string; expiresAt: number } | undefined;
  // One refresh at a time in this process; the lock orders the processes.
  let inFlight: Promise<string> | undefined;

  const usable = (token: string, expiresAt: number, rejected?: string) =>
    token !== '' && token !== rejected && expiresAt - margin > now();

  async function callOAuth(refreshToken: string): Promise<ZaloTokenPair> {
    const endpoint = '/v4/oa/access_token';
    let body: Record<string, unknown>;
    try {
      const res = await fetch(`${root}${endpoint}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          secret_key: options.appSecret,
        },
        body: new URLSearchParams({
          refresh_token: refreshToken,
          app_id: options.appId,
          grant_type: 'refresh_token',
        }),
        signal: AbortSignal.timeout(15_000),
      });
      body = (await res.json()) as Record<string, unknown>;
    } catch (err) {
      throw new ZaloApiError(0, 'OAuth call failed', endpoint, { cause: err });
    }
    const accessToken = body.access_token;
    const newRefresh = body.refresh_token;
    if (typeof accessToken !== 'string' || typeof newRefresh !== 'string') {
      const code = typeof body.error === 'number' ? body.error : 0;
      throw new ZaloApiError(
        code,
        typeof body.error_name === 'string' ? body.error_name : 'no token in answer',
        endpoint,
      );
    }
    // Zalo sends expires_in as a string of seconds.
    const seconds = Number(body.expires_in);
    return {
      accessToken,
      refreshToken: newRefresh,
      accessExpiresAt: new Date(now() + (Number.isFinite(seconds) ? seconds : 3600) * 1000),
    };
  }

  async function refresh(rejected: string | undefined): Promise<string> {
    const deadline = now() + lockMs * 2;
    for (;;) {
      const row = await options.store.tokens(options.appId, seed);
      if (usable(row.accessToken, row.accessExpiresAt.getTime(), rejected)) {
        cached = { token: row.accessToken, expiresAt: row.accessExpiresAt.getTime() };
        return row.accessToken;
      }
      const mine = randomUUID();
      if ((await options.redis.set(lockKey, mine, 'PX', lockMs, 'NX')) === 'OK') {
        try {
          // Re-read under the lock: the replica that held it before may have refreshed.
          const current = await options.store.tokens(options.appId, seed);
          if (usable(current.accessToken, current.accessExpiresAt.getTime(), rejected)) {
            cached = { token: current.accessToken, expiresAt: current.accessExpiresAt.getTime() };
            return current.accessToken;
          }
          const pair = await callOAuth(current.refreshToken);
          // Stored before use: the old refresh token is dead now, the new one is all there is.
          if (!(await options.store.replaceTokens(options.appId, current.refreshToken, pair)))
            throw new ZaloApiError(0, 'token pair changed during a locked refresh', 'tokens');
          options.logger.info({ expiresAt: pair.accessExpiresAt }, 'zalo access token refreshed');
          cached = { token: pair.accessToken, expiresAt: pair.accessExpiresAt.getTime() };
          return pair.accessToken;
        } finally {
          await options.redis.eval(RELEASE, 1, lockKey, mine).catch(() => undefined);
        }
      }
      if (now() > deadline)
        throw new ZaloApiError(0, 'timed out waiting for another refresh', 'tokens');
      await sleep(50);
    }
  }

  function single(rejected: string | undefined): Promise<string> {
    inFlight ??= refresh(rejected).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  return {
    async accessToken() {
      if (cached && usable(cached.token, cached.expiresAt)) return cached.token;
      return single(undefined);
    },
    async replace(rejected) {
      if (cached?.token === rejected) cached = undefined;
      return single(rejected);
    },
  };
}
