import type { Rejection } from '../connectors/types.ts';

/** What a file reader yields for each line (NDJSON) or row (CSV): the item, or why it was refused. */
export type BackfillRecord = { line: number; item: unknown } | { line: number; error: Rejection };

/** A file's content as it arrives: bytes (a file or request stream) or already-decoded text. */
export type TextSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/** Options of {@link readNdjson} and {@link readCsv}. */
export interface ReadOptions {
  /**
   * Called after each chunk has been consumed, and once at the end, with the bytes read so far and the
   * records (items and rejections) yielded so far.
   */
  progress?: (bytesRead: number, itemsRead: number) => void;
  /**
   * Longest line (NDJSON) or row (CSV) in characters. A longer one is refused as one rejection and skipped
   * without being held in memory, so an unterminated quote cannot make the reader buffer the file.
   * @default 1_048_576
   */
  maxLineLength?: number;
}

export const DEFAULT_MAX_LINE_LENGTH = 1_048_576;

/** The checked maximum line length; throws on a bad option (a bug in the caller). */
export function maxLineLength(options: ReadOptions): number {
  const max = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`invalid maxLineLength: ${max}`);
  return max;
}

/** A rejection for a whole line or row of a file: its field is `line 12`. */
export function lineRejection(line: number, message: string): Rejection {
  return { code: 'invalid_item', field: `line ${line}`, message: `line ${line}: ${message}` };
}

/**
 * Decodes a stream of chunks to text as it arrives: UTF-8 characters split across chunks are joined, a
 * leading byte-order mark is dropped, and `counter.bytes` counts the bytes read. Invalid UTF-8 becomes
 * U+FFFD rather than failing the file.
 */
export async function* decodeText(source: TextSource, counter: { bytes: number }): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let started = false;
  for await (const chunk of source) {
    let text: string;
    if (typeof chunk === 'string') {
      counter.bytes += Buffer.byteLength(chunk, 'utf8');
      text = decoder.decode() + chunk; // flushes bytes left over from an earlier binary chunk
    } else {
      counter.bytes += chunk.byteLength;
      text = decoder.decode(chunk, { stream: true });
    }
    if (!started && text.length > 0) {
      started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    yield text;
  }
  const rest = decoder.decode();
  if (rest) yield started || rest.charCodeAt(0) !== 0xfeff ? rest : rest.slice(1);
}
