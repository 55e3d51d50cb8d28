import { createMemoryCache, liveActiveUsersKey, liveRollupKey, METRIC_CHANGED_CHANNEL, parseVersioned, type CanonicalEvent, type MetricChangedMessage } from '@tally/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededEvents } from '../../../../test/support/seeded-events.ts';
import { openTestStore, STORE_KINDS, type TestStore } from '../../../../test/support/stores.ts';
import { BatchApplier } from './aggregator.ts';
import { verifyRollups } from './recompute.ts';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

describe.each(STORE_KINDS)('processing on %s', (kind) => {
  let t: TestStore;
  let applier: BatchApplier;
  const cache = createMemoryCache();
  const data = seededEvents({ endMs: NOW, days: 60 });

  beforeAll(async () => {
    t = await openTestStore(kind);
    applier = new BatchApplier({ store: t.store, cache, now: () => NOW });
    for (const batch of chunks(data, 400)) await applier.apply(batch);
  });
  afterAll(async () => {
    await t.close();
    await cache.close();
  });

  it('stores every event once, and rollups equal their recomputation from raw events', async () => {
    expect(data.length).toBeGreaterThan(1000);
    const [stored] = await t.store.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    expect(stored?.n).toBe(data.length);
    expect(await verifyRollups(t.store)).toEqual([]);
    const [movements] = await t.store.query<{ kinds: string[] }>(
      `SELECT array_agg(DISTINCT dim_value ORDER BY dim_value) AS kinds FROM rollup_month WHERE metric = 'mrr_movements' AND dimension = 'kind'`,
    );
    expect(movements?.kinds).toEqual(['churned', 'contraction', 'expansion', 'new', 'reactivated']);
  });

  it('counts a batch delivered twice once', async () => {
    const before = await t.store.query('SELECT metric, dimension, dim_value, value, count FROM rollup_month ORDER BY 1, 2, 3');
    const again = await applier.apply(data.slice(100, 900));
    expect(again).toMatchObject({ events: 800, fresh: 0, duplicates: 800 });
    expect(await t.store.query('SELECT metric, dimension, dim_value, value, count FROM rollup_month ORDER BY 1, 2, 3')).toEqual(before);
  });

  it('lets a 40-day-old event correct that day, that month and that day\'s active users', async () => {
    const at = NOW - 40 * 86_400_000;
    const bucketDay = new Date(Date.UTC(new Date(at).getUTCFullYear(), new Date(at).getUTCMonth(), new Date(at).getUTCDate()));
    const bucketMonth = new Date(Date.UTC(new Date(at).getUTCFullYear(), new Date(at).getUTCMonth(), 1));
    const read = async () => {
      const [d] = await t.store.query<{ v: number }>(
        `SELECT coalesce(sum(value), 0)::int AS v FROM rollup_day WHERE tenant = 'acme' AND metric = 'feature_uses' AND bucket = $1 AND dimension = 'feature' AND dim_value = 'alerts'`,
        [bucketDay.toISOString()],
      );
      const [m] = await t.store.query<{ v: number }>(
        `SELECT coalesce(sum(value), 0)::int AS v FROM rollup_month WHERE tenant = 'acme' AND metric = 'events' AND bucket = $1 AND dimension = '' `,
        [bucketMonth.toISOString()],
      );
      const [u] = await t.store.query<{ v: number }>(
        `SELECT count(DISTINCT user_id)::int AS v FROM user_activity_daily WHERE tenant = 'acme' AND day = $1`,
        [day(at)],
      );
      return { day: d!.v, month: m!.v, users: u!.v };
    };
    const before = await read();
    const late: CanonicalEvent = {
      id: 'segment:late-1', tenant: 'acme', source: 'segment', type: 'product.feature_used',
      occurredAt: new Date(at).toISOString(), receivedAt: new Date(NOW).toISOString(),
      customerId: 'acme-cus-0', userId: 'a-brand-new-user', properties: { feature: 'alerts' }, schemaVersion: 1,
    };
    await applier.apply([late]);
    expect(await read()).toEqual({ day: before.day + 1, month: before.month + 1, users: before.users + 1 });
    expect(await verifyRollups(t.store)).toEqual([]);
  });

  it('keeps Customer 360 state: MRR from subscriptions, plan, tickets with first response, a health score with its parts', async () => {
    const [mrr] = await t.store.query<{ customers: number; subs: number }>(
      `SELECT (SELECT sum(mrr_minor) FROM customers WHERE tenant = 'acme')::bigint AS customers,
              (SELECT sum(mrr_minor) FROM subscriptions WHERE tenant = 'acme')::bigint AS subs`,
    );
    expect(Number(mrr!.customers)).toBe(Number(mrr!.subs));
    const [movements] = await t.store.query<{ total: number }>(
      `SELECT sum(value)::bigint AS total FROM rollup_month WHERE tenant = 'acme' AND metric = 'mrr_movements' AND dimension = ''`,
    );
    expect(Number(movements!.total)).toBe(Number(mrr!.customers)); // MRR = Σ movements
    const tickets = await t.store.query<{ first_response_seconds: number | null; status: string }>(
      `SELECT first_response_seconds, status FROM tickets WHERE tenant = 'acme'`,
    );
    expect(tickets.length).toBeGreaterThan(0);
    expect(tickets.every((r) => r.first_response_seconds !== null && r.first_response_seconds > 0)).toBe(true);
    const customers = await t.store.query<{ customer_id: string; health_score: number; health_parts: { usage: { score: number }; billing: { status: string } }; name: string }>(
      `SELECT c.customer_id, h.score AS health_score, h.parts AS health_parts, c.name
       FROM customers c JOIN customer_health h USING (tenant, customer_id) WHERE c.tenant = 'acme' ORDER BY c.customer_id`,
    );
    expect(customers.length).toBe(20);
    for (const c of customers) {
      expect(c.health_score).toBeGreaterThanOrEqual(0);
      expect(c.health_score).toBeLessThanOrEqual(100);
      expect(c.name).toMatch(/^Company \d+$/);
      expect(['active', 'past_due', 'canceled']).toContain(c.health_parts.billing.status);
    }
  });
});

