import type { SqlExecutor } from '@tally/core';
import type { Buckets } from './buckets.ts';
import { iso, SqlParams } from './sql-text.ts';

/** Dimension → fixed column, per state table (the catalog names dimensions; these are their homes). */
const TICKET_COLUMNS: Record<string, string> = { source: 'source', priority: 'priority', channel: 'channel' };
const CUSTOMER_COLUMNS: Record<string, string> = { plan: 'c.plan', owner: 'c.owner' };

function column(columns: Record<string, string>, dimension: string): string {
  const c = columns[dimension];
  if (!c) throw new Error(`no state column for dimension ${dimension}`);
  return c;
}

/** A read of the tickets table. */
export interface TicketSpec {
  tenant: string;
  filters: Readonly<Record<string, readonly string[]>>;
  groupBy?: string;
  customerId?: string;
}

/** Per group: the median per bucket (null when no ticket) and over the whole range. */
export interface MedianResult {
  groups: Map<string, (number | null)[]>;
  totals: Map<string, number | null>;
}

/** Median of `tickets.first_response_seconds` by the bucket of `opened_at`. */
export async function readMedianFirstResponse(db: SqlExecutor, spec: TicketSpec, buckets: Buckets): Promise<MedianResult> {
  const n = buckets.starts.length;
  const base = (p: SqlParams, from: number, to: number) => {
    const where = [
      `tenant = ${p.add(spec.tenant)}`, `opened_at >= ${p.add(iso(from), 'timestamptz')}`, `opened_at < ${p.add(iso(to), 'timestamptz')}`,
      'first_response_seconds IS NOT NULL',
    ];
    if (spec.customerId !== undefined) where.push(`customer_id = ${p.add(spec.customerId)}`);
    for (const [dimension, values] of Object.entries(spec.filters)) where.push(`${column(TICKET_COLUMNS, dimension)} = ANY(${p.add(values, 'text[]')})`);
    if (spec.groupBy !== undefined) where.push(`${column(TICKET_COLUMNS, spec.groupBy)} IS NOT NULL`);
    return `SELECT opened_at AS at, first_response_seconds AS s${spec.groupBy !== undefined ? `, ${column(TICKET_COLUMNS, spec.groupBy)} AS g` : `, '' AS g`} FROM tickets WHERE ${where.join(' AND ')}`;
  };
  const p = new SqlParams();
  const ends = Array.from({ length: n }, (_, i) => iso(buckets.end(i)));
  const series = `SELECT w.i::float8 AS i, t.g, percentile_cont(0.5) WITHIN GROUP (ORDER BY t.s)::float8 AS v
    FROM unnest(${p.add(buckets.starts.map(iso), 'timestamptz[]')}, ${p.add(ends, 'timestamptz[]')}) WITH ORDINALITY AS w(ws, we, i)
    JOIN (${base(p, buckets.from, buckets.to)}) t ON t.at >= w.ws AND t.at < w.we
    GROUP BY 1, 2`;
  const q = new SqlParams();
  const total = `SELECT t.g, percentile_cont(0.5) WITHIN GROUP (ORDER BY t.s)::float8 AS v FROM (${base(q, buckets.from, buckets.to)}) t GROUP BY 1`;
  const [rows, totalRows] = await Promise.all([
    db.query<{ i: number; g: string; v: number }>(series, p.values),
    db.query<{ g: string; v: number }>(total, q.values),
  ]);
  const groups = new Map<string, (number | null)[]>();
  for (const row of rows) {
    let values = groups.get(row.g);
    if (!values) groups.set(row.g, (values = new Array<number | null>(n).fill(null)));
    values[row.i - 1] = row.v;
  }
  return { groups, totals: new Map(totalRows.map((r) => [r.g, r.v])) };
}

/** A read of the current health scores. */
export interface HealthSpec {
  tenant: string;
  bins: readonly number[];
  filters: Readonly<Record<string, readonly string[]>>;
  customerId?: string;
}

/** `0-19`, `20-39`, … `80-100`: the label of bin i (the last edge is exclusive). */
export function binLabel(bins: readonly number[], i: number): string {
  return `${bins[i]}-${bins[i + 1]! - 1}`;
}

/** Customers per health-score bin now, in bin order (every bin present). */
export async function readHealthHistogram(db: SqlExecutor, spec: HealthSpec): Promise<Map<string, number>> {
  const p = new SqlParams();
  const where = [`h.tenant = ${p.add(spec.tenant)}`];
  if (spec.customerId !== undefined) where.push(`h.customer_id = ${p.add(spec.customerId)}`);
  for (const [dimension, values] of Object.entries(spec.filters)) where.push(`${column(CUSTOMER_COLUMNS, dimension)} = ANY(${p.add(values, 'text[]')})`);
  const rows = await db.query<{ b: number; v: number }>(
    `SELECT width_bucket(h.score, ${p.add(spec.bins, 'int[]')})::float8 AS b, count(*)::float8 AS v
     FROM customer_health h JOIN customers c ON c.tenant = h.tenant AND c.customer_id = h.customer_id
     WHERE ${where.join(' AND ')} GROUP BY 1`,
    p.values,
  );
  const counts = new Map<string, number>();
  for (let i = 0; i < spec.bins.length - 1; i++) counts.set(binLabel(spec.bins, i), 0);
  for (const row of rows) {
    if (row.b < 1 || row.b >= spec.bins.length) continue; // outside the bins (a score out of 0-100)
    counts.set(binLabel(spec.bins, row.b - 1), row.v);
  }
  return counts;
}
