/** The commune's own calendar days, set with `gopy calendar`, move deadlines. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarCommand } from '../../src/cli/calendar-commands.ts';
import { reportDeadline } from '../../src/core/report-deadline.ts';
import { DEFAULT_CALENDAR_DAYS, createCalendar } from '../../src/core/working-days.ts';
import { createCalendarRepository } from '../../src/persistence/calendar-repository.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let db: TestDatabase;
const printed: string[] = [];
const run = (...args: string[]) =>
  calendarCommand(args, {
    prisma: db.prisma,
    print: (l) => printed.push(l),
    botUsername: 'x',
    now: new Date(),
  });

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
});
