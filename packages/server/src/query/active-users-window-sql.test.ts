import type { QueryResponse } from '@tally/client-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueryFixture, QUERY_NOW, testScope, type QueryFixture } from '../../../../test/support/query-fixture.ts';
import { STORE_KINDS } from '../../../../test/support/stores.ts';
import type { ActivitySpec } from './activity-sql.ts';
import { planStoredWindows, storedRangeWindow } from './active-users-window-sql.ts';
import { createQueryService, type QueryService } from './query-service.ts';

const DAY_MS = 86_400_000;
const WINDOWS: Record<string, number> = { dau: 1, wau: 7, mau: 30 };

/** Series and totals by definition from raw events: distinct product users in [end − W days, end) per bucket. */
async function expected(f: QueryFixture, answer: QueryResponse, options: { customers?: string[]; grouped?: boolean }) {
  const window = WINDOWS[answer.meta.metric]!;
  const points = answer.series[0]?.points ?? answer.previous?.[0]?.points ?? [];
  const ends = points.map((p, i) => points[i + 1]?.t ?? answer.meta.to);
  const starts = ends.map((e) => new Date(Date.parse(e) - window * DAY_MS).toISOString());
  const g = options.grouped ? 'customer_id' : `''`;
  const product = `tenant = 'acme' AND user_id IS NOT NULL AND starts_with(type, 'product.') AND ($1::text[] IS NULL OR customer_id = ANY($1::text[]))`;
  const customers = options.customers ?? null;
  const series = await f.store.query<{ i: number; g: string; v: number }>(
    `SELECT w.i::int AS i, ${g} AS g, count(DISTINCT e.user_id)::int AS v
     FROM unnest($2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS w(ws, we, i)
     JOIN (SELECT * FROM events WHERE ${product}) e ON e.occurred_at >= w.ws AND e.occurred_at < w.we GROUP BY 1, 2`,
    [customers, starts, ends],
  );
  const totals = await f.store.query<{ g: string; v: number }>(
    `SELECT ${g} AS g, count(DISTINCT user_id)::int AS v FROM events WHERE ${product} AND occurred_at >= $2 AND occurred_at < $3 GROUP BY 1`,
    [customers, answer.meta.from, answer.meta.to],
  );
  const out = new Map<string, { values: number[]; total: number }>();
  const group = (key: string) => {
    let s = out.get(key);
    if (!s) out.set(key, (s = { values: new Array<number>(points.length).fill(0), total: 0 }));
    return s;
  };
  for (const r of series) group(r.g).values[r.i - 1] = r.v;
  for (const r of totals) group(r.g).total = r.v;
  return [...out.keys()].sort().map((key) => ({ ...(options.grouped ? { group: key } : {}), values: out.get(key)!.values, total: out.get(key)!.total }));
}

const shape = (answer: QueryResponse) =>
  answer.series.map((s) => ({ ...(s.group !== undefined ? { group: s.group } : {}), values: s.points.map((p) => p.v), total: s.total }));

