import { METRIC_CATALOG } from '../metrics/catalog.ts';

/**
 * The trailing windows (days) of the catalog's `active_users` metrics, ascending: DAU, WAU, MAU. The stream
 * processor keeps `active_users_window` for exactly these and the query planner reads it for them.
 */
export const ACTIVE_USER_WINDOWS: readonly number[] = [
  ...new Set(METRIC_CATALOG.flatMap((m) => (m.source.kind === 'active_users' ? [m.source.windowDays] : []))),
].sort((a, b) => a - b);

/**
 * The windows migration 6 back-filled from `user_activity_daily`. Frozen, not read from the catalog: the text
 * of an applied migration must never change (its checksum is checked at every start). A window added to the
 * catalog later needs a new migration that back-fills it (`activeUsersWindowSql`); a schema test holds this.
 */
export const MIGRATION_6_WINDOWS: readonly number[] = [1, 7, 30];

/**
 * A SELECT of every `active_users_window` row (tenant, window_days, scope, customer_id, day, users) that
 * `user_activity_daily` implies for these windows: one set-based pass for a back-fill. A user active on day a
 * counts in window W on days a … a + W − 1, so a user's active days at most W apart make one span
 * [first, last + W): +1 on the day a span opens (no active day in the W days before), −1 W days after the day
 * that closes it (none in the W days after). The users on a day are the running sum of those steps, written
 * out for every day it is above zero. Text keys sort bytewise ("C"): the order only needs to be consistent.
 * Part of migration 6's text: do not edit.
 */
export function activeUsersWindowSql(windows: readonly number[]): string {
  if (windows.length === 0 || !windows.every((w) => Number.isInteger(w) && w > 0)) throw new Error(`invalid windows: ${windows.join(',')}`);
  return `WITH presence AS (
  SELECT DISTINCT tenant, 'all'::text AS scope, ''::text AS customer_id, user_id, day FROM user_activity_daily
  UNION ALL
  SELECT tenant, 'customer', customer_id, user_id, day FROM user_activity_daily
), neighbours AS (
  SELECT tenant, scope, customer_id, day, day - lag(day) OVER u AS since_previous, lead(day) OVER u - day AS until_next
  FROM presence
  WINDOW u AS (PARTITION BY tenant COLLATE "C", scope COLLATE "C", customer_id COLLATE "C", user_id COLLATE "C" ORDER BY day)
), steps AS (
  SELECT n.tenant, n.scope, n.customer_id, w.window_days, s.day, sum(s.change) AS change
  FROM neighbours n
  CROSS JOIN unnest('{${windows.join(',')}}'::int[]) AS w(window_days)
  CROSS JOIN LATERAL (VALUES
    (n.day, CASE WHEN n.since_previous IS NULL OR n.since_previous > w.window_days THEN 1 ELSE 0 END),
    (n.day + w.window_days, CASE WHEN n.until_next IS NULL OR n.until_next > w.window_days THEN -1 ELSE 0 END)
  ) AS s(day, change)
  WHERE s.change <> 0
  GROUP BY 1, 2, 3, 4, 5
), levels AS (
  SELECT *, sum(change) OVER v AS users, lead(day) OVER v AS next FROM steps
  WINDOW v AS (PARTITION BY tenant COLLATE "C", scope COLLATE "C", customer_id COLLATE "C", window_days ORDER BY day)
)
SELECT tenant, window_days, scope, customer_id, day + k AS day, users::int AS users
FROM levels, generate_series(0, next - day - 1) AS k WHERE users > 0`;
}

/** Version 6: active users per trailing window, pre-aggregated, back-filled from the activity already stored. */
export function activeUsersWindowMigrationSql(): string {
  return `
-- Distinct active users per tenant, trailing window (window_days ending on day, inclusive) and UTC day: DAU,
-- WAU and MAU as lookups. scope 'all' counts every user of the tenant (customer_id ''); scope 'customer' counts
-- the users active within customer_id ('' = events without a customer). Kept by the stream processor from
-- the user_activity_daily rows each batch adds; rows exist only where users > 0, days after today included.
CREATE TABLE active_users_window (
  tenant text NOT NULL,
  window_days smallint NOT NULL,
  scope text NOT NULL CHECK (scope IN ('all', 'customer')),
  customer_id text NOT NULL,
  day date NOT NULL,
  users integer NOT NULL,
  PRIMARY KEY (tenant, window_days, scope, customer_id, day)
);
INSERT INTO active_users_window (tenant, window_days, scope, customer_id, day, users)
${activeUsersWindowSql(MIGRATION_6_WINDOWS)};

-- The processor reads the active days of a batch's users around their new days.
CREATE INDEX user_activity_user ON user_activity_daily (tenant, user_id, day, customer_id);
`;
}
