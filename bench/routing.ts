/**
 * bench:routing — reports committed at a steady rate across many communes, routed by gopy's
 * routing worker and delivered by its delivery queue through the real grammY sender to the fake
 * Bot API with Telegram's limits enforced (30 messages/s per bot, about 1/s per private chat,
 * 20/min per group). Everything runs in this process on real PostgreSQL and Redis (127.0.0.1),
 * in a database of its own that the bench migrates, then drops: it needs nothing but `npm ci`
 * and the two servers.
 *
 * Two phases, each on fresh chats:
 *   under — reports at a rate whose messages stay under the limit (about 75 % of it): how long
 *           from the report's commit to its alert at the leader (goal: p99 < 1 s);
 *   over  — reports at a rate whose messages (alerts, then the citizens' notices) ask for 150 %
 *           of the limit: the sustained outbound rate (goal ≥ 95 % of the limit), the peak in
 *           any second, 429s (must be 0), lost alerts (must be 0), alert latency (goal: p99 < 3 s
 *           while the notices wait).
 *   chair — 40 reports filed within 15 s in ONE commune: how long until its chair has all 40
 *           (one chat takes about one message a second; before alert digests, about 73 s), in
 *           how many messages.
 * The reports mix what citizens send: half without a photo, 30 % with one, 20 % with two; half
 * with a map pin. Messages per routed report counts the Bot API sends to officials' chats
 * (an album is one send), the goal is ≤ 1.5.
 *
 *   npm run bench:routing -- [--seconds 20] [--communes 100] [--outbound 30] [--phase all]
 *     (--phase under | over | chair | both: under and over | all: the three)
 *   npm run bench:routing -- --bots 3 [--seconds 20] [--outbound 30]
 *
 * With --bots N (N > 1) it measures the outbound side alone for N bot tokens at once: BOT_TOKEN's
 * and N - 1 in the `bots` table, built by gopy's container as in production, each with its own
 * delivery queue, gate and pacing (what one bot per province needs): alerts to 150 chats per
 * bot asked for at 150 % of each bot's limit; the goal is ≥ 85 messages/s for three tokens
 * together. Which bot a report's alert takes is proven by test/e2e/several-bots.test.ts; this
 * mode enqueues the alerts with their bot itself, so messagesPerReport is null in its JSON line.
 *
 * Prints the figures, a one-line verdict, then one JSON line (the over phase's figures).
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { DEMO_TELEGRAM_IDS } from '../src/core/demo-accounts.ts';
import { createBotsRepository } from '../src/persistence/bots-repository.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { createContainer, type Container } from '../src/container.ts';
import { createLogger } from '../src/logger.ts';
import { dropDatabase, withDatabase } from '../src/persistence/migrate/pg-admin.ts';
import { runMigrations } from '../src/persistence/migrate/run-migrations.ts';
import { createPrismaClient } from '../src/persistence/prisma.ts';
import { importUnits } from '../src/persistence/units-import.ts';
import { seedDemo } from '../src/persistence/seed-demo.ts';
import { createFakeBotApi, type RecordedCall } from '../src/simulator/fake-bot-api.ts';
import { TINY_PNG, TOKEN } from '../test/support/gopy-harness.ts';
import { addOfficial, commitReport, otherCommunes } from '../test/support/routing-fixtures.ts';
import { statementCounts, within } from './statement-count.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    communes: { type: 'string', default: '100' },
    outbound: { type: 'string', default: '30' },
    phase: { type: 'string', default: 'all' },
    bots: { type: 'string', default: '1' },
  },
});
const SECONDS = Number(args.seconds);
const COMMUNES = Number(args.communes);
const OUTBOUND = Number(args.outbound);
const PHASES =
  args.phase === 'all'
    ? ['under', 'over', 'chair']
    : args.phase === 'both'
      ? ['under', 'over']
      : [String(args.phase)];
/** The chair scenario of issue 16: this many reports within this many seconds to one chair. */
const CHAIR_REPORTS = 40;
const CHAIR_SECONDS = 15;
const BOTS = Number(args.bots);
const TELEGRAM_LIMIT = 30;
const INTAKE_CONNECTIONS = 8;
const SERVER_URL = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** Bot API methods that put messages in a chat (what Telegram's limits count). */
const SEND_METHODS = new Set(['sendMessage', 'sendPhoto', 'sendMediaGroup', 'sendLocation']);
/** Goals of issue 16. */
/**
 * chairAllMs: 40 reports filed within 15 s all at their chair within half the 73 s they took
 * before alert digests. (Alerts that are a photo's caption, and albums, still come one by one at
 * about a second each — an album of two takes two — so with this bench's mix the chat itself
 * needs about 33 s: 12 photos, 8 albums of two, and the digests of the rest.)
 */
const GOAL = {
  ratio: 0.95,
  messagesPerReport: 1.5,
  underP99Ms: 1000,
  overP99Ms: 3000,
  chairAllMs: 36_500,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const s2 = (ms: number) => (ms / 1000).toFixed(2);

/** The most timestamps within any window [t, t + windowMs). */
function maxInWindow(times: number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let to = 0, from = 0; to < sorted.length; to++) {
    while (sorted[to]! - sorted[from]! >= windowMs) from++;
    best = Math.max(best, to - from + 1);
  }
  return best;
}

/** Messages a call puts in the chat: an album counts its items, as Telegram's limit does. */
function messagesOf(call: RecordedCall): number {
  return call.method === 'sendMediaGroup' && Array.isArray(call.params.media)
    ? call.params.media.length
    : 1;
}

let peakRss = process.memoryUsage().rss;
const rssTimer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 200);

