/**
 * bench:intake — two measurements of a running gopy (webhook mode, real PostgreSQL and Redis,
 * the fake Bot API behind it), in one run:
 *
 * 1. N webhook updates of /start over HTTP, then the same to a bare grammY webhook bot with a
 *    trivial handler. Prints updates/s, p50/p95/p99 latency and the ratio.
 * 2. CITIZENS whole report conversations (menu, kind, commune by its old name, category,
 *    description, a photo, a location, anonymous?, phone, review, submit: 13 updates each),
 *    CONVERSATIONS at a time. Each citizen reads the bot's last message to find the button to
 *    press, as a person would. Prints conversations/s, updates/s and per-update p50/p95/p99,
 *    and checks every report was committed.
 *
 *   npm run bench:intake -- [N=400] [CONCURRENCY=8] [CITIZENS=50] [CONVERSATIONS=10]
 */
import { createServer } from 'node:http';
import { Bot, webhookCallback } from 'grammy';
import type { TgMessage } from '../src/simulator/fake-bot-api.ts';
import { makePng } from '../test/support/fake-bot-api-client.ts';
import { startHarness, TOKEN } from '../test/support/gopy-harness.ts';

const N = Number(process.argv[2] ?? 400);
const CONCURRENCY = Number(process.argv[3] ?? 8);
const CITIZENS = Number(process.argv[4] ?? 50);
const CONVERSATIONS = Number(process.argv[5] ?? 10);
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

// ------------------------------------------------------------------ 2. report conversations

// From here the bench posts each update itself (several chats at once, as Telegram does with
// max_connections); the fake only builds the updates, with callback ids it knows.
await fetch(`${h.fake.url}/bot${TOKEN}/deleteWebhook`, { method: 'POST' });

const updateLatencies: number[] = [];
async function post(updateId: number) {
  const update = h.fake.pendingUpdates(TOKEN).find((u) => u.update_id === updateId);
  if (!update) throw new Error(`update ${updateId} not queued`);
  const t = performance.now();
  const res = await fetch(hookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(update),
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`update ${updateId}: HTTP ${res.status}`);
  updateLatencies.push(performance.now() - t);
}

async function converse(chatId: number) {
  const from = { id: chatId, first_name: 'Dân' };
  const last = () => h.fake.messagesTo(TOKEN, chatId).at(-1);
  const say = (input: Omit<Parameters<typeof h.fake.injectMessage>[1], 'chatId' | 'from'>) =>
    post(h.fake.injectMessage(TOKEN, { chatId, from, ...input }));
  const press = (label: string | RegExp) => {
    const m: TgMessage | undefined = h.fake
      .messagesTo(TOKEN, chatId)
      .findLast((x) => x.reply_markup?.inline_keyboard.flat().some((b) => match(b.text)));
    const button = m?.reply_markup?.inline_keyboard.flat().find((b) => match(b.text));
    if (!m || !button?.callback_data)
      throw new Error(`chat ${chatId}: no button ${String(label)}; last: ${last()?.text}`);
    return post(
      h.fake.injectCallback(TOKEN, {
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
  await say({ location: { latitude: 20.54, longitude: 106.34 } });
  await press('Không, cứ ghi tên tôi');
  await say({ text: '0912345678' });
  await press('✅ Gửi');
  if (!/Mã phiếu: PA-\d{4}-\d{6}/.test(last()?.text ?? ''))
    throw new Error(`chat ${chatId}: no ticket; last: ${last()?.text}`);
}

const reportsBefore = await h.db.prisma.report.count();
const citizens = Array.from({ length: CITIZENS }, (_, i) => 300_000 + i);
let nextCitizen = 0;
const rss2 = process.memoryUsage().rss;
const began = performance.now();
await Promise.all(
  Array.from({ length: CONVERSATIONS }, async () => {
    while (nextCitizen < citizens.length) await converse(citizens[nextCitizen++]!);
  }),
);
const seconds = (performance.now() - began) / 1000;
const rss3 = process.memoryUsage().rss;
const committed = (await h.db.prisma.report.count()) - reportsBefore;
if (committed !== CITIZENS) throw new Error(`${committed} reports committed, ${CITIZENS} expected`);
updateLatencies.sort((a, b) => a - b);
console.log(
  `report conversations (${CITIZENS} citizens × 13 updates, ${CONVERSATIONS} at a time, all ${committed} committed):`,
);
console.log(
  `  ${(CITIZENS / seconds).toFixed(2)} conversations/s  ${f(updateLatencies.length / seconds)} updates/s  per update p50 ${f(pct(updateLatencies, 50))} ms  p95 ${f(pct(updateLatencies, 95))} ms  p99 ${f(pct(updateLatencies, 99))} ms  rss +${f((rss3 - rss2) / 1e6)} MB`,
);
const violations = h.fake.violations().filter((v) => v.method !== 'answerCallbackQuery');
if (violations.length) console.log('Bot API violations:', violations.slice(0, 3));
await h.close();
process.exit(0);
