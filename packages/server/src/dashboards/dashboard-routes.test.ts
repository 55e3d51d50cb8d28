import { DASHBOARD_LIMITS, WIDGET_HEADER, type DashboardItem, type SavedDashboard } from '@tally/client-sdk';
import { createLogger, createMemoryCache, type Cache } from '@tally/core';
import { createApiKey, ensureTenant } from '@tally/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_KINDS, type TestStore } from '../../../../test/support/stores.ts';
import { createApp } from '../app.ts';
import { createEmbedAuth } from '../auth/index.ts';
import { createEmbedApi } from '../embed-api.ts';
import { createMetrics } from '../metrics.ts';
import { createQueryService } from '../query/index.ts';

const NOW = Date.UTC(2026, 10, 20, 12);
const tile = (id: string, extra: Partial<DashboardItem> = {}): DashboardItem => ({ id, widget: 'kpi-tile', x: 0, y: 0, w: 3, h: 2, attributes: { metric: 'mrr' }, ...extra });

describe.each(STORE_KINDS)('saved dashboards on %s', (kind) => {
  let t: TestStore;
  let cache: Cache;
  let app: ReturnType<typeof createApp>;
  let key: string;

  beforeAll(async () => {
    t = await openTestStore(kind);
    cache = createMemoryCache();
    const now = () => NOW;
    const auth = createEmbedAuth({ store: t.store, cache, now });
    app = createApp({
      adapters: { store: t.store, cache, names: { bus: 'embedded', store: kind, cache: 'memory' } },
      version: 'test',
      metrics: createMetrics(),
      logger: createLogger({ level: 'silent' }),
      routes: [...auth.routes, createEmbedApi(auth, createQueryService({ store: t.store, now }), { store: t.store, now })],
    });
    await ensureTenant(t.store, 'acme');
    key = (await createApiKey(t.store, { tenant: 'acme', scopes: ['tokens'] })).key;
  }, 60_000);
  afterAll(async () => {
    await cache?.close();
    await t?.close();
  });

  const mint = async (body: object = {}) => {
    const res = await app.request('/v1/tokens', { method: 'POST', body: JSON.stringify({ subject: 'user-1', role: 'viewer', ...body }), headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { token: string }).token;
  };
  const get = (token: string, id: string, headers: Record<string, string> = {}) => app.request(`/v1/dashboards/${id}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
  const put = (token: string, id: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(`/v1/dashboards/${id}`, { method: 'PUT', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers } });
  const error = async (res: Response) => ((await res.json()) as { error: { code: string; field?: string; message: string } }).error;

  it('answers 404 for a dashboard never saved, then saves, replaces with the current version, and refuses a stale one', async () => {
    const token = await mint();
    const missing = await get(token, 'home');
    expect(missing.status).toBe(404);
    expect(await error(missing)).toMatchObject({ code: 'not_found', field: 'id' });

    const layout = { items: [tile('a'), { ...tile('b', { widget: 'metric-chart', x: 3, w: 9, h: 4 }), attributes: undefined }] };
    const created = await put(token, 'home', { layout });
    expect(created.status).toBe(201);
    const first = (await created.json()) as SavedDashboard;
    expect(first).toEqual({ id: 'home', version: 1, updatedAt: new Date(NOW).toISOString(), layout: { items: [tile('a'), { ...tile('b', { widget: 'metric-chart', x: 3, w: 9, h: 4 }), attributes: {} }] } });
    expect(await (await get(token, 'home')).json()).toEqual(first);

    const moved = { items: [tile('a', { x: 6 })] };
    const replaced = await put(token, 'home', { layout: moved, version: 1 });
    expect(replaced.status).toBe(200);
    expect(await replaced.json()).toMatchObject({ version: 2, layout: moved });

    for (const body of [{ layout, version: 1 }, { layout }, { layout, version: 9 }]) {
      const stale = await put(token, 'home', body);
      expect(stale.status, JSON.stringify(body.version)).toBe(409);
      expect(await error(stale)).toMatchObject({ code: 'conflict', field: 'version', message: expect.stringContaining('version 2') });
    }
    const notYet = await put(token, 'other', { layout, version: 1 });
    expect(notYet.status).toBe(409);
    expect((await error(notYet)).message).toContain('omit version');
    expect(await (await get(token, 'home')).json()).toMatchObject({ version: 2, layout: moved });
  });

  it("keeps each user's layouts apart, for every role", async () => {
    const mine = await mint({ subject: 'user-2', role: 'finance' });
    expect((await put(mine, 'home', { layout: { items: [tile('x', { widget: 'mrr-waterfall' })] } })).status).toBe(201);
    const theirs = await mint({ subject: 'user-3', role: 'viewer' });
    expect((await get(theirs, 'home')).status).toBe(404);
    expect((await put(theirs, 'home', { layout: { items: [] } })).status).toBe(201);
    expect(await (await get(mine, 'home')).json()).toMatchObject({ version: 1, layout: { items: [{ id: 'x', widget: 'mrr-waterfall' }] } });
    expect((await app.request('/v1/dashboards/home')).status).toBe(401);
  });

  it('answers bad input with 422 naming the field, 400 for bad JSON and 413 past the body limit', async () => {
    const token = await mint({ subject: 'user-4' });
    const many = Array.from({ length: DASHBOARD_LIMITS.items + 1 }, (_, i) => tile(`t${i}`));
    const attributes = Object.fromEntries(Array.from({ length: DASHBOARD_LIMITS.attributes + 1 }, (_, i) => [`a${i}`, 'v']));
    for (const [body, field] of [
      [{ layout: { items: [tile('a', { widget: 'iframe' as never })] } }, 'layout.items[0].widget'],
      [{ layout: { items: [tile('a'), tile('a')] } }, 'layout.items[1].id'],
      [{ layout: { items: [tile('a', { x: -1 })] } }, 'layout.items[0].x'],
      [{ layout: { items: [tile('a', { w: 0 })] } }, 'layout.items[0].w'],
      [{ layout: { items: [tile('a', { h: 1.5 })] } }, 'layout.items[0].h'],
      [{ layout: { items: [tile('a', { id: 'a b' })] } }, 'layout.items[0].id'],
      [{ layout: { items: [tile('a', { attributes: { onclick: 'alert(1)' } })] } }, 'layout.items[0].attributes.onclick'],
      [{ layout: { items: [tile('a', { attributes: { style: 'color:red' } })] } }, 'layout.items[0].attributes.style'],
      [{ layout: { items: [tile('a', { attributes: { Metric: 'mrr' } })] } }, 'layout.items[0].attributes.Metric'],
      [{ layout: { items: [tile('a', { attributes: { metric: 'x'.repeat(DASHBOARD_LIMITS.attributeValueLength + 1) } })] } }, 'layout.items[0].attributes.metric'],
      [{ layout: { items: [tile('a', { attributes })] } }, 'layout.items[0].attributes'],
      [{ layout: { items: [{ ...tile('a'), color: 'red' }] } }, 'layout.items[0].color'],
      [{ layout: { items: many } }, 'layout.items'],
      [{ layout: { items: [] }, version: 0 }, 'version'],
      [{ items: [] }, 'layout'],
    ] as const) {
      const res = await put(token, 'bad', body);
      expect(res.status, field).toBe(422);
      expect(await error(res), field).toMatchObject({ code: 'validation_failed', field });
    }
    for (const id of ['a%20b', 'x'.repeat(65)]) {
      const res = await get(token, id);
      expect(res.status, id).toBe(422);
      expect(await error(res)).toMatchObject({ code: 'validation_failed', field: 'id' });
    }
    const notJson = await put(token, 'bad', '{"layout":');
    expect(notJson.status).toBe(400);
    expect(await error(notJson)).toMatchObject({ code: 'invalid_json', field: 'body' });
    const huge = await put(token, 'bad', { layout: { items: [tile('a', { attributes: { metric: 'x'.repeat(DASHBOARD_LIMITS.bodyBytes) } })] } });
    expect(huge.status).toBe(413);
    expect((await get(token, 'bad')).status).toBe(404);
  });

  it(`saves at most ${DASHBOARD_LIMITS.perUser} dashboards per user`, async () => {
    const token = await mint({ subject: 'user-5' });
    for (let i = 0; i < DASHBOARD_LIMITS.perUser; i++) expect((await put(token, `d${i}`, { layout: { items: [] } })).status).toBe(201);
    const over = await put(token, 'one-more', { layout: { items: [] } });
    expect(over.status).toBe(422);
    expect(await error(over)).toMatchObject({ code: 'validation_failed', field: 'id' });
    expect((await put(token, 'd0', { layout: { items: [tile('a')] }, version: 1 })).status).toBe(200);
  }, 60_000);

  it('needs the widget header when the token names widgets', async () => {
    const token = await mint({ subject: 'user-6', widgets: ['tally-dashboard'] });
    const none = await get(token, 'home');
    expect(none.status).toBe(403);
    expect(await error(none)).toMatchObject({ code: 'forbidden_widget', field: WIDGET_HEADER });
    expect((await get(token, 'home', { [WIDGET_HEADER]: 'kpi-tile' })).status).toBe(403);
    expect((await put(token, 'home', { layout: { items: [] } }, { [WIDGET_HEADER]: 'tally-dashboard' })).status).toBe(201);
  });
});
