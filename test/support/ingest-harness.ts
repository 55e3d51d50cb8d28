/**
 * An in-process Tally for HTTP tests: embedded bus in a temp folder, in-memory PGlite, memory cache, the
 * server app with the ingest routes mounted. `close()` removes everything.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafkaBus, createLogger, createMemoryCache, MIGRATIONS, openEmbeddedBus, openPGliteStore, TOPICS, type Bus, type BusBatch, type Cache, type Store, type Subscription } from '@tally/core';
import { connectKafkaTestBrokerControl } from '../../tools/kafka-test-broker/index.ts';
import { testKafkaBrokers, testKafkaControlPort } from './services.ts';
import { createApiKey, createIngest, type Connector, type Ingest, type IngestOptions } from '@tally/ingest';
import { createApp, createMetrics } from '@tally/server';
import { waitFor } from './wait-for.ts';

export interface IngestHarness {
  app: ReturnType<typeof createApp>;
  bus: Bus;
  store: Store;
  cache: Cache;
  ingest: Ingest;
  tenant: string;
  ingestKey: string;
  adminKey: string;
  /** Everything published on a topic so far (a consumer group of its own). */
  published<T>(topic: string): Promise<{ messages: T[]; stop: () => Promise<void> }>;
  close(): Promise<void>;
}

/** Kafka on this run's test broker, with the short group timeouts its mock cluster needs. */
async function openTestKafkaBus(): Promise<Bus> {
  const control = connectKafkaTestBrokerControl(testKafkaControlPort());
  for (const topic of Object.values(TOPICS)) await control.createTopic(topic, 4).catch(() => {}); // exists already: fine
  return createKafkaBus({ brokers: testKafkaBrokers(), idempotent: false, createTopics: false, sessionTimeoutMs: 6000, heartbeatIntervalMs: 1000 });
}

export async function startIngestHarness(
  options: { connectors?: Connector[]; bus?: (bus: Bus) => Bus; busAdapter?: 'embedded' | 'kafka' } & Partial<Omit<IngestOptions, 'bus' | 'store' | 'cache' | 'connectors'>> = {},
): Promise<IngestHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'tally-ingest-'));
  const realBus = options.busAdapter === 'kafka' ? await openTestKafkaBus() : await openEmbeddedBus({ dataDir: dir, commitFlushMs: 5 });
  const bus = options.bus ? options.bus(realBus) : realBus;
  const store = await openPGliteStore();
  const cache = createMemoryCache();
  await store.migrate(MIGRATIONS);
  const { connectors, bus: _bus, busAdapter: _adapter, ...rest } = options;
  const ingest = createIngest({ bus, store, cache, ...(connectors ? { connectors: new Map(connectors.map((c) => [c.name, c])) } : {}), ...rest });
  const background = await ingest.start();
  const app = createApp({
    adapters: { store, cache, names: { bus: 'embedded', store: 'pglite', cache: 'memory' } },
    version: 'test',
    metrics: createMetrics(),
    logger: createLogger({ level: 'silent' }),
    routes: ingest.routes,
  });
  const tenant = 'acme';
  const ingestKey = (await createApiKey(store, { tenant, scopes: ['ingest'] })).key;
  const adminKey = (await createApiKey(store, { tenant, scopes: ['admin'] })).key;
  const subs: Subscription[] = [...background];
  let groups = 0;
  return {
    app,
    bus,
    store,
    cache,
    ingest,
    tenant,
    ingestKey,
    adminKey,
    async published<T>(topic: string) {
      const messages: T[] = [];
      const sub = await realBus.subscribe<T>(topic, `test-reader-${++groups}`, async (batch: BusBatch<T>) => {
        messages.push(...batch.messages.map((m) => m.value));
      });
      subs.push(sub);
      return { messages, stop: () => sub.stop() };
    },
    async close() {
      await Promise.allSettled(subs.map((s) => s.stop()));
      await realBus.close();
      await Promise.allSettled([store.close(), cache.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until `list` has at least `n` entries. */
export function waitForCount(list: readonly unknown[], n: number, what: string): Promise<true> {
  return waitFor(() => list.length >= n, { message: `${n} ${what}` });
}

/** Serves the harness's app on a free port of 127.0.0.1 (for clients that need a URL, like the CLI). */
export async function listen(h: IngestHarness): Promise<{ url: string; close: () => Promise<void> }> {
  const { serve } = await import('@hono/node-server');
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as import('node:net').AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
