import { ACTIVE_USER_WINDOWS, eventPathSql, USER_LAST_ACTIVE_SQL, MAX_DIMENSION_VALUE, STORED_METRICS, type EventPath, type SqlExecutor } from '@tally/core';
import type { Grain } from './buckets.ts';

/**
 * Rollups recomputed from raw events with plain SQL, independently of the aggregator's code: the check that
 * the incremental path and the raw data agree (`verifyRollups`). Catalog paths become SQL expressions;
 * nothing from input reaches the text (paths and names come from the catalog, values are literals of it).
 */
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

function pathSql(path: EventPath): string {
  return eventPathSql(path, (parts) => quote(`{${parts.join(',')}}`));
}

function grainSql(grain: Grain): string {
  return `date_trunc('${grain}', occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`;
}

/** One SELECT of (tenant, metric, bucket, dimension, dim_value, value, count) per collected metric. */
function collectedSql(grain: Grain): string[] {
  return STORED_METRICS.flatMap((m) => {
    if (m.source.kind !== 'collected') return [];
    const { match, value, dimensions } = m.source;
    const where: string[] = ['true'];
    if (match.types) where.push(`type IN (${match.types.map(quote).join(', ')})`);
    if (match.typePrefix) where.push(`starts_with(type, ${quote(match.typePrefix)})`);
    if (match.where) where.push(`${pathSql(match.where.path)} IN (${match.where.in.map((v) => quote(String(v))).join(', ')})`);
    let valueSql = '1';
    if (value) {
      const raw = value.from === 'revenue.amountMinor' ? 'revenue_minor' : `(${pathSql(value.from)})::bigint`;
      where.push(`${raw} IS NOT NULL`);
      valueSql = value.negate ? `-${raw}` : raw;
    }
    const base = `SELECT ${grainSql(grain)} AS bucket, ${valueSql} AS v, * FROM events WHERE ${where.join(' AND ')}`;
    const total = `SELECT tenant, ${quote(m.name)} AS metric, bucket, '' AS dimension, '' AS dim_value, sum(v) AS value, count(*) AS count FROM (${base}) e GROUP BY tenant, bucket`;
    const dims = dimensions.map((d) => {
      const expr = `left(${pathSql(d.from)}, ${MAX_DIMENSION_VALUE})`;
      return `SELECT tenant, ${quote(m.name)}, bucket, ${quote(d.name)}, ${expr}, sum(v), count(*) FROM (${base}) e WHERE ${pathSql(d.from)} IS NOT NULL GROUP BY tenant, bucket, ${expr}`;
    });
    return [total, ...dims];
  });
}

/** MRR and paying-customer movements from subscription events in event-time order (README "MRR movements"). */
function movementsSql(grain: Grain): string {
  const movements = `
    WITH sub_events AS (
      SELECT tenant, customer_id, id, occurred_at, properties->>'subscriptionId' AS sub_id,
             CASE WHEN type = 'billing.subscription_canceled' THEN 0
                  ELSE greatest(0, coalesce((CASE WHEN jsonb_typeof(properties->'mrrMinor') = 'number' THEN (properties->>'mrrMinor')::bigint END), 0)) END AS mrr,
             properties->>'currency' AS currency
      FROM events
      WHERE type IN ('billing.subscription_created', 'billing.subscription_updated', 'billing.subscription_canceled')
        AND customer_id IS NOT NULL AND properties->>'subscriptionId' IS NOT NULL
    ), deltas AS (
      SELECT *, mrr - coalesce(lag(mrr) OVER (PARTITION BY tenant, sub_id ORDER BY occurred_at, id), 0) AS delta FROM sub_events
    ), running AS (
      SELECT *, sum(delta) OVER (PARTITION BY tenant, customer_id ORDER BY occurred_at, id ROWS UNBOUNDED PRECEDING) AS after FROM deltas
    ), classified AS (
      SELECT *, after - delta AS before,
             coalesce(bool_or(after > 0) OVER (PARTITION BY tenant, customer_id ORDER BY occurred_at, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false) AS ever_paid
      FROM running
    )
    SELECT tenant, ${grainSql(grain)} AS bucket, currency, delta,
           CASE WHEN before = 0 THEN CASE WHEN ever_paid THEN 'reactivated' ELSE 'new' END
                WHEN after = 0 THEN 'churned' WHEN delta > 0 THEN 'expansion' ELSE 'contraction' END AS kind
    FROM classified WHERE delta <> 0`;
  const customerValue = `CASE kind WHEN 'churned' THEN -1 ELSE 1 END`;
  return [
    `SELECT tenant, 'mrr_movements', bucket, '', '', sum(delta), count(*) FROM (${movements}) m GROUP BY tenant, bucket`,
    `SELECT tenant, 'mrr_movements', bucket, 'kind', kind, sum(delta), count(*) FROM (${movements}) m GROUP BY tenant, bucket, kind`,
    `SELECT tenant, 'mrr_movements', bucket, 'currency', currency, sum(delta), count(*) FROM (${movements}) m WHERE currency IS NOT NULL GROUP BY tenant, bucket, currency`,
    `SELECT tenant, 'customer_movements', bucket, '', '', sum(${customerValue}), count(*) FROM (${movements}) m WHERE kind IN ('new', 'reactivated', 'churned') GROUP BY tenant, bucket`,
    `SELECT tenant, 'customer_movements', bucket, 'kind', kind, sum(${customerValue}), count(*) FROM (${movements}) m WHERE kind IN ('new', 'reactivated', 'churned') GROUP BY tenant, bucket, kind`,
  ].join('\nUNION ALL\n');
}

