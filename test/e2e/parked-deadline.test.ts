/**
 * A report sent to a commune where nobody can receive it yet waits for the commune's first
 * official; the law's time limit runs from receipt by the competent body, so its deadline counts
 * from the day it reaches that official, in working days (weekends skipped), Vietnam time. The
 * citizen is told the new date; the chair's alert, «Phản ánh của tôi», /xem and the dashboard
 * all read it. The clock is gopy's, injected: the dates are fixed, not today's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminCommand } from '../../src/cli/admin-commands.ts';
import { loadConfig } from '../../src/config.ts';
import { TOKEN, startHarness, type Harness } from '../support/gopy-harness.ts';
import { addOfficial, otherCommunes } from '../support/routing-fixtures.ts';
import { until } from '../support/until.ts';
import { vn, wallClock } from '../support/vietnam-clock.ts';

const CITIZEN = 7601;
const NEW_CHAIR = 7602;
const LATE_CITIZEN = 7603;
const LATE_CHAIR = 7604;
const VIEWER = 7605;

/** The deadline as a person reads it: «dd/mm/yyyy hh:mm», Vietnam's time. */
const wall = (d: Date) => {
  const { date, time } = wallClock(d);
  return `${date} ${time}`;
};

describe('a report that waited for the commune’s first official', () => {
  let h: Harness;
  let now = vn('2026-11-23T09:00');
  let commune: { code: string; name: string; type: string };
  let lateCommune: { code: string; name: string; type: string };
  /** What the citizen and officials call the unit: «phường» for a ward (units.type). */
  const word = (u: { type: string }) =>
    ({ commune: 'xã', ward: 'phường', special_zone: 'đặc khu' })[u.type] ?? u.type;
  /** A third commune of the same province, where a province admin reads from (see below). */
  let viewerUnit: string;

  beforeAll(async () => {
    h = await startHarness({ framework: 'grammy', now: () => now, humanPace: true });
    const [code, lateCode, viewerCode] = await otherCommunes(h.db.prisma, 3);
    viewerUnit = viewerCode!;
    const unit = (c: string | undefined) =>
      h.db.prisma.unit.findUniqueOrThrow({
        where: { code: c! },
        select: { code: true, name: true, type: true },
      });
    commune = await unit(code);
    lateCommune = await unit(lateCode);
    for (const id of [CITIZEN, NEW_CHAIR, LATE_CITIZEN, LATE_CHAIR, VIEWER])
      h.fake.addChat(TOKEN, { id, type: 'private', first_name: `Người ${id}` });
  }, 120_000);
  afterAll(async () => h?.close());

  /** The citizen sends a report to a commune nobody reads yet; returns its ticket once parked. */
  async function sendWhileNobodyReads(c: number, unit: { code: string; name: string }) {
    await h.send(c, '/start');
    await h.press(c, 'Gửi phản ánh, kiến nghị');
    await h.press(c, 'Phản ánh');
    await h.send(c, unit.code);
    await h.press(c, new RegExp(`^${unit.name}`));
    await h.waitForText(c, /chưa có cán bộ nhận phản ánh qua Gopy/);
    await h.press(c, 'Vẫn gửi');
    await h.press(c, 'Giao thông, đường sá');
    await h.send(c, 'Cầu tràn đầu xóm bị sạt một bên, xe máy đi qua rất nguy hiểm.');
    await h.press(c, 'Bỏ qua'); // photos
    await h.send(c, 'Bỏ qua'); // location
    await h.press(c, 'Không, cứ ghi tên tôi');
    await h.press(c, 'Không công khai');
    await h.send(c, 'Bỏ qua'); // phone
    await h.press(c, '✅ Gửi');
    const receipt = await h.waitForText(c, /Mã phiếu: PA-\d{4}-\d{6}/);
    expect(receipt.text).not.toMatch(/Hạn trả lời|chậm nhất/);
    const ticket = /PA-\d{4}-\d{6}/.exec(receipt.text ?? '')![0];
    await until('the report parked', async () =>
      (await h.db.prisma.report.findUniqueOrThrow({ where: { ticketCode: ticket } }))
        .awaitingOfficialAt !== null
        ? true
        : undefined,
    );
    return ticket;
  }

  /** The commune's chair registers with an invite, as `officials invite` prints it. */
  async function chairRegisters(chatId: number, unitCode: string) {
    const printed: string[] = [];
    await runAdminCommand('officials', ['invite', '--unit', unitCode, '--position', 'chair'], {
      prisma: h.db.prisma,
      print: (line) => printed.push(line),
      config: loadConfig({ DATABASE_URL: h.db.url, BOT_USERNAME: 'ubnd_test_bot' }),
    });
    const payload = /start=(inv_[\w-]+)/.exec(printed.join('\n'))?.[1];
    await h.send(chatId, `/start ${payload}`);
  }

  it('counts its 5 working days from the Friday it reached the chair, and everyone reads that date', async () => {
    // Monday 23/11/2026 09:00: sent to a commune nobody reads yet (due 30/11 had it been received).
    const c = CITIZEN;
    const ticket = await sendWhileNobodyReads(c, commune);
    const report = () => h.db.prisma.report.findUniqueOrThrow({ where: { ticketCode: ticket } });
    expect(wall((await report()).dueAt)).toBe('30/11/2026 17:00');

    // While it waits, «Phản ánh của tôi» says what for, and gives no date that is no deadline.
    await h.send(c, '/start');
    await h.press(c, 'Phản ánh của tôi');
    await h.press(c, new RegExp(ticket));
    expect(h.last(c)?.text).toContain(`Trạng thái: Chờ ${word(commune)} có cán bộ nhận`);
    expect(h.last(c)?.text).toContain(`· Hạn trả lời: tính từ ngày ${word(commune)} nhận phiếu`);
    expect(h.last(c)?.text).not.toContain('30/11/2026');

    // Wednesday 02/12, still parked: an official's /xem reads it as the dashboard does (it
    // waits; the deadline counts from receipt), not the placeholder date already past. The
    // province admin who reads it is taken away again, so the report stays parked.
    now = vn('2026-12-02T10:00');
    const viewer = await addOfficial(h.db.prisma, {
      unitCode: viewerUnit,
      kind: 'chair',
      chatId: VIEWER,
      role: 'admin',
    });
    await h.send(VIEWER, `/xem ${ticket}`);
    const view = h.last(VIEWER)?.text ?? '';
    expect(view).toContain(ticket);
    expect(view).toContain(`Hạn xử lý: tính từ ngày ${word(commune)} nhận phiếu`);
    expect(view).toContain(`Trạng thái: Chờ ${word(commune)} có cán bộ nhận`);
    expect(view).not.toContain('30/11/2026');
    expect(view).not.toContain('Mới, chờ tiếp nhận');
    await h.db.prisma.official.update({
      where: { id: viewer.officialId },
      data: { active: false },
    });

    // Friday 04/12/2026 15:00: the commune's chair registers and receives it. Days 1–5 are
    // Mon 07 – Fri 11/12 (the weekend skipped): due Friday 11/12/2026 at 17:00.
    now = vn('2026-12-04T15:00');
    await chairRegisters(NEW_CHAIR, commune.code);
    const alert = await h.waitForText(NEW_CHAIR, new RegExp(`Phản ánh mới · ${ticket}`));
    expect(alert.text).toContain('Hạn xử lý: 11/12/2026');
    await until('the report routed', async () =>
      (await report()).status === 'routed' ? true : undefined,
    );
    expect(wall((await report()).dueAt)).toBe('11/12/2026 17:00');

    // The citizen is told where it went, why the time counts from now, and the date.
    const notice = await h.waitForText(c, new RegExp(`${ticket} của Ông/Bà đã được chuyển đến`));
    // «Chủ tịch UBND phường Phố Hiến»: the unit's name as the sentence reads it.
    const unitInSentence = commune.name.charAt(0).toLowerCase() + commune.name.slice(1);
    expect(notice.text).toBe(
      `Phản ánh ${ticket} của Ông/Bà đã được chuyển đến Chủ tịch UBND ${unitInSentence}. ` +
        `Vì phiếu phải chờ đến khi ${word(commune)} có cán bộ nhận, ` +
        `thời hạn được tính từ ngày ${word(commune)} nhận phiếu ` +
        '(04/12/2026): hạn trả lời là 11/12/2026.',
    );
    await h.settle();
    expect(
      h.texts(c).filter((t) => t.includes(`${ticket} của Ông/Bà đã được chuyển`)),
    ).toHaveLength(1);

    // «Phản ánh của tôi» reads the same date.
    await h.send(c, '/start');
    await h.press(c, 'Phản ánh của tôi');
    await h.press(c, new RegExp(ticket));
    expect(h.last(c)?.text).toContain('Hạn trả lời: 11/12/2026');
    expect(h.last(c)?.text).not.toContain('30/11/2026');

    // The chair's /xem says why it came late; /viec names the new date.
    await h.send(NEW_CHAIR, `/xem ${ticket}`);
    expect(h.last(NEW_CHAIR)?.text).toContain(
      `Chưa có cán bộ nhận, phiếu chờ đến khi ${word(commune)} có cán bộ (hạn tính từ ngày cán bộ nhận)`,
    );
    await h.send(NEW_CHAIR, '/viec');
    expect(h.last(NEW_CHAIR)?.text).toMatch(new RegExp(`${ticket} · .* · hạn 11/12/2026`));

    // The dashboard: received by the commune on 04/12, due 11/12, not overdue.
    const link = await h.gopy.webSignIn.issueLink({
      channel: 'telegram',
      externalId: String(NEW_CHAIR),
    });
    const login = await fetch(new URL(new URL(link.url).pathname, h.webUrl), {
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const page = await (
      await fetch(new URL(`/dashboard/unit/${commune.code}`, h.webUrl), { headers: { cookie } })
    ).text();
    const meta = new RegExp(`${ticket}[\\s\\S]*?<span class="meta">([^<]*)</span>`).exec(page)?.[1];
    expect(meta).toMatch(
      new RegExp(
        `^Gửi \\d\\d/\\d\\d/\\d{4} · ${word(commune)} nhận 04/12/2026 · hạn 11/12/2026 · `,
      ),
    );
    expect(page).not.toMatch(new RegExp(`${ticket}[^<]*<[^>]*>[^<]*Quá hạn`));
    expect(h.fake.violations()).toEqual([]);
  }, 120_000);

  it('reached after the office closed on Friday, it counts from Monday: due Monday 14/12', async () => {
    now = vn('2026-11-24T10:00');
    const ticket = await sendWhileNobodyReads(LATE_CITIZEN, lateCommune);
    now = vn('2026-12-04T17:30');
    await chairRegisters(LATE_CHAIR, lateCommune.code);
    const alert = await h.waitForText(LATE_CHAIR, new RegExp(`Phản ánh mới · ${ticket}`));
    expect(alert.text).toContain('Hạn xử lý: 14/12/2026');
    const notice = await h.waitForText(
      LATE_CITIZEN,
      new RegExp(`${ticket} của Ông/Bà đã được chuyển đến`),
    );
    expect(notice.text).toMatch(
      new RegExp(
        `thời hạn được tính từ ngày ${word(lateCommune)} nhận phiếu \\(07/12/2026\\): hạn trả lời là 14/12/2026\\.$`,
      ),
    );
    await until('the report routed', async () => {
      const row = await h.db.prisma.report.findUniqueOrThrow({ where: { ticketCode: ticket } });
      return row.status === 'routed' ? wall(row.dueAt) === '14/12/2026 17:00' : undefined;
    });
  }, 120_000);
});
