import type { QueryMeta } from '@tally/client-sdk';
import { getMetric, type MetricDefinition, type MetricSource, type SqlExecutor, type StoredMetric } from '@tally/core';
import { readActivity } from './activity-sql.ts';
import type { Buckets } from './buckets.ts';
import { readHealthHistogram, readMedianFirstResponse } from './state-sql.ts';
import { readSums, readSumsBefore, type SumSpec } from './stored-sums.ts';
import type { ZonedCalendar } from './zoned-calendar.ts';

export type Source = QueryMeta['sources'][number];

/** One group's values over the buckets. */
export interface GroupSeries {
  values: (number | null)[];
  total: number | null;
  /** Running totals only: the value at each bucket's start and at the range's start (`at: 'period_start'`). */
  atStart?: { values: number[]; total: number };
}

/** A metric evaluated over the buckets: per group ('' when not split), and the layers that answered. */
export interface Evaluation {
  groups: Map<string, GroupSeries>;
  /** Whether `groups` follow the request's groupBy; an ungrouped operand of a ratio applies to every group. */
  grouped: boolean;
  sources: Set<Source>;
}

/** Everything one evaluation needs. */
export interface EvalContext {
  db: SqlExecutor;
  tenant: string;
  buckets: Buckets;
  calendar: ZonedCalendar;
  now: number;
  /** Dimension filters, all on dimensions of the metric being evaluated. */
  filters: Readonly<Record<string, readonly string[]>>;
  groupBy?: string;
  customerId?: string;
}

/** The context for an operand metric: only the filters and groupBy on dimensions it has. */
function narrow(ctx: EvalContext, metric: MetricDefinition): EvalContext {
  const filters = Object.fromEntries(Object.entries(ctx.filters).filter(([d]) => metric.dimensions.includes(d)));
  const { groupBy, ...rest } = ctx;
  return { ...rest, filters, ...(groupBy !== undefined && metric.dimensions.includes(groupBy) ? { groupBy } : {}) };
}

/** A slice's fixed values AND-ed with the request's: same dimension → intersection. */
function mergeFilters(a: Readonly<Record<string, readonly string[]>>, b: Readonly<Record<string, readonly string[]>>): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = { ...a };
  for (const [d, values] of Object.entries(b)) out[d] = out[d] ? out[d].filter((v) => values.includes(v)) : values;
  return out;
}

/** The stored metric under a collected, computed or slice metric, and the slice's fixed values. */
function storedOf(metric: MetricDefinition): { stored: StoredMetric; where: Readonly<Record<string, readonly string[]>> } {
  const { source } = metric;
  if (source.kind === 'collected' || source.kind === 'computed') return { stored: metric as StoredMetric, where: {} };
  if (source.kind === 'slice') {
    const inner = storedOf(getMetric(source.of));
    return { stored: inner.stored, where: mergeFilters(inner.where, source.where) };
  }
  throw new Error(`${metric.name} is not a stored metric or a slice of one`);
}

function sumSpec(metric: MetricDefinition, ctx: EvalContext): SumSpec {
  const { stored, where } = storedOf(metric);
  return {
    tenant: ctx.tenant,
    metric: stored,
    filters: mergeFilters(where, ctx.filters),
    ...(ctx.groupBy !== undefined ? { groupBy: ctx.groupBy } : {}),
    ...(ctx.customerId !== undefined ? { customerId: ctx.customerId } : {}),
  };
}

const zeros = (n: number) => new Array<number>(n).fill(0);
const single = (ctx: EvalContext, series: GroupSeries): Map<string, GroupSeries> => new Map(ctx.groupBy === undefined ? [['', series]] : []);

async function sums(metric: MetricDefinition, ctx: EvalContext): Promise<Evaluation> {
  const result = await readSums(ctx.db, sumSpec(metric, ctx), ctx.buckets);
  const groups = result.groups.size > 0 ? new Map<string, GroupSeries>() : single(ctx, { values: zeros(ctx.buckets.starts.length), total: 0 });
  for (const [g, values] of result.groups) groups.set(g, { values, total: values.reduce((a, b) => a + b, 0) });
  return { groups, grouped: ctx.groupBy !== undefined, sources: new Set([result.source]) };
}

/** Value at each bucket's end = everything before the range + the running sum within it. */
async function cumulative(source: Extract<MetricSource, { kind: 'cumulative' }>, ctx: EvalContext): Promise<Evaluation> {
  const spec = sumSpec(getMetric(source.of), ctx);
  const [inRange, before] = await Promise.all([readSums(ctx.db, spec, ctx.buckets), readSumsBefore(ctx.db, spec, ctx.buckets.from)]);
  const n = ctx.buckets.starts.length;
  const keys = new Set([...before.groups.keys(), ...inRange.groups.keys(), ...(ctx.groupBy === undefined ? [''] : [])]);
  const groups = new Map<string, GroupSeries>();
  for (const g of keys) {
    const base = before.groups.get(g)?.[0] ?? 0;
    const deltas = inRange.groups.get(g) ?? zeros(n);
    const values: number[] = [];
    const starts: number[] = [];
    let running = base;
    for (const delta of deltas) {
      starts.push(running);
      running += delta;
      values.push(running);
    }
    groups.set(g, { values, total: running, atStart: { values: starts, total: base } });
  }
  return { groups, grouped: ctx.groupBy !== undefined, sources: new Set([inRange.source, before.source]) };
}

