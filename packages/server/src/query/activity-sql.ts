import type { SqlExecutor } from '@tally/core';
import { activeSinceSql, lastActiveCountSql, planStoredWindows, storedRangeWindow, storedWindowSql, type WindowScope } from './active-users-window-sql.ts';
import type { Buckets } from './buckets.ts';
import { iso, SqlParams } from './sql-text.ts';
import type { ZonedCalendar } from './zoned-calendar.ts';

const DAY_MS = 86_400_000;

/** A distinct-users read: active users (`user_activity_daily`) or users of features (`feature_activity_daily`). */
export interface ActivitySpec {
  tenant: string;
  of: 'users' | 'features';
  /** Trailing window in days ending at each bucket's end; undefined = the bucket itself. */
  windowDays?: number;
  /** `customer` and (for features) `feature` values. */
  filters: Readonly<Record<string, readonly string[]>>;
  groupBy?: string;
  customerId?: string;
}

/** Distinct users per group and bucket, and over the whole range. */
export interface ActivityResult {
  groups: Map<string, number[]>;
  totals: Map<string, number>;
  source: 'rollup' | 'raw';
}

/** Fixed column of each dimension the activity relations have. */
const COLUMN: Record<string, string> = { customer: 'customer_id', feature: 'feature' };

function column(dimension: string): string {
  const c = COLUMN[dimension];
  if (!c) throw new Error(`activity has no dimension ${dimension}`);
  return c;
}

const day = (ms: number) => iso(ms).slice(0, 10);

/**
 * The relation `(at, user_id, customer_id[, feature])` between two instants. The daily presence tables serve
 * windows on UTC days; other windows (a local day, a trailing 24 hours) read product events.
 */
function relation(spec: ActivitySpec, daily: boolean, min: number, max: number, p: SqlParams): string {
  const features = spec.of === 'features';
  let base: string;
  if (daily) {
    base = `SELECT day AS at, user_id, customer_id${features ? ', feature' : ''} FROM ${features ? 'feature_activity_daily' : 'user_activity_daily'}
      WHERE tenant = ${p.add(spec.tenant)} AND day >= ${p.add(day(min), 'date')} AND day < ${p.add(day(max), 'date')}`;
  } else {
    base = `SELECT occurred_at AS at, user_id, coalesce(customer_id, '') AS customer_id${features ? `, left(properties->>'feature', 200) AS feature` : ''} FROM events
      WHERE tenant = ${p.add(spec.tenant)} AND occurred_at >= ${p.add(iso(min), 'timestamptz')} AND occurred_at < ${p.add(iso(max), 'timestamptz')}
        AND user_id IS NOT NULL AND starts_with(type, 'product.')${features ? ` AND type = 'product.feature_used' AND jsonb_typeof(properties->'feature') = 'string' AND properties->>'feature' <> ''` : ''}`;
  }
  const where: string[] = [];
  if (spec.customerId !== undefined) where.push(`customer_id = ${p.add(spec.customerId)}`);
  for (const [dimension, values] of Object.entries(spec.filters)) where.push(`${column(dimension)} = ANY(${p.add(values, 'text[]')})`);
  return where.length === 0 ? base : `SELECT * FROM (${base}) b WHERE ${where.join(' AND ')}`;
}

/**
 * Distinct users in each bucket's window (`windowDays` ending at the bucket's end: DAU, WAU, MAU; or the
 * bucket itself: feature users), and distinct users over the whole range for the total. Active users over
 * UTC days are lookups in `active_users_window` (the total too when the range is as long as a stored
 * window); other shapes (local days, hours, several customers at once) count distinct users in SQL.
 */
