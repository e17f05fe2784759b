/**
 * Runs a role until SIGTERM/SIGINT. `start`: intake, workers and HTTP in one process (and the
 * local simulator when there is no BOT_TOKEN); `bot`: intake and HTTP; `worker`: queue workers
 * (and HTTP for health). Every role serves /metrics on METRICS_PORT. Stops in reverse order,
 * once, draining: the public port first (requests in flight finish), then intake and the
 * workers (active jobs finish), then connections to PostgreSQL and Redis, the metrics port last.
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { SIMULATOR_BOT_USERNAME } from '../config.ts';
import { createContainer } from '../container.ts';
import { DEMO_UNIT_CODES } from '../persistence/seed-demo.ts';
import { AppError } from '../core/errors.ts';
import { createMetricsServer } from '../http/create-metrics-server.ts';
import { createWebServer, type WebServerDeps } from '../http/create-web-server.ts';
import { drain, listen } from '../http/listen.ts';
import type { FakeBotApi } from '../simulator/fake-bot-api.ts';
import type { FakeZaloOa } from '../simulator/fake-zalo-oa.ts';
import type { CommandContext } from './command-context.ts';
import { ensureRedis } from './ensure-redis.ts';
import { roleRequirements } from './role-requirements.ts';

/**
 * How long the public port waits for requests in flight on SIGTERM. A webhook update is handled
 * in well under a second; 8 s leaves the workers time within docker's default 10 s grace.
 */
const HTTP_DRAIN_MS = 8_000;

export async function runRole(
  role: 'start' | 'bot' | 'worker',
  ctx: CommandContext,
): Promise<number> {
  const { config, logger } = ctx;
  const problems = roleRequirements(role, config);
  if (problems.length) throw new AppError('config', problems.join('\n'));
  // Listen for the stop signal from the very first moment: a SIGTERM that arrives while gopy is
  // still starting (Redis slow to come, Telegram unreachable for setWebhook) stops it there.
  const stopSignal = waitForSignal();
  const stopped = new AbortController();
  void stopSignal.then(() => stopped.abort());
  /** What has started so far, closed in reverse when the start fails or is stopped. */
  const started: Array<() => Promise<void> | void> = [];
  try {
    return await startAndRun(role, ctx, { stopSignal, signal: stopped.signal, started });
  } catch (err) {
    for (const close of started.reverse()) await close();
    if (err instanceof StartStopped) {
      logger.info('stopped while starting');
      return 0;
    }
    throw err;
  }
}

/** The stop signal came while gopy was starting. */
class StartStopped extends Error {}

interface Start {
  stopSignal: Promise<void>;
  signal: AbortSignal;
  started: Array<() => Promise<void> | void>;
}

