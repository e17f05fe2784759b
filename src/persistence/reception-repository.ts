/**
 * The chair's reception days and the citizens' bookings. No double booking, whatever the
 * concurrency: a booking takes the first free turn of the day in one INSERT, and the unique
 * (unit, date, slot) index decides between two citizens taking the same turn; the loser tries
 * the next free turn, and finds the day full when there is none. One booking per citizen per
 * commune and day is the other unique index.
 */
import type { IsoDate } from '../core/local-date.ts';
import type { Prisma, PrismaClient } from './generated/prisma/client.ts';
import type { NewDelivery } from '../app/ports/outbox.ts';
import type {
  BookResult,
  BookingRecord,
  ReceptionBook,
  ReceptionDayRecord,
} from '../app/ports/reception-book.ts';
import type { Implements } from './implements.ts';

const toDate = (d: IsoDate) => new Date(`${d}T00:00:00Z`);
const toIso = (d: Date) => d.toISOString().slice(0, 10) as IsoDate;

function toRule(r: {
  id: number;
  unitCode: string;
  weekday: number | null;
  date: Date | null;
  startTime: string;
  endTime: string;
  slots: number;
  place: string | null;
}): ReceptionDayRecord {
  return {
    id: r.id,
    unitCode: r.unitCode,
    weekday: r.weekday,
    date: r.date ? toIso(r.date) : null,
    startTime: r.startTime,
    endTime: r.endTime,
    slots: r.slots,
    place: r.place,
  };
}

type BookingRow = Prisma.ReceptionBookingGetPayload<{
  include: { citizen: true };
}> & { unitName: string };

function toBooking(r: BookingRow): BookingRecord {
  return {
    id: r.id,
    unitCode: r.unitCode,
    unitName: r.unitName,
    date: toIso(r.date),
    slotNo: r.slotNo,
    matter: r.matter,
    citizenId: r.citizenId,
    citizenName: r.citizen.displayName,
    citizenChatId: r.citizen.chatId,
    citizenChannel: r.citizen.channel,
    citizenLang: r.citizen.language,
    remindedAt: r.remindedAt,
  };
}

