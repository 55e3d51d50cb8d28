import type { QueryResponse, QuerySeries } from '@tally/client-sdk';
import { createMemoryCache, isTallyError, METRIC_CHANGED_CHANNEL, type Store } from '@tally/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueryFixture, QUERY_NOW, testScope, type QueryFixture } from '../../../../test/support/query-fixture.ts';
import { STORE_KINDS } from '../../../../test/support/stores.ts';
import { createQueryService, type QueryService } from './query-service.ts';

/** Independent definitions of the collected metrics over raw events (not the planner's SQL). */
const RAW: Record<string, { where: string; value: string }> = {
  events: { where: 'true', value: '1' },
  signups: { where: `type IN ('product.signed_up', 'product.signup', 'product.sign_up', 'product.account_created', 'product.user_signed_up')`, value: '1' },
  feature_uses: { where: `type = 'product.feature_used'`, value: '1' },
  revenue: { where: `type = 'billing.invoice_paid' AND revenue_minor IS NOT NULL`, value: 'revenue_minor' },
  refunds: { where: `type = 'billing.charge_refunded' AND revenue_minor IS NOT NULL`, value: '-revenue_minor' },
  failed_payments: { where: `type = 'billing.payment_failed'`, value: '1' },
  tickets_opened: { where: `type IN ('support.ticket_opened', 'support.conversation_opened')`, value: '1' },
  tickets_solved: { where: `type IN ('support.ticket_solved', 'support.conversation_closed')`, value: '1' },
  csat_ratings: { where: `type = 'support.satisfaction_rated'`, value: '1' },
  csat_good: { where: `type = 'support.satisfaction_rated' AND properties->>'score' IN ('good', '4', '5')`, value: '1' },
};

const PRODUCT = `user_id IS NOT NULL AND type LIKE 'product.%'`;

/** Non-zero points of a series, by bucket start. */
const nonZero = (s: QuerySeries | undefined) => Object.fromEntries((s?.points ?? []).filter((p) => p.v !== 0 && p.v !== null).map((p) => [p.t, p.v]));

/** `SELECT t (epoch ms), v` rows as bucket start → value. */
async function rows(store: Store, sql: string, params: unknown[] = []): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const r of await store.query<{ t: number; v: number }>(sql, params)) if (Number(r.v) !== 0) out[new Date(Number(r.t)).toISOString()] = Number(r.v);
  return out;
}

/** Per-bucket sums of a raw definition, bucketed by `date_trunc(unit, occurred_at AT TIME ZONE zone)`. */
function rawSums(store: Store, metric: string, opts: { from: string; to: string; unit?: string; zone?: string; extra?: string; params?: unknown[] }) {
  const def = RAW[metric]!;
  const zone = opts.zone ?? 'UTC';
  const unit = opts.unit ?? 'day';
  return rows(store, `
    SELECT extract(epoch FROM date_trunc('${unit}', occurred_at AT TIME ZONE '${zone}') AT TIME ZONE '${zone}') * 1000 AS t, sum(${def.value}) AS v
    FROM events WHERE tenant = 'acme' AND ${def.where} ${opts.extra ?? ''} AND occurred_at >= '${opts.from}' AND occurred_at < '${opts.to}'
    GROUP BY 1`, opts.params ?? []);
}

const day = (iso: string) => `${iso}T00:00:00.000Z`;
const admin = testScope('acme');

