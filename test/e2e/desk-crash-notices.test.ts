/**
 * What an official's action (or the clock's) says to people is part of the action: the citizen's
 * notice, the new holder's alert and the alerts' edits are delivery rows written in the same
 * transaction as the status change. Here the process "dies" the moment each change commits
 * (nothing after the commit runs: every enqueue fails), and the sweep that follows still
 * delivers each notice, exactly once. The real grammY bot and delivery queue against the fake
 * Bot API, on real PostgreSQL and Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAIR, STAFF } from '../support/demo.ts';
import { fileReport, type FiledReport } from '../support/desk-fixtures.ts';
import { startHarness, TOKEN, type Harness } from '../support/gopy-harness.ts';
import { until } from '../support/until.ts';

let h: Harness;
let nextCitizen = 7601;

beforeAll(async () => {
  // An hour between sweeps: only the sweeps this test runs can send what the crash left.
  h = await startHarness({ env: { SWEEP_INTERVAL_SECONDS: '3600' }, noticesMayWait: true });
}, 90_000);
afterAll(async () => h?.close());

/** From now until `revive`, the process is dead the moment anything is to be queued. */
function dieAfterCommit(): () => void {
  const queue = h.gopy.deliveryQueue;
  const enqueue = queue.enqueue.bind(queue);
  queue.enqueue = () => Promise.reject(new Error('process killed right after the commit'));
  return () => void (queue.enqueue = enqueue);
}

