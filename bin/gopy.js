#!/usr/bin/env node
// The gopy CLI. In production (NODE_ENV=production, as the image sets it) it runs the compiled
// JavaScript in dist/ (`npm run build`); in a checkout it runs the TypeScript sources through
// tsx, so development needs no build step and never runs a stale dist/. Where tsx is not
// installed (`npm ci --omit=dev`), it runs dist/ too.
import { existsSync } from 'node:fs';
import v8 from 'node:v8';

// Prisma 7's query compiler is WebAssembly. V8's optimising tier (TurboFan) kept about 70 MB of
// compiled code for it in every role; its baseline tier (Liftoff) alone compiles the same
// queries for the same CPU (measured: 7.7–8.3 ms per two ORM queries either way, RSS 213 → 142
// MB; bench:startup). Set before any module compiles WebAssembly.
v8.setFlagsFromString('--liftoff-only');

const compiled = new URL('../dist/main.js', import.meta.url);

if (process.env.NODE_ENV === 'production' || !(await registerTsx())) {
  if (!existsSync(compiled)) {
    process.stderr.write('gopy: dist/ is missing; run `npm run build` first.\n');
    process.exit(1);
  }
  await import(compiled.href);
} else {
  await import('../src/main.ts');
}

async function registerTsx() {
  try {
    const { register } = await import('tsx/esm/api');
    register();
    return true;
  } catch (err) {
    if (err?.code === 'ERR_MODULE_NOT_FOUND') return false;
    throw err;
  }
}
