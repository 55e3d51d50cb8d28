import type { QueryResponse } from '@tally/client-sdk';
import { toCsv } from './csv.ts';

/**
 * A query answer as CSV: a header `bucket,group,value` (`group` only when the answer is split by a dimension
 * or is a histogram), then one record per series and bucket, series in the answer's order. `bucket` is the
 * bucket's start (ISO); an undefined value (0 ÷ 0) is an empty field. A `previous` period is not exported.
 *
 * @example
 * queryCsv({ series: [{ points: [{ t: '2026-11-01T00:00:00.000Z', v: 3 }], total: 3 }], meta })
 * // → 'bucket,value\r\n2026-11-01T00:00:00.000Z,3\r\n'
 */
export function queryCsv(answer: Pick<QueryResponse, 'series'>): string {
  const grouped = answer.series.some((s) => s.group !== undefined);
  const header = grouped ? ['bucket', 'group', 'value'] : ['bucket', 'value'];
  const rows = answer.series.flatMap((s) => s.points.map((p) => (grouped ? [p.t, s.group ?? '', p.v] : [p.t, p.v])));
  return toCsv([header, ...rows]);
}
