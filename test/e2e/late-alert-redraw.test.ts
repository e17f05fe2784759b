/**
 * An alert that reaches its chat after someone acted on the report shows what happened, not
 * «Mới, chờ tiếp nhận» with a «Tiếp nhận» button for good. Through the real grammY bot and the
 * fake Bot API on real PostgreSQL and Redis:
 * - the staff group's alert is held up (Telegram fails for that chat, as a group's pacing holds
 *   it in a burst) while the chair accepts; once it goes out, it is redrawn as accepted;
 * - an alert linked in the moment between an action's read of the alerts and its commit (the
 *   moment is made wide here by linking it from inside the change) is redrawn right after the
 *   change, and a chair's alert the change saw is edited once, not twice;
 * - an alert whose worker died between Telegram's answer and the link is linked by the sweep:
 *   the chair's reply to it reaches the citizen, and it is redrawn with what happened since.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/gopy-harness.ts';
import { fileReport, labels } from '../support/desk-fixtures.ts';
import { until } from '../support/until.ts';
import { CHAIR, GROUP, GROUP_WAIT_MS } from '../support/demo.ts';

/** The alert of this ticket, redrawn as accepted. */
const accepted = (ticket: string) =>
  new RegExp(`${ticket}[\\s\\S]*Trạng thái: Đã tiếp nhận, đang xử lý`);

