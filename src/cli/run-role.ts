/**
 * Runs a role until SIGTERM/SIGINT. `start`: intake, workers and HTTP in one process (and the
 * local simulator when there is no BOT_TOKEN); `bot`: intake and HTTP; `worker`: queue workers
 * (and HTTP for health and metrics). Stops in reverse order, once.
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { SIMULATOR_BOT_USERNAME } from '../config.ts';
import { createContainer } from '../container.ts';
import { AppError } from '../core/errors.ts';
import { createHttpServer, type RouteHandler } from '../http/http-server.ts';
import type { FakeBotApi } from '../simulator/fake-bot-api.ts';
import type { CommandContext } from './run-command.ts';
import { ensureRedis } from './ensure-redis.ts';

export async function runRole(
  role: 'start' | 'bot' | 'worker',
  ctx: CommandContext,
): Promise<number> {
  const { config, logger } = ctx;
  // Listen for the stop signal from the very first moment: a SIGTERM that arrives while gopy is
  // still starting must stop it once started, not be swallowed.
  const stopSignal = waitForSignal();
  if (role !== 'start' && !config.databaseUrl)
    throw new AppError(
      'config',
      `gopy ${role} needs DATABASE_URL; only \`gopy start\` runs on the embedded database.`,
    );
  if (role !== 'worker' && config.simulator && role !== 'start')
    throw new AppError(
      'config',
      'gopy bot needs BOT_TOKEN (the simulator runs with `gopy start`).',
    );

  const redis = await ensureRedis(config.redisUrl, {
    mayStartLocal: role === 'start',
    dataDir: config.dataDir,
    logger,
  });

  // The simulator: a fake Bot API in this process; the real grammY/Telegraf bot talks to it.
  let fake: FakeBotApi | undefined;
  const routes: RouteHandler[] = [];
  if (config.simulator && role === 'start') {
    const { createFakeBotApi } = await import('../simulator/fake-bot-api.ts');
    const { simulatorHandler } = await import('../simulator/simulator-server.ts');
    const { createFileUpdateIdStore } = await import('../simulator/update-id-file.ts');
    fake = await createFakeBotApi({
      port: 0,
      updateIds: createFileUpdateIdStore(join(config.dataDir, 'simulator-update-ids.json')),
    });
    fake.setBotInfo(config.botToken, {
      first_name: 'Gopy · UBND xã',
      username: SIMULATOR_BOT_USERNAME,
    });
    routes.push(simulatorHandler(fake, config.botToken));
  }

  const c = await createContainer(config, logger, fake ? { apiRoot: fake.url } : {});
  const http = createHttpServer({
    logger,
    metrics: c.metrics,
    checkReady: () => c.checkReady(),
    webhook:
      role !== 'worker' && config.telegram.mode === 'webhook' && !config.simulator
        ? { path: config.telegram.webhookPath, handler: c.driver.webhookHandler() }
        : undefined,
    extraRoutes: routes,
  });

  if (role !== 'bot') {
    c.routeQueue.startWorker();
    c.deliveryQueue.startWorker();
    await c.maintenance.start();
  }
  const port = await http.listen(config.http.port, config.http.host);
  if (role !== 'worker') {
    if (config.telegram.mode === 'webhook' && !config.simulator) {
      await c.driver.setWebhook(config.telegram.webhookUrl!, config.telegram.webhookSecret!);
      logger.info({ path: config.telegram.webhookPath }, 'webhook registered');
    } else {
      await c.driver.startPolling();
    }
  }
  logger.info(
    { role, port, simulator: Boolean(fake), framework: config.telegram.framework },
    'gopy started',
  );
  if (fake) process.stdout.write(`\n  gopy simulator: http://localhost:${port}/\n\n`);

  await stopSignal;
  logger.info('stopping');
  await stopOnce(async () => {
    await http.close();
    await c.close();
    await fake?.close();
    stopChild(redis.child);
  });
  return 0;
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
