/**
 * The compiled runtime, as the image runs it: `npm run build` bundles gopy with most of its
 * libraries into dist/ and writes Prisma's query compiler as a .wasm file; `NODE_ENV=production`
 * makes bin/gopy.js run that bundle. The other tests run the TypeScript sources, so a library
 * that breaks when bundled would show only here (or in production).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeBotApi, type FakeBotApi } from '../../src/simulator/fake-bot-api.ts';
import { menuAfterStart } from '../support/fake-bot-api-client.ts';
import { TOKEN } from '../support/gopy-harness.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { until } from '../support/until.ts';
import { freePort } from '../support/free-port.ts';

let db: TestDatabase;
let fake: FakeBotApi;
const children: ChildProcess[] = [];

beforeAll(async () => {
  // Type-checking is `npm run check`'s job; the bundle is what is tested here.
  const build = spawnSync(process.execPath, ['scripts/build.js', '--no-typecheck'], {
    encoding: 'utf8',
  });
  expect(build.status, build.stderr).toBe(0);
  db = await createTestDatabase({ seeded: true });
  fake = await createFakeBotApi({ port: 0 });
}, 180_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await fake?.close();
  await db?.drop();
});

function compiledEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: fake.url,
    TELEGRAM_MODE: 'polling',
    HOST: '127.0.0.1',
    METRICS_PORT: '0',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

async function startRole(role: 'bot' | 'worker') {
  const port = await freePort();
  let stderr = '';
  const child = spawn(process.execPath, ['bin/gopy.js', role], {
    env: compiledEnv({ PORT: String(port), QUEUE_PREFIX: `cr${randomUUID().slice(0, 8)}` }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  children.push(child);
  await until(
    `compiled gopy ${role} to be ready`,
    async () => {
      if (child.exitCode !== null) throw new Error(`gopy ${role} exited: ${stderr}`);
      return fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
    },
    60_000,
  );
  return { child, stderr: () => stderr };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

describe('the compiled runtime (npm run build, NODE_ENV=production)', () => {
  it('gopy bot answers /start with the main menu, then stops cleanly', async () => {
    const { child, stderr } = await startRole('bot');
    await fake.waitFor(() => fake.isPolling(TOKEN), 30_000);
    expect(await menuAfterStart(fake, TOKEN, 701)).toMatch(/Gửi phản ánh, kiến nghị/);
    expect(await stop(child)).toBe(0);
    // The query compiler loads after ready (warm-up); a failure to load it would be logged.
    expect(stderr()).not.toMatch(/database not answering/);
  }, 120_000);

  it('gopy worker gets ready and stops cleanly', async () => {
    const { child } = await startRole('worker');
    expect(await stop(child)).toBe(0);
  }, 120_000);

  it('runs ORM queries through the query compiler written beside the bundle', () => {
    const out = spawnSync(process.execPath, ['bin/gopy.js', 'categories', 'list'], {
      env: compiledEnv(),
      encoding: 'utf8',
    });
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/Mã\/Code/);
    expect(out.stdout.split('\n').length).toBeGreaterThan(3);
  }, 60_000);
});
