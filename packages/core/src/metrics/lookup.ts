import { TallyError } from '../errors.ts';
import { METRIC_CATALOG } from './catalog.ts';
import type { MetricDefinition, MetricSource } from './metric.ts';

const BY_NAME = new Map(METRIC_CATALOG.map((m) => [m.name, m]));

/** A metric by name; `validation_failed` naming the field when there is none. */
export function getMetric(name: string, field = 'metric'): MetricDefinition {
  const metric = BY_NAME.get(name);
  if (!metric) throw new TallyError('validation_failed', `${field}: unknown metric ${JSON.stringify(name)}`, { field });
  return metric;
}

/** Whether a metric of this name exists. */
export function hasMetric(name: string): boolean {
  return BY_NAME.has(name);
}

/** A metric whose rows live in the rollup tables (collected from events or computed by the state step). */
export type StoredMetric = MetricDefinition & { source: Extract<MetricSource, { kind: 'collected' | 'computed' }> };

/** The metrics the aggregator writes into rollups. */
export const STORED_METRICS: readonly StoredMetric[] = METRIC_CATALOG.filter(
  (m): m is StoredMetric => m.source.kind === 'collected' || m.source.kind === 'computed',
);