const dbName = `gopy_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const dbUrl = withDatabase(SERVER_URL, dbName);
const prefix = `bench-${dbName}`;
const fake = await createFakeBotApi({ port: 0, host: '127.0.0.1', maxRecordedCalls: 1_000_000 });
let gopy: Container | undefined;
let exitCode = 1;
/** Thrown to leave the main block early, through its cleanup. */
class Done extends Error {}
// A stray rejection must not skip the cleanup below.
process.on('unhandledRejection', (error) => console.error('unhandled rejection:', error));

interface PhaseResult {
  name: string;
  reports: number;
  demandPerSecond: number;
  sustainedPerSecond: number;
  peak: number;
  messagesPerReport: number;
  alertMs: number[];
  /** Reports whose alert never reached the leader and never will (no row left to send). */
  lost: number;
  /** Deliveries still pending when the drain's deadline passed, and the alerts among them. */
  late: number;
  lateAlerts: number;
  rateLimited: number;
  /** Successful Bot API sends (an album is one), and per send: the delivery worker's SQL
   * statements and the whole process's CPU (gopy, the fake and the bench's commits). */
  sends: number;
  statementsPerSend: number;
  cpuMsPerSend: number;
  /** The routing worker's SQL statements per report. */
  routeStatementsPerReport: number;
  /** Deliveries failed or unreachable. */
  unsent: number;
  /** Reports the bench could not commit (the database refused: a loaded machine). */
  failed: number;
  /** From the first report's commit until every report's alert had reached its leader. */
  allAtMs: number;
  /** Messages sent to officials' chats. */
  toOfficials: number;
}

try {
  console.log(
    `bench:routing  ${COMMUNES + 2} communes, OUTBOUND_PER_SECOND=${OUTBOUND}, ${SECONDS} s per phase, database ${dbName}`,
  );
  const { applied } = await runMigrations(dbUrl);
  const setup = createPrismaClient(dbUrl, { maxConnections: INTAKE_CONNECTIONS });
  await importUnits(setup.prisma);
  await seedDemo(setup.prisma);

  // Leaders: the seeded demo chairs and staff group, and one chair in each extra commune.
  const leaderChat = new Map<string, number>([
    ['12694', DEMO_TELEGRAM_IDS.chair],
    ['13186', DEMO_TELEGRAM_IDS.otherChair],
  ]);
  const groupChat = -100900;
  fake.addChat(TOKEN, { id: groupChat, type: 'group', title: 'Nhóm cán bộ xã' });
  for (const [i, unitCode] of (await otherCommunes(setup.prisma, COMMUNES)).entries()) {
    const chair = await addOfficial(setup.prisma, { unitCode, kind: 'chair', chatId: 20_000 + i });
    leaderChat.set(unitCode, chair.chatId);
  }
  // `setup` stays open as the citizens' side (the bot process commits reports on its own pool).
  const intake = setup.prisma;
  for (const chatId of [...leaderChat.values(), DEMO_TELEGRAM_IDS.staff])
    fake.addChat(TOKEN, { id: chatId, type: 'private', first_name: `Cán bộ ${chatId}` });
  const officialChats = new Set(
    [...leaderChat.values(), DEMO_TELEGRAM_IDS.staff, groupChat].map(String),
  );
  const unitCodes = [...leaderChat.keys()];
  console.log(`setup           ${applied.length} migrations applied, ${unitCodes.length} leaders`);

  // Photos the citizens sent: file ids the fake knows for this bot.
  const photoPool: string[] = [];
  for (let i = 0; i < 4; i++) fake.injectMessage(TOKEN, { chatId: 99_000 + i, photo: TINY_PNG });
  for (const update of fake.pendingUpdates(TOKEN)) {
    const sizes = (update as { message?: { photo?: Array<{ file_id: string }> } }).message?.photo;
    if (sizes?.length) photoPool.push(sizes[sizes.length - 1]!.file_id);
  }

  const config = loadConfig({
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: fake.url,
    DATABASE_URL: dbUrl,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'error',
    OUTBOUND_PER_SECOND: String(OUTBOUND),
  });
  if (BOTS > 1) {
    exitCode = await benchBots(dbUrl, config);
    await setup.close();
    throw new Done();
  }
  gopy = await createContainer(config, createLogger(config.logLevel));
  const container = gopy;
  within('route', () => container.routeQueue.startWorker());
  within('deliver', () => container.deliveryQueue.startWorker());
  fake.enforceLimits(true);
  const running = gopy;

  let citizenBase = 100_000;
  /** One phase: `rate` reports/s for SECONDS (or `total` reports), then drained. */
  async function phase(
    name: string,
    rate: number,
    options: { total?: number; units?: string[] } = {},
  ): Promise<PhaseResult> {
    const total = options.total ?? Math.round(rate * SECONDS);
    const units = options.units ?? unitCodes;
    const firstCitizen = citizenBase;
    citizenBase += total;
    for (let i = 0; i < total; i++)
      fake.addChat(TOKEN, { id: firstCitizen + i, type: 'private', first_name: `Dân ${i}` });
    const committed = new Map<string, { at: number; chatId: number }>();
    const firstSeq = fake.lastCallSeq();
    const statementsBefore = statementCounts();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    // Each settles to the error it met, if any: a failed commit is counted, not thrown.
    const submissions: Array<Promise<unknown>> = [];
    // Commits wait for a connection of the citizens' pool here rather than in Prisma, whose
    // transactions give up after 2 s (a loaded machine); the latency counts from the commit.
    let free = INTAKE_CONNECTIONS;
    const waiting: Array<() => void> = [];
    const withConnection = async <T>(work: () => Promise<T>): Promise<T> => {
      if (free === 0) await new Promise<void>((resolve) => waiting.push(resolve));
      else free--;
      try {
        return await work();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else free++;
      }
    };
    for (let i = 0; i < total; i++) {
      const wait = started + (i * 1000) / rate - performance.now();
      if (wait > 0) await sleep(wait);
      const unitCode = units[i % units.length]!;
      const photos = i % 10 < 5 ? 0 : i % 10 < 8 ? 1 : 2;
      submissions.push(
        (async () => {
          const report = await withConnection(() =>
            commitReport(intake, {
              citizenChatId: firstCitizen + i,
              unitCode,
              key: `bench-${name}-${i}`,
              photoFileIds: Array.from(
                { length: photos },
                (_, k) => photoPool[(i + k) % photoPool.length]!,
              ),
              ...(i % 2 === 0
                ? { location: { latitude: 20.45 + i / 1e5, longitude: 106.34 } }
                : {}),
            }),
          );
          committed.set(report.ticketCode, {
            at: report.committedAt,
            chatId: leaderChat.get(unitCode)!,
          });
          await running.routeQueue.enqueue(report.id);
        })().then(
          () => undefined,
          (error: unknown) => error ?? new Error('commit failed'),
        ),
      );
    }
    const failed = (await Promise.all(submissions)).filter((e) => e !== undefined);
    if (failed.length) console.error(`${failed.length} reports could not be committed:`, failed[0]);

    // Drain, bounded by what the limit needs for the whole phase plus a minute.
    const deadline = Date.now() + (total * 3 * 1000) / OUTBOUND + 60_000;
    for (;;) {
      const [open, unrouted] = await Promise.all([
        running.prisma.delivery.count({ where: { state: { in: ['pending', 'sending'] } } }),
        running.prisma.report.count({ where: { status: 'submitted' } }),
      ]);
      if ((open === 0 && unrouted === 0) || Date.now() > deadline) break;
      await sleep(250);
    }

    const cpu = process.cpuUsage(cpuBefore);
    const statements = statementCounts();
    const statementsOf = (tag: string) =>
      (statements.get(tag) ?? 0) - (statementsBefore.get(tag) ?? 0);
    const calls = fake.calls(TOKEN).filter((c) => c.seq > firstSeq);
    // A report's alert: the first message at its leader's chat naming its ticket with buttons.
    const alertAt = new Map<string, number>();
    for (const c of calls) {
      if (!c.response.ok || !c.params.reply_markup) continue;
      const text = [c.params.text, c.params.caption].filter((t) => typeof t === 'string').join(' ');
      for (const [ticket] of text.matchAll(/PA-\d{4}-\d{6}/g)) {
        const report = committed.get(ticket);
        if (report && String(c.params.chat_id) === String(report.chatId) && !alertAt.has(ticket))
          alertAt.set(ticket, c.time);
      }
    }
    const sends = calls.filter((c) => SEND_METHODS.has(c.method) && c.response.ok);
    const times = sends.flatMap((c) => Array<number>(messagesOf(c)).fill(c.time));
    const span = (Math.max(...times) - Math.min(...times)) / 1000;
    const toOfficials = sends.filter((c) => officialChats.has(String(c.params.chat_id))).length;
    // Not sent by the drain's deadline (late), or never to be sent (failed, unreachable: lost).
    const late = await running.prisma.delivery.count({
      where: { state: { in: ['pending', 'sending'] } },
    });
    const unsent = await running.prisma.delivery.count({
      where: { state: { in: ['failed', 'unreachable'] } },
    });
    const lateReports = new Set(
      (
        await running.prisma.delivery.findMany({
          where: { state: { in: ['pending', 'sending'] } },
          select: { reportId: true },
        })
      ).map((d) => d.reportId),
    );
    const reportIds = new Map(
      (
        await running.prisma.report.findMany({
          where: { ticketCode: { in: [...committed.keys()] } },
          select: { id: true, ticketCode: true },
        })
      ).map((r) => [r.ticketCode, r.id]),
    );
    const missing = [...committed.keys()].filter((t) => !alertAt.has(t));
    const lateAlerts = missing.filter((t) => lateReports.has(reportIds.get(t) ?? -1)).length;
    const firstCommit = Math.min(...[...committed.values()].map((c) => c.at));
    return {
      name,
      allAtMs: Math.max(...alertAt.values()) - firstCommit,
      toOfficials,
      reports: total,
      demandPerSecond: (times.length / total) * rate,
      sustainedPerSecond: times.length / span,
      peak: maxInWindow(times),
      messagesPerReport: toOfficials / Math.max(1, total - failed.length),
      alertMs: [...alertAt.entries()]
        .map(([ticket, at]) => at - committed.get(ticket)!.at)
        .sort((a, b) => a - b),
      lost: total - failed.length - alertAt.size - lateAlerts,
      late,
      lateAlerts,
      failed: failed.length,
      rateLimited: calls.filter((c) => !c.response.ok && c.response.error_code === 429).length,
      sends: sends.length,
      statementsPerSend: statementsOf('deliver') / Math.max(1, sends.length),
      cpuMsPerSend: (cpu.user + cpu.system) / 1000 / Math.max(1, sends.length),
      routeStatementsPerReport: statementsOf('route') / Math.max(1, total - failed.length),
      unsent,
    };
  }

  function print(r: PhaseResult) {
    const ms = r.alertMs;
    console.log(
      `— phase ${r.name}: ${r.reports} reports, demand ${r.demandPerSecond.toFixed(1)} messages/s`,
    );
    console.log(
      `  alert         committed → alert at the leader: p50 ${s2(pct(ms, 50))} s  p95 ${s2(pct(ms, 95))} s  p99 ${s2(pct(ms, 99))} s  max ${s2(ms.at(-1) ?? NaN)} s`,
    );
    console.log(
      `  outbound      ${r.sustainedPerSecond.toFixed(1)} messages/s sustained (${((r.sustainedPerSecond / TELEGRAM_LIMIT) * 100).toFixed(1)} % of ${TELEGRAM_LIMIT}/s), peak ${r.peak} in any 1 s`,
    );
    console.log(
      `  per report    ${r.messagesPerReport.toFixed(2)} messages to officials' chats per routed report`,
    );
    console.log(
      `  send path     ${r.statementsPerSend.toFixed(1)} SQL statements per send (delivery worker, ${r.sends} sends), ${r.cpuMsPerSend.toFixed(1)} ms CPU per send (whole process); routing ${r.routeStatementsPerReport.toFixed(1)} statements per report`,
    );
    console.log(
      `  faults        429s ${r.rateLimited}, lost alerts ${r.lost}, deliveries failed ${r.unsent}, late at the deadline ${r.late} (alerts ${r.lateAlerts}), reports not committed ${r.failed}`,
    );
  }

  // Messages per report: about 1 alert (1.2 with the group's) and 1 notice.
  const results: PhaseResult[] = [];
  let chair: PhaseResult | undefined;
  for (const name of PHASES) {
    if (name === 'chair') {
      // A commune whose only official is its chair (no staff group): one chat gets them all.
      chair = await phase(name, CHAIR_REPORTS / CHAIR_SECONDS, {
        total: CHAIR_REPORTS,
        units: [unitCodes[2]!],
      });
      console.log(
        `— phase chair: ${CHAIR_REPORTS} reports within ${CHAIR_SECONDS} s to one chair\n` +
          `  all at chair  ${s2(chair.allAtMs)} s after the first report (before alert digests: about 73 s), in ${chair.toOfficials} messages\n` +
          `  alert         p50 ${s2(pct(chair.alertMs, 50))} s  p99 ${s2(pct(chair.alertMs, 99))} s; lost ${chair.lost}, 429s ${chair.rateLimited}`,
      );
      continue;
    }
    const rate = name === 'under' ? (OUTBOUND * 0.75) / 2.2 : (OUTBOUND * 1.5) / 2.2;
    const result = await phase(name, rate);
    print(result);
    results.push(result);
  }

  const under = results.find((r) => r.name === 'under');
  const over = results.find((r) => r.name === 'over') ?? results[0] ?? chair!;
  if (chair) results.push(chair);
  const misses: string[] = [];
  if (results.some((r) => r.rateLimited > 0)) misses.push('429s reached gopy');
  if (results.some((r) => r.lost > 0 || r.unsent > 0)) misses.push('alerts lost');
  if (results.some((r) => r.late > 0)) misses.push('deliveries still pending at the deadline');
  if (results.some((r) => r.failed > 0)) misses.push('reports not committed');
  // The peak sliding second at the fake is printed, not judged: Telegram (and the fake, a token
  // bucket of 30 refilled at 30/s) counts a rate with a burst, and the arrival times carry the
  // round trip's jitter, which no sender controls; a second too many is a 429, counted above.
  if (chair && chair.allAtMs > GOAL.chairAllMs)
    misses.push(`the chair had all ${CHAIR_REPORTS} reports after > ${GOAL.chairAllMs / 1000} s`);
  if (
    results.find((r) => r.name === 'over') &&
    over.sustainedPerSecond < GOAL.ratio * TELEGRAM_LIMIT
  )
    misses.push(`sustained < ${GOAL.ratio * TELEGRAM_LIMIT}/s`);
  if (over.messagesPerReport > GOAL.messagesPerReport)
    misses.push(`> ${GOAL.messagesPerReport} messages per report`);
  if (under && pct(under.alertMs, 99) >= GOAL.underP99Ms)
    misses.push('alert p99 ≥ 1 s under the limit');
  if (results.find((r) => r.name === 'over') && pct(over.alertMs, 99) >= GOAL.overP99Ms)
    misses.push('alert p99 ≥ 3 s at 150 % demand');
  console.log(`peak RSS        ${(peakRss / 1e6).toFixed(0)} MB (gopy, the fake and the bench)`);
  console.log(
    `machine         load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on 2 cores (shared: other work slows every figure)`,
  );
  console.log(
    misses.length === 0
      ? 'verdict         PASS: every goal of issue 16 for routing is met'
      : `verdict         MISS: ${misses.join('; ')}`,
  );
  console.log(
    JSON.stringify({
      bench: 'routing',
      sustainedPerSecond: Number(over.sustainedPerSecond.toFixed(1)),
      limitPerSecond: TELEGRAM_LIMIT,
      ratioToLimit: Number((over.sustainedPerSecond / TELEGRAM_LIMIT).toFixed(3)),
      peakSecond: over.peak,
      messagesPerReport: Number(over.messagesPerReport.toFixed(2)),
      alertP50Ms: Math.round(pct(over.alertMs, 50)),
      alertP99Ms: Math.round(pct(over.alertMs, 99)),
      lost: results.reduce((n, r) => n + r.lost, 0),
      rateLimited: results.reduce((n, r) => n + r.rateLimited, 0),
      statementsPerSend: Number(over.statementsPerSend.toFixed(1)),
      cpuMsPerSend: Number(over.cpuMsPerSend.toFixed(1)),
      ...(chair
        ? {
            chairReports: CHAIR_REPORTS,
            chairAllMs: Math.round(chair.allAtMs),
            chairMessages: chair.toOfficials,
          }
        : {}),
    }),
  );
  exitCode = misses.length === 0 ? 0 : 1;
  await setup.close();
} catch (error) {
  if (!(error instanceof Done)) throw error;
} finally {
  clearInterval(rssTimer);
  await gopy?.close();
  const redis = new Redis(REDIS_URL);
  for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 1000 }) as AsyncIterable<
    string[]
  >)
    if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await fake.close();
  await dropDatabase(dbUrl).catch((error: unknown) =>
    console.error(`could not drop ${dbName}:`, error),
  );
}
process.exit(exitCode);

