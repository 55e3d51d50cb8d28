import type { RevenueMovementsResponse } from '@tally/client-sdk';
import { createMemoryCache, type CanonicalEvent } from '@tally/core';
import { BatchApplier } from '@tally/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbedTestServer, type EmbedTestServer } from '../embed-testing.ts';
import { QUERY_NOW, type QueryFixture } from '../../../../test/support/query-fixture.ts';
import { STORE_KINDS } from '../../../../test/support/stores.ts';

type Kind = 'new' | 'expansion' | 'contraction' | 'churned' | 'reactivated';

/** MRR movements recomputed from raw subscription events in event-time order (README "MRR movements"). */
function movementsOf(events: readonly CanonicalEvent[], tenant: string): { at: number; kind: Kind; delta: number }[] {
  const subMrr = new Map<string, number>();
  const customerMrr = new Map<string, number>();
  const everPaid = new Set<string>();
  const out: { at: number; kind: Kind; delta: number }[] = [];
  const ordered = events.filter((e) => e.tenant === tenant && e.customerId && e.type.startsWith('billing.subscription_'))
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || (a.id < b.id ? -1 : 1));
  for (const e of ordered) {
    const sub = String(e.properties.subscriptionId);
    const mrr = e.type === 'billing.subscription_canceled' ? 0 : Math.max(0, Number(e.properties.mrrMinor ?? 0));
    const delta = mrr - (subMrr.get(sub) ?? 0);
    subMrr.set(sub, mrr);
    if (delta === 0) continue;
    const before = customerMrr.get(e.customerId!) ?? 0;
    const after = before + delta;
    customerMrr.set(e.customerId!, after);
    const kind: Kind = before === 0 ? (everPaid.has(e.customerId!) ? 'reactivated' : 'new') : after === 0 ? 'churned' : delta > 0 ? 'expansion' : 'contraction';
    if (after > 0) everPaid.add(e.customerId!);
    out.push({ at: Date.parse(e.occurredAt), kind, delta });
  }
  return out;
}

