/**
 * gopy as it is deployed, broken on purpose: one `gopy bot` (webhook mode, against the project's
 * fake Bot API) and two `gopy worker` processes on one PostgreSQL database and a PRIVATE
 * redis-server (nothing on disk), while citizens report through the fake Bot API at once. During
 * the reports the scenario SIGKILLs a worker, FLUSHes Redis, SIGKILLs the bot, kills Redis and
 * starts it again empty, SIGKILLs the other worker and wipes the queue prefix; each killed gopy
 * is started again, as a supervisor would.
 *
 * Then it counts, from the fake Bot API's record of what was really sent: reports committed,
 * alerted to the chair, lost, alerts duplicated inside the one documented window (a worker
 * killed while that alert was in flight) or outside it, citizens who got their ticket, and
 * processes that exited without being killed. Used by test/e2e/fault-suite.test.ts (a small
 * load) and bench/faults.ts (the 40 reports).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { PrismaClient } from '../../src/persistence/prisma.ts';
import {
  createFakeBotApi,
  type FakeBotApi,
  type TgMessage,
} from '../../src/simulator/fake-bot-api.ts';
import { CHAIR, STAFF, OTHER_CHAIR } from './demo.ts';
import { TOKEN } from './gopy-harness.ts';
import { freePort } from './free-port.ts';

const SECRET = 'fault-suite-secret-0123456789';
/** The demo commune (seed-demo) whose chair receives every report. */
const COMMUNE = '12694';
const REPO_ROOT = new URL('../../', import.meta.url);
/**
 * How long a gopy process may take to start. A few seconds on an idle machine; on a loaded CI
 * runner tsx compiling the sources for three processes at once has taken over a minute.
 */
const START_MS = 240_000;

export interface FaultScenarioOptions {
  /** A migrated database with the units imported and the demo seeded. */
  db: { url: string; prisma: PrismaClient };
  citizens: number;
  /** How long after its commit a report must have reached the chair. */
  boundMs: number;
  /** Stops waiting for the outcome after this long (then counts what happened). */
  deadlineMs: number;
  /** Progress lines (the bench prints them); silent by default. */
  log?: (line: string) => void;
  /** The gopy children's LOG_LEVEL (default 'fatal': the scenario reads the fake, not logs). */
  logLevel?: string;
}

