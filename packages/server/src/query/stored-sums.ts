import type { SqlExecutor, StoredMetric } from '@tally/core';
import type { Buckets } from './buckets.ts';
import { rawRelation } from './raw-sql.ts';
import { epochMs, iso, SqlParams, truncSql } from './sql-text.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

type Grain = 'hour' | 'day' | 'month';

/** What to sum of one stored (collected or computed) metric. */
export interface SumSpec {
  tenant: string;
  metric: StoredMetric;
  /** Dimension → allowed values (a slice's fixed values already intersected with the request's). */
  filters: Readonly<Record<string, readonly string[]>>;
  groupBy?: string;
  /** Confines the read to one customer: only raw events know the customer of a contribution. */
  customerId?: string;
}

/** Summed values: per group ('' without groupBy), per bucket; and which layer answered. */
export interface SumResult {
  groups: Map<string, number[]>;
  source: 'rollup' | 'raw';
}

/** How a sum is read: from one rollup grain and one dimension's rows, or from raw events. */
export type SumPlan = { kind: 'rollup'; grain: Grain; dimension: string } | { kind: 'raw' };

const isMonthStart = (ms: number) => {
  const d = new Date(ms);
  return ms === Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};

/** The coarsest UTC rollup grain whose buckets tile every boundary, if any. */
export function coarsestGrain(bounds: readonly number[], granularity: Buckets['granularity']): Grain | undefined {
  if (granularity === 'month' && bounds.every(isMonthStart)) return 'month';
  if (granularity !== 'hour' && bounds.every((ms) => ms % DAY_MS === 0)) return 'day';
  if (bounds.every((ms) => ms % HOUR_MS === 0)) return 'hour';
  return undefined;
}

/**
 * Rollups keep one row per total and per single dimension value, at UTC hour, day and month. They serve a
 * read that touches at most one dimension (filtered and/or grouped) over buckets they tile; anything else
 * (two dimensions, a customer, a zone with a half-hour offset) goes to raw events.
 */
export function planSums(spec: SumSpec, bounds: readonly number[], granularity: Buckets['granularity']): SumPlan {
  const dimensions = new Set([...Object.keys(spec.filters), ...(spec.groupBy !== undefined ? [spec.groupBy] : [])]);
  const grain = coarsestGrain(bounds, granularity);
  if (spec.customerId !== undefined || dimensions.size > 1 || grain === undefined) return { kind: 'raw' };
  return { kind: 'rollup', grain, dimension: [...dimensions][0] ?? '' };
}

/** A summed row: bucket start (epoch ms; 0 for an opening balance), group, value. */
type Row = { t: number; g: string; v: number };

function rollupSql(spec: SumSpec, plan: SumPlan & { kind: 'rollup' }, from: number, to: number, buckets: Buckets | undefined, p: SqlParams): string {
  const where = [
    `tenant = ${p.add(spec.tenant)}`, `metric = ${p.add(spec.metric.name)}`, `dimension = ${p.add(plan.dimension)}`,
    `bucket >= ${p.add(iso(from), 'timestamptz')}`, `bucket < ${p.add(iso(to), 'timestamptz')}`,
  ];
  const values = plan.dimension === '' ? undefined : spec.filters[plan.dimension];
  if (values) where.push(`dim_value = ANY(${p.add(values, 'text[]')})`);
  const g = spec.groupBy !== undefined ? 'dim_value' : `''`;
  if (!buckets) return `SELECT 0::float8 AS t, ${g} AS g, sum(value)::float8 AS v FROM rollup_${plan.grain} WHERE ${where.join(' AND ')} GROUP BY 2`;
  // Coarsen in SQL when the grain is finer than the answer's buckets (fewer rows cross the wire).
  const t = plan.grain === buckets.granularity ? 'bucket' : truncSql('bucket', buckets.granularity, p.add(buckets.timezone));
  return `SELECT ${epochMs(t)} AS t, ${g} AS g, sum(value)::float8 AS v FROM rollup_${plan.grain} WHERE ${where.join(' AND ')} GROUP BY 1, 2`;
}

function rawSql(spec: SumSpec, from: number | undefined, to: number, buckets: Buckets | undefined, p: SqlParams): string {
  const relation = rawRelation(spec.metric, { tenant: spec.tenant, ...(spec.customerId !== undefined ? { customerId: spec.customerId } : {}) }, p);
  const where = [`at < ${p.add(iso(to), 'timestamptz')}`];
  if (from !== undefined) where.push(`at >= ${p.add(iso(from), 'timestamptz')}`);
  for (const [dimension, values] of Object.entries(spec.filters)) where.push(`${relation.column(dimension)} = ANY(${p.add(values, 'text[]')})`);
  const g = spec.groupBy !== undefined ? relation.column(spec.groupBy) : `''`;
  if (spec.groupBy !== undefined) where.push(`${g} IS NOT NULL`);
  const t = buckets ? epochMs(truncSql('at', buckets.granularity, p.add(buckets.timezone))) : '0::float8';
  return `SELECT ${t} AS t, ${g} AS g, sum(v)::float8 AS v FROM (${relation.sql}) r WHERE ${where.join(' AND ')} GROUP BY 1, 2`;
}

/** Sums of one stored metric per group and bucket; buckets without rows are 0. */
export async function readSums(db: SqlExecutor, spec: SumSpec, buckets: Buckets): Promise<SumResult> {
  const plan = planSums(spec, [...buckets.starts, buckets.to], buckets.granularity);
  const p = new SqlParams();
  const sql = plan.kind === 'rollup' ? rollupSql(spec, plan, buckets.from, buckets.to, buckets, p) : rawSql(spec, buckets.from, buckets.to, buckets, p);
  const rows = await db.query<Row>(sql, p.values);
  const groups = new Map<string, number[]>();
  for (const row of rows) {
    // Rows land in the bucket holding their start, so SQL's and our calendar can never disagree on a bucket.
    const i = buckets.indexOf(row.t);
    if (i < 0) continue;
    let values = groups.get(row.g);
    if (!values) groups.set(row.g, (values = new Array<number>(buckets.starts.length).fill(0)));
    values[i]! += row.v;
  }
  return { groups, source: plan.kind };
}

/**
 * Sums of one stored metric per group over everything before `before` (the opening balance of a running
 * total). From rollups: whole months, then days, then hours up to `before`; raw events when `before` is not
 * on an hour or the read needs them.
 */
export async function readSumsBefore(db: SqlExecutor, spec: SumSpec, before: number): Promise<SumResult> {
  const plan = planSums(spec, [before], 'hour');
  const groups = new Map<string, number[]>();
  const add = (rows: Row[]) => {
    for (const row of rows) {
      const values = groups.get(row.g);
      if (values) values[0]! += row.v;
      else groups.set(row.g, [row.v]);
    }
  };
  if (plan.kind === 'raw') {
    const p = new SqlParams();
    add(await db.query<Row>(rawSql(spec, undefined, before, undefined, p), p.values));
    return { groups, source: 'raw' };
  }
  const d = new Date(before);
  const month = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const day = before - (before % DAY_MS);
  const parts: [Grain, number, number][] = [['month', 0, month], ['day', month, day], ['hour', day, before]];
  const p = new SqlParams();
  const selects = parts
    .filter(([, from, to]) => from < to)
    .map(([grain, from, to]) => `(${rollupSql(spec, { kind: 'rollup', grain, dimension: plan.dimension }, from, to, undefined, p)})`);
  add(await db.query<Row>(selects.join(' UNION ALL '), p.values));
  return { groups, source: 'rollup' };
}