describe.each(STORE_KINDS)('GET /v1/revenue/movements on %s', (kind) => {
  let s: EmbedTestServer;
  let f: QueryFixture;
  let app: EmbedTestServer['app'];

  beforeAll(async () => {
    s = await openEmbedTestServer(kind);
    ({ fixture: f, app } = s);
  }, 120_000);
  afterAll(() => s.close());

  const mint = (body: object) => s.mint(body);
  const get = (token: string, query: string) => app.request(`/v1/revenue/movements?${query}`, { headers: { authorization: `Bearer ${token}` } });
  const movements = async (token: string, query: string) => {
    const res = await get(token, query);
    expect(res.status).toBe(200);
    return (await res.json()) as RevenueMovementsResponse;
  };

  it('answers each month with the movements raw events recompute to, the rollups hold, and MRR that chains to Σ customers', async () => {
    const answer = await movements(await mint({ role: 'finance' }), 'range=12mo&granularity=month');
    expect(answer.periods).toHaveLength(12);
    expect(answer.periods[0]!.start).toBe('2025-12-01T00:00:00.000Z');
    expect(answer.currency).toBe('USD');
    expect(answer.currencies).toEqual(['USD']);
    expect(answer.meta).toMatchObject({ granularity: 'month', timezone: 'UTC', sources: ['rollup'], to: '2026-12-01T00:00:00.000Z' });

    const raw = movementsOf(f.events, 'acme');
    const rollups = await f.store.query<{ bucket: number; kind: Kind; v: number }>(
      `SELECT (extract(epoch FROM bucket) * 1000)::float8 AS bucket, dim_value AS kind, sum(value)::float8 AS v FROM rollup_month
       WHERE tenant = 'acme' AND metric = 'mrr_movements' AND dimension = 'kind' GROUP BY 1, 2`,
    );
    let moved = 0;
    for (const [i, p] of answer.periods.entries()) {
      const from = Date.parse(p.start);
      const to = Date.parse(answer.periods[i + 1]?.start ?? answer.meta.to);
      const got = { new: p.newMinor, expansion: p.expansionMinor, contraction: p.contractionMinor, churned: p.churnedMinor, reactivated: p.reactivatedMinor };
      for (const k of Object.keys(got) as Kind[]) {
        const recomputed = raw.filter((m) => m.kind === k && m.at >= from && m.at < to).reduce((a, m) => a + m.delta, 0);
        expect(got[k], `${p.start} ${k}`).toBe(recomputed);
        expect(got[k]).toBe(rollups.filter((r) => r.bucket === from && r.kind === k).reduce((a, r) => a + r.v, 0));
        moved += Math.abs(got[k]);
      }
      expect(p.contractionMinor).toBeLessThanOrEqual(0);
      expect(p.churnedMinor).toBeLessThanOrEqual(0);
      expect(p.netChangeMinor).toBe(p.newMinor + p.expansionMinor + p.contractionMinor + p.churnedMinor + p.reactivatedMinor);
      expect(p.endingMrrMinor).toBe(p.startingMrrMinor + p.netChangeMinor);
      if (i > 0) expect(p.startingMrrMinor).toBe(answer.periods[i - 1]!.endingMrrMinor);
    }
    expect(moved).toBeGreaterThan(0);
    expect(answer.periods[0]!.startingMrrMinor).toBe(0); // the data starts 60 days ago
    const [{ mrr }] = (await f.store.query<{ mrr: number }>(`SELECT sum(mrr_minor)::float8 AS mrr FROM customers WHERE tenant = 'acme'`)) as [{ mrr: number }];
    expect(answer.periods.at(-1)!.endingMrrMinor).toBe(mrr);
    expect(answer.totals).toMatchObject({ start: answer.periods[0]!.start, startingMrrMinor: 0, endingMrrMinor: mrr });
    expect(answer.totals.newMinor).toBe(answer.periods.reduce((a, p) => a + p.newMinor, 0));
  });

  it('answers days with an opening balance from before the range', async () => {
    const answer = await movements(await mint({ role: 'admin' }), 'range=30d&granularity=day');
    expect(answer.periods).toHaveLength(30);
    const raw = movementsOf(f.events, 'acme');
    const from = Date.parse(answer.meta.from);
    expect(answer.totals.startingMrrMinor).toBe(raw.filter((m) => m.at < from).reduce((a, m) => a + m.delta, 0));
    expect(answer.totals.netChangeMinor).toBe(raw.filter((m) => m.at >= from).reduce((a, m) => a + m.delta, 0));
  });

  it('refuses a viewer and a success token with 403 and no data', async () => {
    for (const role of ['viewer', 'success']) {
      const res = await get(await mint({ role }), 'range=12mo&granularity=month');
      expect(res.status).toBe(403);
      const body = await res.json();
      expect(body).toMatchObject({ error: { code: 'forbidden', field: 'metric' } });
      expect(JSON.stringify(body)).not.toContain('periods');
    }
    expect((await app.request('/v1/revenue/movements')).status).toBe(401);
  });

  it('answers bad parameters with 422 naming the field', async () => {
    const token = await mint({ role: 'finance' });
    for (const [query, field] of [
      ['range=12months', 'range'], ['range=0mo', 'range'], ['range=12mo&granularity=year', 'granularity'],
      ['range=12mo&timezone=Mars/Olympus', 'timezone'], ['from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', 'range.to'], ['from=yesterday&to=2026-11-01T00:00:00Z', 'range.from'],
      ['currency=usd', 'currency'], ['currency=EURO', 'currency'],
    ] as const) {
      const res = await get(token, query);
      expect(res.status, query).toBe(422);
      expect(await res.json()).toMatchObject({ error: { code: 'validation_failed', field } });
    }
  });
  // Last: it adds EUR subscriptions to acme, which the tests above assume has USD only.
  it('never adds currencies up: answers the main currency by default, another when asked, from raw events', async () => {
    const token = await mint({ role: 'finance' });
    const usdOnly = await movements(token, 'range=12mo&granularity=month');
    const at = (daysAgo: number) => new Date(QUERY_NOW - daysAgo * 86_400_000).toISOString();
    const sub = (id: string, type: string, customerId: string, subscriptionId: string, daysAgo: number, mrrMinor: number): CanonicalEvent => ({
      id: `stripe:eur-${id}`, tenant: 'acme', source: 'stripe', type, schemaVersion: 1, occurredAt: at(daysAgo), receivedAt: at(0),
      customerId, properties: { subscriptionId, mrrMinor, currency: 'EUR', status: 'active' },
    } as CanonicalEvent);
    const cache = createMemoryCache();
    await new BatchApplier({ store: f.store, cache, now: () => QUERY_NOW }).apply([
      sub('1', 'billing.subscription_created', 'acme-eur-1', 'eur-sub-1', 40, 3000),
      sub('2', 'billing.subscription_canceled', 'acme-eur-1', 'eur-sub-1', 3, 0),
      sub('3', 'billing.subscription_created', 'acme-eur-2', 'eur-sub-2', 10, 5000),
      sub('4', 'billing.subscription_updated', 'acme-eur-2', 'eur-sub-2', 5, 7000),
    ]);
    await cache.close();

    const usd = await movements(token, 'range=12mo&granularity=month');
    expect(usd.currencies).toEqual(['USD', 'EUR']);
    expect(usd.currency).toBe('USD');
    expect(usd.meta.sources).toContain('raw');
    expect({ ...usd, currencies: ['USD'], meta: { ...usd.meta, sources: ['rollup'] } }).toEqual(usdOnly);
    expect(await movements(token, 'range=12mo&granularity=month&currency=USD')).toEqual(usd);

    const eur = await movements(token, 'range=12mo&granularity=month&currency=EUR');
    expect(eur.currency).toBe('EUR');
    expect(eur.totals).toMatchObject({ startingMrrMinor: 0, newMinor: 8000, expansionMinor: 2000, contractionMinor: 0, churnedMinor: -3000, reactivatedMinor: 0, endingMrrMinor: 7000 });
    expect(eur.periods.reduce((a, p) => a + p.netChangeMinor, 0)).toBe(7000);
    const days = await movements(token, 'range=30d&granularity=day&currency=EUR');
    expect(days.totals.startingMrrMinor).toBe(3000); // opened 40 days ago, before the range

    const none = await movements(token, 'range=12mo&granularity=month&currency=GBP');
    expect(none).toMatchObject({ currency: 'GBP', currencies: ['USD', 'EUR'], totals: { startingMrrMinor: 0, netChangeMinor: 0, endingMrrMinor: 0 } });
  });
});
