import { csvField } from '@tally/client-sdk';

export { csvField };

/** Rows as RFC 4180 text: fields joined by commas, each record ended by CRLF. */
export function toCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
