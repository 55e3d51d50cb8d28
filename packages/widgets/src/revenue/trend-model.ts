import type { QueryRequest, QueryResponse, QuerySeries } from '@tally/client-sdk';
import { toMajor } from './money.ts';

/** What `<revenue-trend>` shows of `mrr` or `arr`. */
export type Measure = 'mrr' | 'arr';

/** Inputs of {@link trendQuery}. */
export interface TrendInputs {
  measure: Measure;
  range: string;
  granularity: QueryRequest['granularity'];
  timezone: string | undefined;
  currency: string | undefined;
}

/**
 * The query behind a revenue trend. With a `currency` it filters on it; without one it splits by currency,
 * so the answer says which currencies there are (money values carry no currency of their own).
 */
export function trendQuery(inputs: TrendInputs): QueryRequest {
  const request: QueryRequest = { metric: inputs.measure, range: inputs.range };
  if (inputs.granularity !== undefined) request.granularity = inputs.granularity;
  if (inputs.timezone !== undefined) request.timezone = inputs.timezone;
  if (inputs.currency !== undefined) request.filters = { currency: [inputs.currency] };
  else request.groupBy = 'currency';
  return request;
}

/** The trend of one currency, in major units, ready to draw and tabulate. */
export interface Trend {
  /** The currency of the values, `null` when unknown (a plain number). */
  currency: string | null;
  /** Every currency the answer holds, largest last value first. */
  currencies: string[];
  starts: Date[];
  ends: Date[];
  values: (number | null)[];
  /** The last defined value, and the first: for the headline and its change. */
  last: number | undefined;
  first: number | undefined;
}

const lastDefined = (s: QuerySeries) => [...s.points].reverse().find((p) => p.v !== null)?.v ?? Number.NEGATIVE_INFINITY;

/**
 * Picks the series to show from a trend answer: the `currency` asked for, else the currency with the largest
 * last value (a tenant's main one). `undefined` when there is nothing to show.
 */
export function trendOf(response: QueryResponse, currency: string | undefined): Trend | undefined {
  const ranked = [...response.series].sort((a, b) => lastDefined(b) - lastDefined(a));
  const currencies = ranked.map((s) => s.group).filter((g): g is string => typeof g === 'string' && g !== '');
  const series = currency === undefined ? ranked[0] : (response.series.find((s) => s.group === currency) ?? response.series[0]);
  if (series === undefined || series.points.length === 0) return undefined;
  const code = currency ?? (series.group || null);
  const points = [...series.points].sort((a, b) => Date.parse(a.t) - Date.parse(b.t));
  const starts = points.map((p) => new Date(p.t));
  const to = Date.parse(response.meta.to);
  const ends = starts.map((s, i) => starts[i + 1] ?? new Date(Number.isFinite(to) && to > s.getTime() ? to : s.getTime() + 86_400_000));
  const values = points.map((p) => (p.v === null ? null : toMajor(p.v, code)));
  const defined = values.filter((v): v is number => v !== null);
  if (defined.length === 0) return undefined;
  return { currency: code, currencies, starts, ends, values, last: defined.at(-1), first: defined[0] };
}
