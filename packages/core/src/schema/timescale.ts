/**
 * The TimescaleDB path, used when the store reports the extension (capabilities.timescale). It replaces
 * only what Timescale does better; the aggregator's rollup tables stay the source of every catalog metric
 * on all three paths, so the answers are the same.
 *
 * - `events` is a hypertable with one-day chunks (instead of monthly partitions), compressed after 7 days,
 *   segmented by tenant.
 * - `events_hourly`, `events_daily`, `events_monthly` are continuous aggregates of event counts and revenue
 *   by tenant, type and source, refreshed by policy and real-time (`materialized_only = false`), so they
 *   also answer for the newest, not yet materialised, buckets.
 * - A retention policy drops chunks `RETENTION_DAYS + 30` days old: a backstop behind the archiver, which
 *   archives and verifies raw events at `RETENTION_DAYS` and drops them itself (see README).
 *
 * Written for TimescaleDB 2.x on PostgreSQL 15 (the pre-2.13 `create_hypertable` signature, still accepted
 * by later 2.x releases).
 */
export function timescaleEventsSql(): string {
  const cagg = (name: string, width: string, offsets: { start: string; end: string; every: string }) => `
CREATE MATERIALIZED VIEW ${name} WITH (timescaledb.continuous) AS
  SELECT tenant, type, source, time_bucket(INTERVAL '${width}', occurred_at) AS bucket,
         count(*) AS events, sum(revenue_minor) AS revenue_minor
  FROM events
  GROUP BY tenant, type, source, time_bucket(INTERVAL '${width}', occurred_at)
  WITH NO DATA;
ALTER MATERIALIZED VIEW ${name} SET (timescaledb.materialized_only = false);
SELECT add_continuous_aggregate_policy('${name}',
  start_offset => INTERVAL '${offsets.start}', end_offset => INTERVAL '${offsets.end}',
  schedule_interval => INTERVAL '${offsets.every}');`;
  return `
SELECT create_hypertable('events', 'occurred_at', chunk_time_interval => INTERVAL '1 day');
CREATE INDEX events_tenant_time ON events (tenant, occurred_at DESC);
ALTER TABLE events SET (
  timescaledb.compress,
  timescaledb.compress_segmentby = 'tenant',
  timescaledb.compress_orderby = 'occurred_at DESC'
);
SELECT add_compression_policy('events', INTERVAL '7 days');
${cagg('events_hourly', '1 hour', { start: '3 days', end: '1 hour', every: '5 minutes' })}
${cagg('events_daily', '1 day', { start: '45 days', end: '1 day', every: '1 hour' })}
${cagg('events_monthly', '1 month', { start: '400 days', end: '1 month', every: '1 day' })}
`;
}

/** Sets the backstop retention policy on a Timescale `events` hypertable (idempotent). */
export function timescaleRetentionSql(retentionDays: number): string {
  const days = Math.floor(retentionDays) + 30;
  return `SELECT remove_retention_policy('events', if_exists => true);
SELECT add_retention_policy('events', drop_after => INTERVAL '${days} days');`;
}
