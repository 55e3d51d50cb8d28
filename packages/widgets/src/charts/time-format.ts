import type { Granularity } from '@tally/client-sdk';

/** Date labels for the buckets of one granularity, in a locale and an IANA time zone. */
export interface BucketFormat {
  /**
   * Axis tick label; a second line (`\n`) carries the day or year when it changes from `previous`, the
   * tick before (and on the first tick). `coarse` hour ticks (a day or more apart) show dates only.
   */
  tick(date: Date, previous: Date | undefined, coarse?: boolean): string;
  /** True when `date` starts a day in the time zone (where coarse hour ticks go). */
  startsDay(date: Date): boolean;
  /** Full label of the bucket `[start, end)`: `Tue, Mar 3, 2026`, `Mar 2 – 8, 2026`, `March 2026`. */
  full(start: Date, end: Date): string;
}

/**
 * Bucket labels through `Intl.DateTimeFormat`. Throws a `RangeError` for an unknown time zone or locale:
 * validate them first (see {@link isTimeZone}).
 *
 * @example
 * bucketFormat('day', 'en-US', 'UTC').full(new Date('2026-03-03'), new Date('2026-03-04')); // 'Tue, Mar 3, 2026'
 */
export function bucketFormat(granularity: Granularity, locale: string | undefined, timeZone: string | undefined): BucketFormat {
  const loc = locale?.trim() || undefined;
  const tz = timeZone || undefined;
  const make = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(loc, { ...options, timeZone: tz });
  const yearOf = make({ year: 'numeric' });
  const dayKey = make({ year: 'numeric', month: '2-digit', day: '2-digit' });
  const time = make({ hour: '2-digit', minute: '2-digit' });
  const monthDay = make({ month: 'short', day: 'numeric' });
  const month = make({ month: 'short' });
  const year = (d: Date) => yearOf.format(d);
  const hourOf = make({ hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
  const startsDay = (d: Date) => /^0?0:00$/.test(hourOf.format(d));
  const dayTick = (d: Date, prev: Date | undefined) =>
    prev === undefined || year(prev) !== year(d) ? `${monthDay.format(d)}\n${year(d)}` : monthDay.format(d);
  const fullDay = make({ weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
  const fullHour = make({ weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const fullMonth = make({ year: 'numeric', month: 'long' });
  const range = make({ year: 'numeric', month: 'short', day: 'numeric' });

  switch (granularity) {
    case 'hour':
      return {
        tick: (d, prev, coarse) =>
          coarse ? dayTick(d, prev) : prev === undefined || dayKey.format(prev) !== dayKey.format(d) ? `${time.format(d)}\n${monthDay.format(d)}` : time.format(d),
        full: (start) => fullHour.format(start),
        startsDay,
      };
    case 'month':
      return {
        tick: (d, prev) => (prev === undefined || year(prev) !== year(d) ? `${month.format(d)}\n${year(d)}` : month.format(d)),
        full: (start) => fullMonth.format(start),
        startsDay,
      };
    case 'week':
    case 'day':
      return {
        tick: dayTick,
        startsDay,
        // A week's last instant is 1 ms before the next week starts (a DST week is not 7 × 24 h).
        full: (start, end) => (granularity === 'day' ? fullDay.format(start) : range.formatRange(start, new Date(end.getTime() - 1))),
      };
  }
}

/** True when `Intl` knows the IANA time zone `name`. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * Indexes of the buckets to label on an axis `width` pixels wide: evenly spaced, about one per `spacing`
 * pixels, always the first.
 */
export function tickIndexes(count: number, width: number, spacing = 72): number[] {
  if (count === 0) return [];
  const most = Math.max(2, Math.floor(width / spacing));
  const step = Math.max(1, Math.ceil(count / most));
  const out: number[] = [];
  for (let i = 0; i < count; i += step) out.push(i);
  return out;
}

/**
 * {@link tickIndexes} for hourly buckets: once ticks are a day or more apart (`coarse`), they step by whole
 * days from the first bucket that `startsDay` (midnight in the chart's time zone), and should show dates.
 */
export function hourTickIndexes(
  count: number,
  width: number,
  startsDay: (index: number) => boolean,
  spacing = 64,
): { indexes: number[]; coarse: boolean } {
  const plain = tickIndexes(count, width, spacing);
  const step = (plain[1] ?? count) - (plain[0] ?? 0);
  if (plain.length < 2 || step < 24) return { indexes: plain, coarse: false };
  const days = Math.ceil(step / 24) * 24;
  let first = 0;
  while (first < Math.min(count, 24) && !startsDay(first)) first++;
  if (first === Math.min(count, 24)) first = 0;
  const indexes: number[] = [];
  for (let i = first; i < count; i += days) indexes.push(i);
  return { indexes, coarse: true };
}
