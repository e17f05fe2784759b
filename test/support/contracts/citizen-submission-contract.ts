/**
 * What every implementation of submission's ports (app/ports/citizens.ts,
 * app/ports/citizen-reports.ts: ReportSubmission) must do, run against the in-memory ones
 * (test/unit/ports) and the PostgreSQL ones (test/integration/ports): one citizen per chat
 * account, one report per submission key however often it is sent, and ticket numbers in
 * sequence per kind's prefix and year.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewReport, ReportSubmission } from '../../../src/app/ports/citizen-reports.ts';
import type { CitizenRegistry } from '../../../src/app/ports/citizens.ts';
import { TICKET_PREFIXES } from '../../../src/core/ticket-code.ts';
import type { SubmissionKind } from '../../../src/core/submission-kinds.ts';

export interface SubmissionFixture {
  citizens: CitizenRegistry;
  submission: ReportSubmission;
  /** A commune and an active category the database knows. */
  unitCode: string;
  categoryCode: string;
  close(): Promise<void>;
}

const AT = new Date('2026-03-02T03:00:00Z');
const DUE = new Date('2026-03-09T10:00:00Z');

export function describeSubmissionContract(
  name: string,
  make: () => Promise<SubmissionFixture>,
): void {
  describe(`Citizens and ReportSubmission contract: ${name}`, () => {
    let f: SubmissionFixture;
    beforeAll(async () => {
      f = await make();
    });
    afterAll(async () => {
      await f.close();
    });

    const newReport = async (
      key: string,
      kind: SubmissionKind,
      year = 2026,
    ): Promise<NewReport> => {
      const citizen = await f.citizens.ensure(
        {
          channel: 'telegram',
          externalId: '8801',
          chatId: '8801',
          displayName: 'Lan',
          language: 'vi',
        },
        AT,
      );
      return {
        submissionKey: key,
        citizenId: citizen.id,
        unitCode: f.unitCode,
        categoryCode: f.categoryCode,
        kind,
        text: 'Đèn đường thôn Đông tắt ba hôm nay.',
        anonymous: false,
        photos: [],
        flowId: 'report',
        flowVersion: 1,
        dueAt: DUE,
        ticketPrefix: TICKET_PREFIXES[kind],
        year,
      };
    };

    it('keeps one citizen per chat account, refreshing their name, found again by account', async () => {
      const who = { channel: 'telegram', externalId: '8802', chatId: '8802', language: 'vi' };
      const first = await f.citizens.ensure({ ...who, displayName: 'Trần Thị Mai' }, AT);
      const again = await f.citizens.ensure(
        { ...who, displayName: 'Mai Trần', username: 'mai' },
        AT,
      );
      expect(again.id).toBe(first.id);
      expect(again).toMatchObject({ displayName: 'Mai Trần', username: 'mai', chatId: '8802' });
      expect(await f.citizens.findByExternalId('telegram', '8802')).toMatchObject({
        id: first.id,
        displayName: 'Mai Trần',
      });
      // Another channel's account of the same number is another person.
      expect(await f.citizens.findByExternalId('zalo', '8802')).toBeUndefined();
    });

    it('keeps the language a citizen chose, and makes no citizen of a chat that chose one', async () => {
      const who = { channel: 'telegram', externalId: '8803', chatId: '8803', language: 'vi' };
      await f.citizens.ensure({ ...who, displayName: 'Lê Văn Hùng' }, AT);
      await f.citizens.setLanguage('telegram', '8803', 'en');
      expect(await f.citizens.findByExternalId('telegram', '8803')).toMatchObject({
        language: 'en',
      });
      await f.citizens.setLanguage('telegram', '8804', 'en');
      expect(await f.citizens.findByExternalId('telegram', '8804')).toBeUndefined();
    });

    it('commits a report once per submission key: a retried submit returns the first', async () => {
      const first = await f.submission.submit(await newReport('contract-once', 'phan-anh'));
      expect(first).toMatchObject({ created: true, dueAt: DUE });
      const again = await f.submission.submit({
        ...(await newReport('contract-once', 'phan-anh')),
        text: 'Một nội dung khác hẳn',
      });
      expect(again).toEqual({ ...first, created: false });
    });

    it('numbers tickets in sequence per kind and year', async () => {
      const codes = [];
      for (const [key, kind, year] of [
        ['seq-1', 'kien-nghi', 2026],
        ['seq-2', 'gop-y', 2026],
        ['seq-3', 'kien-nghi', 2026],
        ['seq-4', 'kien-nghi', 2027],
      ] as const)
        codes.push((await f.submission.submit(await newReport(key, kind, year))).ticketCode);
      expect(codes).toEqual([
        'KN-2026-000001',
        'GY-2026-000001',
        'KN-2026-000002',
        'KN-2027-000001',
      ]);
    });

    it('gives one report to two simultaneous submits of the same key', async () => {
      const input = await newReport('contract-race', 'to-cao');
      const [a, b] = await Promise.all([f.submission.submit(input), f.submission.submit(input)]);
      expect(a.id).toBe(b.id);
      expect(a.ticketCode).toBe(b.ticketCode);
      expect([a.created, b.created].filter(Boolean)).toHaveLength(1);
    });
  });
}
