/**
 * bench:intake — measurements of a running gopy (webhook mode, real PostgreSQL and Redis, the
 * fake Bot API behind it), in one run. It creates its own database on 127.0.0.1 (migrated from
 * prisma/migrations, the communes imported), its own Redis prefix, and removes both at the end,
 * so it runs on a fresh clone after `npm ci` alone.
 *
 * 1. N webhook updates of /start over HTTP, then the same to a bare grammY webhook bot with a
 *    trivial handler. Prints updates/s, p50/p95/p99 latency and the ratio.
 * 2. CITIZENS whole report conversations (menu, kind, commune by its old name, category,
 *    description, a photo, a location, anonymous?, phone, review, submit: 14 updates each),
 *    CONVERSATIONS at a time. Each citizen reads the bot's last message to find the button to
 *    press, as a person would. Prints conversations/s, updates/s and per-update p50/p95/p99,
 *    and checks every report was committed.
 * 3. The same conversation (same labels, same 14 updates, same citizens' script) against a peer
 *    written the usual way: grammY + @grammyjs/conversations with @grammyjs/storage-redis
 *    (bench/peer-bot.ts). gopy keeps its sessions in PostgreSQL; the goal is gopy ≥ 1.0× the
 *    peer's updates/s. Prints both, a verdict, and one JSON line of the figures.
 *
 * gopy and the peer take turns (ROUNDS each, CITIZENS split between them), so a change in
 * the machine's load falls on both.
 *
 *   npm run bench:intake -- [N=400] [CONCURRENCY=8] [CITIZENS=50] [CONVERSATIONS=10] [ROUNDS=3]
 *
 * BENCH_DATABASE_SERVER overrides the server (default postgresql://postgres@127.0.0.1:5432/).
 * BENCH_CPU_PROFILE=FILE writes a CPU profile of gopy's last conversation round alone (the
 * inspector, started and stopped around it), and the peer's last round into FILE.peer;
 * BENCH_QUERIES=1 lists gopy's statements with the time from call to result of each
 * (BENCH_QUERIES_WIDTH=N shows N characters of each). Each line also prints the CPU the local
 * PostgreSQL and Redis server processes spent per update meanwhile (Linux /proc);
 * `npx tsx bench/profile-summary.ts FILE` summarises a profile. BENCH_CALLS=1 prints each
 * round's Bot API calls by method, BENCH_CALLS=2 the text of each message too.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import { Bot, webhookCallback } from 'grammy';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createDatabase, dropDatabase, withDatabase } from '../src/persistence/migrate/pg-admin.ts';
import { runMigrations } from '../src/persistence/migrate/run-migrations.ts';
import { createPrismaClient } from '../src/persistence/prisma.ts';
import { seedDemo } from '../src/persistence/seed-demo.ts';
import { importUnits } from '../src/persistence/units-import.ts';
import type { TgMessage } from '../src/simulator/fake-bot-api.ts';
import { makePng } from '../test/support/fake-bot-api-client.ts';
import { startHarness, TOKEN } from '../test/support/gopy-harness.ts';
import { startPeerBot } from './peer-bot.ts';

const N = Number(process.argv[2] ?? 400);
const CONCURRENCY = Number(process.argv[3] ?? 8);
const CITIZENS = Number(process.argv[4] ?? 50);
const CONVERSATIONS = Number(process.argv[5] ?? 10);
const ROUNDS = Math.min(CITIZENS, Number(process.argv[6] ?? 3));
const SECRET = 'test-secret-0123456789';
const PEER_TOKEN = '654321:PEER-token-for-the-intake-bench';
const SERVER =
  process.env['BENCH_DATABASE_SERVER'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
/** gopy's updates/s over the peer's, at least. */
const GOAL_RATIO = 1.0;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function blast(url: string, makeUpdate: (i: number) => object) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) {
        const i = next++;
        const t = performance.now();
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-telegram-bot-api-secret-token': SECRET,
          },
          body: JSON.stringify(makeUpdate(i)),
        });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`update ${i}: HTTP ${res.status}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: N / seconds,
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    p99: pct(latencies, 99),
  };
}

const startUpdate = (base: number) => (i: number) => ({
  update_id: base + i,
  message: {
    message_id: 1,
    date: Math.floor(Date.now() / 1000),
    chat: { id: 100000 + i, type: 'private', first_name: 'B' },
    from: { id: 100000 + i, is_bot: false, first_name: 'B' },
    text: '/start',
    entities: [{ type: 'bot_command', offset: 0, length: 6 }],
  },
});

// The bench's own database, removed at the end whatever happens.
const url = withDatabase(SERVER, `gopy_bench_intake_${randomBytes(4).toString('hex')}`);
await createDatabase(url);
// gopy's pool as deployed (DATABASE_POOL_SIZE unset: by the CPU count, prisma.ts).
const database = createPrismaClient(url);
const peerPrefix = `bpeer${randomBytes(3).toString('hex')}`;
const cleanup = async () => {
  await database.close();
  await dropDatabase(url);
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${peerPrefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
};
process.once('uncaughtException', (err) => {
  console.error(err);
  void cleanup().finally(() => process.exit(1));
});
process.once('unhandledRejection', (err) => {
  console.error(err);
  void cleanup().finally(() => process.exit(1));
});
await runMigrations(url);
await importUnits(database.prisma);
await seedDemo(database.prisma);
const h = await startHarness({
  mode: 'webhook',
  workers: false,
  db: { url, prisma: database.prisma, drop: async () => undefined },
});
for (let i = 0; i < N; i++)
  h.fake.addChat(TOKEN, { id: 100000 + i, type: 'private', first_name: 'B' });
const hookUrl = h.fake.calls(TOKEN, 'setWebhook')[0]!.params.url as string;
const rss0 = process.memoryUsage().rss;
const gopy = await blast(hookUrl, startUpdate(1_000_000));
const rss1 = process.memoryUsage().rss;

// The bare grammY bot: same fake, same update, a handler that sends one menu message.
const bot = new Bot(TOKEN, {
  client: { apiRoot: h.fake.url },
  botInfo: h.fake.botInfo(TOKEN) as never,
});
bot.command('start', (ctx) =>
  ctx.reply('Menu', {
    reply_markup: { inline_keyboard: [[{ text: 'Đánh giá', callback_data: 'x' }]] },
  }),
);
const server = createServer(webhookCallback(bot, 'http', { secretToken: SECRET }));
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
const bare = await blast(
  `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
  startUpdate(2_000_000),
);
server.close();

