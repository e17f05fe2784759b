/**
 * The chair's reception day on real PostgreSQL: `gopy reception set/list` (what it prints,
 * stores and refuses), no double booking when many citizens race for the last turns at once,
 * holidays skipped, and a reminder stored once even when two workers remind at the same time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReception } from '../../src/app/reception.ts';
import type { Outbox } from '../../src/app/ports/outbox.ts';
import { receptionCommand } from '../../src/cli/reception-commands.ts';
import { AppError } from '../../src/core/errors.ts';
import { createCalendar, DEFAULT_CALENDAR_DAYS } from '../../src/core/working-days.ts';
import type { IsoDate } from '../../src/core/local-date.ts';
import { createCitizensRepository } from '../../src/persistence/citizens-repository.ts';
import { createReceptionRepository } from '../../src/persistence/reception-repository.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const UNIT = '10001';
/** 09:00 in Vietnam on Monday 8 March 2027. */
const MONDAY = new Date('2027-03-08T02:00:00Z');

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.prisma.province.create({
    data: { code: '33', name: 'Tỉnh Hưng Yên', type: 'province' },
  });
  await db.prisma.unit.create({
    data: {
      code: UNIT,
      name: 'Xã Bắc Đông Hưng',
      nameFolded: 'bac dong hung',
      type: 'commune',
      provinceCode: '33',
    },
  });
});

afterAll(async () => {
  await db?.drop();
});

async function run(args: string[]): Promise<string[]> {
  const lines: string[] = [];
  await receptionCommand(args, {
    prisma: db.prisma,
    botUsername: '@gopy_test_bot',
    print: (l) => lines.push(l),
    now: MONDAY,
  });
  return lines;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the command to fail');
}

async function citizens(n: number, from: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = await db.prisma.citizen.create({
      data: {
        channel: 'telegram',
        externalId: String(from + i),
        chatId: String(from + i),
        displayName: `Người dân ${from + i}`,
      },
    });
    ids.push(c.id);
  }
  return ids;
}

/** Stores deliveries as the real outbox does (a row per dedupe key), without a queue. */
function rowOutbox(): Outbox & { enqueued: string[] } {
  const enqueued: string[] = [];
  return {
    enqueued,
    async enqueue(input) {
      enqueued.push(input.dedupeKey);
      const row = await db.prisma.delivery.findUniqueOrThrow({
        where: { dedupeKey: input.dedupeKey },
      });
      return { id: row.id, created: false };
    },
  };
}

