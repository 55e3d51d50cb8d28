/**
 * Query latency of a dashboard of 8 queries through the query service (`service.query()`, result cache off,
 * so every run reads the database), beside the same answers computed on demand from raw events. Data: the
 * dashboard bench's loader (events, `events` rollups by type and source, `user_activity_daily`) at
 * BENCH_QUERY_EVENTS events (default 1,000,000; `BENCH_QUERY_EVENTS=10000000 npm run bench -- query` for
 * the full size). Each run times BENCH_QUERY_SAMPLES queries (default 4; raw: a quarter, at least 2) one
 * after another; the case's value is that run's p95, the report pools the measured runs' samples into
 * p50/p95/p99. "dashboard" asks all 8 at once and times the slowest. Target: dashboard p95 ≤ 50 ms.
 */
import type { QueryRequest, QueryResponse } from '@tally/client-sdk';
import { MIGRATIONS, openPostgresStore, SENSITIVITIES, type Store } from '@tally/core';
import type { AccessScope } from '../packages/server/src/access/access-scope.ts';
import { createQueryService, type QueryService } from '../packages/server/src/query/index.ts';
import { defineBench, type BenchCase, type BenchResult } from './harness.ts';
import { loadDashboardData, MAIN_TENANT } from './support/dashboard-data.ts';
import { ms, summarize } from './support/percentiles.ts';

const EVENTS = Number(process.env.BENCH_QUERY_EVENTS ?? 1_000_000);
const SAMPLES = Math.max(1, Number(process.env.BENCH_QUERY_SAMPLES ?? 4) || 4);
const RAW_SAMPLES = Math.max(2, Math.round(SAMPLES / 4));
const TARGET_P95_MS = 50;
const DAYS = 395;

/** One raw statement and its parameters. */
interface RawStatement {
  sql: string;
  params: unknown[];
}

/** A dashboard tile: the request, and the raw-event statements that give the same answer (totals checked). */
interface DashboardTile {
  name: string;
  request: QueryRequest;
  /** Statements over raw events for the buckets the service answered with; each returns rows of `v`. */
  raw(answer: QueryResponse): RawStatement[];
  /** The answer's checksum from the service: what the raw rows' `v` must sum to (per statement). */
  check(answer: QueryResponse): number[];
}

const PRODUCT = `user_id IS NOT NULL AND starts_with(type, 'product.')`;
const sumOfTotals = (series: QueryResponse['series']) => series.reduce((s, x) => s + (x.total ?? 0), 0);

/** Events per bucket (and per `dimension` value) from raw events, over the answer's range. */
function rawEvents(granularity: 'hour' | 'day' | 'week' | 'month', dimension?: 'type' | 'source') {
  const by = dimension ? `, ${dimension}` : '';
  const sql = (from: string, to: string): RawStatement => ({
    sql: `SELECT date_trunc('${granularity}', occurred_at, 'UTC') AS t${by}, count(*)::float8 AS v FROM events
      WHERE tenant = $1 AND occurred_at >= $2 AND occurred_at < $3 GROUP BY 1${dimension ? ', 2' : ''} ORDER BY 1`,
    params: [MAIN_TENANT, from, to],
  });
  return (answer: QueryResponse): RawStatement[] => {
    const statements = [sql(answer.meta.from, answer.meta.to)];
    const previous = answer.previous?.[0]?.points;
    // The previous period's buckets end where the current range starts.
    if (previous?.length) statements.push(sql(previous[0]!.t, answer.meta.from));
    return statements;
  };
}

