/**
 * gopy as a newcomer runs it: a separate `gopy bot` process (the real CLI, the real grammY bot)
 * against the project's fake Bot API over HTTP, in long polling and in webhook mode.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeBotApi, type FakeBotApi } from '../../src/simulator/fake-bot-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { menuAfterStart } from '../support/fake-bot-api-client.ts';
import { TOKEN } from '../support/gopy-harness.ts';
import { until } from '../support/until.ts';
import { createDeliveriesRepository } from '../../src/persistence/deliveries-repository.ts';
import { createDeliveryQueue } from '../../src/queue/delivery-queue.ts';
import { createRedisConnection } from '../../src/queue/redis-connection.ts';
import { pino } from 'pino';
import { freePort } from '../support/free-port.ts';

const SECRET = 'e2e-secret-0123456789abcdef';
/** The Redis the gopy children use (they inherit this environment). */
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
let cleanup: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

interface StartOptions {
  /** Where the bot finds the Bot API (default: the fake itself). */
  apiRoot?: string;
  fake?: FakeBotApi;
  db?: TestDatabase;
  queuePrefix?: string;
  role?: 'bot' | 'worker';
  /** Wait until gopy polls or has set its webhook (default true). */
  untilStarted?: boolean;
}

async function startGopy(
  mode: 'polling' | 'webhook',
  framework: 'grammy' | 'telegraf' = 'grammy',
  options: StartOptions = {},
) {
  const fake: FakeBotApi = options.fake ?? (await createFakeBotApi({ port: 0 }));
  if (!options.fake) cleanup.push(() => fake.close());
  let db = options.db;
  if (!db) {
    const created = await createTestDatabase({ seeded: true });
    cleanup.push(() => created.drop());
    db = created;
  }
  const port = await freePort();
  const metricsPort = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['bin/gopy.js', options.role ?? 'bot'], {
    env: {
      ...process.env,
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: options.apiRoot ?? fake.url,
      TELEGRAM_MODE: mode,
      TELEGRAM_FRAMEWORK: framework,
      TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/hook/telegram`,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      DATABASE_URL: db.url,
      QUEUE_PREFIX: options.queuePrefix ?? `e2e${randomUUID().slice(0, 8)}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      METRICS_PORT: String(metricsPort),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  cleanup.push(
    () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  );
  const webhooksBefore = fake.calls(TOKEN, 'setWebhook').length;
  if (options.untilStarted === false) return { fake, db, port, metricsPort, child };
  if (options.role === 'worker') {
    await until(
      'gopy worker to listen',
      () =>
        fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.ok,
          () => false,
        ),
      60_000,
    );
    return { fake, db, port, metricsPort, child };
  }
  await fake.waitFor(
    () =>
      mode === 'polling'
        ? fake.isPolling(TOKEN)
        : fake.calls(TOKEN, 'setWebhook').length > webhooksBefore,
    60_000,
  );
  return { fake, db, port, metricsPort, child };
}

describe('gopy bot as a separate process', () => {
  for (const mode of ['polling', 'webhook'] as const) {
    it(`answers /start with the Vietnamese main menu (${mode})`, async () => {
      const { fake } = await startGopy(mode);
      const labels = await menuAfterStart(fake, TOKEN, 501);
      expect(labels).toMatch(/Đánh giá chính quyền/);
      expect(labels).toMatch(/Gửi phản ánh, kiến nghị/);
      expect(labels).toMatch(/Phản ánh của tôi/);
      expect(labels).toMatch(/Trợ giúp/);
      expect(fake.violations(TOKEN)).toEqual([]);
    }, 120_000);
  }

  it('refuses a webhook call without the secret token (401)', async () => {
    const { port, metricsPort } = await startGopy('webhook');
    const res = await fetch(`http://127.0.0.1:${port}/hook/telegram`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-telegram-bot-api-secret-token': 'wrong-secret-value',
      },
      body: JSON.stringify({ update_id: 1 }),
    });
    expect(res.status).toBe(401);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    // Prometheus scrapes its own port; the public one does not publish /metrics.
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/gopy_updates_total|gopy_process/);
  }, 120_000);

  it('stops cleanly on SIGTERM (exit code 0)', async () => {
    const { child } = await startGopy('polling');
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);

  /** Telegram as seen from a cut-off network: setWebhook never answers, or answers 502. */
  async function brokenSetWebhook(failure: 'hangs' | 'fails') {
    const fake = await createFakeBotApi({ port: 0 });
    cleanup.push(() => fake.close());
    let calls = 0;
    const gate = createHttpServer((req, res) => {
      if (!/\/setWebhook$/.test(req.url ?? '')) return fake.handleRequest(req, res);
      calls++;
      if (failure === 'fails') {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error_code: 502, description: 'Bad Gateway' }));
      }
    });
    await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => {
      gate.closeAllConnections();
      return new Promise<void>((resolve) => gate.close(() => resolve()));
    });
    const { child } = await startGopy('webhook', 'grammy', {
      fake,
      apiRoot: `http://127.0.0.1:${(gate.address() as { port: number }).port}`,
      untilStarted: false,
    });
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    await until('gopy to ask for its webhook', () => calls > 0, 60_000);
    return { child, exited };
  }

  it('stops promptly on SIGTERM while Telegram does not answer setWebhook', async () => {
    const { child, exited } = await brokenSetWebhook('hangs');
    const signalled = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
  }, 120_000);

  it('exits with an error when Telegram refuses setWebhook, rather than hang on', async () => {
    const { exited } = await brokenSetWebhook('fails');
    const failed = Date.now();
    expect(await exited).toBe(1);
    expect(Date.now() - failed).toBeLessThan(10_000);
  }, 120_000);

  it('drains on SIGTERM during a burst of webhook updates: nothing lost, nothing handled twice', async () => {
    const fake = await createFakeBotApi({ port: 0, webhookRetry: { initialMs: 20, maxMs: 200 } });
    cleanup.push(() => fake.close());
    // The gate holds the bot's first reply of the burst, so a webhook request is certainly in
    // flight (gopy answers it only once the reply is sent) when SIGTERM comes.
    const gate = await holdFirstSend(fake);
    const queuePrefix = `e2e${randomUUID().slice(0, 8)}`;
    const first = await startGopy('webhook', 'grammy', { fake, apiRoot: gate.url, queuePrefix });

    const chats = Array.from({ length: 12 }, (_, i) => 601 + i);
    gate.arm();
    const updateIds = chats.map((chatId) =>
      fake.injectMessage(TOKEN, {
        chatId,
        from: { id: chatId, first_name: 'Lan' },
        text: '/start',
      }),
    );
    await until('the first reply to be held', () => gate.holding(), 30_000);
    const exited = new Promise<number | null>((resolve) =>
      first.child.once('exit', (code) => resolve(code)),
    );
    first.child.kill('SIGTERM');
    // The public port stops taking connections at once, while the held request is still open.
    await until('the public port to close', () => refuses(first.port), 30_000);
    gate.release();
    expect(await exited).toBe(0);
    const heldUpdate = updateIds[0]!;
    // The request in flight was answered, not cut: Telegram will not send it again.
    expect(fake.webhookDeliveries(TOKEN).filter((d) => d.updateId === heldUpdate)).toEqual([
      expect.objectContaining({ status: 200 }),
    ]);
    const handledByFirst = new Set(
      fake
        .webhookDeliveries(TOKEN)
        .filter((d) => d.status === 200)
        .map((d) => d.updateId),
    );
    expect(fake.pendingUpdates(TOKEN).length).toBeGreaterThan(0);

    // The updates refused while stopping go to the next gopy.
    const second = await startGopy('webhook', 'grammy', { fake, db: first.db, queuePrefix });
    await fake.waitFor(() => fake.pendingUpdates(TOKEN).length === 0, 60_000);
    const menus = (chatId: number) =>
      fake
        .messagesTo(TOKEN, chatId)
        .filter((m) =>
          m.reply_markup?.inline_keyboard?.flat().some((b) => b.text.includes('Trợ giúp')),
        );
    await fake.waitFor(() => chats.every((chatId) => menus(chatId).length > 0), 30_000);
    // Every citizen got exactly one menu: nothing lost, nothing handled twice.
    expect(chats.map((chatId) => menus(chatId).length)).toEqual(chats.map(() => 1));
    const deliveries = fake.webhookDeliveries(TOKEN);
    for (const id of updateIds) {
      expect(deliveries.filter((d) => d.updateId === id && d.status === 200)).toHaveLength(1);
      // An update the first gopy acknowledged was never offered again.
      if (handledByFirst.has(id))
        expect(deliveries.filter((d) => d.updateId === id)).toHaveLength(1);
    }
    const metrics = await (await fetch(`http://127.0.0.1:${second.metricsPort}/metrics`)).text();
    expect(metrics).not.toMatch(/gopy_updates_total\{[^}]*outcome="duplicate"[^}]*\} [1-9]/);
    expect(fake.violations(TOKEN)).toEqual([]);
  }, 240_000);

  it('lets a worker stopped while sending finish its deliveries: none lost, none sent twice', async () => {
    const fake = await createFakeBotApi({ port: 0 });
    cleanup.push(() => fake.close());
    const gate = await holdFirstSend(fake);
    const chats = Array.from({ length: 6 }, (_, i) => 701 + i);
    for (const id of chats)
      fake.addChat(TOKEN, { id, type: 'private', first_name: `Cán bộ ${id}` });
    const queuePrefix = `e2e${randomUUID().slice(0, 8)}`;
    const first = await startGopy('polling', 'grammy', {
      fake,
      apiRoot: gate.url,
      queuePrefix,
      role: 'worker',
    });
    // Alerts to officials as the routing would store them: a row, then a job with its id.
    const producer = createRedisConnection(REDIS_URL, { forWorker: false });
    cleanup.push(async () => {
      const keys = await producer.keys(`${queuePrefix}:*`);
      if (keys.length) await producer.del(...keys);
      producer.disconnect();
    });
    const deliveries = createDeliveriesRepository(first.db.prisma);
    const outbox = createDeliveryQueue({
      deliveries,
      connection: producer,
      prefix: queuePrefix,
      sender: { send: () => Promise.reject(new Error('this queue only enqueues')) },
      logger: pino({ level: 'silent' }),
    });
    cleanup.push(() => outbox.close());
    gate.arm();
    for (const id of chats)
      await outbox.enqueue({
        dedupeKey: `drain-${id}`,
        chatId: String(id),
        message: { type: 'text', chatId: String(id), text: `Phản ánh mới cho cán bộ ${id}` },
      });
    await until('a send to be held', () => gate.holding(), 30_000);
    const exited = new Promise<number | null>((resolve) =>
      first.child.once('exit', (code) => resolve(code)),
    );
    first.child.kill('SIGTERM');
    await until('the public port to close', () => refuses(first.port), 30_000);
    gate.release();
    expect(await exited).toBe(0);
    // The job in hand finished: nothing is left half-sent for a stale-send retry to repeat.
    const rows = await first.db.prisma.$queryRaw<Array<{ state: string }>>`
      SELECT state FROM deliveries WHERE dedupe_key LIKE 'drain-%'`;
    expect(rows.filter((r) => r.state === 'sending')).toEqual([]);
    expect(rows.filter((r) => r.state === 'sent').length).toBeGreaterThan(0);

    await startGopy('polling', 'grammy', { fake, db: first.db, queuePrefix, role: 'worker' });
    await until(
      'every delivery to be sent',
      async () => {
        const left = await first.db.prisma.$queryRaw<Array<{ n: bigint }>>`
          SELECT count(*) AS n FROM deliveries WHERE dedupe_key LIKE 'drain-%' AND state <> 'sent'`;
        return Number(left[0]?.n) === 0;
      },
      60_000,
    );
    expect(chats.map((id) => fake.messagesTo(TOKEN, id).length)).toEqual(chats.map(() => 1));
    expect(fake.violations(TOKEN)).toEqual([]);
  }, 240_000);
});

/** True when nothing listens on the port any more. */
function refuses(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/healthz`).then(
    () => false,
    () => true,
  );
}

/**
 * A gate in front of the fake Bot API: once armed, it holds the first sendMessage until
 * released, so the test knows a request is in flight.
 */
async function holdFirstSend(fake: FakeBotApi) {
  let armed = false;
  let held: (() => void) | undefined;
  const gate = createHttpServer((req, res) => {
    if (armed && !held && /\/sendMessage$/.test(req.url ?? '')) {
      held = () => fake.handleRequest(req, res);
      return;
    }
    fake.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise<void>((resolve) => gate.close(() => resolve())));
  return {
    url: `http://127.0.0.1:${(gate.address() as { port: number }).port}`,
    arm: () => void (armed = true),
    holding: () => held !== undefined,
    release: () => held?.(),
  };
}
