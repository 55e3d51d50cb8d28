import { parseRolesConfig } from '@tally/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbedTestServer, type EmbedTestServer } from './embed-testing.ts';
import { QUERY_NOW, type QueryFixture } from '../../../test/support/query-fixture.ts';

/**
 * A host app's whole path: API key → embed token from its backend → the widget's query, in one server. The
 * server runs with `TALLY_ROLES` narrowing `viewer` and adding a one-customer `support_agent` role.
 */
const ROLES = '{"viewer":{"sensitivities":["general"]},"auditor_x":{"sensitivities":["finance"]},'
  + '"support_agent":{"sensitivities":["general","support","customer"],"customers":"one"}}';

describe('embedding: token, then query', () => {
  let s: EmbedTestServer;
  let f: QueryFixture;
  let app: EmbedTestServer['app'];

  beforeAll(async () => {
    s = await openEmbedTestServer('pglite', { roles: parseRolesConfig(ROLES) });
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
  it("enforces a custom role's grants and a redefined built-in role's on /v1/query", async () => {
    const mintStatus = async (body: object) => {
      const res = await app.request('/v1/tokens', { method: 'POST', body: JSON.stringify({ subject: 'u', ...body }), headers: { authorization: `Bearer ${s.apiKey}`, 'content-type': 'application/json' } });
      return { status: res.status, body: (await res.json()) as { error?: { code: string; field: string } } };
    };
    expect(await mintStatus({ role: 'support_agent' })).toMatchObject({ status: 422, body: { error: { code: 'validation_failed', field: 'filters.customerId' } } });
    expect(await mintStatus({ role: 'auditor' })).toMatchObject({ status: 422, body: { error: { code: 'validation_failed', field: 'role' } } });
    expect(await mintStatus({ role: 'support_agent', filters: { customerId: 'acme-cus-1' }, metrics: ['mrr'] })).toMatchObject({ status: 422, body: { error: { field: 'metrics[0]' } } });

    const agent = await mint({ role: 'support_agent', filters: { customerId: 'acme-cus-1' } });
    const tickets = await query(agent, { metric: 'tickets_opened', range: '30d' });
    expect(tickets.status).toBe(200);
    const [raw] = await f.store.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE tenant = 'acme' AND customer_id = 'acme-cus-1' AND type IN ('support.ticket_opened', 'support.conversation_opened')
         AND occurred_at >= date_trunc('day', $1::timestamptz) - interval '29 days'`,
      [new Date(QUERY_NOW).toISOString()],
    );
    expect(((await tickets.json()) as { series: { total: number }[] }).series[0]!.total).toBe(raw!.n);
    for (const metric of ['dau', 'revenue']) expect((await query(agent, { metric, range: '30d' })).status, metric).toBe(403);

    // viewer is redefined to general only: product metrics are refused, events are not.
    const viewer = await mint({ role: 'viewer' });
    expect((await query(viewer, { metric: 'dau', range: '30d' })).status).toBe(403);
    expect((await query(viewer, { metric: 'events', range: '7d' })).status).toBe(200);
    expect((await query(await mint({ role: 'auditor_x' }), { metric: 'mrr', range: '90d' })).status).toBe(200);
  });
});
