/**
 * Routing under faults, end to end: the real grammY bot and workers against the fake Bot API
 * over HTTP, on real PostgreSQL and Redis. A citizen reports while the routing queue's Redis is
 * down; a leader has blocked the bot; Telegram answers 429 to everything for a while during a
 * burst of reports. In each, the citizen is told once and every report reaches a leader once.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE, jobId } from '../../src/queue/queue-names.ts';
import { startHarness, TOKEN, type Harness } from '../support/gopy-harness.ts';
import {
  addOfficial,
  commitReport,
  otherCommunes,
  type CommittedReport,
} from '../support/routing-fixtures.ts';
import { CHAIR, GROUP, OTHER_CHAIR } from '../support/demo.ts';
import { until } from '../support/until.ts';

/** Nothing listens there: what a Redis that went away looks like to a client. */
const CLOSED_PORT = 1;

let h: Harness;
let communes: string[];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function sentTo(chatId: number, text: string) {
  return h.fake
    .calls(TOKEN, 'sendMessage')
    .filter(
      (c) =>
        c.response.ok &&
        String(c.params.chat_id) === String(chatId) &&
        String(c.params.text).includes(text),
    );
}

/** Alerts of a ticket in a chat: a text, or a photo whose caption is the alert. */
const alertsAt = (chatId: number, ticket: string) =>
  h.fake.calls(TOKEN).filter(
    (c) =>
      c.response.ok &&
      (c.method === 'sendMessage' || c.method === 'sendPhoto') &&
      String(c.params.chat_id) === String(chatId) &&
      // Alone («Phản ánh mới · PA-…»), or a line of a digest of several («#2 · PA-…»).
      new RegExp(`Phản ánh mới · ${ticket}|#\\d+ · ${ticket}`).test(
        String(c.params.text ?? c.params.caption),
      ),
  ).length;

/** Every message about these reports has left or was refused. */
async function delivered(reportIds: number[], ms?: number) {
  // Reports first: routing stores a report's deliveries in the transaction that moves it on
  // from 'submitted', so once none is left every delivery exists and the count below sees it.
  // (The other order let a report routed between the two counts pass with its alert pending.)
  await until(
    'deliveries to finish',
    async () =>
      (await h.db.prisma.report.count({
        where: { id: { in: reportIds }, status: 'submitted' },
      })) === 0 &&
      (await h.db.prisma.delivery.count({
        where: { reportId: { in: reportIds }, state: { in: ['pending', 'sending'] } },
      })) === 0,
    ms,
  );
}

function privateChat(id: number) {
  h.fake.addChat(TOKEN, { id, type: 'private', first_name: `Người ${id}` });
  return id;
}

beforeAll(async () => {
  h = await startHarness();
  communes = await otherCommunes(h.db.prisma, 14);
}, 60_000);

afterAll(async () => h?.close());