/** Distinct product users in each bucket's trailing window (or the bucket itself), and over the range. */
function rawActiveUsers(windowDays: number | undefined) {
  return (answer: QueryResponse): RawStatement[] => {
    const points = answer.series[0]?.points ?? [];
    const ends = points.map((p, i) => points[i + 1]?.t ?? answer.meta.to);
    const starts = points.map((p, i) => (windowDays === undefined ? p.t : new Date(Date.parse(ends[i]!) - windowDays * 86_400_000).toISOString()));
    const min = [answer.meta.from, ...starts].sort()[0]!;
    return [
      {
        sql: `SELECT w.i, count(DISTINCT e.user_id)::float8 AS v
          FROM unnest($2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS w(ws, we, i)
          JOIN (SELECT occurred_at, user_id FROM events WHERE tenant = $1 AND occurred_at >= $4 AND occurred_at < $5 AND ${PRODUCT}) e
            ON e.occurred_at >= w.ws AND e.occurred_at < w.we
          GROUP BY 1 ORDER BY 1`,
        params: [MAIN_TENANT, starts, ends, min, answer.meta.to],
      },
      {
        sql: `SELECT count(DISTINCT user_id)::float8 AS v FROM events WHERE tenant = $1 AND occurred_at >= $2 AND occurred_at < $3 AND ${PRODUCT}`,
        params: [MAIN_TENANT, answer.meta.from, answer.meta.to],
      },
    ];
  };
}

const sumChecks = (answer: QueryResponse) => [sumOfTotals(answer.series), ...(answer.previous?.[0]?.points.length ? [sumOfTotals(answer.previous)] : [])];
const activeChecks = (answer: QueryResponse) => [
  (answer.series[0]?.points ?? []).reduce((s, p) => s + (p.v ?? 0), 0),
  answer.series[0]?.total ?? 0,
];

const TILES: readonly DashboardTile[] = [
  { name: '1. events per day, 90d', request: { metric: 'events', range: '90d', granularity: 'day' }, raw: rawEvents('day'), check: sumChecks },
  { name: '2. events by type per day, 90d', request: { metric: 'events', range: '90d', granularity: 'day', groupBy: 'type' }, raw: rawEvents('day', 'type'), check: sumChecks },
  { name: '3. events per week by source, 12mo', request: { metric: 'events', range: '12mo', granularity: 'week', groupBy: 'source' }, raw: rawEvents('week', 'source'), check: sumChecks },
  { name: '4. events per hour, 48h', request: { metric: 'events', range: '48h', granularity: 'hour' }, raw: rawEvents('hour'), check: sumChecks },
  { name: '5. dau per day, 30d', request: { metric: 'dau', range: '30d', granularity: 'day' }, raw: rawActiveUsers(1), check: activeChecks },
  { name: '6. mau, 30d (trailing 30d per day + total)', request: { metric: 'mau', range: '30d', granularity: 'day' }, raw: rawActiveUsers(30), check: activeChecks },
  { name: '7. wau per week, 12 weeks', request: { metric: 'wau', range: '84d', granularity: 'week' }, raw: rawActiveUsers(7), check: activeChecks },
  {
    name: '8. events per month vs previous period, 12mo',
    request: { metric: 'events', range: '12mo', granularity: 'month', compare: 'previous_period' },
    raw: rawEvents('month'),
    check: sumChecks,
  },
];

const SCOPE: AccessScope = { tenant: MAIN_TENANT, sensitivities: new Set(SENSITIVITIES), filters: {} };

let store: Store | undefined;
let service: QueryService;
/** The service's answer per tile, fixed at setup (the clock is frozen, so the buckets don't move). */
const answers = new Map<string, QueryResponse>();
/** Samples (ms) of each case's measured runs; the harness's warm-up run is the first and is dropped. */
const samples = new Map<string, { runs: number; values: number[] }>();
let loadMs = 0;

