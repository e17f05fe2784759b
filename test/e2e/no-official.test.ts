/**
 * No report goes nowhere: a citizen choosing a commune where nobody reads Gopy is told so
 * before writing; a report that finds nobody at all is counted, kept out of the retry loop, and
 * alerts the commune's chair the moment the chair registers with an invite; with a province
 * admin, it goes to the admin at once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminCommand } from '../../src/cli/admin-commands.ts';
import { loadConfig } from '../../src/config.ts';
import { TICKET_PREFIXES } from '../../src/core/ticket-code.ts';
import { TOKEN, startHarness, type Harness } from '../support/gopy-harness.ts';
import { addOfficial, otherCommunes } from '../support/routing-fixtures.ts';
import { until } from '../support/until.ts';

const CITIZEN = 7001;
const NEW_CHAIR = 7002;
const ADMIN = 7003;
const EDITOR = 7004;
const READY_COMMUNE = '12694'; // Xã Bắc Đông Hưng, Hưng Yên: the seeded demo commune, with a chair

let h: Harness;
let communes: Array<{ code: string; name: string; provinceCode: string }>;

beforeAll(async () => {
  h = await startHarness({ humanPace: true });
  const codes = await otherCommunes(h.db.prisma, 2);
  communes = await h.db.prisma.unit.findMany({
    where: { code: { in: codes } },
    orderBy: { code: 'asc' },
    select: { code: true, name: true, provinceCode: true },
  });
  for (const id of [CITIZEN, NEW_CHAIR, ADMIN, EDITOR])
    h.fake.addChat(TOKEN, { id, type: 'private', first_name: `Người ${id}` });
}, 120_000);

afterAll(async () => {
  await h?.close();
});

/** Commits a report as the citizen flow does and hands it to the routing queue. */
async function commitAndEnqueue(unitCode: string): Promise<{ id: number; ticket: string }> {
  const citizen = await h.db.prisma.citizen.upsert({
    where: { channel_externalId: { channel: 'telegram', externalId: String(CITIZEN) } },
    create: {
      channel: 'telegram',
      externalId: String(CITIZEN),
      chatId: String(CITIZEN),
      displayName: 'Người dân',
      consentAt: new Date(),
    },
    update: {},
  });
  const year = new Date().getFullYear();
  const r = await h.gopy.repos.reports.submit({
    submissionKey: randomUUID(),
    citizenId: citizen.id,
    unitCode,
    categoryCode: 'giao-thong',
    kind: 'phan-anh',
    text: 'Cống thoát nước đầu thôn bị tắc, nước tràn ra đường.',
    anonymous: false,
    photos: [],
    flowId: 'report',
    flowVersion: 1,
    dueAt: new Date(Date.now() + 7 * 86_400_000),
    ticketPrefix: TICKET_PREFIXES['phan-anh'],
    year,
  });
  expect(await h.gopy.routeQueue.enqueue(r.id)).toBe(true);
  return { id: r.id, ticket: r.ticketCode };
}

async function metricValue(): Promise<number> {
  const m = await h.gopy.metrics.registry.getSingleMetric('gopy_reports_no_official_total')?.get();
  return m?.values[0]?.value ?? 0;
}