describe('the live cache and "metric changed"', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore('pglite');
  });
  afterAll(() => t.close());

  it('mirrors today\'s rollup rows, counts active users per hour and day, and announces the change', async () => {
    const cache = createMemoryCache();
    const messages: MetricChangedMessage[] = [];
    await cache.subscribe(METRIC_CHANGED_CHANNEL, (m) => messages.push(JSON.parse(m) as MetricChangedMessage));
    const applier = new BatchApplier({ store: t.store, cache, now: () => NOW });
    const at = new Date(NOW - 60_000).toISOString();
    const events: CanonicalEvent[] = ['u1', 'u2', 'u3', 'u1'].map((userId, i) => ({
      id: `segment:live-${i}`, tenant: 'acme', source: 'segment', type: 'product.feature_used', occurredAt: at, receivedAt: at,
      customerId: 'c1', userId, properties: { feature: 'alerts' }, schemaVersion: 1,
    }));
    await applier.apply(events.slice(0, 2));
    await applier.apply(events.slice(2));
    expect(parseVersioned(await cache.get(liveRollupKey('acme', 'feature_uses', day(NOW), 'feature', 'alerts')))).toEqual({ version: 2, value: '4,4' });
    expect(await cache.pfCount(liveActiveUsersKey('acme', 'day', day(NOW)))).toBe(3);
    expect(await cache.pfCount(liveActiveUsersKey('acme', 'hour', new Date(NOW - 60_000).toISOString().slice(0, 13)))).toBe(3);
    await expect.poll(() => messages.length).toBe(2);
    expect(messages[1]).toMatchObject({ tenant: 'acme', from: at, to: at });
    expect(messages[1]!.metrics).toEqual(expect.arrayContaining(['events', 'feature_uses', 'dau', 'mau', 'feature_adoption']));
    await cache.close();
  });
});

describe('health scores as time passes', () => {
  it('rescores every customer, so usage that stopped lowers the score without new events', async () => {
    const t = await openTestStore('pglite');
    const cache = createMemoryCache();
    try {
      let now = NOW;
      const applier = new BatchApplier({ store: t.store, cache, now: () => now, healthEveryMs: 1 });
      const at = (daysAgo: number) => new Date(NOW - daysAgo * 86_400_000).toISOString();
      const events: CanonicalEvent[] = [3, 2, 1].flatMap((d) => ['u1', 'u2'].map((userId) => ({
        id: `segment:h-${d}-${userId}`, tenant: 'acme', source: 'segment', type: 'product.page_viewed', occurredAt: at(d), receivedAt: at(d),
        customerId: 'c1', userId, properties: {}, schemaVersion: 1 as const,
      })));
      await applier.apply(events);
      await applier.flushHealth();
      const usage = async () => (await t.store.query<{ parts: { usage: { score: number; activeUsers14d: number } } }>(
        `SELECT parts FROM customer_health WHERE tenant = 'acme' AND customer_id = 'c1'`,
      ))[0]!.parts.usage;
      expect(await usage()).toEqual({ score: 100, activeUsers14d: 2, previous14d: 0 });
      now = NOW + 20 * 86_400_000; // three weeks later, nothing sent since
      await applier.rescoreAll();
      expect(await usage()).toEqual({ score: 0, activeUsers14d: 0, previous14d: 2 });
    } finally {
      await cache.close();
      await t.close();
    }
  });
});
