import { describe, expect, it } from 'vitest';
import { newlyCoveredDays, userWindowDeltas, WindowDeltas, type PresenceDay } from './window-deltas.ts';

/** Days covered by a set of active days in a trailing window, by definition. */
function coverage(days: readonly number[], window: number): Set<number> {
  const out = new Set<number>();
  for (const d of days) for (let x = d; x < d + window; x++) out.add(x);
  return out;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('newlyCoveredDays', () => {
  it('counts a first activity on the window\'s days from that day on', () => {
    expect(newlyCoveredDays([], [100], 1)).toEqual([100]);
    expect(newlyCoveredDays([], [100], 7)).toEqual(range(100, 106));
    expect(newlyCoveredDays([], [100], 30)).toEqual(range(100, 129));
  });

  it('adds only the one day past the window for the day after an active day', () => {
    expect(newlyCoveredDays([100], [101], 1)).toEqual([101]);
    expect(newlyCoveredDays([100], [101], 7)).toEqual([107]);
    expect(newlyCoveredDays([100], [101], 30)).toEqual([130]);
  });

  it('after a gap shorter than the window adds the days past the old window; after a longer gap, a whole window', () => {
    // last active day 100: covered through 106 (7 days). Day 104 extends it to 110.
    expect(newlyCoveredDays([100], [104], 7)).toEqual(range(107, 110));
    // day 110 is past 106: a new, separate window 110 … 116 (107 … 109 stay uncovered)
    expect(newlyCoveredDays([100], [110], 7)).toEqual(range(110, 116));
    // a gap of exactly the window: 107 continues where 100's window ended
    expect(newlyCoveredDays([100], [107], 7)).toEqual(range(107, 113));
  });

  it('fills only the uncovered days for a late day between two existing days', () => {
    // 100 covers 100 … 106, 115 covers 115 … 121; a late 105 adds 107 … 111
    expect(newlyCoveredDays([100, 115], [105], 7)).toEqual(range(107, 111));
    // a late 110 adds 110 … 114 and stops at 115, already covered
    expect(newlyCoveredDays([100, 115], [110], 7)).toEqual(range(110, 114));
    // a late day inside an existing window changes nothing for that window
    expect(newlyCoveredDays([100, 103], [102], 7)).toEqual([]);
    expect(newlyCoveredDays([100, 103], [102], 1)).toEqual([102]);
  });

  it('counts each day once when one batch brings several days of one user', () => {
    expect(newlyCoveredDays([], [100, 101, 102], 7)).toEqual(range(100, 108));
    expect(newlyCoveredDays([], [102, 100, 100], 7)).toEqual(range(100, 108));
    expect(newlyCoveredDays([95], [100, 120], 7)).toEqual([...range(102, 106), ...range(120, 126)]);
  });

  it('is "coverage after minus coverage before" on random day sets', () => {
    let x = 12345;
    const rand = (n: number) => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x % n;
    };
    for (let i = 0; i < 300; i++) {
      const existing = Array.from({ length: rand(8) }, () => rand(60));
      const added = Array.from({ length: 1 + rand(4) }, () => rand(60));
      for (const window of [1, 7, 30]) {
        const before = coverage(existing, window);
        const want = [...coverage([...existing, ...added], window)].filter((d) => !before.has(d)).sort((a, b) => a - b);
        expect(newlyCoveredDays(existing, added, window)).toEqual(want);
      }
    }
  });
});

describe('userWindowDeltas', () => {
  const p = (day: number, customerId: string): PresenceDay => ({ day, customerId });

  it('counts a day new within a customer but already active under another only for that customer', () => {
    expect(userWindowDeltas([p(100, 'c1')], [p(100, 'c2')], [1, 7])).toEqual([
      { windowDays: 1, scope: 'customer', customerId: 'c2', days: [100] },
      { windowDays: 7, scope: 'customer', customerId: 'c2', days: range(100, 106) },
    ]);
  });

  it('uses the customer\'s own earlier days within the customer, every customer\'s for the user overall', () => {
    expect(userWindowDeltas([p(100, 'c1'), p(98, 'c2')], [p(101, 'c2')], [7])).toEqual([
      { windowDays: 7, scope: 'all', customerId: '', days: [107] }, // overall, 100 already covered through 106
      { windowDays: 7, scope: 'customer', customerId: 'c2', days: [105, 106, 107] }, // within c2, 98 covered through 104
    ]);
  });

  it('sums users per row across a batch, sorted by the table\'s key', () => {
    const batch = new WindowDeltas();
    batch.add('acme', userWindowDeltas([], [p(100, 'c1')], [1]));
    batch.add('acme', userWindowDeltas([], [p(100, 'c1')], [1]));
    batch.add('acme', userWindowDeltas([], [p(99, '')], [1]));
    expect(batch.rows().map((r) => [r.scope, r.customerId, r.day, r.users])).toEqual([
      ['all', '', 99, 1],
      ['all', '', 100, 2],
      ['customer', '', 99, 1],
      ['customer', 'c1', 100, 2],
    ]);
  });
});
