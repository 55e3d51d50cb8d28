import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { LIVE_CLOSE, LIVE_PATH, LIVE_REFUSALS_BEFORE_CLOSE, type LiveServerMessage, type QueryResponse } from '@tally/client-sdk';
import { createLogger, createMemoryCache, openRedisCache, type Cache, type CanonicalEvent } from '@tally/core';
import { BatchApplier, createApiKey, ensureTenant } from '@tally/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openQueryFixture, QUERY_NOW, type QueryFixture } from '../../../../test/support/query-fixture.ts';
import { freshKeyPrefix, testRedisUrl } from '../../../../test/support/services.ts';
import { createApp } from '../app.ts';
import { createEmbedAuth, type EmbedAuth } from '../auth/index.ts';
import { createEmbedApi } from '../embed-api.ts';
import { createMetrics } from '../metrics.ts';
import { createQueryService, type QueryService } from '../query/index.ts';
import { attachLive, createLiveHub, LIVE_MAX_FRAME_BYTES, registerLiveMetrics, type LiveHub, type LiveHubOptions } from './index.ts';

type Closed = { code: number; reason: string };

/** A `ws` client that keeps every message, so a test can wait for the one it expects. */
class LiveClient {
  readonly received: LiveServerMessage[] = [];
  readonly closed: Promise<Closed>;
  #cursor = 0;
  #wake: (() => void) | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.received.push(JSON.parse(String(data)) as LiveServerMessage);
      this.#wake?.();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => {
      resolve({ code, reason: String(reason) });
      this.#wake?.();
    }));
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<LiveClient> {
    const ws = new WebSocket(url, { headers });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new LiveClient(ws)));
      ws.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next message (after those already taken) that matches; fails if the socket closes first. */
  async next<T extends LiveServerMessage['type']>(type: T, match: (m: Extract<LiveServerMessage, { type: T }>) => boolean = () => true, timeoutMs = 10_000): Promise<Extract<LiveServerMessage, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (let i = this.#cursor; i < this.received.length; i++) {
        const m = this.received[i]!;
        if (m.type === type && match(m as Extract<LiveServerMessage, { type: T }>)) {
          this.#cursor = i + 1;
          return m as Extract<LiveServerMessage, { type: T }>;
        }
      }
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error(`socket closed while waiting for ${type}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${type} within ${timeoutMs} ms; got ${JSON.stringify(this.received.slice(this.#cursor))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Every message up to now has been handled by the server (frames are handled in order). */
  async sync(): Promise<void> {
    this.send({ type: 'ping' });
    await this.next('pong');
  }

  results(id: string): QueryResponse[] {
    return this.received.flatMap((m) => (m.type === 'result' && m.id === id ? [m.result] : []));
  }

  close(): Promise<Closed> {
    if (this.ws.readyState !== WebSocket.CLOSED) this.ws.close();
    return this.closed;
  }
}

const EVENTS_7D = { metric: 'events', range: '7d', granularity: 'day' } as const;
const totalOf = (result: QueryResponse): number => result.series[0]!.total ?? Number.NaN;

describe('live socket', () => {
  let f: QueryFixture;
  let cache: Cache;
  let auth: EmbedAuth;
  let queries: QueryService;
  let applier: BatchApplier;
  let apiKey: string;
  let stopInvalidation: () => Promise<void>;
  /** The hub's clock, ahead of the token clock by this much (to bring a token's expiry close). */
  let skewMs = 0;
  const servers: { close(): Promise<void> }[] = [];

  /** A real HTTP server on port 0 serving the embed routes (of `routesAuth`) and the live socket. */
  async function startServer(options: Partial<LiveHubOptions> = {}, routesAuth = auth): Promise<{ url: string; hub: LiveHub; app: ReturnType<typeof createApp> }> {
    const hub = await createLiveHub({ auth, queries, cache, now: () => QUERY_NOW + skewMs, heartbeatMs: 60_000, ...options });
    const live = attachLive(hub);
    const metrics = createMetrics();
    registerLiveMetrics(metrics.registry, hub);
    const app = createApp({
      adapters: { store: f.store, cache, names: { bus: 'embedded', store: 'pglite', cache: 'memory' } },
      version: 'test',
      metrics,
      logger: createLogger({ level: 'silent' }),
      routes: [...routesAuth.routes, createEmbedApi(routesAuth, queries), live.routes],
    });
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
      live.inject(s);
    });
    servers.push({
      async close() {
        await hub.close();
        await new Promise((resolve) => server.close(resolve));
      },
    });
    return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}${LIVE_PATH}`, hub, app };
  }

  let main: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    f = await openQueryFixture('pglite');
    cache = createMemoryCache();
    const now = () => QUERY_NOW;
    auth = createEmbedAuth({ store: f.store, cache, now });
    queries = createQueryService({ store: f.store, now });
    stopInvalidation = await queries.subscribeInvalidation(cache);
    applier = new BatchApplier({ store: f.store, cache, now });
    await ensureTenant(f.store, 'acme');
    apiKey = (await createApiKey(f.store, { tenant: 'acme', scopes: ['tokens'] })).key;
    main = await startServer({ authTimeoutMs: 300 });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await stopInvalidation?.();
    await cache?.close();
    await f?.close();
  });

  const mintWithId = async (body: object, tenantKey = apiKey) => {
    const res = await main.app.request('/v1/tokens', { method: 'POST', body: JSON.stringify({ subject: 'user-1', ...body }), headers: { authorization: `Bearer ${tenantKey}`, 'content-type': 'application/json' } });
    expect(res.status).toBe(201);
    return (await res.json()) as { token: string; id: string };
  };
  const mint = async (body: object, tenantKey = apiKey) => (await mintWithId(body, tenantKey)).token;

  /** A client that is authenticated with a fresh token of `role`. */
  const connect = async (role = 'finance', url = main.url, token?: string) => {
    const client = await LiveClient.open(url);
    client.send({ type: 'auth', token: token ?? (await mint({ role })) });
    await client.next('ready');
    return client;
  };

  /** One more acme page view, applied through the real aggregator: "metric changed" follows on the cache. */
  const pageView = (): CanonicalEvent => ({
    id: `segment:live-${randomUUID()}`, tenant: 'acme', source: 'segment', type: 'product.page_viewed', schemaVersion: 1,
    occurredAt: new Date(QUERY_NOW - 3_600_000).toISOString(), receivedAt: new Date(QUERY_NOW).toISOString(),
    customerId: 'acme-cus-1', userId: 'acme-cus-1-u0', properties: { path: '/live' },
  });

  it('closes 4401 when the first message is not auth, and when none comes in time', async () => {
    const eager = await LiveClient.open(main.url);
    eager.send({ type: 'subscribe', id: 'a', query: EVENTS_7D });
    expect((await eager.closed).code).toBe(LIVE_CLOSE.unauthorized);

    const silent = await LiveClient.open(main.url);
    expect(await silent.closed).toMatchObject({ code: LIVE_CLOSE.unauthorized, reason: expect.stringContaining('auth') });

    const forger = await LiveClient.open(main.url);
    forger.send({ type: 'auth', token: 'not-a-token' });
    expect((await forger.closed).code).toBe(LIVE_CLOSE.unauthorized);
    expect(forger.received).toEqual([]);
  });

  it('closes 4400 on a frame that is not JSON or not a known message', async () => {
    const client = await connect();
    client.send('{nope');
    expect((await client.closed).code).toBe(LIVE_CLOSE.badMessage);
    const other = await connect();
    other.send({ type: 'shout' });
    expect((await other.closed).code).toBe(LIVE_CLOSE.badMessage);
    const huge = await LiveClient.open(main.url);
    huge.send({ type: 'auth', token: 'x'.repeat(LIVE_MAX_FRAME_BYTES) });
    expect((await huge.closed).code).toBe(1009); // message too big, refused before it is read
  });

  it('answers a subscription, then pushes the new result when a batch changes its metric', async () => {
    const client = await connect();
    client.send({ type: 'subscribe', id: 'ev', query: EVENTS_7D });
    const first = await client.next('result', (m) => m.id === 'ev');
    expect(first.result.meta.metric).toBe('events');

    await applier.apply([pageView()]);
    const pushed = await client.next('result', (m) => m.id === 'ev');
    expect(totalOf(pushed.result)).toBe(totalOf(first.result) + 1);
    await client.close();
  });

  it('accepts auth and subscribe sent together, before ready', async () => {
    const client = await LiveClient.open(main.url);
    client.send({ type: 'auth', token: await mint({ role: 'viewer' }) });
    client.send({ type: 'subscribe', id: 'ev', query: EVENTS_7D });
    await client.next('ready');
    await client.next('result', (m) => m.id === 'ev');
    await client.close();
  });

  it('refuses revenue to a viewer with an error and never a result; other subscriptions go on', async () => {
    const client = await connect('viewer');
    client.send({ type: 'subscribe', id: 'rev', query: { metric: 'revenue', range: '30d' } });
    client.send({ type: 'subscribe', id: 'bad', query: { metric: 'events', range: 'forever' } });
    client.send({ type: 'subscribe', id: 'ev', query: EVENTS_7D });
    const refused = await client.next('error', (m) => m.id === 'rev');
    expect(refused).toMatchObject({ code: 'forbidden', field: 'metric' });
    expect(await client.next('error', (m) => m.id === 'bad')).toMatchObject({ code: 'validation_failed', field: 'range' });
    await client.next('result', (m) => m.id === 'ev');

    await applier.apply([pageView()]);
    await client.next('result', (m) => m.id === 'ev');
    await client.sync();
    expect(client.received.filter((m) => 'id' in m && m.id === 'rev')).toEqual([refused]);
    await client.close();
  });

  it('stops pushing a subscription once it is unsubscribed', async () => {
    const client = await connect();
    client.send({ type: 'subscribe', id: 'gone', query: EVENTS_7D });
    client.send({ type: 'subscribe', id: 'kept', query: { ...EVENTS_7D, range: '30d' } });
    await client.next('result', (m) => m.id === 'gone');
    await client.next('result', (m) => m.id === 'kept');
    client.send({ type: 'unsubscribe', id: 'gone' });
    await client.sync();

    await applier.apply([pageView()]);
    await client.next('result', (m) => m.id === 'kept');
    await client.sync();
    expect(client.results('gone')).toHaveLength(1);
    expect(client.results('kept')).toHaveLength(2);
    await client.close();
  });

  it('coalesces a burst of changes into far fewer pushes, ending at the latest result', async () => {
    const client = await connect();
    client.send({ type: 'subscribe', id: 'ev', query: EVENTS_7D });
    const before = totalOf((await client.next('result', (m) => m.id === 'ev')).result);
    const started = performance.now();
    for (let i = 0; i < 10; i++) await applier.apply([pageView()]);
    const elapsed = performance.now() - started;
    await client.next('result', (m) => m.id === 'ev' && totalOf(m.result) === before + 10);
    await client.sync();
    const pushes = client.results('ev').length - 1;
    // At most one run per 250 ms, plus the one right away and the one after the last change.
    expect(pushes).toBeLessThanOrEqual(Math.floor(elapsed / 250) + 2);
    expect(pushes).toBeLessThan(10);
    await client.close();
  });

  it('closes 4403 when the token expires, and stays open past it with a refreshed token', async () => {
    skewMs = 29_700; // a 30 s token (the shortest) has 300 ms left on the hub's clock
    try {
      const expiring = await LiveClient.open(main.url);
      expiring.send({ type: 'auth', token: await mint({ role: 'finance', ttlSeconds: 30 }) });
      await expiring.next('ready');
      expect((await expiring.closed).code).toBe(LIVE_CLOSE.tokenExpired);

      const refreshed = await LiveClient.open(main.url);
      refreshed.send({ type: 'auth', token: await mint({ role: 'finance', ttlSeconds: 30 }) });
      const ready = await refreshed.next('ready');
      refreshed.send({ type: 'subscribe', id: 'ev', query: EVENTS_7D });
      await refreshed.next('result', (m) => m.id === 'ev');
      refreshed.send({ type: 'auth', token: await mint({ role: 'finance', ttlSeconds: 600 }) });
      const again = await refreshed.next('ready');
      expect(Date.parse(again.expiresAt)).toBeGreaterThan(Date.parse(ready.expiresAt));
      await new Promise((resolve) => setTimeout(resolve, 500)); // past the first token's expiry
      await refreshed.sync();
      await applier.apply([pageView()]);
      await refreshed.next('result', (m) => m.id === 'ev');
      await refreshed.close();
    } finally {
      skewMs = 0;
    }
  });

  it('re-answers subscriptions under a refreshed token that grants less, refusing what it no longer may read', async () => {
    const client = await connect('finance');
    client.send({ type: 'subscribe', id: 'rev', query: { metric: 'revenue', range: '30d' } });
    await client.next('result', (m) => m.id === 'rev');
    client.send({ type: 'auth', token: await mint({ role: 'viewer' }) });
    await client.next('ready');
    expect(await client.next('error', (m) => m.id === 'rev')).toMatchObject({ code: 'forbidden' });
    await client.close();
  });

  it('closes 4401 when a refreshed token is for another tenant', async () => {
    await ensureTenant(f.store, 'globex');
    const globexKey = (await createApiKey(f.store, { tenant: 'globex', scopes: ['tokens'] })).key;
    const client = await connect('finance');
    client.send({ type: 'auth', token: await mint({ role: 'finance' }, globexKey) });
    expect((await client.closed).code).toBe(LIVE_CLOSE.unauthorized);
  });

  it('refuses a browser origin the token does not list', async () => {
    const client = await LiveClient.open(main.url, { origin: 'https://evil.example' });
    client.send({ type: 'auth', token: await mint({ role: 'viewer' }) });
    expect(await client.closed).toMatchObject({ code: LIVE_CLOSE.unauthorized, reason: expect.stringContaining('origin') });
    const listed = await LiveClient.open(main.url, { origin: 'https://app.example' });
    listed.send({ type: 'auth', token: await mint({ role: 'viewer', origins: ['https://app.example'] }) });
    await listed.next('ready');
    await listed.close();
  });

  it('sends heartbeats when idle, pong to ping, and reports sockets and subscriptions on /metrics', async () => {
    const server = await startServer({ heartbeatMs: 100 });
    const client = await connect('viewer', server.url);
    client.send({ type: 'subscribe', id: 'ev', query: EVENTS_7D });
    await client.next('result');
    await client.next('heartbeat');
    await client.sync();
    expect(server.hub.stats()).toEqual({ sockets: 1, subscriptions: 1 });
    const metrics = await (await server.app.request('/metrics')).text();
    expect(metrics).toMatch(/^tally_live_sockets 1$/m);
    expect(metrics).toMatch(/^tally_live_subscriptions 1$/m);
    await client.close();
  });

  it(`closes 4429 past the subscription limit`, async () => {
    const server = await startServer({ maxSubscriptions: 2 });
    const client = await connect('viewer', server.url);
    for (const id of ['a', 'b', 'a']) client.send({ type: 'subscribe', id, query: EVENTS_7D });
    await client.sync(); // replacing `a` is not a third subscription
    client.send({ type: 'subscribe', id: 'c', query: EVENTS_7D });
    expect((await client.closed).code).toBe(LIVE_CLOSE.tooManySubscriptions);
  });

  it('closes every socket 1001 when the hub stops, and refuses new ones', async () => {
    const server = await startServer();
    const client = await connect('viewer', server.url);
    await server.hub.close();
    expect((await client.closed).code).toBe(LIVE_CLOSE.goingAway);
    const late = await LiveClient.open(server.url);
    expect((await late.closed).code).toBe(LIVE_CLOSE.goingAway);
  });

  describe('revocation', () => {
    let adminKey: string;
    beforeAll(async () => {
      adminKey = (await createApiKey(f.store, { tenant: 'acme', scopes: ['admin'] })).key;
    });
    /** `POST /v1/admin/tokens/:jti/revoke` on an instance's app. */
    const revoke = async (app: ReturnType<typeof createApp>, id: string) => {
      const res = await app.request(`/v1/admin/tokens/${id}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${adminKey}` } });
      expect(res.status).toBe(200);
    };
    /** Settles with the close, or fails after `ms` (revocations close at once, the sweep would take 30 s). */
    const closedWithin = (client: LiveClient, ms: number) =>
      Promise.race([client.closed, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms))]);

    it('closes 4410, at once and on every instance (Redis pub/sub), the sockets of a revoked token, and only those', async () => {
      const prefix = freshKeyPrefix();
      const caches = await Promise.all([0, 1].map(() => openRedisCache({ url: testRedisUrl(), keyPrefix: prefix })));
      try {
        // Two instances as two processes would be: each its own cache connection, auth and hub over one store.
        const [a, b] = await Promise.all(caches.map(async (instanceCache) => {
          const instanceAuth = createEmbedAuth({ store: f.store, cache: instanceCache, now: () => QUERY_NOW });
          return startServer({ auth: instanceAuth, cache: instanceCache }, instanceAuth);
        }));
        const revoked = await mintWithId({ role: 'finance' });
        const kept = await mint({ role: 'finance' });
        const onA = await connect('finance', a!.url, revoked.token);
        const onB = await connect('finance', b!.url, revoked.token);
        const other = await connect('finance', b!.url, kept);
        onB.send({ type: 'subscribe', id: 'ev', query: EVENTS_7D });
        await onB.next('result');
        const query = () => b!.app.request('/v1/query', { method: 'POST', body: JSON.stringify(EVENTS_7D), headers: { authorization: `Bearer ${revoked.token}` } });
        expect((await query()).status).toBe(200); // instance B now holds a "not revoked" answer for this token

        await revoke(a!.app, revoked.id);
        expect(await closedWithin(onA, 5000)).toMatchObject({ code: LIVE_CLOSE.tokenRevoked, reason: expect.stringContaining('revoked') });
        expect((await closedWithin(onB, 5000)).code).toBe(LIVE_CLOSE.tokenRevoked);
        await other.sync();
        expect((await query()).status).toBe(401); // B heard it too: no waiting out its cached answer

        const again = await LiveClient.open(b!.url);
        again.send({ type: 'auth', token: revoked.token });
        expect((await again.closed).code).toBe(LIVE_CLOSE.unauthorized);
        await other.close();
      } finally {
        await Promise.all(caches.map((c) => c.close()));
      }
    });

    it('closes within the sweep a socket whose token was revoked without an announcement', async () => {
      const server = await startServer({ revocationSweepMs: 100 });
      const { token, id } = await mintWithId({ role: 'viewer' });
      const client = await connect('viewer', server.url, token);
      const other = await connect('viewer', server.url);
      // As `tally`'s store would hold it after a lost message: the row, and nothing on the channel.
      await f.store.query(`INSERT INTO revoked_tokens (jti, tenant, expires_at) VALUES ($1, 'acme', now() + interval '1 hour')`, [id]);
      expect((await closedWithin(client, 5000)).code).toBe(LIVE_CLOSE.tokenRevoked);
      await other.sync();
      await other.close();
    });

    it('keeps a socket whose revoked token was already replaced by a fresh one', async () => {
      const first = await mintWithId({ role: 'viewer' });
      const client = await connect('viewer', main.url, first.token);
      client.send({ type: 'auth', token: await mint({ role: 'viewer' }) });
      await client.next('ready');
      await revoke(main.app, first.id);
      await client.sync();
      expect(client.ws.readyState).toBe(WebSocket.OPEN);
      await client.close();
    });
  });

  it('answers a token flooding messages with rate_limited, then closes 4430 if it keeps on; other tokens go on', async () => {
    const server = await startServer({ maxMessagesPerMinute: 5 });
    const client = await connect('viewer', server.url);
    const bystander = await connect('viewer', server.url);
    for (let i = 0; i < 5; i++) client.send({ type: 'ping' });
    client.send({ type: 'subscribe', id: 'six', query: EVENTS_7D });
    const refused = await client.next('error', (m) => m.id === 'six');
    expect(refused).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('more than 5 messages a minute') });
    expect(client.received.filter((m) => m.type === 'pong')).toHaveLength(5);
    expect(client.results('six')).toEqual([]);
    for (let i = 0; i < LIVE_REFUSALS_BEFORE_CLOSE + 5; i++) client.send({ type: 'unsubscribe', id: 'six' });
    expect(await client.closed).toMatchObject({ code: LIVE_CLOSE.tooManyMessages });
    expect(client.received.filter((m) => m.type === 'error' && m.code === 'rate_limited')).toHaveLength(LIVE_REFUSALS_BEFORE_CLOSE);
    await bystander.sync();
    await bystander.close();
  });

  it('checks the widgets claim on every subscription, and again under a refreshed token', async () => {
    const client = await LiveClient.open(main.url);
    client.send({ type: 'auth', token: await mint({ role: 'viewer', widgets: ['kpi-tile'] }) });
    await client.next('ready');
    client.send({ type: 'subscribe', id: 'none', query: EVENTS_7D });
    client.send({ type: 'subscribe', id: 'chart', query: EVENTS_7D, widget: 'metric-chart' });
    client.send({ type: 'subscribe', id: 'tile', query: EVENTS_7D, widget: 'kpi-tile' });
    expect(await client.next('error', (m) => m.id === 'none')).toMatchObject({ code: 'forbidden_widget', field: 'widget' });
    expect(await client.next('error', (m) => m.id === 'chart')).toMatchObject({ code: 'forbidden_widget', field: 'widget' });
    await client.next('result', (m) => m.id === 'tile');
    client.send({ type: 'auth', token: await mint({ role: 'viewer', widgets: ['metric-chart'] }) });
    await client.next('ready');
    expect(await client.next('error', (m) => m.id === 'tile')).toMatchObject({ code: 'forbidden_widget' });
    expect(client.results('none')).toEqual([]);
    expect(client.results('chart')).toEqual([]);
    await client.close();
  });

  it('answers a plain GET with 400 and refuses upgrades to other paths', async () => {
    expect((await main.app.request(LIVE_PATH)).status).toBe(400);
    await expect(LiveClient.open(main.url.replace(LIVE_PATH, '/v1/other'))).rejects.toThrow(/404/);
  });
});
