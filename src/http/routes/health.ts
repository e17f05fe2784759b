/**
 * Liveness and readiness for the orchestrator: /healthz answers while the process runs,
 * /readyz only while PostgreSQL and Redis answer (503 otherwise, so no traffic is sent here).
 * /readyz also lists warnings an operator should act on soon (the working-day calendar running
 * out): they never fail readiness, since gopy serves correctly meanwhile.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** Something to fix before it matters; `code` is stable for alert rules, `message` for people. */
export interface ReadinessWarning {
  code: string;
  message: string;
}

export interface HealthRoutesOptions {
  /** Resolves with one flag per dependency (database, redis…). */
  checkReady: () => Promise<Record<string, boolean>>;
  /** What to warn about without failing readiness; none when absent. */
  warnings?: () => readonly ReadinessWarning[];
}

const readiness = z.object({
  ok: z.boolean(),
  checks: z.record(z.string(), z.boolean()),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});

export const healthRoutes: FastifyPluginAsyncZod<HealthRoutesOptions> = async (app, options) => {
  app.get(
    '/healthz',
    { schema: { response: { 200: z.object({ ok: z.literal(true) }) } } },
    async () => ({ ok: true as const }),
  );

  app.get(
    '/readyz',
    { schema: { response: { 200: readiness, 503: readiness } } },
    async (_request, reply) => {
      const checks = await options.checkReady().catch(() => ({ ready: false }));
      const ok = Object.values(checks).every(Boolean);
      const warnings = [...(options.warnings?.() ?? [])];
      return reply.code(ok ? 200 : 503).send({ ok, checks, warnings });
    },
  );
};
