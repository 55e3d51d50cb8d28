/** Path of the query endpoint. */
export const QUERY_PATH = '/v1/query';

export type Granularity = 'hour' | 'day' | 'week' | 'month';
export const GRANULARITIES: readonly Granularity[] = Object.freeze(['hour', 'day', 'week', 'month']);

/**
 * A query of one catalog metric.
 *
 * @example
 * { "metric": "mrr", "range": "90d", "granularity": "week", "compare": "previous_period", "timezone": "Europe/Paris" }
 */
export interface QueryRequest {
  metric: string;
  /** Relative (`24h`, `7d`, `90d`, `12mo`, ending now) or absolute `{ from, to }` ISO instants (`to` exclusive). */
  range: string | { from: string; to: string };
  /** @default 'day' */
  granularity?: Granularity;
  /** Dimension filters: each value list is OR-ed, dimensions AND-ed. Only the metric's allowed dimensions. */
  filters?: Record<string, string[]>;
  /** One allowed dimension to split the series by. */
  groupBy?: string;
  compare?: 'previous_period';
  /** IANA zone for bucket boundaries. @default 'UTC' */
  timezone?: string;
}

/** One point of a series: the bucket's start (ISO) and its value (null when undefined, e.g. 0 ÷ 0). */
export interface QueryPoint {
  t: string;
  v: number | null;
}

export interface QuerySeries {
  /** The group's dimension value; absent without `groupBy`. */
  group?: string;
  points: QueryPoint[];
  /** The metric over the whole range (sum, distinct count, last value or ratio, per its aggregation). */
  total: number | null;
}

/** Where the answer came from and how fresh it is. */
export interface QueryMeta {
  metric: string;
  unit: string;
  from: string;
  to: string;
  granularity: Granularity;
  timezone: string;
  /** Which layers answered: `cache` (live edge), `rollup`, `raw` events, `state` tables. */
  sources: ('cache' | 'rollup' | 'raw' | 'state')[];
  /** The newest ingest time (ISO) reflected in the answer; null when nothing was processed yet. */
  freshAt: string | null;
}

/** Answer of `POST /v1/query`. */
export interface QueryResponse {
  series: QuerySeries[];
  /** The same series over the previous period of equal length, when `compare` was asked. */
  previous?: QuerySeries[];
  meta: QueryMeta;
}

/** True when `value` has the outer shape of a {@link QueryResponse} (series and meta; points are not walked). */
export function isQueryResponse(value: unknown): value is QueryResponse {
  if (typeof value !== 'object' || value === null) return false;
  const { series, previous, meta } = value as Record<string, unknown>;
  if (!Array.isArray(series) || (previous !== undefined && !Array.isArray(previous))) return false;
  if (typeof meta !== 'object' || meta === null) return false;
  const { metric, granularity } = meta as Record<string, unknown>;
  return typeof metric === 'string' && (GRANULARITIES as readonly unknown[]).includes(granularity);
}
