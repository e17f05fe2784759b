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
  // Listen for the stop signal from the very first moment: a SIGTERM that arrives while gopy is
  // still starting must stop it once started, not be swallowed.
  const stopSignal = waitForSignal();
  const problems = roleRequirements(role, config);
  if (problems.length) throw new AppError('config', problems.join('\n'));

  const redis = await ensureRedis(config.redisUrl, {
    mayStartLocal: role === 'start',
    dataDir: config.dataDir,
    logger,
  });

  // The simulator: a fake Bot API in this process; the real grammY/Telegraf bot talks to it.
  let fake: FakeBotApi | undefined;
  if (config.simulator && role === 'start') {
    const { createFakeBotApi } = await import('../simulator/fake-bot-api.ts');
    const { createFileUpdateIdStore } = await import('../simulator/update-id-file.ts');
    fake = await createFakeBotApi({
      port: 0,
      updateIds: createFileUpdateIdStore(join(config.dataDir, 'simulator-update-ids.json')),
    });
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
    zaloFake = await createFakeZaloOa();
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
  const c = await createContainer(containerConfig, logger, fake ? { apiRoot: fake.url } : {});
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
  const metricsServer = await createMetricsServer({ registry: c.metrics.registry, logger });

  // Ports first: a port in use stops the start before any work is taken on.
  let port: number;
  let metricsPort: number;
  try {
    metricsPort = await listenOn(metricsServer, 'METRICS_PORT', config.metrics);
    port = await listenOn(web, 'PORT', config.http);
  } catch (err) {
    await metricsServer.close();
    await web.close();
    await c.close();
    await fake?.close();
    await zaloFake?.close();
    stopChild(redis.child);
    throw err;
  }
  if (zaloFake) {
    const host = ['0.0.0.0', '::'].includes(config.http.host) ? '127.0.0.1' : config.http.host;
    zaloFake.setWebhook(`http://${host}:${port}/zalo/webhook`);
  }
  if (role !== 'bot') {
    c.routeQueue.startWorker();
    c.deliveryQueue.startWorker();
    c.zaloQueue?.startWorker();
    await c.maintenance.start();
  }
  if (role !== 'worker') {
    if (config.mode === 'webhook') {
      await c.driver.setWebhook(config.telegram.webhookUrl, config.telegram.webhookSecret);
      logger.info({ path: config.telegram.webhookPath }, 'webhook registered');
      // Each further bot at /tg/<id> on the same origin, with its own secret.
      for (const b of c.extraBots) {
        await b.driver.setWebhook(
          new URL(b.webhookPath, config.telegram.webhookUrl).href,
          b.webhookSecret,
        );
        logger.info({ path: b.webhookPath, bot: b.id }, 'webhook registered');
      }
    } else {
      // One poller per token.
      await c.driver.startPolling();
      for (const b of c.extraBots) await b.driver.startPolling();
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
  if (fake) {
    const host = ['0.0.0.0', '::'].includes(config.http.host) ? 'localhost' : config.http.host;
    process.stdout.write(`\n  gopy simulator: http://${host}:${port}/\n\n`);
  }

  await stopSignal;
  logger.info('stopping');
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
