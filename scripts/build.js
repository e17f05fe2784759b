#!/usr/bin/env node
// `npm run build`: type-checks src/ (tsc, no output), then bundles gopy's own modules and the
// libraries every role loads at start into dist/main.js (esbuild; a few chunks beside it for what
// loads on first use), whitespace-minified; the libraries in RUNTIME_EXTERNAL stay in
// node_modules. One file instead of some 1,300 saves node resolving, reading and linking each
// (bench:startup: about 0.4 s less CPU per role with the next two changes). It then
// copies the files under src/ that are not TypeScript (the web's public/, the simulator's page,
// the Bot API spec) to the same place under dist/, bundles the simulator page's script into
// dist/simulator/page.js, writes the flows parsed and validated to dist/flow/parsed-flows.json
// (read at start instead of parsing them again: src/flow/load-flows.ts) and Prisma's query
// compiler as a .wasm file (see PRISMA_WASM_IMPORT). Starts from an empty dist/.
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
// `--no-typecheck`: for the test of the compiled runtime (test/e2e/compiled-runtime.test.ts);
// `npm run check` type-checks on its own.
const tsc = process.argv.includes('--no-typecheck')
  ? { status: 0 }
  : spawnSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--noEmit'],
      { cwd: root, stdio: 'inherit' },
    );
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

/**
 * Prisma's query compiler is WebAssembly that the generated client imports as a module of base64
 * text, then decodes and compiles on the main thread: parsing that module alone took 115-155 ms
 * of a cold start (bench:startup). The build writes the decoded bytes beside the bundle and has
 * the client read and compile them (WebAssembly.compile: off the main thread). The build fails
 * if a Prisma upgrade changes the generated lines, rather than ship the old way.
 */
const PRISMA_WASM_IMPORT =
  /const \{ wasm \} = await import\("(@prisma\/client\/runtime\/query_compiler_\w+_bg\.postgresql\.wasm-base64\.mjs)"\)\n\s*return await decodeBase64AsWasm\(wasm\)/;
const PRISMA_WASM_FILE = 'prisma-query-compiler.wasm';
const prismaClass = join(src, 'persistence/generated/prisma/internal/class.ts');
/** The base64 module the generated client imports (schema.prisma's compilerBuild picks it). */
let prismaWasmModule;
function prismaCompilerFromFile(path, text) {
  if (path !== prismaClass) return text;
  const found = PRISMA_WASM_IMPORT.exec(text);
  if (!found) throw new Error(`${path}: Prisma's compiler import changed; update scripts/build.js`);
  prismaWasmModule = found[1];
  return text.replace(
    PRISMA_WASM_IMPORT,
    `const { readFile } = await import('node:fs/promises')\n    return await WebAssembly.compile(await readFile(new URL(${JSON.stringify(`../../../../${PRISMA_WASM_FILE}`)}, import.meta.url)))`,
  );
}

/** import.meta of a module under src/ as it would be for its compiled file under dist/. */
const importMetaAsInDist = {
  name: 'import-meta-as-in-dist',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = prismaCompilerFromFile(args.path, readFileSync(args.path, 'utf8'));
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

/**
 * Left out of the bundle, imported from node_modules at run time: native addons and WebAssembly
 * that find their files beside themselves (sharp, resvg, PGlite, Prisma's schema engine,
 * msgpackr's optional native extractor), what loads only on first use (the board's charts, PDF
 * and XLSX, QR codes, Telegraf, voice conversion, Open311's XML, CSV), pino (its transports run
 * its own files in worker threads), the build tools, and grammY with its runner and fetch (bundled,
 * `gopy start` in polling mode never became ready; not traced further).
 */
const RUNTIME_EXTERNAL = [
  '@electric-sql/pglite',
  '@prisma/schema-engine-wasm',
  '@resvg/resvg-js',
  'msgpackr-extract',
  'pg-native',
  'pglite-prisma-adapter',
  'sharp',
  'csv-parse',
  'csv-stringify',
  'echarts',
  'exceljs',
  'fast-xml-parser',
  'mediabunny',
  'pdfmake',
  'qrcode',
  'telegraf',
  'pino',
  'pino-pretty',
  'thread-stream',
  'esbuild',
  'tsx',
  '@grammyjs/runner',
  'grammy',
  'node-fetch',
];
const bundled = await build({
  entryPoints: [join(src, 'main.ts')],
  outdir: dist,
  bundle: true,
  external: RUNTIME_EXTERNAL,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // ASCII (\u escapes): V8 keeps a source with any other character as two bytes a character.
  charset: 'ascii',
  metafile: true,
  plugins: [importMetaAsInDist],
  logLevel: 'warning',
  // Whitespace and syntax only: names stay as written, so stack traces in the logs still read.
  minifyWhitespace: true,
  minifySyntax: true,
  // The libraries written as CommonJS call require() for node's own modules.
  banner: {
    js: "import { createRequire as __gopyCreateRequire } from 'node:module'; const require = __gopyCreateRequire(import.meta.url);",
  },
});
const modules = Object.keys(bundled.metafile.inputs).filter((f) => f.startsWith('src/')).length;
const libraryModules = Object.keys(bundled.metafile.inputs).filter((f) =>
  f.startsWith('node_modules/'),
).length;
const outputs = Object.keys(bundled.metafile.outputs).filter((f) => f.endsWith('.js')).length;

{
  if (!prismaWasmModule)
    throw new Error("the bundle holds no Prisma client: Prisma's compiler not written");
  const { wasm } = await import(prismaWasmModule);
  writeFileSync(join(dist, PRISMA_WASM_FILE), Buffer.from(wasm, 'base64'));
}

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
  `built dist/ (${modules} modules and ${libraryModules} of libraries in ${outputs} file(s), ${copied} asset file(s) copied, ` +
    `simulator page bundled, ${Object.keys(parsedFlows).length} flow file(s) parsed)\n`,
);

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
