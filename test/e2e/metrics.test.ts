/**
 * The figures an operator watches, after one report went the whole way: a citizen submits it
 * through the real grammY bot, Telegram answers the first alert with a 429, the alert reaches
 * the chair, the report passes its due time, a sweep runs. Read from the Prometheus registry the
 * metrics port serves, on real PostgreSQL and Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAIR, GROUP } from '../support/demo.ts';
import { TOKEN, startHarness, type Harness } from '../support/gopy-harness.ts';
import { until } from '../support/until.ts';

const CITIZEN = 7301;

/** The samples of a Prometheus text exposition, by `name{labels}` as printed. */
async function scrape(h: Harness): Promise<Map<string, number>> {
  const text = await h.gopy.metrics.registry.metrics();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

describe('metrics after a report is routed', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 90_000);
  afterAll(async () => h?.close());

  it('count the report, the 429 and its pause, the alert latency, open and overdue reports, the sweep', async () => {
    // The report alerts the chair and the commune's staff group; their jobs race, and the
    // latency is of whichever alert arrives first. So the 429 answers the first alert sent,
    // whoever it is for: every alert then waits out the pause (it pauses the whole queue).
    let limited = false;
    h.fake.failWhile((call) => {
      // The alert with its one photo is a sendPhoto carrying the alert as caption.
      if (limited || call.token !== TOKEN || call.method !== 'sendPhoto') return undefined;
      if (String(call.params['chat_id']) === String(CITIZEN)) return undefined;
      limited = true;
      return {
        error_code: 429,
        description: 'Too Many Requests: retry after 1',
        parameters: { retry_after: 1 },
      };
    });

    await h.send(CITIZEN, '/start');
    await h.press(CITIZEN, 'Gửi phản ánh, kiến nghị');
    await h.press(CITIZEN, 'Phản ánh');
    await h.send(CITIZEN, 'Bắc Đông Hưng');
    await h.press(CITIZEN, /Bắc Đông Hưng/);
    await h.press(CITIZEN, 'Giao thông, đường sá');
    await h.send(CITIZEN, 'Đèn đường trước chợ bị hỏng ba hôm nay, buổi tối rất tối');
    await h.sendPhoto(CITIZEN);
    await h.press(CITIZEN, '✅ Xong');
    await h.send(CITIZEN, 'Bỏ qua');
    await h.press(CITIZEN, 'Không, cứ ghi tên tôi');
    await h.press(CITIZEN, 'Không công khai');
    await h.send(CITIZEN, 'Bỏ qua');
    await h.press(CITIZEN, '✅ Gửi');
    const done = await h.waitForText(CITIZEN, /Mã phiếu: PA-\d{4}-\d{6}/);
    const ticket = /PA-\d{4}-\d{6}/.exec(done.text ?? '')![0];
    await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${ticket}`), 30_000);
    await h.waitForText(GROUP, new RegExp(`Phản ánh mới · ${ticket}`), 30_000);

    // The counters move when a send is recorded, a moment after the message arrives: wait until
    // nothing is left to deliver (the citizen's notice included), not for a time.
    const m = await until('every delivery finished', async () => {
      const s = await scrape(h);
      // No series (the queue unreadable) is no answer: every state must read 0.
      const drained = ['ready', 'active', 'delayed'].every(
        (state) => s.get(`gopy_queue_jobs{queue="deliver",state="${state}"}`) === 0,
      );
      return drained && s;
    });
    expect(limited).toBe(true);
    expect(m.get('gopy_reports_submitted_total')).toBe(1);
    expect(m.get('gopy_alert_latency_seconds_count')).toBe(1);
    // The alert waited out the 1 s pause: at least a second from commit to delivery.
    const latency = m.get('gopy_alert_latency_seconds_sum')!;
    expect(latency).toBeGreaterThanOrEqual(1);
    expect(latency).toBeLessThan(60);
    expect(m.get('gopy_deliveries_total{outcome="rate_limited"}')).toBe(1);
    expect(m.get('gopy_delivery_paused_seconds_total')).toBe(1);
    // The chair's alert, the group's and the citizen's notice; the photo each alert carried as
    // its own is no send of its own.
    expect(m.get('gopy_deliveries_total{outcome="sent"}')).toBe(3);
    expect(m.get('gopy_reports_no_official_total')).toBe(0);
    expect(m.get('gopy_flow_errors_total')).toBeUndefined(); // no series: nothing failed

    const report = await h.db.prisma.report.findUniqueOrThrow({ where: { ticketCode: ticket } });
    const { provinceCode: province } = await h.db.prisma.unit.findUniqueOrThrow({
      where: { code: report.unitCode },
    });
    expect(m.get(`gopy_reports_open{province="${province}"}`)).toBe(1);
    expect(m.get(`gopy_reports_overdue{province="${province}"}`)).toBe(0);
    expect([...m.keys()].some((k) => k.startsWith('gopy_commune_reports_overdue{'))).toBe(false);

    // Past its due time: overdue in its province and among the worst communes. With nobody
    // above the chair it stays so (the sweep would hand it up to the demo's province admin).
    await h.db.prisma.official.updateMany({ where: { role: 'admin' }, data: { active: false } });
    await h.db.prisma.report.update({
      where: { id: report.id },
      data: { dueAt: new Date(Date.now() - 3_600_000) },
    });
    const sweep = await h.gopy.maintenance.sweep();
    expect(sweep.failed).toEqual([]);

    const after = await scrape(h);
    expect(after.get(`gopy_reports_overdue{province="${province}"}`)).toBe(1);
    expect(after.get(`gopy_commune_reports_overdue{commune="${report.unitCode}"}`)).toBe(1);
    expect(after.get('gopy_sweep_runs_total{result="ok"}')).toBe(1);
    expect(after.get('gopy_sweep_revived_total{what="routes"}')).toBe(0);
    // Everything was delivered: no job waits, so the oldest waiting job is 0 s old.
    await until('the delivery queue to drain', async () => {
      const s = await scrape(h);
      return s.get('gopy_queue_jobs{queue="deliver",state="ready"}') === 0 && s;
    });
    const drained = await scrape(h);
    expect(drained.get('gopy_queue_oldest_job_age_seconds{queue="route-report"}')).toBe(0);
    expect(drained.get('gopy_queue_jobs{queue="route-report",state="failed"}')).toBe(0);
  }, 90_000);
});
