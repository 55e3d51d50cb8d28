import { decodeText, lineRejection, maxLineLength, type BackfillRecord, type ReadOptions, type TextSource } from './text.ts';

/** One complete line as a record; `undefined` for a blank line. */
function parseLine(text: string, line: number, oversized: boolean, max: number): BackfillRecord | undefined {
  if (oversized) return { line, error: lineRejection(line, `longer than ${max} characters`) };
  const body = text.endsWith('\r') ? text.slice(0, -1) : text;
  if (body.trim() === '') return undefined;
  try {
    return { line, item: JSON.parse(body) as unknown };
  } catch (err) {
    return { line, error: lineRejection(line, `malformed JSON (${(err as Error).message.slice(0, 200)})`) };
  }
}

/**
 * Reads newline-delimited JSON as it streams in, one record per non-blank line, numbered from 1. A malformed
 * line yields `{ line, error }` and reading goes on. Memory stays constant: only the current line is held
 * (at most `maxLineLength` characters). Handles LF and CRLF, a last line without a newline, a byte-order
 * mark and UTF-8 characters split across chunks.
 *
 * @example
 * for await (const record of readNdjson(createReadStream('events.ndjson'))) {
 *   if ('error' in record) console.warn(record.error.message); // "line 12: malformed JSON (...)"
 *   else handle(record.item);
 * }
 */
export function readNdjson(source: TextSource, options: ReadOptions = {}): AsyncGenerator<BackfillRecord> {
  const max = maxLineLength(options);
  return (async function* () {
    const counter = { bytes: 0 };
    let records = 0;
    let pending = ''; // the current line so far
    let oversized = false; // the current line passed `max`: its text is dropped, not kept
    let line = 1;
    for await (const text of decodeText(source, counter)) {
      let start = 0;
      for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
        const piece = text.slice(start, newline);
        const tooLong = oversized || pending.length + piece.length > max;
        const record = parseLine(tooLong ? '' : pending + piece, line, tooLong, max);
        pending = '';
        oversized = false;
        line += 1;
        start = newline + 1;
        if (record) {
          records += 1;
          yield record;
        }
      }
      if (!oversized) {
        const rest = text.slice(start);
        if (pending.length + rest.length > max) {
          oversized = true;
          pending = '';
        } else {
          pending += rest;
        }
      }
      options.progress?.(counter.bytes, records);
    }
    const last = parseLine(pending, line, oversized, max);
    if (last) {
      records += 1;
      yield last;
    }
    options.progress?.(counter.bytes, records);
  })();
}
