/**
 * Version 8: each user's last active day, over every customer (scope 'all', customer_id '') and within each
 * customer (scope 'customer'). Distinct users over any range of UTC days that ends after the newest activity
 * (every relative range: "the last 84 days") is then one index count: the users whose last day is in the
 * range. Kept by the stream processor from the `user_activity_daily` rows each batch adds; back-filled here.
 */
/** A SELECT of every `user_last_active` row (tenant, scope, customer_id, user_id, last_day) by its definition. */
export const USER_LAST_ACTIVE_SQL = `SELECT * FROM (
  SELECT tenant, 'all' AS scope, '' AS customer_id, user_id, max(day) AS last_day FROM user_activity_daily GROUP BY tenant, user_id
  UNION ALL
  SELECT tenant, 'customer', customer_id, user_id, max(day) FROM user_activity_daily GROUP BY tenant, customer_id, user_id
) l`;

export function userLastActiveMigrationSql(): string {
  return `
CREATE TABLE user_last_active (
  tenant text NOT NULL,
  scope text NOT NULL CHECK (scope IN ('all', 'customer')),
  customer_id text NOT NULL,
  user_id text NOT NULL,
  last_day date NOT NULL,
  PRIMARY KEY (tenant, scope, customer_id, user_id)
);
-- Counts by range start: users whose last day is on or after it (per customer through the second column).
CREATE INDEX user_last_active_day ON user_last_active (tenant, scope, last_day, customer_id);
INSERT INTO user_last_active (tenant, scope, customer_id, user_id, last_day)
${USER_LAST_ACTIVE_SQL};
`;
}
