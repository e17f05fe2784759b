/**
 * The simulator page's script, as the browser runs it. `npm run build` bundles
 * src/simulator/page/simulator-page.ts into dist/simulator/page.js (scripts/build.js); running
 * from the sources, there is no such file and esbuild (a dev dependency) bundles it in memory
 * the first time the page is asked for.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The same options as scripts/build.js uses. */
const BUNDLE = { bundle: true, format: 'iife', target: 'es2022', charset: 'utf8' } as const;

export async function pageScript(): Promise<string> {
  const built = new URL('./page.js', import.meta.url);
  if (existsSync(built)) return readFileSync(built, 'utf8');
  const { build } = await import('esbuild');
  const result = await build({
    ...BUNDLE,
    entryPoints: [fileURLToPath(new URL('./page/simulator-page.ts', import.meta.url))],
    write: false,
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error('esbuild produced no simulator page script');
  return out.text;
}