describe('routing faults, end to end', () => {
  it('Redis is down when a citizen submits: they are told it was received at once, and once Redis is back the sweep routes it to the chair, once', async () => {
    // Point the routing queue's connection at a port where nothing listens, as when Redis dies.
    // BullMQ's Redis backend runs on ioredis; its client type is BullMQ's own interface.
    const client = (await h.gopy.routeQueue.queue.getBackend().client) as unknown as Redis;
    const port = client.options.port;
    client.options.port = CLOSED_PORT;
    client.disconnect(true);
    await until('the routing queue to lose Redis', async () => client.status !== 'ready');

    const citizen = 7201;
    await h.send(citizen, '/start');
    await h.press(citizen, 'Gửi phản ánh, kiến nghị');
    await h.press(citizen, 'Phản ánh');
    await h.send(citizen, 'bac dong hung');
    await h.press(citizen, /Bắc Đông Hưng/);
    await h.press(citizen, 'Giao thông, đường sá');
    await h.send(citizen, 'Cống thoát nước trước chợ bị vỡ, nước tràn ra đường');
    await h.sendPhoto(citizen);
    await h.press(citizen, '✅ Xong');
    await h.send(citizen, 'Bỏ qua'); // location
    await h.press(citizen, 'Không, cứ ghi tên tôi');
    await h.press(citizen, 'Không công khai');
    await h.send(citizen, 'Bỏ qua'); // phone
    const pressed = Date.now();
    await h.press(citizen, '✅ Gửi');
    const done = await h.waitForText(citizen, /Đã tiếp nhận[\s\S]*Mã phiếu: PA-\d{4}-\d{6}/);
    // Told without waiting for Redis (the enqueue failed fast, it did not time out).
    expect(Date.now() - pressed).toBeLessThan(1_500);
    const ticket = /PA-\d{4}-\d{6}/.exec(done.text ?? '')![0];

    // Committed in PostgreSQL; no routing job; nobody alerted.
    const report = await h.db.prisma.report.findUniqueOrThrow({ where: { ticketCode: ticket } });
    expect(report.status).toBe('submitted');
    const inspect = new Queue(QUEUE.routeReport, {
      connection: { url: h.gopy.config.redisUrl, maxRetriesPerRequest: null },
      prefix: h.gopy.config.queuePrefix,
    });
    try {
      // Redis comes back; the enqueue that failed does not come back with it.
      client.options.port = port;
      await until('the routing queue to reconnect', async () => client.status === 'ready');
      await sleep(300);
      expect(await inspect.getJobState(jobId.routeReport(report.id, h.gopy.installId))).toBe(
        'unknown',
      );
      expect(alertsAt(CHAIR, ticket)).toBe(0);

      const swept = await h.gopy.maintenance.sweep(new Date(Date.now() + 60_000));
      expect(swept.reroutes).toBe(1);
      await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${ticket}`));
      await h.waitForText(citizen, new RegExp(`${ticket} của Ông/Bà đã được chuyển đến`));
      await delivered([report.id]);
      expect(alertsAt(CHAIR, ticket)).toBe(1);
      expect(sentTo(citizen, `${ticket} của Ông/Bà đã được chuyển đến`)).toHaveLength(1);
      expect(await inspect.getJobState(jobId.routeReport(report.id, h.gopy.installId))).toBe(
        'completed',
      );
    } finally {
      await inspect.close();
    }
  }, 30_000);

  it('a vice chair who blocked the bot: the alert falls back to the chair, the report moves with a "rerouted" event, the citizen hears once', async () => {
    const vice = await addOfficial(h.db.prisma, {
      unitCode: '12694',
      kind: 'vice-chair',
      chatId: privateChat(9003),
    });
    h.fake.setBlocked(TOKEN, vice.chatId, true);
    const chair = await h.db.prisma.official.findFirstOrThrow({
      where: { chatId: String(CHAIR) },
    });
    const citizen = privateChat(7202);
    const report = await commitReport(h.db.prisma, { citizenChatId: citizen, unitCode: '12694' });
    await h.gopy.routeQueue.enqueue(report.id);

    await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${report.ticketCode}`));
    await until('the report to move to the chair', async () => {
      const row = await h.db.prisma.report.findUniqueOrThrow({ where: { id: report.id } });
      return row.assignedOfficialId === chair.id;
    });
    await delivered([report.id]);

    // The vice chair was tried first (Telegram refused), and got nothing.
    const refused = h.fake
      .calls(TOKEN, 'sendMessage')
      .filter((c) => String(c.params.chat_id) === String(vice.chatId));
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((c) => !c.response.ok && c.response.error_code === 403)).toBe(true);
    expect(alertsAt(CHAIR, report.ticketCode)).toBe(1);
    expect(alertsAt(GROUP, report.ticketCode)).toBe(1);
    expect(sentTo(CHAIR, 'không nhận được tin nhắn')).toHaveLength(1);
    expect(sentTo(citizen, report.ticketCode)).toHaveLength(1);

    const events = await h.db.prisma.reportEvent.findMany({
      where: { reportId: report.id },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.type)).toEqual(['submitted', 'routed', 'rerouted']);
    expect(events[2]?.data).toMatchObject({ from: vice.officialId, to: chair.id });
    const official = await h.db.prisma.official.findUniqueOrThrow({
      where: { id: vice.officialId },
    });
    expect(official.unreachableAt).not.toBeNull();
    const row = await h.db.prisma.report.findUniqueOrThrow({ where: { id: report.id } });
    expect(row.assignedPositionId).toBe(chair.positionId);
    expect(row.status).toBe('routed');
  }, 30_000);

  it('a chair who blocked the bot, with nobody after them in the commune: the province administrator gets it', async () => {
    const [unitCode, adminUnit] = communes;
    const chair = await addOfficial(h.db.prisma, {
      unitCode: unitCode!,
      kind: 'chair',
      chatId: privateChat(9211),
    });
    h.fake.setBlocked(TOKEN, chair.chatId, true);
    const admin = await addOfficial(h.db.prisma, {
      unitCode: adminUnit!,
      kind: 'chair',
      chatId: privateChat(9311),
      role: 'admin',
    });
    const citizen = privateChat(7203);
    const report = await commitReport(h.db.prisma, { citizenChatId: citizen, unitCode: unitCode! });
    await h.gopy.routeQueue.enqueue(report.id);

    await h.waitForText(admin.chatId, new RegExp(`Phản ánh mới · ${report.ticketCode}`));
    await until('the report to move to the administrator', async () => {
      const row = await h.db.prisma.report.findUniqueOrThrow({ where: { id: report.id } });
      return row.assignedOfficialId === admin.officialId;
    });
    await delivered([report.id]);
    expect(alertsAt(admin.chatId, report.ticketCode)).toBe(1);
    expect(sentTo(citizen, report.ticketCode)).toHaveLength(1);
  }, 30_000);

  it('Telegram answers 429 to every message for a while during a burst of reports: all alerts arrive, once each, in order per chat, within Telegram’s limits', async () => {
    const units = communes.slice(2, 14);
    const chairs = new Map<string, number>([
      ['12694', CHAIR],
      ['13186', OTHER_CHAIR],
    ]);
    for (const [i, unitCode] of units.entries()) {
      const chair = await addOfficial(h.db.prisma, {
        unitCode,
        kind: 'chair',
        chatId: privateChat(9400 + i),
      });
      chairs.set(unitCode, chair.chatId);
    }
    const targets = [...chairs.keys()];
    h.fake.enforceLimits(true);
    let storming = true;
    const calm = h.fake.failWhile(({ method }) =>
      storming && method === 'sendMessage'
        ? {
            error_code: 429,
            description: 'Too Many Requests: retry after 1',
            parameters: { retry_after: 1 },
          }
        : undefined,
    );
    const firstSeq = h.fake.lastCallSeq();
    try {
      setTimeout(() => (storming = false), 2_500);
      const reports: Array<CommittedReport & { unitCode: string; citizen: number }> = [];
      for (let i = 0; i < 28; i++) {
        const unitCode = targets[i % targets.length]!;
        const citizen = privateChat(7300 + i);
        const report = await commitReport(h.db.prisma, { citizenChatId: citizen, unitCode });
        reports.push({ ...report, unitCode, citizen });
        await h.gopy.routeQueue.enqueue(report.id);
      }
      await delivered(
        reports.map((r) => r.id),
        30_000,
      );

      const during = h.fake.calls(TOKEN).filter((c) => c.seq > firstSeq);
      expect(during.filter((c) => !c.response.ok && c.response.error_code === 429).length).toBe(
        during.filter((c) => !c.response.ok).length,
      );
      expect(during.some((c) => !c.response.ok && c.response.error_code === 429)).toBe(true);
      // Every 429 was ours: gopy itself never went over Telegram's limits, even catching up.
      expect(h.fake.violations().filter((v) => v.kind === 'rateLimit')).toEqual([]);

      // Zero loss, once each.
      const rows = await h.db.prisma.delivery.findMany({
        where: { reportId: { in: reports.map((r) => r.id) } },
        orderBy: { id: 'asc' },
      });
      expect(rows.filter((r) => r.state !== 'sent')).toEqual([]);
      for (const r of reports) {
        expect(alertsAt(chairs.get(r.unitCode)!, r.ticketCode), r.ticketCode).toBe(1);
        expect(sentTo(r.citizen, r.ticketCode), r.ticketCode).toHaveLength(1);
        if (r.unitCode === '12694') expect(alertsAt(GROUP, r.ticketCode)).toBe(1);
      }

      // In order per chat: a chat's messages got Telegram message ids in creation order.
      const byChat = new Map<string, number[]>();
      for (const row of rows)
        byChat.set(row.chatId, [...(byChat.get(row.chatId) ?? []), row.messageIds[0]!]);
      for (const [chatId, ids] of byChat)
        expect(ids, `chat ${chatId}`).toEqual([...ids].sort((a, b) => a - b));
      expect([...byChat.values()].some((ids) => ids.length > 1)).toBe(true);
    } finally {
      storming = false;
      calm();
      h.fake.enforceLimits(false);
    }
  }, 45_000);
});
