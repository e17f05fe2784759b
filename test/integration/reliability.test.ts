/**
 * Routing survives its faults, on real PostgreSQL and Redis, with alerts sent by the real bot
 * (grammY) to the fake Bot API: a routing worker dying mid-job, the same report enqueued twice,
 * Redis losing the routing job after the commit, and a job that ran out of attempts before the
 * commune had anyone to alert. Every test ends with what a person would see: one alert at the
 * leader, the citizen told once, the report routed in PostgreSQL.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRerouteUnreachable } from '../../src/app/reroute-unreachable.ts';
import { createRouteReport } from '../../src/app/route-report.ts';
import { createLogger } from '../../src/logger.ts';
import { QUEUE, jobId } from '../../src/queue/queue-names.ts';
import { createRouteReportQueue } from '../../src/queue/route-report-queue.ts';
import { startHarness, TOKEN, type Harness } from '../support/gopy-harness.ts';
import { addOfficial, commitReport, otherCommunes } from '../support/routing-fixtures.ts';
import { CHAIR, GROUP, OTHER_CHAIR } from '../support/demo.ts';
import { until } from '../support/until.ts';
import { DEFAULT_CALENDAR } from '../../src/core/working-days.ts';

/** A dead worker's job is taken over after about two intervals. */
const FAST_STALL = { lockDuration: 1_000, stalledInterval: 1_000 };
const logger = createLogger(process.env['GOPY_TEST_LOG'] ?? 'silent', 'reliability-test');

let h: Harness;
let prefix: string;
let connection: { url: string; maxRetriesPerRequest: null };
/** A queue handle of our own, to look at jobs from outside gopy. */
let inspect: Queue;
/** The same for the delivery queue. */
let deliveryJobs: Queue;
let communes: string[];

/** Successful alerts (the text with the buttons) for a ticket in a chat, at the fake. */
function alertsAt(chatId: number, ticket: string): number {
  return h.fake
    .calls(TOKEN, 'sendMessage')
    .filter(
      (c) =>
        c.response.ok &&
        String(c.params.chat_id) === String(chatId) &&
        String(c.params.text).includes(`Phản ánh mới · ${ticket}`),
    ).length;
}

/** Successful messages to a citizen's chat that name the ticket. */
function noticesAt(chatId: number, ticket: string): number {
  return h.fake
    .calls(TOKEN, 'sendMessage')
    .filter(
      (c) =>
        c.response.ok &&
        String(c.params.chat_id) === String(chatId) &&
        String(c.params.text).includes(ticket),
    ).length;
}

/** The report is routed and every message about it has left (or was refused). */
async function settled(reportId: number) {
  await until(`report ${reportId} routed and delivered`, async () => {
    const report = await h.db.prisma.report.findUniqueOrThrow({ where: { id: reportId } });
    const open = await h.db.prisma.delivery.count({
      where: { reportId, state: { in: ['pending', 'sending'] } },
    });
    return report.status === 'routed' && open === 0;
  });
}

async function eventsOf(reportId: number): Promise<string[]> {
  const rows = await h.db.prisma.reportEvent.findMany({
    where: { reportId },
    orderBy: { id: 'asc' },
  });
  return rows.map((e) => e.type);
}

function citizen(chatId: number) {
  h.fake.addChat(TOKEN, { id: chatId, type: 'private', first_name: `Dân ${chatId}` });
  return chatId;
}

beforeAll(async () => {
  // Routing workers are started by the tests: one of them must be the only one at first.
  h = await startHarness({ workers: false });
  h.gopy.deliveryQueue.startWorker();
  prefix = h.gopy.config.queuePrefix;
  connection = { url: h.gopy.config.redisUrl, maxRetriesPerRequest: null };
  inspect = new Queue(QUEUE.routeReport, { connection, prefix });
  deliveryJobs = new Queue(QUEUE.deliver, { connection, prefix });
  communes = await otherCommunes(h.db.prisma, 3);
}, 60_000);

afterAll(async () => {
  await inspect?.close();
  await deliveryJobs?.close();
  await h?.close();
});

