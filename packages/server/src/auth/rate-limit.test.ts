import { createMemoryCache, openRedisCache, type Cache } from '@tally/core';
import { afterAll, describe, expect, it } from 'vitest';
import { freshKeyPrefix, testRedisUrl } from '../../../../test/support/services.ts';
import { hitFixedWindow } from './rate-limit.ts';

const opened: Cache[] = [];
const caches: [string, () => Promise<Cache>][] = [
  ['memory', async () => createMemoryCache()],
  ['redis', () => openRedisCache({ url: testRedisUrl(), keyPrefix: freshKeyPrefix() })],
];

describe.each(caches)('fixed-window rate limit on %s', (_, open) => {
  afterAll(async () => {
    await Promise.all(opened.splice(0).map(async (c) => {
      await c.del(...['ratelimit:t:29616', 'ratelimit:t:29617', 'ratelimit:u:29616']);
      await c.close();
    }));
  });

  it('allows `limit` hits per window per key, says when the window ends, and expires the counter', async () => {
    const cache = await open();
    opened.push(cache);
    const start = 29_616 * 60_000; // the start of a window
    for (let i = 1; i <= 3; i++) expect(await hitFixedWindow(cache, 't', 3, 60_000, start + i)).toMatchObject({ allowed: true, count: i });
    expect(await hitFixedWindow(cache, 't', 3, 60_000, start + 15_000)).toEqual({ allowed: false, count: 4, retryAfterSeconds: 45 });
    expect(await hitFixedWindow(cache, 'u', 3, 60_000, start + 15_000)).toMatchObject({ allowed: true, count: 1 });
    expect(await hitFixedWindow(cache, 't', 3, 60_000, start + 60_000)).toMatchObject({ allowed: true, count: 1 });
    const ttl = await cache.ttl('ratelimit:t:29616');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(120_000);
  });
});
