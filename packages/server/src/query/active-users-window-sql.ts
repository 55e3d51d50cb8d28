import { ACTIVE_USER_WINDOWS } from '@tally/core';
import type { ActivitySpec } from './activity-sql.ts';
import type { SqlParams } from './sql-text.ts';

const DAY_MS = 86_400_000;

/** Rows of `active_users_window` that answer a read: every customer's users, or users within customers. */
export type WindowScope =
  | { scope: 'all' }
  /** `customers` undefined = every customer (grouped); `grouped` = one series per customer. */
  | { scope: 'customer'; customers: readonly string[] | undefined; grouped: boolean };

/**
 * The stored windows serve an active-users read whose buckets each end at a UTC midnight with a window of
 * exactly `window` stored days before it: the value of bucket i is the row for the day before its end. The
 * customer filter, a groupBy customer and a scope's fixed customer pick the rows; several customers without
 * groupBy do not (distinct users across customers are not a sum), nor does any other dimension.
 */
export function planStoredWindows(spec: ActivitySpec, window: number, starts: readonly number[], ends: readonly number[]): WindowScope | undefined {
  if (spec.of !== 'users' || !ACTIVE_USER_WINDOWS.includes(window)) return undefined;
  if (!ends.every((end, i) => end % DAY_MS === 0 && starts[i] === end - window * DAY_MS)) return undefined;
  if (Object.keys(spec.filters).some((d) => d !== 'customer')) return undefined;
  if (spec.groupBy !== undefined && spec.groupBy !== 'customer') return undefined;
  let customers = spec.filters.customer;
  if (spec.customerId !== undefined) customers = customers ? customers.filter((c) => c === spec.customerId) : [spec.customerId];
  const grouped = spec.groupBy === 'customer';
  if (!grouped && customers === undefined) return { scope: 'all' };
  if (!grouped && customers!.length > 1) return undefined;
  return { scope: 'customer', customers, grouped };
}

/** Whether a range of whole UTC days is as long as a stored window: its distinct users are one row. */
export function storedRangeWindow(from: number, to: number): number | undefined {
  const days = (to - from) / DAY_MS;
  return from % DAY_MS === 0 && to % DAY_MS === 0 && ACTIVE_USER_WINDOWS.includes(days) ? days : undefined;
}

/** `(i, g, v)`: users in the `window`-day window ending on each of `lastDays` (i from 1), per group. */
export function storedWindowSql(tenant: string, scope: WindowScope, window: number, lastDays: readonly string[], p: SqlParams): string {
  const days = [...lastDays].sort();
  const where = [
    `t.tenant = ${p.add(tenant)}`, `t.window_days = ${p.add(window, 'smallint')}`, `t.scope = ${p.add(scope.scope)}`,
    `t.day >= ${p.add(days[0] ?? '1970-01-01', 'date')}`, `t.day <= ${p.add(days.at(-1) ?? '1970-01-01', 'date')}`,
  ];
  if (scope.scope === 'all') where.push(`t.customer_id = ''`);
  else if (scope.customers !== undefined) where.push(`t.customer_id = ANY(${p.add(scope.customers, 'text[]')})`);
  const g = scope.scope === 'customer' && scope.grouped ? 't.customer_id' : `''`;
  return `SELECT w.i::float8 AS i, ${g} AS g, t.users::float8 AS v
    FROM unnest(${p.add(lastDays, 'date[]')}) WITH ORDINALITY AS w(d, i)
    JOIN active_users_window t ON t.day = w.d
    WHERE ${where.join(' AND ')}`;
}

function lastActiveWhere(tenant: string, scope: WindowScope, p: SqlParams): string[] {
  const where = [`t.tenant = ${p.add(tenant)}`, `t.scope = ${p.add(scope.scope)}`];
  if (scope.scope === 'all') where.push(`t.customer_id = ''`);
  else if (scope.customers !== undefined) where.push(`t.customer_id = ANY(${p.add(scope.customers, 'text[]')})`);
  return where;
}

/**
 * `late`: whether some user of the scope was active on or after `toDay`. When none was, the distinct users of
 * any range ending at `toDay` are the users whose last active day is in it ({@link lastActiveCountSql}).
 */
export function activeSinceSql(tenant: string, scope: WindowScope, toDay: string, p: SqlParams): string {
  return `SELECT EXISTS (SELECT 1 FROM user_last_active t WHERE ${[...lastActiveWhere(tenant, scope, p), `t.last_day >= ${p.add(toDay, 'date')}`].join(' AND ')}) AS late`;
}

/** `(g, v)`: users whose last active day is on or after `fromDay`, per group: an index range, however long the range. */
export function lastActiveCountSql(tenant: string, scope: WindowScope, fromDay: string, p: SqlParams): string {
  const g = scope.scope === 'customer' && scope.grouped ? 't.customer_id' : `''`;
  const where = [...lastActiveWhere(tenant, scope, p), `t.last_day >= ${p.add(fromDay, 'date')}`];
  return `SELECT ${g} AS g, count(*)::float8 AS v FROM user_last_active t WHERE ${where.join(' AND ')} GROUP BY 1`;
}
