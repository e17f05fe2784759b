import { describe, expect, it } from 'vitest';
import {
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
});
