import {
  affectedMetrics,
  LIVE_HLL_DAY_TTL_MS, LIVE_HLL_HOUR_TTL_MS, LIVE_ROLLUP_DAYS, liveActiveUsersKey, liveRollupKey, liveWatermarkKey,
  type CacheOp, type CanonicalEvent, type MetricChangedMessage,
} from '@tally/core';
import type { RollupRow } from './aggregate-writer.ts';
import { isActivity } from './activity-deltas.ts';
import { bucketStart, utcDay } from './buckets.ts';

const DAY_MS = 86_400_000;

/**
 * The cache writes of one applied batch, pre-aggregated: one op per key. Day rollup rows of the last
 * {@link LIVE_ROLLUP_DAYS} days are mirrored with their revision (today's counters, rolling revenue);
 * active users go into hourly and daily HyperLogLogs; each tenant's watermark moves to the newest
 * `receivedAt` applied.
 */
export function liveCacheOps(dayRows: readonly RollupRow[], events: readonly CanonicalEvent[], nowMs: number): CacheOp[] {
  const ops: CacheOp[] = [];
  const oldestDay = bucketStart('day', nowMs) - (LIVE_ROLLUP_DAYS - 1) * DAY_MS;
  for (const r of dayRows) {
    if (r.bucketMs < oldestDay) continue;
    const ttlMs = r.bucketMs + (LIVE_ROLLUP_DAYS + 1) * DAY_MS - nowMs;
    ops.push({ op: 'setNewer', key: liveRollupKey(r.tenant, r.metric, utcDay(r.bucketMs), r.dimension, r.dimValue), version: r.rev, value: `${r.value},${r.count}`, ttlMs });
  }

  const users = new Map<string, { members: Set<string>; ttlMs: number }>();
  const watermarks = new Map<string, number>();
  for (const e of events) {
    const received = Date.parse(e.receivedAt);
    if (received > (watermarks.get(e.tenant) ?? 0)) watermarks.set(e.tenant, received);
    if (!isActivity(e)) continue;
    const at = Date.parse(e.occurredAt);
    const hour = bucketStart('hour', at);
    const day = bucketStart('day', at);
    if (hour + LIVE_HLL_HOUR_TTL_MS > nowMs) add(users, liveActiveUsersKey(e.tenant, 'hour', new Date(hour).toISOString().slice(0, 13)), e.userId, hour + LIVE_HLL_HOUR_TTL_MS - nowMs);
    if (day + LIVE_HLL_DAY_TTL_MS > nowMs) add(users, liveActiveUsersKey(e.tenant, 'day', utcDay(day)), e.userId, day + LIVE_HLL_DAY_TTL_MS - nowMs);
  }
  for (const [key, { members, ttlMs }] of users) ops.push({ op: 'pfAdd', key, members: [...members], ttlMs });
  for (const [tenant, ms] of watermarks) ops.push({ op: 'setNewer', key: liveWatermarkKey(tenant), version: ms, value: new Date(ms).toISOString() });
  return ops;
}

function add(map: Map<string, { members: Set<string>; ttlMs: number }>, key: string, member: string, ttlMs: number): void {
  const entry = map.get(key);
  if (entry) entry.members.add(member);
  else map.set(key, { members: new Set([member]), ttlMs });
}

/** Per tenant: the inputs a batch changed and the event-time range it covered. */
export interface TenantChanges {
  stored: Set<string>;
  activity: boolean;
  features: boolean;
  tables: Set<'tickets' | 'customers'>;
  fromMs: number;
  toMs: number;
}

/** One "metric changed" message per tenant, naming every catalog metric whose answer may have moved. */
export function metricChangedMessages(changes: Map<string, TenantChanges>, appliedAtMs: number): MetricChangedMessage[] {
  const appliedAt = new Date(appliedAtMs).toISOString();
  return [...changes.entries()].map(([tenant, c]) => ({
    tenant,
    metrics: affectedMetrics(c),
    from: new Date(c.fromMs).toISOString(),
    to: new Date(c.toMs).toISOString(),
    appliedAt,
  }));
}
