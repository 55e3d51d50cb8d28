import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryCache, eventKey, openEmbeddedBus, TOPICS, type Bus, type CanonicalEvent } from '@tally/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../../../test/support/stores.ts';
import { waitFor } from '../../../../test/support/wait-for.ts';
import type { DeadLetter } from '../dead-letters/dead-letter.ts';
import { startProcessor } from './processor.ts';

describe('the processor on the bus', () => {
  let dir: string;
  let bus: Bus;
  let t: TestStore;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tally-processor-'));
    bus = await openEmbeddedBus({ dataDir: dir, commitFlushMs: 5 });
    t = await openTestStore('pglite');
  });
  afterAll(async () => {
    await bus.close();
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies readable events and sends an unreadable one to the dead-letter topic, losing neither', async () => {
    const at = new Date().toISOString();
    const good: CanonicalEvent = { id: 'segment:ok-1', tenant: 'acme', source: 'segment', type: 'product.page_viewed', occurredAt: at, receivedAt: at, userId: 'u1', customerId: 'c1', properties: {}, schemaVersion: 1 };
    const bad = { ...good, id: 'segment:bad-1', occurredAt: 'yesterday' };
    await bus.publish(TOPICS.events, [good, bad].map((e) => ({ key: eventKey(good), value: e })));
    const letters: DeadLetter[] = [];
    const reader = await bus.subscribe<DeadLetter>(TOPICS.deadLetters, 'test-letters', async (b) => void letters.push(...b.messages.map((m) => m.value)));
    const cache = createMemoryCache();
    const processor = await startProcessor({ bus, store: t.store, cache });
    try {
      await waitFor(async () => (await processor.subscription.lag()).every((p) => p.lag === 0), { message: 'the processor to catch up' });
      expect(await t.store.query('SELECT id FROM events')).toEqual([{ id: 'segment:ok-1' }]);
      await waitFor(() => letters.length === 1, { message: 'one dead letter' });
      expect(letters[0]).toMatchObject({ tenant: 'acme', source: 'segment', code: 'invalid_event', field: 'occurredAt' });
      expect(JSON.parse(letters[0]!.payload)).toMatchObject({ id: 'segment:bad-1' });
    } finally {
      await processor.stop();
      await reader.stop();
      await cache.close();
    }
  });
});
