import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createMetrics } from '../../../src/http/metrics.ts';

/** Every gopy_* metric name a PromQL expression uses, without histogram suffixes. */
function namesIn(expr: string): string[] {
  return [...expr.matchAll(/\bgopy_\w+/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, ''));
}

describe('the Grafana dashboard and alert rules in deploy/', () => {
  const exported = new Set(
    createMetrics()
      .registry.getMetricsAsArray()
      .map((m) => m.name),
  );

  it('use only metrics gopy exports', () => {
    const dashboard = JSON.parse(readFileSync('deploy/grafana-dashboard.json', 'utf8')) as {
      panels: Array<{ targets: Array<{ expr: string }> }>;
    };
    const rules = parse(readFileSync('deploy/alert-rules.yml', 'utf8')) as {
      groups: Array<{ rules: Array<{ alert: string; expr: string }> }>;
    };
    const used = [
      ...dashboard.panels.flatMap((p) => p.targets.flatMap((t) => namesIn(t.expr))),
      ...rules.groups.flatMap((g) => g.rules.flatMap((r) => namesIn(r.expr))),
    ];
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((name) => !exported.has(name))).toEqual([]);
  });

  it('alert when nothing is delivered while the queue grows, and when overdue reports rise', () => {
    const rules = parse(readFileSync('deploy/alert-rules.yml', 'utf8')) as {
      groups: Array<{ rules: Array<{ alert: string }> }>;
    };
    const alerts = rules.groups.flatMap((g) => g.rules.map((r) => r.alert));
    expect(alerts).toEqual(
      expect.arrayContaining(['GopyNothingDelivered', 'GopyOverdueReportsRising']),
    );
  });
});