/** The rollup rows of one grain as raw events say they should be. */
export function recomputedRollupSql(grain: Grain): string {
  return `SELECT tenant, metric, bucket, dimension, dim_value, value::bigint AS value, count::bigint AS count FROM (
${[...collectedSql(grain), movementsSql(grain)].join('\nUNION ALL\n')}
) r(tenant, metric, bucket, dimension, dim_value, value, count)`;
}

export const RECOMPUTED_USER_ACTIVITY_SQL = `
SELECT tenant, (occurred_at AT TIME ZONE 'UTC')::date AS day, user_id, coalesce(customer_id, '') AS customer_id
FROM events WHERE user_id IS NOT NULL AND starts_with(type, 'product.')
GROUP BY 1, 2, 3, 4`;

export const RECOMPUTED_FEATURE_ACTIVITY_SQL = `
SELECT tenant, (occurred_at AT TIME ZONE 'UTC')::date AS day, left(properties->>'feature', ${MAX_DIMENSION_VALUE}) AS feature, user_id,
       coalesce(customer_id, '') AS customer_id
FROM events WHERE user_id IS NOT NULL AND type = 'product.feature_used' AND jsonb_typeof(properties->'feature') = 'string' AND properties->>'feature' <> ''
GROUP BY 1, 2, 3, 4, 5`;

/**
 * `active_users_window` by its definition, from `user_activity_daily`: a user active on day a counts in window
 * W on days a … a + W − 1; distinct users per day, over every customer (scope 'all') and within each.
 */
export const RECOMPUTED_ACTIVE_USERS_WINDOW_SQL = `
SELECT * FROM (WITH covered AS (
  SELECT a.tenant, w.window_days, a.customer_id, a.user_id, a.day + k AS day
  FROM user_activity_daily a CROSS JOIN unnest('{${ACTIVE_USER_WINDOWS.join(',')}}'::int[]) AS w(window_days)
  CROSS JOIN LATERAL generate_series(0, w.window_days - 1) AS k
)
SELECT tenant, window_days, 'all' AS scope, '' AS customer_id, day, count(DISTINCT user_id)::int AS users FROM covered GROUP BY 1, 2, 5
UNION ALL
SELECT tenant, window_days, 'customer', customer_id, day, count(DISTINCT user_id)::int FROM covered GROUP BY 1, 2, 4, 5) w`;

/** Differences between a stored table and its recomputation: rows only on one side, per side. */
export interface RollupDifference {
  table: string;
  onlyStored: number;
  onlyRecomputed: number;
  sample: Record<string, unknown>[];
}

/**
 * Compares every rollup and activity table with its recomputation from raw events (and the active-user
 * windows with theirs from the activity table). Empty when they agree.
 * Raw events must all still be in `events` (run it before archiving, or over restored ranges).
 */
export async function verifyRollups(db: SqlExecutor): Promise<RollupDifference[]> {
  const checks: [string, string, string][] = [
    ...(['hour', 'day', 'month'] as const).map((g): [string, string, string] => [
      `rollup_${g}`,
      'SELECT tenant, metric, bucket, dimension, dim_value, value, count',
      recomputedRollupSql(g),
    ]),
    ['user_activity_daily', 'SELECT tenant, day, user_id, customer_id', RECOMPUTED_USER_ACTIVITY_SQL],
    ['feature_activity_daily', 'SELECT tenant, day, feature, user_id, customer_id', RECOMPUTED_FEATURE_ACTIVITY_SQL],
    // From the stored activity (checked against raw events just above): the window arithmetic on its own.
    ['active_users_window', 'SELECT tenant, window_days::int, scope, customer_id, day, users', RECOMPUTED_ACTIVE_USERS_WINDOW_SQL],
    ['user_last_active', 'SELECT tenant, scope, customer_id, user_id, last_day', USER_LAST_ACTIVE_SQL],
  ];
  const out: RollupDifference[] = [];
  for (const [table, select, recomputed] of checks) {
    const stored = `${select} FROM ${table}`;
    const [counts] = await db.query<{ only_stored: number; only_recomputed: number }>(
      `SELECT (SELECT count(*) FROM (${stored} EXCEPT ALL ${recomputed}) a)::int AS only_stored,
              (SELECT count(*) FROM (${recomputed} EXCEPT ALL ${stored}) b)::int AS only_recomputed`,
    );
    const onlyStored = Number(counts?.only_stored ?? 0);
    const onlyRecomputed = Number(counts?.only_recomputed ?? 0);
    if (onlyStored === 0 && onlyRecomputed === 0) continue;
    const sample = await db.query(
      `(SELECT 'stored' AS side, * FROM (${stored} EXCEPT ALL ${recomputed}) a LIMIT 5)
       UNION ALL (SELECT 'recomputed', * FROM (${recomputed} EXCEPT ALL ${stored}) b LIMIT 5)`,
    );
    out.push({ table, onlyStored, onlyRecomputed, sample });
  }
  return out;
}
