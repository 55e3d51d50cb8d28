/**
 * Streaming readers for bulk backfill files: NDJSON and CSV in, `{ line, item }` / `{ line, error }` out, in
 * constant memory, plus {@link batches} to group them for the backfill connector.
 */
export { readNdjson } from './read-ndjson.ts';
export { readCsv } from './read-csv.ts';
export { batches } from './batches.ts';
export { DEFAULT_MAX_LINE_LENGTH } from './text.ts';
export type { BackfillRecord, ReadOptions, TextSource } from './text.ts';