export async function readActivity(db: SqlExecutor, spec: ActivitySpec, buckets: Buckets, calendar: ZonedCalendar): Promise<ActivityResult> {
  const n = buckets.starts.length;
  const ends = Array.from({ length: n }, (_, i) => buckets.end(i));
  const starts = ends.map((end, i) => (spec.windowDays !== undefined ? calendar.add(end, 'day', -spec.windowDays) : buckets.starts[i]!));
  const min = Math.min(buckets.from, ...starts);
  const daily = [...starts, ...ends, buckets.from, buckets.to].every((ms) => ms % DAY_MS === 0);
  const g = spec.groupBy !== undefined ? `a.${column(spec.groupBy)}` : `''`;
  const as = (values: number[]) => (daily ? values.map(day) : values.map(iso));
  const cast = daily ? 'date[]' : 'timestamptz[]';

  const stored = daily && spec.windowDays !== undefined ? planStoredWindows(spec, spec.windowDays, starts, ends) : undefined;
  const p = new SqlParams();
  // Windows longer than the spacing of the buckets overlap (MAU per day): a join would read each activity row
  // once per window holding it, so those take the one-pass island count. Windows that do not overlap (DAU per
  // day, WAU per week) read each row once either way, and the join is cheaper than the sort the islands need.
  const spacing = Math.min(...ends.slice(1).map((e, i) => e - ends[i]!));
  const overlapping = spec.windowDays !== undefined && n > 1 && spec.windowDays * DAY_MS > spacing;
  const series = stored
    ? storedWindowSql(spec.tenant, stored, spec.windowDays!, ends.map((e) => day(e - DAY_MS)), p)
    : daily && overlapping
      ? trailingWindowSql(spec, spec.windowDays!, ends.map((e) => day(e - DAY_MS)), min, buckets.to, p)
      : `SELECT w.i::float8 AS i, ${g} AS g, count(DISTINCT a.user_id)::float8 AS v
    FROM unnest(${p.add(as(starts), cast)}, ${p.add(as(ends), cast)}) WITH ORDINALITY AS w(ws, we, i)
    JOIN (${relation(spec, daily, min, buckets.to, p)}) a ON a.at >= w.ws AND a.at < w.we
    GROUP BY 1, 2`;
  const q = new SqlParams();
  const rangeWindow = stored ? storedRangeWindow(buckets.from, buckets.to) : undefined;
  // Distinct users over the whole range: one stored window row when the range is as long as a window; else the
  // users whose last active day falls in it, when nobody was active after it (every range ending now); else SQL.
  let total: string;
  if (stored && rangeWindow !== undefined) total = `SELECT g, v FROM (${storedWindowSql(spec.tenant, stored, rangeWindow, [day(buckets.to - DAY_MS)], q)}) s`;
  else if (stored && !(await activeSince(db, spec.tenant, stored, day(buckets.to)))) total = lastActiveCountSql(spec.tenant, stored, day(buckets.from), q);
  // DISTINCT then count: a hash of the users, where count(DISTINCT) would sort them (about twice the time).
  else total = `SELECT g, count(*)::float8 AS v FROM (SELECT DISTINCT ${g} AS g, a.user_id FROM (${relation(spec, daily, buckets.from, buckets.to, q)}) a) d GROUP BY 1`;
  const [rows, totalRows] = await Promise.all([
    db.query<{ i: number; g: string; v: number }>(series, p.values),
    db.query<{ g: string; v: number }>(total, q.values),
  ]);

  const groups = new Map<string, number[]>();
  for (const row of rows) {
    let values = groups.get(row.g);
    if (!values) groups.set(row.g, (values = new Array<number>(n).fill(0)));
    values[row.i - 1] = row.v;
  }
  const totals = new Map(totalRows.map((r) => [r.g, r.v]));
  for (const group of totals.keys()) if (!groups.has(group)) groups.set(group, new Array<number>(n).fill(0));
  return { groups, totals, source: daily ? 'rollup' : 'raw' };
}

/** Whether any user of `scope` was active on or after `toDay`. */
async function activeSince(db: SqlExecutor, tenant: string, scope: WindowScope, toDay: string): Promise<boolean> {
  const p = new SqlParams();
  const [row] = await db.query<{ late: boolean }>(activeSinceSql(tenant, scope, toDay, p), p.values);
  return row?.late === true;
}

/**
 * Distinct users in the trailing `window` days ending on each of `lastDays`, in one pass instead of one
 * join per bucket: a user active on day a counts on days a … a + window − 1, so each user's active days
 * merge into islands [first, last + window); the count on day x is the number of islands covering x, a
 * running sum of +1 at each island's start and −1 at its end, read at each bucket's last day.
 */
function trailingWindowSql(spec: ActivitySpec, window: number, lastDays: string[], min: number, max: number, p: SqlParams): string {
  const g = spec.groupBy !== undefined ? column(spec.groupBy) : `''`;
  const w = p.add(window, 'integer');
  return `WITH a AS (${relation(spec, true, min, max, p)}),
    u AS (SELECT DISTINCT ${g} AS g, user_id, at AS d FROM a),
    s AS (SELECT g, user_id, d, CASE WHEN d - lag(d) OVER (PARTITION BY g, user_id ORDER BY d) <= ${w} THEN 0 ELSE 1 END AS starts FROM u),
    isl AS (SELECT g, user_id, d, sum(starts) OVER (PARTITION BY g, user_id ORDER BY d) AS island FROM s),
    iv AS (SELECT g, min(d) AS first, max(d) + ${w} AS stop FROM isl GROUP BY g, user_id, island),
    marks AS (SELECT gs.g, e.d, e.i FROM (SELECT DISTINCT g FROM iv) gs CROSS JOIN unnest(${p.add(lastDays, 'date[]')}) WITH ORDINALITY AS e(d, i)),
    rows AS (
      SELECT g, first AS d, 1 AS c, NULL::bigint AS i FROM iv
      UNION ALL SELECT g, stop, -1, NULL FROM iv
      UNION ALL SELECT g, d, 0, i FROM marks),
    cum AS (SELECT g, i, sum(c) OVER (PARTITION BY g ORDER BY d, i NULLS FIRST ROWS UNBOUNDED PRECEDING) AS v FROM rows)
  SELECT i::float8 AS i, g, v::float8 AS v FROM cum WHERE i IS NOT NULL`;
}
