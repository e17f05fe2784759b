#!/usr/bin/env node
// `npm run build`: compiles src/ to dist/ (same depth as src/, so the compiled code finds
// flows/, prisma/migrations and prisma/seed at the same relative paths as the sources do), then
// copies the files under src/ that are not TypeScript (the simulator's page, the Bot API spec)
// next to the code that reads them, and bundles the simulator page's script (TypeScript, for the
// browser) into dist/simulator/page.js, and writes the flows' parsed YAML to
// dist/flow/parsed-flows.json (read at start instead of parsing it again: src/flow/load-flows.ts).
// Starts from an empty dist/: no stale module survives.
import { spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { cpSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
  { cwd: root, stdio: 'inherit' },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

let copied = 0;
for (const file of walk(src)) {
  if (file.endsWith('.ts')) continue;
  cpSync(file, join(dist, relative(src, file)));
  copied += 1;
}
// The same options as src/simulator/page-script.ts uses when running from the sources.
buildSync({
  entryPoints: [join(src, 'simulator/page/simulator-page.ts')],
  outfile: join(dist, 'simulator/page.js'),
  bundle: true,
  format: 'iife',
  target: 'es2022',
  charset: 'utf8',
});
const { parseFlowFiles } = await import(pathToFileURL(join(dist, 'flow/load-flows.js')).href);
const parsedFlows = parseFlowFiles(join(root, 'flows'));
writeFileSync(join(dist, 'flow/parsed-flows.json'), JSON.stringify(parsedFlows));
process.stdout.write(
  `built dist/ (${copied} asset file(s) copied, simulator page bundled, ` +
    `${Object.keys(parsedFlows).length} flow file(s) parsed)\n`,
);

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
