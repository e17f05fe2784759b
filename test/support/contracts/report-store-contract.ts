/**
 * What every implementation of the report store, its thread and its history
 * (app/ports/report-store.ts, app/ports/report-thread.ts) must do, run against the in-memory one (test/unit/ports) and the
 * PostgreSQL one (test/integration/ports).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewDelivery } from '../../../src/app/ports/outbox.ts';
import type { ReportLookup, ReportStore } from '../../../src/app/ports/report-store.ts';
import type { ReportHistory, ReportThread } from '../../../src/app/ports/report-thread.ts';

export interface ReportStoreFixture {
  store: ReportStore & ReportLookup & ReportThread & ReportHistory;
  /**
   * A report just submitted by a citizen (status 'submitted') of commune `unitCode`, who wrote
   * from Telegram chat `citizenChatId` and is named "Người dân <chat>" unless anonymous.
   */
  addReport(input: { citizenChatId: string; anonymous?: boolean }): Promise<number>;
  /** Two officials a report may be assigned to. */
  officialIds: readonly [number, number];
  unitCode: string;
  close(): Promise<void>;
}

const AT = new Date('2026-03-02T03:00:00Z');
const system = { type: 'routed', actorKind: 'system' } as const;

export function describeReportStoreContract(
  name: string,
  make: () => Promise<ReportStoreFixture>,
): void {
  describe(`ReportStore contract: ${name}`, () => {
    let f: ReportStoreFixture;
    let chat = 600;
    const nextChat = () => String(++chat);
    beforeAll(async () => {
      f = await make();
    });
    afterAll(async () => {
      await f.close();
    });

    it('reads a submitted report with where to answer its citizen', async () => {
      const id = await f.addReport({ citizenChatId: '601' });
      const report = await f.store.get(id);
      expect(report).toMatchObject({
        id,
        status: 'submitted',
        unitCode: f.unitCode,
        citizenChannel: 'telegram',
        citizenChatId: '601',
        assignedOfficialId: null,
        citizen: { displayName: 'Người dân 601' },
      });
      expect(await f.store.get(id + 100_000)).toBeUndefined();
    });

    it('finds a report by its ticket code, and tells apart who sent which by an id only', async () => {
      const first = await f.addReport({ citizenChatId: '611' });
      const again = await f.addReport({ citizenChatId: '611', anonymous: true });
      const other = await f.addReport({ citizenChatId: '612' });
      const report = await f.store.get(again);
      expect(await f.store.getByTicket(report!.ticketCode)).toMatchObject({ id: again });
      expect(await f.store.getByTicket('PA-1999-999999')).toBeUndefined();

      // The same chat is the same citizen, anonymous or not: a follow-up rating finds them.
      expect(await f.store.citizenIdOf(again)).toBe(await f.store.citizenIdOf(first));
      expect(await f.store.citizenIdOf(other)).not.toBe(await f.store.citizenIdOf(first));
      await expect(f.store.citizenIdOf(other + 100_000)).rejects.toThrow();
    });

    it("never shows an anonymous citizen's identity, yet keeps where to answer them", async () => {
      const id = await f.addReport({ citizenChatId: '602', anonymous: true });
      const report = await f.store.get(id);
      expect(report?.anonymous).toBe(true);
      expect(report?.citizen).toBeUndefined();
      expect(report?.citizenChatId).toBe('602');
      expect(JSON.stringify(report)).not.toContain('Người dân 602');
    });

    it('changes a report from the expected status once, with its event and owed deliveries', async () => {
      const citizen = nextChat();
      const id = await f.addReport({ citizenChatId: citizen });
      const [officialId] = f.officialIds;
      let seen: string | undefined;
      const notice = (reportId: number): NewDelivery => ({
        dedupeKey: `contract-notice-${reportId}`,
        chatId: citizen,
        message: { type: 'text', chatId: citizen, text: 'Đã chuyển' },
        link: { kind: 'notice', reportId },
      });
      const recorded = await f.store.record(
        id,
        ['submitted'],
        { status: 'routed', assignedOfficialId: officialId, routedAt: AT },
        system,
        {},
        {
          deliveries: (after) => {
            seen = after.report.status;
            return [notice(after.report.id)];
          },
        },
      );
      expect(recorded?.eventId).toBeGreaterThan(0);
      expect(recorded?.report).toMatchObject({ status: 'routed', assignedOfficialId: officialId });
      // The deliveries are built from the report as the change left it.
      expect(seen).toBe('routed');
      expect(recorded?.deliveries).toEqual([notice(id)]);
      expect(await f.store.get(id)).toMatchObject({ status: 'routed', routedAt: AT });

      // The same change again finds the report no longer 'submitted': nothing is written.
      const again = await f.store.record(id, ['submitted'], { status: 'routed' }, system);
      expect(again).toBeUndefined();
    });

    it('lets exactly one of two simultaneous changes win', async () => {
      const id = await f.addReport({ citizenChatId: nextChat() });
      const [a, b] = f.officialIds;
      const results = await Promise.all(
        [a, b].map((officialId) =>
          f.store.record(
            id,
            ['submitted'],
            { status: 'routed', assignedOfficialId: officialId },
            system,
          ),
        ),
      );
      expect(results.filter((r) => r !== undefined)).toHaveLength(1);
      const winner = results.find((r) => r !== undefined)?.report.assignedOfficialId;
      expect((await f.store.get(id))?.assignedOfficialId).toBe(winner);
    });

    it('holds a change only while its guard holds (moved once from the unreachable official)', async () => {
      const id = await f.addReport({ citizenChatId: nextChat() });
      const [a, b] = f.officialIds;
      await f.store.record(id, ['submitted'], { status: 'routed', assignedOfficialId: a }, system);
      const reroute = { type: 'rerouted', actorKind: 'system' } as const;
      const wrongGuard = await f.store.record(id, ['routed'], { assignedOfficialId: a }, reroute, {
        assignedOfficialId: b,
      });
      expect(wrongGuard).toBeUndefined();
      const moved = await f.store.record(id, ['routed'], { assignedOfficialId: b }, reroute, {
        assignedOfficialId: a,
      });
      expect(moved?.report.assignedOfficialId).toBe(b);
      const twice = await f.store.record(id, ['routed'], { assignedOfficialId: b }, reroute, {
        assignedOfficialId: a,
      });
      expect(twice).toBeUndefined();
    });

    it('stores the thread message a change brings', async () => {
      const id = await f.addReport({ citizenChatId: nextChat() });
      const recorded = await f.store.record(
        id,
        ['submitted'],
        { status: 'routed' },
        system,
        {},
        {
          thread: { direction: 'note', authorKind: 'system', text: 'Ghi chú khi chuyển', at: AT },
        },
      );
      expect(recorded?.threadMessageId).toBeGreaterThan(0);
    });

    it('stores a thread message once per source, finds it there, edits and retracts it once', async () => {
      const id = await f.addReport({ citizenChatId: nextChat() });
      const [officialId] = f.officialIds;
      const message = {
        reportId: id,
        direction: 'out' as const,
        authorKind: 'official' as const,
        authorId: officialId,
        text: 'Xã đã cử người kiểm tra.',
        files: [{ kind: 'photo' as const, fileId: 'photo-1' }],
        sourceChatId: '9001',
        sourceMessageId: 77,
        at: AT,
      };
      const first = await f.store.addThreadMessage(message);
      // A retried update stores nothing new.
      expect(await f.store.addThreadMessage(message)).toBe(first);
      const other = await f.store.addThreadMessage({ ...message, sourceMessageId: 78 });
      expect(other).not.toBe(first);

      const found = await f.store.threadMessageAtSource('9001', 77);
      expect(found).toMatchObject({
        id: first,
        reportId: id,
        direction: 'out',
        authorId: officialId,
        text: 'Xã đã cử người kiểm tra.',
        files: [{ kind: 'photo', fileId: 'photo-1' }],
        deletedAt: null,
      });
      expect(await f.store.threadMessageAtSource('9001', 79)).toBeUndefined();
      expect(await f.store.deliveredCopies(first)).toEqual([]);

      expect(await f.store.editThreadMessage(first, 'Xã đã sửa xong.', AT)).toBe(true);
      expect((await f.store.threadMessageAtSource('9001', 77))?.text).toBe('Xã đã sửa xong.');
      expect(await f.store.retractThreadMessage(first, AT)).toBe(true);
      expect(await f.store.retractThreadMessage(first, AT)).toBe(false);
      expect(await f.store.editThreadMessage(first, 'Sau khi thu hồi', AT)).toBe(false);
    });

    it("gives the report's history: its events, and its thread with or without internal notes", async () => {
      const id = await f.addReport({ citizenChatId: nextChat() });
      const [officialId] = f.officialIds;
      await f.store.record(
        id,
        ['submitted'],
        { status: 'routed', assignedOfficialId: officialId },
        { type: 'routed', actorKind: 'system', data: { groups: 1 } },
        {},
        { thread: { direction: 'note', authorKind: 'system', text: 'Ghi chú nội bộ', at: AT } },
      );
      await f.store.addThreadMessage({
        reportId: id,
        direction: 'in',
        authorKind: 'citizen',
        text: 'Cảm ơn xã.',
        at: AT,
      });

      const events = await f.store.events(id);
      expect(events.at(-1)).toMatchObject({
        type: 'routed',
        actorKind: 'system',
        actorId: null,
        data: { groups: 1 },
      });
      expect((await f.store.thread(id, true)).map((m) => m.text)).toEqual([
        'Ghi chú nội bộ',
        'Cảm ơn xã.',
      ]);
      expect((await f.store.thread(id, false)).map((m) => m.text)).toEqual(['Cảm ơn xã.']);
    });
  });
}
