/**
 * gopy as a newcomer runs it: a separate `gopy bot` process (the real CLI, the real grammY bot)
 * against the project's fake Bot API over HTTP, in long polling and in webhook mode.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeBotApi, type FakeBotApi } from '../../src/simulator/fake-bot-api.ts';
import { importUnits } from '../../src/persistence/units-import.ts';
import { seedDemo } from '../../src/persistence/seed-demo.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { TOKEN } from '../support/gopy-harness.ts';

const SECRET = 'e2e-secret-0123456789abcdef';
let cleanup: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startGopy(mode: 'polling' | 'webhook', framework: 'grammy' | 'telegraf' = 'grammy') {
  const fake: FakeBotApi = await createFakeBotApi({ port: 0 });
  cleanup.push(() => fake.close());
  const db: TestDatabase = await createTestDatabase();
  cleanup.push(() => db.drop());
  await importUnits(db.prisma);
  await seedDemo(db.prisma);
  const port = await freePort();
  const metricsPort = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['bin/gopy.js', 'bot'], {
    env: {
      ...process.env,
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.url,
      TELEGRAM_MODE: mode,
      TELEGRAM_FRAMEWORK: framework,
      TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/hook/telegram`,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      DATABASE_URL: db.url,
      QUEUE_PREFIX: `e2e${randomUUID().slice(0, 8)}`,
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
  await fake.waitFor(
    () => (mode === 'polling' ? fake.isPolling(TOKEN) : fake.calls(TOKEN, 'setWebhook').length > 0),
    60_000,
  );
  return { fake, port, metricsPort, child };
}

describe('gopy bot as a separate process', () => {
  for (const mode of ['polling', 'webhook'] as const) {
    it(`answers /start with the Vietnamese main menu (${mode})`, async () => {
      const { fake } = await startGopy(mode);
      fake.injectMessage(TOKEN, {
        chatId: 501,
        from: { id: 501, first_name: 'Lan' },
        text: '/start',
      });
      const menu = await fake.waitFor(
        () => fake.messagesTo(TOKEN, 501).find((m) => m.reply_markup?.inline_keyboard?.length),
        20_000,
      );
      const labels = menu.reply_markup!.inline_keyboard.flat().map((b) => b.text);
      expect(labels.join(' | ')).toMatch(/Đánh giá chính quyền xã/);
      expect(labels.join(' | ')).toMatch(/Gửi phản ánh, kiến nghị/);
      expect(labels.join(' | ')).toMatch(/Phản ánh của tôi/);
      expect(labels.join(' | ')).toMatch(/Trợ giúp/);
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
});
