import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type WsWebSocket from 'ws';
import { fakeFetch, fakeJwt, flush, queryResult, type FakeRequest } from './client-testing.ts';
import { createClient } from './create-client.ts';
import type { ClientOptions } from './create-client-options.ts';
import type { WebSocketConstructor } from './live-messages.ts';
import type { CustomerDetail } from './wire/customers.ts';
import type { DashboardLayout, SavedDashboard } from './wire/dashboards.ts';
import { TallyApiError } from './wire/errors.ts';
import type { QueryRequest, QueryResponse } from './wire/query.ts';
import type { RevenueMovementsResponse } from './wire/revenue.ts';
import { ROLES, type BuiltInRole, type Role, type TokenRequest } from './wire/tokens.ts';

const url = 'https://tally.example.com';
const mrr: QueryRequest = { metric: 'mrr', range: '90d', granularity: 'week' };

function setup(getToken: ClientOptions['getToken'] = () => Promise.resolve('tok-1')) {
  const { fetch, requests } = fakeFetch();
  const tokens = vi.fn(getToken);
  const client = createClient({ url, getToken: tokens, fetch });
  /** The `n`th request, once the client has sent it. */
  const nth = async (n: number): Promise<FakeRequest> => {
    await flush();
    const req = requests[n];
    if (req === undefined) throw new Error(`expected request ${n}, got ${requests.length}`);
    return req;
  };
  return { client, requests, tokens, nth };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a rejection'),
    (err: unknown) => err,
  );
}

describe('createClient().query()', () => {
  it('posts the request with the token and returns the typed answer', async () => {
    const { client, nth } = setup();
    const answer = client.query(mrr);
    const req = await nth(0);
    expect(req).toMatchObject({ url: `${url}/v1/query`, method: 'POST', authorization: 'Bearer tok-1', body: mrr });
    req.respond(200, queryResult(7));
    expect(await answer).toEqual(queryResult(7));
    expectTypeOf(answer).toEqualTypeOf<Promise<QueryResponse>>();
  });

  it('shares one request among identical queries in flight, whatever their key order', async () => {
    const { client, requests, nth } = setup();
    const first = client.query(mrr);
    const second = client.query({ granularity: 'week', range: '90d', metric: 'mrr' });
    const other = client.query({ ...mrr, range: '30d' });
    await flush();
    expect(requests).toHaveLength(2);
    (await nth(0)).respond(200, queryResult(1));
    (await nth(1)).respond(200, queryResult(2));
    const [a, b, c] = await Promise.all([first, second, other]);
    expect(a).toBe(b);
    expect(c.series[0]?.total).toBe(2);

    const later = client.query(mrr);
    (await nth(2)).respond(200, queryResult(3));
    expect((await later).series[0]?.total).toBe(3);
  });

  it('rejects an aborted caller with its reason and keeps the shared request for the others', async () => {
    const { client, nth } = setup();
    const controller = new AbortController();
    const aborted = client.query(mrr, { signal: controller.signal });
    const kept = client.query(mrr);
    const req = await nth(0);
    controller.abort();
    const err = await rejection(aborted);
    expect(err).toBeInstanceOf(DOMException);
    expect((err as DOMException).name).toBe('AbortError');
    expect(req.signal?.aborted).toBe(false);
    req.respond(200, queryResult(5));
    expect((await kept).series[0]?.total).toBe(5);
  });

  it('cancels the request once its every caller aborted, and starts afresh after', async () => {
    const { client, requests, nth } = setup();
    const one = new AbortController();
    const two = new AbortController();
    const first = client.query(mrr, { signal: one.signal });
    const second = client.query(mrr, { signal: two.signal });
    const req = await nth(0);
    one.abort(new Error('gone'));
    expect(req.signal?.aborted).toBe(false);
    two.abort(new Error('gone too'));
    expect(req.signal?.aborted).toBe(true);
    expect(await rejection(first)).toEqual(new Error('gone'));
    expect(await rejection(second)).toEqual(new Error('gone too'));

    const again = client.query(mrr);
    (await nth(1)).respond(200, queryResult(9));
    expect((await again).series[0]?.total).toBe(9);
    expect(requests).toHaveLength(2);
  });

  it('does not send a query whose signal is already aborted', async () => {
    const { client, requests } = setup();
    const err = await rejection(client.query(mrr, { signal: AbortSignal.abort() }));
    expect((err as DOMException).name).toBe('AbortError');
    await flush();
    expect(requests).toHaveLength(0);
  });

  it('answers a 401 by fetching a fresh token and retrying once', async () => {
    let n = 0;
    const { client, tokens, nth } = setup(() => Promise.resolve(`tok-${++n}`));
    const answer = client.query(mrr);
    (await nth(0)).respond(401, { error: { code: 'unauthorized', message: 'token expired' } });
    const retry = await nth(1);
    expect(retry.authorization).toBe('Bearer tok-2');
    retry.respond(200, queryResult(4));
    expect((await answer).series[0]?.total).toBe(4);
    expect(tokens).toHaveBeenCalledTimes(2);
  });

  it('gives up after the retry is refused too', async () => {
    const { client, tokens, nth } = setup();
    const answer = client.query(mrr);
    (await nth(0)).respond(401, { error: { code: 'unauthorized', message: 'no' } });
    (await nth(1)).respond(401, { error: { code: 'unauthorized', message: 'still no' } });
    const err = await rejection(answer);
    expect(err).toBeInstanceOf(TallyApiError);
    expect(err).toMatchObject({ code: 'unauthorized', status: 401, message: 'still no' });
    expect(tokens).toHaveBeenCalledTimes(2);
  });

  it('does not retry a 403', async () => {
    const { client, tokens, nth } = setup();
    const answer = client.query(mrr);
    (await nth(0)).respond(403, { error: { code: 'forbidden', message: 'not your customer' } });
    expect(await rejection(answer)).toMatchObject({ code: 'forbidden', status: 403 });
    expect(tokens).toHaveBeenCalledTimes(1);
  });

  it('turns a failing getToken into unauthorized without calling the server', async () => {
    const { client, requests } = setup(() => Promise.reject(new Error('backend down')));
    const err = await rejection(client.query(mrr));
    expect(err).toMatchObject({ code: 'unauthorized', message: 'getToken failed: backend down' });
    expect(requests).toHaveLength(0);
  });
});

