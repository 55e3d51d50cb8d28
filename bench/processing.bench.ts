/**
 * Stream processing throughput: the store writer + aggregator (one transaction per batch, then the live
 * cache) applying batches of 5,000 events, on Postgres + Redis and on PGlite + the memory cache; and the
 * whole consumer path (embedded bus → processor) on Postgres + Redis.
 */
import { createMemoryCache, MIGRATIONS, eventKey, openEmbeddedBus, openPGliteStore, openPostgresStore, openRedisCache, TOPICS, type Bus, type Cache, type Store } from '@tally/core';
import { BatchApplier, startProcessor } from '@tally/ingest';
import { defineBench, type BenchCase } from './harness.ts';
import { processingEvents } from './support/processing-events.ts';

const BATCH = 5000;
let round = 0;
const closers: (() => Promise<unknown>)[] = [];

function applyCase(adapter: string, store: Store, cache: Cache, events: number): BenchCase {
  const applier = new BatchApplier({ store, cache });
  let data: ReturnType<typeof processingEvents> = [];
  return {
    name: `apply ${events.toLocaleString('en-US')} events, ${BATCH} per batch`,
    adapter,
    unit: 'events/s',
    async before() {
      data = processingEvents(events, `a${++round}`);
    },
    async run() {
      for (let i = 0; i < data.length; i += BATCH) await applier.apply(data.slice(i, i + BATCH));
      return data.length;
    },
  };
}

/** Publishes to the embedded bus first (not timed), then times a processor draining it. */
function consumeCase(store: Store, cache: Cache, dir: string, events: number): BenchCase {
  let bus: Bus;
  let group = '';
  return {
    name: `consume ${events.toLocaleString('en-US')} events from the embedded bus`,
    adapter: 'postgres+redis',
    unit: 'events/s',
    async before() {
      bus = await openEmbeddedBus({ dataDir: `${dir}/bus-${++round}` });
      closers.push(() => bus.close());
      const data = processingEvents(events, `c${round}`);
      for (let i = 0; i < data.length; i += 1000) await bus.publish(TOPICS.events, data.slice(i, i + 1000).map((e) => ({ key: eventKey(e), value: e })));
      group = `bench-${round}`;
    },
    async run() {
      let done = 0;
      let finish: () => void = () => {};
      const finished = new Promise<void>((resolve) => (finish = resolve));
      const processor = await startProcessor({
        bus, store, cache, group, maxBatchSize: BATCH,
        observe: { batch: ({ applied }) => { done += applied.events; if (done >= events) finish(); } },
      });
      await finished;
      await processor.stop();
      await bus.close();
      return events;
    },
  };
}

export default defineBench({
  name: 'processing',
  async setup(ctx) {
    const postgres = await openPostgresStore({ url: ctx.databaseUrl, schema: 'bench_processing', poolSize: 4 });
    const pglite = await openPGliteStore({ dataDir: await ctx.tmpDir() });
    const redis = await openRedisCache({ url: ctx.redisUrl, keyPrefix: `${ctx.keyPrefix}processing:` });
    const memory = createMemoryCache();
    closers.push(() => postgres.close(), () => pglite.close(), () => redis.close(), () => memory.close());
    await postgres.migrate(MIGRATIONS);
    await pglite.migrate(MIGRATIONS);
    const events = Number(process.env.BENCH_PROCESSING_EVENTS ?? 100_000);
    return [
      applyCase('postgres+redis', postgres, redis, events),
      applyCase('pglite+memory', pglite, memory, Math.min(events, 50_000)),
      // Three times as many: a processor starts cold (its seen-key caches empty); a longer run is mostly steady state.
      consumeCase(postgres, redis, await ctx.tmpDir(), events * 3),
    ];
  },
  async teardown() {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  },
});
