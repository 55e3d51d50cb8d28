import { TOPICS, type CanonicalEvent } from '@tally/core';
import type { DeadLetterRow } from '@tally/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIngestHarness, type IngestHarness } from './support/ingest-harness.ts';
import { waitFor } from './support/wait-for.ts';

/** The same ingest path as ingest-api.test.ts, end to end on Kafka (the test broker) instead of the embedded bus. */
describe('ingest on Kafka', () => {
  let h: IngestHarness;
  const now = new Date().toISOString();

  beforeAll(async () => {
    h = await startIngestHarness({ busAdapter: 'kafka' });
  }, 60_000);
  afterAll(() => h?.close(), 60_000);

  it('answers per item, puts accepted events on Kafka, and lists and replays dead letters', async () => {
    const events = await h.published<CanonicalEvent>(TOPICS.events);
    const batch = {
      batch: [
        { type: 'track', messageId: 'k-1', event: 'Report Viewed', userId: 'u1', timestamp: now, context: { groupId: 'acct-1' } },
        { type: 'track', event: 'No Id', userId: 'u1', timestamp: now },
        { type: 'identify', messageId: 'k-2', userId: 'u2', timestamp: now, traits: { plan: 'pro' } },
      ],
    };
    const res = await h.app.request('/v1/ingest/tally', { method: 'POST', body: JSON.stringify(batch), headers: { authorization: `Bearer ${h.ingestKey}` } });
    expect(res.status).toBe(200);
    expect((await res.json()).results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'rejected', 'accepted']);

    // The run's broker is shared: other tests put their own tenants' events on the same topic.
    const mine = await waitFor(() => {
      const list = events.messages.filter((e) => e.tenant === h.tenant);
      return list.length >= 2 && list;
    }, { message: 'events from Kafka' });
    expect(mine.map((e) => e.id).sort()).toEqual(['tally:k-1', 'tally:k-2']);
    expect(mine.find((e) => e.id === 'tally:k-1')).toMatchObject({ type: 'product.report_viewed', customerId: 'acct-1', tenant: 'acme' });

    const again = await h.app.request('/v1/ingest/tally', { method: 'POST', body: JSON.stringify(batch), headers: { authorization: `Bearer ${h.ingestKey}` } });
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 2, rejected: 1 });

    const list = async () => {
      const r = await h.app.request('/v1/admin/dead-letters?source=tally', { headers: { authorization: `Bearer ${h.adminKey}` } });
      return ((await r.json()) as { items: DeadLetterRow[] }).items;
    };
    const letters = await waitFor(async () => ((await list()).length >= 2 ? list() : false), { message: 'both dead letters indexed from Kafka', timeoutMs: 30_000 });
    expect(letters.every((l) => l.code === 'missing_field' && l.field === 'batch[1].messageId')).toBe(true);
    const replay = await h.app.request('/v1/admin/dead-letters/replay', { method: 'POST', body: '{"source":"tally"}', headers: { authorization: `Bearer ${h.adminKey}` } });
    expect(await replay.json()).toMatchObject({ replayed: 0, stillRejected: 2 });
    await events.stop();
  }, 60_000);
});
