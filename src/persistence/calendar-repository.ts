/**
 * The commune's own calendar days: public holidays and make-up working days that override or
 * extend the built-in table (core/working-days.ts), e.g. when the government announces next
 * year's Tết holiday.
 */
import type { CalendarDay, CalendarDayKind } from '../core/working-days.ts';
import type { IsoDate } from '../core/local-date.ts';
import type { PrismaClient } from './generated/prisma/client.ts';
import { plainSqlFor } from './plain-sql.ts';

export function createCalendarRepository(prisma: PrismaClient) {
  return {
    /** On the pool (plain-sql.ts): every role reads it at start, before it needs the ORM. */
    async list(year?: number): Promise<CalendarDay[]> {
      const { rows } = await plainSqlFor(prisma).query<{
        date: string;
        kind: string;
        name: string;
      }>(
        'gopy_calendar_days',
        `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, name FROM calendar_days
          WHERE $1::int IS NULL OR (date >= make_date($1::int, 1, 1) AND date < make_date($1::int + 1, 1, 1))
          ORDER BY date`,
        [year ?? null],
      );
      return rows.map((r) => ({
        date: r.date as IsoDate,
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
