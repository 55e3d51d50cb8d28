/**
 * Seeded randomness for the demo generator. Everything the demo sends derives from these functions, so the
 * same seed gives the same events byte for byte. Independent streams are derived by hashing coordinates
 * (`derive(seed, account, day)`) rather than by drawing in sequence, which lets any one day be generated
 * without replaying the days before it (a resumed backfill starts where it stopped).
 */

import { fmix32 } from '@tally/core';

/**
 * Mixes integers into one uint32 (order matters). Parts may be any safe integer; values past 32 bits are
 * folded in two halves.
 *
 * @example mix(42, 7, 19876) // the seed of account 7's stream on day 19876
 */
export function mix(...parts: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    const lo = part >>> 0;
    const hi = Math.floor(part / 4294967296) >>> 0;
    h = fmix32(Math.imul(h ^ lo, 0x27d4eb2f) + 0x165667b1);
    if (hi !== 0) h = fmix32(Math.imul(h ^ hi, 0x27d4eb2f) + 0x165667b1);
  }
  return h;
}

/** FNV-1a of a string, for turning labels (`"tickets"`) into stream coordinates. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A small, fast PRNG (mulberry32) with the helpers the generator needs. Not for cryptography.
 *
 * @example
 * const rng = new Rng(42);
 * rng.int(1, 6); // a die roll, the same one every time for seed 42
 */
export class Rng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** The next uint32. */
  u32(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** An index chosen with probability proportional to its weight. */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** An index chosen by cumulative weights (`[w0, w0 + w1, …]`), for picking many times from one list. */
  cumulativeIndex(cumulative: readonly number[]): number {
    const r = this.next() * cumulative[cumulative.length - 1]!;
    for (let i = 0; i < cumulative.length; i++) if (r < cumulative[i]!) return i;
    return cumulative.length - 1;
  }

  /** A normal variate (Box-Muller). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** An exponential variate with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** A Poisson count with mean `lambda` (Knuth's method; the demo's rates are small). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 30) return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}

/** Running sums of `weights`, for {@link Rng.cumulativeIndex}. */
export function cumulative(weights: readonly number[]): number[] {
  let total = 0;
  return weights.map((w) => (total += w));
}

/**
 * An independent stream for the given coordinates.
 *
 * @example derive(seed, STREAM.usage, account.index, day)
 */
export function derive(...parts: readonly number[]): Rng {
  return new Rng(mix(...parts));
}