describe('createClient() token refresh', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse('2026-11-20T12:00:00.000Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps the token until 30 s before its expiresAt, then fetches a fresh one', async () => {
    let n = 0;
    const expiresAt = new Date(Date.now() + 10 * 60_000).toISOString();
    const { client, tokens, nth } = setup(() => Promise.resolve({ token: `tok-${++n}`, expiresAt }));
    const ask = async (i: number): Promise<string | undefined> => {
      const answer = client.query(mrr);
      const req = await nth(i);
      req.respond(200, queryResult(i));
      await answer;
      return req.authorization;
    };
    expect(await ask(0)).toBe('Bearer tok-1');
    vi.setSystemTime(Date.parse(expiresAt) - 31_000);
    expect(await ask(1)).toBe('Bearer tok-1');
    vi.setSystemTime(Date.parse(expiresAt) - 29_000);
    expect(await ask(2)).toBe('Bearer tok-2');
    expect(tokens).toHaveBeenCalledTimes(2);
  });

  it("reads a bare JWT's exp", async () => {
    const exp = Date.now() + 5 * 60_000;
    let n = 0;
    const { client, tokens, nth } = setup(() => Promise.resolve(fakeJwt(exp, `user_${++n}`)));
    const ask = async (i: number): Promise<void> => {
      const answer = client.query(mrr);
      (await nth(i)).respond(200, queryResult(i));
      await answer;
    };
    await ask(0);
    vi.setSystemTime(exp - 31_000);
    await ask(1);
    expect(tokens).toHaveBeenCalledTimes(1);
    vi.setSystemTime(exp - 29_000);
    await ask(2);
    expect(tokens).toHaveBeenCalledTimes(2);
  });
});

