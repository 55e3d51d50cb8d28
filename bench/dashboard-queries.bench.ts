/**
 * Dashboard queries answered from rollups (`rollup_day`, `user_activity_daily`) and on demand from raw
 * events, side by side on the same data: Postgres at BENCH_DASHBOARD_EVENTS events (default 10,000,000) for
 * the queried tenant, PGlite at BENCH_DASHBOARD_PGLITE_EVENTS (default 1,000,000; 0 skips it). Loading
 * takes a few minutes at full size; `BENCH_DASHBOARD_EVENTS=1000000 npm run bench -- dashboard` is a quick
 * check. Queries bind their parameters ($1 tenant, $2 and $3 the range) as an API would.
 */
import { MIGRATIONS, openPGliteStore, openPostgresStore, type Store } from '@tally/core';
import { defineBench, median, type BenchCase, type BenchResult } from './harness.ts';
import { loadDashboardData, MAIN_TENANT, OTHER_TENANT, type DashboardDataReport } from './support/dashboard-data.ts';

const EVENTS = Number(process.env.BENCH_DASHBOARD_EVENTS ?? 10_000_000);
const PGLITE_EVENTS = Number(process.env.BENCH_DASHBOARD_PGLITE_EVENTS ?? 1_000_000);
const DAYS = 395;
const DAY_MS = 86_400_000;

/** One dashboard question, asked of the rollups and of raw events; both answers must be the same rows. */
interface DashboardQuery {
  name: string;
  days: number;
  /** The range as the table's column wants it: instants for timestamptz, `YYYY-MM-DD` for date. */
  rollupRange: 'instant' | 'date';
  rollup: string;
  raw: string;
}

const PRODUCT = `type LIKE 'product.%' AND user_id IS NOT NULL`;
const QUERIES: readonly DashboardQuery[] = [
  {
    name: 'a. events per day by type, 90 days',
    days: 90,
    rollupRange: 'instant',
    rollup: `SELECT bucket AS day, dim_value AS type, value AS events FROM rollup_day
      WHERE tenant = $1 AND metric = 'events' AND dimension = 'type' AND bucket >= $2 AND bucket < $3 ORDER BY 1, 2`,
    raw: `SELECT date_trunc('day', occurred_at, 'UTC') AS day, type, count(*) AS events FROM events
      WHERE tenant = $1 AND occurred_at >= $2 AND occurred_at < $3 GROUP BY 1, 2 ORDER BY 1, 2`,
  },
  {
    name: 'b. events per day, 90 days',
    days: 90,
    rollupRange: 'instant',
    rollup: `SELECT bucket AS day, value AS events FROM rollup_day
      WHERE tenant = $1 AND metric = 'events' AND dimension = '' AND dim_value = '' AND bucket >= $2 AND bucket < $3 ORDER BY 1`,
    raw: `SELECT date_trunc('day', occurred_at, 'UTC') AS day, count(*) AS events FROM events
      WHERE tenant = $1 AND occurred_at >= $2 AND occurred_at < $3 GROUP BY 1 ORDER BY 1`,
  },
  {
    name: 'c1. daily active users per day, 30 days',
    days: 30,
    rollupRange: 'date',
    rollup: `SELECT day, count(DISTINCT user_id) AS users FROM user_activity_daily
      WHERE tenant = $1 AND day >= $2 AND day < $3 GROUP BY day ORDER BY day`,
    raw: `SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, count(DISTINCT user_id) AS users FROM events
      WHERE tenant = $1 AND occurred_at >= $2 AND occurred_at < $3 AND ${PRODUCT} GROUP BY 1 ORDER BY 1`,
  },
  {
    name: 'c2. distinct active users, 30 days',
    days: 30,
    rollupRange: 'date',
    rollup: `SELECT count(DISTINCT user_id) AS users FROM user_activity_daily WHERE tenant = $1 AND day >= $2 AND day < $3`,
    raw: `SELECT count(DISTINCT user_id) AS users FROM events
      WHERE tenant = $1 AND occurred_at >= $2 AND occurred_at < $3 AND ${PRODUCT}`,
  },
];

/** One loaded store and what the report needs to say about it. */
interface Loaded {
  label: 'postgres' | 'pglite';
  store: Store;
  events: number;
  load: DashboardDataReport;
  loadMs: number;
  settings: string;
  bytes?: { events: number; rollupDay: number; userActivityDaily: number };
  /** Rows returned, per query name. */
  rows: Map<string, number>;
  /** JIT compilation time (ms) in one EXPLAIN ANALYZE of each raw query, Postgres only. */
  jit: Map<string, number>;
  /** Medians over the window of the main tenant's events per day and daily active users; 30-day actives. */
  shape: { eventsPerDay: number; dau: number; mau: number };
}

function params(query: DashboardQuery, endMs: number, side: 'rollup' | 'raw'): string[] {
  const toMs = Math.floor(endMs / DAY_MS) * DAY_MS + DAY_MS;
  const fromMs = toMs - query.days * DAY_MS;
  const fmt = (ms: number) => (side === 'rollup' && query.rollupRange === 'date' ? new Date(ms).toISOString().slice(0, 10) : new Date(ms).toISOString());
  return [MAIN_TENANT, fmt(fromMs), fmt(toMs)];
}