describe('routing faults', () => {
  it('a routing worker dies at the status change: another one takes the job over after the stalled check, and the chair gets one alert', async () => {
    // No routing worker runs yet (this test comes first): the doomed one gets the job.
    const citizenChat = citizen(7101);
    const report = await commitReport(h.db.prisma, {
      citizenChatId: citizenChat,
      unitCode: '12694',
    });

    // The doomed worker runs the real use case but freezes at the status change, which stores
    // the alerts with it: nothing is stored, the report is still 'submitted'.
    let frozeAfterAlerts!: () => void;
    const froze = new Promise<void>((resolve) => (frozeAfterAlerts = resolve));
    const { repos, deliveryQueue } = h.gopy;
    const deps = {
      officials: repos.officials,
      rules: repos.rules,
      outbox: deliveryQueue,
      logger,
    };
    const doomed = createRouteReportQueue({
      connection,
      prefix,
      scope: h.gopy.installId,
      logger,
      routeReport: createRouteReport({
        calendar: DEFAULT_CALENDAR,
        ...deps,
        workflow: {
          get: (id) => repos.workflow.get(id),
          record: () => {
            frozeAfterAlerts();
            return new Promise<never>(() => undefined);
          },
        },
        reroute: createRerouteUnreachable({ ...deps, workflow: repos.workflow }),
        now: () => new Date(),
      }),
    });
    const doomedWorker = doomed.startWorker(FAST_STALL);
    expect(await h.gopy.routeQueue.enqueue(report.id)).toBe(true);
    await froze;
    // No alert for a report that is not routed (they commit together).
    expect(await h.db.prisma.delivery.count({ where: { reportId: report.id } })).toBe(0);

    // The process dies: no more lock renewals, the job stays 'active' with nobody on it.
    await doomedWorker.close(true);
    await doomed.queue.close();
    expect(await inspect.getJobState(jobId.routeReport(report.id, h.gopy.installId))).toBe(
      'active',
    );
    h.gopy.routeQueue.startWorker(FAST_STALL);

    await settled(report.id);
    await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${report.ticketCode}`));
    // The report row changes inside the job; BullMQ marks the job completed a moment later.
    await until(
      'the taken-over job to complete',
      async () =>
        (await inspect.getJobState(jobId.routeReport(report.id, h.gopy.installId))) === 'completed',
    );
    const job = await inspect.getJob(jobId.routeReport(report.id, h.gopy.installId));
    expect(job?.stalledCounter).toBe(1); // it really was taken over after a stall
    expect(job?.returnvalue).toBe('routed');

    expect(alertsAt(CHAIR, report.ticketCode)).toBe(1);
    expect(alertsAt(GROUP, report.ticketCode)).toBe(1);
    expect(noticesAt(citizenChat, report.ticketCode)).toBe(1);
    expect(await eventsOf(report.id)).toEqual(['submitted', 'routed']);
    const chair = await h.db.prisma.official.findFirstOrThrow({ where: { chatId: String(CHAIR) } });
    expect(
      (await h.db.prisma.report.findUniqueOrThrow({ where: { id: report.id } })).assignedOfficialId,
    ).toBe(chair.id);
  }, 30_000);

  it('the same report enqueued twice at once, and again after it was routed, is one job and one alert', async () => {
    h.gopy.routeQueue.startWorker(FAST_STALL);
    const citizenChat = citizen(7102);
    const report = await commitReport(h.db.prisma, {
      citizenChatId: citizenChat,
      unitCode: '13186',
    });

    expect(
      await Promise.all([
        h.gopy.routeQueue.enqueue(report.id),
        h.gopy.routeQueue.enqueue(report.id),
      ]),
    ).toEqual([true, true]);
    await settled(report.id);
    const first = await inspect.getJob(jobId.routeReport(report.id, h.gopy.installId));
    expect(first?.finishedOn).toBeDefined();

    // A late duplicate (a retried submit, a sweep racing the job) finds the completed id kept.
    // Redis decides that in the add itself: once enqueue returned, a second run would show as a
    // waiting, active or newly finished job, so the checks below need no waiting.
    expect(await h.gopy.routeQueue.enqueue(report.id)).toBe(true);
    expect(await inspect.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized')).toBe(0);
    const again = await inspect.getJob(jobId.routeReport(report.id, h.gopy.installId));
    expect(again?.finishedOn).toBe(first?.finishedOn);
    expect(again?.attemptsMade).toBe(1);
    const jobs = await inspect.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed']);
    expect(
      jobs.filter((j) => (j.data as { reportId?: number }).reportId === report.id),
    ).toHaveLength(1);

    expect(alertsAt(OTHER_CHAIR, report.ticketCode)).toBe(1); // the chair of 13186
    expect(noticesAt(citizenChat, report.ticketCode)).toBe(1);
    expect(await eventsOf(report.id)).toEqual(['submitted', 'routed']);
  }, 20_000);

  it('Redis loses the routing job after the commit: the report waits in PostgreSQL and the sweep routes it; the chair gets one alert', async () => {
    h.gopy.routeQueue.startWorker(FAST_STALL);
    // Paused, the queue holds the job back from the worker until Redis loses it.
    await inspect.pause();
    const citizenChat = citizen(7103);
    const report = await commitReport(h.db.prisma, {
      citizenChatId: citizenChat,
      unitCode: '12694',
    });
    expect(await h.gopy.routeQueue.enqueue(report.id)).toBe(true);
    expect(await inspect.getJobState(jobId.routeReport(report.id, h.gopy.installId))).toBe(
      'waiting',
    );

    // Redis restarts empty (it keeps nothing on disk): every key of this gopy is gone.
    const redis = new Redis(h.gopy.config.redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
    redis.disconnect();
    expect(await inspect.isPaused()).toBe(false); // the pause went with the keys
    // The job went with the keys and no worker ever held it (the queue was paused): nothing is
    // left that could route the report, so nothing is waited for.
    expect(await inspect.getJobState(jobId.routeReport(report.id, h.gopy.installId))).toBe(
      'unknown',
    );
    expect((await h.db.prisma.report.findUniqueOrThrow({ where: { id: report.id } })).status).toBe(
      'submitted',
    );
    expect(alertsAt(CHAIR, report.ticketCode)).toBe(0);

    // The sweep's grace for fresh reports is skipped by looking from a minute later.
    const swept = await h.gopy.maintenance.sweep(new Date(Date.now() + 60_000));
    expect(swept.reroutes).toBe(1);
    await settled(report.id);
    await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${report.ticketCode}`));
    expect(alertsAt(CHAIR, report.ticketCode)).toBe(1);
    expect(alertsAt(GROUP, report.ticketCode)).toBe(1);
    expect(noticesAt(citizenChat, report.ticketCode)).toBe(1);

    // A second sweep finds nothing left to do for it.
    expect((await h.gopy.maintenance.sweep(new Date(Date.now() + 60_000))).reroutes).toBe(0);
  }, 20_000);

  it('a report whose commune had nobody waits out of the sweep, and once released the sweep routes it to the new leader', async () => {
    h.gopy.routeQueue.startWorker(FAST_STALL);
    const [unitCode] = communes;
    const citizenChat = citizen(7104);
    const report = await commitReport(h.db.prisma, {
      citizenChatId: citizenChat,
      unitCode: unitCode!,
    });
    // Nobody in the commune and no province admin: the job ends, the report is parked.
    expect(await h.gopy.routeQueue.enqueue(report.id)).toBe(true);
    await until(
      'the report to wait for an official',
      async () =>
        (await h.db.prisma.report.findUniqueOrThrow({ where: { id: report.id } }))
          .awaitingOfficialAt ?? undefined,
    );
    await until(
      'the routing job to complete',
      async () =>
        (await inspect.getJobState(jobId.routeReport(report.id, h.gopy.installId))) === 'completed',
    );
    // A parked report is not retried by the sweep (it would only find nobody again).
    expect((await h.gopy.maintenance.sweep(new Date(Date.now() + 60_000))).reroutes).toBe(0);

    const chair = await addOfficial(h.db.prisma, {
      unitCode: unitCode!,
      kind: 'chair',
      chatId: 9501,
    });
    h.fake.addChat(TOKEN, { id: chair.chatId, type: 'private', first_name: 'Chủ tịch' });
    // Registration releases it (the invite path also re-enqueues; here the sweep is the net).
    expect(await h.gopy.repos.workflow.releaseAwaitingOfficial({ unitCode: unitCode! })).toEqual([
      report.id,
    ]);
    const swept = await h.gopy.maintenance.sweep(new Date(Date.now() + 60_000));
    expect(swept.reroutes).toBe(1);
    await settled(report.id);
    expect(alertsAt(chair.chatId, report.ticketCode)).toBe(1);
    expect(noticesAt(citizenChat, report.ticketCode)).toBe(1);
    const routed = await h.db.prisma.report.findUniqueOrThrow({ where: { id: report.id } });
    expect(routed.assignedOfficialId).toBe(chair.officialId);
  }, 20_000);

  it('the fallback only goes up: an escalated report passes to the province, concurrent fallbacks move it once, a report someone took up stays', async () => {
    const [, unitCode, adminUnit] = communes;
    const vice = await addOfficial(h.db.prisma, {
      unitCode: unitCode!,
      kind: 'vice-chair',
      chatId: citizen(9601),
      fields: ['giao-thong'],
    });
    const chair = await addOfficial(h.db.prisma, {
      unitCode: unitCode!,
      kind: 'chair',
      chatId: citizen(9602),
    });
    const admin = await addOfficial(h.db.prisma, {
      unitCode: adminUnit!,
      kind: 'chair',
      chatId: citizen(9603),
      role: 'admin',
    });
    const { repos, deliveryQueue } = h.gopy;
    const reroute = createRerouteUnreachable({
      workflow: repos.workflow,
      officials: repos.officials,
      rules: repos.rules,
      outbox: deliveryQueue,
      logger,
    });
    const routedTo = async (
      officialId: number,
      extra: { status?: string; escalationLevel?: number } = {},
    ) => {
      const report = await commitReport(h.db.prisma, {
        citizenChatId: citizen(7105),
        unitCode: unitCode!,
      });
      await h.db.prisma.report.update({
        where: { id: report.id },
        data: { status: 'routed', assignedOfficialId: officialId, ...extra },
      });
      return report;
    };

    // Escalated to the chair, who then blocked the bot: the province, not back to the vice chair.
    const escalated = await routedTo(chair.officialId, { escalationLevel: 1 });
    expect(await reroute({ reportId: escalated.id, officialId: chair.officialId })).toEqual({
      type: 'rerouted',
      fromOfficialId: chair.officialId,
      toOfficialId: admin.officialId,
    });

    // The same refusal handled twice at once (the delivery worker and the routing job): one move.
    const fresh = await routedTo(vice.officialId);
    const outcomes = await Promise.all([
      reroute({ reportId: fresh.id, officialId: vice.officialId }),
      reroute({ reportId: fresh.id, officialId: vice.officialId }),
    ]);
    expect(outcomes.map((o) => o.type).sort()).toEqual(['notAssigned', 'rerouted']);
    const moved = await h.db.prisma.report.findUniqueOrThrow({ where: { id: fresh.id } });
    expect(moved.assignedOfficialId).toBe(chair.officialId);
    expect(await eventsOf(fresh.id)).toEqual(['submitted', 'rerouted']);

    // Acknowledged by the vice chair: a later refusal does not take the report away.
    const taken = await routedTo(vice.officialId, { status: 'acknowledged' });
    expect(await reroute({ reportId: taken.id, officialId: vice.officialId })).toEqual({
      type: 'notAssigned',
    });

    await until('the fallback alerts to go out', async () =>
      alertsAt(admin.chatId, escalated.ticketCode) === 1 &&
      alertsAt(chair.chatId, fresh.ticketCode) === 1
        ? true
        : undefined,
    );
    // Every delivery about these reports has finished and no delivery job is left that could
    // send again: only then is "one alert" a fact rather than a moment.
    await until('every delivery finished and no job left', async () =>
      (await h.db.prisma.delivery.count({
        where: {
          reportId: { in: [fresh.id, escalated.id, taken.id] },
          state: { in: ['pending', 'sending'] },
        },
      })) === 0 &&
      (await deliveryJobs.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized')) === 0
        ? true
        : undefined,
    );
    expect(alertsAt(chair.chatId, fresh.ticketCode)).toBe(1);
    expect(alertsAt(vice.chatId, escalated.ticketCode)).toBe(0);
    expect(await h.db.prisma.delivery.count({ where: { reportId: taken.id } })).toBe(0);
  }, 20_000);
});