describe.each(STORE_KINDS)('the query planner on %s', (kind) => {
  let f: QueryFixture;
  let service: QueryService;
  const ask = (request: unknown, scope = admin) => service.query(request, scope);

  beforeAll(async () => {
    f = await openQueryFixture(kind);
    service = createQueryService({ store: f.store, now: () => QUERY_NOW, resultCache: false });
  });
  afterAll(() => f?.close());

  it('resolves a relative range to whole buckets ending with the one holding now, and reports freshness', async () => {
    const answer = await ask({ metric: 'events', range: '60d' });
    expect(answer.meta).toMatchObject({
      metric: 'events', unit: 'count', from: day('2026-09-22'), to: day('2026-11-21'), granularity: 'day', timezone: 'UTC', sources: ['rollup'],
    });
    expect(answer.series).toHaveLength(1);
    expect(answer.series[0]!.points).toHaveLength(60);
    expect(answer.series[0]!.group).toBeUndefined();
    const newest = f.events.filter((e) => e.tenant === 'acme').map((e) => e.receivedAt).sort().at(-1)!;
    expect(Date.parse(answer.meta.freshAt!)).toBeGreaterThanOrEqual(Date.parse(newest));
  });

  it.each(Object.keys(RAW))('answers %s per day from rollups as raw events say', async (metric) => {
    const answer = await ask({ metric, range: '60d' });
    expect(answer.meta.sources).toEqual(['rollup']);
    const expected = await rawSums(f.store, metric, { from: answer.meta.from, to: answer.meta.to });
    expect(nonZero(answer.series[0])).toEqual(expected);
    expect(answer.series[0]!.total).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
  });

  it('answers by week (Monday starts) and by month', async () => {
    const weeks = await ask({ metric: 'events', range: { from: '2026-09-28T00:00:00Z', to: '2026-11-23T00:00:00Z' }, granularity: 'week' });
    expect(weeks.series[0]!.points.map((p) => new Date(p.t).getUTCDay())).toEqual(new Array(8).fill(1));
    expect(nonZero(weeks.series[0])).toEqual(await rawSums(f.store, 'events', { from: weeks.meta.from, to: weeks.meta.to, unit: 'week' }));
    const months = await ask({ metric: 'revenue', range: '3mo', granularity: 'month' });
    expect(months.meta).toMatchObject({ from: day('2026-09-01'), to: day('2026-12-01') });
    expect(nonZero(months.series[0])).toEqual(await rawSums(f.store, 'revenue', { from: months.meta.from, to: months.meta.to, unit: 'month' }));
  });

  it('answers by local day in a zone with a DST change (from hour rollups), and in a half-hour zone (from raw events)', async () => {
    const ny = await ask({ metric: 'events', range: { from: '2026-10-25T04:00:00Z', to: '2026-11-10T05:00:00Z' }, timezone: 'America/New_York' });
    expect(ny.meta.sources).toEqual(['rollup']);
    expect(ny.series[0]!.points[0]!.t).toBe('2026-10-25T04:00:00.000Z');
    expect(ny.series[0]!.points.at(-1)!.t).toBe('2026-11-09T05:00:00.000Z'); // after the change back to EST
    expect(nonZero(ny.series[0])).toEqual(await rawSums(f.store, 'events', { from: ny.meta.from, to: ny.meta.to, zone: 'America/New_York' }));
    const india = await ask({ metric: 'feature_uses', range: '30d', timezone: 'Asia/Kolkata', granularity: 'week' });
    expect(india.meta.sources).toEqual(['raw']);
    expect(nonZero(india.series[0])).toEqual(await rawSums(f.store, 'feature_uses', { from: india.meta.from, to: india.meta.to, zone: 'Asia/Kolkata', unit: 'week' }));
  });

  it('groups by one dimension and filters on it from rollups; two dimensions go to raw events', async () => {
    const byFeature = await ask({ metric: 'feature_uses', range: '60d', groupBy: 'feature' });
    expect(byFeature.series.map((s) => s.group)).toEqual(['alerts', 'dashboards', 'exports', 'reports']);
    for (const s of byFeature.series) {
      expect(nonZero(s)).toEqual(await rawSums(f.store, 'feature_uses', { from: byFeature.meta.from, to: byFeature.meta.to, extra: `AND properties->>'feature' = $1`, params: [s.group] }));
    }
    const high = await ask({ metric: 'tickets_opened', range: '60d', filters: { priority: ['high'] } });
    expect(high.meta.sources).toEqual(['rollup']);
    expect(nonZero(high.series[0])).toEqual(await rawSums(f.store, 'tickets_opened', { from: high.meta.from, to: high.meta.to, extra: `AND properties->>'priority' = 'high'` }));
    const crossed = await ask({ metric: 'tickets_opened', range: '60d', filters: { priority: ['high'] }, groupBy: 'source' });
    expect(crossed.meta.sources).toEqual(['raw']);
    expect(crossed.series.map((s) => s.group)).toEqual(['zendesk']);
    expect(nonZero(crossed.series[0])).toEqual(nonZero(high.series[0]));
    const none = await ask({ metric: 'events', range: '60d', filters: { type: ['no.such_type'] } });
    expect(none.series[0]!.total).toBe(0);
  });

  it('answers dau and mau (trailing 30 days at each day\'s end) as raw events say, and by customer', async () => {
    const dau = await ask({ metric: 'dau', range: '60d' });
    expect(dau.meta.sources).toEqual(['rollup']);
    expect(nonZero(dau.series[0])).toEqual(await rows(f.store, `
      SELECT extract(epoch FROM date_trunc('day', occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') * 1000 AS t, count(DISTINCT user_id) AS v
      FROM events WHERE tenant = 'acme' AND ${PRODUCT} AND occurred_at >= $1 AND occurred_at < $2 GROUP BY 1`, [dau.meta.from, dau.meta.to]));
    const mau = await ask({ metric: 'mau', range: '60d' });
    expect(nonZero(mau.series[0])).toEqual(await rows(f.store, `
      SELECT extract(epoch FROM d AT TIME ZONE 'UTC') * 1000 AS t,
             (SELECT count(DISTINCT user_id) FROM events e WHERE e.tenant = 'acme' AND ${PRODUCT}
                AND e.occurred_at AT TIME ZONE 'UTC' >= d - interval '29 days' AND e.occurred_at AT TIME ZONE 'UTC' < d + interval '1 day') AS v
      FROM generate_series($1::timestamp, $2::timestamp, interval '1 day') d`, [mau.meta.from.slice(0, 10), '2026-11-20']));
    const [all] = await f.store.query<{ v: number }>(`SELECT count(DISTINCT user_id)::int AS v FROM events WHERE tenant = 'acme' AND ${PRODUCT} AND occurred_at >= $1 AND occurred_at < $2`, [mau.meta.from, mau.meta.to]);
    expect(mau.series[0]!.total).toBe(all!.v);
    const perCustomer = await ask({ metric: 'dau', range: '60d', groupBy: 'customer', filters: { customer: ['acme-cus-1', 'acme-cus-2'] } });
    expect(perCustomer.series.map((s) => s.group)).toEqual(['acme-cus-1', 'acme-cus-2']);
    expect(nonZero(perCustomer.series[0])).toEqual(await rows(f.store, `
      SELECT extract(epoch FROM date_trunc('day', occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') * 1000 AS t, count(DISTINCT user_id) AS v
      FROM events WHERE tenant = 'acme' AND customer_id = 'acme-cus-1' AND ${PRODUCT} GROUP BY 1`));
  });

  it('answers feature users per bucket and feature adoption as their ratio to mau', async () => {
    const users = await ask({ metric: 'feature_users', range: '60d', granularity: 'week', filters: { feature: ['alerts'] } });
    expect(nonZero(users.series[0])).toEqual(await rows(f.store, `
      SELECT extract(epoch FROM date_trunc('week', occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') * 1000 AS t, count(DISTINCT user_id) AS v
      FROM events WHERE tenant = 'acme' AND type = 'product.feature_used' AND properties->>'feature' = 'alerts' AND user_id IS NOT NULL
        AND occurred_at >= $1 AND occurred_at < $2 GROUP BY 1`, [users.meta.from, users.meta.to]));
    const mau = await ask({ metric: 'mau', range: '60d', granularity: 'week' });
    const adoption = await ask({ metric: 'feature_adoption', range: '60d', granularity: 'week', filters: { feature: ['alerts'] } });
    adoption.series[0]!.points.forEach((p, i) => {
      const den = mau.series[0]!.points[i]!.v!;
      expect(p.v).toBe(den === 0 ? null : users.series[0]!.points[i]!.v! / den);
    });
    expect(adoption.series[0]!.total).toBeCloseTo(users.series[0]!.total! / mau.series[0]!.total!, 12);
  });

  it('answers by hour from hour rollups', async () => {
    const answer = await ask({ metric: 'events', range: { from: '2026-11-10T00:00:00Z', to: '2026-11-12T00:00:00Z' }, granularity: 'hour' });
    expect(answer.meta.sources).toEqual(['rollup']);
    expect(answer.series[0]!.points).toHaveLength(48);
    expect(nonZero(answer.series[0])).toEqual(await rawSums(f.store, 'events', { from: answer.meta.from, to: answer.meta.to, unit: 'hour' }));
  });

  it('answers MRR movements by kind from rollups, and the same movements recomputed from raw events when two dimensions meet', async () => {
    const byKind = await ask({ metric: 'mrr_movements', range: '60d', groupBy: 'kind' });
    expect(byKind.meta.sources).toEqual(['rollup']);
    expect(byKind.series.map((s) => s.group)).toEqual(['churned', 'contraction', 'expansion', 'new', 'reactivated']);
    for (const s of byKind.series) {
      const raw = await ask({ metric: 'mrr_movements', range: '60d', filters: { kind: [s.group!] }, groupBy: 'currency' });
      expect(raw.meta.sources).toEqual(['raw']);
      expect(raw.series.map((r) => r.group)).toEqual(['USD']);
      expect(raw.series[0]!.points).toEqual(s.points);
    }
    const newMrr = await ask({ metric: 'new_mrr', range: '60d' });
    expect(newMrr.series[0]).toEqual({ points: byKind.series[3]!.points, total: byKind.series[3]!.total });
  });

  it('answers active users by local day (from raw events) and over trailing 24 hours by hour', async () => {
    const local = await ask({ metric: 'dau', range: '14d', timezone: 'America/New_York' });
    expect(local.meta.sources).toEqual(['raw']);
    expect(nonZero(local.series[0])).toEqual(await rows(f.store, `
      SELECT extract(epoch FROM date_trunc('day', occurred_at AT TIME ZONE 'America/New_York') AT TIME ZONE 'America/New_York') * 1000 AS t, count(DISTINCT user_id) AS v
      FROM events WHERE tenant = 'acme' AND ${PRODUCT} AND occurred_at >= $1 AND occurred_at < $2 GROUP BY 1`, [local.meta.from, local.meta.to]));
    const hourly = await ask({ metric: 'dau', range: { from: '2026-11-10T00:00:00Z', to: '2026-11-11T00:00:00Z' }, granularity: 'hour' });
    expect(hourly.meta.sources).toEqual(['raw']);
    const [last] = await f.store.query<{ v: number }>(`SELECT count(DISTINCT user_id)::int AS v FROM events WHERE tenant = 'acme' AND ${PRODUCT} AND occurred_at >= '2026-11-10T00:00:00Z' AND occurred_at < '2026-11-11T00:00:00Z'`);
    expect(hourly.series[0]!.points.at(-1)!.v).toBe(last!.v);
  });

  it('compares with the previous period of equal length', async () => {
    const answer = await ask({ metric: 'events', range: '7d', compare: 'previous_period' });
    expect(answer.previous).toHaveLength(1);
    expect(answer.previous![0]!.points[0]!.t).toBe(day('2026-11-07'));
    expect(answer.previous![0]!.points.at(-1)!.t).toBe(day('2026-11-13'));
    const direct = await ask({ metric: 'events', range: { from: '2026-11-07T00:00:00Z', to: '2026-11-14T00:00:00Z' } });
    expect(answer.previous).toEqual(direct.series);
  });

  it('answers MRR as a running total that ends at Σ of the customers\' MRR, ARR as 12 ×, and paying customers', async () => {
    const [state] = await f.store.query<{ mrr: number; paying: number }>(
      `SELECT sum(mrr_minor)::float8 AS mrr, count(*) FILTER (WHERE mrr_minor > 0)::float8 AS paying FROM customers WHERE tenant = 'acme'`,
    );
    for (const range of ['60d', '7d']) {
      const mrr = await ask({ metric: 'mrr', range });
      expect(mrr.series[0]!.total).toBe(state!.mrr);
      expect(mrr.series[0]!.points.at(-1)!.v).toBe(state!.mrr);
      const arr = await ask({ metric: 'arr', range });
      expect(arr.series[0]!.total).toBe(12 * state!.mrr);
      expect((await ask({ metric: 'paying_customers', range })).series[0]!.total).toBe(state!.paying);
    }
    // a week-old value: every movement up to that day's end
    const mrr = await ask({ metric: 'mrr', range: '60d' });
    const point = mrr.series[0]!.points.find((p) => p.t === day('2026-11-13'))!;
    const [then] = await f.store.query<{ v: number }>(
      `SELECT sum(value)::float8 AS v FROM rollup_hour WHERE tenant = 'acme' AND metric = 'mrr_movements' AND dimension = '' AND bucket < '2026-11-14T00:00:00Z'`,
    );
    expect(point.v).toBe(then!.v);
    const usd = await ask({ metric: 'mrr', range: '7d', groupBy: 'currency' });
    expect(usd.series.map((s) => [s.group, s.total])).toEqual([['USD', state!.mrr]]);
  });

  it('answers ratios per bucket and over the range, with the denominator at period start where the catalog says so', async () => {
    const [good, all, csat] = await Promise.all(['csat_good', 'csat_ratings', 'csat'].map((metric) => ask({ metric, range: '60d', granularity: 'week' })));
    csat!.series[0]!.points.forEach((p, i) => {
      const den = all!.series[0]!.points[i]!.v!;
      expect(p.v).toBe(den === 0 ? null : good!.series[0]!.points[i]!.v! / den);
    });
    expect(csat!.series[0]!.total).toBe(good!.series[0]!.total! / all!.series[0]!.total!);
    const [churned, paying, rate] = await Promise.all(['churned_customers', 'paying_customers', 'logo_churn_rate'].map((metric) => ask({ metric, range: '30d', granularity: 'week' })));
    const payingPoints = paying!.series[0]!.points;
    rate!.series[0]!.points.forEach((p, i) => {
      if (i === 0) return;
      const atStart = payingPoints[i - 1]!.v!;
      expect(p.v).toBe(atStart === 0 ? null : churned!.series[0]!.points[i]!.v! / atStart);
    });
    const dayBefore = new Date(Date.parse(rate!.meta.from) - 86_400_000).toISOString();
    const opening = await ask({ metric: 'paying_customers', range: { from: dayBefore, to: rate!.meta.from } });
    expect(rate!.series[0]!.total).toBe(churned!.series[0]!.total! / opening.series[0]!.total!);
    const [retained, nrr] = await Promise.all([
      ask({ metric: 'retained_mrr_change', range: '30d', granularity: 'month' }),
      ask({ metric: 'net_revenue_retention', range: '30d', granularity: 'month' }),
    ]);
    const [before] = await f.store.query<{ v: number }>(
      `SELECT coalesce(sum(value), 0)::float8 AS v FROM rollup_day WHERE tenant = 'acme' AND metric = 'mrr_movements' AND dimension = '' AND bucket < '2026-10-01T00:00:00Z'`,
    );
    expect(before!.v).toBeGreaterThan(0);
    // 30d by month is October and November: NRR of October = 1 + retained change ÷ MRR on October 1
    expect(nrr.meta.from).toBe(day('2026-10-01'));
    expect(nrr.series[0]!.points[0]!.v).toBeCloseTo(1 + retained.series[0]!.points[0]!.v! / before!.v, 12);
    expect(nrr.series[0]!.total).toBeCloseTo(1 + retained.series[0]!.total! / before!.v, 12);
  });

  it('answers the median first response by opening time, and the health score distribution by band', async () => {
    const median = await ask({ metric: 'median_first_response', range: '60d', granularity: 'week' });
    expect(median.meta.sources).toEqual(['state']);
    expect(nonZero(median.series[0])).toEqual(await rows(f.store, `
      SELECT extract(epoch FROM date_trunc('week', opened_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') * 1000 AS t,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY first_response_seconds) AS v
      FROM tickets WHERE tenant = 'acme' AND first_response_seconds IS NOT NULL AND opened_at >= $1 AND opened_at < $2 GROUP BY 1`, [median.meta.from, median.meta.to]));
    const [whole] = await f.store.query<{ v: number }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY first_response_seconds)::float8 AS v FROM tickets WHERE tenant = 'acme' AND opened_at >= $1 AND opened_at < $2`,
      [median.meta.from, median.meta.to],
    );
    expect(median.series[0]!.total).toBe(whole!.v);
    const quiet = await ask({ metric: 'median_first_response', range: { from: '2020-01-01T00:00:00Z', to: '2020-01-03T00:00:00Z' } });
    expect(quiet.series[0]!.points.map((p) => p.v)).toEqual([null, null]);

    const health = await ask({ metric: 'health_score_distribution', range: '7d' });
    expect(health.series.map((s) => s.group)).toEqual(['0-19', '20-39', '40-59', '60-79', '80-100']);
    const [count] = await f.store.query<{ n: number }>(`SELECT count(*)::int AS n FROM customer_health WHERE tenant = 'acme'`);
    expect(health.series.reduce((a, s) => a + s.total!, 0)).toBe(count!.n);
    expect(health.series.every((s) => s.points.slice(0, -1).every((p) => p.v === null) && s.points.at(-1)!.v === s.total)).toBe(true);
    const compared = await ask({ metric: 'health_score_distribution', range: '7d', compare: 'previous_period' });
    expect(compared.previous!.every((s) => s.total === null && s.points.every((p) => p.v === null))).toBe(true);
  });

  it('refuses a role without the metric\'s class, with no data', async () => {
    const viewer = testScope('acme', { sensitivities: ['general', 'product'] });
    await expect(ask({ metric: 'revenue', range: '7d' }, viewer)).rejects.toSatisfy((e) => isTallyError(e, 'forbidden'));
    await expect(ask({ metric: 'mrr', range: '7d' }, viewer)).rejects.toSatisfy((e) => isTallyError(e, 'forbidden'));
    expect((await ask({ metric: 'dau', range: '7d' }, viewer)).series).toHaveLength(1);
  });

  it('confines a customer-scoped read to that customer, and refuses another customer', async () => {
    const sidebar = testScope('acme', { customerId: 'acme-cus-3' });
    const events = await ask({ metric: 'events', range: '60d' }, sidebar);
    expect(events.meta.sources).toEqual(['raw']);
    expect(nonZero(events.series[0])).toEqual(await rawSums(f.store, 'events', { from: events.meta.from, to: events.meta.to, extra: `AND customer_id = 'acme-cus-3'` }));
    const perCustomer = await ask({ metric: 'dau', range: '60d', groupBy: 'customer' }, sidebar);
    expect(perCustomer.series.map((s) => s.group)).toEqual(['acme-cus-3']);
    const own = await ask({ metric: 'dau', range: '60d', filters: { customer: ['acme-cus-3'] } }, sidebar);
    expect(own.series[0]!.total).toBe(perCustomer.series[0]!.total);
    await expect(ask({ metric: 'dau', range: '60d', filters: { customer: ['acme-cus-4'] } }, sidebar)).rejects.toSatisfy((e) => isTallyError(e, 'forbidden'));
    await expect(ask({ metric: 'dau', range: '60d', filters: { customer: ['acme-cus-3', 'acme-cus-4'] } }, sidebar)).rejects.toSatisfy((e) => isTallyError(e, 'forbidden'));
    // MRR of one customer: movements recomputed from that customer's subscription events
    const [customer] = await f.store.query<{ mrr: number }>(`SELECT mrr_minor::float8 AS mrr FROM customers WHERE tenant = 'acme' AND customer_id = 'acme-cus-3'`);
    const mrr = await ask({ metric: 'mrr', range: '30d' }, sidebar);
    expect(mrr.meta.sources).toEqual(['raw']);
    expect(mrr.series[0]!.total).toBe(customer!.mrr);
    const tickets = await ask({ metric: 'median_first_response', range: '60d' }, sidebar);
    const [median] = await f.store.query<{ v: number | null }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY first_response_seconds)::float8 AS v FROM tickets WHERE tenant = 'acme' AND customer_id = 'acme-cus-3' AND opened_at >= $1 AND opened_at < $2`,
      [tickets.meta.from, tickets.meta.to],
    );
    expect(tickets.series[0]!.total).toBe(median!.v);
    const health = await ask({ metric: 'health_score_distribution', range: '7d' }, sidebar);
    expect(health.series.reduce((a, s) => a + s.total!, 0)).toBe(1);
  });

  it('never mixes tenants', async () => {
    const acme = await ask({ metric: 'events', range: '60d' });
    const globex = await ask({ metric: 'events', range: '60d' }, testScope('globex'));
    const [counts] = await f.store.query<{ a: number; g: number }>(
      `SELECT count(*) FILTER (WHERE tenant = 'acme')::int AS a, count(*) FILTER (WHERE tenant = 'globex')::int AS g FROM events WHERE occurred_at >= $1`,
      [acme.meta.from],
    );
    expect([acme.series[0]!.total, globex.series[0]!.total]).toEqual([counts!.a, counts!.g]);
  });
});

