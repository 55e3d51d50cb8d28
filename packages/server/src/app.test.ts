import { isApiErrorBody, isHealthResponse } from '@tally/client-sdk';
import { createLogger, createMemoryCache, openPGliteStore, type Cache, type Store } from '@tally/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { createMetrics } from './metrics.ts';

describe('server app', () => {
  let store: Store;
  let cache: Cache;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    store = await openPGliteStore();
    cache = createMemoryCache();
    app = createApp({
      adapters: { store, cache, names: { bus: 'embedded', store: 'pglite', cache: 'memory' } },
      version: '9.9.9',
      metrics: createMetrics(),
      logger: createLogger({ level: 'silent' }),
    });
  });
  afterAll(async () => {
    await Promise.all([store.close(), cache.close()]);
  });

  it('answers /health with the version and the adapter of each port', async () => {
    const res = await app.request('/health');
    expect(res.status).toBe(200);
    const body: unknown = await res.json();
    expect(isHealthResponse(body)).toBe(true);
    expect(body).toEqual({ status: 'ok', version: '9.9.9', adapters: { bus: 'embedded', store: 'pglite', cache: 'memory' } });
  });

  it('says degraded with 503 when a port fails', async () => {
    const broken = createMemoryCache();
    await broken.close(); // a closed client fails every call
    const degraded = createApp({
      adapters: { store, cache: broken, names: { bus: 'embedded', store: 'pglite', cache: 'memory' } },
      version: '1',
      metrics: createMetrics(),
      logger: createLogger({ level: 'silent' }),
    });
    const res = await degraded.request('/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'degraded' });
  });

  it('serves Prometheus metrics that count requests', async () => {
    await app.request('/health');
    const res = await app.request('/metrics');
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/tally_http_requests_total\{method="GET",route="\/health",status="200"\} [1-9]/);
    expect(text).toContain('tally_process_cpu_user_seconds_total');
  });

  it('shows a front page naming the adapters, with security headers', async () => {
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const page = await res.text();
    expect(page).toContain('<title>Tally</title>');
    expect(page).toContain('<code>pglite</code>');
  });

  it('answers an unknown route with the one error shape', async () => {
    const res = await app.request('/nope?<script>', { method: 'POST' });
    expect(res.status).toBe(404);
    const body: unknown = await res.json();
    expect(isApiErrorBody(body)).toBe(true);
    expect(body).toMatchObject({ error: { code: 'not_found', message: 'no route for POST /nope' } });
    expect((body as { error: { requestId?: string } }).error.requestId).toBeTruthy();
  });
});