export interface FaultFigures {
  citizens: number;
  /** Citizens whose receipt «Đã tiếp nhận … Mã phiếu» arrived. */
  ticketed: number;
  /** Citizens who got the receipt more than once. */
  duplicateReceipts: number;
  committed: number;
  alerted: number;
  lost: number;
  /** Reports alerted later than the bound after their commit. */
  late: number;
  duplicates: number;
  duplicatesInWindow: number;
  duplicatesOutsideWindow: number;
  /** From the first citizen's /start to the last report's first alert. */
  timeToLastAlertMs: number;
  /** Slowest commit → first alert of a report. */
  maxAlertLatencyMs: number;
  faults: string[];
  /** Processes that exited without being killed (role, code, signal, last output). */
  crashes: string[];
  /** Citizens whose conversation stalled (the step they waited at). */
  stalled: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** A child process the scenario owns: it knows whether an exit was asked for. */
interface Owned {
  name: string;
  child: ChildProcess;
  killedOnPurpose: boolean;
  exited: Promise<void>;
  output: string[];
}

/** True while the process runs; throws with its last output once it has exited. */
function alive(entry: Owned): true {
  if (entry.child.exitCode !== null || entry.child.signalCode !== null)
    throw new Error(`${entry.name} exited while starting: ${entry.output.slice(-8).join(' | ')}`);
  return true;
}

/**
 * A process that runs but never gets ready (CI once saw gopy bot never set its webhook): the
 * timeout says what it printed last, not only that it timed out.
 */
async function withOutput<T>(entry: Owned, started: Promise<T>): Promise<T> {
  try {
    return await started;
  } catch (error) {
    const said = entry.output.slice(-12).join(' | ') || 'nothing';
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}; ${entry.name} printed: ${said}`,
    );
  }
}

/** Every process of every scenario still running: see stopEveryScenarioProcess. */
const everyOwned = new Set<Owned>();
process.once('exit', () => {
  for (const entry of everyOwned) entry.child.kill('SIGKILL');
});

/**
 * Kills what a scenario cut short (a test timed out inside it) left running: for afterAll.
 */
export async function stopEveryScenarioProcess(): Promise<void> {
  await Promise.all(
    [...everyOwned].map(async (entry) => {
      entry.killedOnPurpose = true;
      entry.child.kill('SIGKILL');
      await entry.exited;
    }),
  );
}

/** Every process and server the scenario started, so `stop` leaves nothing behind. */
class Processes {
  private owned = new Set<Owned>();
  readonly crashes: string[] = [];

  spawn(
    name: string,
    command: string,
    args: string[],
    env: NodeJS.ProcessEnv = process.env,
  ): Owned {
    const child = spawn(command, args, {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const keep = (chunk: Buffer) => {
      output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      if (output.length > 40) output.splice(0, output.length - 40);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const entry: Owned = {
      name,
      child,
      killedOnPurpose: false,
      output,
      exited: new Promise((resolve) => child.once('exit', () => resolve())),
    };
    child.once('exit', (code, signal) => {
      this.owned.delete(entry);
      everyOwned.delete(entry);
      if (!entry.killedOnPurpose)
        this.crashes.push(
          `${name} exited (code ${code}, signal ${signal}): ${output.slice(-5).join(' | ')}`,
        );
    });
    this.owned.add(entry);
    everyOwned.add(entry);
    return entry;
  }

  async kill(entry: Owned, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    entry.killedOnPurpose = true;
    if (entry.child.exitCode === null && entry.child.signalCode === null) entry.child.kill(signal);
    await entry.exited;
  }

  /** Stops everything still running: SIGTERM, then SIGKILL after a grace period. */
  async stopAll(): Promise<void> {
    await Promise.all(
      [...this.owned].map(async (entry) => {
        entry.killedOnPurpose = true;
        entry.child.kill('SIGTERM');
        const timer = setTimeout(() => entry.child.kill('SIGKILL'), 10_000);
        await entry.exited;
        clearTimeout(timer);
      }),
    );
  }
}

/** Runs the scenario and returns its figures; every process and port is released before. */
export async function runFaultScenario(options: FaultScenarioOptions): Promise<FaultFigures> {
  const log = options.log ?? (() => undefined);
  const processes = new Processes();
  const faults: string[] = [];
  /** When each worker was SIGKILLed: an alert in flight then may be sent twice. */
  const workerKills: number[] = [];
  let fake: FakeBotApi | undefined;
  let admin: Redis | undefined;
  try {
    const { prisma } = options.db;
    // Only the chair is alerted: the staff group's pace (20 messages a minute) is not measured.
    await prisma.unitGroup.updateMany({ where: { unitCode: COMMUNE }, data: { active: false } });

    fake = await createFakeBotApi({ port: 0, webhookRetry: { initialMs: 50, maxMs: 500 } });
    for (const id of [CHAIR, STAFF, OTHER_CHAIR])
      fake.addChat(TOKEN, { id, type: 'private', first_name: `Cán bộ ${id}` });

    const redisPort = await freePort();
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    const startRedis = async () => {
      const redis = processes.spawn('redis-server', 'redis-server', [
        '--port',
        String(redisPort),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
      ]);
      await waitUntil(
        'redis-server to answer',
        async () => {
          const probe = new Redis(redisUrl, {
            lazyConnect: true,
            maxRetriesPerRequest: 0,
            retryStrategy: () => null,
          });
          probe.on('error', () => undefined);
          try {
            await probe.connect();
            return (await probe.ping()) === 'PONG';
          } catch {
            return false;
          } finally {
            probe.disconnect();
          }
        },
        10_000,
      );
      return redis;
    };
    let redisServer = await startRedis();
    admin = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    admin.on('error', () => undefined);

    const prefix = `f${randomUUID().slice(0, 8)}`;
    const botPort = await freePort();
    const envFor = async (port: number): Promise<NodeJS.ProcessEnv> => ({
      ...process.env,
      NODE_ENV: 'development',
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake!.url,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_FRAMEWORK: 'grammy',
      TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${botPort}/hook/telegram`,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      DATABASE_URL: options.db.url,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      PORT: String(port),
      HOST: '127.0.0.1',
      METRICS_PORT: String(await freePort()),
      LOG_LEVEL: options.logLevel ?? 'fatal',
      SWEEP_INTERVAL_SECONDS: '5',
      OUTBOUND_PER_SECOND: '25',
    });
    const ready = (port: number) =>
      fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
    const startBot = async () => {
      const before = fake!.calls(TOKEN, 'setWebhook').length;
      const bot = processes.spawn('gopy bot', process.execPath, ['bin/gopy.js', 'bot'], {
        ...(await envFor(botPort)),
      });
      await withOutput(
        bot,
        waitUntil(
          'gopy bot to set its webhook',
          () => alive(bot) && fake!.calls(TOKEN, 'setWebhook').length > before,
          START_MS,
        ),
      );
      return bot;
    };
    const startWorker = async (name: string) => {
      const port = await freePort();
      const worker = processes.spawn(name, process.execPath, ['bin/gopy.js', 'worker'], {
        ...(await envFor(port)),
      });
      await withOutput(
        worker,
        waitUntil(`${name} to be ready`, () => alive(worker) && ready(port), START_MS),
      );
      return worker;
    };

    log('starting redis-server, gopy bot and two gopy workers…');
    let [bot, workerA, workerB] = await Promise.all([
      startBot(),
      startWorker('gopy worker A'),
      startWorker('gopy worker B'),
    ]);

    const citizens = Array.from({ length: options.citizens }, (_, i) => 780_001 + i);
    for (const id of citizens)
      fake.addChat(TOKEN, { id, type: 'private', first_name: `Công dân ${id}` });
    const stalled: string[] = [];
    const started = Date.now();
    log(`${citizens.length} citizens start reporting`);
    const flows = citizens.map((id, i) =>
      sleep(i * 150)
        .then(() => reportAsCitizen(fake!, id))
        .catch((error: unknown) => void stalled.push(`${id}: ${(error as Error).message}`)),
    );

    /** The faults, one after another, each killed gopy started again at once (a supervisor). */
    const fault = async (name: string, run: () => Promise<void>) => {
      await run();
      faults.push(`${((Date.now() - started) / 1000).toFixed(1)} s ${name}`);
      log(`fault: ${name}`);
    };
    let flowsDone = false;
    const committed = () =>
      prisma.report.count({ where: { citizen: { externalId: { in: citizens.map(String) } } } });
    /** Waits until this share of the citizens' reports is committed (or every flow ended). */
    const whenCommitted = (share: number) =>
      waitUntil(
        `${share * 100} % of the reports`,
        async () =>
          flowsDone || (await committed()) >= Math.max(1, Math.ceil(share * citizens.length)),
        options.deadlineMs,
      );
    const restarts: Array<Promise<unknown>> = [];
    const injectFaults = async () => {
      await sleep(1_500);
      await fault('SIGKILL bot (conversations under way)', () => processes.kill(bot));
      restarts.push(startBot().then((b) => (bot = b)));
      await whenCommitted(0);
      await fault('SIGKILL worker A', async () => {
        workerKills.push(Date.now());
        await processes.kill(workerA);
      });
      restarts.push(startWorker('gopy worker A').then((w) => (workerA = w)));
      await whenCommitted(0.3);
      await fault('FLUSHALL', async () => void (await admin!.flushall()));
      // A gopy that starts checks Redis first: it is up again before Redis is killed.
      await Promise.all(restarts);
      await whenCommitted(0.5);
      await fault('SIGKILL redis-server, started again empty', async () => {
        await processes.kill(redisServer);
        await sleep(1_500);
        redisServer = await startRedis();
      });
      await whenCommitted(0.7);
      await fault('SIGKILL worker B', async () => {
        workerKills.push(Date.now());
        await processes.kill(workerB);
      });
      restarts.push(startWorker('gopy worker B').then((w) => (workerB = w)));
      await whenCommitted(0.9);
      await fault('wipe the queue prefix', async () => {
        const keys = await admin!.keys(`${prefix}:*`);
        if (keys.length) await admin!.del(...keys);
      });
      await Promise.all(restarts);
    };
    const conversations = Promise.all(flows).then(() => void (flowsDone = true));
    await Promise.all([injectFaults(), conversations]);
    log('every conversation ended; waiting for the alerts');

    // The outcome: every committed report alerted (and nothing left to send), or the deadline.
    const ours = { citizen: { externalId: { in: citizens.map(String) } } };
    const alertSends = () =>
      fake!.calls(TOKEN, 'sendMessage').filter(
        (c) =>
          c.response.ok &&
          String(c.params.chat_id) === String(CHAIR) &&
          // An alert alone, or several in one digest message (alert-digest.ts).
          /Phản ánh mới · PA-|🔔 \d+ phiếu mới/.test(String(c.params.text)),
      );
    const deadline = started + options.deadlineMs;
    let lastProgress = Date.now();
    for (;;) {
      const reports = await prisma.report.findMany({ where: ours, select: { ticketCode: true } });
      const sent = new Set(alertSends().flatMap((c) => ticketsOf(String(c.params.text))));
      const unsent = await prisma.delivery.count({
        where: { chatId: String(CHAIR), state: { in: ['pending', 'sending'] } },
      });
      if (reports.every((r) => sent.has(r.ticketCode)) && unsent === 0) break;
      if (Date.now() - lastProgress > 10_000) {
        lastProgress = Date.now();
        log(
          `${reports.length} committed, ${reports.filter((r) => sent.has(r.ticketCode)).length} alerted, ${unsent} unsent to the chair`,
        );
      }
      if (Date.now() > deadline) {
        log('deadline reached');
        break;
      }
      await sleep(250);
    }

    // Counting, from what the fake Bot API really delivered.
    const reports = await prisma.report.findMany({
      where: ours,
      select: { ticketCode: true, createdAt: true },
    });
    const sendsByTicket = new Map<string, number[]>();
    for (const c of alertSends())
      for (const ticket of ticketsOf(String(c.params.text)))
        sendsByTicket.set(ticket, [...(sendsByTicket.get(ticket) ?? []), c.time]);
    let alerted = 0;
    let late = 0;
    let duplicates = 0;
    let inWindow = 0;
    let lastAlert = started;
    let maxLatency = 0;
    for (const r of reports) {
      const times = (sendsByTicket.get(r.ticketCode) ?? []).sort((a, b) => a - b);
      const first = times[0];
      if (first === undefined) continue;
      alerted++;
      lastAlert = Math.max(lastAlert, first);
      const latency = first - r.createdAt.getTime();
      maxLatency = Math.max(maxLatency, latency);
      if (latency > options.boundMs) late++;
      for (const again of times.slice(1)) {
        duplicates++;
        // The documented window: a worker was killed after the first copy left (it had not
        // recorded it as sent) and before the copy the next worker sent.
        if (workerKills.some((k) => k >= first - 1_000 && k <= again)) inWindow++;
      }
    }
    const receipts = citizens.map(
      (id) =>
        fake!.messagesTo(TOKEN, id).filter((m) => /Đã tiếp nhận[\s\S]*Mã phiếu/.test(textOf(m)))
          .length,
    );
    return {
      citizens: citizens.length,
      ticketed: receipts.filter((n) => n > 0).length,
      duplicateReceipts: receipts.filter((n) => n > 1).length,
      committed: reports.length,
      alerted,
      lost: reports.length - alerted,
      late,
      duplicates,
      duplicatesInWindow: inWindow,
      duplicatesOutsideWindow: duplicates - inWindow,
      timeToLastAlertMs: lastAlert - started,
      maxAlertLatencyMs: maxLatency,
      faults,
      crashes: [...processes.crashes],
      stalled,
    };
  } finally {
    await processes.stopAll();
    admin?.disconnect();
    await fake?.close();
  }
}

