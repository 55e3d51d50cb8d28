/**
 * The live layer's cache layout, shared by the aggregator (writer) and the query planner (reader).
 * Every key is namespaced further by the cache adapter's prefix.
 */

/** Pub/sub channel the aggregator publishes to after each applied batch. */
export const METRIC_CHANGED_CHANNEL = 'metric-changed';

/** The message on {@link METRIC_CHANGED_CHANNEL}: which metrics of one tenant changed, over which event times. */
export interface MetricChangedMessage {
  tenant: string;
  metrics: string[];
  /** Earliest and latest event time (ISO) among the changes: a late event makes `from` old. */
  from: string;
  to: string;
  /** When the batch was applied (ISO). */
  appliedAt: string;
}

/** How many days of day-rollup rows the cache mirrors (rolling 30-day windows need 30 plus today). */
export const LIVE_ROLLUP_DAYS = 35;
/** How long hourly and daily active-user HyperLogLogs live. */
export const LIVE_HLL_HOUR_TTL_MS = 48 * 3_600_000;
export const LIVE_HLL_DAY_TTL_MS = LIVE_ROLLUP_DAYS * 86_400_000;

/**
 * A mirrored `rollup_day` row: written with `setNewer(rev, "<value>,<count>")`, so the newest revision
 * wins whatever order processors deliver in. `day` is `YYYY-MM-DD`; `dimension` '' is the total.
 */
export function liveRollupKey(tenant: string, metric: string, day: string, dimension: string, dimValue: string): string {
  return `live:r:${tenant}:${metric}:${day}:${dimension}=${dimValue}`;
}

/** HyperLogLog of active users of one UTC hour (`2026-11-25T14`) or day (`2026-11-25`). */
export function liveActiveUsersKey(tenant: string, grain: 'hour' | 'day', bucket: string): string {
  return `live:au:${tenant}:${grain}:${bucket}`;
}

/** The newest `receivedAt` applied for a tenant: setNewer(epoch ms, ISO). Data freshness for answers. */
export function liveWatermarkKey(tenant: string): string {
  return `live:wm:${tenant}`;
}