describe('createClient() other endpoints', () => {
  it('gets one customer with the id encoded', async () => {
    const { client, nth } = setup();
    const answer = client.customer('acme/7');
    const req = await nth(0);
    expect(req).toMatchObject({ url: `${url}/v1/customers/acme%2F7`, method: 'GET', authorization: 'Bearer tok-1' });
    req.respond(200, { id: 'acme/7', mrr: { amountMinor: 100, currency: 'USD' }, timeline: [] });
    expect((await answer).id).toBe('acme/7');
    expectTypeOf(answer).toEqualTypeOf<Promise<CustomerDetail>>();
  });

  it('asks revenue movements with a range or absolute instants', async () => {
    const { client, nth } = setup();
    const body = { currency: 'USD', currencies: ['USD'], periods: [], totals: {}, meta: {} };
    const relative = client.revenueMovements({ range: '12mo', granularity: 'month' });
    (await nth(0)).respond(200, body);
    await relative;
    const absolute = client.revenueMovements({ range: { from: '2026-01-01T00:00:00Z', to: '2026-07-01T00:00:00Z' } });
    const req = await nth(1);
    req.respond(200, body);
    expectTypeOf(await absolute).toEqualTypeOf<RevenueMovementsResponse>();
    const first = new URL((await nth(0)).url);
    expect(first.pathname + first.search).toBe('/v1/revenue/movements?range=12mo&granularity=month');
    expect(Object.fromEntries(new URL(req.url).searchParams)).toEqual({ from: '2026-01-01T00:00:00Z', to: '2026-07-01T00:00:00Z' });
    const euros = client.revenueMovements({ currency: 'EUR' });
    (await nth(2)).respond(200, { ...body, currency: 'EUR' });
    expect((await euros).currency).toBe('EUR');
    expect(new URL((await nth(2)).url).search).toBe('?currency=EUR');
  });

  it('sends the widget header when a call names its widget, and shares calls only with the same widget', async () => {
    const { client, requests, nth } = setup();
    const tile = client.query(mrr, { widget: 'kpi-tile' });
    const sameTile = client.query(mrr, { widget: 'kpi-tile' });
    const chart = client.query(mrr, { widget: 'metric-chart' });
    const plain = client.query(mrr);
    await flush();
    expect(requests.map((r) => r.headers['x-tally-widget'])).toEqual(['kpi-tile', 'metric-chart', undefined]);
    for (let i = 0; i < 3; i++) (await nth(i)).respond(200, queryResult(i));
    expect(await tile).toBe(await sameTile);
    await Promise.all([chart, plain]);
  });

  it('reads a saved dashboard, null when never saved, and saves one with its version, never sharing saves', async () => {
    const { client, requests, nth } = setup();
    const layout: DashboardLayout = { items: [{ id: 'a', widget: 'kpi-tile', x: 0, y: 0, w: 3, h: 2, attributes: { metric: 'mrr' } }] };
    const saved: SavedDashboard = { id: 'my home', layout, version: 2, updatedAt: '2026-11-20T12:00:00.000Z' };

    const missing = client.dashboard('my home', { widget: 'tally-dashboard' });
    const first = await nth(0);
    expect(first).toMatchObject({ url: `${url}/v1/dashboards/my%20home`, method: 'GET', headers: { 'x-tally-widget': 'tally-dashboard' } });
    first.respond(404, { error: { code: 'not_found', message: 'id: no saved dashboard', field: 'id' } });
    expect(await missing).toBeNull();

    const found = client.dashboard('my home');
    (await nth(1)).respond(200, saved);
    expect(await found).toEqual(saved);
    expectTypeOf(found).toEqualTypeOf<Promise<SavedDashboard | null>>();

    const save = client.saveDashboard('my home', layout, { version: 2 });
    const again = client.saveDashboard('my home', layout, { version: 2 });
    await flush();
    expect(requests).toHaveLength(4);
    expect(requests[2]).toMatchObject({ method: 'PUT', url: `${url}/v1/dashboards/my%20home`, body: { layout, version: 2 } });
    requests[2]!.respond(200, { ...saved, version: 3 });
    requests[3]!.respond(409, { error: { code: 'conflict', message: 'version: dashboard my home is at version 3, not 2', field: 'version' } });
    expect((await save).version).toBe(3);
    expect(await rejection(again)).toMatchObject({ code: 'conflict', status: 409, field: 'version' });

    const created = client.saveDashboard('new', { items: [] });
    const put = await nth(4);
    expect(put.body).toEqual({ layout: { items: [] } });
    put.respond(201, { id: 'new', layout: { items: [] }, version: 1, updatedAt: saved.updatedAt });
    expect((await created).version).toBe(1);

    const refused = client.dashboard('x');
    (await nth(5)).respond(403, { error: { code: 'forbidden_widget', message: 'x-tally-widget: name the widget', field: 'x-tally-widget' } });
    expect(await rejection(refused)).toMatchObject({ code: 'forbidden_widget', status: 403 });
  });

  it('maps a body of the wrong shape to internal', async () => {
    const { client, nth } = setup();
    const answer = client.customer('c1');
    (await nth(0)).respond(200, { hello: 'world' });
    expect(await rejection(answer)).toMatchObject({ code: 'internal' });
  });
});

describe('createClient() options', () => {
  it('names the bad option', () => {
    const getToken = (): Promise<string> => Promise.resolve('t');
    expect(() => createClient({ url: 'ftp://x', getToken })).toThrow(/^invalid url: /);
    expect(() => createClient({ url, getToken: 'tok' as never })).toThrow(/^invalid getToken: /);
    expect(() => createClient({ url, getToken, reconnect: { maxDelayMs: -1 } })).toThrow(/^invalid reconnect.maxDelayMs: /);
  });

  it('throws at subscribe, not at creation, when there is no WebSocket', () => {
    const client = createClient({ url, getToken: () => Promise.resolve('t'), fetch: fakeFetch().fetch, WebSocket: undefined });
    if ((globalThis as { WebSocket?: unknown }).WebSocket !== undefined) return; // Node 22+ has one
    expect(() => client.subscribe(mrr, () => {})).toThrow(/^invalid WebSocket: /);
  });
});

describe('createClient() types', () => {
  it("accepts the browser's WebSocket and the ws package's as constructors", () => {
    expectTypeOf<typeof WebSocket>().toExtend<WebSocketConstructor>();
    expectTypeOf<typeof WsWebSocket>().toExtend<WebSocketConstructor>();
  });

  it('types a role as a built-in one or any custom name, keeping the built-in list', () => {
    expectTypeOf<BuiltInRole>().toExtend<Role>();
    expectTypeOf<'support_agent'>().toExtend<Role>();
    expectTypeOf<TokenRequest['role']>().toEqualTypeOf<Role>();
    expectTypeOf(ROLES).toEqualTypeOf<readonly BuiltInRole[]>();
    expectTypeOf<number>().not.toExtend<Role>();
  });
});
