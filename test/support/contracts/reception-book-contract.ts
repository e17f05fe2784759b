/**
 * What every implementation of the reception book (app/ports/reception-book.ts) must do, run
 * against the in-memory one (test/unit/ports) and the PostgreSQL one (test/integration/ports):
 * the commune's rules in order, the first free turn for each citizen and never one turn for two,
 * one turn per citizen and day, a cancelled turn free again, the chair's list, and a reminder
 * stored once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IsoDate } from '../../../src/core/local-date.ts';
import type { NewDelivery } from '../../../src/app/ports/outbox.ts';
import type { ReceptionBook } from '../../../src/app/ports/reception-book.ts';

export interface ReceptionBookFixture {
  book: ReceptionBook;
  /** Sets a rule the way `gopy reception set` does. */
  setDay(input: {
    unitCode: string;
    weekday?: number;
    date?: IsoDate;
    startTime: string;
    endTime: string;
    slots: number;
    place?: string;
  }): Promise<void>;
  /** A citizen of Telegram chat `chatId`, named "Người dân <chat>"; their id. */
  addCitizen(chatId: string): Promise<number>;
  /** Two communes, with their names. */
  home: { code: string; name: string };
  neighbour: { code: string; name: string };
  close(): Promise<void>;
}

const AT = new Date('2026-03-02T03:00:00Z');
const d = (s: string) => s as IsoDate;
const reminder = (id: number, chatId: string): NewDelivery => ({
  dedupeKey: `reception-reminder-${id}`,
  chatId,
  message: { type: 'text', chatId, text: 'Nhắc lịch' },
});

