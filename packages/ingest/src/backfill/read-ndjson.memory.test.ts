import { describe, expect, it } from 'vitest';
import { batches } from './batches.ts';
import { readNdjson } from './read-ndjson.ts';

const TOTAL_BYTES = 50 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;
const MB = 1024 * 1024;

/** About 50 MB of NDJSON in 64 KiB chunks cut anywhere (mid-line, mid-character), one malformed line in the middle. */
async function* generated(badLine: number): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  let carry: Buffer = Buffer.alloc(0);
  let text = '';
  let bytes = 0;
  for (let line = 1; bytes < TOTAL_BYTES; line += 1) {
    const row =
      line === badLine
        ? '{"id": "evt_bad", "type": oops}\n'
        : `{"id":"evt_${line}","type":"product.feature_used","occurredAt":"2026-03-01T10:00:00Z","customerId":"acct_${line % 97}","properties":{"feature":"export ✓ ünïcode","n":${line},"pad":"${'x'.repeat(80)}"}}\n`;
    text += row;
    if (text.length >= CHUNK_BYTES) {
      carry = Buffer.concat([carry, encoder.encode(text)]);
      text = '';
      while (carry.length >= CHUNK_BYTES) {
        bytes += CHUNK_BYTES;
        yield new Uint8Array(carry.subarray(0, CHUNK_BYTES));
        carry = carry.subarray(CHUNK_BYTES);
      }
    }
  }
  const rest = Buffer.concat([carry, encoder.encode(text)]);
  if (rest.length > 0) yield new Uint8Array(rest);
}

describe('readNdjson over a large stream', () => {
  it('reads 50 MB in constant memory, reporting the malformed line and reading past it', async () => {
    const badLine = 100_000;
    let lastBytes = 0;
    let items = 0;
    let errors: Array<{ line: number; field: string }> = [];
    let lastLine = 0;
    let afterBad = 0;
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const records = readNdjson(generated(badLine), { progress: (bytesRead) => (lastBytes = bytesRead) });
    for await (const batch of batches(records, 500)) {
      for (const record of batch) {
        expect(record.line).toBe(lastLine + 1);
        lastLine = record.line;
        if ('error' in record) errors = [...errors, { line: record.line, field: record.error.field }];
        else {
          items += 1;
          if (record.line > badLine) afterBad += 1;
        }
      }
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(lastBytes).toBeGreaterThanOrEqual(TOTAL_BYTES);
    expect(errors).toEqual([{ line: badLine, field: `line ${badLine}` }]);
    expect(items).toBe(lastLine - 1);
    expect(afterBad).toBeGreaterThan(100_000);
    // Constant memory is the property under test: buffering the file (or its items) would hold well over
    // 150 MB of heap; streaming holds one chunk and one batch.
    expect((peak - baseline) / MB).toBeLessThan(150);
  });
});
