/**
 * The demo company's month, sent through the real connectors and ingest routes, processed by the real
 * processor: what the connectors emit must land in rollups that agree with the raw events, and in Customer
 * 360 state a user would recognise; the query service answers with the numbers raw events give.
 */
import { CONNECTORS, prepareDemoTenant, runDemo, startProcessor, type Processor } from '@tally/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_VENDORS } from '../packages/ingest/src/demo/index.ts';
import { verifyRollups } from '../packages/ingest/src/processing/recompute.ts';
import { createQueryService } from '../packages/server/src/query/index.ts';
import { startIngestHarness, type IngestHarness } from './support/ingest-harness.ts';
import { waitFor } from './support/wait-for.ts';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const TENANT = 'demo-processing';

describe('the demo company through connectors, ingest, the processor and the query service', () => {
  let h: IngestHarness;
  let processor: Processor;

  beforeAll(async () => {
    h = await startIngestHarness({ connectors: [...CONNECTORS.values()], now: () => NOW });
    processor = await startProcessor({ bus: h.bus, store: h.store, cache: h.cache, now: () => NOW, healthEveryMs: 50 });
    const setup = await prepareDemoTenant(h.store, { tenant: TENANT });
    const report = await runDemo({
      baseUrl: 'http://localhost', fetch: (url, init) => h.app.request(url, init), setup,
      seed: 7, scale: 0.05, days: 30, liveRate: 0, now: () => NOW, vendors: DEMO_VENDORS,
    });
    expect(report.sent.rejected).toBe(0);
    expect(report.sent.accepted).toBeGreaterThan(1000);
    // Caught up: every event ingest put on the bus is committed by the processor group.
    await waitFor(async () => (await processor.subscription.lag()).every((p) => p.lag === 0), {
      timeoutMs: 120_000,
      message: 'the processor to catch up with the bus',
    });
    await processor.stop();
  }, 180_000);
  afterAll(() => h?.close());

  it('keeps rollups equal to their recomputation from the raw events', async () => {
    expect(await verifyRollups(h.store)).toEqual([]);
  });

  it('fills every kind of metric from real connector payloads', async () => {
    const metrics = await h.store.query<{ metric: string; value: number }>(
      `SELECT metric, sum(value)::bigint AS value FROM rollup_month WHERE tenant = $1 AND dimension = '' GROUP BY metric ORDER BY metric`,
      [TENANT],
    );
    const byName = Object.fromEntries(metrics.map((m) => [m.metric, Number(m.value)]));
    for (const name of ['events', 'feature_uses', 'revenue', 'mrr_movements', 'customer_movements', 'tickets_opened']) {
      expect(byName[name], name).toBeGreaterThan(0);
    }
    const [activity] = await h.store.query<{ users: number }>('SELECT count(DISTINCT user_id)::int AS users FROM user_activity_daily WHERE tenant = $1', [TENANT]);
    expect(activity!.users).toBeGreaterThan(10);
  });

  it('answers queries through the query service with the numbers raw events give', async () => {
    const service = createQueryService({ store: h.store, now: () => NOW, resultCache: false });
    const scope = { tenant: TENANT, sensitivities: new Set(['general', 'product', 'finance', 'support', 'customer'] as const), filters: {} };
    const since = new Date(Date.UTC(2026, 5, 15) - 29 * 86_400_000).toISOString(); // the 30 UTC days ending on NOW's day
    const raw = async (sql: string) => Number((await h.store.query<{ v: number }>(sql, [TENANT, since]))[0]!.v);

    const events = await service.query({ metric: 'events', range: '30d', granularity: 'day' }, scope);
    expect(events.series[0]!.total).toBeGreaterThan(1000);
    expect(events.series[0]!.total).toBe(await raw(`SELECT count(*)::int AS v FROM events WHERE tenant = $1 AND occurred_at >= $2`));
    const revenue = await service.query({ metric: 'revenue', range: '30d', granularity: 'week' }, scope);
    expect(revenue.series[0]!.total).toBeGreaterThan(0);
    expect(revenue.series[0]!.total).toBe(await raw(`SELECT coalesce(sum(revenue_minor), 0)::bigint AS v FROM events WHERE tenant = $1 AND occurred_at >= $2 AND type = 'billing.invoice_paid'`));
    const mau = await service.query({ metric: 'dau', range: '30d', granularity: 'day' }, scope);
    expect(mau.series[0]!.total).toBe(await raw(`SELECT count(DISTINCT user_id)::int AS v FROM events WHERE tenant = $1 AND occurred_at >= $2 AND user_id IS NOT NULL AND type LIKE 'product.%'`));
    const byType = await service.query({ metric: 'events', range: '30d', groupBy: 'type' }, scope);
    const opened = byType.series.find((s) => s.group === 'support.ticket_opened');
    expect(opened?.total).toBe(await raw(`SELECT count(*)::int AS v FROM events WHERE tenant = $1 AND occurred_at >= $2 AND type = 'support.ticket_opened'`));
  });

  it('builds Customer 360 state: MRR equal to the movements, named customers, tickets, health scores', async () => {
    const [mrr] = await h.store.query<{ state: number; movements: number }>(
      `SELECT (SELECT coalesce(sum(mrr_minor), 0) FROM customers WHERE tenant = $1)::bigint AS state,
              (SELECT coalesce(sum(value), 0) FROM rollup_month WHERE tenant = $1 AND metric = 'mrr_movements' AND dimension = '')::bigint AS movements`,
      [TENANT],
    );
    expect(Number(mrr!.state)).toBeGreaterThan(0);
    expect(Number(mrr!.state)).toBe(Number(mrr!.movements));
    const [c] = await h.store.query<{ customers: number; named: number; paying: number; scored: number }>(
      `SELECT count(*)::int AS customers, count(name)::int AS named, count(*) FILTER (WHERE mrr_minor > 0)::int AS paying,
              (SELECT count(*) FROM customer_health h WHERE h.tenant = $1)::int AS scored FROM customers WHERE tenant = $1`,
      [TENANT],
    );
    expect(c!.paying).toBeGreaterThan(0);
    // Every customer whose profile arrived in the window (identify, billing customer) carries its name.
    const [unnamed] = await h.store.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM customers c WHERE c.tenant = $1 AND c.name IS NULL AND EXISTS (
         SELECT 1 FROM events e WHERE e.tenant = c.tenant AND e.customer_id = c.customer_id
           AND e.type IN ('identity.account_identified', 'billing.customer_created') AND e.properties ? 'name')`,
      [TENANT],
    );
    expect(c!.named).toBeGreaterThan(0);
    expect(unnamed!.n).toBe(0);
    expect(c!.scored).toBe(c!.customers);
    const [t] = await h.store.query<{ tickets: number; responded: number }>(
      `SELECT count(*)::int AS tickets, count(first_response_at)::int AS responded FROM tickets WHERE tenant = $1`,
      [TENANT],
    );
    expect(t!.tickets).toBeGreaterThan(0);
    expect(t!.responded).toBeGreaterThan(0);
  });
});
