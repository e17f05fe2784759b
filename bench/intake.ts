/**
 * bench:intake — N webhook updates over HTTP to a running gopy (webhook mode, real PostgreSQL
 * and Redis, the fake Bot API behind it), then the same to a bare grammY webhook bot with a
 * trivial handler, in the same run. Prints updates/s, p50/p95/p99 latency and the ratio.
 *   npm run bench:intake -- [N=400] [CONCURRENCY=8]
 */
import { createServer } from 'node:http';
import { Bot, webhookCallback } from 'grammy';
import { startHarness, TOKEN } from '../test/support/gopy-harness.ts';

const N = Number(process.argv[2] ?? 400);
const CONCURRENCY = Number(process.argv[3] ?? 8);
const SECRET = 'test-secret-0123456789';

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

const h = await startHarness({ mode: 'webhook', workers: false });
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
await h.close();
process.exit(0);
