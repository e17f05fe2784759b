/**
 * One deployment, three Telegram bots (BOT_TOKEN's and two added with `gopy bots add`), through
 * the real grammY driver against the fake Bot API on real PostgreSQL and Redis: an official's
 * alert comes through the bot of the report's province when the official has started it (else
 * through the bot they did start), a citizen hears back through the bot they talk to, each bot's
 * webhook checks its own secret, and each bot keeps to its own Telegram limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRerouteUnreachable } from '../../src/app/reroute-unreachable.ts';
import { createRouteReport } from '../../src/app/route-report.ts';
import { runAdminCommand } from '../../src/cli/admin-commands.ts';
import { createWebServer } from '../../src/http/create-web-server.ts';
import { listen } from '../../src/http/listen.ts';
import { createLogger } from '../../src/logger.ts';
import { createBotsRepository } from '../../src/persistence/bots-repository.ts';
import { createCitizensRepository } from '../../src/persistence/citizens-repository.ts';
import { CHAIR, OTHER_CHAIR } from '../support/demo.ts';
import { TINY_PNG, TOKEN, startHarness, type Harness } from '../support/gopy-harness.ts';
import { addOfficial, commitReport } from '../support/routing-fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { until } from '../support/until.ts';
import { withinRate } from '../support/telegram-rate.ts';
import { DEFAULT_CALENDAR } from '../../src/core/working-days.ts';

const TOKEN_A = '700001:bot-a-token-for-gopy-tests-0001';
const TOKEN_B = '700002:bot-b-token-for-gopy-tests-0002';
const CHAIR_B = 8801;
const CITIZEN_B = 7301;

/** The texts and captions of the messages a bot sent to a chat. */
function sentTo(h: Harness, token: string, chatId: number): string[] {
  return h.fake
    .calls(token)
    .filter((c) => c.response.ok && String(c.params.chat_id) === String(chatId))
    .filter((c) => ['sendMessage', 'sendPhoto', 'sendMediaGroup'].includes(c.method))
    .map((c) => [c.params.text, c.params.caption].filter((t) => typeof t === 'string').join(' '));
}

