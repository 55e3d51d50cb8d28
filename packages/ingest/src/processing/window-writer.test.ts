import { createMemoryCache, type CanonicalEvent } from '@tally/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../../../test/support/stores.ts';
import { BatchApplier } from './aggregator.ts';
import { verifyRollups } from './recompute.ts';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const DAY_MS = 86_400_000;

/** Users active under two customers on scattered days: each customer's events are one bus key's stream. */
function sharedUsers(customer: string, seed: number): CanonicalEvent[] {
  let x = seed;
  const rand = (n: number) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x % n;
  };
  const out: CanonicalEvent[] = [];
  for (let i = 0; i < 1200; i++) {
    const at = new Date(NOW - rand(45) * DAY_MS - rand(DAY_MS)).toISOString();
    out.push({
      id: `segment:${customer}-${i}`, tenant: 'acme', source: 'segment', type: 'product.page_viewed', occurredAt: at, receivedAt: at,
      customerId: customer, userId: `u${rand(40)}`, properties: {}, schemaVersion: 1,
    });
  }
  return out;
}

describe('active users per window with two processors at once', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore('postgres');
  });
  afterAll(() => t.close());

  it('counts a user active under two customers once overall when both customers\' batches run concurrently', async () => {
    const cache = createMemoryCache();
    // Two appliers stand for two processor members: c1's partition on one, c2's on the other.
    const members = [new BatchApplier({ store: t.store, cache, now: () => NOW }), new BatchApplier({ store: t.store, cache, now: () => NOW })];
    const streams = [sharedUsers('c1', 1), sharedUsers('c2', 2)];
    await Promise.all(members.map(async (member, m) => {
      for (let i = 0; i < streams[m]!.length; i += 60) await member.apply(streams[m]!.slice(i, i + 60));
    }));
    await cache.close();
    expect(await verifyRollups(t.store)).toEqual([]);
    const [row] = await t.store.query<{ n: number }>(`SELECT count(*)::int AS n FROM active_users_window WHERE scope = 'all' AND window_days = 30`);
    expect(row!.n).toBeGreaterThan(40);
  });

  it('reports a stored window count that differs from its recomputation', async () => {
    await t.store.query(`UPDATE active_users_window SET users = users + 1 WHERE scope = 'all' AND window_days = 7 AND day = $1`, [new Date(NOW).toISOString().slice(0, 10)]);
    const diff = await verifyRollups(t.store);
    expect(diff.map((d) => [d.table, d.onlyStored, d.onlyRecomputed])).toEqual([['active_users_window', 1, 1]]);
  });
});
