import type { Granularity } from '@tally/client-sdk';
import { TallyError } from '@tally/core';
import type { ZonedCalendar } from './zoned-calendar.ts';

/** A query's time range as asked: the last N units (ending now) or two instants (`to` exclusive). */
export type RangeSpec =
  | { kind: 'relative'; n: number; unit: 'hour' | 'day' | 'month' }
  | { kind: 'absolute'; from: number; to: number };

/**
 * Most buckets one answer may have (for example 10,000 hours is about 14 months).
 * @default 10000
 */
export const MAX_BUCKETS = 10_000;

/** The buckets of one answer: consecutive local-calendar intervals covering `[from, to)`. */
export interface Buckets {
  readonly granularity: Granularity;
  readonly timezone: string;
  /** Start of each bucket (epoch ms), ascending. */
  readonly starts: readonly number[];
  readonly from: number;
  readonly to: number;
  /** End (exclusive) of bucket `i`. */
  end(i: number): number;
  /** Index of the bucket holding `ms`, or -1 outside the range. */
  indexOf(ms: number): number;
}

function makeBuckets(starts: number[], to: number, granularity: Granularity, timezone: string): Buckets {
  return {
    granularity,
    timezone,
    starts,
    from: starts[0] ?? to,
    to,
    end: (i) => starts[i + 1] ?? to,
    indexOf(ms) {
      if (starts.length === 0 || ms < starts[0]! || ms >= to) return -1;
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= ms) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    },
  };
}

/** The buckets from the one holding `from` to the one holding `to - 1` (the range widens to whole buckets). */
export function bucketsBetween(from: number, to: number, granularity: Granularity, calendar: ZonedCalendar): Buckets {
  const starts: number[] = [];
  let b = calendar.truncate(from, granularity);
  while (b < to) {
    if (starts.length >= MAX_BUCKETS) {
      throw new TallyError('validation_failed', `granularity: ${granularity} gives more than ${MAX_BUCKETS} buckets over this range; choose a coarser one`, { field: 'granularity' });
    }
    starts.push(b);
    const next = calendar.add(b, granularity, 1);
    b = next > b ? next : calendar.add(b, 'hour', 1); // never stall on a DST oddity
  }
  return makeBuckets(starts, b, granularity, calendar.timezone);
}

/**
 * Resolves a range against the clock. A relative range covers the last N of its units, the current one
 * included (`7d` is today and the 6 days before it), widened to whole buckets: by day that is 7 buckets;
 * `30d` by month is the months those days touch. The last bucket is the one holding `now`. Absolute ranges
 * widen to whole buckets.
 */
export function resolveBuckets(range: RangeSpec, granularity: Granularity, calendar: ZonedCalendar, now: number): Buckets {
  if (range.kind === 'absolute') return bucketsBetween(range.from, range.to, granularity, calendar);
  const unitEnd = calendar.add(calendar.truncate(now, range.unit), range.unit, 1);
  const start = calendar.add(unitEnd, range.unit, -range.n);
  const end = calendar.add(calendar.truncate(now, granularity), granularity, 1);
  return bucketsBetween(start, end, granularity, calendar);
}

/** The same number of buckets, immediately before `buckets`. */
export function previousBuckets(buckets: Buckets, calendar: ZonedCalendar): Buckets {
  const n = buckets.starts.length;
  return bucketsBetween(calendar.add(buckets.from, buckets.granularity, -n), buckets.from, buckets.granularity, calendar);
}
