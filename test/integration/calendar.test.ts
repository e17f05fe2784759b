/** The commune's own calendar days, set with `gopy calendar`, move deadlines. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarCommand } from '../../src/cli/calendar-commands.ts';
import { reportDeadline } from '../../src/core/report-deadline.ts';
import { DEFAULT_CALENDAR_DAYS, createCalendar } from '../../src/core/working-days.ts';
import { createCalendarRepository } from '../../src/persistence/calendar-repository.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let db: TestDatabase;
const printed: string[] = [];
let now = new Date();
const run = (...args: string[]) =>
  calendarCommand(args, {
    prisma: db.prisma,
    print: (l) => printed.push(l),
    botUsername: 'x',
    now,
  });
/** What one run printed. */
const output = async (...args: string[]) => {
  printed.length = 0;
  await run(...args);
  return printed.join('\n');
};

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

describe('gopy calendar', () => {
  it('adds a holiday that pushes a deadline past it, and removes it again', async () => {
    // Monday 2026-06-01, 09:00 in Hà Nội: a 1-working-day deadline falls on Tuesday 2 June.
    const monday = new Date('2026-06-01T02:00:00Z');
    const due = async () =>
      reportDeadline(
        createCalendar([
          ...DEFAULT_CALENDAR_DAYS,
          ...(await createCalendarRepository(db.prisma).list()),
        ]),
        'phan-anh',
        1,
        monday,
      ).dueAt.toISOString();
    expect(await due()).toBe('2026-06-02T10:00:00.000Z');

    await run('set', '--date', '2026-06-02', '--kind', 'holiday', '--name', 'Nghỉ lễ địa phương');
    expect(printed.at(-1)).toMatch(/Đã lưu 2026-06-02: ngày nghỉ/);
    expect(await due()).toBe('2026-06-03T10:00:00.000Z');

    await run('list', '--year', '2026');
    expect(printed.join('\n')).toMatch(/2026-06-02\s+holiday\s+Nghỉ lễ địa phương\s+xã/);

    await run('remove', '--date', '2026-06-02');
    expect(await due()).toBe('2026-06-02T10:00:00.000Z');
  });

  it('refuses a malformed date or kind, naming the flag', async () => {
    await expect(
      run('set', '--date', '02/06/2026', '--kind', 'holiday', '--name', 'x'),
    ).rejects.toThrow(/--date/);
    await expect(
      run('set', '--date', '2026-06-02', '--kind', 'nghi', '--name', 'x'),
    ).rejects.toThrow(/--kind/);
  });

  it('marks estimated days and says how many are still to be confirmed', async () => {
    now = new Date('2026-12-06T03:00:00Z'); // today, 10:00 in Hà Nội; 2027 is in the table
    const text = await output();
    expect(text).toMatch(/2027-02-08\s+holiday\s+Tết Nguyên đán \(ước tính \/ estimate\)\s+gopy/);
    expect(text).toMatch(/2027-04-30\s+holiday\s+Ngày Chiến thắng\s+gopy/);
    expect(text).not.toMatch(/2027-04-30.*ước tính/);
    expect(text).toMatch(/7 ngày sắp tới là ước tính/);
    expect(text).not.toMatch(/chưa có ngày nghỉ lễ/);

    // Once the commune confirms a day, it is no longer an estimate.
    await run('set', '--date', '2027-02-08', '--kind', 'holiday', '--name', 'Tết Nguyên đán');
    const confirmed = await output('list', '--year', '2027');
    expect(confirmed).toMatch(/2027-02-08\s+holiday\s+Tết Nguyên đán\s+xã/);
    expect(confirmed).toMatch(/6 ngày sắp tới là ước tính/);
    await run('remove', '--date', '2027-02-08');
  });

  it('warns when next year has no holidays, until one is added', async () => {
    now = new Date('2027-12-01T02:00:00Z');
    expect(await output()).toMatch(/⚠ Lịch ngày làm việc chưa có ngày nghỉ lễ năm 2028/);
    // Any month: an officer reading the calendar is the one to fix it.
    now = new Date('2027-11-15T02:00:00Z');
    expect(await output('list', '--year', '2027')).toMatch(/chưa có ngày nghỉ lễ năm 2028/);

    await run('set', '--date', '2028-01-01', '--kind', 'holiday', '--name', 'Tết Dương lịch');
    now = new Date('2027-12-01T02:00:00Z');
    const covered = await output();
    expect(covered).toMatch(/2028-01-01\s+holiday\s+Tết Dương lịch\s+xã/);
    expect(covered).not.toMatch(/chưa có ngày nghỉ lễ/);
    await run('remove', '--date', '2028-01-01');
  });
});
