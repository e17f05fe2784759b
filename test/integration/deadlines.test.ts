/**
 * What the clock does, on real PostgreSQL and Redis, with the whole gopy built by the container
 * around an injected clock and the maintenance sweep as production runs it: a reminder to the
 * holder on the morning the report falls due, escalation when overdue (vice chair → chair → the
 * province's admin, each an event, the citizen told), the leaders' digest once per working day,
 * and an answer left unjudged for 7 days closed without a verdict. Messages go out through the
 * real delivery queue to the fake Bot API, where the officials read them.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createContainer, type Container } from '../../src/container.ts';
import { addWorkingDays, reminderTime } from '../../src/core/working-days.ts';
import { createLogger } from '../../src/logger.ts';
import { createFakeBotApi, type FakeBotApi } from '../../src/simulator/fake-bot-api.ts';
import { fileReport, labels } from '../support/desk-fixtures.ts';
import { until } from '../support/until.ts';
import { TOKEN } from '../support/gopy-harness.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { CHAIR, GROUP, OTHER_CHAIR, PROVINCE_ADMIN, STAFF } from '../support/demo.ts';

const VICE_CHAIR = 9021; // vice chair in charge of roads, registered below
const ADMIN = PROVINCE_ADMIN; // the province's admin, seeded with the demo
const CITIZEN = 7301;

/** 09:00 in Vietnam on a Monday with no holiday near it. */
const MONDAY = new Date('2027-03-08T02:00:00Z');
const vn = (iso: string) => new Date(`${iso}+07:00`);