describe('gopy reception', () => {
  it('sets a weekly day and lists it with its turns', async () => {
    const set = await run([
      'set',
      '--unit',
      UNIT,
      '--weekday',
      'thu5',
      '--from',
      '08:00',
      '--to',
      '11:00',
      '--slots',
      '6',
    ]);
    expect(set[0]).toMatch(
      /^Đã đặt lịch tiếp công dân #\d+ của Xã Bắc Đông Hưng: Thứ Năm hằng tuần, 08:00–11:00, 6 lượt\./,
    );
    const list = (await run(['list', '--unit', UNIT])).join('\n');
    expect(list).toContain('Lịch tiếp công dân của Xã Bắc Đông Hưng (10001)');
    expect(list).toMatch(
      /Thứ Năm hằng tuần +│? *08:00–11:00 +│? *6 \(08:00, 08:30, 09:00, 09:30, …\)/,
    );
    expect(list).toContain('Trụ sở UBND Xã Bắc Đông Hưng');
  });

  it('replaces the rule of the same weekday instead of adding a second one', async () => {
    await run([
      'set',
      '--unit',
      UNIT,
      '--weekday',
      'thursday',
      '--from',
      '07:30',
      '--to',
      '11:30',
      '--slots',
      '8',
      '--place',
      'Phòng tiếp công dân',
    ]);
    const days = await createReceptionRepository(db.prisma).days(UNIT);
    expect(days).toHaveLength(1);
    expect(days[0]).toMatchObject({
      weekday: 4,
      startTime: '07:30',
      endTime: '11:30',
      slots: 8,
      place: 'Phòng tiếp công dân',
    });
  });

  it('refuses bad flags with a clear message', async () => {
    expect(
      (
        await failure(
          run([
            'set',
            '--unit',
            UNIT,
            '--weekday',
            'thu9',
            '--from',
            '08:00',
            '--to',
            '11:00',
            '--slots',
            '6',
          ]),
        )
      ).message,
    ).toContain('--weekday: thứ không hợp lệ');
    expect(
      (
        await failure(
          run([
            'set',
            '--unit',
            UNIT,
            '--weekday',
            'thu5',
            '--from',
            '11:00',
            '--to',
            '08:00',
            '--slots',
            '6',
          ]),
        )
      ).message,
    ).toContain('--to: giờ kết thúc phải sau giờ bắt đầu');
    expect(
      (
        await failure(
          run([
            'set',
            '--unit',
            UNIT,
            '--weekday',
            'thu5',
            '--from',
            '8h',
            '--to',
            '11:00',
            '--slots',
            '6',
          ]),
        )
      ).message,
    ).toContain('--from: giờ viết HH:MM');
    expect(
      (
        await failure(
          run([
            'set',
            '--unit',
            UNIT,
            '--weekday',
            'thu5',
            '--from',
            '08:00',
            '--to',
            '11:00',
            '--slots',
            '0',
          ]),
        )
      ).message,
    ).toContain('--slots');
    expect(
      (
        await failure(
          run(['set', '--unit', UNIT, '--from', '08:00', '--to', '11:00', '--slots', '6']),
        )
      ).message,
    ).toContain('--weekday hoặc --date');
    expect((await failure(run(['list', '--unit', '99999']))).message).toMatch(/99999/);
  });
});

