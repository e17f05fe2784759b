import { createEmbeddedPrismaClient } from './src/persistence/prisma.ts';
import { importUnits } from './src/persistence/units-import.ts';
import { createUnitsRepository } from './src/persistence/units-repository.ts';
import { seedDemo } from './src/persistence/seed-demo.ts';
const { prisma, close } = await createEmbeddedPrismaClient();
console.log(await importUnits(prisma));
console.log(await importUnits(prisma));
const repo = createUnitsRepository(prisma);
for (const q of ['dong xa', 'Đông Xá, Đông Hưng', 'binh dinh', '23938']) { const t = performance.now(); const r = await repo.search(q); console.log(q, (performance.now()-t).toFixed(0), r.map((u) => u.code + ' ' + u.name + (u.matchedAlias ? ' <- ' + u.matchedAlias : ''))); }
console.log(await seedDemo(prisma), await seedDemo(prisma));
await close();
