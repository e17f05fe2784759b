import { readFileSync } from 'node:fs';
import { stripUnitPrefix, foldVietnamese } from './src/core/vi-text.ts';
import { unitNameKey } from './src/persistence/units-repository.ts';
const names = new Set<string>();
for (const l of readFileSync('prisma/seed/units-2025.csv', 'utf8').split('\n').slice(1)) { const f = l.split(','); if (f[4]) { names.add(f[4]); names.add(f[1]!); } }
for (const l of readFileSync('prisma/seed/units-2025-aliases.csv', 'utf8').split('\n').slice(1)) { const f = l.split(','); if (f[0]) { names.add(f[0]); names.add(f[1]!); names.add(f[2]!); } }
let diff = 0;
for (const n of names) {
  const core = foldVietnamese(stripUnitPrefix(n)).replace(/[^a-z0-9]+/g, ' ').trim();
  const mine = unitNameKey(n);
  if (core !== mine) { diff++; if (diff < 30) console.log(JSON.stringify(n), core, '|', mine); }
}
console.log('names', names.size, 'diff', diff);
