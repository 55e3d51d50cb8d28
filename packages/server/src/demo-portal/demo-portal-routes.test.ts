import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, createMemoryCache, type Cache } from '@tally/core';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../../../test/support/stores.ts';
import { createApp } from '../app.ts';
import { createEmbedAuth } from '../auth/index.ts';
import { createMetrics } from '../metrics.ts';
import { demoPortalRoutes, TOKEN_PLACEHOLDER } from './index.ts';

const ORIGIN = 'http://127.0.0.1:3000';

describe('the demo portal routes', () => {
  let test: TestStore;
  let cache: Cache;
  let root: string;
  let app: ReturnType<typeof createApp>;

  /** A repository root with the pages and, unless `built` is false, the built bundles. */
  const writeRoot = async (dir: string, built: boolean) => {
    await mkdir(join(dir, 'demo'), { recursive: true });
    await mkdir(join(dir, 'dist', 'demo'), { recursive: true });
    await writeFile(join(dir, 'demo', 'index.html'), '<!doctype html><head><title>portal</title></head>');
    await writeFile(join(dir, 'demo', 'crm.html'), '<!doctype html><title>crm</title>');
    await writeFile(join(dir, 'demo', 'internal-app.html'), `<tally-provider server="/" token="${TOKEN_PLACEHOLDER}"></tally-provider>`);
    await writeFile(join(dir, 'demo', 'base.css'), `body{}${' '.repeat(2000)}`);
    if (!built) return;
    await mkdir(join(dir, 'dist', 'chunks'), { recursive: true });
    for (const file of ['widgets.js', 'demo/portal.js', 'demo/crm.js', 'chunks/chart-AB12cd.js']) await writeFile(join(dir, 'dist', file), 'export {};');
  };

  const appOver = (dir: string) => {
    const auth = createEmbedAuth({ store: test.store, cache });
    return createApp({
      adapters: { store: test.store, cache, names: { bus: 'embedded', store: 'pglite', cache: 'memory' } },
      version: 'test',
      metrics: createMetrics(),
      logger: createLogger({ level: 'silent' }),
      routes: [...auth.routes, demoPortalRoutes({ store: test.store, auth, identity: { issuer: 'tally', audience: 'tally-embed' }, root: dir })],
    });
  };
  const postToken = (body: unknown, headers: Record<string, string> = {}) =>
    app.request(`${ORIGIN}/demo/token`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers } });

  beforeAll(async () => {
    test = await openTestStore('pglite');
    cache = createMemoryCache();
    root = await mkdtemp(join(tmpdir(), 'tally-portal-'));
    await writeRoot(root, true);
    app = appOver(root);
  });
  afterAll(async () => {
    await cache?.close();
    await test?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('serves the portal at / under a CSP without inline script or eval', async () => {
    const res = await app.request(`${ORIGIN}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>portal</title>');
    const directives = new Map(res.headers.get('content-security-policy')!.split('; ').map((d) => [d.split(' ')[0], d]));
    expect(directives.get('default-src')).toBe("default-src 'none'");
    expect(directives.get('script-src')).toBe("script-src 'self'");
    expect(directives.get('style-src')).toBe("style-src 'self'");
    expect([...directives.values()].join('; ')).not.toContain('unsafe-eval');
  });

  it('serves the allow-listed files under /demo/ and nothing else', async () => {
    const js = await app.request(`${ORIGIN}/demo/widgets.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const etag = js.headers.get('etag')!;
    expect(etag).toBeTruthy();
    expect((await app.request(`${ORIGIN}/demo/widgets.js`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const css = await app.request(`${ORIGIN}/demo/base.css`, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('content-encoding')).toBe('gzip');
    const chunk = await app.request(`${ORIGIN}/demo/chunks/chart-AB12cd.js`);
    expect(chunk.status).toBe(200);
    expect(chunk.headers.get('cache-control')).toContain('immutable');
    // The pages preload the chunks, so chart code does not wait for the data.
    expect(await (await app.request(`${ORIGIN}/`)).text()).toContain('<link rel="modulepreload" href="/demo/chunks/chart-AB12cd.js" />');
    for (const path of ['/demo/index.html', '/demo/..%2Fpackage.json', '/demo/secrets.js', '/demo/chunks/..%2F..%2Fpackage.json', '/demo/chunks/missing.js']) {
      const res = await app.request(`${ORIGIN}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    }
  });

  it('mints a short-lived token for the demo tenant, the role and the page origin', async () => {
    const res = await postToken({ role: 'viewer' });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { token, expiresAt, readable } = (await res.json()) as { token: string; expiresAt: string; readable: string[] };
    expect(readable).toEqual(expect.arrayContaining(['events', 'dau', 'feature_uses']));
    expect(readable).not.toContain('mrr');
    expect(readable).not.toContain('tickets_opened');
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ tenant: 'demo', role: 'viewer', origins: [ORIGIN], sub: 'demo-viewer' });
    expect(claims.exp! - claims.iat!).toBe(300);
    expect(claims.filters).toBeUndefined();
    expect(Date.parse(expiresAt)).toBe(claims.exp! * 1000);
  });

  it('fixes the customer of a CRM page token', async () => {
    const res = await postToken({ role: 'success', customerId: '4100023' });
    expect(res.status).toBe(201);
    expect(decodeJwt(((await res.json()) as { token: string }).token)).toMatchObject({ role: 'success', filters: { customerId: '4100023' } });
  });

  it.each([
    [{ role: 'root' }, 'role'],
    [{}, 'role'],
    [{ role: 'viewer', customerId: '' }, 'customerId'],
    [{ role: 'viewer', customerId: 'a b' }, 'customerId'],
    [{ role: 'viewer', tenant: 'acme' }, 'body'],
    ['[1', 'body'],
  ])('refuses %j naming %s', async (body, field) => {
    const res = await postToken(body);
    expect(res.status).toBe(typeof body === 'string' ? 400 : 422);
    const answer = (await res.json()) as { error: { code: string; field: string; message: string } };
    expect(answer.error.field).toBe(field);
    if (field === 'role') expect(answer.error.message).toContain('admin, finance, success, viewer');
  });

  it('refuses to mint for another origin', async () => {
    const res = await postToken({ role: 'admin' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'forbidden', field: 'origin' } });
  });

  it('gives the internal-app page a token of its own, with no placeholder left', async () => {
    const res = await app.request(`${ORIGIN}/internal-app.html`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain(TOKEN_PLACEHOLDER);
    const token = /token="([^"]+)"/.exec(html)![1]!;
    expect(decodeJwt(token)).toMatchObject({ tenant: 'demo', origins: [ORIGIN] });
  });

  it('lists the demo accounts for the CRM page', async () => {
    const res = await app.request(`${ORIGIN}/demo/accounts`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ items: [] });
  });

  it('says how to build when the bundles are missing', async () => {
    const bare = await mkdtemp(join(tmpdir(), 'tally-portal-'));
    try {
      await writeRoot(bare, false);
      const res = await appOver(bare).request(`${ORIGIN}/`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build:demo');
    } finally {
      await rm(bare, { recursive: true, force: true });
    }
  });
});
