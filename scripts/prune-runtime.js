#!/usr/bin/env node
// Removes from a production node_modules (`npm ci --omit=dev`) what gopy's compiled code never
// loads. The image's runtime stage runs it; proved by running `gopy migrate`, `gopy start` and
// an admin command on the result (see README, "Production build").
// - Packages the lock file marks `devOptional`: dev dependencies that a production package names
//   only as an optional peer. npm keeps them with --omit=dev; here that is the Prisma CLI (and
//   its studio, dev server, effect, React...) and the TypeScript compiler, both optional peers of
//   @prisma/client, ~150 MB.
// - Prisma Client's query compilers for other databases and the other build (the generated
//   client loads only query_compiler_small_bg.postgresql.*: schema.prisma's compilerBuild), ~60 MB.
// - Type declarations, source maps and @types/*, read only by editors and the compiler.
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2] ?? '.';
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
let removed = 0;
for (const [path, meta] of Object.entries(lock.packages)) {
  if (path && meta.devOptional) {
    rmSync(join(root, path), { recursive: true, force: true });
    removed += 1;
  }
}
rmSync(join(root, 'node_modules/@types'), { recursive: true, force: true });
const runtime = join(root, 'node_modules/@prisma/client/runtime');
for (const name of readdirSync(runtime))
  if (name.startsWith('query_compiler_') && !name.startsWith('query_compiler_small_bg.postgresql.'))
    rmSync(join(runtime, name));
for (const file of walk(join(root, 'node_modules')))
  if (/\.(map|d\.ts|d\.mts|d\.cts)$/.test(file)) rmSync(file);
process.stdout.write(`pruned ${removed} dev-only package(s) and unused files from node_modules\n`);

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) yield* walk(path);
    else if (stat) yield path;
  }
}
