/**
 * The open reports near a citizen, as the citizen reads them before sending the same problem:
 * the status in the words the citizen reads everywhere else (texts/report.ts), in either language.
 */
import { describe, expect, it } from 'vitest';
import { describeNearby } from '../../../src/app/nearby-reports.ts';
import type { NearbyReport } from '../../../src/app/ports/followers.ts';

const NOW = new Date('2026-03-09T03:00:00Z'); // 10:00 in Vietnam
const near = (id: number, status: string, createdAt: string, distanceM: number): NearbyReport => ({
  id,
  ticketCode: `PA-2026-00000${id}`,
  status,
  createdAt: new Date(createdAt),
  distanceM,
});
const FOUND = [
  near(1, 'routed', '2026-03-09T01:00:00Z', 23),
  near(2, 'resolved', '2026-03-07T01:00:00Z', 140),
  near(3, 'assigned', '2026-03-08T01:00:00Z', 212),
];

describe('the open reports near a citizen', () => {
  it('read in English with the status words of the citizen’s own tickets, never “your confirmation”', () => {
    expect(describeNearby(FOUND, 'Roads and traffic', NOW, 'en').list).toBe(
      [
        '1. Roads and traffic · sent today · new, waiting to be accepted · about 20 m away',
        '2. Roads and traffic · sent 2 days ago · answered, waiting for the resident’s confirmation · about 140 m away',
        '3. Roads and traffic · sent yesterday · assigned to an official · about 210 m away',
      ].join('\n'),
    );
  });

  it('read in Vietnamese as before', () => {
    const said = describeNearby(FOUND, 'Giao thông, đường sá', NOW, 'vi');
    expect(said.list).toBe(
      [
        '1. Giao thông, đường sá · gửi hôm nay · mới, chờ tiếp nhận · cách khoảng 20 m',
        '2. Giao thông, đường sá · gửi 2 ngày trước · đã có kết quả, chờ người dân xác nhận · cách khoảng 140 m',
        '3. Giao thông, đường sá · gửi hôm qua · đã giao cán bộ xử lý · cách khoảng 210 m',
      ].join('\n'),
    );
    expect(said.reports).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  });
});
