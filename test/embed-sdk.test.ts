/**
 * A host app's whole path against a running Tally (Postgres store, memory cache, embedded bus): its backend
 * mints an embed token with an API key, the SDK queries and subscribes, an ingested event reaches the
 * subscriber as a fresh result, and the numbers are those of the raw events.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type DashboardLayout, type QueryResponse } from '@tally/client-sdk';
import { openPostgresStore, type Store } from '@tally/core';
import { createApiKey, ensureTenant } from '@tally/ingest';
import { startTally, type RunningTally } from '@tally/server';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { testDatabaseUrl, uniqueName } from './support/services.ts';
import { waitFor } from './support/wait-for.ts';

describe('embedding with the SDK against a running server', () => {
  const schema = uniqueName('t_embed');
  let dir: string;
  let tally: RunningTally;
  let store: Store;
  let key: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tally-embed-'));
    tally = await startTally({
      env: { PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'silent', TALLY_DEMO: 'off', TALLY_DATA_DIR: dir, DATABASE_URL: testDatabaseUrl(), DATABASE_SCHEMA: schema },
    });
    store = await openPostgresStore({ url: testDatabaseUrl(), schema });
    await ensureTenant(store, 'acme');
    key = (await createApiKey(store, { tenant: 'acme', scopes: ['ingest', 'tokens'] })).key;
  }, 60_000);
  afterAll(async () => {
    await tally?.stop();
    await store?.close();
    const sql = postgres(testDatabaseUrl(), { max: 1, onnotice: () => {} });
    await sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await sql.end();
    await rm(dir, { recursive: true, force: true });
  });

  /** What the host app's backend does: mint a short-lived token for the signed-in user. */
  const mint = async (claims: object = {}) => {
    const res = await fetch(`${tally.url}/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subject: 'user-1', role: 'analyst', ...claims }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { token: string; expiresAt: string };
  };
  const ingest = async (ids: string[]) => {
    const at = new Date().toISOString();
    const batch = ids.map((id) => ({ type: 'track', messageId: id, event: 'Feature Used', userId: `u-${id}`, timestamp: at, properties: { feature: 'alerts' }, context: { groupId: 'acct-1' } }));
    const res = await fetch(`${tally.url}/v1/ingest/tally`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: JSON.stringify({ batch }) });
    expect(res.status).toBe(200);
  };
  const stored = async () => Number((await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE tenant = 'acme' AND type = 'product.feature_used'`))[0]!.n);

  it('queries, subscribes, and sees an ingested event arrive live', async () => {
    const client = createClient({ url: tally.url, getToken: () => mint(), WebSocket: WebSocket as never });
    try {
      await ingest(['a1', 'a2', 'a3']);
      await waitFor(async () => (await stored()) === 3, { message: 'three events processed' });
      const request = { metric: 'feature_uses', range: '24h', granularity: 'hour' } as const;
      const first = await client.query(request);
      expect(first.series[0]!.total).toBe(3);

      const results: QueryResponse[] = [];
      const unsubscribe = client.subscribe(request, (r) => results.push(r));
      await waitFor(() => results.length > 0, { message: 'the first live result' });
      expect(results.at(-1)!.series[0]!.total).toBe(3);

      await ingest(['b1', 'b2']);
      await waitFor(() => results.at(-1)!.series[0]!.total === 5, { message: 'a live result with the new events', timeoutMs: 20_000 });
      expect(await stored()).toBe(5);
      unsubscribe();
    } finally {
      client.close();
    }
  }, 60_000);
  it("saves and reloads the user's dashboard layout, refusing a stale save and a widget the token does not name", async () => {
    const client = createClient({ url: tally.url, getToken: () => mint({ role: 'viewer', widgets: ['tally-dashboard'] }), WebSocket: WebSocket as never });
    const widget = 'tally-dashboard';
    const layout: DashboardLayout = { items: [{ id: 'mrr', widget: 'kpi-tile', x: 0, y: 0, w: 3, h: 2, attributes: { metric: 'mrr' } }] };
    expect(await client.dashboard('home', { widget })).toBeNull();
    const first = await client.saveDashboard('home', layout, { widget });
    expect(first).toMatchObject({ id: 'home', version: 1, layout });
    expect(await client.dashboard('home', { widget })).toEqual(first);
    const moved: DashboardLayout = { items: [{ ...layout.items[0]!, x: 6 }] };
    expect(await client.saveDashboard('home', moved, { widget, version: first.version })).toMatchObject({ version: 2, layout: moved });
    await expect(client.saveDashboard('home', layout, { widget, version: first.version })).rejects.toMatchObject({ code: 'conflict', status: 409, field: 'version' });
    await expect(client.dashboard('home', { widget: 'kpi-tile' })).rejects.toMatchObject({ code: 'forbidden_widget', status: 403 });
    client.close();
  });
});
