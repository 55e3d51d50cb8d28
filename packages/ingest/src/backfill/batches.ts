/**
 * Groups a stream into arrays of `size` (the last one may be shorter), holding one batch at a time.
 * Throws a RangeError at once for a size that is not a positive integer.
 *
 * @example
 * for await (const batch of batches(readNdjson(file), 500)) await ingest(batch);
 */
export function batches<T>(source: AsyncIterable<T> | Iterable<T>, size: number): AsyncGenerator<T[]> {
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`invalid batch size: ${size}`);
  return (async function* () {
    let batch: T[] = [];
    for await (const item of source) {
      batch.push(item);
      if (batch.length === size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  })();
}
