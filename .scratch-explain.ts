import pg from 'pg';
import { readFileSync } from 'node:fs';
const src = readFileSync('src/persistence/units-repository.ts', 'utf8');
const sql = src.slice(src.indexOf('const SEARCH_SQL = `') + 20, src.indexOf('`;', src.indexOf('const SEARCH_SQL'))).replaceAll('\\\\', '\\');
const { parseUnitQuery, unitNameKey } = await import('./src/persistence/units-repository.ts');
const pool = new pg.Pool({ connectionString: 'postgresql://postgres@127.0.0.1:5432/gopy_units_scratch' });
const prov = (await pool.query('select code, name from provinces order by code')).rows;
for (const q of process.argv.slice(2)) {
  const p = parseUnitQuery(q);
  if (p.type !== 'text') continue;
  console.log(q, p);
  const params = [prov.map((r) => r.code), prov.map((r) => r.name), prov.map((r) => unitNameKey(r.name)), p.names, p.names.map((n) => n + '%'), p.names.map((n) => '%' + n + '%'), p.qualifiers.map((q) => '%' + q + '%'), p.words.map((w) => '\\m' + w + '\\M'), p.words.map((w) => '%' + w + '%'), 8];
  for (let i = 0; i < 3; i++) { const t = performance.now(); await pool.query(sql, params); console.log((performance.now() - t).toFixed(1)); }
  const r = await pool.query('EXPLAIN ANALYZE ' + sql, params);
  console.log(r.rows.map((x) => x['QUERY PLAN']).join('\n'));
}
await pool.end();
