/**
 * The fault suite (issue 9): `gopy bot` (webhook mode) and two `gopy worker` processes on a test
 * database and a private redis-server, citizens reporting through the fake Bot API at once,
 * while workers and the bot are SIGKILLed, Redis is flushed, killed and started again empty, and
 * the queue prefix is wiped (test/support/fault-scenario.ts). Every committed report reaches the
 * chair within the bound, no alert is repeated outside the one documented window (a worker
 * killed while that alert was in flight), every citizen got their ticket, nothing crashed.
 * bench/faults.ts runs the same scenario with 40 reports and prints the figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFaultScenario, stopEveryScenarioProcess } from '../support/fault-scenario.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

/**
 * Commit → chair's alert. A worker killed mid-job holds its BullMQ lock until the stalled check
 * (about 30 s) and a send in flight is retaken after 60 s: the bound covers both.
 */
const BOUND_MS = 90_000;

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ seeded: true });
}, 60_000);
afterAll(async () => {
  await stopEveryScenarioProcess();
  await db?.drop();
});

describe('fault suite: separate processes, killed and wiped while citizens report', () => {
  it('loses no report, repeats no alert outside the documented window, gives every citizen their ticket, and nothing crashes', async () => {
    const figures = await runFaultScenario({
      db,
      citizens: 10,
      boundMs: BOUND_MS,
      deadlineMs: 240_000,
      logLevel: process.env.GOPY_TEST_LOG ?? 'warn',
      log: (line) => console.log(line),
    });
    console.log(JSON.stringify(figures));
    expect(figures.faults).toHaveLength(6);
    expect(figures.crashes).toEqual([]);
    expect(figures.stalled).toEqual([]);
    expect(figures.ticketed).toBe(figures.citizens);
    expect(figures.duplicateReceipts).toBe(0);
    expect(figures.committed).toBe(figures.citizens);
    expect(figures.alerted).toBe(figures.committed);
    expect(figures.lost).toBe(0);
    expect(figures.late).toBe(0);
    expect(figures.duplicatesOutsideWindow).toBe(0);
  }, 600_000);
});