export function createReceptionRepository(prisma: PrismaClient) {
  async function withUnitNames(
    rows: Array<Prisma.ReceptionBookingGetPayload<{ include: { citizen: true } }>>,
  ): Promise<BookingRecord[]> {
    const codes = [...new Set(rows.map((r) => r.unitCode))];
    const units = await prisma.unit.findMany({
      where: { code: { in: codes } },
      select: { code: true, name: true },
    });
    const names = new Map(units.map((u) => [u.code, u.name]));
    return rows.map((r) => toBooking({ ...r, unitName: names.get(r.unitCode) ?? r.unitCode }));
  }

  return {
    /** Sets the weekly rule of `weekday`, or the one-off rule of `date` (replacing it). */
    async setDay(input: {
      unitCode: string;
      weekday?: number;
      date?: IsoDate;
      startTime: string;
      endTime: string;
      slots: number;
      place?: string;
    }): Promise<ReceptionDayRecord> {
      const data = {
        startTime: input.startTime,
        endTime: input.endTime,
        slots: input.slots,
        place: input.place ?? null,
      };
      const row = input.date
        ? await prisma.receptionDay.upsert({
            where: { unitCode_date: { unitCode: input.unitCode, date: toDate(input.date) } },
            create: { unitCode: input.unitCode, date: toDate(input.date), ...data },
            update: data,
          })
        : await prisma.receptionDay.upsert({
            where: { unitCode_weekday: { unitCode: input.unitCode, weekday: input.weekday ?? 0 } },
            create: { unitCode: input.unitCode, weekday: input.weekday ?? 0, ...data },
            update: data,
          });
      return toRule(row);
    },

    async removeDay(unitCode: string, id: number): Promise<boolean> {
      const r = await prisma.receptionDay.deleteMany({ where: { id, unitCode } });
      return r.count === 1;
    },

    /** The commune's rules: weekly ones by weekday, then one-off dates. */
    async days(unitCode: string): Promise<ReceptionDayRecord[]> {
      const rows = await prisma.receptionDay.findMany({
        where: { unitCode },
        orderBy: [{ weekday: 'asc' }, { date: 'asc' }],
      });
      return rows.map(toRule);
    },

    /** Turns taken per date of the commune, from `from` to `to` inclusive. */
    async takenCounts(unitCode: string, from: IsoDate, to: IsoDate): Promise<Map<IsoDate, number>> {
      const rows = await prisma.receptionBooking.groupBy({
        by: ['date'],
        where: { unitCode, date: { gte: toDate(from), lte: toDate(to) } },
        _count: { _all: true },
      });
      return new Map(rows.map((r) => [toIso(r.date), r._count._all]));
    },

    /**
     * Takes the first free turn of the day, up to `slots`. Two citizens racing for the same
     * turn: the unique index lets one in, the other's INSERT does nothing and it tries again
     * with the turns left (at most `slots` rounds).
     */
    async book(input: {
      unitCode: string;
      date: IsoDate;
      slots: number;
      citizenId: number;
      matter: string;
      at: Date;
    }): Promise<BookResult> {
      const date = toDate(input.date);
      for (let round = 0; round < input.slots; round++) {
        let rows: Array<{ id: number; slot_no: number }>;
        try {
          rows = await prisma.$queryRaw<Array<{ id: number; slot_no: number }>>`
            INSERT INTO reception_bookings (unit_code, date, slot_no, citizen_id, matter, created_at)
            SELECT ${input.unitCode}, ${date}::date, s, ${input.citizenId}, ${input.matter}, ${input.at}
              FROM generate_series(1, ${input.slots}::int) s
             WHERE NOT EXISTS (
                     SELECT 1 FROM reception_bookings b
                      WHERE b.unit_code = ${input.unitCode} AND b.date = ${date}::date AND b.slot_no = s)
             ORDER BY s
             LIMIT 1
            ON CONFLICT (unit_code, date, slot_no) DO NOTHING
            RETURNING id, slot_no`;
        } catch (err) {
          // The other unique index (a raw query reports it as P2010, not P2002): this citizen
          // already has a turn that day.
          const mine = await prisma.receptionBooking.findUnique({
            where: {
              citizenId_unitCode_date: {
                citizenId: input.citizenId,
                unitCode: input.unitCode,
                date,
              },
            },
          });
          if (mine) return { type: 'already', slotNo: mine.slotNo };
          throw err;
        }
        const row = rows[0];
        if (row) return { type: 'booked', id: row.id, slotNo: row.slot_no };
        const taken = await prisma.receptionBooking.count({
          where: { unitCode: input.unitCode, date },
        });
        if (taken >= input.slots) return { type: 'full' };
      }
      return { type: 'full' };
    },

    async get(id: number): Promise<BookingRecord | undefined> {
      const row = await prisma.receptionBooking.findUnique({
        where: { id },
        include: { citizen: true },
      });
      return row ? (await withUnitNames([row]))[0] : undefined;
    },

    /** The citizen's bookings from `from` on, soonest first. */
    async forCitizen(citizenId: number, from: IsoDate): Promise<BookingRecord[]> {
      const rows = await prisma.receptionBooking.findMany({
        where: { citizenId, date: { gte: toDate(from) } },
        include: { citizen: true },
        orderBy: [{ date: 'asc' }, { slotNo: 'asc' }],
      });
      return withUnitNames(rows);
    },

    /** Cancels the citizen's own booking (it frees the turn); false when it was not theirs or gone. */
    async cancel(id: number, citizenId: number): Promise<boolean> {
      const r = await prisma.receptionBooking.deleteMany({ where: { id, citizenId } });
      return r.count === 1;
    },

    /** The bookings of these communes on `date`, by commune and turn: the chair's list. */
    async on(unitCodes: readonly string[], date: IsoDate): Promise<BookingRecord[]> {
      if (unitCodes.length === 0) return [];
      const rows = await prisma.receptionBooking.findMany({
        where: { unitCode: { in: [...unitCodes] }, date: toDate(date) },
        include: { citizen: true },
        orderBy: [{ unitCode: 'asc' }, { slotNo: 'asc' }],
      });
      return withUnitNames(rows);
    },

    /** Bookings after `today` up to `until`, not reminded yet. */
    async unreminded(today: IsoDate, until: IsoDate): Promise<BookingRecord[]> {
      const rows = await prisma.receptionBooking.findMany({
        where: { remindedAt: null, date: { gt: toDate(today), lte: toDate(until) } },
        include: { citizen: true },
        orderBy: { id: 'asc' },
      });
      return withUnitNames(rows);
    },

    /**
     * Marks the booking reminded and stores the reminder, in one transaction: whoever sets
     * `reminded_at` first (another worker, a process before a restart) stores it, the others
     * store nothing. False when it was reminded (or cancelled) already.
     */
    async remind(id: number, at: Date, delivery: NewDelivery): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const won = await tx.receptionBooking.updateMany({
          where: { id, remindedAt: null },
          data: { remindedAt: at },
        });
        if (won.count !== 1) return false;
        await tx.delivery.createMany({
          data: [
            {
              dedupeKey: delivery.dedupeKey,
              bot: delivery.bot ?? '',
              channel: delivery.channel ?? 'telegram',
              chatId: delivery.chatId,
              payload: { message: delivery.message } as unknown as Prisma.InputJsonValue,
            },
          ],
          skipDuplicates: true,
        });
        return true;
      });
    },
  };
}

/** Implements the reception book of the use cases (app/ports/reception-book.ts). */
export type ReceptionRepository = Implements<
  ReturnType<typeof createReceptionRepository>,
  ReceptionBook
>;