describe('several bots in one deployment', () => {
  let db: TestDatabase;
  let h: Harness;
  let provinceA: string;
  let unitB: string;

  beforeAll(async () => {
    db = await createTestDatabase({ seeded: true });
    // Province A is the demo communes' (12694, 13186); B is another province with its own chair.
    provinceA = (await db.prisma.unit.findUniqueOrThrow({ where: { code: '12694' } })).provinceCode;
    const other = await db.prisma.unit.findFirstOrThrow({
      where: { provinceCode: { not: provinceA } },
      orderBy: { code: 'asc' },
    });
    unitB = other.code;
    await addOfficial(db.prisma, { unitCode: unitB, kind: 'chair', chatId: CHAIR_B });
    const bots = createBotsRepository(db.prisma);
    await bots.save({
      id: '700001',
      token: TOKEN_A,
      units: [provinceA],
      webhookSecret: 'secret-of-bot-a-0123456789',
    });
    await bots.save({
      id: '700002',
      token: TOKEN_B,
      units: [other.provinceCode],
      webhookSecret: 'secret-of-bot-b-0123456789',
    });

    h = await startHarness({ db, seed: false, noticesMayWait: true });
    // Who started which bot: the demo chair has started A too, the other demo chair only the
    // default bot, B's chair and the citizen only B.
    for (const [token, chatId] of [
      [TOKEN_A, CHAIR],
      [TOKEN_B, CHAIR_B],
      [TOKEN_B, CITIZEN_B],
    ] as const) {
      h.fake.addChat(token, { id: chatId, type: 'private', first_name: `Người ${chatId}` });
      h.fake.injectMessage(token, { chatId, text: '/start' });
    }
    h.fake.addChat(TOKEN_A, { id: CITIZEN_B, type: 'private', first_name: 'Người dân' });
    await until('the starts are remembered', async () =>
      (await db.prisma.botChat.count({ where: { bot: { not: '' } } })) >= 3 ? true : undefined,
    );
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    await db?.drop();
  });

  it('answers /start through the bot it was sent to', async () => {
    await until('the citizen greeted by bot B', () => sentTo(h, TOKEN_B, CITIZEN_B).length > 0);
    expect(sentTo(h, TOKEN, CITIZEN_B)).toEqual([]);
    expect(sentTo(h, TOKEN_A, CITIZEN_B)).toEqual([]);
  });

  it('alerts through the bot of the report’s province; an official who never started it gets the default bot', async () => {
    const inA = await commitReport(db.prisma, { citizenChatId: 7400, unitCode: '12694' });
    const inB = await commitReport(db.prisma, { citizenChatId: 7401, unitCode: unitB });
    const otherA = await commitReport(db.prisma, { citizenChatId: 7402, unitCode: '13186' });
    for (const r of [inA, inB, otherA]) await h.gopy.routeQueue.enqueue(r.id);

    await until('the alert in A through bot A', () =>
      sentTo(h, TOKEN_A, CHAIR).some((t) => t.includes(inA.ticketCode)),
    );
    await until('the alert in B through bot B', () =>
      sentTo(h, TOKEN_B, CHAIR_B).some((t) => t.includes(inB.ticketCode)),
    );
    await until('the fallback alert through the default bot', () =>
      sentTo(h, TOKEN, OTHER_CHAIR).some((t) => t.includes(otherA.ticketCode)),
    );
    expect(sentTo(h, TOKEN, CHAIR).some((t) => t.includes(inA.ticketCode))).toBe(false);
    expect(sentTo(h, TOKEN_A, OTHER_CHAIR)).toEqual([]);

    // `gopy units status` says who is on the fallback and why.
    const lines: string[] = [];
    await runAdminCommand('units', ['status', '13186'], {
      prisma: db.prisma,
      print: (l) => lines.push(l),
      config: h.gopy.config,
    });
    expect(lines.join('\n')).toMatch(/Bot của đơn vị \/ unit's bot: 700001/);
    expect(lines.join('\n')).toMatch(
      /bot mặc định\/default \(DỰ PHÒNG: chưa bấm Start ở bot 700001/,
    );

    // The fallback official starts bot A later: the alert they already have is still edited
    // through the bot that sent it (only that bot can).
    h.fake.addChat(TOKEN_A, { id: OTHER_CHAIR, type: 'private', first_name: 'Chủ tịch' });
    h.fake.injectMessage(TOKEN_A, { chatId: OTHER_CHAIR, text: '/start' });
    await until('the other chair known on bot A', async () =>
      (await db.prisma.botChat.count({ where: { bot: '700001', chatId: String(OTHER_CHAIR) } })) > 0
        ? true
        : undefined,
    );
    const edits = (token: string) =>
      h.fake
        .calls(token)
        .filter((c) => c.method.startsWith('editMessage'))
        .filter((c) => String(c.params.chat_id) === String(OTHER_CHAIR));
    await h.press(OTHER_CHAIR, '✅ Tiếp nhận');
    await until('the alert redrawn through the default bot', () =>
      edits(TOKEN).some((c) => c.response.ok),
    );
    expect(edits(TOKEN_A)).toEqual([]);
  }, 60_000);

  it('a citizen on bot B hears back through bot B, even about a report in province A', async () => {
    const r = await commitReport(db.prisma, { citizenChatId: CITIZEN_B, unitCode: '12694' });
    await h.gopy.routeQueue.enqueue(r.id);
    await until('the alert through bot A', () =>
      sentTo(h, TOKEN_A, CHAIR).some((t) => t.includes(r.ticketCode)),
    );
    // The notice stored with the routing (in its transaction) goes through bot B too.
    await until('the routing notice through bot B', () =>
      sentTo(h, TOKEN_B, CITIZEN_B).some((t) => t.includes(r.ticketCode)),
    );
    await h.send(CHAIR, `/tl ${r.ticketCode} Xã sẽ cho người sửa đường trong tuần này.`);
    await until('the answer through bot B', () =>
      sentTo(h, TOKEN_B, CITIZEN_B).some((t) => t.includes('sửa đường trong tuần này')),
    );
    expect(sentTo(h, TOKEN, CITIZEN_B)).toEqual([]);
    expect(sentTo(h, TOKEN_A, CITIZEN_B)).toEqual([]);
  }, 60_000);

  it('a follower hears about the report through the bot they talk to, not the citizen’s', async () => {
    // The follower has only ever talked to the default bot; the report's citizen to bot B.
    const FOLLOWER = 7310;
    h.fake.addChat(TOKEN, { id: FOLLOWER, type: 'private', first_name: 'Người theo dõi' });
    h.fake.injectMessage(TOKEN, { chatId: FOLLOWER, text: '/start' });
    await until('the follower known on the default bot', async () =>
      (await db.prisma.botChat.count({ where: { chatId: String(FOLLOWER) } })) > 0
        ? true
        : undefined,
    );
    const r = await commitReport(db.prisma, { citizenChatId: CITIZEN_B, unitCode: '12694' });
    const follower = await createCitizensRepository(db.prisma).ensure(
      {
        channel: 'telegram',
        externalId: String(FOLLOWER),
        chatId: String(FOLLOWER),
        displayName: 'Người theo dõi',
        language: 'vi',
      },
      new Date(),
    );
    await db.prisma.reportFollower.create({
      data: { reportId: r.id, citizenId: follower.id, via: 'follow' },
    });
    await h.gopy.routeQueue.enqueue(r.id);
    await until('the routing notice to the citizen through bot B', () =>
      sentTo(h, TOKEN_B, CITIZEN_B).some((t) => t.includes(r.ticketCode)),
    );
    await until('the follower’s copy of the notice through the default bot', () =>
      sentTo(h, TOKEN, FOLLOWER).some((t) => t.includes(r.ticketCode)),
    );
    // The commune's answer, stored with the copies in one transaction, takes the same ways.
    await h.send(CHAIR, `/tl ${r.ticketCode} Xã đã cử người đến xem chiếc cầu.`);
    await until('the answer to the citizen through bot B', () =>
      sentTo(h, TOKEN_B, CITIZEN_B).some((t) => t.includes('chiếc cầu')),
    );
    await until('the follower’s copy of the answer through the default bot', () =>
      sentTo(h, TOKEN, FOLLOWER).some((t) => t.includes('chiếc cầu')),
    );
    await h.settle();
    expect(
      h.fake.calls(TOKEN_B).filter((c) => String(c.params.chat_id) === String(FOLLOWER)),
    ).toEqual([]);
    const copies = await db.prisma.delivery.findMany({
      where: { reportId: r.id, chatId: String(FOLLOWER) },
    });
    expect(copies.map((d) => [d.bot, d.state])).toEqual([
      ['', 'sent'],
      ['', 'sent'],
    ]);
  }, 60_000);

  it('a routing that dies right after its commit: the sweep sends the alert and the notice through bot B', async () => {
    const r = await commitReport(db.prisma, { citizenChatId: CITIZEN_B, unitCode: unitB });
    const { repos } = h.gopy;
    const logger = createLogger('silent');
    // The process "dies" the moment the change commits: nothing is queued after it.
    const died = new Error('process killed right after the commit');
    const outbox = { enqueue: () => Promise.reject(died) };
    const deps = { officials: repos.officials, rules: repos.rules, outbox, logger };
    const routeReport = createRouteReport({
      calendar: DEFAULT_CALENDAR,
      ...deps,
      workflow: repos.workflow,
      reroute: createRerouteUnreachable({ ...deps, workflow: repos.workflow }),
      now: () => new Date(),
    });
    await expect(routeReport(r.id)).rejects.toBe(died);
    expect((await db.prisma.report.findUniqueOrThrow({ where: { id: r.id } })).status).toBe(
      'routed',
    );

    await h.gopy.maintenance.sweep(new Date(Date.now() + 60_000));
    const rows = () => db.prisma.delivery.findMany({ where: { reportId: r.id } });
    await until('the alert and the notice gone out', async () =>
      (await rows()).every((d) => d.state !== 'pending' && d.state !== 'sending')
        ? true
        : undefined,
    );
    await h.settle();
    const alertsTo = (token: string) =>
      sentTo(h, token, CHAIR_B).filter((t) => t.includes(r.ticketCode));
    expect(alertsTo(TOKEN_B)).toHaveLength(1);
    expect(alertsTo(TOKEN)).toEqual([]);
    expect(alertsTo(TOKEN_A)).toEqual([]);
    const noticesTo = (token: string) =>
      sentTo(h, token, CITIZEN_B).filter((t) => t.includes(r.ticketCode));
    expect(noticesTo(TOKEN_B)).toHaveLength(1);
    expect(noticesTo(TOKEN)).toEqual([]);
    expect((await rows()).map((d) => d.bot)).toEqual(['700002', '700002']);
    // The chair was reachable all along: not marked, the report still theirs.
    const chair = await db.prisma.official.findFirstOrThrow({
      where: { chatId: String(CHAIR_B) },
    });
    expect(chair.unreachableAt).toBe(null);
    const after = await db.prisma.report.findUniqueOrThrow({ where: { id: r.id } });
    expect(after.assignedOfficialId).toBe(chair.id);
  }, 60_000);

  it('a photo a citizen sent to bot B reaches the official on bot A as a photo', async () => {
    // The citizen's photo, as bot B received it: its file id is bot B's alone.
    const firstSeq = h.fake.lastCallSeq();
    h.fake.injectMessage(TOKEN_B, { chatId: CITIZEN_B, photo: TINY_PNG });
    const fileId = await until('bot B fetched the photo', () => {
      for (const c of h.fake.calls(TOKEN_B).filter((x) => x.seq > firstSeq)) {
        if (c.method !== 'getUpdates' || !c.response.ok) continue;
        for (const u of c.response.result as Array<{
          message?: { photo?: Array<{ file_id: string }> };
        }>)
          if (u.message?.photo?.length) return u.message.photo.at(-1)!.file_id;
      }
      return undefined;
    });
    const r = await commitReport(db.prisma, {
      citizenChatId: CITIZEN_B,
      unitCode: '12694',
      photoFileIds: [fileId],
    });
    await h.gopy.routeQueue.enqueue(r.id);
    const photoTo = (token: string) =>
      h.fake
        .calls(token, 'sendPhoto')
        .filter((c) => String(c.params.chat_id) === String(CHAIR))
        .filter((c) => typeof c.params.caption === 'string')
        .filter((c) => String(c.params.caption).includes(r.ticketCode));
    await until('the alert with its photo through bot A', () =>
      photoTo(TOKEN_A).some((c) => c.response.ok),
    );
    // Bot A could not use bot B's file id: it sent the photo's bytes, fetched through gopy.
    const delivered = h.fake
      .messagesTo(TOKEN_A, CHAIR)
      .find((m) => String(m.caption ?? '').includes(r.ticketCode));
    expect(delivered?.photo?.length).toBeGreaterThan(0);
    const alertRows = () =>
      db.prisma.delivery.findMany({ where: { reportId: r.id, chatId: String(CHAIR) } });
    await until('the alert recorded sent', async () =>
      (await alertRows()).every((d) => d.state === 'sent') ? true : undefined,
    );
    // The alert and its photo's own row (sent only if the alert had gone out in a digest) are
    // both bot A's; the photo went once, as the alert's caption.
    expect(new Set((await alertRows()).map((d) => d.bot))).toEqual(new Set(['700001']));
    expect(photoTo(TOKEN_A).filter((c) => c.response.ok)).toHaveLength(1);
  }, 60_000);

  it('a person talking to two bots has two conversations', async () => {
    const PERSON = 7700;
    for (const token of [TOKEN_A, TOKEN_B])
      h.fake.addChat(token, { id: PERSON, type: 'private', first_name: 'Hai bot' });
    const lastWith = (token: string) => h.fake.messagesTo(token, PERSON).at(-1);
    // On bot A: the menu, then the first choice of it: a conversation under way.
    h.fake.injectMessage(TOKEN_A, { chatId: PERSON, text: '/start' });
    const menu = await until('bot A’s menu', () =>
      lastWith(TOKEN_A)?.reply_markup?.inline_keyboard ? lastWith(TOKEN_A) : undefined,
    );
    const first = menu.reply_markup!.inline_keyboard[0]![0]!;
    h.fake.injectCallback(TOKEN_A, {
      chatId: PERSON,
      from: { id: PERSON, first_name: 'Hai bot' },
      messageId: menu.message_id,
      data: first.callback_data!,
    });
    await until('bot A went on', () =>
      (lastWith(TOKEN_A)?.message_id ?? 0) > menu.message_id ? true : undefined,
    );
    const stateWithA = async () =>
      (await db.prisma.session.findUnique({ where: { key: `telegram@700001:${PERSON}` } }))
        ?.revision;
    const revisionA = await until('bot A’s session', stateWithA);
    // On bot B the same person starts over: bot A's conversation is untouched.
    h.fake.injectMessage(TOKEN_B, { chatId: PERSON, text: '/start' });
    await until('bot B’s menu', () => lastWith(TOKEN_B)?.reply_markup?.inline_keyboard);
    await until('bot B’s session', async () =>
      (await db.prisma.session.findUnique({ where: { key: `telegram@700002:${PERSON}` } }))
        ? true
        : undefined,
    );
    expect(await stateWithA()).toBe(revisionA);
    expect(await db.prisma.session.findUnique({ where: { key: `telegram:${PERSON}` } })).toBe(null);
  }, 60_000);

  it('refuses an update on /tg/<bot id> without that bot’s secret', async () => {
    const logger = createLogger('silent');
    const server = await createWebServer({
      logger,
      botWebhooks: h.gopy.extraBots.map((b) => ({
        path: b.webhookPath,
        webhook: b.driver.webhookHandler(),
      })),
    });
    const url = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
    try {
      const post = (path: string, secret: string) =>
        fetch(`${url}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-telegram-bot-api-secret-token': secret,
          },
          body: JSON.stringify({
            update_id: 9_000_001,
            message: {
              message_id: 1,
              date: Math.floor(Date.now() / 1000),
              chat: { id: 7500, type: 'private', first_name: 'Lan' },
              from: { id: 7500, is_bot: false, first_name: 'Lan' },
              text: '/start',
            },
          }),
        });
      // Bot A's secret is wrong at bot B's address, and the reverse.
      expect((await post('/tg/700002', 'secret-of-bot-a-0123456789')).status).toBe(401);
      expect((await post('/tg/700001', 'secret-of-bot-b-0123456789')).status).toBe(401);
      expect((await post('/tg/700002', 'wrong')).status).toBe(401);
      expect(await db.prisma.botChat.count({ where: { chatId: '7500' } })).toBe(0);
      h.fake.addChat(TOKEN_B, { id: 7500, type: 'private', first_name: 'Lan' });
      expect((await post('/tg/700002', 'secret-of-bot-b-0123456789')).status).toBe(200);
      expect(
        (await db.prisma.botChat.findMany({ where: { chatId: '7500' } })).map((r) => r.bot),
      ).toEqual(['700002']);
    } finally {
      await server.close();
    }
  }, 30_000);

  it('keeps each bot within its own limits: no 429 reaches gopy while two bots send at once', async () => {
    const chats = Array.from({ length: 45 }, (_, i) => 60_000 + i);
    for (const token of [TOKEN_A, TOKEN_B])
      for (const id of chats) h.fake.addChat(token, { id, type: 'private', first_name: `C ${id}` });
    h.fake.enforceLimits(true);
    const firstSeq = h.fake.lastCallSeq();
    try {
      await Promise.all(
        ['700001', '700002'].flatMap((bot) =>
          chats.map((chatId) =>
            h.gopy.deliveryQueue.enqueue({
              dedupeKey: `limits-${bot}-${chatId}`,
              bot,
              chatId: String(chatId),
              message: { type: 'text', chatId: String(chatId), text: `Thử giới hạn ${bot}` },
            }),
          ),
        ),
      );
      await until(
        'every message sent',
        async () =>
          (await db.prisma.delivery.count({
            where: { dedupeKey: { startsWith: 'limits-' }, state: 'sent' },
          })) === 90,
        60_000,
      );
      for (const token of [TOKEN_A, TOKEN_B]) {
        // Only this test's chats: an earlier test's last answer may still be on its way.
        const calls = h.fake
          .calls(token)
          .filter((c) => c.seq > firstSeq && chats.includes(Number(c.params.chat_id)));
        const sends = calls.filter((c) => c.method === 'sendMessage');
        expect(sends.filter((c) => !c.response.ok && c.response.error_code === 429)).toEqual([]);
        expect(sends.filter((c) => c.response.ok)).toHaveLength(45);
        expect(
          withinRate(
            sends.map((c) => c.time),
            30,
          ),
        ).toBe(true);
      }
      const rows = await db.prisma.delivery.groupBy({
        by: ['bot'],
        where: { dedupeKey: { startsWith: 'limits-' } },
        _count: { _all: true },
      });
      expect(rows.map((r) => [r.bot, r._count._all]).sort()).toEqual([
        ['700001', 45],
        ['700002', 45],
      ]);
    } finally {
      h.fake.enforceLimits(false);
    }
  }, 90_000);
});
