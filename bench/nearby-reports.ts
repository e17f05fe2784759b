/**
 * bench:nearby — the "same problem nearby" lookup (followers-repository `nearby`): a bounding
 * box on the (category_code, latitude) index, then haversine on the rows left, on real
 * PostgreSQL. Fills a fresh test database with REPORTS reports spread over a province-sized
 * area (about 100 × 100 km), a quarter of them closed, across the seeded categories, then times
 * LOOKUPS lookups at random points and prints p50/p95/p99 and the plan of one lookup.
 *
 *   npm run bench:nearby -- [REPORTS=200000] [LOOKUPS=2000]
 *
 * Needs the test template database (run the integration tests once).
 */
import { importUnits } from '../src/persistence/units-import.ts';
import { seedDemo } from '../src/persistence/seed-demo.ts';
import { createFollowersRepository } from '../src/persistence/followers-repository.ts';
import { createTestDatabase } from '../test/support/test-db.ts';

const REPORTS = Number(process.argv[2] ?? 200_000);
const LOOKUPS = Number(process.argv[3] ?? 2000);
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

const db = await createTestDatabase();
try {
  await importUnits(db.prisma);
  await seedDemo(db.prisma);
  const categories = (await db.prisma.category.findMany({ select: { code: true } })).map(
    (c) => c.code,
  );
  const citizen = await db.prisma.citizen.create({
    data: { externalId: 'bench', chatId: 'bench' },
  });
  const started = Date.now();
  // One statement: the rows are generated in PostgreSQL (random points around 20.5 N 106.3 E).
  await db.prisma.$executeRawUnsafe(`
    INSERT INTO reports (ticket_code, citizen_id, unit_code, category_code, kind, text, latitude,
                         longitude, status, due_at, flow_id, flow_version, created_at, updated_at)
    SELECT 'PA-2026-' || lpad(g::text, 7, '0'), ${citizen.id}, '12694',
           (ARRAY['${categories.join("','")}'])[1 + (g % ${categories.length})],
           'phan-anh', 'bench', 20.0 + random() * 0.9, 105.8 + random() * 0.95,
           CASE WHEN g % 4 = 0 THEN 'closed' ELSE 'routed' END,
           now() + interval '5 days', 'report', 2,
           now() - (random() * interval '60 days'), now()
      FROM generate_series(1, ${REPORTS}) g`);
  await db.prisma.$executeRawUnsafe('ANALYZE reports');
  console.log(`${REPORTS} reports in ${Date.now() - started} ms, ${categories.length} categories`);

  const followers = createFollowersRepository(db.prisma);
  const times: number[] = [];
  let found = 0;
  const now = new Date();
  for (let i = 0; i < LOOKUPS; i++) {
    const t0 = performance.now();
    const rows = await followers.nearby({
      categoryCode: categories[i % categories.length]!,
      latitude: 20.0 + Math.random() * 0.9,
      longitude: 105.8 + Math.random() * 0.95,
      citizen: { channel: 'telegram', externalId: 'bench-nobody' },
      now,
    });
    times.push(performance.now() - t0);
    found += rows.length;
  }
  times.sort((a, b) => a - b);
  console.log(
    `${LOOKUPS} lookups: p50 ${pct(times, 50).toFixed(2)} ms, p95 ${pct(times, 95).toFixed(2)} ms, ` +
      `p99 ${pct(times, 99).toFixed(2)} ms, ${(found / LOOKUPS).toFixed(2)} reports found per lookup`,
  );
  const plan = await db.prisma.$queryRawUnsafe<Array<{ 'QUERY PLAN': string }>>(`
    EXPLAIN ANALYZE SELECT id FROM reports
     WHERE category_code = '${categories[0]}'
       AND latitude BETWEEN 20.45 - 0.00225 AND 20.45 + 0.00225
       AND longitude BETWEEN 106.3 - 0.0024 AND 106.3 + 0.0024`);
  console.log(plan.map((r) => r['QUERY PLAN']).join('\n'));
} finally {
  await db.drop();
}
