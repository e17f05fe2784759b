/**
 * Alerts waiting for one official's chat go out as ONE digest message (a numbered line and a row
 * of buttons per report), through the real grammY bot, delivery queue and the fake Bot API with
 * Telegram's limits, on real PostgreSQL and Redis. Each row's buttons act on its own report; a
 * change redraws the digest; a reply names its report by number; the map pin is sent only when
 * asked for.
 *
 * The reports are routed while no delivery worker runs, then the worker starts: every alert is
 * waiting, as in a rush, whatever the machine's load.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN, startHarness, type Harness } from '../support/gopy-harness.ts';
import { callsTo, fileReport, labels, reply, type FiledReport } from '../support/desk-fixtures.ts';
import { CHAIR, GROUP } from '../support/demo.ts';
import { until } from '../support/until.ts';
import type { TgMessage } from '../../src/simulator/fake-bot-api.ts';

const CITIZENS = [7301, 7302, 7303, 7304, 7305];

describe('alert digest (grammY)', () => {
  let h: Harness;
  const reports: FiledReport[] = [];
  let digest: TgMessage;

  beforeAll(async () => {
    h = await startHarness({ framework: 'grammy', workers: false });
    for (const [i, id] of CITIZENS.entries())
      reports.push(
        await fileReport(h, {
          citizen: { id, firstName: `Công dân Số${i + 1}` },
          text:
            i === 1
              ? 'Cống <tràn> & ngập nước ở ngõ 4'
              : `Đèn đường số ${i + 1} bị hỏng, buổi tối rất tối.`,
          anonymous: i === 2,
          ...(i === 4 ? { location: { latitude: 20.4512, longitude: 106.3421 } } : {}),
        }),
      );
    h.gopy.deliveryQueue.startWorker();
    const last = reports.at(-1)!.ticket;
    digest = await h.waitForText(CHAIR, new RegExp(`#5 · ${last}`));
  }, 120_000);
  afterAll(async () => h?.close());

  const statusOf = async (id: number) =>
    (await h.db.prisma.report.findUniqueOrThrow({ where: { id } })).status;
  /** The chair's bot messages that name any of the reports. */
  const chairMessagesNaming = () =>
    h.fake
      .messagesTo(TOKEN, CHAIR)
      .filter((m) => reports.some((r) => (m.text ?? m.caption ?? '').includes(r.ticket)));

  it('five waiting alerts reach the chair as one message, a line and a row of buttons each', async () => {
    expect(chairMessagesNaming()).toHaveLength(1);
    const text = digest.text ?? '';
    expect(text).toMatch(/^🔔 5 phiếu mới/);
    for (const [i, r] of reports.entries()) expect(text).toContain(`#${i + 1} · ${r.ticket}`);
    expect(text).toContain('Xã Bắc Đông Hưng');
    // User text escaped: shown as written, not taken for markup.
    expect(text).toContain('«Cống <tràn> & ngập nước ở ngõ 4»');
    // No line names who sent it (the anonymous report's sender cannot be told from the others).
    expect(text).not.toMatch(/Công dân Số/);
    expect(text).toMatch(
      /Nhắn cho người dân: bấm giữ tin này, chọn «Trả lời», rồi viết bắt đầu bằng số phiếu/,
    );

    const rows = digest.reply_markup?.inline_keyboard ?? [];
    expect(rows).toHaveLength(5);
    for (const [i, r] of reports.entries()) {
      const row = rows[i]!;
      expect(row.map((b) => b.text).slice(0, 2)).toEqual([
        `✅ Tiếp nhận #${i + 1}`,
        `📄 Xem #${i + 1}`,
      ]);
      expect(row[0]).toMatchObject({ callback_data: `o.${r.id}.ack` });
    }
    // The report with a place has its map link on its row; no pin was sent.
    expect(rows[4]!.map((b) => b.text)).toContain('🗺 #5');
    expect(callsTo(h, [CHAIR]).filter((c) => c.method === 'sendLocation')).toHaveLength(0);
    // Each report's alert stands for the digest message, so edits and replies find it.
    await until(
      'the digest linked to its reports',
      async () =>
        (await h.gopy.repos.workflow.findLinks(String(CHAIR), digest.message_id)).length === 5,
    );
    for (const r of reports) {
      const atChair = (await h.gopy.repos.workflow.alertMessages(r.id)).filter(
        (a) => a.chatId === String(CHAIR),
      );
      expect(atChair).toEqual([
        expect.objectContaining({
          messageId: digest.message_id,
          reportIds: reports.map((x) => x.id),
        }),
      ]);
    }
    // The staff group got the same reports, joined too (it takes a message every 3 s).
    await until('the group has every report', () =>
      reports.every((r) => h.fake.messagesTo(TOKEN, GROUP).some((m) => m.text?.includes(r.ticket))),
    );
    expect(
      h.fake
        .messagesTo(TOKEN, GROUP)
        .filter((m) => reports.some((r) => m.text?.includes(r.ticket))),
    ).toHaveLength(1);
    expect(h.fake.violations()).toEqual([]);
  });

  it('a row’s button acts on its own report, and the digest is redrawn with the new status', async () => {
    const after = h.fake.lastCallSeq();
    await h.press(CHAIR, '✅ Tiếp nhận #3');
    const answer = await h.fake.waitForCall('answerCallbackQuery', undefined, { after });
    expect(answer.params.text).toBe('Đã tiếp nhận');
    expect(await statusOf(reports[2]!.id)).toBe('acknowledged');
    for (const i of [0, 1, 3, 4]) expect(await statusOf(reports[i]!.id)).toBe('routed');
    const redrawn = await h.waitForText(CHAIR, /^📋 5 phiếu/);
    expect(redrawn.message_id).toBe(digest.message_id);
    const text = redrawn.text ?? '';
    const lines = text.split('\n\n');
    expect(lines.find((l) => l.startsWith('#3 ·'))).toMatch(/Trạng thái: Đã tiếp nhận/);
    expect(lines.find((l) => l.startsWith('#2 ·'))).toMatch(/Trạng thái: Mới, chờ tiếp nhận/);
    expect(text).toMatch(new RegExp(`#3 · ${reports[2]!.ticket}: Đã tiếp nhận — `));
    const buttons = labels(redrawn);
    expect(buttons).not.toContain('✅ Tiếp nhận #3');
    expect(buttons).toContain('📄 Xem #3');
    expect(buttons).toContain('✅ Tiếp nhận #2');
    // Still one message at the chair for the five reports.
    expect(chairMessagesNaming()).toHaveLength(1);
  });

  it('a reply names its report by number; without one the official is asked which', async () => {
    await reply(h, CHAIR, CHAIR, digest.message_id, 'Đã cử cán bộ đến xem');
    expect(h.last(CHAIR)?.text).toMatch(
      /Tin này gộp 5 phiếu\. Xin cho biết Ông\/Bà nhắn cho người dân của phiếu nào/,
    );
    expect(h.last(CHAIR)?.text).toContain(`#2 · ${reports[1]!.ticket}`);
    expect(
      h.fake.messagesTo(TOKEN, CITIZENS[1]!).some((m) => m.text?.includes('Đã cử cán bộ')),
    ).toBe(false);

    await reply(h, CHAIR, CHAIR, digest.message_id, '#2 Đã cử cán bộ đến thông cống');
    await h.waitForText(CITIZENS[1]!, /Đã cử cán bộ đến thông cống/);
    const told = h.fake.messagesTo(TOKEN, CITIZENS[1]!).find((m) => m.text?.includes('thông cống'));
    expect(told?.text).not.toMatch(/#2/);
    // Nobody else's citizen got it.
    for (const id of [CITIZENS[0]!, CITIZENS[2]!, CITIZENS[3]!, CITIZENS[4]!])
      expect(h.fake.messagesTo(TOKEN, id).some((m) => m.text?.includes('thông cống'))).toBe(false);
  });

  it('the map pin goes out only when the official asks for it', async () => {
    const r = reports[4]!;
    await h.press(CHAIR, '📄 Xem #5');
    const view = await h.waitForText(CHAIR, new RegExp(`${r.ticket}[\\s\\S]*Lĩnh vực`));
    expect(labels(view)).toContain('📍 Ghim vị trí');
    expect(callsTo(h, [CHAIR]).filter((c) => c.method === 'sendLocation')).toHaveLength(0);

    await h.press(CHAIR, '📍 Ghim vị trí');
    await until('the pin is sent', () =>
      callsTo(h, [CHAIR]).some((c) => c.method === 'sendLocation' && c.response.ok),
    );
    const pins = callsTo(h, [CHAIR]).filter((c) => c.method === 'sendLocation');
    expect(pins).toHaveLength(1);
    expect(pins[0]!.params).toMatchObject({ latitude: 20.4512, longitude: 106.3421 });
    expect(h.fake.violations()).toEqual([]);
  });
});
