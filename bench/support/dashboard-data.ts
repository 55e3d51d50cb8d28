/**
 * Synthetic data for the dashboard bench, made by the database itself: raw events through
 * `INSERT … SELECT … FROM generate_series` (one statement per month partition, deterministic: every
 * random choice is a hash of the event's number), then the rollups and daily activity the aggregator would
 * have written for them, built with set-based SQL (`INSERT … SELECT … GROUP BY`).
 */
import { ACTIVE_USER_WINDOWS, activeUsersWindowSql, ensureEventPartitions, USER_LAST_ACTIVE_SQL, monthsBetween, type SqlExecutor, type Store } from '@tally/core';

/** The tenant the dashboard queries ask about. */
export const MAIN_TENANT = 'acme';
/** A second tenant with a tenth of the events, interleaved with the main one's in every partition. */
export const OTHER_TENANT = 'globex';

/** 20 event types, weights per mille: 91.5 % product usage, the rest CRM, billing and support. */
const TYPE_WEIGHTS: readonly [string, number][] = [
  ['product.page_viewed', 300],
  ['product.feature_used', 200],
  ['product.session_started', 80],
  ['product.button_clicked', 80],
  ['product.search_performed', 55],
  ['product.dashboard_viewed', 50],
  ['product.report_viewed', 40],
  ['product.item_created', 35],
  ['product.item_updated', 35],
  ['product.comment_added', 20],
  ['product.export_created', 12],
  ['product.invite_sent', 5],
  ['product.signed_up', 3],
  ['crm.contact_updated', 30],
  ['billing.invoice_paid', 15],
  ['billing.subscription_updated', 8],
  ['billing.payment_failed', 2],
  ['support.ticket_opened', 12],
  ['support.ticket_solved', 10],
  ['support.conversation_opened', 8],
];
/** The types as a Postgres array, and the running totals of their weights `width_bucket` searches. */
const TYPES = `{${TYPE_WEIGHTS.map(([type]) => type).join(',')}}`;
const TYPE_BOUNDS = `{${TYPE_WEIGHTS.slice(0, -1).map((_, i) => TYPE_WEIGHTS.slice(0, i + 1).reduce((sum, [, w]) => sum + w, 0)).join(',')}}`;

/** What {@link loadDashboardData} makes. */
export interface DashboardDataOptions {
  /** Events of {@link MAIN_TENANT}; rounded down to a multiple of 10. {@link OTHER_TENANT} gets a tenth. */
  events: number;
  /** The newest instant with events (ms). */
  endMs: number;
  /** How many days back from `endMs` events reach. */
  days: number;
  /** Statements run at once (one per month partition); 1 for PGlite, which has one connection. */
  concurrency: number;
  /** Session settings for the loading statements (e.g. `work_mem`); left out on PGlite. */
  settings?: Record<string, string>;
}

/** How long each step took, in ms, and what it made. */
export interface DashboardDataReport {
  eventsMs: number;
  rollupsMs: number;
  activityMs: number;
  /** `active_users_window` from `user_activity_daily` (the back-fill of migration 6). */
  windowsMs: number;
  vacuumMs: number;
  months: number;
  rows: { events: number; rollupHour: number; rollupDay: number; rollupMonth: number; userActivityDaily: number; activeUsersWindow: number };
}