const f = (n: number) => n.toFixed(1);
console.log(`bench:intake  N=${N} concurrency=${CONCURRENCY}`);
console.log(
  `gopy (session in PostgreSQL, welcome + menu):  ${f(gopy.perSecond)} updates/s  p50 ${f(gopy.p50)} ms  p95 ${f(gopy.p95)} ms  p99 ${f(gopy.p99)} ms  rss +${f((rss1 - rss0) / 1e6)} MB`,
);
console.log(
  `bare grammY webhook (one reply):              ${f(bare.perSecond)} updates/s  p50 ${f(bare.p50)} ms  p95 ${f(bare.p95)} ms  p99 ${f(bare.p99)} ms`,
);
console.log(`ratio gopy / bare: ${(gopy.perSecond / bare.perSecond).toFixed(2)}`);

// ------------------------------------------------------------------ 2. report conversations

// From here the bench posts each update itself (several chats at once, as Telegram does with
// max_connections); the fake only builds the updates, with callback ids it knows.
await fetch(`${h.fake.url}/bot${TOKEN}/deleteWebhook`, { method: 'POST' });

let updateLatencies: number[] = [];
async function postTo(bot: { token: string; url: string }, updateId: number) {
  const update = h.fake.takeUpdate(bot.token, updateId);
  if (!update) throw new Error(`update ${updateId} not queued`);
  const t = performance.now();
  const res = await fetch(bot.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(update),
  });
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`update ${updateId}: HTTP ${res.status}`);
  updateLatencies.push(performance.now() - t);
  // As Telegram: the call a webhook's answer carries is run (gopy's answer to a button press).
  await h.fake.runWebhookReply(bot.token, res.headers.get('content-type') ?? undefined, body);
}

