/**
 * `gopy reception …`: the chair's reception days (lịch tiếp công dân). A weekly day
 * (`--weekday thu5`) or one date (`--date 2026-12-24`), a session from `--from` to `--to` cut
 * into `--slots` turns. Holidays of the working-day calendar (`gopy calendar`) are skipped.
 */
import { isIsoDate } from '../core/local-date.ts';
import {
  describeDay,
  parseTimeOfDay,
  parseWeekday,
  slotStart,
  weekdayName,
} from '../core/reception-schedule.ts';
import { createReceptionRepository } from '../persistence/reception-repository.ts';
import {
  flagError,
  formatTable,
  parseCommand,
  requireFlag,
  requireUnit,
  runSubcommand,
  type AdminCommandDeps,
} from './officials-commands.ts';

/** More turns than this in one session is a typo (a turn of under ten minutes in a day). */
const MAX_SLOTS = 60;

const USAGE = `gopy reception list --unit CODE
gopy reception set --unit CODE (--weekday thu2…thu7|cn | --date YYYY-MM-DD) --from HH:MM --to HH:MM --slots N [--place TEXT]
gopy reception remove --unit CODE --id ID`;

/** Runs `gopy reception <list|set|remove> …`. */
export async function receptionCommand(args: string[], deps: AdminCommandDeps): Promise<void> {
  return runSubcommand(args, deps, { list, set, remove }, USAGE);
}

async function list(args: string[], deps: AdminCommandDeps): Promise<void> {
  const { values } = parseCommand('reception list', args, { unit: { type: 'string' } });
  const unit = await requireUnit(deps, requireFlag('reception list', 'unit', values.unit));
  const days = await createReceptionRepository(deps.prisma).days(unit.code);
  if (days.length === 0) {
    deps.print(
      `${unit.name} chưa có lịch tiếp công dân. / No reception days for ${unit.code}. (gopy reception set …)`,
    );
    return;
  }
  const rows = days.map((d) => [
    String(d.id),
    d.date ? describeDay(d.date) : `${weekdayName(d.weekday ?? 0)} hằng tuần`,
    `${d.startTime}–${d.endTime}`,
    `${d.slots} (${Array.from({ length: Math.min(d.slots, 4) }, (_, i) => slotStart(d, i + 1)).join(', ')}${d.slots > 4 ? ', …' : ''})`,
    d.place ?? `Trụ sở UBND ${unit.name}`,
  ]);
  deps.print(`Lịch tiếp công dân của ${unit.name} (${unit.code}) / Reception days:`);
  for (const line of formatTable(['ID', 'Ngày/Day', 'Giờ/Time', 'Lượt/Slots', 'Nơi/Place'], rows))
    deps.print(line);
  deps.print('Ngày nghỉ lễ trong lịch làm việc không tiếp công dân. / Holidays are skipped.');
}

async function set(args: string[], deps: AdminCommandDeps): Promise<void> {
  const { values } = parseCommand('reception set', args, {
    unit: { type: 'string' },
    weekday: { type: 'string' },
    date: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    slots: { type: 'string' },
    place: { type: 'string' },
  });
  const unit = await requireUnit(deps, requireFlag('reception set', 'unit', values.unit));
  if ((values.weekday === undefined) === (values.date === undefined))
    throw flagError(
      'weekday',
      'cho --weekday hoặc --date, một trong hai / give --weekday or --date, not both',
    );
  const weekday = values.weekday === undefined ? undefined : parseWeekday(values.weekday);
  if (values.weekday !== undefined && weekday === undefined)
    throw flagError(
      'weekday',
      'thứ không hợp lệ, ví dụ thu2, thu5, cn / not a weekday, e.g. thu5 or thursday',
    );
  if (values.date !== undefined && !isIsoDate(values.date))
    throw flagError('date', 'ngày không hợp lệ, viết YYYY-MM-DD / not a date, write YYYY-MM-DD');
  const from = requireFlag('reception set', 'from', values.from);
  const to = requireFlag('reception set', 'to', values.to);
  const start = parseTimeOfDay(from);
  const end = parseTimeOfDay(to);
  if (start === undefined) throw flagError('from', 'giờ viết HH:MM, ví dụ 07:30 / write HH:MM');
  if (end === undefined) throw flagError('to', 'giờ viết HH:MM, ví dụ 11:00 / write HH:MM');
  if (end <= start)
    throw flagError('to', 'giờ kết thúc phải sau giờ bắt đầu / must be after --from');
  const slots = Number(requireFlag('reception set', 'slots', values.slots));
  if (!Number.isInteger(slots) || slots < 1 || slots > MAX_SLOTS)
    throw flagError('slots', `số lượt từ 1 đến ${MAX_SLOTS} / 1 to ${MAX_SLOTS} turns`);
  if ((end - start) / slots < 5)
    throw flagError('slots', 'mỗi lượt ít nhất 5 phút / each turn needs at least 5 minutes');
  const place = values.place?.trim();
  const day = await createReceptionRepository(deps.prisma).setDay({
    unitCode: unit.code,
    ...(weekday !== undefined ? { weekday } : {}),
    ...(values.date !== undefined && isIsoDate(values.date) ? { date: values.date } : {}),
    startTime: from.trim(),
    endTime: to.trim(),
    slots,
    ...(place ? { place } : {}),
  });
  const when = day.date ? describeDay(day.date) : `${weekdayName(day.weekday ?? 0)} hằng tuần`;
  deps.print(
    `Đã đặt lịch tiếp công dân #${day.id} của ${unit.name}: ${when}, ${day.startTime}–${day.endTime}, ${day.slots} lượt. / Reception day #${day.id} set.`,
  );
}

async function remove(args: string[], deps: AdminCommandDeps): Promise<void> {
  const { values } = parseCommand('reception remove', args, {
    unit: { type: 'string' },
    id: { type: 'string' },
  });
  const unit = await requireUnit(deps, requireFlag('reception remove', 'unit', values.unit));
  const id = Number(requireFlag('reception remove', 'id', values.id));
  if (!Number.isInteger(id) || id <= 0) throw flagError('id', 'không phải số / not a number');
  const removed = await createReceptionRepository(deps.prisma).removeDay(unit.code, id);
  deps.print(
    removed
      ? `Đã xóa lịch #${id}. Các lượt đã đăng ký vẫn giữ. / Removed #${id}; existing bookings stay.`
      : `Không có lịch #${id} của ${unit.code}. / No reception day #${id} for this unit.`,
  );
}