function record(key: string, values: number[]): void {
  const entry = samples.get(key) ?? { runs: 0, values: [] };
  entry.runs += 1;
  if (entry.runs > 1) entry.values.push(...values);
  samples.set(key, entry);
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const serviceAnswer = (tile: DashboardTile) => service.query(tile.request, SCOPE);
const rawAnswer = (tile: DashboardTile, s: Store) => Promise.all(tile.raw(answers.get(tile.name)!).map((r) => s.query<{ v: number }>(r.sql, r.params)));

/** A case that runs `once` `n` times in a row and resolves with the p95 of that run. */
function sampled(name: string, adapter: string, n: number, once: () => Promise<unknown>): BenchCase {
  return {
    name,
    adapter,
    unit: 'ms',
    kind: 'value',
    async run() {
      const values: number[] = [];
      for (let i = 0; i < n; i++) values.push(await time(once));
      record(`${name}|${adapter}`, values);
      return summarize(values).p95;
    },
  };
}

export default defineBench({
  name: 'query',
  runs: 5,
  async setup(ctx) {
    const endMs = Date.now();
    store = await openPostgresStore({ url: ctx.databaseUrl, schema: 'bench_query', poolSize: 10 });
    await store.migrate(MIGRATIONS);
    process.stdout.write(`  loading ${EVENTS.toLocaleString('en-US')} events (+${(EVENTS / 10).toLocaleString('en-US')} for a second tenant)…\n`);
    const start = performance.now();
    await loadDashboardData(store, {
      events: EVENTS,
      endMs,
      days: DAYS,
      concurrency: 2,
      settings: { work_mem: '256MB', maintenance_work_mem: '512MB', synchronous_commit: 'off' },
    });
    loadMs = performance.now() - start;
    service = createQueryService({ store, now: () => endMs, resultCache: false });
    const s = store;
    // A mismatch is a bug in the bench's raw SQL or in the planner, not a timing: comparing slow with wrong is moot.
    for (const tile of TILES) {
      const answer = await serviceAnswer(tile);
      answers.set(tile.name, answer);
      const raw = await rawAnswer(tile, s);
      const got = raw.map((rows) => rows.reduce((sum, r) => sum + Number(r.v), 0));
      const want = tile.check(answer);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        throw new Error(`query bench: "${tile.name}" differs: service ${JSON.stringify(want)}, raw events ${JSON.stringify(got)} (sources ${answer.meta.sources.join(',')})`);
      }
    }
    const dashboard = (once: (tile: DashboardTile) => Promise<unknown>) => () => Promise.all(TILES.map(once));
    return [
      ...TILES.flatMap((tile) => [
        sampled(tile.name, 'query service', SAMPLES, () => serviceAnswer(tile)),
        sampled(tile.name, 'raw events', RAW_SAMPLES, () => rawAnswer(tile, s)),
      ]),
      sampled('dashboard: 8 in parallel', 'query service', SAMPLES, dashboard(serviceAnswer)),
      sampled('dashboard: 8 in parallel', 'raw events', RAW_SAMPLES, dashboard((tile) => rawAnswer(tile, s))),
    ];
  },
  report(results: readonly BenchResult[]) {
    const names = [...TILES.map((t) => t.name), 'dashboard: 8 in parallel'];
    const cell = (name: string, adapter: string) => {
      const s = summarize(samples.get(`${name}|${adapter}`)?.values ?? []);
      return { s, text: `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.p99)}` };
    };
    const rows = names.map((name) => {
      const svc = cell(name, 'query service');
      const raw = cell(name, 'raw events');
      const answer = answers.get(name);
      const sources = answer ? answer.meta.sources.join(', ') : 'rollup + activity';
      return `| ${name} | ${svc.text} | ${raw.text} | ${(raw.s.p50 / svc.s.p50).toFixed(1)}× | ${sources} | ${svc.s.n} / ${raw.s.n} |`;
    });
    const whole = cell('dashboard: 8 in parallel', 'query service').s;
    return [
      '## query: dashboard of 8 through the query service vs raw events',
      '',
      `${EVENTS.toLocaleString('en-US')} events for \`${MAIN_TENANT}\` (+${(EVENTS / 10).toLocaleString('en-US')} for a second tenant) over ${DAYS} days, ` +
        `loaded in ${(loadMs / 1000).toFixed(1)} s with the dashboard bench's loader; Postgres pool of 10 as the server's default. ` +
        '`service.query()` with the result cache off (every query reads the database), clock frozen at load time; ' +
        'raw = the same buckets computed from `events` (totals checked equal before timing). ' +
        `Pooled over ${results[0] ? results[0].runs : 0} measured runs after a warm-up. ` +
        `Target: dashboard p95 ≤ ${TARGET_P95_MS} ms — ${whole.p95 <= TARGET_P95_MS ? 'met' : 'missed'} (${ms(whole.p95)} ms).`,
      '',
      '| query | service p50 / p95 / p99 ms | raw p50 / p95 / p99 ms | raw / service (p50) | service read | samples |',
      '|---|---:|---:|---:|---|---:|',
      ...rows,
      '',
    ].join('\n');
  },
  async teardown() {
    await store?.close();
  },
});
