import { parseHeader, rowToItem, type Column } from './csv-columns.ts';
import { CsvTokenizer, type CsvRow } from './csv-tokenizer.ts';
import { decodeText, lineRejection, maxLineLength, type BackfillRecord, type ReadOptions, type TextSource } from './text.ts';

/**
 * Reads a backfill CSV as it streams in (RFC 4180: a header row, quoted fields with `""` escapes and line
 * breaks inside quotes, CRLF or LF). Each row yields `{ line, item }` shaped for the backfill connector, or
 * `{ line, error }` (wrong number of fields, a bad quote, a `:number` property that is not a number) and
 * reading goes on; `line` is the line the row starts on. A header Tally cannot use yields one error for
 * line 1 and ends the file. Memory stays constant: one row of at most `maxLineLength` characters.
 *
 * @example
 * // id,type,occurredAt,customerId,revenue.amountMinor,revenue.currency,properties.plan,properties.seats:number
 * for await (const record of readCsv(createReadStream('invoices.csv'))) { ... }
 */
export function readCsv(source: TextSource, options: ReadOptions = {}): AsyncGenerator<BackfillRecord> {
  const tokenizer = new CsvTokenizer(maxLineLength(options));
  return (async function* () {
    const counter = { bytes: 0 };
    let records = 0;
    let columns: Column[] | undefined;
    let done = false;

    /** The record for one tokenized row; the header row sets the columns (or ends the file). */
    function toRecord(row: CsvRow): BackfillRecord | undefined {
      if ('error' in row) return { line: row.line, error: lineRejection(row.line, row.error) };
      if (!columns) {
        const header = parseHeader(row.fields);
        if (header.ok) columns = header.columns;
        else done = true;
        return header.ok ? undefined : { line: row.line, error: lineRejection(row.line, `bad header: ${header.message}`) };
      }
      const mapped = rowToItem(columns, row.fields);
      return mapped.ok ? { line: row.line, item: mapped.item } : { line: row.line, error: lineRejection(row.line, mapped.message) };
    }

    for await (const text of decodeText(source, counter)) {
      for (const row of tokenizer.push(text)) {
        const record = toRecord(row);
        if (record) {
          records += 1;
          yield record;
        }
        if (done) {
          options.progress?.(counter.bytes, records);
          return;
        }
      }
      options.progress?.(counter.bytes, records);
    }
    for (const row of tokenizer.end()) {
      const record = toRecord(row);
      if (record) {
        records += 1;
        yield record;
      }
    }
    options.progress?.(counter.bytes, records);
  })();
}
