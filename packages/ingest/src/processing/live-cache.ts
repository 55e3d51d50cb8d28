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
  const watermarks = new Map<string, string>();
  // Members per (tenant, hour) first; keys are formatted once per bucket, not per event.
  const hours = new Map<string, Map<number, Set<string>>>();
  for (const e of events) {
    if (e.receivedAt > (watermarks.get(e.tenant) ?? '')) watermarks.set(e.tenant, e.receivedAt);
    if (!isActivity(e)) continue;
    const hour = bucketStart('hour', Date.parse(e.occurredAt));
    if (hour + LIVE_HLL_DAY_TTL_MS <= nowMs) continue;
    let byHour = hours.get(e.tenant);
    if (!byHour) hours.set(e.tenant, (byHour = new Map()));
    let members = byHour.get(hour);
    if (!members) byHour.set(hour, (members = new Set()));
    members.add(e.userId);
  }
  for (const [tenant, byHour] of hours) {
    for (const [hour, members] of byHour) {
      if (hour + LIVE_HLL_HOUR_TTL_MS > nowMs) add(users, liveActiveUsersKey(tenant, 'hour', new Date(hour).toISOString().slice(0, 13)), members, hour + LIVE_HLL_HOUR_TTL_MS - nowMs);
      const day = bucketStart('day', hour);
      add(users, liveActiveUsersKey(tenant, 'day', utcDay(day)), members, day + LIVE_HLL_DAY_TTL_MS - nowMs);
    }
  }
  for (const [key, { members, ttlMs }] of users) ops.push({ op: 'pfAdd', key, members: [...members], ttlMs });
  for (const [tenant, iso] of watermarks) ops.push({ op: 'setNewer', key: liveWatermarkKey(tenant), version: Date.parse(iso), value: iso });
  return ops;
}

function add(map: Map<string, { members: Set<string>; ttlMs: number }>, key: string, members: Set<string>, ttlMs: number): void {
  const entry = map.get(key);
  if (entry) for (const m of members) entry.members.add(m);
  else map.set(key, { members: new Set(members), ttlMs });
}

/** Per tenant: the inputs a batch changed and the event-time range it covered. */
export interface TenantChanges {
  stored: Set<string>;
  activity: boolean;
  features: boolean;
  tables: Set<'tickets' | 'customer_health'>;
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
