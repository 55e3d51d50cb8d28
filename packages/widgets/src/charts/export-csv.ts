import type { QueryResponse } from '@tally/client-sdk';

/** Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"), tab and CR included. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 field: quoted when it holds a comma, quote, CR or LF (quotes doubled). A text cell that a
 * spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`.
 * Numbers are written as they are (`-4900` stays a number); `null` and non-finite numbers are empty.
 *
 * @example
 * csvField('=SUM(A1)'); // "'=SUM(A1)"
 * csvField('a,"b"'); // '"a,""b"""'
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A query answer as CSV, in the format of the API's `POST /v1/query.csv`: header `bucket,group,value`
 * (`group` only when grouped), one CRLF-ended record per series and bucket, raw values (money in minor
 * units). With a previous period, a `period` column says `current` or `previous`, and the previous rows
 * follow with their own bucket starts.
 *
 * @example
 * queryCsv({ series: [{ points: [{ t: '2026-11-01T00:00:00.000Z', v: 3 }], total: 3 }] });
 * // 'bucket,value\r\n2026-11-01T00:00:00.000Z,3\r\n'
 */
export function queryCsv(answer: Pick<QueryResponse, 'series' | 'previous'>): string {
  const all = [...answer.series, ...(answer.previous ?? [])];
  const grouped = all.some((s) => s.group !== undefined);
  const compared = answer.previous !== undefined;
  const header = ['bucket', ...(grouped ? ['group'] : []), ...(compared ? ['period'] : []), 'value'];
  const rows = (period: string, series: QueryResponse['series']) =>
    series.flatMap((s) => s.points.map((p) => [p.t, ...(grouped ? [s.group ?? ''] : []), ...(compared ? [period] : []), p.v]));
  const records = [header, ...rows('current', answer.series), ...rows('previous', answer.previous ?? [])];
  return records.map((record) => `${record.map(csvField).join(',')}\r\n`).join('');
}
