import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one gopy process, served at /metrics. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'gopy_' });
  return {
    registry,
    updates: new Counter({
      name: 'gopy_updates_total',
      help: 'Inbound updates by outcome',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    updateSeconds: new Histogram({
      name: 'gopy_update_duration_seconds',
      help: 'Time to handle one inbound update',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    deliveries: new Counter({
      name: 'gopy_deliveries_total',
      help: 'Outbound deliveries to officials and relayed messages, by result',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    reportsWithoutOfficial: new Counter({
      name: 'gopy_reports_without_official_total',
      help: 'Reports whose routing found no reachable official and no province admin (kept until one registers)',
      registers: [registry],
    }),
    reports: new Counter({
      name: 'gopy_reports_submitted_total',
      help: 'Reports committed to PostgreSQL',
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
