/** Seeded events for the retention tests: old days over three months, a partial month, and recent ones. */
import { buildInsertMany, ensureEventPartitions, monthsBetween, type Store } from '@tally/core';
import { EVENT_COLUMNS } from './event-rows.ts';

/** 2025-06-15 noon UTC; with 400 hot days the cutoff is 2024-05-11. */
export const NOW = new Date('2025-06-15T12:00:00.000Z');
export const HOT_DAYS = 400;

const event = (tenant: string, id: string, occurredAt: string, extra: Partial<Record<string, unknown>> = {}) => ({
  tenant,
  id,
  source: 'segment',
  type: 'product.used',
  occurred_at: occurredAt,
  received_at: occurredAt,
  customer_id: 'c1',
  user_id: 'u1',
  properties: { feature: 'export' },
  revenue_minor: null,
  currency: null,
  schema_version: 1,
  ...extra,
});

/** Every seeded event, with the day it is archived under (or null when it stays hot). */
export const EVENTS = [
  event('acme', 'e1', '2024-03-05T10:00:00.000Z'),
  event('acme', 'e2', '2024-03-05T23:59:59.999Z', { properties: { nested: { a: [1, 2.5, 'x', null, true] }, 'unicode ✓': 'é' } }),
  event('beta', 'e1', '2024-03-05T00:00:00.000Z', { revenue_minor: 9_007_199_254_740_991, currency: 'USD', type: 'billing.invoice_paid', source: 'stripe' }),
  event('acme', 'e3', '2024-03-20T08:30:00.123456Z', { received_at: '2024-03-20T08:30:01.000001Z', customer_id: null, user_id: null }),
  event('acme', 'e4', '2024-04-01T00:00:00.000Z', { properties: {} }),
  event('acme', 'e5', '2024-04-30T23:59:59.999Z', { schema_version: 2, revenue_minor: -1200, currency: 'EUR' }),
  event('acme', 'e6', '2024-05-02T12:00:00.000Z'),
  event('beta', 'e2', '2024-05-10T23:59:59.999Z'),
  event('acme', 'e7', '2024-05-11T00:00:00.000Z'),
  event('acme', 'e8', '2025-06-10T09:00:00.000Z'),
  event('beta', 'e3', '2025-06-15T11:00:00.000Z'),
];

/** Days that an archive at {@link NOW} with {@link HOT_DAYS} writes, with their rows. */
export const ARCHIVED_DAYS = { '2024-03-05': 3, '2024-03-20': 1, '2024-04-01': 1, '2024-04-30': 1, '2024-05-02': 1, '2024-05-10': 1 };

/** Inserts {@link EVENTS} (partitions from March 2024 through June 2025), their dedup ids and two rollup rows. */
export async function seed(store: Store): Promise<void> {
  await ensureEventPartitions((fn) => store.transaction(fn), await store.capabilities(), monthsBetween(Date.UTC(2024, 2, 1), NOW.getTime()));
  const { sql, params } = buildInsertMany('events', EVENT_COLUMNS, EVENTS.map((e) => EVENT_COLUMNS.map((c) => e[c.name as keyof typeof e])));
  await store.query(sql, params);
  await store.query('INSERT INTO event_ids (tenant, id) SELECT tenant, id FROM events');
  await store.query(
    `INSERT INTO rollup_day (tenant, metric, bucket, dimension, dim_value, value, count) VALUES
     ('acme', 'events', '2024-03-05T00:00:00Z', '', '', 2, 2), ('beta', 'mrr', '2024-03-05T00:00:00Z', '', '', 9000, 1)`,
  );
}

/** Every row of a table in a stable order, timestamps also as text so microseconds are compared. */
export function snapshot(store: Store, table: 'events' | 'event_ids' | 'rollup_day'): Promise<unknown[]> {
  if (table === 'events') {
    return store.query(`SELECT *, occurred_at::text AS occurred_text, received_at::text AS received_text FROM events ORDER BY tenant, id`);
  }
  return store.query(`SELECT * FROM ${table} ORDER BY tenant, ${table === 'event_ids' ? 'id' : 'metric'}`);
}
