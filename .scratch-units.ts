import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './src/persistence/generated/prisma/client.ts';
import { importUnits } from './src/persistence/units-import.ts';
import { createUnitsRepository } from './src/persistence/units-repository.ts';
import { seedDemo } from './src/persistence/seed-demo.ts';
import pg from 'pg';

const url = 'postgresql://postgres@127.0.0.1:5432/gopy_units_scratch';
const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
console.log(await importUnits(prisma));
console.log(await importUnits(prisma));
const pool = new pg.Pool({ connectionString: url });
console.log('pg', await importUnits(pool));
await pool.end();
const repo = createUnitsRepository(prisma);
for (const q of ['dong xa', 'Đông Xá, Đông Hưng', 'binh dinh', 'BẮC ĐÔNG HƯNG', '12694', '23938', 'qwxyzzy', 'xã Đông Xá huyện Đông Hưng', 'xa dong xa huyen dong hung', 'dong xa dong hung', 'Quan Sơn', 'phuong tinh bien', 'xã', 'Bà Rịa', 'phường 1, đông hà']) {
  const t = performance.now();
  const r = await repo.search(q);
  console.log(JSON.stringify(q), (performance.now() - t).toFixed(1) + 'ms', r.map((u) => `${u.code} ${u.name} (${u.province})${u.matchedAlias ? ' ← ' + u.matchedAlias : ''}`));
}
console.log(await repo.get('23938'), (await repo.listProvinces()).length);
console.log(await seedDemo(prisma));
console.log(await seedDemo(prisma));
await prisma.$disconnect();