/**
 * --bots N: BOT_TOKEN's bot and N - 1 bots added to the `bots` table as `gopy bots add` does,
 * built by gopy's container as in production (a delivery queue, gate and pacing per bot), each
 * asked for alerts at 150 % of its limit.
 */
async function benchBots(url: string, config: Config): Promise<number> {
  const tokens = [
    TOKEN,
    ...Array.from({ length: BOTS - 1 }, (_, k) => `${700_002 + k}:bench-bot-token-${k}`),
  ];
  const handle = createPrismaClient(url, { maxConnections: 4 });
  const botsRepo = createBotsRepository(handle.prisma);
  const chatsPerBot = 150;
  const queues = [];
  for (const [k, token] of tokens.entries()) {
    const bot = k === 0 ? '' : token.slice(0, token.indexOf(':'));
    if (bot)
      await botsRepo.save({
        id: bot,
        token,
        units: [],
        webhookSecret: `bench-secret-${bot}-0123456789`,
      });
    for (let c = 0; c < chatsPerBot; c++)
      fake.addChat(token, { id: 30_000 + c, type: 'private', first_name: `Lãnh đạo ${c}` });
    queues.push({ token, bot: bot || 'default', key: bot });
  }
  gopy = await createContainer(config, createLogger(config.logLevel));
  if (gopy.extraBots.length !== BOTS - 1) throw new Error('the container did not build every bot');
  const running = gopy;
  fake.enforceLimits(true);
  running.deliveryQueue.startWorker();
  const rate = OUTBOUND * 1.5;
  const total = Math.round(rate * SECONDS);
  console.log(
    `bots            ${BOTS} tokens, ${chatsPerBot} chats each, ${rate} alerts/s asked of each for ${SECONDS} s (${total} each)`,
  );
  const firstSeq = fake.lastCallSeq();
  const queuedAt = new Map<string, number>();
  const started = performance.now();
  const pending: Array<Promise<unknown>> = [];
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    for (const q of queues) {
      const chatId = String(30_000 + (i % chatsPerBot));
      const key = `${q.bot}-${i}`;
      queuedAt.set(key, Date.now());
      pending.push(
        running.deliveryQueue.enqueue({
          dedupeKey: `bench-bots-${key}`,
          bot: q.key,
          chatId,
          message: {
            type: 'text',
            chatId,
            text: `🔔 Phản ánh mới · ${key}`,
            buttons: [[{ type: 'callback', label: '✅ Tiếp nhận', data: `o.${i + 1}.ack` }]],
          },
        }),
      );
    }
  }
  await Promise.all(pending);
  // Drained when nothing is left, or when nothing moved for 30 s (a stuck pipeline): on a
  // loaded machine the queues go slower than the limit, and that is the figure, not a loss.
  for (let left = -1, movedAt = Date.now(); ;) {
    const open = await handle.prisma.delivery.count({
      where: { state: { in: ['pending', 'sending'] } },
    });
    if (open === 0) break;
    if (open !== left) [left, movedAt] = [open, Date.now()];
    else if (Date.now() - movedAt > 30_000) break;
    await sleep(500);
  }

  let all: number[] = [];
  let rateLimited = 0;
  let lost = 0;
  const latencies: number[] = [];
  for (const q of queues) {
    const calls = fake.calls(q.token).filter((c) => c.seq > firstSeq);
    const sent = calls.filter((c) => c.method === 'sendMessage' && c.response.ok);
    const times = sent.map((c) => c.time);
    rateLimited += calls.filter((c) => !c.response.ok && c.response.error_code === 429).length;
    lost += total - new Set(sent.map((c) => String(c.params.text))).size;
    for (const c of sent) {
      const key = /· (\S+)$/.exec(String(c.params.text))?.[1];
      const at = key ? queuedAt.get(key) : undefined;
      if (at !== undefined) latencies.push(c.time - at);
    }
    const span = (Math.max(...times) - Math.min(...times)) / 1000;
    console.log(
      `  bot ${q.bot}   ${(times.length / span).toFixed(1)} messages/s sustained, peak ${maxInWindow(times)} in any 1 s`,
    );
    all = all.concat(times);
  }
  latencies.sort((a, b) => a - b);
  const span = (Math.max(...all) - Math.min(...all)) / 1000;
  const together = all.length / span;
  const goal = 85 * (BOTS / 3);
  console.log(
    `together        ${together.toFixed(1)} messages/s (${((together / (30 * BOTS)) * 100).toFixed(1)} % of ${30 * BOTS}/s); queued → sent p50 ${s2(pct(latencies, 50))} s p99 ${s2(pct(latencies, 99))} s`,
  );
  console.log(`faults          429s ${rateLimited}, lost ${lost}`);
  console.log(
    `machine         load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on 2 cores (shared: other work slows every figure)`,
  );
  const misses: string[] = [];
  if (together < goal)
    misses.push(`${together.toFixed(1)} < ${goal.toFixed(1)} messages/s together`);
  if (rateLimited > 0) misses.push('429s reached gopy');
  if (lost > 0) misses.push('messages lost');
  console.log(
    misses.length === 0
      ? `verdict         PASS: ${BOTS} tokens sustain ≥ ${goal.toFixed(0)} messages/s together, no 429, nothing lost`
      : `verdict         MISS: ${misses.join('; ')}`,
  );
  console.log(
    JSON.stringify({
      bench: 'routing',
      sustainedPerSecond: Number(together.toFixed(1)),
      limitPerSecond: 30 * BOTS,
      messagesPerReport: null,
      alertP50Ms: Math.round(pct(latencies, 50)),
      alertP99Ms: Math.round(pct(latencies, 99)),
      lost,
      rateLimited,
    }),
  );
  await handle.close();
  return misses.length === 0 ? 0 : 1;
}
