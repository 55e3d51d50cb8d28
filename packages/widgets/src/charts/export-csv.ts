import { csvField, type QueryResponse } from '@tally/client-sdk';

export { csvField };

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
