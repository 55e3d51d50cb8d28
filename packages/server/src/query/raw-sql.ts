import { eventPathSql, MAX_DIMENSION_VALUE, type EventPath, type StoredMetric } from '@tally/core';
import type { SqlParams } from './sql-text.ts';


/**
 * Raw-event relations for the stored metrics, for answers no rollup serves (a customer-confined read,
 * filters on two dimensions). The same shapes as `recompute.ts` in @tally/ingest, but every catalog value
 * is bound: paths become fixed column names or `properties #> $n`.
 */
function pathSql(path: EventPath, p: SqlParams): string {
  return eventPathSql(path, (parts) => p.add(parts, 'text[]'));
}

/** A relation `(at, v, <dimension>…)` of one stored metric's contributions; dimension columns are `d0`, `d1`, … */
export interface RawRelation {
  sql: string;
  /** The column of a dimension, by its catalog name. */
  column(dimension: string): string;
}

/** Where-clauses common to raw reads: the tenant, and the customer when the read is confined. */
export interface RawScope {
  tenant: string;
  customerId?: string;
}

function columns(names: readonly string[]): (dimension: string) => string {
  return (dimension) => {
    const i = names.indexOf(dimension);
    if (i < 0) throw new Error(`no dimension ${dimension}`);
    return `d${i}`;
  };
}

function collectedRelation(metric: StoredMetric & { source: { kind: 'collected' } }, scope: RawScope, p: SqlParams): RawRelation {
  const { match, value, dimensions } = metric.source;
  const where = [`tenant = ${p.add(scope.tenant)}`];
  if (scope.customerId !== undefined) where.push(`customer_id = ${p.add(scope.customerId)}`);
  if (match.types) where.push(`type = ANY(${p.add(match.types, 'text[]')})`);
  if (match.typePrefix) where.push(`starts_with(type, ${p.add(match.typePrefix)})`);
  if (match.where) where.push(`${pathSql(match.where.path, p)} = ANY(${p.add(match.where.in.map(String), 'text[]')})`);
  let valueSql = '1';
  if (value) {
    const raw = value.from === 'revenue.amountMinor' ? 'revenue_minor' : `(${pathSql(value.from, p)})::bigint`;
    where.push(`${raw} IS NOT NULL`);
    valueSql = value.negate ? `-(${raw})` : raw;
  }
  const dims = dimensions.map((d, i) => `left(${pathSql(d.from, p)}, ${MAX_DIMENSION_VALUE}) AS d${i}`);
  return {
    sql: `SELECT occurred_at AS at, ${valueSql} AS v${dims.map((d) => `, ${d}`).join('')} FROM events WHERE ${where.join(' AND ')}`,
    column: columns(dimensions.map((d) => d.name)),
  };
}

/**
 * MRR and paying-customer movements from subscription events in event-time order (README "MRR movements"),
 * over the whole history of the tenant (or one customer): a movement depends on the MRR before it.
 */
function movementsRelation(metric: StoredMetric & { source: { kind: 'computed' } }, scope: RawScope, p: SqlParams): RawRelation {
  const where = [`tenant = ${p.add(scope.tenant)}`];
  if (scope.customerId !== undefined) where.push(`customer_id = ${p.add(scope.customerId)}`);
  const movements = `
    WITH sub_events AS (
      SELECT customer_id, id, occurred_at, properties->>'subscriptionId' AS sub_id,
             CASE WHEN type = 'billing.subscription_canceled' THEN 0
                  ELSE greatest(0, coalesce((CASE WHEN jsonb_typeof(properties->'mrrMinor') = 'number' THEN (properties->>'mrrMinor')::bigint END), 0)) END AS mrr,
             properties->>'currency' AS currency
      FROM events
      WHERE ${where.join(' AND ')}
        AND type IN ('billing.subscription_created', 'billing.subscription_updated', 'billing.subscription_canceled')
        AND customer_id IS NOT NULL AND properties->>'subscriptionId' IS NOT NULL
    ), deltas AS (
      SELECT *, mrr - coalesce(lag(mrr) OVER (PARTITION BY sub_id ORDER BY occurred_at, id), 0) AS delta FROM sub_events
    ), running AS (
      SELECT *, sum(delta) OVER (PARTITION BY customer_id ORDER BY occurred_at, id ROWS UNBOUNDED PRECEDING) AS after FROM deltas
    ), classified AS (
      SELECT *, after - delta AS before,
             coalesce(bool_or(after > 0) OVER (PARTITION BY customer_id ORDER BY occurred_at, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false) AS ever_paid
      FROM running
    )
    SELECT occurred_at, currency, delta,
           CASE WHEN before = 0 THEN CASE WHEN ever_paid THEN 'reactivated' ELSE 'new' END
                WHEN after = 0 THEN 'churned' WHEN delta > 0 THEN 'expansion' ELSE 'contraction' END AS kind
    FROM classified WHERE delta <> 0`;
  const names = metric.source.dimensions.map((d) => d.name);
  const dims = names.map((name, i) => `${name === 'kind' ? 'kind' : 'currency'} AS d${i}`).join(', ');
  const sql = metric.source.computedBy === 'mrr_movements'
    ? `SELECT occurred_at AS at, delta AS v, ${dims} FROM (${movements}) m`
    : `SELECT occurred_at AS at, CASE kind WHEN 'churned' THEN -1 ELSE 1 END AS v, ${dims} FROM (${movements}) m WHERE kind IN ('new', 'reactivated', 'churned')`;
  return { sql, column: columns(names) };
}

/** The raw relation of a collected or computed metric. */
export function rawRelation(metric: StoredMetric, scope: RawScope, p: SqlParams): RawRelation {
  return metric.source.kind === 'collected'
    ? collectedRelation(metric as StoredMetric & { source: { kind: 'collected' } }, scope, p)
    : movementsRelation(metric as StoredMetric & { source: { kind: 'computed' } }, scope, p);
}
