/**
 * Prometheus metrics of one gopy process (served on METRICS_PORT, kept off the public port).
 * Counters and histograms are this process's own; the gauges of queues and reports read shared
 * state (Redis, PostgreSQL) at scrape time, so every replica reports the same values: aggregate
 * them with max(), not sum(). Labels are bounded: outcomes, queue names, 34 provinces, and the
 * top COMMUNE_TOP communes by overdue reports.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** How many communes get their own overdue series (the worst ones). */
export const COMMUNE_TOP = 10;

/** Where the state gauges read from; each call is one cheap aggregate query. */
export interface StateSources {
  queues(): Promise<
    Array<{
      queue: string;
      counts: Record<'ready' | 'active' | 'delayed' | 'failed', number>;
      oldestReadyAgeSeconds: number;
    }>
  >;
  reportsByProvince(): Promise<Array<{ provinceCode: string; open: number; overdue: number }>>;
  topOverdueCommunes(limit: number): Promise<Array<{ unitCode: string; overdue: number }>>;
}

/** What the sweep counters need of a sweep's result (app/sweep.ts SweepResult). */
export interface SweepCounted {
  reroutes: number;
  deliveries: number;
  relinked: number;
  fallbacks: number;
  failed: string[];
}

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'gopy_' });
  const registers = [registry];
  let sources: StateSources | undefined;
  const sweepRuns = new Counter({
    name: 'gopy_sweep_runs_total',
    help: 'Sweeps run by this process: ok, or failed (at least one step failed)',
    labelNames: ['result'] as const,
    registers,
  });
  const sweepRevived = new Counter({
    name: 'gopy_sweep_revived_total',
    help:
      'What sweeps rebuilt from PostgreSQL: routes (routing jobs), deliveries (delivery ' +
      'jobs), fallbacks (reports moved off an unreachable official)',
    labelNames: ['what'] as const,
    registers,
  });

  return {
    registry,
    updates: new Counter({
      name: 'gopy_updates_total',
      help: 'Inbound updates by channel and outcome',
      labelNames: ['channel', 'outcome'] as const,
      registers,
    }),
    updateSeconds: new Histogram({
      name: 'gopy_update_duration_seconds',
      help: 'Time to handle one inbound update',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    deliveries: new Counter({
      name: 'gopy_deliveries_total',
      help:
        'Send attempts of outbound deliveries by outcome: sent, unreachable (bot blocked), ' +
        'rejected (bad request, or gave up), rate_limited (a 429), retry (network), lost',
      labelNames: ['outcome'] as const,
      registers,
    }),
    deliveryPausedSeconds: new Counter({
      name: 'gopy_delivery_paused_seconds_total',
      help: "Time the delivery queue was paused by Telegram's 429 answers (retry_after)",
      registers,
    }),
    alertLatency: new Histogram({
      name: 'gopy_alert_latency_seconds',
      help: "From a report's commit to the first alert about it delivered to an official",
      buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 1800, 3600, 4 * 3600],
      registers,
    }),
    reports: new Counter({
      name: 'gopy_reports_submitted_total',
      help: 'Reports committed to PostgreSQL',
      registers,
    }),
    reportsNoOfficial: new Counter({
      name: 'gopy_reports_no_official_total',
      help: 'Reports whose routing found no reachable official and no province admin (kept until one registers)',
      registers,
    }),
    sweepRuns,
    sweepRevived,
    /** Counts what one sweep did (app/sweep.ts calls it through onSweep). */
    observeSweep(result: SweepCounted): void {
      sweepRuns.inc({ result: result.failed.length ? 'failed' : 'ok' });
      sweepRevived.inc({ what: 'routes' }, result.reroutes);
      sweepRevived.inc({ what: 'deliveries' }, result.deliveries);
      sweepRevived.inc({ what: 'links' }, result.relinked);
      sweepRevived.inc({ what: 'fallbacks' }, result.fallbacks);
    },
    flowErrors: new Counter({
      name: 'gopy_flow_errors_total',
      help: "Errors inside conversations: action (a flow's named action failed), update (an update's handling threw)",
      labelNames: ['kind'] as const,
      registers,
    }),
    queueJobs: new Gauge({
      name: 'gopy_queue_jobs',
      help: 'Jobs in each queue by state (ready = waiting to run)',
      labelNames: ['queue', 'state'] as const,
      registers,
      async collect() {
        this.reset();
        for (const q of (await sources?.queues()) ?? [])
          for (const [state, n] of Object.entries(q.counts)) this.set({ queue: q.queue, state }, n);
      },
    }),
    queueOldestAge: new Gauge({
      name: 'gopy_queue_oldest_job_age_seconds',
      help: 'Age of the oldest job ready to run in each queue (0 when none waits)',
      labelNames: ['queue'] as const,
      registers,
      async collect() {
        this.reset();
        for (const q of (await sources?.queues()) ?? [])
          this.set({ queue: q.queue }, q.oldestReadyAgeSeconds);
      },
    }),
    reportsOpen: new Gauge({
      name: 'gopy_reports_open',
      help: 'Reports waiting for an official (routed, acknowledged, assigned, reopened) by province',
      labelNames: ['province'] as const,
      registers,
      async collect() {
        this.reset();
        for (const p of (await sources?.reportsByProvince()) ?? [])
          this.set({ province: p.provinceCode }, p.open);
      },
    }),
    reportsOverdue: new Gauge({
      name: 'gopy_reports_overdue',
      help: 'Open reports past their due time, by province',
      labelNames: ['province'] as const,
      registers,
      async collect() {
        this.reset();
        for (const p of (await sources?.reportsByProvince()) ?? [])
          this.set({ province: p.provinceCode }, p.overdue);
      },
    }),
    communeOverdue: new Gauge({
      name: 'gopy_commune_reports_overdue',
      help: `Overdue open reports of the ${COMMUNE_TOP} communes with the most`,
      labelNames: ['commune'] as const,
      registers,
      async collect() {
        this.reset();
        for (const c of (await sources?.topOverdueCommunes(COMMUNE_TOP)) ?? [])
          this.set({ commune: c.unitCode }, c.overdue);
      },
    }),
    /** Connects the state gauges to their sources (the composition root calls it once). */
    watchState(s: StateSources): void {
      // A source that fails (Redis or PostgreSQL down) leaves its gauges empty for this scrape
      // instead of failing the whole scrape: the process's own counters still get through.
      sources = {
        queues: perScrape(() => s.queues().catch(() => [])),
        reportsByProvince: perScrape(() => s.reportsByProvince().catch(() => [])),
        topOverdueCommunes: (limit) => s.topOverdueCommunes(limit).catch(() => []),
      };
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * Two gauges read the same source in one scrape (the registry collects them concurrently): the
 * calls made while one is in flight share its answer; the next scrape asks again.
 */
function perScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () =>
    (inFlight ??= read().finally(() => {
      inFlight = undefined;
    }));
}
