/**
 * The layer boundaries of docs/ARCHITECTURE.md, checked by `npm run lint` (depcruise src).
 * Arrows point inward: core/ <- texts/ <- flow/ <- app/ <- adapters (persistence/, queue/,
 * channels/, http/, simulator/) <- container.ts <- cli/ and main.ts. Type-only imports count
 * too: a port named in the wrong place is a dependency all the same.
 *
 * Exceptions, each on purpose:
 * - app/ may import channels/types.ts and channels/channel-error.ts: the transport seam
 *   (InboundEvent, OutboundMessage, the channel's refusal) is what use cases speak, not a
 *   messenger's code.
 * - app/ may import logger.ts (the Logger type) and the rendering libraries of the judgement
 *   (echarts, pdfmake, exceljs, csv-stringify, qrcode): they compute bytes, they do no I/O.
 * - flow/ may read files (node:fs, node:path) and YAML: the loader lives beside the schema it
 *   checks.
 */
const frameworks = [
  'grammy',
  '@grammyjs',
  'telegraf',
  'bullmq',
  'ioredis',
  '@prisma',
  'pg',
  '@electric-sql',
  'pglite-prisma-adapter',
  'fastify',
  '@fastify',
  'fastify-type-provider-zod',
  'prom-client',
];
const pkg = (names) => names.map((n) => `(^|/)node_modules/${n}/`);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle means two modules are one: split out what both need.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'core/ is the pure domain: it imports only core/ and zod.',
      from: { path: '^src/core/' },
      to: { pathNot: ['^src/core/', ...pkg(['zod'])] },
    },
    {
      name: 'texts-are-pure',
      severity: 'error',
      comment: 'texts/ holds the words people read, in both languages: it imports only core/.',
      from: { path: '^src/texts/' },
      to: { pathNot: '^src/(core|texts)/' },
    },
    {
      name: 'flow-is-pure',
      severity: 'error',
      comment:
        'flow/ is the pure flow engine: core/, its words in texts/, zod, yaml and file reading ' +
        "for the loader (and hashing, to find a file's flow parsed at build; a deep comparison, " +
        'to keep only what survives JSON in that cache).',
      from: { path: '^src/flow/' },
      to: {
        pathNot: [
          '^src/(core|flow|texts)/',
          ...pkg(['zod', 'yaml']),
          '^(node:)?(fs|path|crypto|util)$',
        ],
      },
    },
    {
      name: 'app-uses-no-framework',
      severity: 'error',
      comment: 'app/ speaks to ports; Telegram, queue, database and web libraries are adapters.',
      from: { path: '^src/app/' },
      to: { path: pkg(frameworks) },
    },
    {
      name: 'app-imports-no-adapter',
      severity: 'error',
      comment:
        'app/ imports core/, flow/ and its own ports; adapters implement the ports and ' +
        'container.ts wires them (channels/types.ts is the transport seam, see the header).',
      from: { path: '^src/app/' },
      to: {
        path: '^src/(queue|http|simulator|cli|channels)/|^src/(container|main|config)\\.ts$',
        pathNot: '^src/channels/(types|channel-error)\\.ts$',
      },
    },
    {
      name: 'app-imports-no-persistence',
      severity: 'error',
      comment:
        'app/ speaks to its ports (app/ports/): persistence/ implements them and imports their ' +
        'records from there, never the other way round, not even a type.',
      from: { path: '^src/app/' },
      to: { path: '^src/persistence/' },
    },
    {
      name: 'ports-are-the-use-cases-own',
      severity: 'error',
      comment:
        'app/ports/ declares what the use cases need (records and interfaces): it names core/, ' +
        'the transport seam and other ports, never an adapter, so adapters depend on it and not ' +
        'the other way round.',
      from: { path: '^src/app/ports/' },
      to: {
        pathNot: [
          '^src/core/',
          '^src/app/ports/',
          '^src/app/chat-state\\.ts$',
          '^src/channels/types\\.ts$',
        ],
      },
    },
    {
      name: 'channels-know-no-use-case',
      severity: 'error',
      comment: 'A channel adapter translates events and messages, nothing more.',
      from: { path: '^src/channels/' },
      to: { path: '^src/(app|flow|queue|http|simulator|cli)/|^src/container\\.ts$' },
    },
    {
      name: 'channels-and-http-import-no-persistence',
      severity: 'error',
      comment:
        "A channel and the web pages speak their stores' interfaces (channels/webchat/" +
        'web-chat-store.ts, channels/zalo/zalo-store.ts); persistence/ implements them and ' +
        'imports their types from there, never the other way round, not even a type.',
      from: { path: '^src/(channels|http)/' },
      to: { path: '^src/persistence/' },
    },
    {
      name: 'persistence-is-an-adapter',
      severity: 'error',
      comment: 'persistence/ implements ports; it calls no other adapter and no use case.',
      from: { path: '^src/persistence/' },
      to: {
        path: '^src/(queue|http|simulator|cli|flow)/|^src/channels/telegram/|^src/container\\.ts$',
      },
    },
    {
      name: 'persistence-reaches-app-only-through-ports',
      severity: 'error',
      comment:
        'persistence/ names the records and interfaces of app/ports/ it implements, nothing else of app/.',
      from: { path: '^src/persistence/' },
      to: { path: '^src/app/', pathNot: '^src/app/ports/' },
    },
    {
      name: 'queue-is-an-adapter',
      severity: 'error',
      comment: 'queue/ runs use cases and implements ports; it reaches no other adapter.',
      from: { path: '^src/queue/' },
      to: { path: '^src/(http|simulator|cli|flow)/|^src/channels/telegram/|^src/container\\.ts$' },
    },
    {
      name: 'http-reaches-no-store',
      severity: 'error',
      comment: 'http/ calls use cases given to it; it does not open the database or the queues.',
      from: { path: '^src/http/' },
      to: { path: '^src/(queue|cli)/|^src/container\\.ts$' },
    },
    {
      name: 'prisma-stays-in-persistence',
      severity: 'error',
      comment: 'Prisma types never leave persistence/.',
      from: { pathNot: '^src/persistence/' },
      to: { path: '^src/persistence/generated/' },
    },
    {
      name: 'only-the-root-builds-the-container',
      severity: 'error',
      comment: 'Only main.ts and cli/ import the composition root.',
      from: { pathNot: '^src/(main\\.ts|cli/)' },
      to: { path: '^src/container\\.ts$' },
    },
    {
      name: 'only-main-runs-the-cli',
      severity: 'error',
      comment: 'cli/ is the outermost layer: only main.ts and cli/ itself import it.',
      from: { pathNot: '^src/(main\\.ts|cli/)' },
      to: { path: '^src/cli/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/persistence/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
