/**
 * Makes sure Redis answers before the queues start. For `gopy start` on a fresh machine, a
 * local `redis-server` binary is started when none runs at the default address; otherwise the
 * error says exactly how to get one.
 */
import { sleep } from '../core/timing.ts';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { AppError } from '../core/errors.ts';
import type { Logger } from '../logger.ts';

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1500,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export async function ensureRedis(
  url: string,
  options: { mayStartLocal: boolean; dataDir: string; logger: Logger },
): Promise<{ child?: ChildProcess }> {
  if (await answers(url)) return {};
  const u = new URL(url);
  const local = ['127.0.0.1', 'localhost'].includes(u.hostname);
  const hasBinary = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
  if (options.mayStartLocal && local && hasBinary) {
    const dir = resolve(options.dataDir, 'redis');
    mkdirSync(dir, { recursive: true });
    options.logger.info(
      { port: u.port || 6379, dir },
      'no Redis answering: starting a local redis-server',
    );
    const child = spawn(
      'redis-server',
      [
        '--port',
        u.port || '6379',
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 50; i++) {
      if (await answers(url)) return { child };
      await sleep(100);
    }
    child.kill();
  }
  throw new AppError(
    'redis_unreachable',
    `Redis does not answer at ${url}. gopy needs Redis for its queues:\n` +
      '  • Debian/Ubuntu: sudo apt-get install redis-server (gopy start then starts it itself)\n' +
      '  • Docker: docker run -d -p 6379:6379 redis:7 --appendonly yes --maxmemory-policy noeviction\n' +
      '  • or set REDIS_URL to a Redis you have.',
  );
}
