import { GRANULARITIES, type Granularity, type QueryRequest } from '@tally/client-sdk';
import { isTimeZone } from './charts/time-format.ts';
import type { TallyErrorDetail } from './events.ts';

/** The query attributes of a data widget, as set (strings from attributes, or the `filters` object). */
export interface MetricQueryInputs {
  metric: string | undefined;
  range: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  granularity?: string | undefined;
  groupBy?: string | undefined;
  filters?: string | Readonly<Record<string, readonly string[]>> | undefined;
  compare: string | undefined;
  timezone: string | undefined;
}

/** A valid query, or the first attribute that is wrong. */
export type MetricQueryResult = { ok: true; request: QueryRequest } | { ok: false; problem: TallyErrorDetail };

const METRIC = /^[a-z][a-z0-9_]{0,99}$/;
const RANGE = /^[1-9]\d{0,5}(h|d|mo)$/;
const DIMENSION = /^[A-Za-z_][\w.-]{0,99}$/;

/**
 * Turns a widget's query attributes into a `QueryRequest`, checking what the server would reject so the
 * widget can name the attribute. `from` and `to` (ISO instants) together replace `range`. `compare` is
 * `previous_period` (or present and empty) or `none`; when absent, `defaultCompare` applies.
 *
 * @example
 * metricQuery({ metric: 'mrr', range: '90d', compare: undefined, timezone: 'Europe/Paris' }, 'none');
 * // { ok: true, request: { metric: 'mrr', range: '90d', timezone: 'Europe/Paris' } }
 */
export function metricQuery(inputs: MetricQueryInputs, defaultCompare: 'previous_period' | 'none', defaultRange = '30d'): MetricQueryResult {
  const metric = inputs.metric?.trim() ?? '';
  if (metric === '') return fail('metric', 'missing metric: set the metric attribute, e.g. metric="mrr"');
  if (!METRIC.test(metric)) return fail('metric', `invalid metric: ${show(metric)}; expected a catalog name such as mrr`);
  const request: QueryRequest = { metric, range: defaultRange };

  const from = inputs.from?.trim() || undefined;
  const to = inputs.to?.trim() || undefined;
  if (from !== undefined || to !== undefined) {
    const start = Date.parse(from ?? '');
    const end = Date.parse(to ?? '');
    if (Number.isNaN(start)) return fail('from', `invalid from: ${show(from ?? '')}; expected an ISO date such as 2026-01-01`);
    if (Number.isNaN(end)) return fail('to', `invalid to: ${show(to ?? '')}; expected an ISO date such as 2026-02-01`);
    if (!(start < end)) return fail('to', 'invalid to: must be after from');
    request.range = { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
  } else if (inputs.range?.trim()) {
    const range = inputs.range.trim();
    if (!RANGE.test(range)) return fail('range', `invalid range: ${show(range)}; expected a relative range such as 24h, 7d, 90d or 12mo`);
    request.range = range;
  }

  const granularity = inputs.granularity?.trim();
  if (granularity) {
    if (!(GRANULARITIES as readonly string[]).includes(granularity)) {
      return fail('granularity', `invalid granularity: ${show(granularity)}; expected hour, day, week or month`);
    }
    request.granularity = granularity as Granularity;
  }

  const groupBy = inputs.groupBy?.trim();
  if (groupBy) {
    if (!DIMENSION.test(groupBy)) return fail('group-by', `invalid group-by: ${show(groupBy)}; expected a dimension name such as plan`);
    request.groupBy = groupBy;
  }

  const filters = parseFilters(inputs.filters);
  if (typeof filters === 'string') return fail('filters', filters);
  if (filters !== undefined) request.filters = filters;

  const compare = inputs.compare?.trim();
  const wanted = compare === undefined ? defaultCompare : compare === '' ? 'previous_period' : compare;
  if (wanted !== 'previous_period' && wanted !== 'none') {
    return fail('compare', `invalid compare: ${show(compare)}; expected previous_period or none`);
  }
  if (wanted === 'previous_period') request.compare = 'previous_period';

  const timezone = inputs.timezone?.trim();
  if (timezone) {
    if (!isTimeZone(timezone)) return fail('timezone', `invalid timezone: ${show(timezone)}; expected an IANA time zone such as Europe/Paris`);
    request.timezone = timezone;
  }
  return { ok: true, request };
}

/** The filters object, undefined when none, or the message of what is wrong. */
function parseFilters(input: MetricQueryInputs['filters']): Record<string, string[]> | undefined | string {
  if (input === undefined || input === null || (typeof input === 'string' && input.trim() === '')) return undefined;
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      return `invalid filters: not JSON; expected an object such as {"plan":["pro"]}`;
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `invalid filters: expected an object of dimension → list of values, such as {"plan":["pro"]}`;
  }
  const out: Record<string, string[]> = {};
  for (const [dimension, values] of Object.entries(value)) {
    if (!DIMENSION.test(dimension)) return `invalid filters: ${show(dimension)} is not a dimension name`;
    if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string')) {
      return `invalid filters: ${dimension} must be a non-empty list of strings`;
    }
    out[dimension] = [...(values as string[])];
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

function fail(attribute: string, message: string): MetricQueryResult {
  return { ok: false, problem: { code: 'invalid_attribute', attribute, message } };
}

function show(input: unknown): string {
  return typeof input === 'string' ? JSON.stringify(input) : String(input);
}