async function startAndRun(
  role: 'start' | 'bot' | 'worker',
  ctx: CommandContext,
  { stopSignal, signal, started }: Start,
): Promise<number> {
  const { config, logger } = ctx;
  /** A start-up step, given up when the stop signal comes first. */
  const step = <T>(work: Promise<T>): Promise<T> =>
    Promise.race([
      work,
      stopSignal.then(() => {
        throw new StartStopped();
      }),
    ]);

  const redis = await step(
    ensureRedis(config.redisUrl, {
      mayStartLocal: role === 'start',
      dataDir: config.dataDir,
      logger,
    }),
  );
  started.push(() => stopChild(redis.child));

  // The simulator: a fake Bot API in this process; the real grammY/Telegraf bot talks to it.
  let fake: FakeBotApi | undefined;
  if (config.simulator && role === 'start') {
    const { createFakeBotApi } = await import('../simulator/fake-bot-api.ts');
    const { createFileUpdateIdStore } = await import('../simulator/update-id-file.ts');
    const api = await createFakeBotApi({
      port: 0,
      updateIds: createFileUpdateIdStore(join(config.dataDir, 'simulator-update-ids.json')),
    });
    started.push(() => api.close());
    fake = api;
    fake.setBotInfo(config.botToken, {
      first_name: 'Gopy · UBND xã',
      username: SIMULATOR_BOT_USERNAME,
    });
  }

  // And a fake Zalo OA for the simulator's Zalo view (unless a real OA is configured). Its
  // refresh token is new on each start, so the stored pair starts over with it.
  let zaloFake: FakeZaloOa | undefined;
  if (fake && !config.zalo) {
    const { createFakeZaloOa } = await import('../simulator/fake-zalo-oa.ts');
    const oa = await createFakeZaloOa();
    started.push(() => oa.close());
    zaloFake = oa;
  }
  const containerConfig = zaloFake
    ? {
        ...config,
        zalo: {
          appId: zaloFake.appId,
          appSecret: zaloFake.appSecret,
          oaSecretKey: zaloFake.oaSecretKey,
          refreshToken: zaloFake.issueRefreshToken(),
          apiRoot: zaloFake.url,
          oauthRoot: zaloFake.url,
        },
      }
    : config;
  const c = await step(createContainer(containerConfig, logger, fake ? { apiRoot: fake.url } : {}));
  started.push(() => c.close());
  const webDeps: WebServerDeps = {
    logger,
    trustProxy: config.http.trustProxy,
    rateLimitStore: { redis: c.redis, prefix: config.queuePrefix },
    health: { checkReady: () => c.checkReady(), warnings: () => c.readinessWarnings() },
  };
  if (role !== 'worker' && config.mode === 'webhook') {
    webDeps.telegramWebhook = {
      path: config.telegram.webhookPath,
      webhook: c.driver.webhookHandler(),
    };
    webDeps.botWebhooks = c.extraBots.map((b) => ({
      path: b.webhookPath,
      webhook: b.driver.webhookHandler(),
    }));
  }
  if (fake) {
    const portalCommunes = [];
    for (const code of DEMO_UNIT_CODES) {
      const unit = await c.repos.units.get(code);
      if (unit) portalCommunes.push({ code: unit.code, name: unit.name });
    }
    webDeps.simulator = { fakeApi: fake, token: config.botToken, portalCommunes };
    if (zaloFake) webDeps.zaloSimulator = { fake: zaloFake, commune: portalCommunes[0] };
  }
  // Sign-in, the dashboard and the public board are served where people reach gopy.
  if (role !== 'worker') Object.assign(webDeps, c.web);
  const web = await createWebServer(webDeps);
  started.push(() => web.close());
  const metricsServer = await createMetricsServer({ registry: c.metrics.registry, logger });
  started.push(() => metricsServer.close());

  // Ports first: a port in use stops the start before any work is taken on.
  const metricsPort = await listenOn(metricsServer, 'METRICS_PORT', config.metrics);
  const port = await listenOn(web, 'PORT', config.http);
  if (zaloFake) {
    const host = ['0.0.0.0', '::'].includes(config.http.host) ? '127.0.0.1' : config.http.host;
    zaloFake.setWebhook(`http://${host}:${port}/zalo/webhook`);
  }
  if (role !== 'bot') {
    c.routeQueue.startWorker();
    c.deliveryQueue.startWorker();
    c.zaloQueue?.startWorker();
    await step(c.maintenance.start());
  }
  if (role !== 'worker') {
    if (config.mode === 'webhook') {
      await step(
        c.driver.setWebhook(config.telegram.webhookUrl, config.telegram.webhookSecret, signal),
      );
      logger.info({ path: config.telegram.webhookPath }, 'webhook registered');
      // Each further bot at /tg/<id> on the same origin, with its own secret.
      for (const b of c.extraBots) {
        await step(
          b.driver.setWebhook(
            new URL(b.webhookPath, config.telegram.webhookUrl).href,
            b.webhookSecret,
            signal,
          ),
        );
        logger.info({ path: b.webhookPath, bot: b.id }, 'webhook registered');
      }
    } else {
      // One poller per token.
      await step(c.driver.startPolling());
      for (const b of c.extraBots) await step(b.driver.startPolling());
    }
  }
  logger.info(
    {
      role,
      port,
      host: config.http.host,
      metricsPort,
      simulator: Boolean(fake),
      framework: config.telegram.framework,
    },
    'gopy started',
  );
  // Prisma's query compiler (WebAssembly) loads with the first ORM query. Nothing before ready
  // needs it (start-up reads run on the pool: bench:startup), so it loads now, in the
  // background, rather than with a citizen's first report or the first routing job.
  void c.warmUpOrm();
  if (fake) {
    // The address the sign-in links use (PUBLIC_URL, by default http://localhost:PORT): a
    // browser signed in on 127.0.0.1 is not signed in on localhost (cookies are per host).
    const local = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(config.http.host);
    const url = config.publicUrl.endsWith(`:${port}`)
      ? config.publicUrl
      : `http://${local ? 'localhost' : config.http.host}:${port}`;
    process.stdout.write(`\n  gopy simulator: ${url}/\n\n`);
  }

  await stopSignal;
  logger.info('stopping');
  started.length = 0;
  await stopOnce(async () => {
    await drain(web, HTTP_DRAIN_MS, logger);
    await c.close();
    await metricsServer.close();
    await fake?.close();
    await zaloFake?.close();
    stopChild(redis.child);
  });
  return 0;
}

/** Listens, turning "address in use" into a message that names the variable to change. */
async function listenOn(
  server: FastifyInstance,
  variable: 'PORT' | 'METRICS_PORT',
  at: { port: number; host: string },
): Promise<number> {
  try {
    return await listen(server, at.port, at.host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL')
      throw new AppError(
        'config',
        `cannot listen on ${at.host}:${at.port} (${code}): set ${variable} to a free port` +
          (variable === 'METRICS_PORT'
            ? ' (0 picks one), e.g. when gopy bot and worker share a host'
            : ''),
        { cause: err },
      );
    throw err;
  }
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
}

let stopping: Promise<void> | undefined;
function stopOnce(fn: () => Promise<void>): Promise<void> {
  stopping ??= fn();
  return stopping;
}

function stopChild(child: ChildProcess | undefined): void {
  child?.kill('SIGTERM');
}
