/**
 * The commune's own calendar days: public holidays and make-up working days that override or
 * extend the built-in table (core/working-days.ts), e.g. when the government announces next
 * year's Tết holiday.
 */
import type { CalendarDay, CalendarDayKind } from '../core/working-days.ts';
import type { IsoDate } from '../core/local-date.ts';
import type { PrismaClient } from './generated/prisma/client.ts';

export function createCalendarRepository(prisma: PrismaClient) {
  return {
    async list(year?: number): Promise<CalendarDay[]> {
      const rows = await prisma.calendarDay.findMany({
        where:
          year === undefined
            ? {}
            : {
                date: {
                  gte: new Date(Date.UTC(year, 0, 1)),
                  lt: new Date(Date.UTC(year + 1, 0, 1)),
                },
              },
        orderBy: { date: 'asc' },
      });
      return rows.map((r) => ({
        date: r.date.toISOString().slice(0, 10) as IsoDate,
        kind: r.kind as CalendarDayKind,
        name: r.name,
      }));
    },
    async set(day: { date: IsoDate; kind: CalendarDayKind; name: string }): Promise<void> {
      const date = new Date(`${day.date}T00:00:00Z`);
      await prisma.calendarDay.upsert({
        where: { date },
        create: { date, kind: day.kind, name: day.name },
        update: { kind: day.kind, name: day.name },
      });
    },
    async remove(date: IsoDate): Promise<boolean> {
      const r = await prisma.calendarDay.deleteMany({
        where: { date: new Date(`${date}T00:00:00Z`) },
      });
      return r.count > 0;
    },
  };
}

export type CalendarRepository = ReturnType<typeof createCalendarRepository>;
