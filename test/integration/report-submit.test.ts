/**
 * A report's commit on PostgreSQL (reports-repository.ts submit): what the rows hold, beyond
 * what the submission contract checks through the port — its attachments in order, its first
 * event, the citizen's last commune, times in UTC — and that a commit which fails leaves
 * nothing behind, not even a ticket number. And how a duplicate key is recognised (a race of two
 * deliveries of one submit) whichever way the statement went.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewReport } from '../../src/app/ports/citizen-reports.ts';
import { formatTicketCode, TICKET_PREFIXES } from '../../src/core/ticket-code.ts';
import { createCitizensRepository } from '../../src/persistence/citizens-repository.ts';
import { plainSqlFor } from '../../src/persistence/plain-sql.ts';
import { isUniqueViolation } from '../../src/persistence/prisma-errors.ts';
import { createEmbeddedPrismaClient } from '../../src/persistence/prisma.ts';
import { createReportsRepository } from '../../src/persistence/reports-repository.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let db: TestDatabase;
let citizenId: number;
const UNIT = '99001';
const CATEGORY = 'thu-nghiem';
const DUE = new Date('2026-03-09T10:00:00.000Z');

beforeAll(async () => {
  db = await createTestDatabase();
  await db.prisma.province.upsert({
    where: { code: '99' },
    create: { code: '99', name: 'Tỉnh Thử', type: 'province' },
    update: {},
  });
  await db.prisma.unit.create({
    data: {
      code: UNIT,
      name: 'Xã Thử Nghiệm',
      nameFolded: 'xa thu nghiem',
      type: 'commune',
      provinceCode: '99',
    },
  });
  await db.prisma.category.create({
    data: { code: CATEGORY, nameVi: 'Thử nghiệm', nameEn: 'Test', deadlineDays: 5 },
  });
  citizenId = (
    await createCitizensRepository(db.prisma).ensure(
      {
        channel: 'telegram',
        externalId: '7701',
        chatId: '7701',
        displayName: 'Hoa',
        language: 'vi',
      },
      new Date(),
    )
  ).id;
});
afterAll(async () => db?.drop());

const report = (key: string, over: Partial<NewReport> = {}): NewReport => ({
  submissionKey: key,
  citizenId,
  unitCode: UNIT,
  categoryCode: CATEGORY,
  kind: 'khieu-nai',
  text: 'Đường thôn Đông ngập sau mưa.',
  latitude: 20.54,
  longitude: 106.34,
  anonymous: true,
  isPublic: true,
  contactPhone: '0912345678',
  complainant: { fullName: 'Nguyễn Thị Hoa', homeAddress: 'Thôn Đông' },
  origin: { service: 'open311', client: 7 },
  photos: [{ fileId: 'photo-a', fileUniqueId: 'ua', size: 1200 }, { fileId: 'photo-b' }],
  voice: { fileId: 'voice-c', mimeType: 'audio/ogg', size: 900 },
  flowId: 'report',
  flowVersion: 3,
  dueAt: DUE,
  ticketPrefix: TICKET_PREFIXES['khieu-nai'],
  year: 2026,
  ...over,
});

describe('submitting a report on PostgreSQL', () => {
  it('writes the report, its attachments in order, its first event and the citizen’s commune', async () => {
    const before = Date.now();
    const done = await createReportsRepository(db.prisma).submit(report('rows-1'));
    expect(done).toMatchObject({ ticketCode: 'KH-2026-000001', dueAt: DUE, created: true });

    const row = await db.prisma.report.findUniqueOrThrow({
      where: { id: done.id },
      include: { attachments: { orderBy: { id: 'asc' } }, events: true },
    });
    expect(row).toMatchObject({
      submissionKey: 'rows-1',
      citizenId,
      unitCode: UNIT,
      categoryCode: CATEGORY,
      kind: 'khieu-nai',
      text: 'Đường thôn Đông ngập sau mưa.',
      latitude: 20.54,
      longitude: 106.34,
      address: null,
      anonymous: true,
      isPublic: true,
      contactPhone: '0912345678',
      status: 'submitted',
      escalationLevel: 0,
      reopenCount: 0,
      flowId: 'report',
      flowVersion: 3,
      dueAt: DUE,
    });
    // Written as UTC, as Prisma writes these columns: read back, it is the moment it happened.
    expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect(row.updatedAt).toEqual(row.createdAt);
    expect(
      row.attachments.map((a) => [a.kind, a.fileId, a.fileUniqueId, a.mimeType, a.size]),
    ).toEqual([
      ['photo', 'photo-a', 'ua', null, 1200],
      ['photo', 'photo-b', null, null, null],
      ['voice', 'voice-c', null, 'audio/ogg', 900],
    ]);
    expect(row.events).toEqual([
      expect.objectContaining({
        type: 'submitted',
        actorKind: 'citizen',
        actorId: citizenId,
        data: {
          complainant: { fullName: 'Nguyễn Thị Hoa', homeAddress: 'Thôn Đông' },
          origin: { service: 'open311', client: 7 },
        },
      }),
    ]);
    const citizen = await db.prisma.citizen.findUniqueOrThrow({ where: { id: citizenId } });
    expect(citizen.lastUnitCode).toBe(UNIT);
  });

  it('writes a report without photos and an event with empty data', async () => {
    const done = await createReportsRepository(db.prisma).submit(
      report('rows-2', {
        photos: [],
        voice: undefined,
        complainant: undefined,
        origin: undefined,
        latitude: undefined,
        longitude: undefined,
        address: 'Ngõ 5',
      }),
    );
    const row = await db.prisma.report.findUniqueOrThrow({
      where: { id: done.id },
      include: { attachments: true, events: true },
    });
    expect(row).toMatchObject({ latitude: null, longitude: null, address: 'Ngõ 5' });
    expect(row.attachments).toEqual([]);
    expect(row.events.map((e) => e.data)).toEqual([{}]);
  });

  it('leaves nothing behind when the commit fails, not even a ticket number', async () => {
    const reports = createReportsRepository(db.prisma);
    const counter = () =>
      db.prisma.counter
        .findUnique({ where: { name: `ticket-${TICKET_PREFIXES['khieu-nai']}-2026` } })
        .then((c) => c?.value);
    const before = await counter();
    // A category that does not exist: the report's insert fails after the number was taken.
    await expect(reports.submit(report('fails-1', { categoryCode: 'khong-co' }))).rejects.toThrow();
    expect(await counter()).toBe(before);
    expect(await db.prisma.report.count({ where: { submissionKey: 'fails-1' } })).toBe(0);
    // The next report takes the next number: none was lost.
    const next = await reports.submit(report('after-fail'));
    expect(next.ticketCode).toBe(formatTicketCode('khieu-nai', 2026, (before ?? 0) + 1));
  });
});

describe('isUniqueViolation', () => {
  it('recognises a duplicate key from the ORM, from raw SQL on PGlite and from the pg pool', async () => {
    const failure = (work: () => Promise<unknown>) =>
      work().then(
        () => undefined,
        (err: unknown) => err,
      );
    const insert = `INSERT INTO counters (name, value) VALUES ($1, 1)`;
    const embedded = await createEmbeddedPrismaClient();
    try {
      for (const prisma of [db.prisma, embedded.prisma]) {
        await prisma.counter.create({ data: { name: 'dup', value: 1 } });
        const orm = await failure(() => prisma.counter.create({ data: { name: 'dup', value: 1 } }));
        const raw = await failure(() => plainSqlFor(prisma).query('dup_insert', insert, ['dup']));
        expect([isUniqueViolation(orm), isUniqueViolation(raw)]).toEqual([true, true]);
        // Another failure is not one.
        const other = await failure(() =>
          plainSqlFor(prisma).query('dup_bad', 'SELECT 1 / $1::int', [0]),
        );
        expect(other).toBeInstanceOf(Error);
        expect(isUniqueViolation(other)).toBe(false);
      }
    } finally {
      await embedded.close();
    }
  }, 60_000);
});
