import { describe, expect, it } from 'vitest';
import { cumulative, derive, hashString, mix, Rng } from './random.ts';

describe('Rng', () => {
  it('is mulberry32: these exact numbers for seed 42 (changing them changes every demo id)', () => {
    const rng = new Rng(42);
    expect([rng.u32(), rng.u32(), rng.u32()]).toEqual([2581720956, 1925393290, 3661312704]);
    expect(mix(42, 7, 19876)).toBe(1291131994);
    expect(hashString('tickets')).toBe(3125785890);
  });

  it('repeats itself for a seed and differs between seeds', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, ((rng) => () => rng.next())(new Rng(seed)));
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('keeps helpers within their ranges', () => {
    const rng = new Rng(1);
    let inRange = true;
    const ints = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      const x = rng.next();
      const f = rng.between(-1, 1);
      ints.add(rng.int(3, 5));
      inRange &&= x >= 0 && x < 1 && f >= -1 && f < 1;
    }
    expect(inRange).toBe(true);
    expect([...ints].sort()).toEqual([3, 4, 5]);
    expect(new Rng(1).pick(['only'])).toBe('only');
  });

  it('draws weighted and Poisson values with the right averages', () => {
    const rng = new Rng(3);
    const hits = [0, 0, 0];
    const sums = cumulative([1, 2, 7]);
    for (let i = 0; i < 20_000; i++) hits[rng.cumulativeIndex(sums)]!++;
    expect(hits[2]! / 20_000).toBeCloseTo(0.7, 1);
    expect(hits[0]! / 20_000).toBeCloseTo(0.1, 1);
    let total = 0;
    for (let i = 0; i < 20_000; i++) total += rng.poisson(2.5);
    expect(total / 20_000).toBeCloseTo(2.5, 1);
  });

  it('derives independent streams from coordinates, in order', () => {
    expect(derive(1, 2, 3).u32()).toBe(derive(1, 2, 3).u32());
    expect(derive(1, 2, 3).u32()).not.toBe(derive(1, 3, 2).u32());
    expect(mix(5, 2 ** 40)).not.toBe(mix(5, 0));
  });
});
