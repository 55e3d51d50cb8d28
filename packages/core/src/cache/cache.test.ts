import { describe, expect, it } from 'vitest';
import { freshKeyPrefix, testRedisUrl } from '../../../../test/support/services.ts';
import { isTallyError } from '../errors.ts';
import { describeCacheContract } from './cache.contract.ts';
import { createMemoryCache, MemoryCacheState } from './memory-cache.ts';
import { openRedisCache } from './redis-cache.ts';

describeCacheContract('memory', async () => {
  const state = new MemoryCacheState();
  return {
    cache: createMemoryCache({ keyPrefix: 'p:', state }),
    second: async () => createMemoryCache({ keyPrefix: 'p:', state }),
  };
});

describeCacheContract('redis', async () => {
  const keyPrefix = freshKeyPrefix();
  const open = () => openRedisCache({ url: testRedisUrl(), keyPrefix });
  return { cache: await open(), second: open };
});

describe('cache key prefixes', () => {
  it('keeps two prefixes apart on one Redis', async () => {
    const base = freshKeyPrefix();
    const [a, b] = await Promise.all([
      openRedisCache({ url: testRedisUrl(), keyPrefix: `${base}a:` }),
      openRedisCache({ url: testRedisUrl(), keyPrefix: `${base}b:` }),
    ]);
    try {
      await a.set('k', 'from-a');
      expect(await b.get('k')).toBeNull();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('keeps two prefixes apart in memory', async () => {
    const state = new MemoryCacheState();
    const a = createMemoryCache({ keyPrefix: 'a:', state });
    const b = createMemoryCache({ keyPrefix: 'b:', state });
    await a.set('k', 'from-a');
    expect(await b.get('k')).toBeNull();
    await Promise.all([a.close(), b.close()]);
  });

  it('evicts the oldest-written keys past its bound, in memory', async () => {
    const cache = createMemoryCache({ state: new MemoryCacheState(3) });
    for (const k of ['a', 'b', 'c']) await cache.set(k, k);
    await cache.set('a', 'a2'); // rewritten: now the newest
    await cache.set('d', 'd');
    expect(await cache.getMany(['a', 'b', 'c', 'd'])).toEqual(['a2', null, 'c', 'd']);
    await cache.close();
  });

  it('says Redis is unreachable', async () => {
    await expect(openRedisCache({ url: 'redis://127.0.0.1:1' })).rejects.toSatisfy((err) => isTallyError(err, 'cache_unavailable'));
  });
});
