import type { QueryResponse } from '@tally/client-sdk';
import { getMetric } from '@tally/core';
import { describe, expect, it } from 'vitest';
import { metricInputs, ResultCache } from './result-cache.ts';

const answer = (total: number): QueryResponse => ({
  series: [{ points: [], total }],
  meta: { metric: 'm', unit: 'count', from: '', to: '', granularity: 'day', timezone: 'UTC', sources: ['rollup'], freshAt: null },
});

describe('ResultCache', () => {
  it('knows the inputs of derived metrics, transitively', () => {
    expect([...metricInputs(getMetric('arr'))].sort()).toEqual(['arr', 'mrr', 'mrr_movements']);
    expect([...metricInputs(getMetric('net_revenue_retention'))].sort()).toEqual(['mrr', 'mrr_movements', 'net_revenue_retention', 'retained_mrr_change']);
  });

  it('returns copies, evicts the least recently used, and expires after ttlMs', () => {
    let now = 0;
    const cache = new ResultCache({ maxEntries: 2, ttlMs: 1000, now: () => now });
    cache.set('a', 't', getMetric('events'), answer(1));
    cache.set('b', 't', getMetric('events'), answer(2));
    cache.get('a')!.series[0]!.total = 99;
    expect(cache.get('a')!.series[0]!.total).toBe(1);
    cache.set('c', 't', getMetric('events'), answer(3)); // b is the least recently used
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map((a) => a?.series[0]!.total)).toEqual([1, undefined, 3]);
    now = 1001;
    expect(cache.get('a')).toBeUndefined();
  });

  it('drops the answers of a tenant whose metric or input changed, and never stores an answer computed across a change', () => {
    const cache = new ResultCache();
    cache.set('arr', 'acme', getMetric('arr'), answer(1));
    cache.set('events', 'acme', getMetric('events'), answer(2));
    cache.set('globex-arr', 'globex', getMetric('arr'), answer(3));
    expect(cache.invalidate({ tenant: 'acme', metrics: ['mrr_movements'] })).toBe(1);
    expect([cache.get('arr'), cache.get('events'), cache.get('globex-arr')].map((a) => a?.series[0]!.total)).toEqual([undefined, 2, 3]);
    const generation = cache.generation('acme');
    cache.invalidate({ tenant: 'acme', metrics: ['dau'] });
    cache.set('late', 'acme', getMetric('events'), answer(4), generation);
    expect(cache.get('late')).toBeUndefined();
  });
});
