import type { CustomerDetail, CustomerSearchResult } from '@tally/client-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbedTestServer, type EmbedTestServer } from '../embed-testing.ts';
import { QUERY_NOW, type QueryFixture } from '../../../../test/support/query-fixture.ts';
import { STORE_KINDS } from '../../../../test/support/stores.ts';

const DAY_MS = 86_400_000;

describe.each(STORE_KINDS)('Customer 360 and search on %s', (kind) => {
  let s: EmbedTestServer;
  let f: QueryFixture;
  let app: EmbedTestServer['app'];

  beforeAll(async () => {
    s = await openEmbedTestServer(kind);
    ({ fixture: f, app } = s);
  }, 120_000);
  afterAll(() => s.close());

  const mint = (body: object) => s.mint(body);
  const get = (token: string, path: string) => app.request(path, { headers: { authorization: `Bearer ${token}` } });
  const detail = async (token: string, id: string) => {
    const res = await get(token, `/v1/customers/${encodeURIComponent(id)}`);
    expect(res.status).toBe(200);
    return (await res.json()) as CustomerDetail;
  };

  it('answers Customer 360 with what the state tables and raw events say', async () => {
    const token = await mint({ role: 'success' });
    const today = QUERY_NOW - (QUERY_NOW % DAY_MS);
    const windowStart = today - 29 * DAY_MS;
    const seen = { openTickets: 0, timeline: 0, activeDays: 0, features: 0 };
    for (let c = 0; c < 20; c++) {
      const id = `acme-cus-${c}`;
      const d = await detail(token, id);
      const events = f.events.filter((e) => e.tenant === 'acme' && e.customerId === id);

      expect([d.id, d.name, d.profile.industry]).toEqual([id, `Company ${c}`, 'saas']);
      const [subs] = await f.store.query<{ mrr: number; n: number }>(
        `SELECT coalesce(sum(mrr_minor), 0)::float8 AS mrr, count(*)::int AS n FROM subscriptions WHERE tenant = 'acme' AND customer_id = $1`, [id]);
      expect(d.mrr.amountMinor).toBe(subs!.mrr);
      expect(d.subscriptions.reduce((a, s) => a + s.mrr.amountMinor, 0)).toBe(subs!.mrr);
      expect(d.subscriptions).toHaveLength(subs!.n);
      if (d.mrr.amountMinor > 0) expect(d.mrr.currency).toBe('USD');

      const open = await f.store.query<{ ticket_id: string }>(
        `SELECT ticket_id FROM tickets WHERE tenant = 'acme' AND customer_id = $1 AND status NOT IN ('solved', 'closed') ORDER BY opened_at DESC`, [id]);
      expect(d.tickets.open.map((t) => t.id)).toEqual(open.map((t) => t.ticket_id));
      expect(d.health?.openTickets).toBe(open.length);
      expect(d.health?.parts.support.openTickets).toBe(open.length);
      const opened = events.filter((e) => e.type === 'support.ticket_opened').length;
      expect(d.tickets.recent).toHaveLength(Math.min(10, opened));

      // Timeline: the newest 50 non-product events, newest first.
      const notable = events.filter((e) => !e.type.startsWith('product.'))
        .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt) || (a.id < b.id ? 1 : -1)).slice(0, 50);
      expect(d.timeline.map((e) => e.id)).toEqual(notable.map((e) => e.id));
      expect(d.timeline.every((e) => !e.type.startsWith('product.'))).toBe(true);
      const paid = d.timeline.find((e) => e.type === 'billing.invoice_paid');
      if (paid) expect(paid.revenue).toEqual({ amountMinor: expect.any(Number), currency: 'USD' });

      // Usage trend: distinct product users per UTC day over the 30 days ending today.
      const product = events.filter((e) => e.type.startsWith('product.') && e.userId && Date.parse(e.occurredAt) >= windowStart);
      expect(d.usageTrend.map((u) => u.day)).toEqual(Array.from({ length: 30 }, (_, i) => new Date(windowStart + i * DAY_MS).toISOString().slice(0, 10)));
      for (const point of d.usageTrend) {
        expect(point.activeUsers).toBe(new Set(product.filter((e) => e.occurredAt.startsWith(point.day)).map((e) => e.userId)).size);
      }
      // Feature adoption: users of each feature ÷ active users over those days.
      const active = new Set(product.map((e) => e.userId)).size;
      expect(d.featureAdoption.activeUsers).toBe(active);
      const users = new Map<string, Set<string>>();
      for (const e of product) if (e.type === 'product.feature_used') users.set(String(e.properties.feature), (users.get(String(e.properties.feature)) ?? new Set()).add(e.userId!));
      expect(Object.fromEntries(d.featureAdoption.features.map((x) => [x.feature, x.adoption]))).toEqual(Object.fromEntries([...users].map(([k, v]) => [k, v.size / active])));
      seen.openTickets += d.tickets.open.length;
      seen.timeline += d.timeline.length;
      seen.activeDays += d.usageTrend.filter((u) => u.activeUsers > 0).length;
      seen.features += d.featureAdoption.features.length;
    }
    // The dataset exercises every part (not 20 empty customers).
    expect(Object.values(seen).every((n) => n > 0)).toBe(true);
  });

  it('searches by name or id prefix, highest MRR first, page by page, within the tenant', async () => {
    const token = await mint({ role: 'analyst' });
    const search = async (query: string) => {
      const res = await get(token, `/v1/customers?${query}`);
      expect(res.status).toBe(200);
      return (await res.json()) as CustomerSearchResult;
    };
    const expected = await f.store.query<{ customer_id: string }>(`SELECT customer_id FROM customers WHERE tenant = 'acme' ORDER BY mrr_minor DESC, customer_id`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: CustomerSearchResult = await search(`limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected.map((r) => r.customer_id));

    const byName = await search('q=company%201');
    expect(byName.items.map((i) => i.name).sort()).toEqual(['Company 1', ...Array.from({ length: 10 }, (_, i) => `Company 1${i}`)].sort());
    const mrrs = byName.items.map((i) => i.mrr.amountMinor);
    expect(mrrs).toEqual([...mrrs].sort((a, b) => b - a));
    const byId = await search('q=acme-cus-1');
    expect(byId.items.map((i) => i.id).sort()).toEqual(byName.items.map((i) => i.id).sort());
    expect((await search('q=globex')).items).toEqual([]);
    expect((await search('q=acme-cus-3')).items[0]).toMatchObject({ id: 'acme-cus-3', name: 'Company 3', healthScore: expect.any(Number) });
  });

  it('keeps a CRM-sidebar token on its customer: another id is 403 with no data, search finds only its own', async () => {
    const sidebar = await mint({ role: 'success', filters: { customerId: 'acme-cus-1' } });
    expect((await detail(sidebar, 'acme-cus-1')).id).toBe('acme-cus-1');
    for (const other of ['acme-cus-2', 'globex-cus-1', 'nobody']) {
      const res = await get(sidebar, `/v1/customers/${other}`);
      expect(res.status).toBe(403);
      const body = await res.text();
      expect(JSON.parse(body)).toMatchObject({ error: { code: 'forbidden' } });
      expect(body).not.toContain('Company');
    }
    for (const q of ['', 'Company', 'acme-cus-2']) {
      const res = await get(sidebar, `/v1/customers?q=${q}`);
      const page = (await res.json()) as CustomerSearchResult;
      expect(page.items.every((i) => i.id === 'acme-cus-1')).toBe(true);
      if (q !== 'acme-cus-2') expect(page.items).toHaveLength(1);
    }
  });

  it('refuses a viewer, and answers bad input with 404 or 422 naming the field', async () => {
    const viewer = await mint({ role: 'viewer' });
    for (const path of ['/v1/customers/acme-cus-1', '/v1/customers?q=C']) {
      const res = await get(viewer, path);
      expect(res.status).toBe(403);
      expect(JSON.stringify(await res.json())).not.toContain('Company');
    }
    expect((await app.request('/v1/customers/acme-cus-1')).status).toBe(401);

    const token = await mint({ role: 'admin' });
    const missing = await get(token, '/v1/customers/globex-cus-1'); // another tenant's customer is not there at all
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found', field: 'id' } });
    for (const [query, field] of [[`q=${'x'.repeat(201)}`, 'q'], ['limit=0', 'limit'], ['limit=101', 'limit'], ['limit=ten', 'limit'], ['cursor=nope', 'cursor']] as const) {
      const res = await get(token, `/v1/customers?${query}`);
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ error: { code: 'validation_failed', field } });
    }
  });
});
