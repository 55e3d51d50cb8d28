import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTallyError } from '../errors.ts';
import { parseVersioned, type Cache } from './cache.ts';

/** Opens a cache client on a fresh key prefix; `second()` opens another client of the same cache. */
export type OpenTestCache = () => Promise<{ cache: Cache; second: () => Promise<Cache> }>;

/** The cache port's contract: every adapter passes the same suite. */
export function describeCacheContract(name: string, openTestCache: OpenTestCache): void {
  describe(`Cache contract: ${name}`, () => {
    let cache: Cache;
    let second: () => Promise<Cache>;

    beforeAll(async () => {
      ({ cache, second } = await openTestCache());
    });
    afterAll(async () => {
      await cache?.close();
    });

    it('gets what it set, and null for a missing key', async () => {
      await cache.set('greeting', 'hello');
      expect(await cache.get('greeting')).toBe('hello');
      expect(await cache.get('missing')).toBeNull();
      expect(await cache.ttl('greeting')).toBe(-1);
      expect(await cache.ttl('missing')).toBe(-2);
      expect(await cache.getMany(['greeting', 'missing', 'greeting'])).toEqual(['hello', null, 'hello']);
      expect(await cache.getMany([])).toEqual([]);
    });

    it('expires a key after its time to live', async () => {
      await cache.set('short', 'v', 30);
      const ttl = await cache.ttl('short');
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(30);
      await expect.poll(() => cache.get('short'), { timeout: 2000, interval: 10 }).toBeNull();
    });

    it('sets if absent only once', async () => {
      expect(await cache.setIfAbsent('dedup:evt_1', '1', 60_000)).toBe(true);
      expect(await cache.setIfAbsent('dedup:evt_1', '2', 60_000)).toBe(false);
      expect(await cache.get('dedup:evt_1')).toBe('1');
      expect(await cache.del('dedup:evt_1', 'dedup:none')).toBe(1);
    });

    it('counts with counters and hash counters', async () => {
      expect(await cache.incrBy('count', 5)).toBe(5);
      expect(await cache.incrBy('count', -2)).toBe(3);
      await cache.hincrBy('by-type', 'signup', 2);
      await cache.hincrBy('by-type', 'signup', 3);
      await cache.hincrBy('by-type', 'churn', 1);
      expect(await cache.hgetall('by-type')).toEqual({ signup: 5, churn: 1 });
      expect(await cache.hgetall('no-hash')).toEqual({});
    });

    it('refuses an operation on a key of another type', async () => {
      await cache.set('text', 'abc');
      await expect(cache.incrBy('text', 1)).rejects.toSatisfy((err) => isTallyError(err, 'invalid_argument'));
      await expect(cache.hincrBy('text', 'f', 1)).rejects.toSatisfy((err) => isTallyError(err, 'invalid_argument'));
    });

    it('counts distinct members with HyperLogLog within its error bound, and merges', async () => {
      const n = 50_000;
      const members = Array.from({ length: n }, (_, i) => `user-${i}`);
      for (let i = 0; i < n; i += 5000) await cache.pfAdd('hll:a', members.slice(i, i + 5000));
      // Adding the same members again changes nothing.
      expect(await cache.pfAdd('hll:a', members.slice(0, 100))).toBe(false);
      const a = await cache.pfCount('hll:a');
      // 0.81% standard error: 3 sigma is about 2.5%.
      expect(Math.abs(a - n) / n).toBeLessThan(0.025);

      await cache.pfAdd('hll:b', Array.from({ length: 20_000 }, (_, i) => `user-${n - 10_000 + i}`));
      const union = await cache.pfCount('hll:a', 'hll:b');
      expect(Math.abs(union - 60_000) / 60_000).toBeLessThan(0.025);
      await cache.pfMerge('hll:ab', 'hll:a', 'hll:b');
      expect(await cache.pfCount('hll:ab')).toBe(union);
      expect(await cache.pfCount('hll:none')).toBe(0);
    });

    it('counts small sets exactly enough', async () => {
      await cache.pfAdd('hll:small', ['a', 'b', 'c', 'a']);
      expect(await cache.pfCount('hll:small')).toBe(3);
    });

    it('applies a batch of pre-aggregated writes with their expiry', async () => {
      await cache.batch([
        { op: 'incrBy', key: 'b:events', by: 10, ttlMs: 60_000 },
        { op: 'hincrBy', key: 'b:types', field: 'x', by: 7 },
        { op: 'pfAdd', key: 'b:users', members: ['u1', 'u2'] },
        { op: 'set', key: 'b:last', value: 'now', ttlMs: 60_000 },
      ]);
      expect(await cache.get('b:events')).toBe('10');
      expect(await cache.ttl('b:events')).toBeGreaterThan(0);
      expect(await cache.hgetall('b:types')).toEqual({ x: 7 });
      expect(await cache.pfCount('b:users')).toBe(2);
      expect(await cache.get('b:last')).toBe('now');
    });

    it('keeps the highest version of a mirrored value, whatever order the writes arrive in', async () => {
      await cache.batch([{ op: 'setNewer', key: 'v:row', version: 5, value: '500', ttlMs: 60_000 }]);
      await cache.batch([{ op: 'setNewer', key: 'v:row', version: 3, value: '300', ttlMs: 60_000 }]);
      expect(parseVersioned(await cache.get('v:row'))).toEqual({ version: 5, value: '500' });
      await cache.batch([{ op: 'setNewer', key: 'v:row', version: 6, value: '600' }]);
      expect(parseVersioned(await cache.get('v:row'))).toEqual({ version: 6, value: '600' });
      expect(await cache.ttl('v:row')).toBe(-1);
      expect(parseVersioned(await cache.get('v:missing'))).toBeNull();
    });

    it('refuses a non-positive time to live, naming it', async () => {
      await expect(cache.set('k', 'v', 0)).rejects.toSatisfy((err) => isTallyError(err, 'invalid_argument') && (err as { field?: string }).field === 'ttlMs');
    });

    it('delivers pub/sub messages across two clients, and stops after unsubscribe', async () => {
      const other = await second();
      try {
        const received: string[] = [];
        const unsubscribe = await other.subscribe('metric-changed', (m) => received.push(m));
        await cache.publish('metric-changed', 'mrr');
        await cache.publish('metric-changed', 'dau');
        await expect.poll(() => received, { timeout: 5000, interval: 5 }).toEqual(['mrr', 'dau']);
        await unsubscribe();
        // A later message on the same channel goes to a fresh subscriber only.
        const after: string[] = [];
        const off = await other.subscribe('metric-changed', (m) => after.push(m));
        await cache.publish('metric-changed', 'arr');
        await expect.poll(() => after, { timeout: 5000, interval: 5 }).toEqual(['arr']);
        expect(received).toEqual(['mrr', 'dau']);
        await off();
      } finally {
        await other.close();
      }
    });

    it('shares its keys with a second client of the same cache', async () => {
      const other = await second();
      try {
        await cache.set('shared-name', 'mine');
        // The second client shares the prefix, so it sees the key: the prefix is what separates tenants of a Redis.
        expect(await other.get('shared-name')).toBe('mine');
      } finally {
        await other.close();
      }
    });
  });
}
