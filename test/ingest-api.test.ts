import { createHmac } from 'node:crypto';
import { TOPICS, type Bus, type CanonicalEvent } from '@tally/core';
import { upsertSource, type Connector, type DeadLetter, type DeadLetterRow } from '@tally/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIngestHarness, waitForCount, type IngestHarness } from './support/ingest-harness.ts';
import { waitFor } from './support/wait-for.ts';

/** A minimal batch connector: `{ batch: [{ id, event, at, account?, gated? }] }`. */
const testBatch: Connector = {
  name: 'testsrc',
  version: 1,
  transport: 'batch',
  items(body) {
    const b = body as { batch?: unknown };
    if (!Array.isArray(b?.batch)) return { ok: false, rejection: { code: 'invalid_item', field: 'batch', message: 'batch: expected an array' } };
    return { ok: true, items: b.batch, paths: b.batch.map((_, i) => `batch[${i}]`) };
  },
  normalise(item, ctx) {
    const i = item as Record<string, unknown>;
    if (typeof i?.id !== 'string') return { ok: false, rejection: { code: 'missing_field', field: `${ctx.path}.id`, message: `${ctx.path}.id: is required` } };
    if (i.gated === true && ctx.config.options?.allowGated !== true) {
      return { ok: false, rejection: { code: 'invalid_field', field: `${ctx.path}.gated`, message: `${ctx.path}.gated: not allowed by this source's settings` } };
    }
    if (i.ignore === true) return { ok: true, events: [], ignored: 'told to' };
    return { ok: true, events: [{ id: i.id, type: `product.${String(i.event)}`, occurredAt: String(i.at), customerId: i.account as string | undefined, properties: {} }] };
  },
};

/** A webhook connector signed with hex HMAC-SHA256 in `x-sig`. */
const testHook: Connector = {
  ...testBatch,
  name: 'testhook',
  transport: 'webhook',
  items: (body) => ({ ok: true, items: [body], paths: [''] }),
  verify(request, config) {
    const sig = request.headers['x-sig'];
    if (!sig) return { ok: false, code: 'signature_missing', message: 'x-sig header is missing' };
    const expected = createHmac('sha256', config.secret ?? '').update(request.rawBody).digest('hex');
    return sig === expected ? { ok: true } : { ok: false, code: 'signature_invalid', message: 'x-sig does not match' };
  },
};

const NOW = Date.parse('2026-06-15T12:00:00Z');
const at = (offsetMs = 0) => new Date(NOW + offsetMs).toISOString();