export function describeReceptionBookContract(
  name: string,
  make: () => Promise<ReceptionBookFixture>,
): void {
  describe(`ReceptionBook contract: ${name}`, () => {
    let f: ReceptionBookFixture;
    beforeAll(async () => {
      f = await make();
    });
    afterAll(async () => {
      await f.close();
    });

    const take = (unitCode: string, date: string, slots: number, citizenId: number) =>
      f.book.book({
        unitCode,
        date: d(date),
        slots,
        citizenId,
        matter: 'Xin cấp lại sổ đỏ',
        at: AT,
      });

    it('gives the weekly rules by weekday, then the one-off dates; a rule set again replaces it', async () => {
      const u = f.neighbour.code;
      await f.setDay({
        unitCode: u,
        date: d('2026-03-20'),
        startTime: '14:00',
        endTime: '16:00',
        slots: 2,
      });
      await f.setDay({ unitCode: u, weekday: 4, startTime: '08:00', endTime: '11:00', slots: 6 });
      await f.setDay({ unitCode: u, weekday: 1, startTime: '08:00', endTime: '10:00', slots: 4 });
      await f.setDay({
        unitCode: u,
        weekday: 4,
        startTime: '07:30',
        endTime: '11:00',
        slots: 8,
        place: 'Hội trường',
      });
      const days = await f.book.days(u);
      expect(days.map((r) => [r.weekday, r.date, r.startTime, r.slots, r.place])).toEqual([
        [1, null, '08:00', 4, null],
        [4, null, '07:30', 8, 'Hội trường'],
        [null, '2026-03-20', '14:00', 2, null],
      ]);
      expect(await f.book.days(f.home.code)).toEqual([]);
    });

    it('gives each citizen the first free turn, one per citizen and day, and says when the day is full', async () => {
      const [lan, minh, hoa] = [
        await f.addCitizen('8101'),
        await f.addCitizen('8102'),
        await f.addCitizen('8103'),
      ];
      const first = await take(f.home.code, '2026-03-09', 2, lan);
      expect(first).toMatchObject({ type: 'booked', slotNo: 1 });
      expect(await take(f.home.code, '2026-03-09', 2, lan)).toEqual({ type: 'already', slotNo: 1 });
      expect(await take(f.home.code, '2026-03-09', 2, minh)).toMatchObject({
        type: 'booked',
        slotNo: 2,
      });
      expect(await take(f.home.code, '2026-03-09', 2, hoa)).toEqual({ type: 'full' });
      // Another commune's day, and another day, are apart.
      expect(await take(f.neighbour.code, '2026-03-09', 2, hoa)).toMatchObject({ slotNo: 1 });
      expect(await take(f.home.code, '2026-03-10', 2, hoa)).toMatchObject({ slotNo: 1 });

      const counts = await f.book.takenCounts(f.home.code, d('2026-03-09'), d('2026-03-10'));
      expect([...counts.entries()].sort()).toEqual([
        ['2026-03-09', 2],
        ['2026-03-10', 1],
      ]);
    });

    it('never gives one turn to two citizens booking at once', async () => {
      const ids = [];
      for (const chat of ['8111', '8112', '8113']) ids.push(await f.addCitizen(chat));
      const results = await Promise.all(ids.map((id) => take(f.home.code, '2026-03-11', 2, id)));
      const turns = results.flatMap((r) => (r.type === 'booked' ? [r.slotNo] : []));
      expect(turns.sort()).toEqual([1, 2]);
      expect(results.filter((r) => r.type === 'full')).toHaveLength(1);
    });

    it("shows a citizen's bookings from a day on, and frees a turn its own citizen cancels", async () => {
      const [an, binh] = [await f.addCitizen('8121'), await f.addCitizen('8122')];
      const later = await take(f.home.code, '2026-03-17', 3, an);
      const sooner = await take(f.home.code, '2026-03-16', 3, an);
      await take(f.home.code, '2026-03-05', 3, an);
      if (later.type !== 'booked' || sooner.type !== 'booked') throw new Error('not booked');

      const mine = await f.book.forCitizen(an, d('2026-03-06'));
      expect(mine.map((b) => [b.id, b.date])).toEqual([
        [sooner.id, '2026-03-16'],
        [later.id, '2026-03-17'],
      ]);
      expect(mine[0]).toMatchObject({
        unitCode: f.home.code,
        unitName: f.home.name,
        citizenName: 'Người dân 8121',
        citizenChatId: '8121',
        citizenChannel: 'telegram',
        remindedAt: null,
      });

      expect(await f.book.cancel(later.id, binh)).toBe(false);
      expect(await f.book.cancel(later.id, an)).toBe(true);
      expect(await f.book.cancel(later.id, an)).toBe(false);
      expect(await f.book.get(later.id)).toBeUndefined();
      expect(await take(f.home.code, '2026-03-17', 3, binh)).toMatchObject({ slotNo: 1 });
    });

    it("lists the day's bookings by commune and turn, and stores each reminder once", async () => {
      const ids = [];
      for (const chat of ['8131', '8132', '8133']) ids.push(await f.addCitizen(chat));
      const [a, b, c] = ids as [number, number, number];
      await take(f.neighbour.code, '2026-03-24', 3, a);
      await take(f.home.code, '2026-03-24', 3, b);
      await take(f.home.code, '2026-03-24', 3, c);
      const list = await f.book.on([f.home.code, f.neighbour.code], d('2026-03-24'));
      // DIRECTORY_UNITS: the home commune's code comes first.
      expect(list.map((x) => [x.unitCode, x.slotNo, x.citizenId])).toEqual([
        [f.home.code, 1, b],
        [f.home.code, 2, c],
        [f.neighbour.code, 1, a],
      ]);
      expect(await f.book.on([], d('2026-03-24'))).toEqual([]);

      const due = await f.book.unreminded(d('2026-03-23'), d('2026-03-24'));
      const first = due.find((x) => x.citizenId === b);
      if (!first) throw new Error('no booking to remind');
      // Not on or before today's date.
      expect(await f.book.unreminded(d('2026-03-24'), d('2026-03-30'))).not.toContainEqual(
        expect.objectContaining({ id: first.id }),
      );
      expect(await f.book.remind(first.id, AT, reminder(first.id, '8132'))).toBe(true);
      expect(await f.book.remind(first.id, AT, reminder(first.id, '8132'))).toBe(false);
      expect(await f.book.get(first.id)).toMatchObject({ remindedAt: AT });
      expect(
        (await f.book.unreminded(d('2026-03-23'), d('2026-03-24'))).map((x) => x.id),
      ).not.toContain(first.id);
    });
  });
}
