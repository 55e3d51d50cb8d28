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

/** What changed in a batch besides rollup rows. */
export interface ChangedInputs {
  /** Rollup metrics written (collected or computed). */
  stored: Iterable<string>;
  /** `user_activity_daily` rows written. */
  activity: boolean;
  /** `feature_activity_daily` rows written. */
  features: boolean;
  /** State tables written. */
  tables: Iterable<'tickets' | 'customer_health'>;
}

function inputsOf(source: MetricSource): { metrics: string[]; activity: boolean; features: boolean; table?: string } {
  switch (source.kind) {
    case 'collected':
    case 'computed':
      return { metrics: [], activity: false, features: false };
    case 'slice':
    case 'cumulative':
    case 'scaled':
      return { metrics: [source.of], activity: false, features: false };
    case 'ratio':
      return { metrics: [source.numerator.metric, source.denominator.metric], activity: false, features: false };
    case 'active_users':
      return { metrics: [], activity: true, features: false };
    case 'feature_users':
      return { metrics: [], activity: false, features: true };
    case 'state':
      return { metrics: [], activity: false, features: false, table: source.table };
  }
}

/** Every catalog metric whose answer may change when these inputs change, sorted by name. */
export function affectedMetrics(changed: ChangedInputs): string[] {
  const hit = new Set(changed.stored);
  const tables = new Set<string>(changed.tables);
  let grew = true;
  while (grew) {
    grew = false;
    for (const m of METRIC_CATALOG) {
      if (hit.has(m.name)) continue;
      const inputs = inputsOf(m.source);
      const affected =
        inputs.metrics.some((n) => hit.has(n)) ||
        (inputs.activity && changed.activity) ||
        (inputs.features && changed.features) ||
        (inputs.table !== undefined && tables.has(inputs.table));
      if (affected) {
        hit.add(m.name);
        grew = true;
      }
    }
  }
  return [...hit].sort();
}
