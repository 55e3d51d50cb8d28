/**
 * An in-process server for tests of the embed routes: the seeded query fixture, embed auth, the query
 * service and every embed route on one app, with an API key of scope `tokens` to mint tokens the way a
 * host app's backend does.
 */
import { createLogger, createMemoryCache, type Cache, type RoleGrants } from '@tally/core';
import { createApiKey, ensureTenant } from '@tally/ingest';
import { openQueryFixture, QUERY_NOW, type QueryFixture } from '../../../test/support/query-fixture.ts';
import type { StoreKind } from '../../../test/support/stores.ts';
import { createApp } from './app.ts';
import { createEmbedAuth } from './auth/index.ts';
import { createEmbedApi } from './embed-api.ts';
import { createMetrics } from './metrics.ts';
import { createQueryService } from './query/index.ts';

export interface EmbedTestServer {
  fixture: QueryFixture;
  app: ReturnType<typeof createApp>;
  /** The `tokens`-scope API key of tenant `acme`. */
  apiKey: string;
  /** Mints an embed token for tenant `acme` through `POST /v1/tokens`; throws unless it answers 201. */
  mint(body: object): Promise<string>;
  close(): Promise<void>;
}

/** Opens an {@link EmbedTestServer}; `roles` configures roles as `TALLY_ROLES` would. */
export async function openEmbedTestServer(kind: StoreKind = 'pglite', options: { roles?: Record<string, RoleGrants> } = {}): Promise<EmbedTestServer> {
  const fixture = await openQueryFixture(kind);
  const cache: Cache = createMemoryCache();
  const now = () => QUERY_NOW;
  const auth = createEmbedAuth({ store: fixture.store, cache, now, ...(options.roles ? { roles: options.roles } : {}) });
  const app = createApp({
    adapters: { store: fixture.store, cache, names: { bus: 'embedded', store: kind, cache: 'memory' } },
    version: 'test',
    metrics: createMetrics(),
    logger: createLogger({ level: 'silent' }),
    routes: [...auth.routes, createEmbedApi(auth, createQueryService({ store: fixture.store, now }), { store: fixture.store, now })],
  });
  await ensureTenant(fixture.store, 'acme');
  const apiKey = (await createApiKey(fixture.store, { tenant: 'acme', scopes: ['tokens'] })).key;
  return {
    fixture,
    app,
    apiKey,
    async mint(body) {
      const res = await app.request('/v1/tokens', {
        method: 'POST',
        body: JSON.stringify({ subject: 'user-1', ...body }),
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      });
      if (res.status !== 201) throw new Error(`minting a token answered ${res.status}: ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    },
    async close() {
      await cache.close();
      await fixture.close();
    },
  };
}