/** Loads one store and checks that every query gets the same rows from rollups as from raw events. */
async function load(label: Loaded['label'], store: Store, events: number, endMs: number): Promise<Loaded> {
  process.stdout.write(`  loading ${events.toLocaleString('en-US')} events (+${(events / 10).toLocaleString('en-US')} for a second tenant) into ${label}…\n`);
  await store.migrate(MIGRATIONS);
  const start = performance.now();
  const report = await loadDashboardData(store, {
    events,
    endMs,
    days: DAYS,
    concurrency: label === 'postgres' ? 2 : 1,
    settings: label === 'postgres' ? { work_mem: '256MB', maintenance_work_mem: '512MB', synchronous_commit: 'off' } : undefined,
  });
  const loadMs = performance.now() - start;
  const loaded: Loaded = { label, store, events, load: report, loadMs, settings: '', rows: new Map(), jit: new Map(), shape: { eventsPerDay: 0, dau: 0, mau: 0 } };
  if (label === 'postgres') {
    const [s] = await store.query<Record<string, string>>(
      `SELECT current_setting('server_version') AS version, current_setting('shared_buffers') AS shared_buffers,
              current_setting('work_mem') AS work_mem, current_setting('max_parallel_workers_per_gather') AS workers`,
    );
    loaded.settings = `PostgreSQL ${s!.version!.split(' ')[0]}, shared_buffers ${s!.shared_buffers}, work_mem ${s!.work_mem}, max_parallel_workers_per_gather ${s!.workers} (server defaults; queries run with them)`;
    const [b] = await store.query<{ events: number; rollup_day: number; user_activity_daily: number }>(
      `SELECT (SELECT sum(pg_total_relation_size(inhrelid))::int8 FROM pg_inherits WHERE inhparent = 'events'::regclass) AS events,
              pg_total_relation_size('rollup_day') AS rollup_day, pg_total_relation_size('user_activity_daily') AS user_activity_daily`,
    );
    loaded.bytes = { events: b!.events, rollupDay: b!.rollup_day, userActivityDaily: b!.user_activity_daily };
  } else {
    const [s] = await store.query<{ version: string }>(`SELECT current_setting('server_version') AS version`);
    loaded.settings = `PGlite (PostgreSQL ${s!.version} in WebAssembly, in-process)`;
  }
  const answers = new Map<string, Record<string, unknown>[]>();
  for (const q of QUERIES) {
    const fromRollup = await store.query(q.rollup, params(q, endMs, 'rollup'));
    const fromRaw = await store.query(q.raw, params(q, endMs, 'raw'));
    // A mismatch is a bug in the bench's rollups or queries, not a timing: comparing slow with wrong is moot.
    if (JSON.stringify(fromRollup) !== JSON.stringify(fromRaw)) {
      throw new Error(`dashboard bench: ${label} answers differ for "${q.name}" (rollup ${fromRollup.length} rows, raw ${fromRaw.length} rows)`);
    }
    answers.set(q.name, fromRaw);
    loaded.rows.set(q.name, fromRaw.length);
    if (label === 'postgres') {
      const [plan] = await store.query<{ 'QUERY PLAN': [{ JIT?: { Timing?: { Total?: number } } }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${q.raw}`, params(q, endMs, 'raw'));
      loaded.jit.set(q.name, plan!['QUERY PLAN'][0].JIT?.Timing?.Total ?? 0);
    }
  }
  const column = (query: DashboardQuery, name: string) => (answers.get(query.name) ?? []).map((row) => Number(row[name]));
  loaded.shape = { eventsPerDay: median(column(QUERIES[1]!, 'events')), dau: median(column(QUERIES[2]!, 'users')), mau: column(QUERIES[3]!, 'users')[0] ?? 0 };
  return loaded;
}

function cases(loaded: Loaded, endMs: number): BenchCase[] {
  return QUERIES.flatMap((q) =>
    (['rollup', 'raw'] as const).map((side) => ({
      name: q.name,
      adapter: `${loaded.label}, ${side}`,
      unit: 'ms',
      kind: 'latency' as const,
      async run() {
        return (await loaded.store.query(side === 'rollup' ? q.rollup : q.raw, params(q, endMs, side))).length;
      },
    })),
  );
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MiB`;
const ms = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n >= 10 ? n.toFixed(1) : n.toFixed(2));

const ratio = (n: number) => (n >= 10 ? int(n) : n.toFixed(1));
const int = (n: number) => Math.round(n).toLocaleString('en-US');

function describe(l: Loaded): string {
  const r = l.load.rows;
  const sizes = l.bytes
    ? ` On disk: events ${mib(l.bytes.events)}, rollup_day ${mib(l.bytes.rollupDay)}, user_activity_daily ${mib(l.bytes.userActivityDaily)}.`
    : '';
  const jit = l.jit.size
    ? ` JIT compilation (on by default) in one EXPLAIN ANALYZE of each raw query: ${QUERIES.map((q) => `${q.name.split('.')[0]} ${int(l.jit.get(q.name) ?? 0)} ms`).join(', ')}.`
    : '';
  return (
    `- **${l.label}**: ${l.settings}. ${int(l.events)} events for \`${MAIN_TENANT}\` plus ${int(l.events / 10)} for \`${OTHER_TENANT}\` ` +
    `(interleaved), ${DAYS} days in ${l.load.months} month partitions. ` +
    `Load ${seconds(l.loadMs)}: events ${seconds(l.load.eventsMs)} (${int((l.load.rows.events / l.load.eventsMs) * 1000)} rows/s, indexes rebuilt after), ` +
    `rollups ${seconds(l.load.rollupsMs)}, user_activity_daily ${seconds(l.load.activityMs)}, VACUUM ANALYZE ${seconds(l.load.vacuumMs)}. ` +
    `Rows: rollup_hour ${int(r.rollupHour)}, rollup_day ${int(r.rollupDay)}, rollup_month ${int(r.rollupMonth)}, user_activity_daily ${int(r.userActivityDaily)}.` +
    `${sizes} Data shape for \`${MAIN_TENANT}\`: median ${int(l.shape.eventsPerDay)} events a day (90-day window), ` +
    `median ${int(l.shape.dau)} daily active users and ${int(l.shape.mau)} over 30 days: about ` +
    `${(l.shape.eventsPerDay / l.shape.dau).toFixed(1)} events per active user a day, which is how much less a DAU query reads from user_activity_daily.${jit}`
  );
}

/** Why PGlite runs smaller, with its own load rate as the reason. */
function pgliteNote(): string {
  const pglite = loadedStores.find((l) => l.label === 'pglite');
  if (!pglite) return 'PGlite skipped (BENCH_DASHBOARD_PGLITE_EVENTS=0).';
  const perEvent = pglite.loadMs / pglite.events;
  return (
    `PGlite runs at ${int(pglite.events)} events, not 10 million: in WebAssembly, single-threaded, its load took ${seconds(pglite.loadMs)}, ` +
    `so 10 million would take about ${Math.round((perEvent * 10_000_000) / 60_000)} min to load before the first query.`
  );
}

let stores: Store[] = [];
let loadedStores: Loaded[] = [];

export default defineBench({
  name: 'dashboard',
  runs: 7,
  async setup(ctx) {
    const endMs = Date.now();
    const postgres = await openPostgresStore({ url: ctx.databaseUrl, poolSize: 4 });
    stores = [postgres];
    loadedStores = [await load('postgres', postgres, EVENTS, endMs)];
    if (PGLITE_EVENTS > 0) {
      const pglite = await openPGliteStore({ dataDir: await ctx.tmpDir() });
      stores.push(pglite);
      loadedStores.push(await load('pglite', pglite, PGLITE_EVENTS, endMs));
    }
    for (const l of loadedStores) process.stdout.write(`  ${describe(l).slice(2).replaceAll('**', '')}\n`);
    return loadedStores.flatMap((l) => cases(l, endMs));
  },
  report(results: readonly BenchResult[]) {
    const find = (query: string, adapter: string) => results.find((r) => r.name === query && r.adapter === adapter);
    const rows = loadedStores.flatMap((l) =>
      QUERIES.flatMap((q) => {
        const rollup = find(q.name, `${l.label}, rollup`);
        const raw = find(q.name, `${l.label}, raw`);
        if (!rollup || !raw) return [];
        return [
          `| ${q.name} | ${l.label} | ${l.events.toLocaleString('en-US')} | ${ms(rollup.median)} (${ms(rollup.min)}–${ms(rollup.max)}) | ` +
            `${ms(raw.median)} (${ms(raw.min)}–${ms(raw.max)}) | ${ratio(raw.median / rollup.median)}× | ${l.rows.get(q.name) ?? ''} |`,
        ];
      }),
    );
    const runs = results[0]?.runs ?? 0;
    return [
      '## dashboard: rollups vs raw events',
      '',
      `Medians of ${runs} runs after a warm-up, min–max in brackets; ratio = raw median / rollup median. ` +
        `Tenant \`${MAIN_TENANT}\`, windows ending at the end of the current UTC day, parameters bound. ` +
        'Both sides return the same rows (checked before timing).',
      '',
      '| query | store | events | rollup ms | raw ms | raw / rollup | rows |',
      '|---|---|---:|---:|---:|---:|---:|',
      ...rows,
      '',
      ...loadedStores.map(describe),
      '',
      'The rollups (`rollup_hour`/`rollup_day`/`rollup_month`, metric `events`, total and by type and source) and ' +
        '`user_activity_daily` were built with set-based SQL (`INSERT … SELECT … GROUP BY`), standing in for what ' +
        'the aggregator would have written; events were generated server-side (`INSERT … SELECT … FROM generate_series`, ' +
        '20 types, 91.5 % `product.*`, 2,000 customers and 20,000 users with skewed activity). ' +
        pgliteNote(),
      '',
    ].join('\n');
  },
  async teardown() {
    await Promise.allSettled(stores.map((s) => s.close()));
  },
});