async function converse(chatId: number, bot: { token: string; url: string }) {
  const { token } = bot;
  const from = { id: chatId, first_name: 'Dân' };
  const last = () => h.fake.messagesTo(token, chatId).at(-1);
  const post = (updateId: number) => postTo(bot, updateId);
  const say = (input: Omit<Parameters<typeof h.fake.injectMessage>[1], 'chatId' | 'from'>) =>
    post(h.fake.injectMessage(token, { chatId, from, ...input }));
  const press = (label: string | RegExp) => {
    const m: TgMessage | undefined = h.fake
      .messagesTo(token, chatId)
      .findLast((x) => x.reply_markup?.inline_keyboard.flat().some((b) => match(b.text)));
    const button = m?.reply_markup?.inline_keyboard.flat().find((b) => match(b.text));
    if (!m || !button?.callback_data)
      throw new Error(`chat ${chatId}: no button ${String(label)}; last: ${last()?.text}`);
    return post(
      h.fake.injectCallback(token, {
        chatId,
        from,
        messageId: m.message_id,
        data: button.callback_data,
      }),
    );
    function match(text: string) {
      return typeof label === 'string' ? text === label : label.test(text);
    }
  };
  await say({ text: '/start' });
  await press('Gửi phản ánh, kiến nghị');
  await press('Phản ánh');
  await say({ text: 'dong xa' });
  await press(/^Xã Bắc Đông Hưng/);
  await press('Giao thông, đường sá');
  await say({ text: 'Đèn đường ngõ 5 hỏng đã hai tuần, buổi tối rất tối' });
  await say({ photo: makePng(4, 4, [chatId % 256, 80, 120]) });
  await press('✅ Xong');
  // Each citizen somewhere else (about 1 km apart): reports of one category within 250 m of
  // each other would be offered to follow instead (the flow's nearby step), one more update.
  await say({ location: { latitude: 20.54 + (chatId % 1000) * 0.01, longitude: 106.34 } });
  await press('Không, cứ ghi tên tôi');
  await press('Không công khai');
  await say({ text: '0912345678' });
  await press('✅ Gửi');
  if (!/Mã phiếu: PA-\d{4}-\d{6}/.test(last()?.text ?? ''))
    throw new Error(`chat ${chatId}: no ticket; last: ${last()?.text}`);
}

/** What one bot's conversation rounds add up to. */
interface Tally {
  seconds: number;
  cpuMicros: number;
  sysMicros: number;
  latencies: number[];
  conversations: number;
  botApiCalls: number;
  /** CPU of the local PostgreSQL and Redis server processes meanwhile (NaN: not readable). */
  postgresCpuMs: number;
  redisCpuMs: number;
}
const newTally = (): Tally => ({
  seconds: 0,
  cpuMicros: 0,
  sysMicros: 0,
  latencies: [],
  conversations: 0,
  botApiCalls: 0,
  postgresCpuMs: 0,
  redisCpuMs: 0,
});

/**
 * CPU time so far of the machine's PostgreSQL and Redis server processes (Linux /proc), or
 * undefined where it cannot be read. Both bots' servers are these same local processes, so the
 * difference over a round is what that bot's work cost them (the other bot is idle meanwhile).
 */
function serviceCpuMs(): { postgres: number; redis: number } | undefined {
  try {
    const tick = 1000 / 100; // USER_HZ is 100 on Linux
    const total = { postgres: 0, redis: 0 };
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // gone meanwhile
      }
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const which = name.startsWith('postgres')
        ? 'postgres'
        : name.startsWith('redis-server')
          ? 'redis'
          : undefined;
      if (!which) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total[which] += (Number(fields[11]) + Number(fields[12])) * tick;
    }
    return total.postgres > 0 ? total : undefined;
  } catch {
    return undefined;
  }
}

/** The conversations of `chats` with one bot, CONVERSATIONS at a time, added to `tally`. */
async function conversations(bot: { token: string; url: string }, chats: number[], tally: Tally) {
  updateLatencies = tally.latencies;
  let nextCitizen = 0;
  const callsBefore = h.fake.calls(bot.token).length;
  const cpuBefore = process.cpuUsage();
  const servicesBefore = serviceCpuMs();
  const began = performance.now();
  await Promise.all(
    Array.from({ length: CONVERSATIONS }, async () => {
      while (nextCitizen < chats.length) await converse(chats[nextCitizen++]!, bot);
    }),
  );
  tally.seconds += (performance.now() - began) / 1000;
  const servicesAfter = serviceCpuMs();
  if (servicesBefore && servicesAfter) {
    tally.postgresCpuMs += servicesAfter.postgres - servicesBefore.postgres;
    tally.redisCpuMs += servicesAfter.redis - servicesBefore.redis;
  } else tally.postgresCpuMs = tally.redisCpuMs = NaN;
  const cpu = process.cpuUsage(cpuBefore);
  tally.cpuMicros += cpu.user + cpu.system;
  tally.sysMicros += cpu.system;
  tally.conversations += chats.length;
  tally.botApiCalls += h.fake.calls(bot.token).length - callsBefore;
  if (process.env['BENCH_CALLS']) {
    const byMethod = new Map<string, number>();
    for (const c of h.fake.calls(bot.token).slice(callsBefore))
      byMethod.set(c.method, (byMethod.get(c.method) ?? 0) + 1);
    console.log(bot.token === TOKEN ? 'gopy' : 'peer', Object.fromEntries(byMethod));
    if (process.env['BENCH_CALLS'] === '2')
      for (const c of h.fake.calls(bot.token).slice(callsBefore))
        if (c.method === 'sendMessage')
          console.log('   ', JSON.stringify(c.params.text).slice(0, 150));
  }
}

