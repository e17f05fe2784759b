/**
 * bench:routing — reports committed at a steady rate across many communes, routed by gopy's
 * routing worker and delivered by its delivery queue through the real grammY sender to the fake
 * Bot API with Telegram's limits enforced (30 messages/s per bot, 1/s per private chat, 20/min
 * per group). Everything runs in this process on real PostgreSQL and Redis (127.0.0.1).
 *
 * Prints the end-to-end latency (report committed → its alert's sendMessage recorded at the
 * fake), the outbound rate against the 30/s limit, the 429s (must be 0), the lost alerts (must
 * be 0) and the peak RSS of this process (gopy, the fake and the bench together).
 *
 *   npm run bench:routing -- [RATE=20 reports/s] [SECONDS=30] [COMMUNES=100] [OUTBOUND=25]
 *
 * OUTBOUND is gopy's OUTBOUND_PER_SECOND (25 by default in production, at most 30). Each
 * report makes two messages (the leader's alert, the citizen's "sent to" notice) and a third
 * for the demo commune's staff group, so a RATE above about OUTBOUND/2 outruns Telegram's limit
 * and the backlog shows in the latency: that is the point of running it at 20.
 * Needs the test template database (run the integration tests once).
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config.ts';
import { createContainer } from '../src/container.ts';
import { createLogger } from '../src/logger.ts';
import { importUnits } from '../src/persistence/units-import.ts';
import { seedDemo } from '../src/persistence/seed-demo.ts';
import { createFakeBotApi, type RecordedCall } from '../src/simulator/fake-bot-api.ts';
import { TOKEN } from '../test/support/gopy-harness.ts';
import { addOfficial, commitReport, otherCommunes } from '../test/support/routing-fixtures.ts';
import { createTestDatabase } from '../test/support/test-db.ts';

const RATE = Number(process.argv[2] ?? 20);
const SECONDS = Number(process.argv[3] ?? 30);
const COMMUNES = Number(process.argv[4] ?? 100);
const OUTBOUND = Number(process.argv[5] ?? 25);
const TOTAL = Math.round(RATE * SECONDS);
const TELEGRAM_LIMIT = 30;
/** Messages that count against Telegram's limit. */
const SEND_METHODS = new Set(['sendMessage', 'sendPhoto', 'sendMediaGroup', 'sendLocation']);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

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

let peakRss = process.memoryUsage().rss;
const rssTimer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 200);

console.log(
  `bench:routing  ${RATE} reports/s for ${SECONDS} s (${TOTAL} reports), ${COMMUNES + 2} communes, OUTBOUND_PER_SECOND=${OUTBOUND}`,
);
const fake = await createFakeBotApi({ port: 0, host: '127.0.0.1', maxRecordedCalls: 1_000_000 });
const db = await createTestDatabase();
await importUnits(db.prisma);
await seedDemo(db.prisma);

// Leaders: the seeded demo chairs and staff group, and one chair in each extra commune.
const leaderChat = new Map<string, number>([
  ['12694', 9001],
  ['13186', 9011],
]);
fake.addChat(TOKEN, { id: -100900, type: 'group', title: 'Nhóm cán bộ xã' });
for (const [i, unitCode] of (await otherCommunes(db.prisma, COMMUNES)).entries()) {
  const chair = await addOfficial(db.prisma, { unitCode, kind: 'chair', chatId: 20_000 + i });
  leaderChat.set(unitCode, chair.chatId);
}
for (const chatId of leaderChat.values())
  fake.addChat(TOKEN, { id: chatId, type: 'private', first_name: `Lãnh đạo ${chatId}` });
for (let i = 0; i < TOTAL; i++)
  fake.addChat(TOKEN, { id: 100_000 + i, type: 'private', first_name: `Dân ${i}` });
const unitCodes = [...leaderChat.keys()];

const prefix = `bench${randomUUID().slice(0, 8)}`;
const config = loadConfig({
  BOT_TOKEN: TOKEN,
  TELEGRAM_API_ROOT: fake.url,
  DATABASE_URL: db.url,
  QUEUE_PREFIX: prefix,
  LOG_LEVEL: 'error',
  OUTBOUND_PER_SECOND: String(OUTBOUND),
});
const gopy = await createContainer(config, createLogger(config.logLevel));
gopy.routeQueue.startWorker();
gopy.deliveryQueue.startWorker();
fake.enforceLimits(true);

