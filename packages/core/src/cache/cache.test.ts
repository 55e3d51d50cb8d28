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

  it('stays within its bound in memory, keeping the recently used keys', async () => {
    const state = new MemoryCacheState(100);
    const cache = createMemoryCache({ state });
    await cache.set('hot', 'kept');
    for (let i = 0; i < 1000; i++) {
      await cache.set(`k${i}`, String(i));
      if (i % 10 === 0) expect(await cache.get('hot')).toBe('kept');
    }
    expect(state.size).toBeLessThanOrEqual(100);
    expect(await cache.get('k0')).toBeNull();
    const recent = await cache.getMany(Array.from({ length: 40 }, (_, i) => `k${960 + i}`));
    expect(recent).toEqual(Array.from({ length: 40 }, (_, i) => String(960 + i)));
    await cache.close();
  });

  it('says Redis is unreachable', async () => {
    await expect(openRedisCache({ url: 'redis://127.0.0.1:1' })).rejects.toSatisfy((err) => isTallyError(err, 'cache_unavailable'));
  });
});