function figures(t: Tally) {
  const latencies = [...t.latencies].sort((a, b) => a - b);
  return {
    conversationsPerSecond: t.conversations / t.seconds,
    updatesPerSecond: latencies.length / t.seconds,
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    p99: pct(latencies, 99),
    // The process's CPU (bot, fake Bot API and the bench's HTTP client together) per update:
    // steadier than updates/s on a shared machine.
    cpuMsPerUpdate: t.cpuMicros / 1000 / latencies.length,
    sysMsPerUpdate: t.sysMicros / 1000 / latencies.length,
    botApiCallsPerUpdate: t.botApiCalls / latencies.length,
    postgresCpuMsPerUpdate: t.postgresCpuMs / latencies.length,
    redisCpuMsPerUpdate: t.redisCpuMs / latencies.length,
  };
}

// Every statement gopy sends to PostgreSQL during its conversations, counted at the pg driver
// (Prisma's adapter and raw pg alike go through Client#query): round trips per update. The count
// runs in gopy's turns only, so it is kept to one addition; each statement's text (the list of
// BENCH_QUERIES) and the time from call to result are taken only when asked for.
let statementCount = 0;
const statements = new Map<string, number>();
/** Milliseconds from each statement's call to its result, summed (BENCH_QUERIES). */
const statementMs = new Map<string, number>();
const listed = Boolean(process.env['BENCH_QUERIES']);
const keyOf = (sql: string | undefined) =>
  (sql ?? '?')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, Number(process.env['BENCH_QUERIES_WIDTH'] ?? 90));
