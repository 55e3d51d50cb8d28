import { describe, expect, it } from 'vitest';
import { readNdjson } from './read-ndjson.ts';
import type { BackfillRecord, ReadOptions, TextSource } from './text.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

async function collect(source: TextSource, options?: ReadOptions): Promise<BackfillRecord[]> {
  const out: BackfillRecord[] = [];
  for await (const record of readNdjson(source, options)) out.push(record);
  return out;
}

/** `bytes` cut at every position in `cuts`. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [0, ...cuts, bytes.length];
  return points.slice(1).map((end, i) => bytes.slice(points[i], end));
}

describe('readNdjson', () => {
  it('reads one item per line, numbered from 1, skipping blank lines', async () => {
    expect(await collect(['{"id":"a"}\n\n{"id":"b"}\n  \n{"id":"c"}\n'])).toEqual([
      { line: 1, item: { id: 'a' } },
      { line: 3, item: { id: 'b' } },
      { line: 5, item: { id: 'c' } },
    ]);
  });

  it('handles CRLF and a last line without a newline', async () => {
    expect(await collect(['{"id":"a"}\r\n{"id":"b"}\r\n{"id":"c"}'])).toEqual([
      { line: 1, item: { id: 'a' } },
      { line: 2, item: { id: 'b' } },
      { line: 3, item: { id: 'c' } },
    ]);
  });

  it('drops a byte-order mark', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('{"id":"a"}\n')]);
    expect(await collect([bytes.slice(0, 2), bytes.slice(2)])).toEqual([{ line: 1, item: { id: 'a' } }]);
    expect(await collect(['\uFEFF{"id":"b"}'])).toEqual([{ line: 1, item: { id: 'b' } }]);
  });

  it('joins a UTF-8 character split across chunks, at every cut point', async () => {
    const text = '{"name":"Zoë 🚀 Ünïcode"}\r\n{"name":"日本"}\n';
    const bytes = utf8(text);
    const expected = [
      { line: 1, item: { name: 'Zoë 🚀 Ünïcode' } },
      { line: 2, item: { name: '日本' } },
    ];
    for (let cut = 1; cut < bytes.length; cut += 1) {
      expect(await collect(split(bytes, [cut]))).toEqual(expected);
    }
    expect(await collect(split(bytes, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1)))).toEqual(expected); // one byte per chunk
  });

  it('reports a malformed line with its number and keeps reading', async () => {
    const records = await collect(['{"id":1}\n{"id":2}\n{"id": oops}\n{"id":4}\n', '{"id":5}']);
    expect(records.map((r) => ('item' in r ? r.item : 'error'))).toEqual([{ id: 1 }, { id: 2 }, 'error', { id: 4 }, { id: 5 }]);
    expect(records[2]).toEqual({
      line: 3,
      error: { code: 'invalid_item', field: 'line 3', message: expect.stringMatching(/^line 3: malformed JSON \(/) },
    });
  });

  it('refuses an over-long line without holding it, then goes on', async () => {
    const long = `{"pad":"${'x'.repeat(5_000)}"}`;
    const chunks = [`{"id":1}\n${long.slice(0, 1000)}`, long.slice(1000, 3000), `${long.slice(3000)}\n{"id":3}`];
    expect(await collect(chunks, { maxLineLength: 1024 })).toEqual([
      { line: 1, item: { id: 1 } },
      { line: 2, error: { code: 'invalid_item', field: 'line 2', message: 'line 2: longer than 1024 characters' } },
      { line: 3, item: { id: 3 } },
    ]);
  });

  it('reports progress in bytes and records after each chunk and at the end', async () => {
    const calls: Array<[number, number]> = [];
    const chunks = [utf8('{"a":"é"}\n{"b"'), utf8(':2}\n')];
    await collect(chunks, { progress: (bytes, items) => calls.push([bytes, items]) });
    expect(calls).toEqual([
      [15, 1],
      [19, 2],
      [19, 2],
    ]);
  });

  it('refuses a bad maxLineLength at once', () => {
    expect(() => readNdjson([], { maxLineLength: 0 })).toThrow(RangeError);
  });
});