// Per month: $1 start (epoch s), $2 span (s), $3 rows, $4 first event number, $5 types, $6 type bounds.
// Row k belongs to the other tenant when k % 11 = 10, so the tenants share pages the way live ingest would.
// Users are skewed (user index = users × r³: a few heavy users, a long tail); each user has one customer.
// OFFSET 0 keeps each level a subquery: pulled up, its expressions would be computed once per reference.
const INSERT_EVENTS = `
INSERT INTO events (tenant, id, source, type, occurred_at, received_at, customer_id, user_id, properties, revenue_minor, currency, schema_version)
SELECT tenant, 'evt_' || to_hex(h1) || to_hex(n), source, type, occurred_at, occurred_at + (h3 % 5000) * interval '1 millisecond',
       'cus_' || (u % customers), CASE WHEN type LIKE 'product.%' THEN 'usr_' || u END, properties,
       CASE WHEN type = 'billing.invoice_paid' THEN 1900 + (h3 % 100) * 100 END,
       CASE WHEN type = 'billing.invoice_paid' THEN 'USD' END, 1
FROM (
  SELECT *,
    CASE split_part(type, '.', 1)
      WHEN 'product' THEN CASE WHEN h3 % 10 < 7 THEN 'segment' ELSE 'tally' END
      WHEN 'billing' THEN 'stripe'
      WHEN 'support' THEN CASE WHEN h3 % 2 = 0 THEN 'zendesk' ELSE 'intercom' END
      ELSE 'hubspot' END AS source,
    CASE type
      WHEN 'product.feature_used' THEN jsonb_build_object('feature', 'feature_' || (h3 % 40))
      WHEN 'product.page_viewed' THEN jsonb_build_object('path', '/app/' || (h3 % 60))
      WHEN 'billing.invoice_paid' THEN jsonb_build_object('invoice', 'in_' || n)
      ELSE jsonb_build_object('plan', (ARRAY['free', 'starter', 'pro', 'enterprise'])[1 + u % 4]) END AS properties
  FROM (
    SELECT n, h1, h3, customers,
      CASE WHEN k % 11 = 10 THEN '${OTHER_TENANT}' ELSE '${MAIN_TENANT}' END AS tenant,
      ($5::text[])[1 + width_bucket((h2 % 1000)::int, $6::int[])] AS type,
      floor(users * power((h1 % 1000003)::float8 / 1000003, 3))::int AS u,
      to_timestamp($1::float8 + (k + (h3 % 1000) / 1000.0) / $3::float8 * $2::float8) AS occurred_at
    FROM (
      SELECT k, $4::bigint + k AS n,
        hashint8extended($4::bigint + k, 1) & 9223372036854775807 AS h1,
        hashint8extended($4::bigint + k, 2) & 9223372036854775807 AS h2,
        hashint8extended($4::bigint + k, 3) & 9223372036854775807 AS h3,
        CASE WHEN k % 11 = 10 THEN 2000 ELSE 20000 END AS users,
        CASE WHEN k % 11 = 10 THEN 200 ELSE 2000 END AS customers
      FROM generate_series(0, $3::bigint - 1) AS k OFFSET 0
    ) g OFFSET 0
  ) e OFFSET 0
) t`;

// Metric `events`: value = count = events, per total ('') and per type and source value; hours from raw
// events (one scan per month partition), days from hours, months from days: the same sums the aggregator
// keeps at each grain.
const ROLLUP_HOUR = `
INSERT INTO rollup_hour (tenant, metric, bucket, dimension, dim_value, value, count)
SELECT tenant, 'events', bucket,
       CASE WHEN GROUPING(type) = 0 THEN 'type' WHEN GROUPING(source) = 0 THEN 'source' ELSE '' END,
       COALESCE(type, source, ''), count(*), count(*)
FROM (SELECT tenant, type, source, date_trunc('hour', occurred_at, 'UTC') AS bucket FROM events
      WHERE occurred_at >= to_timestamp($1::float8) AND occurred_at < to_timestamp($2::float8)) e
GROUP BY GROUPING SETS ((tenant, bucket), (tenant, bucket, type), (tenant, bucket, source))`;
const rollupFrom = (grain: 'day' | 'month', from: 'hour' | 'day') => `
INSERT INTO rollup_${grain} (tenant, metric, bucket, dimension, dim_value, value, count)
SELECT tenant, metric, date_trunc('${grain}', bucket, 'UTC'), dimension, dim_value, sum(value), sum(count)
FROM rollup_${from} GROUP BY 1, 2, 3, 4, 5`;
const USER_ACTIVITY = `
INSERT INTO user_activity_daily (tenant, day, user_id, customer_id)
SELECT tenant, (occurred_at AT TIME ZONE 'UTC')::date, user_id, COALESCE(customer_id, '')
FROM events
WHERE occurred_at >= to_timestamp($1::float8) AND occurred_at < to_timestamp($2::float8)
  AND type LIKE 'product.%' AND user_id IS NOT NULL
GROUP BY 1, 2, 3, 4`;

interface Month {
  startS: number;
  endS: number;
  rows: number;
  first: number;
}