/** The tickets an alert names: one, or each line of a digest. */
function ticketsOf(text: string): string[] {
  return [...new Set(text.match(/PA-\d{4}-\d{6}/g) ?? [])];
}

const textOf = (m: TgMessage) => m.text ?? m.caption ?? '';

/**
 * One citizen's report, as a person taps it: each answer waits for its question, however long
 * the bot takes to come back (a killed bot's update is delivered again by Telegram).
 */
async function reportAsCitizen(fake: FakeBotApi, id: number): Promise<void> {
  const STEP_MS = 180_000;
  const from = { id, first_name: `Công dân ${id}` };
  const shown = () => fake.messagesTo(TOKEN, id);
  const waitFor = async (what: string, find: () => TgMessage | undefined) => {
    try {
      return await fake.waitFor(find, STEP_MS);
    } catch {
      throw new Error(`no «${what}» within ${STEP_MS / 1000} s`);
    }
  };
  const prompt = (pattern: RegExp) =>
    waitFor(String(pattern), () => [...shown()].reverse().find((m) => pattern.test(textOf(m))));
  const say = (text: string) => fake.injectMessage(TOKEN, { chatId: id, from, text });
  const press = async (label: string) => {
    const message = await waitFor(label, () =>
      [...shown()]
        .reverse()
        .find((m) => m.reply_markup?.inline_keyboard?.flat().some((b) => b.text === label)),
    );
    const button = message.reply_markup!.inline_keyboard.flat().find((b) => b.text === label)!;
    fake.injectCallback(TOKEN, {
      chatId: id,
      from,
      messageId: message.message_id,
      data: button.callback_data!,
    });
  };

  say('/start');
  await press('Gửi phản ánh, kiến nghị');
  await prompt(/Ông\/Bà muốn gửi loại nào\?/);
  await press('Phản ánh');
  await prompt(/Việc này thuộc xã, phường, đặc khu nào\?/);
  say('bac dong hung');
  await press('Xã Bắc Đông Hưng – Hưng Yên');
  await prompt(/Việc này thuộc lĩnh vực nào\?/);
  await press('Giao thông, đường sá');
  await prompt(/Xin Ông\/Bà kể rõ sự việc/);
  say(`Đèn đường số ${id} trước nhà văn hóa thôn bị hỏng, buổi tối rất tối`);
  await prompt(/Ông\/Bà có ảnh chụp sự việc không\?/);
  await press('Bỏ qua');
  await prompt(/Sự việc ở đâu\?/);
  say('Bỏ qua');
  await prompt(/Ông\/Bà có muốn gửi ẩn danh không\?/);
  await press('Không, cứ ghi tên tôi');
  await prompt(/Ông\/Bà có đồng ý công khai phản ánh này không\?/);
  await press('Không công khai');
  await prompt(/để lại số điện thoại/);
  say('Bỏ qua');
  await prompt(/Xin Ông\/Bà xem lại trước khi gửi/);
  await press('✅ Gửi');
  await prompt(/Đã tiếp nhận[\s\S]*Mã phiếu/);
}
