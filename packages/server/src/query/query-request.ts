import { GRANULARITIES, type Granularity } from '@tally/client-sdk';
import { getMetric, TallyError, type MetricDefinition } from '@tally/core';
import { z } from 'zod';
import type { RangeSpec } from './buckets.ts';
import { canonicalTimeZone } from './zoned-calendar.ts';

/** A validated query: the catalog metric, a range not yet resolved against the clock, sorted filters. */
export interface ParsedQuery {
  metric: MetricDefinition;
  range: RangeSpec;
  granularity: Granularity;
  /** Dimension → sorted distinct values; dimensions in name order. */
  filters: Record<string, string[]>;
  groupBy?: string;
  compare: boolean;
  /** Canonical IANA name. */
  timezone: string;
}

/** Longest range: five years (and a day for leap years). */
const MAX_RANGE_MS = (5 * 365 + 2) * 86_400_000;
const RELATIVE_LIMITS = { h: 5 * 365 * 24, d: 5 * 366, mo: 60 } as const;
const UNITS = { h: 'hour', d: 'day', mo: 'month' } as const;
const MAX_FILTER_VALUES = 100;

const instant = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 instant with a zone, e.g. 2026-11-01T00:00:00Z' });

export const requestSchema = z.strictObject({
  metric: z.string().min(1).max(100),
  range: z.union([
    z.string().regex(/^[1-9]\d{0,5}(h|d|mo)$/, 'expected a relative range such as 24h, 7d, 90d or 12mo, or { from, to }'),
    z.strictObject({ from: instant, to: instant }),
  ], { error: 'expected a relative range such as 24h, 7d, 90d or 12mo, or { from, to }' }),
  granularity: z.enum(GRANULARITIES as [Granularity, ...Granularity[]]).default('day'),
  filters: z.record(z.string().max(100), z.array(z.string().max(200)).min(1).max(MAX_FILTER_VALUES)).default({}),
  groupBy: z.string().max(100).optional(),
  compare: z.literal('previous_period').optional(),
  // IANA names only: Postgres reads a bare offset such as `+05:30` with the POSIX (inverted) sign.
  timezone: z.string().max(100).regex(/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/, 'expected an IANA time zone such as Europe/Paris').default('UTC'),
});

function fail(field: string, message: string): never {
  throw new TallyError('validation_failed', `${field}: ${message}`, { field });
}

function parseRange(range: string | { from: string; to: string }): RangeSpec {
  if (typeof range === 'string') {
    const [, digits, unit] = /^(\d+)(h|d|mo)$/.exec(range)! as unknown as [string, string, keyof typeof UNITS];
    const n = Number(digits);
    if (n > RELATIVE_LIMITS[unit]) fail('range', `at most five years (${RELATIVE_LIMITS[unit]}${unit})`);
    return { kind: 'relative', n, unit: UNITS[unit] };
  }
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  if (!(from < to)) fail('range.to', 'must be after range.from');
  if (to - from > MAX_RANGE_MS) fail('range', 'at most five years');
  return { kind: 'absolute', from, to };
}

/**
 * Turns an untrusted request body into a {@link ParsedQuery}. Throws `validation_failed` with a message and
 * `field` naming the first offending field: an unknown metric, a bad range, granularity or time zone, or a
 * filter or groupBy on a dimension the metric does not have.
 */
export function parseQueryRequest(input: unknown): ParsedQuery {
  const parsed = requestSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const field = [...issue.path, ...keys.slice(0, 1)].join('.') || 'body';
    fail(field, keys.length > 0 ? 'unknown field' : issue.message);
  }
  const body = parsed.data;
  const metric = getMetric(body.metric, 'metric');
  const range = parseRange(body.range);
  const timezone = canonicalTimeZone(body.timezone);
  if (timezone === undefined) fail('timezone', `unknown IANA time zone ${JSON.stringify(body.timezone)}`);
  const filters: Record<string, string[]> = {};
  for (const dimension of Object.keys(body.filters).sort()) {
    if (!metric.dimensions.includes(dimension)) fail(`filters.${dimension}`, `${metric.name} has no dimension ${JSON.stringify(dimension)} (it has: ${metric.dimensions.join(', ') || 'none'})`);
    filters[dimension] = [...new Set(body.filters[dimension])].sort();
  }
  if (body.groupBy !== undefined && !metric.dimensions.includes(body.groupBy)) {
    fail('groupBy', `${metric.name} has no dimension ${JSON.stringify(body.groupBy)} (it has: ${metric.dimensions.join(', ') || 'none'})`);
  }
  if (body.groupBy !== undefined && metric.aggregation === 'histogram') fail('groupBy', `${metric.name} is already split by score band`);
  return {
    metric,
    range,
    granularity: body.granularity,
    filters,
    ...(body.groupBy !== undefined ? { groupBy: body.groupBy } : {}),
    compare: body.compare === 'previous_period',
    timezone: timezone === 'Etc/UTC' || timezone === 'Etc/GMT' ? 'UTC' : timezone,
  };
}