describe('the result cache', () => {
  let f: QueryFixture;
  beforeAll(async () => {
    f = await openQueryFixture('pglite');
  });
  afterAll(() => f?.close());

  it('serves a second identical query from the cache, and drops it when "metric changed" names the metric or an input', async () => {
    const service = createQueryService({ store: f.store, now: () => QUERY_NOW });
    const request = { metric: 'arr', range: '30d', granularity: 'week' };
    const first: QueryResponse = await service.query(request, admin);
    expect(await service.query({ ...request }, admin)).toEqual(first);
    expect(service.stats()).toMatchObject({ hits: 1, misses: 1, entries: 1 });

    // another tenant's change, or an unrelated metric, keeps it
    expect(service.invalidate({ tenant: 'globex', metrics: ['mrr_movements'] })).toBe(0);
    expect(service.invalidate({ tenant: 'acme', metrics: ['events', 'dau'] })).toBe(0);
    // a confined caller never gets the unconfined answer
    await service.query(request, testScope('acme', { customerId: 'acme-cus-3' }));
    expect(service.stats()).toMatchObject({ hits: 1, misses: 2, entries: 2 });

    const cache = createMemoryCache();
    const stop = await service.subscribeInvalidation(cache);
    await cache.publish(METRIC_CHANGED_CHANNEL, JSON.stringify({ tenant: 'acme', metrics: ['mrr_movements'], from: '', to: '', appliedAt: '' }));
    await expect.poll(() => service.stats().entries).toBe(0);
    await service.query(request, admin);
    expect(service.stats()).toMatchObject({ hits: 1, misses: 3 });
    await stop();
    await cache.close();
  });
});
