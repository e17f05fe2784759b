/**
 * `gopy calendar …`: the working-day calendar deadlines are counted on. gopy ships the public
 * holidays it knows (core/working-days.ts); a commune adds or corrects days here, e.g. when the
 * government announces Tết or a make-up Saturday. Running gopy processes read the calendar when
 * they start.
 */
import { isIsoDate } from '../core/local-date.ts';
import { calendarCoverage, coverageWarning } from '../core/calendar-coverage.ts';
import { DEFAULT_CALENDAR_DAYS, createCalendar } from '../core/working-days.ts';
import { createCalendarRepository } from '../persistence/calendar-repository.ts';
import {
  flagError,
  formatTable,
  parseCommand,
  requireFlag,
  runSubcommand,
  type AdminCommandDeps,
} from './officials-commands.ts';

const USAGE = `gopy calendar [list] [--year YYYY]
gopy calendar set --date YYYY-MM-DD --kind holiday|workday --name TEXT
gopy calendar remove --date YYYY-MM-DD`;

export async function calendarCommand(args: string[], deps: AdminCommandDeps): Promise<void> {
  // Bare `gopy calendar` (or only flags) lists: the look an officer takes to check coverage.
  if (args.length === 0 || args[0]?.startsWith('--')) return list(args, deps);
  return runSubcommand(args, deps, { list, set, remove }, USAGE);
}

async function list(args: string[], deps: AdminCommandDeps): Promise<void> {
  const { values } = parseCommand('calendar list', args, { year: { type: 'string' } });
  const year = values.year === undefined ? undefined : Number(values.year);
  if (year !== undefined && !(Number.isInteger(year) && year >= 2000 && year <= 2100))
    throw flagError('year', 'năm không hợp lệ / not a year');
  const own = await createCalendarRepository(deps.prisma).list();
  const ownDates = new Set(own.map((d) => d.date));
  const inYear = (d: { date: string }) => year === undefined || d.date.startsWith(`${year}-`);
  const builtIn = DEFAULT_CALENDAR_DAYS.filter((d) => !ownDates.has(d.date) && inYear(d));
  const rows = [
    ...builtIn.map((d) => [
      d.date,
      d.kind,
      d.source === 'estimate' ? `${d.name} (ước tính / estimate)` : d.name,
      'gopy',
    ]),
    ...own.filter(inYear).map((d) => [d.date, d.kind, d.name, 'xã / commune']),
  ].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  for (const line of formatTable(['Ngày/Date', 'Loại/Kind', 'Tên/Name', 'Nguồn/Source'], rows))
    deps.print(line);
  const calendar = createCalendar([...DEFAULT_CALENDAR_DAYS, ...own]);
  const coverage = calendarCoverage(calendar, deps.now);
  if (coverage.estimates.length > 0)
    deps.print(
      `${coverage.estimates.length} ngày sắp tới là ước tính (chưa có quyết định chính thức), ` +
        `kiểm tra và sửa bằng \`gopy calendar set\` khi có công bố. / ` +
        `${coverage.estimates.length} upcoming days are estimates; correct them once announced.`,
    );
  // Any time of year here: an officer reading the calendar is the one to fix it.
  const warning = coverageWarning(coverage, true);
  if (warning) deps.print(warning);
}

async function set(args: string[], deps: AdminCommandDeps): Promise<void> {
  const { values } = parseCommand('calendar set', args, {
    date: { type: 'string' },
    kind: { type: 'string' },
    name: { type: 'string' },
  });
  const date = requireDate(requireFlag('calendar set', 'date', values.date));
  const kind = requireFlag('calendar set', 'kind', values.kind);
  if (kind !== 'holiday' && kind !== 'workday')
    throw flagError(
      'kind',
      'phải là holiday (nghỉ) hoặc workday (làm bù) / must be holiday or workday',
    );
  const name = requireFlag('calendar set', 'name', values.name).normalize('NFC').trim();
  await createCalendarRepository(deps.prisma).set({ date, kind, name });
  deps.print(
    `Đã lưu ${date}: ${kind === 'holiday' ? 'ngày nghỉ' : 'ngày làm bù'} (${name}). Khởi động lại gopy để áp dụng. / Saved; restart gopy to apply.`,
  );
}

async function remove(args: string[], deps: AdminCommandDeps): Promise<void> {
  const { values } = parseCommand('calendar remove', args, { date: { type: 'string' } });
  const date = requireDate(requireFlag('calendar remove', 'date', values.date));
  const removed = await createCalendarRepository(deps.prisma).remove(date);
  deps.print(
    removed
      ? `Đã xóa ${date} khỏi lịch của xã. / Removed.`
      : `${date} không có trong lịch của xã. / Not in the commune's calendar.`,
  );
}

function requireDate(text: string) {
  if (!isIsoDate(text))
    throw flagError('date', 'ngày phải có dạng YYYY-MM-DD / must be YYYY-MM-DD');
  return text;
}