async function scaled(source: Extract<MetricSource, { kind: 'scaled' }>, ctx: EvalContext): Promise<Evaluation> {
  const inner = await evaluate(getMetric(source.of), ctx);
  const times = (v: number | null) => (v === null ? null : v * source.factor);
  for (const series of inner.groups.values()) {
    series.values = series.values.map(times);
    series.total = times(series.total);
    if (series.atStart) series.atStart = { values: series.atStart.values.map((v) => v * source.factor), total: series.atStart.total * source.factor };
  }
  return inner;
}

async function activity(source: Extract<MetricSource, { kind: 'active_users' | 'feature_users' }>, ctx: EvalContext): Promise<Evaluation> {
  const result = await readActivity(ctx.db, {
    tenant: ctx.tenant,
    of: source.kind === 'active_users' ? 'users' : 'features',
    ...(source.kind === 'active_users' ? { windowDays: source.windowDays } : {}),
    filters: ctx.filters,
    ...(ctx.groupBy !== undefined ? { groupBy: ctx.groupBy } : {}),
    ...(ctx.customerId !== undefined ? { customerId: ctx.customerId } : {}),
  }, ctx.buckets, ctx.calendar);
  const groups = result.groups.size > 0 ? new Map<string, GroupSeries>() : single(ctx, { values: zeros(ctx.buckets.starts.length), total: 0 });
  for (const [g, values] of result.groups) groups.set(g, { values, total: result.totals.get(g) ?? 0 });
  return { groups, grouped: ctx.groupBy !== undefined, sources: new Set([result.source]) };
}

/** numerator ÷ denominator (+ offset); null when the denominator is 0 or missing. */
async function ratio(source: Extract<MetricSource, { kind: 'ratio' }>, ctx: EvalContext): Promise<Evaluation> {
  const numMetric = getMetric(source.numerator.metric);
  const denMetric = getMetric(source.denominator.metric);
  const [num, den] = await Promise.all([evaluate(numMetric, narrow(ctx, numMetric)), evaluate(denMetric, narrow(ctx, denMetric))]);
  const offset = source.offset ?? 0;
  const divide = (a: number | null | undefined, b: number | null | undefined) => (a == null || b == null || b === 0 ? null : a / b + offset);
  const atStart = source.denominator.at === 'period_start';
  const n = ctx.buckets.starts.length;
  const keys = ctx.groupBy === undefined ? [''] : [...new Set([...(num.grouped ? num.groups.keys() : []), ...(den.grouped ? den.groups.keys() : [])])];
  const groups = new Map<string, GroupSeries>();
  for (const g of keys) {
    const a = num.groups.get(num.grouped ? g : '') ?? { values: zeros(n), total: 0 };
    const b = den.groups.get(den.grouped ? g : '');
    if (atStart && b && !b.atStart) throw new Error(`${denMetric.name} has no value at period start`);
    const bValues = b ? (atStart ? b.atStart!.values : b.values) : [];
    const bTotal = b ? (atStart ? b.atStart!.total : b.total) : null;
    groups.set(g, { values: a.values.map((v, i) => divide(v, bValues[i])), total: divide(a.total, bTotal) });
  }
  return { groups, grouped: ctx.groupBy !== undefined, sources: new Set([...num.sources, ...den.sources]) };
}

async function state(source: Extract<MetricSource, { kind: 'state' }>, ctx: EvalContext): Promise<Evaluation> {
  const customer = ctx.customerId !== undefined ? { customerId: ctx.customerId } : {};
  const n = ctx.buckets.starts.length;
  if (source.aggregate === 'median') {
    const result = await readMedianFirstResponse(ctx.db, { tenant: ctx.tenant, filters: ctx.filters, ...(ctx.groupBy !== undefined ? { groupBy: ctx.groupBy } : {}), ...customer }, ctx.buckets);
    const groups = result.groups.size > 0 ? new Map<string, GroupSeries>() : single(ctx, { values: new Array<number | null>(n).fill(null), total: null });
    for (const [g, values] of result.groups) groups.set(g, { values, total: result.totals.get(g) ?? null });
    return { groups, grouped: ctx.groupBy !== undefined, sources: new Set(['state']) };
  }
  // Health scores are current state with no history: the distribution fills the bucket holding now, and a
  // range that does not hold now (a previous period) has no values at all.
  const counts = await readHealthHistogram(ctx.db, { tenant: ctx.tenant, bins: source.bins ?? [0, 20, 40, 60, 80, 101], filters: ctx.filters, ...customer });
  const current = ctx.buckets.indexOf(ctx.now);
  const groups = new Map<string, GroupSeries>();
  for (const [label, count] of counts) {
    groups.set(label, { values: Array.from({ length: n }, (_, i) => (i === current ? count : null)), total: current < 0 ? null : count });
  }
  return { groups, grouped: true, sources: new Set(['state']) };
}

/** Evaluates any catalog metric over the context's buckets, from the coarsest layer that serves it. */
export async function evaluate(metric: MetricDefinition, ctx: EvalContext): Promise<Evaluation> {
  const { source } = metric;
  switch (source.kind) {
    case 'collected':
    case 'computed':
    case 'slice':
      return sums(metric, ctx);
    case 'cumulative':
      return cumulative(source, ctx);
    case 'scaled':
      return scaled(source, ctx);
    case 'active_users':
    case 'feature_users':
      return activity(source, ctx);
    case 'ratio':
      return ratio(source, ctx);
    case 'state':
      return state(source, ctx);
  }
}
