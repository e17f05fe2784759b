/**
 * What every implementation of the message links (app/ports/message-links.ts) must do, run
 * against the in-memory one (test/unit/ports) and the PostgreSQL one (test/integration/ports):
 * a sent message stands for its report once, however often it is linked; a digest's message
 * stands for several reports and so names none alone; chats of another channel are apart; an
 * alert keeps when it was drawn, and those linked lately can be listed (late-alerts.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageLinks } from '../../../src/app/ports/message-links.ts';

export interface MessageLinksFixture {
  links: MessageLinks;
  /** A report just submitted, to link messages to. */
  addReport(input: { citizenChatId: string }): Promise<number>;
  /** An official a message was sent to. */
  officialId: number;
  close(): Promise<void>;
}

export function describeMessageLinksContract(
  name: string,
  make: () => Promise<MessageLinksFixture>,
): void {
  describe(`MessageLinks contract: ${name}`, () => {
    let f: MessageLinksFixture;
    beforeAll(async () => {
      f = await make();
    });
    afterAll(async () => {
      await f.close();
    });

    it('links a sent alert to its report once, so a reply to it finds the report', async () => {
      const reportId = await f.addReport({ citizenChatId: '951' });
      const link = {
        chatId: '5001',
        messageId: 77,
        reportId,
        officialId: f.officialId,
        kind: 'alert',
      };
      await f.links.linkMessage(link);
      await f.links.linkMessage(link);

      expect(await f.links.findLink('5001', 77)).toEqual({
        reportId,
        kind: 'alert',
        officialId: f.officialId,
      });
      expect(await f.links.findLinks('5001', 77)).toHaveLength(1);
      expect(await f.links.alertMessages(reportId)).toEqual([
        {
          chatId: '5001',
          messageId: 77,
          officialId: f.officialId,
          captioned: false,
          reportIds: [reportId],
          drawnAt: null,
        },
      ]);
      // Another message, or the same message id on another channel, stands for nothing.
      expect(await f.links.findLink('5001', 78)).toBeUndefined();
      expect(await f.links.findLink('5001', 77, 'zalo')).toBeUndefined();
    });

    it("lets a digest's message stand for several reports, naming none alone", async () => {
      const first = await f.addReport({ citizenChatId: '952' });
      const second = await f.addReport({ citizenChatId: '953' });
      for (const reportId of [first, second])
        await f.links.linkMessage({
          chatId: '5002',
          messageId: 90,
          reportId,
          officialId: f.officialId,
          kind: 'alert',
          captioned: true,
        });

      expect(await f.links.findLink('5002', 90)).toBeUndefined();
      expect((await f.links.findLinks('5002', 90)).map((l) => l.reportId)).toEqual([first, second]);
      expect(await f.links.alertMessages(second)).toEqual([
        {
          chatId: '5002',
          messageId: 90,
          officialId: f.officialId,
          captioned: true,
          reportIds: [first, second],
          drawnAt: null,
        },
      ]);
    });

    it('keeps when an alert was drawn, and lists the alerts linked lately on demand', async () => {
      const reportId = await f.addReport({ citizenChatId: '955' });
      const drawnAt = new Date('2026-12-07T02:15:30.250Z');
      await f.links.linkMessage({
        chatId: '5003',
        messageId: 12,
        reportId,
        officialId: f.officialId,
        kind: 'alert',
        drawnAt,
      });
      const [alert] = await f.links.alertMessages(reportId);
      expect(alert?.drawnAt?.toISOString()).toBe(drawnAt.toISOString());
      expect(await f.links.alertMessages(reportId, { linkedWithinSeconds: 60 })).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect(await f.links.alertMessages(reportId, { linkedWithinSeconds: 1 })).toEqual([]);
    });

    it('keeps a relay apart from the alerts of its report', async () => {
      const reportId = await f.addReport({ citizenChatId: '954' });
      await f.links.linkMessage({
        channel: 'zalo',
        chatId: 'z-1',
        messageId: 5,
        reportId,
        kind: 'relay',
      });
      expect(await f.links.findLink('z-1', 5, 'zalo')).toEqual({
        reportId,
        kind: 'relay',
        officialId: null,
      });
      expect(await f.links.alertMessages(reportId)).toEqual([]);
    });
  });
}
