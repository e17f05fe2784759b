/**
 * The chair's reception day (app/reception.ts) on the in-memory ports: the days offered (from
 * tomorrow, never a Tết holiday, never a full day), a turn each and never one turn for two, and
 * the reminder on the working day before, in the daytime, once. The PostgreSQL race of two
 * bookings is in test/integration/reception.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { createReception } from '../../../src/app/reception.ts';
import type { IsoDate } from '../../../src/core/local-date.ts';
import { DEFAULT_CALENDAR } from '../../../src/core/working-days.ts';
import { createMemoryOutbox } from '../../support/memory/outbox.ts';
import {
  createMemoryReceptionBook,
  type MemoryCitizen,
} from '../../support/memory/reception-book.ts';
import { HOME } from '../../support/memory/routing-world.ts';

/** Tuesday 10/02/2026, 09:00 in Vietnam: Tết (16–20/02) is next week. */
const TUESDAY = new Date('2026-02-10T02:00:00Z');
const d = (s: string) => s as IsoDate;

function setup() {
  const citizens: MemoryCitizen[] = [1, 2, 3, 4, 5].map((id) => ({
    id,
    displayName: `Người dân ${id}`,
    chatId: `700${id}`,
    channel: 'telegram',
    language: 'vi',
  }));
  const book = createMemoryReceptionBook([HOME], citizens);
  // Mondays 08:00–10:00, four turns of half an hour.
  book.setDay({ unitCode: HOME.code, weekday: 1, startTime: '08:00', endTime: '10:00', slots: 4 });
  const outbox = createMemoryOutbox();
  const reception = createReception({
    reception: book,
    units: { get: async (code) => (code === HOME.code ? HOME : undefined) },
    calendar: DEFAULT_CALENDAR,
    outbox,
  });
  const take = (citizenId: number, date: string, now = TUESDAY) =>
    reception.book({
      unitCode: HOME.code,
      date: d(date),
      citizenId,
      matter: 'Tranh chấp đất',
      now,
    });
  return { book, outbox, reception, take };
}

describe('reception', () => {
  it('offers the Mondays from tomorrow, skipping the Tết holiday and the full days', async () => {
    const w = setup();
    const offered = async () =>
      (await w.reception.offers(HOME.code, TUESDAY)).map((o) => [o.date, o.free]);
    expect(await offered()).toEqual([
      ['2026-02-23', 4],
      ['2026-03-02', 4],
      ['2026-03-09', 4],
    ]);
    for (const citizen of [1, 2, 3, 4]) await w.take(citizen, '2026-02-23');
    await w.take(5, '2026-03-02');
    expect(await offered()).toEqual([
      ['2026-03-02', 3],
      ['2026-03-09', 4],
    ]);
  });

  it('gives each citizen a turn with its time and place, one turn a day, and says when it is full', async () => {
    const w = setup();
    expect(await w.take(1, '2026-03-02')).toEqual({
      type: 'booked',
      id: 1,
      slotNo: 1,
      time: '08:00',
      place: 'Trụ sở UBND Xã Bắc Đông Hưng',
    });
    expect(await w.take(2, '2026-03-02')).toMatchObject({
      type: 'booked',
      slotNo: 2,
      time: '08:30',
    });
    expect(await w.take(1, '2026-03-02')).toEqual({ type: 'already', slotNo: 1, time: '08:00' });
    await w.take(3, '2026-03-02');
    await w.take(4, '2026-03-02');
    expect(await w.take(5, '2026-03-02')).toEqual({ type: 'full' });
  });

  it('never gives one turn to two citizens booking at the same moment', async () => {
    const w = setup();
    const results = await Promise.all([1, 2, 3].map((c) => w.take(c, '2026-03-09')));
    const turns = results.map((r) => (r.type === 'booked' ? r.slotNo : r.type));
    expect([...turns].sort()).toEqual([1, 2, 3]);
  });

  it('refuses a day that is no longer a reception day: a Tết Monday, today, a Tuesday', async () => {
    const w = setup();
    expect(await w.take(1, '2026-02-16')).toEqual({ type: 'gone' });
    expect(await w.take(1, '2026-02-17')).toEqual({ type: 'gone' });
    const monday = new Date('2026-03-02T01:00:00Z');
    expect(await w.take(1, '2026-03-02', monday)).toEqual({ type: 'gone' });
  });

  it('reminds a citizen once on the working day before, in the daytime only', async () => {
    const w = setup();
    await w.take(1, '2026-03-02');
    // Thursday 26/02: too early. Friday 27/02 at 07:59 and at 20:00: not at night.
    expect(await w.reception.remind(new Date('2026-02-26T03:00:00Z'))).toBe(0);
    expect(await w.reception.remind(new Date('2026-02-27T00:59:00Z'))).toBe(0);
    expect(await w.reception.remind(new Date('2026-02-27T13:00:00Z'))).toBe(0);
    // Friday 27/02 at 08:00: reminded, and only once.
    expect(await w.reception.remind(new Date('2026-02-27T01:00:00Z'))).toBe(1);
    expect(await w.reception.remind(new Date('2026-02-27T05:00:00Z'))).toBe(0);

    expect(w.outbox.textsTo('7001')).toEqual([
      expect.stringContaining('Thứ Hai, 02/03/2026, lúc 08:00'),
    ]);
    expect(w.outbox.deliveries[0]?.message).toMatchObject({
      buttons: [[{ label: '❌ Hủy lịch hẹn', data: 'go:my-reception' }]],
    });
    expect(w.book.reminders.map((r) => r.dedupeKey)).toEqual(['reception-reminder-1']);
  });

  it("lists the day's visitors for the chair, by turn", async () => {
    const w = setup();
    await w.take(2, '2026-03-02');
    await w.take(1, '2026-03-02');
    expect(await w.reception.dayList([HOME.code], d('2026-03-02'))).toEqual([
      {
        unitCode: HOME.code,
        slotNo: 1,
        time: '08:00',
        name: 'Người dân 2',
        matter: 'Tranh chấp đất',
      },
      {
        unitCode: HOME.code,
        slotNo: 2,
        time: '08:30',
        name: 'Người dân 1',
        matter: 'Tranh chấp đất',
      },
    ]);
  });
});