describe('alerts linked after their report changed are redrawn (grammY)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ framework: 'grammy' });
  }, 90_000);
  afterAll(async () => h?.close());

  /** The edits the bot made of one message in a chat. */
  const editsOf = (chatId: number, messageId: number) =>
    h.fake
      .calls()
      .filter(
        (c) =>
          /^editMessage(Text|Caption)$/.test(c.method) &&
          String(c.params.chat_id) === String(chatId) &&
          Number(c.params.message_id) === messageId,
      );

  it('a group alert held up while the chair accepts is redrawn as accepted once it is sent', async () => {
    let holding = true;
    const release = h.fake.failWhile(({ method, params }) =>
      holding && method === 'sendMessage' && String(params.chat_id) === String(GROUP)
        ? { error_code: 500, description: 'Internal Server Error' }
        : undefined,
    );
    try {
      const report = await fileReport(h, {
        citizen: { id: 7501, firstName: 'Phạm Văn Tư' },
        categoryCode: 'giao-thong',
        text: 'Cống thoát nước trước nhà văn hoá thôn bị tắc, nước tràn ra đường.',
      });
      const alert = await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${report.ticket}`));
      await until('Telegram refused the group alert once', () =>
        h.fake
          .calls()
          .some(
            (c) =>
              c.method === 'sendMessage' &&
              String(c.params.chat_id) === String(GROUP) &&
              !c.response.ok,
          ),
      );
      await h.press(CHAIR, '✅ Tiếp nhận');
      const redrawn = await h.waitForText(CHAIR, accepted(report.ticket));
      expect(redrawn.message_id).toBe(alert.message_id);
      // Nothing reached the group yet: the chair's action could not edit its alert.
      expect(h.texts(GROUP).some((t) => t.includes(report.ticket))).toBe(false);
      holding = false;

      const groupAlert = await h.waitForText(GROUP, accepted(report.ticket), GROUP_WAIT_MS);
      expect(groupAlert.text).toMatch(
        /Lãnh đạo xã tiếp nhận — Chủ tịch UBND xã \(demo\), \d{2}\/\d{2}/,
      );
      expect(labels(groupAlert)).not.toContain('✅ Tiếp nhận');
      expect(labels(groupAlert)).toContain('✔ Đã xử lý');
      // The group's one message, sent as new and then edited; the chair's alert edited once.
      expect(
        h.texts(GROUP).filter((t) => t.includes(report.ticket)),
        'one message in the group',
      ).toHaveLength(1);
      expect(editsOf(CHAIR, alert.message_id)).toHaveLength(1);
    } finally {
      release();
    }
  }, 120_000);

  it('an alert linked while the change was being written is redrawn right after it', async () => {
    const report = await fileReport(h, {
      citizen: { id: 7502, firstName: 'Ngô Thị Lan' },
      categoryCode: 'giao-thong',
      text: 'Đèn đường ở ngã ba chợ hỏng cả tuần nay, tối đi lại rất nguy hiểm.',
    });
    const alert = await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${report.ticket}`));
    const groupAlert = await h.waitForText(
      GROUP,
      new RegExp(`Phản ánh mới · ${report.ticket}`),
      GROUP_WAIT_MS,
    );
    const linkWhere = { reportId: report.id, chatId: String(GROUP), kind: 'alert' };
    const link = await until(
      'the group alert linked',
      async () => (await h.db.prisma.alertLink.findFirst({ where: linkWhere })) ?? undefined,
    );
    // As if the group's alert were linked a moment later: after the chair's action has read
    // the report's alerts, before its change commits (and so after the link's own check).
    await h.db.prisma.alertLink.delete({ where: { id: link.id } });
    const workflow = h.gopy.repos.workflow;
    const record = workflow.record;
    workflow.record = async (...args) => {
      const { id: _id, createdAt: _at, ...again } = link;
      await h.db.prisma.alertLink.create({ data: again });
      return record(...args);
    };
    try {
      await h.press(CHAIR, '✅ Tiếp nhận');
    } finally {
      workflow.record = record;
    }
    await h.waitForText(CHAIR, accepted(report.ticket));
    const redrawn = await h.waitForText(GROUP, accepted(report.ticket), GROUP_WAIT_MS);
    expect(redrawn.message_id).toBe(groupAlert.message_id);
    expect(labels(redrawn)).not.toContain('✅ Tiếp nhận');
    // The chair's alert, which the change saw, is edited once: the redraw after the change
    // has the change's own key.
    await h.settle();
    expect(editsOf(CHAIR, alert.message_id)).toHaveLength(1);
    expect(editsOf(GROUP, groupAlert.message_id)).toHaveLength(1);
  }, 120_000);

  it('an alert its worker never linked is linked by the sweep: replies thread, and it is redrawn', async () => {
    const citizen = { id: 7503, firstName: 'Trần Văn Bình' };
    const report = await fileReport(h, {
      citizen,
      categoryCode: 'giao-thong',
      text: 'Cây đổ chắn ngang đường vào xóm Bến từ sáng nay.',
    });
    const alert = await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${report.ticket}`));
    const chairLink = { reportId: report.id, chatId: String(CHAIR), kind: 'alert' };
    await until(
      'the chair alert linked',
      async () => (await h.db.prisma.alertLink.findFirst({ where: chairLink })) ?? undefined,
    );
    // The worker "died" after recording the send and before linking it; a minute has passed.
    await h.db.prisma.alertLink.deleteMany({ where: chairLink });
    await h.db.prisma.$executeRaw`
      UPDATE deliveries SET sent_at = sent_at - interval '1 minute'
      WHERE report_id = ${report.id} AND chat_id = ${String(CHAIR)} AND state = 'sent'`;
    // The chair accepts from that alert: nothing links it, so nothing redraws it yet.
    await h.press(CHAIR, '✅ Tiếp nhận');
    await h.settle();
    expect(editsOf(CHAIR, alert.message_id)).toHaveLength(0);

    const swept = await h.gopy.maintenance.sweep(new Date(Date.now() + 60_000));
    expect(swept.relinked).toBeGreaterThanOrEqual(1);
    const redrawn = await h.waitForText(CHAIR, accepted(report.ticket));
    expect(redrawn.message_id).toBe(alert.message_id);
    expect(labels(redrawn)).not.toContain('✅ Tiếp nhận');
    // A reply to the alert threads to the citizen again.
    await h.send(CHAIR, 'Chúng tôi đã cử người đến xử lý ngay.', {
      replyToMessageId: alert.message_id,
    });
    await h.waitForText(citizen.id, /Chúng tôi đã cử người đến xử lý ngay\./);
    // A second sweep finds nothing more to link.
    expect((await h.gopy.maintenance.sweep(new Date(Date.now() + 60_000))).relinked).toBe(0);
  }, 120_000);
});
