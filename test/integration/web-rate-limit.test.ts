/**
 * The rate limit a route opts into counts across every gopy replica: two web servers sharing one
 * Redis (and prefix) refuse the request that goes over the limit, wherever it lands.
 */
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebServer } from '../../src/http/create-web-server.ts';
import { createRedisConnection } from '../../src/queue/redis-connection.ts';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const prefix = `test-rl-${randomUUID().slice(0, 8)}`;
const redis = createRedisConnection(REDIS_URL, { forWorker: false });

// gopy's intake connection does not queue commands while connecting: wait until it is up.
beforeAll(async () => {
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

async function replica() {
  const app = await createWebServer({
    logger: pino({ level: 'silent' }),
    rateLimitStore: { redis, prefix },
  });
  app.post('/login', { config: { rateLimit: { max: 3, timeWindow: '1 minute' } } }, async () => ({
    ok: true,
  }));
  return app;
}

describe('rate limits in Redis', () => {
  it('counts requests to every replica together', async () => {
    const [a, b] = [await replica(), await replica()];
    const statuses: number[] = [];
    for (const app of [a, b, a, b])
      statuses.push((await app.inject({ method: 'POST', url: '/login' })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(await redis.keys(`${prefix}:rate-limit:*`)).not.toEqual([]);
    await a.close();
    await b.close();
  });
});
