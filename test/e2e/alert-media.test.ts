/**
 * An alert's photos come after the alert, as a reply to it: the official learns of the report
 * (and of every other waiting report) first, the evidence a second or two later. Through the real
 * grammY bot, delivery queue and the fake Bot API with Telegram's limits, on real PostgreSQL and
 * Redis:
 * - waiting alerts with photos join a digest; their photos follow it, each a reply to it;
 * - a routing retry after an upgrade finds the rows an older release stored (album first, under
 *   the same keys): nothing twice, nothing skipped;
 * - alone, an alert with two photos is the text with its buttons, then the album replying to it;
 *   an official's reply to either reaches the citizen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_PNG, TOKEN, startHarness, type Harness } from '../support/gopy-harness.ts';
import { callsTo, fileReport, reply, type FiledReport } from '../support/desk-fixtures.ts';
import { CHAIR } from '../support/demo.ts';
import { until } from '../support/until.ts';
import type { RecordedCall } from '../../src/simulator/bot-api/types.ts';

const CITIZENS = [7401, 7402, 7403, 7404, 7405];

describe('alert media after the alert (grammY)', () => {
  let h: Harness;
  let photos: string[];

  /** File ids of photos the fake knows for the bot (citizens' photos, as the intake keeps them). */
  async function photoIds(n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const chatId = 7490 + i;
      h.fake.injectMessage(TOKEN, {
        chatId,
        from: { id: chatId, first_name: 'Người gửi ảnh' },
        photo: TINY_PNG,
      });
      await h.settle();
      const sent = h.fake.chatHistory(TOKEN, chatId).find((e) => !e.fromBot && e.message.photo);
      const id = sent?.message.photo?.at(-1)?.file_id;
      if (!id) throw new Error('the fake kept no photo');
      ids.push(id);
    }
    return ids;
  }

  /** The message id a successful send answered with (the first of an album). */
  const messageIdOf = (c: RecordedCall | undefined): number | undefined => {
    const result = c?.response.ok ? c.response.result : undefined;
    const first: unknown = Array.isArray(result) ? result[0] : result;
    return (first as { message_id?: number } | undefined)?.message_id;
  };
  /** The chair's successful sends, in order. */
  const chairSends = () =>
    callsTo(h, [CHAIR]).filter(
      (c) => c.response.ok && ['sendMessage', 'sendPhoto', 'sendMediaGroup'].includes(c.method),
    );

  beforeAll(async () => {
    h = await startHarness({ framework: 'grammy', workers: false });
    photos = await photoIds(3);
  }, 120_000);
  afterAll(async () => h?.close());

  describe('a rush, and a retry after an upgrade', () => {
    const rush: FiledReport[] = [];
    let upgraded: FiledReport;

    beforeAll(async () => {
      rush.push(await fileReport(h, { citizen: { id: CITIZENS[0]! }, text: 'Ổ gà trên đường 1' }));
      rush.push(
        await fileReport(h, {
          citizen: { id: CITIZENS[1]! },
          text: 'Cây đổ chắn ngõ 2',
          photos: [photos[0]!],
        }),
      );
      rush.push(
        await fileReport(h, {
          citizen: { id: CITIZENS[2]! },
          text: 'Rác ùn ứ ở chợ 3',
          photos: [photos[1]!, photos[2]!],
        }),
      );
      // A report whose routing an older release began: it had stored the album first, under
      // the key of its place in the old order (media, then the alert).
      upgraded = await fileReport(h, {
        citizen: { id: CITIZENS[3]! },
        text: 'Nước tràn ở cống 4',
        photos: [photos[0]!, photos[1]!],
        route: false,
      });
      await h.gopy.deliveryQueue.enqueue({
        dedupeKey: `alert-${upgraded.id}-0-${CHAIR}-0`,
        chatId: String(CHAIR),
        message: {
          type: 'album',
          chatId: String(CHAIR),
          fileIds: [photos[0]!, photos[1]!],
          caption: upgraded.ticket,
        },
        link: { kind: 'relay', reportId: upgraded.id },
      });
      await h.gopy.routeReport(upgraded.id);
      h.gopy.deliveryQueue.startWorker();
      await until(
        'every message at the chair',
        async () =>
          (await h.db.prisma.delivery.count({
            where: { chatId: String(CHAIR), state: { in: ['pending', 'sending'] } },
          })) === 0,
        60_000,
      );
    }, 120_000);

    it('waiting alerts with photos join the digest; their photos follow it, each a reply to it', async () => {
      const sends = chairSends();
      const digest = sends.find(
        (c) => typeof c.params.text === 'string' && c.params.text.includes(rush[2]!.ticket),
      );
      expect(digest?.method).toBe('sendMessage');
      const text = String(digest?.params.text).replace(/<[^>]+>/g, '');
      expect(text).toMatch(/^🔔 3 phiếu mới/);
      expect(text).toContain(`#2 · ${rush[1]!.ticket}`);
      expect(text).toMatch(/🖼 1 ảnh, gửi sau tin này/);
      expect(text).toMatch(/🖼 2 ảnh, gửi sau tin này/);
      const digestId = messageIdOf(digest);
      expect(digestId).toBeDefined();
      // The digest first; the photos after it, as replies, captioned with their report's ticket.
      const photo = sends.find((c) => c.method === 'sendPhoto');
      const album = sends.find(
        (c) =>
          c.method === 'sendMediaGroup' && JSON.stringify(c.params.media).includes(rush[2]!.ticket),
      );
      expect(photo?.params).toMatchObject({
        caption: rush[1]!.ticket,
        reply_parameters: { message_id: digestId },
      });
      expect(album?.params).toMatchObject({ reply_parameters: { message_id: digestId } });
      expect(sends.indexOf(photo!)).toBeGreaterThan(sends.indexOf(digest!));
      expect(sends.indexOf(album!)).toBeGreaterThan(sends.indexOf(digest!));
      // No report's photo went twice (the photo was not a caption this time).
      expect(sends.filter((c) => c.method === 'sendPhoto')).toHaveLength(1);
      expect(h.fake.violations()).toEqual([]);
    });

    it('a retry after an upgrade sends what the older release stored first, and nothing twice', async () => {
      const naming = chairSends().filter((c) => JSON.stringify(c.params).includes(upgraded.ticket));
      // The stored album, then the alert text (its own message: the album broke the run of
      // joinable alerts); no second album for the new order.
      expect(naming.map((c) => c.method)).toEqual(['sendMediaGroup', 'sendMessage']);
      expect(String(naming[1]!.params.text)).toContain(upgraded.ticket);
      const rows = await h.db.prisma.delivery.findMany({
        where: { reportId: upgraded.id, chatId: String(CHAIR) },
      });
      expect(rows.map((r) => [r.dedupeKey, r.state]).sort()).toEqual([
        [`alert-${upgraded.id}-0-${CHAIR}-0`, 'sent'],
        [`alert-${upgraded.id}-0-${CHAIR}-1`, 'sent'],
      ]);
    });
  });

  describe('alone', () => {
    let report: FiledReport;

    beforeAll(async () => {
      report = await fileReport(h, {
        citizen: { id: CITIZENS[4]! },
        text: 'Đèn tín hiệu hỏng ở ngã tư 5',
        photos: [photos[1]!, photos[2]!],
      });
      await until('the album at the chair', () =>
        chairSends().some(
          (c) =>
            c.method === 'sendMediaGroup' && JSON.stringify(c.params.media).includes(report.ticket),
        ),
      );
    }, 60_000);

    it('an alert with two photos is its text with the buttons, then the album replying to it', () => {
      const naming = chairSends().filter((c) => JSON.stringify(c.params).includes(report.ticket));
      expect(naming.map((c) => c.method)).toEqual(['sendMessage', 'sendMediaGroup']);
      const [text, album] = naming;
      expect(String(text!.params.text)).toMatch(/🖼 2 ảnh/);
      expect(text!.params.reply_markup).toBeDefined();
      const textId = messageIdOf(text);
      expect(textId).toBeDefined();
      expect(album!.params).toMatchObject({ reply_parameters: { message_id: textId } });
    });

    it('an official’s reply to the text or to a photo of the album reaches the citizen', async () => {
      const history = h.fake.chatHistory(TOKEN, CHAIR).filter((e) => e.fromBot);
      const text = history.find(
        (e) => e.message.text?.includes(report.ticket) && e.message.reply_markup,
      );
      const albumPhotos = history.filter(
        (e) =>
          e.message.photo && e.message.reply_to_message?.message_id === text?.message.message_id,
      );
      expect(albumPhotos).toHaveLength(2);

      await reply(h, CHAIR, CHAIR, text!.message.message_id, 'Đã nhận, sẽ cử người kiểm tra');
      await h.waitForText(CITIZENS[4]!, /Đã nhận, sẽ cử người kiểm tra/);
      await reply(h, CHAIR, CHAIR, albumPhotos[0]!.message.message_id, 'Ảnh này chụp hôm nào ạ?');
      await h.waitForText(CITIZENS[4]!, /Ảnh này chụp hôm nào ạ\?/);
      await reply(h, CHAIR, CHAIR, albumPhotos[1]!.message.message_id, 'Cảm ơn bà con');
      await h.waitForText(CITIZENS[4]!, /Cảm ơn bà con/);
      expect(h.fake.violations()).toEqual([]);
    });
  });
});
