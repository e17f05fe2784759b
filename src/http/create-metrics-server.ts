/**
 * Prometheus' scrape port (METRICS_PORT, on 127.0.0.1 unless METRICS_HOST says otherwise): only
 * /metrics, apart from the public server, so the public port never exposes queue depths and
 * process details. Nothing to drain: it closes last, after the work it reports on.
 */
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger.ts';
import { metricsRoutes } from './routes/metrics.ts';

export async function createMetricsServer(deps: { registry: Registry; logger: Logger }) {
  // pino's Logger is a FastifyBaseLogger; typed as one, the instance keeps Fastify's default types.
  const logger: FastifyBaseLogger = deps.logger;
  const app = Fastify({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
  });
  await app.register(metricsRoutes, { registry: deps.registry });
  return app;
}
