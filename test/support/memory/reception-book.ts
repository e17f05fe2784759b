/**
 * The chair's reception days and the citizens' bookings in memory, with the PostgreSQL rules:
 * weekly rules by weekday, then one-off dates; a booking takes the first free turn of the day,
 * one per citizen, commune and day; a cancelled booking frees its turn; a reminder is stored once.
 */
import type { IsoDate } from '../../../src/core/local-date.ts';
import type { NewDelivery } from '../../../src/app/ports/outbox.ts';
import type {
  BookingRecord,
  ReceptionBook,
  ReceptionDayRecord,
} from '../../../src/app/ports/reception-book.ts';

export interface MemoryCitizen {
  id: number;
  displayName: string | null;
  chatId: string | null;
  channel: string;
  language: string;
}

export interface MemoryReceptionBook extends ReceptionBook {
  /** Sets the weekly rule of `weekday`, or the one-off rule of `date` (replacing it). */
  setDay(input: {
    unitCode: string;
    weekday?: number;
    date?: IsoDate;
    startTime: string;
    endTime: string;
    slots: number;
    place?: string;
  }): ReceptionDayRecord;
  /** The reminders stored with `remind`, oldest first. */
  readonly reminders: NewDelivery[];
}

type Booking = Omit<
  BookingRecord,
  'unitName' | 'citizenName' | 'citizenChatId' | 'citizenChannel' | 'citizenLang'
>;

export function createMemoryReceptionBook(
  units: ReadonlyArray<{ code: string; name: string }>,
  citizens: ReadonlyArray<MemoryCitizen>,
): MemoryReceptionBook {
  const rules: ReceptionDayRecord[] = [];
  const bookings: Booking[] = [];
  const reminders: NewDelivery[] = [];
  let nextRule = 0;
  let nextBooking = 0;
  const record = (b: Booking): BookingRecord => {
    const citizen = citizens.find((c) => c.id === b.citizenId);
    return {
      ...b,
      unitName: units.find((u) => u.code === b.unitCode)?.name ?? b.unitCode,
      citizenName: citizen?.displayName ?? null,
      citizenChatId: citizen?.chatId ?? null,
      citizenChannel: citizen?.channel ?? 'telegram',
      citizenLang: citizen?.language ?? 'vi',
    };
  };
  const byDayAndTurn = (a: Booking, b: Booking) =>
    a.date.localeCompare(b.date) || a.slotNo - b.slotNo;

  return {
    reminders,
    setDay(input) {
      const same = rules.findIndex(
        (r) =>
          r.unitCode === input.unitCode &&
          (input.date ? r.date === input.date : r.weekday === (input.weekday ?? 0)),
      );
      const rule: ReceptionDayRecord = {
        id: same >= 0 ? (rules[same]?.id ?? ++nextRule) : ++nextRule,
        unitCode: input.unitCode,
        weekday: input.date ? null : (input.weekday ?? 0),
        date: input.date ?? null,
        startTime: input.startTime,
        endTime: input.endTime,
        slots: input.slots,
        place: input.place ?? null,
      };
      if (same >= 0) rules[same] = rule;
      else rules.push(rule);
      return { ...rule };
    },
    async days(unitCode) {
      const own = rules.filter((r) => r.unitCode === unitCode);
      const weekly = own
        .filter((r) => r.weekday !== null)
        .sort((a, b) => (a.weekday ?? 0) - (b.weekday ?? 0));
      const dated = own
        .filter((r) => r.weekday === null)
        .sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
      return [...weekly, ...dated].map((r) => ({ ...r }));
    },
    async takenCounts(unitCode, from, to) {
      const counts = new Map<IsoDate, number>();
      for (const b of bookings)
        if (b.unitCode === unitCode && b.date >= from && b.date <= to)
          counts.set(b.date, (counts.get(b.date) ?? 0) + 1);
      return counts;
    },
    async book(input) {
      const ofDay = bookings.filter((b) => b.unitCode === input.unitCode && b.date === input.date);
      const mine = ofDay.find((b) => b.citizenId === input.citizenId);
      if (mine) return { type: 'already', slotNo: mine.slotNo };
      for (let slotNo = 1; slotNo <= input.slots; slotNo++) {
        if (ofDay.some((b) => b.slotNo === slotNo)) continue;
        const booking: Booking = {
          id: ++nextBooking,
          unitCode: input.unitCode,
          date: input.date,
          slotNo,
          matter: input.matter,
          citizenId: input.citizenId,
          remindedAt: null,
        };
        bookings.push(booking);
        return { type: 'booked', id: booking.id, slotNo };
      }
      return { type: 'full' };
    },
    async get(id) {
      const b = bookings.find((x) => x.id === id);
      return b && record(b);
    },
    async forCitizen(citizenId, from) {
      return bookings
        .filter((b) => b.citizenId === citizenId && b.date >= from)
        .sort(byDayAndTurn)
        .map(record);
    },
    async cancel(id, citizenId) {
      const at = bookings.findIndex((b) => b.id === id && b.citizenId === citizenId);
      if (at < 0) return false;
      bookings.splice(at, 1);
      return true;
    },
    async on(unitCodes, date) {
      return bookings
        .filter((b) => unitCodes.includes(b.unitCode) && b.date === date)
        .sort((a, b) => a.unitCode.localeCompare(b.unitCode) || a.slotNo - b.slotNo)
        .map(record);
    },
    async unreminded(today, until) {
      return bookings
        .filter((b) => b.remindedAt === null && b.date > today && b.date <= until)
        .sort((a, b) => a.id - b.id)
        .map(record);
    },
    async remind(id, at, delivery) {
      const b = bookings.find((x) => x.id === id);
      if (!b || b.remindedAt !== null) return false;
      b.remindedAt = at;
      if (!reminders.some((r) => r.dedupeKey === delivery.dedupeKey))
        reminders.push(structuredClone(delivery));
      return true;
    },
  };
}
