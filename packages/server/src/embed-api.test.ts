import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbedTestServer, type EmbedTestServer } from './embed-testing.ts';
import { QUERY_NOW, type QueryFixture } from '../../../test/support/query-fixture.ts';

/** A host app's whole path: API key → embed token from its backend → the widget's query, in one server. */
describe('embedding: token, then query', () => {
  let s: EmbedTestServer;
  let f: QueryFixture;
  let app: EmbedTestServer['app'];

  beforeAll(async () => {
    s = await openEmbedTestServer('pglite');
    ({ fixture: f, app } = s);
  }, 120_000);
  afterAll(() => s.close());

  const mint = (body: object) => s.mint(body);
  const query = (token: string, body: object) =>
    app.request('/v1/query', { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });

  it('answers a finance token with the revenue raw events add up to', async () => {
    const token = await mint({ role: 'finance' });
    const res = await query(token, { metric: 'revenue', range: '30d', granularity: 'day' });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { series: { total: number }[]; meta: { sources: string[] } };
    const [raw] = await f.store.query<{ total: number }>(
      `SELECT coalesce(sum(revenue_minor), 0)::bigint AS total FROM events
       WHERE tenant = 'acme' AND type = 'billing.invoice_paid' AND occurred_at >= date_trunc('day', $1::timestamptz) - interval '29 days'`,
      [new Date(QUERY_NOW).toISOString()],
    );
    expect(answer.series[0]!.total).toBe(Number(raw!.total));
    expect(answer.meta.sources).toEqual(['rollup']);
  });

  it('refuses revenue to a viewer, another customer to a CRM-sidebar token, and a request without a token, with no data', async () => {
    const viewer = await mint({ role: 'viewer' });
    const refused = await query(viewer, { metric: 'revenue', range: '30d' });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'forbidden', field: 'metric' } });

    const sidebar = await mint({ role: 'success', filters: { customerId: 'acme-cus-1' } });
    const other = await query(sidebar, { metric: 'dau', range: '30d', filters: { customer: ['acme-cus-2'] } });
    expect(other.status).toBe(403);
    expect(JSON.stringify(await other.json())).not.toContain('"series"');

    const anonymous = await app.request('/v1/query', { method: 'POST', body: JSON.stringify({ metric: 'events', range: '7d' }) });
    expect(anonymous.status).toBe(401);
  });
});
