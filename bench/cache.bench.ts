import { createMemoryCache, openRedisCache, type Cache, type CacheOp } from '@tally/core';
import { defineBench, type BenchCase } from './harness.ts';

const OPS = 100_000;
const BATCH = 1000;

/** Counter writes as the aggregator makes them: per-batch hash counters, counters and HyperLogLog adds. */
function ops(from: number): CacheOp[] {
  return Array.from({ length: BATCH }, (_, i): CacheOp => {
    const n = from + i;
    if (n % 3 === 0) return { op: 'incrBy', key: `events:${n % 50}`, by: 1 };
    if (n % 3 === 1) return { op: 'hincrBy', key: `types:${n % 10}`, field: `t${n % 40}`, by: 2 };
    return { op: 'pfAdd', key: `dau:${n % 5}`, members: [`u${n}`] };
  });
}

function counterCase(adapter: string, cache: Cache): BenchCase {
  return {
    name: `${OPS} counter/HLL writes, ${BATCH} per round trip`,
    adapter,
    unit: 'ops/s',
    async run() {
      for (let i = 0; i < OPS; i += BATCH) await cache.batch(ops(i));
      return OPS;
    },
  };
}

function singleCase(adapter: string, cache: Cache): BenchCase {
  const n = 10_000;
  return {
    name: `${n} incrBy, one awaited call each`,
    adapter,
    unit: 'ops/s',
    async run() {
      for (let i = 0; i < n; i++) await cache.incrBy(`single:${i % 100}`, 1);
      return n;
    },
  };
}

let caches: Cache[] = [];

export default defineBench({
  name: 'cache',
  async setup(ctx) {
    const memory = createMemoryCache({ keyPrefix: ctx.keyPrefix });
    const redis = await openRedisCache({ url: ctx.redisUrl, keyPrefix: ctx.keyPrefix });
    caches = [memory, redis];
    return [counterCase('memory', memory), counterCase('redis', redis), singleCase('memory', memory), singleCase('redis', redis)];
  },
  async teardown() {
    await Promise.allSettled(caches.map((c) => c.close()));
  },
});