describe.each(STORE_KINDS)('active users from stored windows on %s', (kind) => {
  let f: QueryFixture;
  let service: QueryService;
  beforeAll(async () => {
    f = await openQueryFixture(kind);
    service = createQueryService({ store: f.store, now: () => QUERY_NOW, resultCache: false });
  });
  afterAll(() => f?.close());

  const cases: [string, Record<string, unknown>, { customers?: string[]; grouped?: boolean; scope?: string }][] = [
    ['dau per day, 30d', { metric: 'dau', range: '30d' }, {}],
    ['mau per day, 30d (total = the 30-day window)', { metric: 'mau', range: '30d' }, {}],
    ['wau per day, 7d (total = the 7-day window)', { metric: 'wau', range: '7d' }, {}],
    ['wau per week, 84d', { metric: 'wau', range: '84d', granularity: 'week' }, {}],
    ['mau per month, 3mo', { metric: 'mau', range: '3mo', granularity: 'month' }, {}],
    ['mau per week by customer', { metric: 'mau', range: '60d', granularity: 'week', groupBy: 'customer' }, { grouped: true }],
    ['wau for one customer', { metric: 'wau', range: '30d', filters: { customer: ['acme-cus-3'] } }, { customers: ['acme-cus-3'] }],
    ['dau for two customers, by customer', { metric: 'dau', range: '30d', groupBy: 'customer', filters: { customer: ['acme-cus-1', 'acme-cus-2'] } }, { customers: ['acme-cus-1', 'acme-cus-2'], grouped: true }],
    ['mau for two customers together (SQL)', { metric: 'mau', range: '30d', filters: { customer: ['acme-cus-1', 'acme-cus-2'] } }, { customers: ['acme-cus-1', 'acme-cus-2'] }],
    ['mau in a customer\'s own scope', { metric: 'mau', range: '30d' }, { customers: ['acme-cus-4'], scope: 'acme-cus-4' }],
    ['wau compared with the previous period', { metric: 'wau', range: '7d', compare: 'previous_period' }, {}],
    // Totals over ranges no window is as long as: users whose last active day is in the range when nobody
    // was active after it (a range ending now), and SQL when somebody was (the previous period).
    ['dau over 45 days', { metric: 'dau', range: '45d' }, {}],
    ['dau over 45 days by customer', { metric: 'dau', range: '45d', groupBy: 'customer' }, { grouped: true }],
    // (The fixture holds 60 days, so a previous period of 25 days still has activity after it.)
    ['mau over 25 days compared with the previous period', { metric: 'mau', range: '25d', compare: 'previous_period' }, {}],
    ['wau per day over 20 days for one customer', { metric: 'wau', range: '20d', filters: { customer: ['acme-cus-16'] } }, { customers: ['acme-cus-16'] }],
  ];

  it.each(cases)('%s', async (_name, request, options) => {
    const scope = options.scope !== undefined ? testScope('acme', { customerId: options.scope }) : testScope('acme');
    const answer = await service.query(request, scope);
    expect(answer.meta.sources).toEqual(['rollup']);
    expect(shape(answer)).toEqual(await expected(f, answer, options));
    if (answer.previous) {
      const previous = { ...answer, series: answer.previous, meta: { ...answer.meta, from: answer.previous[0]!.points[0]!.t, to: answer.meta.from } };
      expect(answer.previous.map((s) => ({ values: s.points.map((p) => p.v), total: s.total }))).toEqual(await expected(f, previous, options));
    }
  });
});

describe('planStoredWindows', () => {
  const spec = (extra: Partial<ActivitySpec> = {}): ActivitySpec => ({ tenant: 'acme', of: 'users', windowDays: 30, filters: {}, ...extra });
  const d = (n: number) => Date.UTC(2026, 10, n);
  const ends = [d(2), d(3)];
  const starts = ends.map((e) => e - 30 * DAY_MS);

  it('maps no customer, one customer, a groupBy customer and a scope\'s customer to rows', () => {
    expect(planStoredWindows(spec(), 30, starts, ends)).toEqual({ scope: 'all' });
    expect(planStoredWindows(spec({ filters: { customer: ['c1'] } }), 30, starts, ends)).toEqual({ scope: 'customer', customers: ['c1'], grouped: false });
    expect(planStoredWindows(spec({ groupBy: 'customer' }), 30, starts, ends)).toEqual({ scope: 'customer', customers: undefined, grouped: true });
    expect(planStoredWindows(spec({ customerId: 'c2' }), 30, starts, ends)).toEqual({ scope: 'customer', customers: ['c2'], grouped: false });
    expect(planStoredWindows(spec({ customerId: 'c2', filters: { customer: ['c1'] } }), 30, starts, ends)).toEqual({ scope: 'customer', customers: [], grouped: false });
  });

  it('leaves local days, other windows, feature users and several customers together to SQL', () => {
    expect(planStoredWindows(spec(), 30, starts, ends.map((e) => e + 3_600_000))).toBeUndefined();
    expect(planStoredWindows(spec(), 30, starts.map((s) => s + 3_600_000), ends)).toBeUndefined();
    expect(planStoredWindows(spec({ windowDays: 14 }), 14, ends.map((e) => e - 14 * DAY_MS), ends)).toBeUndefined();
    expect(planStoredWindows(spec({ of: 'features' }), 30, starts, ends)).toBeUndefined();
    expect(planStoredWindows(spec({ filters: { customer: ['c1', 'c2'] } }), 30, starts, ends)).toBeUndefined();
  });

  it('reads a total from one row only when the range is as long as a stored window', () => {
    expect(storedRangeWindow(d(1), d(8))).toBe(7);
    expect(storedRangeWindow(d(1), d(31))).toBe(30);
    expect(storedRangeWindow(d(1), d(15))).toBeUndefined();
    expect(storedRangeWindow(d(1) + 3_600_000, d(8) + 3_600_000)).toBeUndefined();
  });
});