describe('ingest API', () => {
  let h: IngestHarness;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    h.app.request(path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
  const asIngest = () => ({ authorization: `Bearer ${h.ingestKey}` });

  beforeAll(async () => {
    h = await startIngestHarness({ connectors: [testBatch, testHook], now: () => NOW, maxBodyBytes: 64 * 1024 });
  });
  afterAll(() => h?.close());

  it('answers per item and puts only accepted events on the bus, refused items on the dead-letter topic', async () => {
    const events = await h.published<CanonicalEvent>(TOPICS.events);
    const letters = await h.published<DeadLetter>(TOPICS.deadLetters);
    const res = await post('/v1/ingest/testsrc', {
      batch: [
        { id: 'a1', event: 'signed_up', at: at(), account: 'c1' },
        { event: 'no_id', at: at() },
        { id: 'a2', event: 'Bad Type', at: at() },
        { id: 'a3', event: 'opened', at: at(), ignore: true },
        { id: 'a4', event: 'old', at: at(-2 * 3600_000) },
        { id: 'a5', event: 'ahead', at: at(2 * 3600_000) },
      ],
    }, asIngest());
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ accepted: 2, duplicates: 0, ignored: 1, rejected: 3 });
    expect(body.results).toEqual([
      { index: 0, status: 'accepted', ids: ['testsrc:a1'] },
      { index: 1, status: 'rejected', code: 'missing_field', field: 'batch[1].id', message: 'batch[1].id: is required' },
      { index: 2, status: 'rejected', code: 'invalid_event', field: 'batch[2].type', message: expect.stringContaining('batch[2]: type:') },
      { index: 3, status: 'ignored', reason: 'told to' },
      { index: 4, status: 'accepted', ids: ['testsrc:a4'], late: true },
      { index: 5, status: 'rejected', code: 'event_in_future', field: 'batch[5]', message: expect.stringContaining('ahead of the server clock') },
    ]);

    await waitForCount(events.messages, 2, 'events');
    expect(events.messages.map((e) => e.id).sort()).toEqual(['testsrc:a1', 'testsrc:a4']);
    expect(events.messages.find((e) => e.id === 'testsrc:a1')).toMatchObject({ tenant: 'acme', source: 'testsrc', type: 'product.signed_up', customerId: 'c1', receivedAt: at(), schemaVersion: 1 });
    await waitForCount(letters.messages, 3, 'dead letters');
    expect(letters.messages.map((l) => l.code).sort()).toEqual(['event_in_future', 'invalid_event', 'missing_field']);
    expect(JSON.parse(letters.messages.find((l) => l.code === 'missing_field')!.payload)).toEqual({ event: 'no_id', at: at() });
    await Promise.all([events.stop(), letters.stop()]);
  });

  it('answers a retried batch with duplicates, and a repeat within one batch too', async () => {
    const batch = { batch: [{ id: 'd1', event: 'x', at: at() }, { id: 'd1', event: 'x', at: at() }] };
    const first = await (await post('/v1/ingest/testsrc', batch, asIngest())).json();
    expect(first.results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'duplicate']);
    const again = await (await post('/v1/ingest/testsrc', batch, asIngest())).json();
    expect(again).toMatchObject({ accepted: 0, duplicates: 2 });
  });

  it('refuses bad requests with the one error shape, naming the field', async () => {
    const cases: [Response | Promise<Response>, number, string, string | undefined][] = [
      [post('/v1/ingest/testsrc', '{"batch": [', asIngest()), 400, 'invalid_json', 'body'],
      [post('/v1/ingest/testsrc', { nope: 1 }, asIngest()), 422, 'validation_failed', 'batch'],
      [post('/v1/ingest/testsrc', { batch: [{ event: 'x' }] }, asIngest()), 422, 'validation_failed', 'batch[0].id'],
      [post('/v1/ingest/testsrc', { batch: ['x'.repeat(70 * 1024)] }, asIngest()), 413, 'payload_too_large', 'body'],
      [post('/v1/ingest/nosuch', { batch: [] }, asIngest()), 404, 'not_found', 'source'],
      [post('/v1/ingest/testhook', { batch: [] }, asIngest()), 404, 'not_found', 'source'],
      [post('/v1/ingest/testsrc', { batch: [] }), 401, 'unauthorized', 'authorization'],
      [post('/v1/ingest/testsrc', { batch: [] }, { authorization: 'Bearer tk_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }), 401, 'unauthorized', 'authorization'],
      [post('/v1/ingest/testsrc', { batch: [] }, { authorization: `Bearer ${h.adminKey}` }), 403, 'forbidden', 'authorization'],
    ];
    for (const [response, status, code, field] of cases) {
      const res = await response;
      const body = await res.json();
      expect({ status: res.status, code: body.error?.code, field: body.error?.field }).toEqual({ status, code, field });
      expect(body.error.message).toMatch(field ? new RegExp(`^${field.replace(/[[\]]/g, '\\$&')}`) : /./);
    }
  });

  it('verifies webhooks with the tenant source secret', async () => {
    await upsertSource(h.store, 'acme', 'testhook', { secret: 'shh' });
    h.ingest.sources.invalidate();
    const raw = JSON.stringify({ id: 'w1', event: 'hooked', at: at() });
    const sign = (s: string) => createHmac('sha256', 'shh').update(s).digest('hex');
    const ok = await post('/v1/webhooks/testhook', raw, { 'x-sig': sign(raw) });
    expect(ok.status).toBe(200);
    expect((await ok.json()).results[0]).toEqual({ index: 0, status: 'accepted', ids: ['testhook:w1'] });

    const tampered = await post('/v1/webhooks/testhook', raw.replace('w1', 'w2'), { 'x-sig': sign(raw) });
    expect(tampered.status).toBe(401);
    expect((await tampered.json()).error).toMatchObject({ code: 'unauthorized', message: 'signature_invalid: x-sig does not match' });
    const unsigned = await post('/v1/webhooks/testhook', raw);
    expect((await unsigned.json()).error.message).toMatch(/^signature_missing/);
    const otherTenant = await post('/v1/webhooks/testhook?tenant=globex', raw, { 'x-sig': sign(raw) });
    expect(otherTenant.status).toBe(404);
    // An ingest API key stands in for the signature.
    const keyed = await post('/v1/webhooks/testhook', JSON.stringify({ id: 'w3', event: 'hooked', at: at() }), asIngest());
    expect(keyed.status).toBe(200);
  });

  it('lists dead letters to an admin and replays them after the settings are fixed', async () => {
    const res = await post('/v1/ingest/testsrc', { batch: [{ id: 'g1', event: 'gated', at: at(), gated: true }] }, asIngest());
    expect(res.status).toBe(422);
    const list = async () => {
      const r = await h.app.request('/v1/admin/dead-letters?source=testsrc&code=invalid_field', { headers: { authorization: `Bearer ${h.adminKey}` } });
      expect(r.status).toBe(200);
      return ((await r.json()) as { items: DeadLetterRow[] }).items;
    };
    const [letter] = await waitFor(async () => ((await list()).length === 1 ? list() : false), { message: 'the dead letter to be indexed' });
    expect(letter).toMatchObject({ source: 'testsrc', code: 'invalid_field', field: 'batch[0].gated', replayedAt: null });
    expect(JSON.parse(letter!.payload)).toMatchObject({ id: 'g1', gated: true });

    const forbidden = await h.app.request('/v1/admin/dead-letters', { headers: { authorization: `Bearer ${h.ingestKey}` } });
    expect(forbidden.status).toBe(403);
    const badQuery = await h.app.request('/v1/admin/dead-letters?limit=0', { headers: { authorization: `Bearer ${h.adminKey}` } });
    expect((await badQuery.json()).error).toMatchObject({ code: 'validation_failed', field: 'limit' });

    const replay = () => h.app.request('/v1/admin/dead-letters/replay', { method: 'POST', body: JSON.stringify({ source: 'testsrc', code: 'invalid_field' }), headers: { authorization: `Bearer ${h.adminKey}` } });
    expect(await (await replay()).json()).toMatchObject({ replayed: 0, stillRejected: 1 });

    await upsertSource(h.store, 'acme', 'testsrc', { options: { allowGated: true } });
    h.ingest.sources.invalidate();
    const events = await h.published<CanonicalEvent>(TOPICS.events);
    expect(await (await replay()).json()).toMatchObject({ replayed: 1, stillRejected: 0, results: [{ result: 'accepted' }] });
    await waitFor(() => events.messages.some((e) => e.id === 'testsrc:g1'), { message: 'the replayed event on the bus' });
    expect(await list()).toEqual([]);
    await events.stop();
  });
});

describe('ingest API when the bus fails', () => {
  it('answers 503 with Retry-After and acknowledges nothing', async () => {
    let failing = false;
    const h = await startIngestHarness({
      connectors: [testBatch],
      now: () => NOW,
      bus: (bus: Bus): Bus => ({
        ...bus,
        adapter: bus.adapter,
        ensureTopic: (t, p) => bus.ensureTopic(t, p),
        subscribe: (t, g, handler, o) => bus.subscribe(t, g, handler, o),
        close: () => bus.close(),
        publish: (topic, messages) => (failing ? Promise.reject(new Error('disk full')) : bus.publish(topic, messages)),
      }),
    });
    try {
      failing = true;
      const res = await h.app.request('/v1/ingest/testsrc', { method: 'POST', body: JSON.stringify({ batch: [{ id: 'f1', event: 'x', at: at() }] }), headers: { authorization: `Bearer ${h.ingestKey}` } });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect((await res.json()).error.code).toBe('unavailable');
      // The retry after recovery is accepted, not mistaken for a duplicate.
      failing = false;
      const retry = await h.app.request('/v1/ingest/testsrc', { method: 'POST', body: JSON.stringify({ batch: [{ id: 'f1', event: 'x', at: at() }] }), headers: { authorization: `Bearer ${h.ingestKey}` } });
      expect((await retry.json()).results[0].status).toBe('accepted');
    } finally {
      await h.close();
    }
  });

  it('answers 429 with Retry-After while the bus is behind its bound', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    const h = await startIngestHarness({
      connectors: [testBatch],
      now: () => NOW,
      maxInFlight: 100,
      bus: (bus: Bus): Bus => ({
        adapter: bus.adapter,
        ensureTopic: (t, p) => bus.ensureTopic(t, p),
        subscribe: (t, g, handler, o) => bus.subscribe(t, g, handler, o),
        close: () => bus.close(),
        publish: async (topic, messages) => {
          held++;
          await gate;
          return bus.publish(topic, messages);
        },
      }),
    });
    try {
      const batch = (p: string) => JSON.stringify({ batch: Array.from({ length: 100 }, (_, i) => ({ id: `${p}${i}`, event: 'x', at: at() })) });
      const first = h.app.request('/v1/ingest/testsrc', { method: 'POST', body: batch('q'), headers: { authorization: `Bearer ${h.ingestKey}` } });
      await waitFor(() => held > 0, { message: 'the first publish to be held' });
      const second = await h.app.request('/v1/ingest/testsrc', { method: 'POST', body: batch('r'), headers: { authorization: `Bearer ${h.ingestKey}` } });
      expect(second.status).toBe(429);
      expect(second.headers.get('retry-after')).toBe('1');
      release();
      expect((await first).status).toBe(200);
    } finally {
      release();
      await h.close();
    }
  });
});