// Submit at a steady rate: each report committed as the citizen flow commits it, then its
// routing job enqueued (what onReportCommitted does), without waiting for the previous one.
const committed = new Map<string, { at: number; chatId: number }>();
const firstSeq = fake.lastCallSeq();
const started = performance.now();
const startedAt = Date.now();
const submissions: Array<Promise<void>> = [];
let lateMs = 0;
for (let i = 0; i < TOTAL; i++) {
  const due = started + (i * 1000) / RATE;
  const wait = due - performance.now();
  if (wait > 0) await sleep(wait);
  else lateMs = Math.max(lateMs, -wait);
  const unitCode = unitCodes[i % unitCodes.length]!;
  submissions.push(
    (async () => {
      const report = await commitReport(gopy.prisma, {
        citizenChatId: 100_000 + i,
        unitCode,
        key: `bench-${i}`,
      });
      committed.set(report.ticketCode, {
        at: report.committedAt,
        chatId: leaderChat.get(unitCode)!,
      });
      await gopy.routeQueue.enqueue(report.id);
    })(),
  );
}
await Promise.all(submissions);
const submitSeconds = (performance.now() - started) / 1000;

// The alert of a report: the sendMessage with its ticket at its leader's chat.
const TICKET = /(?:PA)-\d{4}-\d{6}/;
const alertAt = new Map<string, number>();
function collect(calls: RecordedCall[]) {
  for (const c of calls) {
    if (!c.response.ok || c.method !== 'sendMessage') continue;
    const ticket = TICKET.exec(String(c.params.text))?.[0];
    const report = ticket ? committed.get(ticket) : undefined;
    if (
      ticket &&
      report &&
      String(c.params.chat_id) === String(report.chatId) &&
      !alertAt.has(ticket)
    )
      alertAt.set(ticket, c.time);
  }
}

// Drain: bounded by the time the outbound limit needs for everything, plus a minute.
const expectedMessages = TOTAL * 2 + Math.ceil(TOTAL / unitCodes.length);
const deadline =
  Date.now() + (expectedMessages / Math.min(OUTBOUND, TELEGRAM_LIMIT)) * 1000 + 60_000;
for (;;) {
  const [open, unrouted] = await Promise.all([
    gopy.prisma.delivery.count({ where: { state: { in: ['pending', 'sending'] } } }),
    gopy.prisma.report.count({ where: { status: 'submitted' } }),
  ]);
  if ((open === 0 && unrouted === 0) || Date.now() > deadline) break;
  await sleep(250);
}
const calls = fake.calls(TOKEN).filter((c) => c.seq > firstSeq);
collect(calls);
clearInterval(rssTimer);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

const latencies = [...alertAt.entries()]
  .map(([ticket, at]) => at - committed.get(ticket)!.at)
  .sort((a, b) => a - b);
const sends = calls.filter((c) => SEND_METHODS.has(c.method) && c.response.ok);
const sendTimes = sends.map((c) => c.time);
const sendSpan = (Math.max(...sendTimes) - Math.min(...sendTimes)) / 1000;
const tooMany = calls.filter((c) => !c.response.ok && c.response.error_code === 429).length;
const lost = TOTAL - alertAt.size;
const routed = await gopy.prisma.report.findMany({
  where: { routedAt: { not: null } },
  select: { createdAt: true, routedAt: true },
});
const routeMs = routed
  .map((r) => r.routedAt!.getTime() - r.createdAt.getTime())
  .sort((a, b) => a - b);
const unsent = await gopy.prisma.delivery.count({ where: { state: { not: 'sent' } } });

const f = (ms: number) => (ms / 1000).toFixed(2);
console.log(
  `submitted       ${TOTAL} reports in ${submitSeconds.toFixed(1)} s (${(TOTAL / submitSeconds).toFixed(1)}/s, worst lag behind schedule ${lateMs.toFixed(0)} ms)`,
);
console.log(
  `routing         committed → routed: p50 ${f(pct(routeMs, 50))} s  p95 ${f(pct(routeMs, 95))} s  p99 ${f(pct(routeMs, 99))} s  (${routed.length} routed)`,
);
console.log(
  `end to end      committed → alert at the leader: p50 ${f(pct(latencies, 50))} s  p95 ${f(pct(latencies, 95))} s  p99 ${f(pct(latencies, 99))} s  max ${f(latencies.at(-1) ?? NaN)} s`,
);
console.log(
  `outbound        ${sends.length} messages in ${sendSpan.toFixed(1)} s = ${(sends.length / sendSpan).toFixed(1)}/s sustained, peak ${maxInWindow(sendTimes)} in any 1 s window (limit ${TELEGRAM_LIMIT}/s; demand ${((expectedMessages / TOTAL) * RATE).toFixed(1)}/s)`,
);
console.log(
  `429s            ${tooMany} (must be 0); limit violations recorded by the fake: ${fake.violations().filter((v) => v.kind === 'rateLimit').length}`,
);
console.log(`lost alerts     ${lost} (must be 0); deliveries not sent: ${unsent}`);
console.log(
  `peak RSS        ${(peakRss / 1e6).toFixed(0)} MB (this process: gopy, fake Bot API, bench)`,
);
console.log(`wall time       ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);

await gopy.close();
const redis = new Redis(config.redisUrl);
const keys = await redis.keys(`${prefix}:*`);
if (keys.length) await redis.del(...keys);
redis.disconnect();
await fake.close();
await db.drop();
process.exit(lost === 0 && tooMany === 0 ? 0 : 1);
