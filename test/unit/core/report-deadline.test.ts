import { describe, expect, it } from 'vitest';
import {
  deadlineOnReceipt,
  describeDeadline,
  extendedDeadline,
  reportDeadline,
} from '../../../src/core/report-deadline.ts';
import { DEFAULT_CALENDAR } from '../../../src/core/working-days.ts';

// Friday 2026-04-24, 10:00 in Hà Nội; Monday 27/4 is the Giỗ Tổ day off, 30/4 and 1/5 holidays.
const FRIDAY = new Date('2026-04-24T03:00:00Z');

describe('report deadlines', () => {
  it('counts working days for a phản ánh, skipping weekends and holidays', () => {
    const d = reportDeadline(DEFAULT_CALENDAR, 'phan-anh', 3, FRIDAY);
    expect(d.counting).toBe('working');
    // Received Friday (a working day, before 17:00): day 1 is Tue 28/4, day 3 is Mon 4/5.
    expect(d.dueAt.toISOString()).toBe('2026-05-04T10:00:00.000Z');
    expect(describeDeadline(d, 'vi')).toBe('3 ngày làm việc');
  });

  it('gives a khiếu nại its statutory 30 days, whatever the category says', () => {
    const d = reportDeadline(DEFAULT_CALENDAR, 'khieu-nai', 3, FRIDAY);
    expect(d).toMatchObject({ days: 30, counting: 'calendar' });
    expect(d.dueAt.toISOString()).toBe('2026-05-24T10:00:00.000Z');
    expect(describeDeadline(d, 'vi')).toMatch(/^30 ngày, theo Luật Khiếu nại/);
  });

  it('gives a tố cáo the time of the Law on Denunciations', () => {
    const d = reportDeadline(DEFAULT_CALENDAR, 'to-cao', 5, FRIDAY);
    expect(d.counting).toBe('calendar');
    expect(describeDeadline(d, 'en')).toMatch(/^30 days, under Luật Tố cáo/);
  });

  it('extends a phản ánh by its category days, a khiếu nại by 30 days but never past 45', () => {
    const pa = reportDeadline(DEFAULT_CALENDAR, 'phan-anh', 3, FRIDAY);
    expect(
      extendedDeadline(
        DEFAULT_CALENDAR,
        { kind: 'phan-anh', dueAt: pa.dueAt, createdAt: FRIDAY },
        3,
      ).toISOString(),
    ).toBe('2026-05-07T10:00:00.000Z');
    const kn = reportDeadline(DEFAULT_CALENDAR, 'khieu-nai', 3, FRIDAY);
    // 30 more days would be 23/6; the law's longest term is 45 days from 24/4: 8/6.
    expect(
      extendedDeadline(
        DEFAULT_CALENDAR,
        { kind: 'khieu-nai', dueAt: kn.dueAt, createdAt: FRIDAY },
        3,
      ).toISOString(),
    ).toBe('2026-06-08T10:00:00.000Z');
    const tc = reportDeadline(DEFAULT_CALENDAR, 'to-cao', 3, FRIDAY);
    expect(
      extendedDeadline(
        DEFAULT_CALENDAR,
        { kind: 'to-cao', dueAt: tc.dueAt, createdAt: FRIDAY },
        3,
      ).toISOString(),
    ).toBe('2026-06-23T10:00:00.000Z');
  });

  describe('a report that waited for the commune’s first official', () => {
    /** A Vietnam wall time as an instant. */
    const vn = (local: string) => new Date(`${local}+07:00`);
    // Sent Monday 23/11/2026 09:00 (5 working days: due Monday 30/11).
    const filed = { kind: 'phan-anh' as const, dueAt: vn('2026-11-30T17:00') };

    it('counts its working days from the day it reached an official, over the weekend', () => {
      // Reached the chair Friday 04/12 15:00: days 1–5 are 7–11/12, due Friday 11/12.
      expect(deadlineOnReceipt(DEFAULT_CALENDAR, filed, 5, vn('2026-12-04T15:00'))).toEqual(
        vn('2026-12-11T17:00'),
      );
      // At 17:30 the office is closed: received Monday 07/12, due Monday 14/12.
      expect(deadlineOnReceipt(DEFAULT_CALENDAR, filed, 5, vn('2026-12-04T17:30'))).toEqual(
        vn('2026-12-14T17:00'),
      );
    });

    it('skips Tết when it counts', () => {
      // Reached an official Thursday 12/02/2026; Tết Bính Ngọ closes offices 16–20/02.
      expect(
        deadlineOnReceipt(
          DEFAULT_CALENDAR,
          { kind: 'kien-nghi', dueAt: vn('2026-02-05T17:00') },
          3,
          vn('2026-02-12T10:00'),
        ),
      ).toEqual(vn('2026-02-24T17:00'));
    });

    it('gives a khiếu nại its statutory days from then, and its longest term too', () => {
      const received = vn('2026-12-04T10:00');
      const dueAt = deadlineOnReceipt(
        DEFAULT_CALENDAR,
        { kind: 'khieu-nai', dueAt: vn('2026-12-01T17:00') },
        5,
        received,
      );
      expect(dueAt).toEqual(vn('2027-01-03T17:00'));
      // Extended once: 30 more days, but never past 45 days from receipt (18/01/2027).
      expect(
        extendedDeadline(
          DEFAULT_CALENDAR,
          { kind: 'khieu-nai', dueAt, createdAt: vn('2026-11-01T10:00'), routedAt: received },
          5,
        ),
      ).toEqual(vn('2027-01-18T17:00'));
    });

    it('never brings a date forward, and leaves a góp ý without a deadline alone', () => {
      const later = { kind: 'phan-anh' as const, dueAt: vn('2026-12-31T17:00') };
      expect(deadlineOnReceipt(DEFAULT_CALENDAR, later, 5, vn('2026-12-04T15:00'))).toEqual(
        later.dueAt,
      );
      const feedback = { kind: 'gop-y' as const, dueAt: vn('2026-11-30T17:00') };
      expect(deadlineOnReceipt(DEFAULT_CALENDAR, feedback, 5, vn('2026-12-04T15:00'))).toEqual(
        feedback.dueAt,
      );
    });
  });
});
