import { describe, expect, it } from 'vitest';
import { batches } from './batches.ts';

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of source) out.push(value);
  return out;
}

async function* count(n: number) {
  for (let i = 1; i <= n; i += 1) yield i;
}

describe('batches', () => {
  it('groups a stream, the last batch shorter', async () => {
    expect(await collect(batches(count(7), 3))).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(await collect(batches([1, 2], 2))).toEqual([[1, 2]]);
    expect(await collect(batches(count(0), 5))).toEqual([]);
  });

  it.each([[0], [-1], [1.5], [Number.NaN]])('refuses a batch size of %s at once', (size) => {
    expect(() => batches([], size)).toThrow(RangeError);
  });
});
