import type { SqlExecutor } from '@tally/core';
import type { ActivityDeltas } from './activity-deltas.ts';
import { GRAINS, type Grain } from './buckets.ts';
import type { RollupDelta, RollupDeltas } from './rollup-deltas.ts';
import type { NewPresence } from './window-writer.ts';

/** A rollup row after the upsert: its new totals and its revision (bumped by every change). */
export interface RollupRow extends RollupDelta {
  rev: number;
}

const upsertRollup = (grain: Grain) => `
INSERT INTO rollup_${grain} AS r (tenant, metric, bucket, dimension, dim_value, value, count)
SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::bigint[], $7::bigint[])
ON CONFLICT (tenant, metric, bucket, dimension, dim_value)
DO UPDATE SET value = r.value + excluded.value, count = r.count + excluded.count, rev = r.rev + 1
RETURNING tenant, metric, (extract(epoch FROM bucket) * 1000)::bigint AS bucket_ms, dimension, dim_value, value, count, rev`;

const INSERT_USERS = `
INSERT INTO user_activity_daily (tenant, day, user_id, customer_id)
SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::text[])
ON CONFLICT DO NOTHING
RETURNING tenant, user_id, customer_id, (day - DATE '1970-01-01') AS d`;

const INSERT_FEATURES = `
INSERT INTO feature_activity_daily (tenant, day, feature, user_id, customer_id)
SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::text[])
ON CONFLICT DO NOTHING`;

/**
 * Applies a batch's pre-aggregated rollup changes (one upsert statement per grain) and resolves with the
 * day rows as they now stand, for the live cache's mirror.
 */
export async function writeRollups(tx: SqlExecutor, deltas: RollupDeltas): Promise<RollupRow[]> {
  let dayRows: RollupRow[] = [];
  for (const grain of GRAINS) {
    const rows = deltas.rows(grain);
    if (rows.length === 0) continue;
    const result = await tx.query<{ tenant: string; metric: string; bucket_ms: number; dimension: string; dim_value: string; value: number; count: number; rev: number }>(
      upsertRollup(grain),
      [
        rows.map((r) => r.tenant),
        rows.map((r) => r.metric),
        rows.map((r) => new Date(r.bucketMs).toISOString()),
        rows.map((r) => r.dimension),
        rows.map((r) => r.dimValue),
        rows.map((r) => r.value),
        rows.map((r) => r.count),
      ],
    );
    if (grain === 'day') {
      dayRows = result.map((r) => ({
        tenant: r.tenant,
        metric: r.metric,
        bucketMs: Number(r.bucket_ms),
        dimension: r.dimension,
        dimValue: r.dim_value,
        value: Number(r.value),
        count: Number(r.count),
        rev: Number(r.rev),
      }));
    }
  }
  return dayRows;
}

/**
 * Writes a batch's new `user_activity_daily` and `feature_activity_daily` rows (present ones are kept) and
 * resolves with the user rows that were not there before.
 */
export async function writeActivity(tx: SqlExecutor, deltas: ActivityDeltas): Promise<NewPresence[]> {
  const users = deltas.users();
  let added: NewPresence[] = [];
  if (users.length > 0) {
    const rows = await tx.query<{ tenant: string; user_id: string; customer_id: string; d: number }>(INSERT_USERS, [
      users.map((r) => r.tenant),
      users.map((r) => r.day),
      users.map((r) => r.userId),
      users.map((r) => r.customerId),
    ]);
    added = rows.map((r) => ({ tenant: r.tenant, userId: r.user_id, customerId: r.customer_id, day: Number(r.d) }));
  }
  const features = deltas.features();
  if (features.length > 0) {
    await tx.query(INSERT_FEATURES, [
      features.map((r) => r.tenant),
      features.map((r) => r.day),
      features.map((r) => r.feature),
      features.map((r) => r.userId),
      features.map((r) => r.customerId),
    ]);
  }
  return added;
}
