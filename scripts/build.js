#!/usr/bin/env node
// `npm run build`: type-checks src/ (tsc, no output), then bundles gopy's own modules into
// dist/main.js (esbuild; a few chunks beside it for what loads on first use) with node_modules
// left as they are (imported from node_modules at run time). One file instead of some 390 saves
// node resolving, reading and linking each (bench:startup: about 0.1 s of CPU per role). It then
// copies the files under src/ that are not TypeScript (the web's public/, the simulator's page,
// the Bot API spec) to the same place under dist/, bundles the simulator page's script into
// dist/simulator/page.js, and writes the flows' parsed YAML to dist/flow/parsed-flows.json (read
// at start instead of parsing it again: src/flow/load-flows.ts). Starts from an empty dist/.
//
// A module that finds a file next to itself (import.meta.url / import.meta.dirname: flows/,
// prisma/migrations, public/, the parsed flows) still finds it: in the bundle, each module's
// import.meta is rewritten to the place its compiled file would have under dist/ (same depth as
// in src/), resolved from the bundle's own place in dist/ at run time.
import { spawnSync } from 'node:child_process';
import { build, buildSync } from 'esbuild';
import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--noEmit'],
  { cwd: root, stdio: 'inherit' },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

/** import.meta of a module under src/ as it would be for its compiled file under dist/. */
const importMetaAsInDist = {
  name: 'import-meta-as-in-dist',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!args.path.startsWith(src) || !text.includes('import.meta.')) return undefined;
      const file = relative(src, args.path).split('\\').join('/').replace(/\.ts$/, '.js');
      const dir = dirname(file);
      return {
        loader: 'ts',
        contents: text
          .replaceAll(
            'import.meta.url',
            `new URL(${JSON.stringify(`./${file}`)}, import.meta.url).href`,
          )
          .replaceAll(
            'import.meta.dirname',
            dir === '.'
              ? 'import.meta.dirname'
              : `(import.meta.dirname + ${JSON.stringify(`/${dir}`)})`,
          )
          .replaceAll(
            'import.meta.filename',
            `(import.meta.dirname + ${JSON.stringify(`/${file}`)})`,
          ),
      };
    });
  },
};

const bundled = await build({
  entryPoints: [join(src, 'main.ts')],
  outdir: dist,
  bundle: true,
  packages: 'external',
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  charset: 'utf8',
  metafile: true,
  plugins: [importMetaAsInDist],
  logLevel: 'warning',
});
const modules = Object.keys(bundled.metafile.inputs).filter((f) => f.startsWith('src/')).length;
const outputs = Object.keys(bundled.metafile.outputs).filter((f) => f.endsWith('.js')).length;

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

// The flows' YAML, parsed by the loader itself (bundled on its own for this, then removed).
const loader = join(dist, 'flow/parse-flows.build.mjs');
buildSync({
  entryPoints: [join(src, 'flow/load-flows.ts')],
  outfile: loader,
  bundle: true,
  packages: 'external',
  format: 'esm',
  platform: 'node',
  target: 'node20',
});
const { parseFlowFiles } = await import(pathToFileURL(loader).href);
rmSync(loader);
const parsedFlows = parseFlowFiles(join(root, 'flows'));
writeFileSync(join(dist, 'flow/parsed-flows.json'), JSON.stringify(parsedFlows));

process.stdout.write(
  `built dist/ (${modules} modules in ${outputs} file(s), ${copied} asset file(s) copied, ` +
    `simulator page bundled, ${Object.keys(parsedFlows).length} flow file(s) parsed)\n`,
);

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
