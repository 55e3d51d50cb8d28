/**
 * The shape of a metric definition. The catalog (catalog.ts) is a list of these; the aggregator collects
 * every `collected` metric from events without metric-specific code, and the query planner evaluates the
 * other kinds from those collected measures, `user_activity_daily` and the current-state tables.
 */

/** Access classes. Roles grant classes; a metric is readable when the role holds its class. */
export const SENSITIVITIES = ['general', 'product', 'finance', 'support', 'customer'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

export type MetricUnit = 'count' | 'users' | 'money' | 'ratio' | 'seconds' | 'score';

/**
 * Where a value is read from an event: a top-level field (`type`, `source`, `customerId`, `userId`),
 * `revenue.amountMinor` / `revenue.currency`, or `properties.<name>` (one level, or dotted deeper).
 */
export type EventPath = string;

/** A dimension of a collected metric: its public name and where its value comes from. */
export interface DimensionSource {
  name: string;
  from: EventPath;
}

/** Which events a collected metric counts. All given conditions must hold. */
export interface EventMatch {
  /** Exact canonical types. */
  types?: readonly string[];
  /** A type prefix such as `product.`. */
  typePrefix?: string;
  /** A property value among these (compared after String()). */
  where?: { path: EventPath; in: readonly (string | number)[] };
}

/**
 * Kinds of metric:
 * - `collected`: summed into rollups (hour, day, month) per total and per dimension value. `value` is the
 *   number each matching event adds (1 when absent); `negate` flips its sign (refunds arrive negative).
 * - `computed`: summed into rollups like `collected`, but the contributions come from the aggregator's
 *   state step (MRR movements need the customer's MRR before the event). `computedBy` names the producer.
 * - `slice`: a collected or computed metric with fixed dimension values (new MRR = movements of kind new).
 * - `cumulative`: the running total of a metric's sum up to each bucket's end (MRR from movements).
 * - `scaled`: another metric times a factor (ARR = MRR × 12).
 * - `active_users`: distinct users in `user_activity_daily` over a trailing window of days.
 * - `feature_users`: distinct users of one feature (`feature_activity_daily`).
 * - `ratio`: numerator ÷ denominator, each a metric reference; `offset` is added (NRR = 1 + Δ ÷ start MRR).
 * - `state`: an aggregate over a current-state table (median first response, health score distribution).
 */
export type MetricSource =
  | { kind: 'collected'; match: EventMatch; value?: { from: EventPath; negate?: boolean }; dimensions: readonly DimensionSource[] }
  | { kind: 'computed'; computedBy: 'mrr_movements' | 'customer_movements'; dimensions: readonly DimensionSource[] }
  | { kind: 'slice'; of: string; where: Readonly<Record<string, readonly string[]>> }
  | { kind: 'cumulative'; of: string }
  | { kind: 'scaled'; of: string; factor: number }
  | { kind: 'active_users'; windowDays: number }
  | { kind: 'feature_users' }
  | { kind: 'ratio'; numerator: MetricRef; denominator: MetricRef; offset?: number }
  | { kind: 'state'; table: 'tickets' | 'customer_health'; aggregate: 'median' | 'histogram'; column: string; time: string; bins?: readonly number[] };

/** A metric used inside another: by name, optionally valued at the start of the period instead of over it. */
export interface MetricRef {
  metric: string;
  at?: 'period' | 'period_start';
}

/** How values of one bucket combine across buckets and dimension values. */
export type Aggregation = 'sum' | 'distinct' | 'last' | 'ratio' | 'median' | 'histogram';

/** One metric of the catalog. */
export interface MetricDefinition {
  /** Identifier used by queries and rollups: lower-case with underscores. */
  name: string;
  title: string;
  description: string;
  unit: MetricUnit;
  aggregation: Aggregation;
  sensitivity: Sensitivity;
  /** Dimensions a query may filter or group by. */
  dimensions: readonly string[];
  source: MetricSource;
}
