/**
 * /readyz of a running gopy (real PostgreSQL and Redis): in December, while the working-day
 * calendar has no holidays for next year, it says so in `warnings` and stays ready (200):
 * traffic must keep flowing, the officer only has to add the year before 1 January.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/gopy-harness.ts';

describe('/readyz and the calendar running out', () => {
  let h: Harness;
  let clock = new Date('2027-12-06T03:00:00Z');

  beforeAll(async () => {
    h = await startHarness({ mode: 'webhook', workers: false, now: () => clock });
  }, 90_000);
  afterAll(async () => h?.close());

  const readyz = async () => {
    const res = await fetch(`${h.webUrl}/readyz`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('warns from December 2027 (2028 not covered) without failing readiness', async () => {
    clock = new Date('2027-12-06T03:00:00Z');
    expect(await readyz()).toEqual({
      status: 200,
      body: {
        ok: true,
        checks: { database: true, redis: true },
        warnings: [
          {
            code: 'calendar_next_year_not_covered',
            message: expect.stringMatching(/no public holidays for 2028/),
          },
        ],
      },
    });
    // 30 November 17:30 UTC is already 1 December in Vietnam.
    clock = new Date('2027-11-30T17:30:00Z');
    expect((await readyz()).body.warnings).toHaveLength(1);
  });

  it('says nothing in November 2027, nor in December 2026 (2027 is in the table)', async () => {
    clock = new Date('2027-11-15T03:00:00Z');
    expect(await readyz()).toEqual({
      status: 200,
      body: { ok: true, checks: { database: true, redis: true }, warnings: [] },
    });
    clock = new Date('2026-12-06T03:00:00Z');
    expect((await readyz()).body.warnings).toEqual([]);
  });
});
