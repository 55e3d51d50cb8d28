import type { QueryResponse } from '@tally/client-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbedTestServer, type EmbedTestServer } from '../embed-testing.ts';
import { QUERY_NOW, type QueryFixture } from '../../../../test/support/query-fixture.ts';

/** Parses the CSV this endpoint writes (RFC 4180: quoted fields may hold commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += ch;
  }
  return rows;
}

describe('POST /v1/query.csv', () => {
  let s: EmbedTestServer;
  let f: QueryFixture;
  let app: EmbedTestServer['app'];
  const evil = '=HYPERLINK("http://evil.example","click"),1';

  beforeAll(async () => {
    s = await openEmbedTestServer('pglite');
    ({ fixture: f, app } = s);
    // A feature named by an attacker (dimension values come from event properties).
    await f.store.query(
      `INSERT INTO rollup_day (tenant, metric, bucket, dimension, dim_value, value, count) VALUES ('acme', 'feature_uses', '2026-11-19T00:00:00Z', 'feature', $1, 7, 7)`,
      [evil],
    );
  }, 120_000);
  afterAll(() => s.close());

  const mint = (body: object) => s.mint(body);
  const post = (path: string, token: string, body: object | string) =>
    app.request(path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });

  it('gives the numbers of the JSON answer, grouped, with RFC 4180 quoting and defused formula cells', async () => {
    const token = await mint({ role: 'analyst' });
    const body = { metric: 'feature_uses', range: '7d', groupBy: 'feature' };
    const json = (await (await post('/v1/query', token, body)).json()) as QueryResponse;
    const res = await post('/v1/query.csv', token, body);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="feature_uses.csv"');
    const text = await res.text();
    expect(text).toContain(`,"'=HYPERLINK(""http://evil.example"",""click""),1",7\r\n`);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(['bucket', 'group', 'value']);
    const expected = json.series.flatMap((s) => s.points.map((p) => [p.t, s.group!, p.v === null ? '' : String(p.v)]));
    expect(rows.map(([t, g, v]) => [t, g!.replace(/^'(?=[=+\-@\t\r])/, ''), v])).toEqual(expected);
    expect(rows.some(([, g]) => g === `'${evil}`)).toBe(true);
    expect(rows.every(([, g]) => !/^[=+\-@]/.test(g!))).toBe(true);
  });

  it('writes bucket,value for an ungrouped answer', async () => {
    const token = await mint({ role: 'finance' });
    const body = { metric: 'revenue', range: '30d' };
    const json = (await (await post('/v1/query', token, body)).json()) as QueryResponse;
    const [header, ...rows] = parseCsv(await (await post('/v1/query.csv', token, body)).text());
    expect(header).toEqual(['bucket', 'value']);
    expect(rows).toEqual(json.series[0]!.points.map((p) => [p.t, String(p.v)]));
    expect(rows.reduce((a, [, v]) => a + Number(v), 0)).toBe(json.series[0]!.total);
  });

  it('follows the query access rules: 403 with no CSV for a viewer on revenue or a sidebar on another customer, 401 without a token', async () => {
    const viewer = await post('/v1/query.csv', await mint({ role: 'viewer' }), { metric: 'revenue', range: '30d' });
    expect(viewer.status).toBe(403);
    expect(viewer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await viewer.json()).toMatchObject({ error: { code: 'forbidden', field: 'metric' } });

    const sidebar = await post('/v1/query.csv', await mint({ role: 'success', filters: { customerId: 'acme-cus-1' } }), { metric: 'dau', range: '30d', filters: { customer: ['acme-cus-2'] } });
    expect(sidebar.status).toBe(403);
    expect(await sidebar.text()).not.toContain('bucket');

    expect((await app.request('/v1/query.csv', { method: 'POST', body: '{}' })).status).toBe(401);
  });

  it('names the field of a bad request', async () => {
    const token = await mint({ role: 'admin' });
    expect(await (await post('/v1/query.csv', token, { metric: 'events', range: '7 days' })).json()).toMatchObject({ error: { code: 'validation_failed', field: 'range' } });
    expect(await (await post('/v1/query.csv', token, '{')).json()).toMatchObject({ error: { code: 'invalid_json', field: 'body' } });
  });
});
