import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRIC_CATALOG } from './catalog.ts';
import { affectedMetrics, getMetric } from './lookup.ts';
import { SENSITIVITIES, type MetricDefinition } from './metric.ts';

const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'README.md'), 'utf8');

function references(m: MetricDefinition): string[] {
  const s = m.source;
  if (s.kind === 'slice' || s.kind === 'cumulative' || s.kind === 'scaled') return [s.of];
  if (s.kind === 'ratio') return [s.numerator.metric, s.denominator.metric];
  return [];
}

describe('the metric catalog', () => {
  it('has every metric the product promises', () => {
    const promised = [
      'events', 'dau', 'wau', 'mau', 'signups', 'feature_adoption', 'mrr', 'arr', 'new_mrr', 'expansion_mrr',
      'contraction_mrr', 'churned_mrr', 'reactivated_mrr', 'revenue', 'refunds', 'failed_payments', 'tickets_opened',
      'tickets_solved', 'median_first_response', 'csat', 'health_score_distribution', 'logo_churn_rate', 'net_revenue_retention',
    ];
    for (const name of promised) expect(getMetric(name).name).toBe(name);
  });

  it('names each metric once, in lower snake case, with a known sensitivity class', () => {
    const names = METRIC_CATALOG.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const m of METRIC_CATALOG) {
      expect(m.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(SENSITIVITIES).toContain(m.sensitivity);
    }
  });

  it('resolves every reference, and allows only dimensions its inputs have', () => {
    for (const m of METRIC_CATALOG) {
      const s = m.source;
      if (s.kind === 'collected' || s.kind === 'computed') expect(m.dimensions, m.name).toEqual(s.dimensions.map((d) => d.name));
      for (const ref of references(m)) {
        const input = getMetric(ref);
        if (s.kind !== 'ratio') for (const d of m.dimensions) expect(input.dimensions, `${m.name} → ${ref}`).toContain(d);
      }
      if (s.kind === 'slice') for (const d of Object.keys(s.where)) expect(getMetric(s.of).dimensions, m.name).toContain(d);
    }
  });

  it('names a refused metric in the error', () => {
    expect(() => getMetric('revenue; DROP TABLE events', 'query.metric')).toThrow(/query\.metric: unknown metric/);
  });

  it('knows which answers a change moves', () => {
    const affected = affectedMetrics({ stored: ['mrr_movements'], activity: false, features: false, tables: [] });
    expect(affected).toEqual(expect.arrayContaining(['mrr', 'arr', 'new_mrr', 'churned_mrr', 'net_revenue_retention', 'retained_mrr_change']));
    expect(affected).not.toContain('dau');
    expect(affectedMetrics({ stored: [], activity: true, features: false, tables: [] })).toEqual(expect.arrayContaining(['dau', 'wau', 'mau', 'feature_adoption']));
    expect(affectedMetrics({ stored: [], activity: false, features: false, tables: ['tickets'] })).toEqual(['median_first_response']);
  });

  it('is documented in the README, one row per metric', () => {
    for (const m of METRIC_CATALOG) expect(readme, m.name).toContain(`| \`${m.name}\` |`);
  });
});
