import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_KINDS, type TestStore } from '../../../../test/support/stores.ts';
import { ensureEventPartitions, eventPartitionName, listEventPartitions, monthsBetween } from './event-partitions.ts';
import { timescaleEventsSql } from './timescale.ts';

describe.each(STORE_KINDS)('analytics schema on %s', (kind) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(kind);
  });
  afterAll(() => t.close());

  it('creates month partitions once, even when asked twice at once, and routes events into them', async () => {
    const { store } = t;
    const caps = await store.capabilities();
    const months = monthsBetween(Date.UTC(2025, 10, 15), Date.UTC(2026, 1, 3));
    const tx = store.transaction.bind(store);
    await Promise.all([ensureEventPartitions(tx, caps, months), ensureEventPartitions(tx, caps, months)]);
    expect((await listEventPartitions(store)).map((p) => p.name)).toEqual([
      'events_2025_11',
      'events_2025_12',
      'events_2026_01',
      'events_2026_02',
    ]);
    await store.query(
      `INSERT INTO events (tenant, id, source, type, occurred_at, received_at, properties, schema_version)
       VALUES ('acme', 'e1', 'segment', 'product.page_viewed', '2025-12-31T23:59:59Z', now(), '{}', 1)`,
    );
    const [row] = await store.query<{ part: string }>(`SELECT tableoid::regclass::text AS part FROM events WHERE id = 'e1'`);
    expect(row?.part).toMatch(/events_2025_12$/);
  });

  it('refuses an event in a month without a partition rather than storing it somewhere else', async () => {
    await expect(
      t.store.query(
        `INSERT INTO events (tenant, id, source, type, occurred_at, received_at, properties, schema_version)
         VALUES ('acme', 'e2', 'segment', 'product.page_viewed', '2019-01-01T00:00:00Z', now(), '{}', 1)`,
      ),
    ).rejects.toThrow(/no partition/);
  });
});

describe('partition names and the Timescale objects', () => {
  it('names partitions by UTC month', () => {
    expect(eventPartitionName(Date.UTC(2026, 0, 1))).toBe('events_2026_01');
    expect(monthsBetween(Date.UTC(2026, 11, 31), Date.UTC(2027, 0, 1)).map(eventPartitionName)).toEqual(['events_2026_12', 'events_2027_01']);
  });

  it('declares a hypertable, compression, and three real-time continuous aggregates with refresh policies', () => {
    const sql = timescaleEventsSql();
    expect(sql).toContain(`create_hypertable('events', 'occurred_at'`);
    expect(sql).toContain('add_compression_policy');
    for (const view of ['events_hourly', 'events_daily', 'events_monthly']) {
      expect(sql).toContain(`CREATE MATERIALIZED VIEW ${view} WITH (timescaledb.continuous)`);
      expect(sql).toContain(`ALTER MATERIALIZED VIEW ${view} SET (timescaledb.materialized_only = false)`);
      expect(sql).toContain(`add_continuous_aggregate_policy('${view}'`);
    }
  });
});
