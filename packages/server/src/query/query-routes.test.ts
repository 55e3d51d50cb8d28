import { TallyError } from '@tally/core';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../../../test/support/stores.ts';
import { testScope } from '../../../../test/support/query-fixture.ts';
import type { AccessScope } from '../access/access-scope.ts';
import { errorResponse } from '../http/error-response.ts';
import { queryRoutes } from './query-routes.ts';
import { createQueryService } from './query-service.ts';

describe('POST /v1/query', () => {
  let t: TestStore;
  let app: Hono;
  beforeAll(async () => {
    t = await openTestStore('pglite');
    const service = createQueryService({ store: t.store, now: () => Date.UTC(2026, 10, 20, 12) });
    const scopes: Record<string, AccessScope> = { admin: testScope('acme'), viewer: testScope('acme', { sensitivities: ['general', 'product'] }) };
    app = new Hono();
    app.route('/', queryRoutes(service, (c) => {
      const scope = scopes[c.req.header('x-test-scope') ?? ''];
      if (!scope) throw new TallyError('unauthorized', 'authorization: missing token');
      return scope;
    }));
    app.onError((err, c) => errorResponse(c, err));
  });
  afterAll(() => t?.close());

  const post = (body: string, scope = 'admin') => app.request('/v1/query', { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-test-scope': scope } });

  it('answers a query', async () => {
    const res = await post(JSON.stringify({ metric: 'events', range: '7d' }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.series[0].points).toHaveLength(7);
    expect(body.meta).toMatchObject({ metric: 'events', sources: ['rollup'], freshAt: null });
  });

  it('answers errors in the one shape: bad JSON 400, a bad field 422 naming it, a forbidden metric 403, no scope 401', async () => {
    expect((await post('{')).status).toBe(400);
    const invalid = await post(JSON.stringify({ metric: 'events', range: '7d', groupBy: 'feature' }));
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toMatchObject({ error: { code: 'validation_failed', field: 'groupBy' } });
    const forbidden = await post(JSON.stringify({ metric: 'revenue', range: '7d' }), 'viewer');
    expect(forbidden.status).toBe(403);
    const body = await forbidden.json();
    expect(body).toMatchObject({ error: { code: 'forbidden' } });
    expect(body.series).toBeUndefined();
    expect((await post('{}', 'nobody')).status).toBe(401);
  });
});
