/**
 * Freshness under a steady load: Segment batches of 100 events every 20 ms (5,000 events/s) through the
 * ingest routes (in process) onto the embedded bus, with the processor applying them to Postgres and Redis.
 * Per batch the processor reports the age of its oldest event (now − receivedAt, stamped by ingest when it
 * accepted the event, before the bus write and the HTTP answer) once the transaction has committed and the
 * cache is written; p50/p99/max of that worst case per batch bound each event's ingest-to-rollup time.
 */
import { createLogger, MIGRATIONS, openEmbeddedBus, openPostgresStore, openRedisCache, type Bus, type Cache, type Store } from '@tally/core';
import { createApiKey, createIngest, startProcessor, type Processor } from '@tally/ingest';
import { Hono } from 'hono';
import { defineBench, median, type BenchCase } from './harness.ts';
import { segmentBatch } from './support/segment-batch.ts';

const RATE = 5000;
const PER_REQUEST = 100;
const SECONDS = Number(process.env.BENCH_FRESHNESS_SECONDS ?? 15);
let round = 0;
const closers: (() => Promise<unknown>)[] = [];

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

interface Rig {
  app: Hono;
  key: string;
  samples: number[];
}

function freshnessCase(name: string, rig: () => Rig, pick: (samples: number[]) => number): BenchCase {
  return {
    name,
    adapter: 'embedded bus + postgres + redis',
    unit: 'ms',
    kind: 'value',
    async run() {
      const { app, key, samples } = rig();
      samples.length = 0;
      const interval = 1000 / (RATE / PER_REQUEST);
      const start = performance.now();
      const requests: Promise<Response>[] = [];
      for (let i = 0; performance.now() - start < SECONDS * 1000; i++) {
        const due = start + i * interval;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        requests.push(
          Promise.resolve(app.request('/v1/ingest/tally', {
            method: 'POST',
            body: segmentBatch(`f${round}-${i}`, PER_REQUEST),
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          })),
        );
      }
      const answers = await Promise.all(requests);
      if (answers.some((r) => r.status !== 200)) throw new Error('an ingest request was refused');
      const expected = requests.length * PER_REQUEST;
      const deadline = Date.now() + 60_000;
      while (applied < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      if (applied < expected) throw new Error(`only ${applied} of ${expected} events applied after a minute`);
      runs.push({ p50: median(samples), p99: percentile(samples, 99), max: Math.max(...samples), batches: samples.length });
      return pick(samples);
    },
  };
}

let applied = 0;
const runs: { p50: number; p99: number; max: number; batches: number }[] = [];

export default defineBench({
  name: 'freshness',
  runs: 3,
  async setup(ctx) {
    const store: Store = await openPostgresStore({ url: ctx.databaseUrl, schema: 'bench_freshness', poolSize: 4 });
    const cache: Cache = await openRedisCache({ url: ctx.redisUrl, keyPrefix: `${ctx.keyPrefix}freshness:` });
    const bus: Bus = await openEmbeddedBus({ dataDir: await ctx.tmpDir() });
    closers.push(() => store.close(), () => cache.close(), () => bus.close());
    await store.migrate(MIGRATIONS);
    const ingest = createIngest({ bus, store, cache });
    const background = await ingest.start();
    closers.unshift(...background.map((s) => () => s.stop()));
    const app = new Hono();
    for (const routes of ingest.routes) app.route('/', routes);
    const key = (await createApiKey(store, { tenant: 'bench', scopes: ['ingest'] })).key;
    const samples: number[] = [];
    const processor: Processor = await startProcessor({
      bus, store, cache, logger: createLogger({ level: 'silent' }),
      observe: { batch: ({ applied: a, maxFreshnessMs }) => {
        applied += a.events;
        if (maxFreshnessMs !== undefined) samples.push(maxFreshnessMs);
      } },
    });
    closers.unshift(() => processor.stop());
    const rig = () => {
      round += 1;
      applied = 0;
      return { app, key, samples };
    };
    return [freshnessCase(`p99 ingest → rollups and cache, ${RATE} events/s for ${SECONDS}s`, rig, (s) => percentile(s, 99))];
  },
  report() {
    const f = (n: number) => n.toFixed(0);
    const rows = runs.slice(1).map((r, i) => `| ${i + 1} | ${r.batches} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.max)} |`);
    return [
      `Freshness at ${RATE} events/s (Segment batches of ${PER_REQUEST} every ${1000 / (RATE / PER_REQUEST)} ms, in-process ingest → embedded bus → processor → Postgres + Redis). Per applied batch: the age of its oldest event (ms) once committed and cached.`,
      '',
      '| run | batches | p50 ms | p99 ms | max ms |',
      '|---:|---:|---:|---:|---:|',
      ...rows,
    ].join('\n');
  },
  async teardown() {
    for (const close of closers) await close().catch(() => undefined);
  },
});