describe('deadlines, escalation, digest and auto-close', () => {
  let fake: FakeBotApi;
  let db: TestDatabase;
  let gopy: Container;
  let prefix: string;
  let clock = MONDAY;

  beforeAll(async () => {
    fake = await createFakeBotApi({ port: 0 });
    db = await createTestDatabase({ seeded: true });
    for (const id of [CHAIR, STAFF, OTHER_CHAIR, VICE_CHAIR, ADMIN])
      fake.addChat(TOKEN, { id, type: 'private', first_name: `Cán bộ ${id}` });
    fake.addChat(TOKEN, { id: GROUP, type: 'group', title: 'Nhóm cán bộ xã' });
    prefix = `t${randomUUID().slice(0, 8)}`;
    const config = loadConfig({
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.url,
      DATABASE_URL: db.url,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: process.env.GOPY_TEST_LOG ?? 'silent',
      PORT: '0',
      OUTBOUND_PER_SECOND: '30',
      DIGEST_HOUR: '7',
    });
    gopy = await createContainer(config, createLogger(config.logLevel), {
      database: {
        prisma: db.prisma,
        kind: 'postgres',
        ping: async () => true,
        close: async () => undefined,
      },
      now: () => clock,
    });
    gopy.deliveryQueue.startWorker();

    // A vice chair in charge of roads registers by invite.
    for (const [id, unitCode, positionKind, role, fields] of [
      [VICE_CHAIR, '12694', 'vice-chair', 'leader', ['giao-thong']],
    ] as const) {
      const invite = await gopy.repos.officials.createInvite({
        unitCode,
        positionKind,
        role,
        fields,
        now: clock,
      });
      const redeemed = await gopy.repos.officials.redeemInvite(invite.code, {
        channel: 'telegram',
        externalId: String(id),
        chatId: String(id),
        displayName: `Cán bộ ${id}`,
        now: clock,
      });
      expect(redeemed.type).toBe('registered');
    }
  }, 90_000);

  afterAll(async () => {
    await gopy?.close();
    const redis = new Redis(gopy.config.redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await fake?.close();
    await db?.drop();
  });

  const texts = (chatId: number) =>
    fake.messagesTo(TOKEN, chatId).map((m) => m.text ?? m.caption ?? '');
  const count = (chatId: number, pattern: RegExp) =>
    texts(chatId).filter((t) => pattern.test(t)).length;
  /** Runs the sweep at `at` and waits until its messages have gone out. */
  const sweepAt = async (at: Date) => {
    clock = at;
    const result = await gopy.maintenance.sweep(at);
    // Deliveries are paced (1 a second per chat, 20 a minute per group): wait for all of them.
    await until(
      'every delivery sent',
      async () =>
        (await db.prisma.delivery.count({ where: { state: { in: ['pending', 'sending'] } } })) ===
        0,
      60_000,
    );
    return result;
  };
  const eventsOf = async (id: number) =>
    db.prisma.reportEvent.findMany({ where: { reportId: id }, orderBy: { id: 'asc' } });

  it('reminds the holder on the due morning, then escalates vice chair → chair → the province’s admin', async () => {
    clock = MONDAY;
    const dueAt = addWorkingDays(gopy.calendar, MONDAY, 5);
    expect(dueAt).toEqual(vn('2027-03-15T17:00:00'));
    const r = await fileReport(
      { fake, db, gopy },
      {
        citizen: { id: CITIZEN },
        categoryCode: 'giao-thong',
        dueAt,
      },
    );
    await fake.waitFor(() =>
      texts(VICE_CHAIR).find((t) => t.includes(`Phản ánh mới · ${r.ticket}`)),
    );

    const remindAt = reminderTime(gopy.calendar, dueAt, 5)!;
    expect(remindAt).toEqual(vn('2027-03-15T08:00:00'));
    expect((await sweepAt(new Date(remindAt.getTime() - 60_000))).reminded).toBe(0);
    expect(count(VICE_CHAIR, /Nhắc hạn/)).toBe(0);
    expect((await sweepAt(new Date(remindAt.getTime() + 60_000))).reminded).toBe(1);
    await sweepAt(new Date(remindAt.getTime() + 120_000));
    expect(
      count(
        VICE_CHAIR,
        new RegExp(`⏰ Nhắc hạn: phiếu ${r.ticket} .* hạn trả lời là 17:00 hôm nay`),
      ),
    ).toBe(1);

    // Overdue: one level up, to the chair, with two working days.
    expect((await sweepAt(vn('2027-03-15T17:01:00'))).escalated).toBe(1);
    await fake.waitFor(() =>
      texts(CHAIR).find((t) =>
        t.includes(`Phản ánh quá hạn — chuyển lên Chủ tịch UBND xã Bắc Đông Hưng · ${r.ticket}`),
      ),
    );
    await fake.waitFor(() =>
      texts(CITIZEN).find((t) =>
        /đã được chuyển lên Chủ tịch UBND xã Bắc Đông Hưng để chỉ đạo giải quyết/.test(t),
      ),
    );
    let row = await db.prisma.report.findUniqueOrThrow({ where: { id: r.id } });
    expect(row.escalationLevel).toBe(1);
    expect(row.dueAt).toEqual(vn('2027-03-18T17:00:00'));
    // The vice chair's alert now says where it went, and he is told so in a message of its own.
    await fake.waitFor(() =>
      texts(VICE_CHAIR).find((t) =>
        /Chuyển lên Chủ tịch UBND xã Bắc Đông Hưng \(quá hạn\)/.test(t),
      ),
    );
    const away = (to: string) =>
      new RegExp(`^⌛ Phiếu quá hạn — đã chuyển lên ${to} · ${r.ticket}`);
    const toChair = away('Chủ tịch UBND xã Bắc Đông Hưng');
    expect(count(VICE_CHAIR, toChair)).toBe(1);
    // A notice for one who no longer holds it: no buttons to act with, and not the chair's
    // deadline (18/03), only the ticket, what it is about, and that nothing is his now.
    const notice = fake.messagesTo(TOKEN, VICE_CHAIR).find((m) => toChair.test(m.text ?? ''));
    expect(notice?.reply_markup?.inline_keyboard ?? []).toEqual([]);
    expect(notice?.text).not.toMatch(/Hạn xử lý|18\/03\/2027/);
    expect(notice?.text).toMatch(/Lĩnh vực: Giao thông/);
    expect(notice?.text).toMatch(/không còn phụ trách phiếu này/);
    // The chair's alert is the new holder's, as before: his deadline and his buttons.
    const chairAlert = fake
      .messagesTo(TOKEN, CHAIR)
      .find((m) =>
        (m.text ?? '').includes(
          `Phản ánh quá hạn — chuyển lên Chủ tịch UBND xã Bắc Đông Hưng · ${r.ticket}`,
        ),
      );
    expect(chairAlert?.text).toMatch(/Hạn xử lý: 18\/03\/2027/);
    expect(labels(chairAlert)).toContain('✔ Đã xử lý');
    // The chair, who now holds it, reads only his own alert; a second sweep tells nobody again.
    expect(count(CHAIR, /⌛/)).toBe(0);
    expect((await sweepAt(vn('2027-03-15T17:05:00'))).escalated).toBe(0);
    expect(count(VICE_CHAIR, toChair)).toBe(1);

    // Still nothing from the chair: the province's admin.
    expect((await sweepAt(vn('2027-03-18T17:01:00'))).escalated).toBe(1);
    await fake.waitFor(() =>
      texts(ADMIN).find((t) => t.includes(`chuyển lên cấp tỉnh (Tỉnh Hưng Yên) · ${r.ticket}`)),
    );
    row = await db.prisma.report.findUniqueOrThrow({ where: { id: r.id } });
    expect(row.escalationLevel).toBe(2);
    // The chair who held it is told it went to the province; the vice chair, no longer holding
    // it, and the admin, who holds it now, are not.
    const toProvince = away('cấp tỉnh \\(Tỉnh Hưng Yên\\)');
    expect(count(CHAIR, toProvince)).toBe(1);
    expect(count(VICE_CHAIR, toProvince)).toBe(0);
    expect(count(ADMIN, /⌛/)).toBe(0);
    // Nobody above the province: it stays with the admin.
    expect((await sweepAt(vn('2027-03-24T17:01:00'))).escalated).toBe(0);
    const events = await eventsOf(r.id);
    expect(events.map((e) => e.type)).toEqual([
      'submitted',
      'routed',
      'reminded',
      'escalated',
      'escalated',
    ]);
    expect(events.filter((e) => e.type === 'escalated').map((e) => e.data)).toEqual([
      expect.objectContaining({ reason: 'overdue', level: 1 }),
      expect.objectContaining({ reason: 'overdue', level: 2 }),
    ]);
    expect(fake.violations()).toEqual([]);
  }, 120_000);

  it('sends each leader one digest per working day at the configured hour', async () => {
    clock = vn('2027-03-26T06:30:00'); // Friday
    const dueAt = addWorkingDays(gopy.calendar, clock, 3);
    const r = await fileReport(
      { fake, db, gopy },
      { citizen: { id: CITIZEN }, categoryCode: 'khac', dueAt },
    );
    await fake.waitFor(() => texts(CHAIR).find((t) => t.includes(`Phản ánh mới · ${r.ticket}`)));

    const digest = /📋 Tổng hợp phản ánh ngày 26\/03\/2027/;
    await sweepAt(vn('2027-03-26T06:59:00'));
    expect(count(CHAIR, digest)).toBe(0);
    await sweepAt(vn('2027-03-26T07:05:00'));
    await fake.waitFor(() => count(CHAIR, digest) === 1);
    await sweepAt(vn('2027-03-26T09:30:00'));
    expect(count(CHAIR, digest)).toBe(1);
    const text = texts(CHAIR).find((t) => digest.test(t))!;
    expect(text).toMatch(/Xã Bắc Đông Hưng · Chủ tịch UBND xã/);
    expect(text).toMatch(new RegExp(`• ${r.ticket} · Khác · hạn \\d{2}/\\d{2}/\\d{4}`));
    expect(text).toMatch(/Toàn xã: \d+ phiếu đang xử lý, \d+ quá hạn\./);
    // The admin holds the overdue report of the first test.
    expect(count(ADMIN, digest)).toBe(1);
    expect(texts(ADMIN).find((t) => digest.test(t))).toMatch(/quá hạn: 1/);
    // March: the calendar running out (2028) is not news yet.
    expect(texts(ADMIN).find((t) => digest.test(t))).not.toMatch(/Lịch ngày làm việc/);
    // A commune with nothing open gets no digest.
    expect(count(OTHER_CHAIR, digest)).toBe(0);

    // Saturday: none; Monday: the next one.
    await sweepAt(vn('2027-03-27T07:05:00'));
    expect(count(CHAIR, /📋 Tổng hợp phản ánh ngày 27\/03\/2027/)).toBe(0);
    await sweepAt(vn('2027-03-29T07:05:00'));
    expect(count(CHAIR, /📋 Tổng hợp phản ánh ngày 29\/03\/2027/)).toBe(1);
    expect(fake.violations()).toEqual([]);
  }, 120_000);

  it('closes an answer the citizen left unjudged for 7 days, counted apart', async () => {
    clock = vn('2027-04-05T10:00:00');
    const r = await fileReport(
      { fake, db, gopy },
      {
        citizen: { id: CITIZEN },
        categoryCode: 'thu-tuc',
        dueAt: addWorkingDays(gopy.calendar, clock, 3),
      },
    );
    // Answered (as the desk records it) on 5 April at 10:00.
    await db.prisma.report.update({
      where: { id: r.id },
      data: { status: 'resolved', resolvedAt: clock, resultType: 'resolved' },
    });

    expect((await sweepAt(vn('2027-04-12T09:59:00'))).closed).toBe(0);
    expect((await sweepAt(vn('2027-04-12T10:01:00'))).closed).toBe(1);
    const row = await db.prisma.report.findUniqueOrThrow({ where: { id: r.id } });
    expect(row.status).toBe('closed');
    expect(row.verdict).toBe('none');
    expect((await eventsOf(r.id)).at(-1)).toMatchObject({
      type: 'closed',
      actorKind: 'system',
      data: { verdict: 'none' },
    });
    await fake.waitFor(() =>
      texts(CITIZEN).find((t) =>
        t.includes(`Phản ánh ${r.ticket} đã được đóng vì sau 7 ngày Ông/Bà chưa cho biết kết quả`),
      ),
    );
    const stats = await gopy.repos.workflow.unitStats('12694', vn('2027-04-01T00:00:00'), clock);
    expect(stats.closedWithoutVerdict).toBe(1);
    expect(stats.closedConfirmed).toBe(0);
    expect(fake.violations()).toEqual([]);
  }, 120_000);

  it('tells the province admin in the December digest that next year has no holidays', async () => {
    const calendarNote = /Lịch ngày làm việc chưa có ngày nghỉ lễ năm 2028/;
    const digestOf = (date: string) => new RegExp(`📋 Tổng hợp phản ánh ngày ${date}`);
    // Monday 15 November 2027: the digest goes out, without the calendar note yet.
    clock = vn('2027-11-15T07:05:00');
    await sweepAt(clock);
    await fake.waitFor(() => count(ADMIN, digestOf('15/11/2027')) === 1);
    expect(texts(ADMIN).find((t) => digestOf('15/11/2027').test(t))).not.toMatch(calendarNote);

    // Monday 6 December 2027: the admin is told, first thing; a commune chair is not (the
    // calendar is the province's to keep).
    clock = vn('2027-12-06T07:05:00');
    await sweepAt(clock);
    await fake.waitFor(() => count(ADMIN, digestOf('06/12/2027')) === 1);
    const december = texts(ADMIN).find((t) => digestOf('06/12/2027').test(t))!;
    expect(december).toMatch(calendarNote);
    expect(december).toMatch(/gopy calendar set --date 2028-MM-DD/);
    expect(december.indexOf('Lịch ngày làm việc')).toBeLessThan(december.indexOf('phiếu'));
    const chairDigest = texts(CHAIR).find((t) => digestOf('06/12/2027').test(t));
    expect(chairDigest ?? '').not.toMatch(calendarNote);
    expect(fake.violations()).toEqual([]);
  }, 120_000);

  it('sends each digest in its reader’s language: English to the chair and the admin who chose it', async () => {
    await gopy.repos.officials.setLangByExternalId('telegram', String(CHAIR), 'en');
    await gopy.repos.officials.setLangByExternalId('telegram', String(ADMIN), 'en');
    // Monday 13 December 2027: next year's holidays are still missing.
    clock = vn('2027-12-13T07:05:00');
    await sweepAt(clock);
    const english = /📋 Reports summary for 13\/12\/2027/;
    await fake.waitFor(() => count(CHAIR, english) === 1 && count(ADMIN, english) === 1);

    const chair = texts(CHAIR).find((t) => english.test(t))!;
    expect(chair).toMatch(/^📋 Reports summary for 13\/12\/2027\nXã Bắc Đông Hưng · Chair\n/);
    expect(chair).toMatch(/Whole commune: \d+ open, \d+ overdue\./);
    expect(chair).toMatch(/Send \/xem <ticket code> for the details, \/stats for the figures\.$/);
    expect(chair).not.toMatch(/The working-day calendar/);

    const admin = texts(ADMIN).find((t) => english.test(t))!;
    expect(admin).toMatch(
      /^📋 Reports summary for 13\/12\/2027\nTỉnh Hưng Yên · Province administrator\n\n⚠ The working-day calendar has no public holidays for 2028/,
    );
    expect(admin).toMatch(/gopy calendar set --date 2028-MM-DD/);
    expect(admin).not.toMatch(/Lịch ngày làm việc/);
    expect(admin).toMatch(/Waiting for you: \d+, overdue: \d+/);
    expect(admin).toMatch(/• PA-\d{4}-\d{6} · .+ · due \d{2}\/\d{2}\/\d{4} ⚠ overdue/);
    // Without the names the commune gave (units, fields), nothing Vietnamese is left.
    const names = /Xã Bắc Đông Hưng|Tỉnh Hưng Yên|• PA-.*/g;
    for (const digest of [chair, admin])
      expect(digest.replace(names, '')).not.toMatch(/[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]/iu);

    // The vice chair kept Vietnamese.
    await fake.waitFor(() => count(VICE_CHAIR, /📋 Tổng hợp phản ánh ngày 13\/12\/2027/) === 1);
    expect(count(VICE_CHAIR, english)).toBe(0);
    expect(fake.violations()).toEqual([]);
  }, 120_000);

  it('tells the holder who chose English, in English, that his overdue ticket went up', async () => {
    await gopy.repos.officials.setLangByExternalId('telegram', String(VICE_CHAIR), 'en');
    clock = vn('2027-12-20T09:00:00'); // Monday
    const r = await fileReport(
      { fake, db, gopy },
      {
        citizen: { id: CITIZEN },
        categoryCode: 'giao-thong',
        dueAt: addWorkingDays(gopy.calendar, clock, 5),
      },
    );
    await fake.waitFor(() => texts(VICE_CHAIR).find((t) => t.includes(`· ${r.ticket}`)));
    await sweepAt(vn('2027-12-27T17:01:00'));
    const away = new RegExp(
      `^⌛ Ticket overdue — moved up to Chair of the People’s Committee of Xã Bắc Đông Hưng · ${r.ticket}`,
    );
    await fake.waitFor(() => count(VICE_CHAIR, away) === 1);
    const notice = fake.messagesTo(TOKEN, VICE_CHAIR).find((m) => away.test(m.text ?? ''));
    expect(notice?.reply_markup?.inline_keyboard ?? []).toEqual([]);
    expect(notice?.text).not.toMatch(/Deadline/);
    expect(notice?.text).toMatch(/You no longer hold this ticket/);
    expect(count(VICE_CHAIR, new RegExp(`Phiếu quá hạn .* · ${r.ticket}`))).toBe(0);
    // The chair (English too) reads the escalation alert, not the note to the one before him,
    // and where it went in English too: never a Vietnamese title inside an English line.
    expect(
      count(
        CHAIR,
        new RegExp(
          `^🚨 Overdue report — moved up to Chair of the People’s Committee of Xã Bắc Đông Hưng · ${r.ticket}`,
        ),
      ),
    ).toBe(1);
    expect(
      texts(CHAIR)
        .filter((t) => t.includes(r.ticket))
        .join('\n'),
    ).not.toMatch(/moved up to Chủ tịch/i);
    expect(count(CHAIR, away)).toBe(0);
    expect(fake.violations()).toEqual([]);
  }, 120_000);

  it('tells the staff group, once, when only the group held the overdue ticket', async () => {
    clock = vn('2028-01-10T09:00:00'); // Monday
    const r = await fileReport(
      { fake, db, gopy },
      {
        citizen: { id: CITIZEN },
        categoryCode: 'khac',
        dueAt: addWorkingDays(gopy.calendar, clock, 5),
      },
    );
    // As routing leaves a report when only the commune's staff group could receive it.
    await db.prisma.report.update({
      where: { id: r.id },
      data: { assignedOfficialId: null, assignedPositionId: null },
    });
    const away = new RegExp(
      `^⌛ Phiếu quá hạn — đã chuyển lên Chủ tịch UBND xã Bắc Đông Hưng · ${r.ticket}`,
    );
    await sweepAt(vn('2028-01-17T17:01:00'));
    await sweepAt(vn('2028-01-17T17:05:00'));
    expect(count(GROUP, away)).toBe(1);
    const notice = fake.messagesTo(TOKEN, GROUP).find((m) => away.test(m.text ?? ''));
    expect(notice?.reply_markup?.inline_keyboard ?? []).toEqual([]);
    expect(notice?.text).not.toMatch(/Hạn xử lý/);
    expect(count(CHAIR, new RegExp(`Overdue report — moved up to .* · ${r.ticket}`))).toBe(1);
    expect(fake.violations()).toEqual([]);
  }, 120_000);
});
