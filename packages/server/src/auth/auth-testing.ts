import type { TokenRequest, TokenResponse } from '@tally/client-sdk';
import { createLogger, createMemoryCache, type Cache, type Store } from '@tally/core';
import { createApiKey } from '@tally/ingest';
import { Hono } from 'hono';
import { openTestStore, type StoreKind } from '../../../../test/support/stores.ts';
import { authorizeRead } from '../access/access-scope.ts';
import { createApp } from '../app.ts';
import { createMetrics } from '../metrics.ts';
import { createEmbedAuth, type EmbedAuth } from './embed-auth.ts';
import type { EmbedEnv } from './require-embed-token.ts';

/** The protected route of the fixture: reads one metric through authorizeRead and answers with a marker. */
export const READ_PATH = '/test/read';
/** What a successful read answers with, so tests can assert that a refused one carried none of it. */
export const SECRET_DATA = 'row-data-42';

/** A Tally app with the auth routes and one protected read route, over a fresh store and a controllable clock. */
export interface AuthFixture {
  store: Store;
  cache: Cache;
  auth: EmbedAuth;
  app: Hono;
  tenant: string;
  keys: { tokens: string; admin: string; ingest: string };
  now(): number;
  /** Moves the clock forward. */
  advance(ms: number): void;
  /** `POST /v1/tokens` with the tokens key (or `key`); resolves with the status and the body. */
  mint(body: Partial<TokenRequest> | unknown, key?: string): Promise<{ status: number; body: TokenResponse & { error?: { code: string; field?: string } } }>;
  /** `GET /test/read?metric=…[&customerId=…]` with a token and extra headers. */
  read(token: string, query: { metric: string; customerId?: string }, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** Builds an {@link AuthFixture}: tenant "acme" with one key per scope, rate limit 5 a minute. */
export async function openAuthFixture(kind: StoreKind = 'pglite', options: { secretKey?: string } = {}): Promise<AuthFixture> {
  const test = await openTestStore(kind);
  const { store } = test;
  const cache = createMemoryCache();
  let clock = Date.now();
  const now = () => clock;
  const auth = createEmbedAuth({ store, cache, now, rateLimitPerMinute: 5, ...options });
  const tenant = 'acme';
  const keys = {
    tokens: (await createApiKey(store, { tenant, scopes: ['tokens'] })).key,
    admin: (await createApiKey(store, { tenant, scopes: ['admin'] })).key,
    ingest: (await createApiKey(store, { tenant, scopes: ['ingest'] })).key,
  };
  const protectedRoutes = new Hono<EmbedEnv>();
  protectedRoutes.use(READ_PATH, auth.requireEmbedToken());
  protectedRoutes.get(READ_PATH, (c) => {
    const read = authorizeRead(c.get('accessScope'), c.req.query('metric') ?? '', {}, c.req.query('customerId'));
    return c.json({ data: SECRET_DATA, metric: read.metric.name, customerId: read.customerId ?? null, tenant: c.get('accessScope').tenant });
  });
  const app = createApp({
    adapters: { store, cache, names: { bus: 'embedded', store: kind, cache: 'memory' } },
    version: 'test',
    metrics: createMetrics(),
    logger: createLogger({ level: 'silent' }),
    routes: [...auth.routes, protectedRoutes as unknown as Hono],
  });
  return {
    store,
    cache,
    auth,
    app,
    tenant,
    keys,
    now,
    advance: (ms) => {
      clock += ms;
    },
    async mint(body, key = keys.tokens) {
      const res = await app.request('/v1/tokens', { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as never };
    },
    async read(token, query, headers = {}) {
      const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
      return app.request(`${READ_PATH}?${params}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
    },
    async close() {
      await cache.close();
      await test.close();
    },
  };
}