let counting = false;
// eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the client as `this`
const clientQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (counting) {
    statementCount++;
    if (listed) {
      const first = args[0];
      const key = keyOf(
        typeof first === 'string' ? first : (first as { text?: string } | null)?.text,
      );
      statements.set(key, (statements.get(key) ?? 0) + 1);
      const began = performance.now();
      const took = () =>
        statementMs.set(key, (statementMs.get(key) ?? 0) + performance.now() - began);
      const callback = args.at(-1);
      if (typeof callback === 'function')
        args[args.length - 1] = (...r: unknown[]) => {
          took();
          return (callback as (...a: unknown[]) => unknown)(...r);
        };
      const result = (clientQuery as (...a: unknown[]) => unknown).apply(this, args);
      if (result instanceof Promise) void result.then(took, () => undefined);
      return result;
    }
  }
  return (clientQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof clientQuery;

// The peer: another bot on the same fake Bot API, its sessions in Redis, reports in the same
// PostgreSQL server (a table of its own in the bench's database).
h.fake.setBotInfo(PEER_TOKEN, { first_name: 'Peer', username: 'peer_bench_bot' });
const peerRedis = new Redis(REDIS_URL);
const peerPool = new pg.Pool({ connectionString: url, max: 10 });
const peer = await startPeerBot({
  token: PEER_TOKEN,
  apiRoot: h.fake.url,
  botInfo: h.fake.botInfo(PEER_TOKEN) as never,
  secret: SECRET,
  redis: peerRedis,
  pool: peerPool,
  prefix: peerPrefix,
});

/** Starts the inspector's CPU profiler; the function returned stops it and writes the profile. */
async function startProfile(): Promise<(file: string) => Promise<void>> {
  const inspector = new Session();
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.start');
  return async (file) => {
    const { profile } = await inspector.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    inspector.disconnect();
  };
}

// gopy and the peer take turns, ROUNDS each, so a change of the machine's load falls on both.
const reportsBefore = await h.db.prisma.report.count();
const profileFile = process.env['BENCH_CPU_PROFILE'];
const gopyTally = newTally();
const peerTally = newTally();
for (let round = 0; round < ROUNDS; round++) {
  const from = Math.floor((round * CITIZENS) / ROUNDS);
  const to = Math.floor(((round + 1) * CITIZENS) / ROUNDS);
  const chats = (first: number) => Array.from({ length: to - from }, (_, i) => first + from + i);
  // The profiles cover the last round only (warm): gopy's into FILE, the peer's into FILE.peer.
  const profiled = profileFile !== undefined && round === ROUNDS - 1;
  const stop = profiled ? await startProfile() : undefined;
  counting = true;
  await conversations({ token: TOKEN, url: hookUrl }, chats(300_000), gopyTally);
  counting = false;
  await stop?.(profileFile!);
  const stopPeer = profiled ? await startProfile() : undefined;
  await conversations({ token: PEER_TOKEN, url: peer.url }, chats(400_000), peerTally);
  await stopPeer?.(`${profileFile!}.peer`);
}
const gopyRun = figures(gopyTally);
const peerRun = figures(peerTally);
const committed = (await h.db.prisma.report.count()) - reportsBefore;
if (committed !== CITIZENS) throw new Error(`${committed} reports committed, ${CITIZENS} expected`);
const { rows: peerRows } = await peerPool.query<{ n: number }>(
  'SELECT count(*)::int AS n FROM peer_reports',
);
if (peerRows[0]!.n !== CITIZENS)
  throw new Error(`peer: ${peerRows[0]!.n} reports, ${CITIZENS} expected`);
await peer.close();
await peerPool.end();
peerRedis.disconnect();

const line = (name: string, r: typeof gopyRun) =>
  `  ${name}  ${r.conversationsPerSecond.toFixed(2)} conversations/s  ${f(r.updatesPerSecond)} updates/s  per update p50 ${f(r.p50)} ms  p95 ${f(r.p95)} ms  p99 ${f(r.p99)} ms  CPU ${f(r.cpuMsPerUpdate)} ms/update (system ${f(r.sysMsPerUpdate)})  PostgreSQL ${r.postgresCpuMsPerUpdate.toFixed(2)} / Redis ${r.redisCpuMsPerUpdate.toFixed(2)} ms/update  ${r.botApiCallsPerUpdate.toFixed(2)} Bot API calls/update`;
console.log(
  `report conversations (${CITIZENS} citizens × 14 updates, ${CONVERSATIONS} at a time, in ${ROUNDS} rounds each taking turns, all committed):`,
);
console.log(line('gopy (sessions in PostgreSQL)        ', gopyRun));
console.log(line('peer (conversations + storage-redis) ', peerRun));
const updates = gopyTally.latencies.length;
const queryCount = statementCount;
console.log(
  `  gopy's PostgreSQL statements: ${(queryCount / updates).toFixed(2)} per update (${queryCount} in ${updates} updates; the peer's: 1 for the commune, 1 for the report per conversation)`,
);
if (process.env['BENCH_QUERIES'])
  for (const [sql, n] of [...statements].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(
      `    ${(n / updates).toFixed(2)}  ${((statementMs.get(sql) ?? 0) / n).toFixed(2).padStart(6)} ms  ${sql}`,
    );
const ratio = gopyRun.updatesPerSecond / peerRun.updatesPerSecond;
const violations = h.fake
  .violations()
  .filter((v) => v.method !== 'answerCallbackQuery' && v.token !== PEER_TOKEN);
if (violations.length) console.log('Bot API violations:', violations.slice(0, 3));
console.log(
  `verdict: ${ratio >= GOAL_RATIO ? 'PASS' : 'FAIL'} — gopy ${ratio.toFixed(2)}× the peer's updates/s ` +
    `(goal ≥ ${GOAL_RATIO.toFixed(1)}×), p99 ${f(gopyRun.p99)} ms vs ${f(peerRun.p99)} ms`,
);
const r1 = (n: number) => Math.round(n * 10) / 10;
console.log(
  JSON.stringify({
    bench: 'intake',
    startUpdatesPerSecond: r1(gopy.perSecond),
    startP99Ms: r1(gopy.p99),
    bareUpdatesPerSecond: r1(bare.perSecond),
    updatesPerSecond: r1(gopyRun.updatesPerSecond),
    p50Ms: r1(gopyRun.p50),
    p99Ms: r1(gopyRun.p99),
    peerUpdatesPerSecond: r1(peerRun.updatesPerSecond),
    peerP50Ms: r1(peerRun.p50),
    peerP99Ms: r1(peerRun.p99),
    cpuMsPerUpdate: r1(gopyRun.cpuMsPerUpdate),
    peerCpuMsPerUpdate: r1(peerRun.cpuMsPerUpdate),
    postgresCpuMsPerUpdate: Math.round(gopyRun.postgresCpuMsPerUpdate * 100) / 100,
    peerPostgresCpuMsPerUpdate: Math.round(peerRun.postgresCpuMsPerUpdate * 100) / 100,
    ratioToPeer: Math.round(ratio * 100) / 100,
    statementsPerUpdate: Math.round((queryCount / updates) * 100) / 100,
    citizens: CITIZENS,
    committed,
  }),
);
await h.close();
await cleanup();
process.exit(0);