describe('a commune nobody reads yet', () => {
  it('tells the citizen before writing and offers a way on', async () => {
    const commune = communes[0]!;
    await h.send(CITIZEN, '/start');
    await h.press(CITIZEN, 'Gửi phản ánh, kiến nghị');
    await h.press(CITIZEN, 'Phản ánh');
    await h.send(CITIZEN, commune.code);
    await h.press(CITIZEN, new RegExp(`^${commune.name}`));
    await h.waitForText(CITIZEN, /chưa có cán bộ nhận phản ánh qua Gopy/);
    expect(h.texts(CITIZEN).at(-1)).toContain(
      'chuyển đến phường ngay khi phường có cán bộ đăng ký nhận',
    );
    expect(h.buttons(CITIZEN).flat()).toEqual(expect.arrayContaining(['Vẫn gửi', 'Chọn nơi khác']));
    await h.press(CITIZEN, 'Vẫn gửi');
    await h.waitForText(CITIZEN, /Việc này thuộc lĩnh vực nào\?/);
  });

  it('the review’s «✏️ Xã, phường» tells the same, and the receipt promises no deadline', async () => {
    const commune = communes[0]!;
    const c = EDITOR;
    await h.send(c, '/start');
    await h.press(c, 'Gửi phản ánh, kiến nghị');
    await h.press(c, 'Phản ánh');
    await h.send(c, READY_COMMUNE);
    await h.press(c, /^Xã Bắc Đông Hưng/);
    await h.press(c, 'Giao thông, đường sá');
    await h.send(c, 'Cống thoát nước đầu thôn bị tắc, nước tràn ra đường.');
    await h.press(c, 'Bỏ qua'); // photos
    await h.send(c, 'Bỏ qua'); // location
    await h.press(c, 'Không, cứ ghi tên tôi');
    await h.press(c, 'Không công khai');
    await h.send(c, 'Bỏ qua'); // phone
    await h.waitForText(c, /Xin Ông\/Bà xem lại trước khi gửi/);

    await h.press(c, '✏️ Xã, phường');
    await h.send(c, commune.code);
    await h.press(c, new RegExp(`^${commune.name}`));
    const told = h.texts(c).at(-1)!;
    expect(told).toContain(`${commune.name}`);
    expect(told).toContain('chưa có cán bộ nhận phản ánh qua Gopy');
    expect(told).toContain('chuyển đến phường ngay khi phường có cán bộ đăng ký nhận');
    expect(h.buttons(c).flat()).toEqual(expect.arrayContaining(['Vẫn gửi', 'Chọn nơi khác']));
    await h.press(c, 'Vẫn gửi');
    const review = h.texts(c).at(-1)!;
    expect(review).toMatch(/Xin Ông\/Bà xem lại trước khi gửi/);
    expect(review).toContain(commune.name);

    await h.press(c, '✅ Gửi');
    const receipt = h.texts(c).at(-1)!;
    expect(receipt).toMatch(/Mã phiếu: PA-\d{4}-\d{6}/);
    expect(receipt).toContain('chưa có cán bộ nhận phản ánh qua Gopy');
    expect(receipt).toContain('sẽ chuyển đến phường ngay khi phường có cán bộ đăng ký nhận');
    expect(receipt).not.toMatch(/Hạn trả lời|chậm nhất/);
    const ticket = /PA-\d{4}-\d{6}/.exec(receipt)![0];
    // Routing agrees: nobody took it, it is kept for the commune's first official.
    await until('the report parked', async () =>
      (await h.db.prisma.report.findUniqueOrThrow({ where: { ticketCode: ticket } }))
        .awaitingOfficialAt !== null
        ? true
        : undefined,
    );
  });

  it('keeps a report that finds nobody, counts it, and alerts the chair who registers', async () => {
    const commune = communes[0]!;
    const before = await metricValue();
    const report = await commitAndEnqueue(commune.code);
    await until('the report parked', async () =>
      (await h.db.prisma.report.findUniqueOrThrow({ where: { id: report.id } }))
        .awaitingOfficialAt !== null
        ? true
        : undefined,
    );
    expect(await metricValue()).toBe(before + 1);
    // Out of the sweep: it does not come back to the routing queue by itself.
    expect(await h.gopy.repos.workflow.unrouted(new Date(Date.now() + 3_600_000))).not.toContain(
      report.id,
    );

    const printed: string[] = [];
    await runAdminCommand('officials', ['invite', '--unit', commune.code, '--position', 'chair'], {
      prisma: h.db.prisma,
      print: (line) => printed.push(line),
      config: loadConfig({ DATABASE_URL: h.db.url, BOT_USERNAME: 'ubnd_test_bot' }),
    });
    const payload = /start=(inv_[\w-]+)/.exec(printed.join('\n'))?.[1];
    expect(payload).toBeDefined();
    await h.send(NEW_CHAIR, `/start ${payload}`);
    const alert = await h.waitForText(NEW_CHAIR, new RegExp(report.ticket));
    expect(alert.text).toContain('Cống thoát nước đầu thôn');
    // The alert is stored before the routing's status change commits: wait for that change.
    await until('the report routed', async () => {
      const row = await h.db.prisma.report.findUniqueOrThrow({ where: { id: report.id } });
      return row.status === 'routed';
    });
  });

  it("goes to the province's admin when there is one", async () => {
    const commune = communes[1]!;
    await addOfficial(h.db.prisma, {
      unitCode: communes[0]!.code,
      kind: 'chair',
      chatId: ADMIN,
      role: 'admin',
    });
    const before = await metricValue();
    const report = await commitAndEnqueue(commune.code);
    await h.waitForText(ADMIN, new RegExp(report.ticket));
    expect(await metricValue()).toBe(before);

    // The citizen reads where it really went: the province level, and why; never the chair of
    // the commune whose position the admin happens to hold.
    const notice = await h.waitForText(
      CITIZEN,
      new RegExp(`${report.ticket} của Ông/Bà đã được chuyển đến`),
    );
    const province = await h.db.prisma.province.findUniqueOrThrow({
      where: { code: commune.provinceCode },
      select: { name: true },
    });
    const inSentence = province.name.charAt(0).toLowerCase() + province.name.slice(1);
    const unitWord = commune.name.startsWith('Phường') ? 'phường' : 'xã';
    expect(notice.text).toContain(
      `đã được chuyển đến cán bộ cấp tỉnh (${inSentence}) vì ${unitWord} chưa có cán bộ nhận phản ánh.`,
    );
    // The reason is given once, never a second «vì».
    expect(notice.text?.match(/(?<!\p{L})vì(?!\p{L})/giu) ?? []).toHaveLength(1);
    expect(notice.text).not.toContain('Chủ tịch');
    expect(notice.text).not.toContain(communes[0]!.name.replace(/^(Xã|Phường)\s/u, ''));
    expect(notice.text).not.toContain('Bắc Đông Hưng');

    // Its history says the same.
    await h.send(ADMIN, `/xem ${report.ticket}`);
    const view = h.last(ADMIN)?.text ?? '';
    expect(view).toContain(`Chuyển đến cán bộ cấp tỉnh (${unitWord} chưa có cán bộ nhận)`);
    expect(view).not.toContain(`Chuyển đến ${unitWord}`);
  });
});
