/**
 * bench:faults — the issue 9 measurement: gopy deployed as separate processes (one `gopy bot` in
 * webhook mode against the project's fake Bot API, two `gopy worker`) on PostgreSQL and a
 * private redis-server with nothing on disk, 40 citizens reporting at once through the fake Bot
 * API while a worker, the bot and the other worker are SIGKILLed (and started again), Redis is
 * flushed, killed and started again empty, and the queue prefix is wiped
 * (test/support/fault-scenario.ts, the scenario of test/e2e/fault-suite.test.ts).
 *
 * Needs nothing but `npm ci`, PostgreSQL at DATABASE_URL's server (default 127.0.0.1:5432, user
 * postgres) and a `redis-server` binary: it creates a database of its own, migrates and seeds
 * it, and drops it at the end.
 *
 *   npm run bench:faults -- [--reports 40] [--bound 90]
 *
 * Prints the figures, a one-line verdict, then one JSON line.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { dropDatabase, withDatabase } from '../src/persistence/migrate/pg-admin.ts';
import { runMigrations } from '../src/persistence/migrate/run-migrations.ts';
import { createPrismaClient } from '../src/persistence/prisma.ts';
import { importUnits } from '../src/persistence/units-import.ts';
import { seedDemo } from '../src/persistence/seed-demo.ts';
import { runFaultScenario, stopEveryScenarioProcess } from '../test/support/fault-scenario.ts';

const { values: args } = parseArgs({
  options: {
    reports: { type: 'string', default: '40' },
    bound: { type: 'string', default: '90' },
  },
});
const REPORTS = Number(args.reports);
const BOUND_MS = Number(args.bound) * 1000;
const SERVER_URL = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const dbName = `gopy_bench_faults_${randomBytes(4).toString('hex')}`;
const dbUrl = withDatabase(SERVER_URL, dbName);
const s1 = (ms: number) => (ms / 1000).toFixed(1);

let exitCode = 1;
const setup = createPrismaClient(dbUrl, { maxConnections: 4 });
try {
  console.log(`bench:faults  ${REPORTS} citizens, bound ${s1(BOUND_MS)} s, database ${dbName}`);
  await runMigrations(dbUrl);
  await importUnits(setup.prisma);
  await seedDemo(setup.prisma);
  const f = await runFaultScenario({
    db: { url: dbUrl, prisma: setup.prisma },
    citizens: REPORTS,
    boundMs: BOUND_MS,
    deadlineMs: 600_000,
    log: (line) => console.log(`  ${line}`),
  });
  console.log(`faults          ${f.faults.join('; ')}`);
  console.log(`tickets         ${f.ticketed}/${f.citizens} citizens got «Đã tiếp nhận … Mã phiếu»`);
  console.log(`receipts twice  ${f.duplicateReceipts}`);
  console.log(`committed       ${f.committed}`);
  console.log(`alerted         ${f.alerted} (late beyond the bound: ${f.late})`);
  console.log(`lost            ${f.lost}`);
  console.log(
    `duplicates      ${f.duplicates} (inside the documented window: ${f.duplicatesInWindow}, outside: ${f.duplicatesOutsideWindow})`,
  );
  console.log(`last alert      ${s1(f.timeToLastAlertMs)} s after the first citizen's /start`);
  console.log(`slowest alert   ${s1(f.maxAlertLatencyMs)} s after its report's commit`);
  console.log(`crashes         ${f.crashes.length ? f.crashes.join('; ') : 'none'}`);
  if (f.stalled.length) console.log(`stalled         ${f.stalled.join('; ')}`);
  const misses = [
    f.committed !== f.alerted && `${f.committed - f.alerted} committed reports not alerted`,
    f.late > 0 && `${f.late} alerts beyond the bound`,
    f.duplicatesOutsideWindow > 0 && `${f.duplicatesOutsideWindow} duplicates outside the window`,
    f.ticketed !== f.citizens && `${f.citizens - f.ticketed} citizens without their ticket`,
    f.crashes.length > 0 && `${f.crashes.length} processes crashed`,
  ].filter(Boolean);
  console.log(
    misses.length === 0
      ? `verdict         PASS: committed = alerted, 0 lost, duplicates only in the documented window, every citizen ticketed, no crash`
      : `verdict         MISS: ${misses.join('; ')}`,
  );
  console.log(
    JSON.stringify({
      bench: 'faults',
      citizens: f.citizens,
      ticketed: f.ticketed,
      committed: f.committed,
      alerted: f.alerted,
      lost: f.lost,
      late: f.late,
      duplicates: f.duplicates,
      duplicatesInWindow: f.duplicatesInWindow,
      duplicatesOutsideWindow: f.duplicatesOutsideWindow,
      duplicateReceipts: f.duplicateReceipts,
      timeToLastAlertMs: f.timeToLastAlertMs,
      maxAlertLatencyMs: f.maxAlertLatencyMs,
      crashes: f.crashes.length,
    }),
  );
  exitCode = misses.length === 0 ? 0 : 1;
} finally {
  await stopEveryScenarioProcess();
  await setup.close();
  await dropDatabase(dbUrl).catch((error: unknown) =>
    console.error(`could not drop ${dbName}:`, error),
  );
}
process.exit(exitCode);