describe('booking', () => {
  const calendar = createCalendar([
    ...DEFAULT_CALENDAR_DAYS,
    { date: '2027-03-18', kind: 'holiday', name: 'Ngày nghỉ thử' },
  ]);
  const reception = () =>
    createReception({
      reception: createReceptionRepository(db.prisma),
      units: { get: async (code) => ({ code, name: 'Xã Bắc Đông Hưng' }) },
      calendar,
      outbox: rowOutbox(),
    });

  it('offers the coming reception days from tomorrow, skipping holidays', async () => {
    const offers = await reception().offers(UNIT, MONDAY);
    expect(offers.map((o) => [o.date, o.free])).toEqual([
      ['2027-03-11', 8],
      // 18 March is a holiday in this calendar: no reception.
      ['2027-03-25', 8],
      ['2027-04-01', 8],
      // 8 April is beyond the four weeks a citizen may book ahead.
    ]);
  });

  it('gives each of many racing citizens a different turn, and the rest a full day', async () => {
    await createReceptionRepository(db.prisma).setDay({
      unitCode: UNIT,
      date: '2027-03-12',
      startTime: '14:00',
      endTime: '15:30',
      slots: 3,
    });
    const ids = await citizens(12, 5000);
    const r = reception();
    const results = await Promise.all(
      ids.map((citizenId) =>
        r.book({
          unitCode: UNIT,
          date: '2027-03-12',
          citizenId,
          matter: 'Đất đai',
          now: MONDAY,
        }),
      ),
    );
    const booked = results.flatMap((x) => (x.type === 'booked' ? [x] : []));
    expect(booked.map((b) => b.slotNo).sort()).toEqual([1, 2, 3]);
    expect(booked.map((b) => b.time).sort()).toEqual(['14:00', '14:30', '15:00']);
    expect(results.filter((x) => x.type === 'full')).toHaveLength(9);
    expect(
      await db.prisma.receptionBooking.count({ where: { date: new Date('2027-03-12') } }),
    ).toBe(3);
    // The day is no longer offered.
    expect((await r.offers(UNIT, MONDAY)).map((o) => o.date)).not.toContain('2027-03-12');
  });

  it('gives a citizen one turn a day, and frees the turn when they cancel', async () => {
    const [citizenId] = await citizens(1, 6000);
    const r = reception();
    const repo = createReceptionRepository(db.prisma);
    const date = '2027-03-11' as IsoDate;
    const first = await r.book({
      unitCode: UNIT,
      date,
      citizenId: citizenId!,
      matter: 'Một',
      now: MONDAY,
    });
    expect(first).toMatchObject({
      type: 'booked',
      slotNo: 1,
      time: '07:30',
      place: 'Phòng tiếp công dân',
    });
    const again = await r.book({
      unitCode: UNIT,
      date,
      citizenId: citizenId!,
      matter: 'Hai',
      now: MONDAY,
    });
    expect(again).toEqual({ type: 'already', slotNo: 1, time: '07:30' });
    expect((await r.offers(UNIT, MONDAY))[0]).toMatchObject({ date, free: 7 });
    expect(first.type === 'booked' && (await repo.cancel(first.id, citizenId!))).toBe(true);
    expect((await r.offers(UNIT, MONDAY))[0]).toMatchObject({ date, free: 8 });
  });

  it("erasing a citizen's data removes their booking, matter and all, and frees the turn", async () => {
    const [citizenId] = await citizens(1, 6100);
    const r = reception();
    const date = '2027-03-11' as IsoDate;
    const booked = await r.book({
      unitCode: UNIT,
      date,
      citizenId: citizenId!,
      matter: 'Xin cấp lại sổ đỏ',
      now: MONDAY,
    });
    expect(booked.type).toBe('booked');
    const free = async () => (await r.offers(UNIT, MONDAY)).find((o) => o.date === date)?.free;
    expect(await free()).toBe(7);

    expect(await createCitizensRepository(db.prisma).erase('telegram', '6100', MONDAY)).toBe(true);
    expect(await db.prisma.receptionBooking.count({ where: { citizenId: citizenId! } })).toBe(0);
    expect(await free()).toBe(8);
  });

  it('refuses a holiday or a past day', async () => {
    const [citizenId] = await citizens(1, 6100);
    const r = reception();
    expect(
      await r.book({
        unitCode: UNIT,
        date: '2027-03-18',
        citizenId: citizenId!,
        matter: 'x',
        now: MONDAY,
      }),
    ).toEqual({ type: 'gone' });
    expect(
      await r.book({
        unitCode: UNIT,
        date: '2027-03-04',
        citizenId: citizenId!,
        matter: 'x',
        now: MONDAY,
      }),
    ).toEqual({ type: 'gone' });
  });
});

describe('the reminder', () => {
  it('is stored once when two workers remind at the same moment', async () => {
    const repo = createReceptionRepository(db.prisma);
    const ids = await citizens(2, 7000);
    const date = '2027-03-25' as IsoDate;
    for (const citizenId of ids)
      await repo.book({ unitCode: UNIT, date, slots: 8, citizenId, matter: 'Nhắc', at: MONDAY });
    const make = () =>
      createReception({
        reception: repo,
        units: { get: async (code) => ({ code, name: 'Xã Bắc Đông Hưng' }) },
        calendar: createCalendar(DEFAULT_CALENDAR_DAYS),
        outbox: rowOutbox(),
      });
    // Wednesday 24 March 2027, 09:00 in Vietnam: the working day before.
    const at = new Date('2027-03-24T02:00:00Z');
    const [a, b] = await Promise.all([make().remind(at), make().remind(at)]);
    expect(a + b).toBe(2);
    const rows = await db.prisma.delivery.findMany({
      where: { dedupeKey: { startsWith: 'reception-reminder-' } },
    });
    expect(rows.map((r) => r.chatId).sort()).toEqual(['7000', '7001']);
    // A restart, a later sweep: nothing more.
    expect(await make().remind(new Date('2027-03-24T08:00:00Z'))).toBe(0);
  });
});