/** Month slices of [end − days, end) with their share of rows: by length, growing 4 % a month. */
function planMonths(options: DashboardDataOptions): Month[] {
  const startMs = options.endMs - options.days * 86_400_000;
  const starts = monthsBetween(startMs, options.endMs - 1);
  const slices = starts.map((m, i) => {
    const next = starts[i + 1] ?? options.endMs;
    const from = Math.max(m, startMs);
    const to = Math.min(next, options.endMs);
    return { startS: from / 1000, endS: to / 1000, weight: (to - from) * (1 + 0.04 * i) };
  });
  // Rows come in groups of 11 (10 main tenant, 1 other), so the main tenant gets exactly `events`.
  const groups = Math.floor(options.events / 10);
  const total = slices.reduce((s, m) => s + m.weight, 0);
  let assigned = 0;
  let first = 0;
  return slices.map((m, i) => {
    const g = i === slices.length - 1 ? groups - assigned : Math.round((groups * m.weight) / total);
    assigned += g;
    const month = { startS: m.startS, endS: m.endS, rows: g * 11, first };
    first += month.rows;
    return month;
  });
}

/** Runs `tasks` with at most `concurrency` at once. */
async function pool<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * Fills a migrated, empty store: events over `days` days for two tenants, then `rollup_hour`, `rollup_day`,
 * `rollup_month` (metric `events`, total and by type and source), `user_activity_daily` and `active_users_window`, then
 * `VACUUM ANALYZE`. Resolves with the time each step took.
 */
export async function loadDashboardData(store: Store, options: DashboardDataOptions): Promise<DashboardDataReport> {
  const months = planMonths(options);
  const caps = await store.capabilities();
  await ensureEventPartitions(store.transaction.bind(store), caps, months.map((m) => m.startS * 1000));
  const settings = Object.entries(options.settings ?? {}).map(([name, value]) => `SET LOCAL ${name} = '${value}'`);
  const run = (sql: string, params: unknown[]) =>
    store.transaction(async (tx: SqlExecutor) => {
      for (const s of settings) await tx.exec(s);
      await tx.query(sql, params);
    });

  // Bulk-load order: the indexes on `events` go, the rows go in, the same indexes are built again.
  const indexes = await store.query<{ name: string; def: string }>(
    `SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid = 'events'::regclass`,
  );
  const eventsMs = await timed(async () => {
    for (const index of indexes) await store.exec(`DROP INDEX ${index.name}`);
    await pool(months, options.concurrency, (m) => run(INSERT_EVENTS, [m.startS, m.endS - m.startS, m.rows, m.first, TYPES, TYPE_BOUNDS]));
    // pg_get_indexdef says `ON ONLY events` for a partitioned index; without ONLY it is built on every partition.
    await pool(indexes, options.concurrency, (index) => run(index.def.replace(' ON ONLY ', ' ON '), []));
  });
  const rollupsMs = await timed(async () => {
    await pool(months, options.concurrency, (m) => run(ROLLUP_HOUR, [m.startS, m.endS]));
    await run(rollupFrom('day', 'hour'), []);
    await run(rollupFrom('month', 'day'), []);
  });
  const activityMs = await timed(() => pool(months, options.concurrency, (m) => run(USER_ACTIVITY, [m.startS, m.endS])));
  const windowsMs = await timed(() =>
    Promise.all([
      run(`INSERT INTO active_users_window (tenant, window_days, scope, customer_id, day, users) ${activeUsersWindowSql(ACTIVE_USER_WINDOWS)}`, []),
      run(`INSERT INTO user_last_active (tenant, scope, customer_id, user_id, last_day) ${USER_LAST_ACTIVE_SQL}`, []),
    ]).then(() => undefined),
  );
  const vacuumMs = await timed(() => store.exec('VACUUM ANALYZE events, rollup_hour, rollup_day, rollup_month, user_activity_daily, active_users_window, user_last_active'));

  const count = async (table: string) => (await store.query<{ n: number }>(`SELECT count(*)::int8 AS n FROM ${table}`))[0]!.n;
  return {
    eventsMs,
    rollupsMs,
    activityMs,
    windowsMs,
    vacuumMs,
    months: months.length,
    rows: {
      events: await count('events'),
      rollupHour: await count('rollup_hour'),
      rollupDay: await count('rollup_day'),
      rollupMonth: await count('rollup_month'),
      userActivityDaily: await count('user_activity_daily'),
      activeUsersWindow: await count('active_users_window'),
    },
  };
}
