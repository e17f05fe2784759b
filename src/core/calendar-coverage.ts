/**
 * Whether the working-day calendar knows next year. Deadlines past the last covered year count
 * only weekends, so Tết would be counted as working days: the officer must add next year's
 * holidays (`gopy calendar set`) before it starts. From December on, this is worth a warning
 * wherever an officer looks (`gopy calendar`, /readyz, the province admin's digest).
 */
import { localDate, type IsoDate } from './local-date.ts';
import type { CalendarDay, WorkingDayCalendar } from './working-days.ts';

/** The month (1–12, Vietnam time) from which an uncovered next year is warned about. */
export const WARN_FROM_MONTH = 12;

export interface CalendarCoverage {
  /** Next year, in Vietnam time. */
  readonly nextYear: number;
  /** The calendar has public holidays for next year. */
  readonly nextYearCovered: boolean;
  /** Not covered and it is December or later: tell the officer now. */
  readonly warn: boolean;
  /** Days of this year and next that are guesses (Tết dates announced later), by date. */
  readonly estimates: readonly CalendarDay[];
}

export function calendarCoverage(calendar: WorkingDayCalendar, now: Date): CalendarCoverage {
  const today: IsoDate = localDate(now);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const nextYear = year + 1;
  const days = [...calendar.days.values()];
  const nextYearCovered = days.some(
    (d) => d.kind === 'holiday' && d.date.startsWith(`${nextYear}-`),
  );
  const estimates = days
    .filter(
      (d) => d.source === 'estimate' && d.date >= today && Number(d.date.slice(0, 4)) <= nextYear,
    )
    .sort((a, b) => a.date.localeCompare(b.date));
  return {
    nextYear,
    nextYearCovered,
    warn: !nextYearCovered && month >= WARN_FROM_MONTH,
    estimates,
  };
}

/**
 * The warning in both languages, for the CLI and a Vietnamese reader's digest, or in English
 * only for an English reader's; undefined when none is due.
 */
export function coverageWarning(
  coverage: CalendarCoverage,
  always = false,
  lang?: 'en',
): string | undefined {
  if (coverage.nextYearCovered || (!coverage.warn && !always)) return undefined;
  const y = coverage.nextYear;
  if (lang === 'en')
    return (
      `⚠ The working-day calendar has no public holidays for ${y}: deadlines would count the ` +
      `Lunar New Year as working days. Add them with ` +
      `\`gopy calendar set --date ${y}-MM-DD --kind holiday --name "..."\`.`
    );
  return (
    `⚠ Lịch ngày làm việc chưa có ngày nghỉ lễ năm ${y}: hạn xử lý sẽ tính cả Tết. ` +
    `Thêm bằng \`gopy calendar set --date ${y}-MM-DD --kind holiday --name "..."\`. / ` +
    `The working-day calendar has no holidays for ${y}; add them before the year starts.`
  );
}

/** The /readyz warning (December on, next year not covered); undefined when none is due. */
export function coverageReadinessWarning(
  coverage: CalendarCoverage,
): { code: 'calendar_next_year_not_covered'; message: string } | undefined {
  if (!coverage.warn) return undefined;
  return {
    code: 'calendar_next_year_not_covered',
    message:
      `The working-day calendar has no public holidays for ${coverage.nextYear}: deadlines ` +
      `would count Tết as working days. Add them with \`gopy calendar set\` before 1 January.`,
  };
}
