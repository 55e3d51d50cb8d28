import { describe, expect, it } from 'vitest';
import { bucketsBetween, MAX_BUCKETS, previousBuckets, resolveBuckets } from './buckets.ts';
import { zonedCalendar } from './zoned-calendar.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const at = (s: string) => Date.parse(s);

describe('buckets', () => {
  const now = at('2026-11-20T12:00:00Z');
  const utc = zonedCalendar('UTC');

  it('resolves relative ranges to the last N units, the current one included, in whole buckets', () => {
    const days = resolveBuckets({ kind: 'relative', n: 7, unit: 'day' }, 'day', utc, now);
    expect([iso(days.from), iso(days.to), days.starts.length]).toEqual(['2026-11-14T00:00:00.000Z', '2026-11-21T00:00:00.000Z', 7]);
    const hours = resolveBuckets({ kind: 'relative', n: 24, unit: 'hour' }, 'hour', utc, now);
    expect([iso(hours.from), iso(hours.to), hours.starts.length]).toEqual(['2026-11-19T13:00:00.000Z', '2026-11-20T13:00:00.000Z', 24]);
    const months = resolveBuckets({ kind: 'relative', n: 12, unit: 'month' }, 'month', utc, now);
    expect([iso(months.from), months.starts.length]).toEqual(['2025-12-01T00:00:00.000Z', 12]);
    const coarse = resolveBuckets({ kind: 'relative', n: 30, unit: 'day' }, 'month', utc, now);
    expect(coarse.starts.map(iso)).toEqual(['2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z']);
  });

  it('widens absolute ranges to whole buckets, finds a bucket by instant, and steps back one period', () => {
    const b = bucketsBetween(at('2026-11-03T05:00:00Z'), at('2026-11-17T01:00:00Z'), 'week', utc);
    expect(b.starts.map(iso)).toEqual(['2026-11-02T00:00:00.000Z', '2026-11-09T00:00:00.000Z', '2026-11-16T00:00:00.000Z']);
    expect(iso(b.to)).toBe('2026-11-23T00:00:00.000Z');
    expect([b.indexOf(at('2026-11-01T23:59:59Z')), b.indexOf(at('2026-11-09T00:00:00Z')), b.indexOf(at('2026-11-22T23:00:00Z')), b.indexOf(b.to)]).toEqual([-1, 1, 2, -1]);
    const prev = previousBuckets(b, utc);
    expect(prev.starts.map(iso)).toEqual(['2026-10-12T00:00:00.000Z', '2026-10-19T00:00:00.000Z', '2026-10-26T00:00:00.000Z']);
    expect(prev.to).toBe(b.from);
  });

  it('refuses more than MAX_BUCKETS buckets, naming granularity', () => {
    expect(() => resolveBuckets({ kind: 'relative', n: 24, unit: 'month' }, 'hour', utc, now)).toThrow(/^granularity: /);
    expect(MAX_BUCKETS).toBe(10_000);
  });
});