async function newReport(): Promise<FiledReport & { citizen: number }> {
  const citizen = nextCitizen++;
  const report = await fileReport(h, { citizen: { id: citizen } });
  await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${report.ticket}`));
  await h.waitForText(citizen, new RegExp(`${report.ticket} của Ông/Bà đã được chuyển đến`));
  return { ...report, citizen };
}

const textsTo = (chatId: number, pattern: RegExp) =>
  h.texts(chatId).filter((text) => pattern.test(text));

/** Pending rows of the report: what the dead process left to the sweep. */
const pendingOf = (reportId: number) =>
  h.db.prisma.delivery.count({ where: { reportId, state: { in: ['pending', 'sending'] } } });

/** Sweeps (as a worker's timer would), then waits until every message of the report left. */
async function sweepAndDeliver(reportId: number) {
  await h.gopy.maintenance.sweep();
  await until('the pending messages to be sent', async () => (await pendingOf(reportId)) === 0);
  await h.settle();
}

describe('a process killed right after a status change', () => {
  it('acknowledge: the citizen hears once, from the sweep', async () => {
    const r = await newReport();
    const revive = dieAfterCommit();
    try {
      await h.press(CHAIR, '✅ Tiếp nhận');
    } finally {
      revive();
    }
    const told = new RegExp(`${r.ticket} đã được lãnh đạo xã tiếp nhận`);
    expect((await h.db.prisma.report.findUniqueOrThrow({ where: { id: r.id } })).status).toBe(
      'acknowledged',
    );
    expect(textsTo(r.citizen, told)).toEqual([]);
    expect(await pendingOf(r.id)).toBeGreaterThan(0);

    await sweepAndDeliver(r.id);
    expect(textsTo(r.citizen, told)).toHaveLength(1);
    // The chair's alert was edited to say who acknowledged it.
    expect(
      h.fake
        .calls(TOKEN, 'editMessageText')
        .filter((c) => String(c.params.chat_id) === String(CHAIR))
        .some((c) => String(c.params.text).includes('Đã tiếp nhận')),
    ).toBe(true);
  }, 60_000);

  it('assign: the staff member gets the alert and the citizen the notice, once each', async () => {
    const r = await newReport();
    await h.press(CHAIR, '👤 Giao cán bộ');
    const revive = dieAfterCommit();
    try {
      await h.press(CHAIR, 'Công chức Văn phòng (demo) · Công chức Văn phòng HĐND và UBND xã');
    } finally {
      revive();
    }
    const assigned = new RegExp(`Phản ánh được giao cho Ông/Bà[\\s\\S]*${r.ticket}`);
    const told = new RegExp(`${r.ticket} đã được giao cho cán bộ xử lý`);
    expect(textsTo(STAFF, assigned)).toEqual([]);
    expect(textsTo(r.citizen, told)).toEqual([]);

    await sweepAndDeliver(r.id);
    expect(textsTo(STAFF, assigned)).toHaveLength(1);
    expect(textsTo(r.citizen, told)).toHaveLength(1);
  }, 60_000);

  it('extend (gia hạn): the citizen reads the reason once', async () => {
    const r = await newReport();
    await h.press(CHAIR, '⏳ Xin gia hạn');
    const revive = dieAfterCommit();
    try {
      await h.send(CHAIR, 'Chờ đơn vị điện lực cấp vật tư thay thế.');
    } finally {
      revive();
    }
    const told = new RegExp(
      `${r.ticket} cần thêm thời gian xử lý[\\s\\S]*Lý do: Chờ đơn vị điện lực cấp vật tư thay thế\\.`,
    );
    expect(textsTo(r.citizen, told)).toEqual([]);
    await sweepAndDeliver(r.id);
    expect(textsTo(r.citizen, told)).toHaveLength(1);
  }, 60_000);

  it('pass on (chuyển): the new holder and the citizen hear once each', async () => {
    const r = await newReport();
    await h.press(CHAIR, '↪ Chuyển');
    await h.press(CHAIR, /^Công chức Văn phòng HĐND và UBND xã ·/);
    const revive = dieAfterCommit();
    try {
      await h.send(CHAIR, 'Văn phòng nắm hồ sơ đèn chiếu sáng công cộng.');
    } finally {
      revive();
    }
    const passed = new RegExp(`Phản ánh được chuyển đến Ông/Bà[\\s\\S]*${r.ticket}`);
    const told = new RegExp(`${r.ticket} đã được chuyển đến .* để xử lý đúng thẩm quyền`);
    expect(textsTo(STAFF, passed)).toEqual([]);
    expect(textsTo(r.citizen, told)).toEqual([]);
    await sweepAndDeliver(r.id);
    expect(textsTo(STAFF, passed)).toHaveLength(1);
    expect(textsTo(r.citizen, told)).toHaveLength(1);
  }, 60_000);

  it('escalate (overdue, by the sweep): the citizen hears once', async () => {
    const r = await newReport();
    // Assigned to the staff member and overdue: the next level is the chair.
    await h.press(CHAIR, '👤 Giao cán bộ');
    await h.press(CHAIR, 'Công chức Văn phòng (demo) · Công chức Văn phòng HĐND và UBND xã');
    await sweepAndDeliver(r.id);
    await h.db.prisma.report.update({
      where: { id: r.id },
      data: { dueAt: new Date(Date.now() - 3_600_000) },
    });
    const told = new RegExp(`${r.ticket} đã được chuyển lên .* để chỉ đạo giải quyết`);
    const revive = dieAfterCommit();
    try {
      // The sweep's escalation step dies after the commit (the sweep logs it and goes on).
      await h.gopy.maintenance.sweep();
    } finally {
      revive();
    }
    const row = await h.db.prisma.report.findUniqueOrThrow({ where: { id: r.id } });
    expect(row.escalationLevel).toBe(1);
    expect(textsTo(r.citizen, told)).toEqual([]);
    await sweepAndDeliver(r.id);
    expect(textsTo(r.citizen, told)).toHaveLength(1);
    expect(textsTo(CHAIR, new RegExp(`Phản ánh quá hạn[\\s\\S]*${r.ticket}`))).toHaveLength(1);
  }, 60_000);

  it('auto-close after 7 days without the citizen’s verdict: the citizen hears once', async () => {
    const r = await newReport();
    await h.press(CHAIR, '✔ Đã xử lý');
    await h.press(CHAIR, 'Đã giải quyết');
    await h.send(CHAIR, 'Đã thay bóng đèn mới, đèn sáng bình thường từ tối nay.');
    await h.sendPhoto(CHAIR);
    await h.waitForText(r.citizen, new RegExp(`trả lời phiếu ${r.ticket}`));
    await sweepAndDeliver(r.id);
    await h.db.prisma.report.update({
      where: { id: r.id },
      data: { resolvedAt: new Date(Date.now() - 8 * 86_400_000) },
    });
    const told = new RegExp(`${r.ticket} đã được đóng vì sau 7 ngày`);
    const revive = dieAfterCommit();
    try {
      await h.gopy.maintenance.sweep();
    } finally {
      revive();
    }
    const row = await h.db.prisma.report.findUniqueOrThrow({ where: { id: r.id } });
    expect([row.status, row.verdict]).toEqual(['closed', 'none']);
    expect(textsTo(r.citizen, told)).toEqual([]);
    await sweepAndDeliver(r.id);
    expect(textsTo(r.citizen, told)).toHaveLength(1);
  }, 60_000);

  it('resolve: the answer is stored with the change and reaches the citizen once', async () => {
    const r = await newReport();
    await h.press(CHAIR, '✔ Đã xử lý');
    await h.press(CHAIR, 'Đã giải quyết');
    await h.send(CHAIR, 'Đã thay bóng đèn mới, đèn sáng bình thường từ tối nay.');
    const revive = dieAfterCommit();
    try {
      await h.sendPhoto(CHAIR);
    } finally {
      revive();
    }
    const answer = new RegExp(`trả lời phiếu ${r.ticket}[\\s\\S]*Đã thay bóng đèn mới`);
    expect(textsTo(r.citizen, answer)).toEqual([]);
    const thread = await h.db.prisma.threadMessage.findMany({ where: { reportId: r.id } });
    expect(thread.map((m) => m.text)).toEqual([expect.stringContaining('Đã thay bóng đèn mới')]);
    await sweepAndDeliver(r.id);
    expect(textsTo(r.citizen, answer)).toHaveLength(1);
  }, 60_000);
});
