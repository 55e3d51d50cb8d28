import { TallyApiError, type QueryRequest, type QueryResponse } from '@tally/client-sdk';
import { loadTimeSeriesChart } from '../charts/load-time-series-chart.ts';
import type { WidgetClient } from '../data/client-context.ts';
import type { TallyErrorDetail } from '../events.ts';
import { afterEach, assert, assertEqual, assertMatch, cleanupFixtures, describe, fixture, it, shadowQuery, textOf } from '../test-helpers.ts';
import './revenue-trend.ts';
import type { RevenueTrend } from './revenue-trend.ts';
import { trendOf, trendQuery } from './trend-model.ts';

const months = ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01'];

/** MRR in minor units per currency: USD rising from $10,000, EUR smaller. */
function answer(q: QueryRequest, scale = 1): QueryResponse {
  const factor = q.metric === 'arr' ? 12 : 1;
  const usd = [1_000_000, 1_050_000, 1_100_000, 1_200_000].map((v) => v * factor * scale);
  const eur = [200_000, 210_000, 220_000, 230_000].map((v) => v * factor);
  const series = (group: string | undefined, values: number[]) => ({
    ...(group === undefined ? {} : { group }),
    points: months.map((m, i) => ({ t: `${m}T00:00:00.000Z`, v: values[i]! })),
    total: values.at(-1)!,
  });
  const wanted = q.filters?.currency?.[0];
  return {
    series: q.groupBy === 'currency' ? [series('EUR', eur), series('USD', usd)] : [series(undefined, wanted === 'EUR' ? eur : usd)],
    meta: { metric: q.metric, unit: 'money', from: '2026-01-01T00:00:00.000Z', to: '2026-05-01T00:00:00.000Z', granularity: 'month', timezone: 'UTC', sources: ['rollup'], freshAt: null },
  };
}

function fakeClient(options: { hold?: boolean; fail?: TallyApiError; empty?: boolean } = {}) {
  const queries: QueryRequest[] = [];
  const subscribers: { query: QueryRequest; push: (r: QueryResponse) => void }[] = [];
  const held: (() => void)[] = [];
  let fail = options.fail;
  const client = {
    query: (q: QueryRequest) =>
      new Promise<QueryResponse>((resolve, reject) => {
        queries.push(q);
        const go = () => (fail ? reject(fail) : resolve(options.empty ? { ...answer(q), series: [] } : answer(q)));
        if (options.hold) held.push(go);
        else go();
      }),
    subscribe: (query: QueryRequest, onResult: (r: QueryResponse) => void) => {
      const sub = { query, push: onResult };
      subscribers.push(sub);
      return () => void subscribers.splice(subscribers.indexOf(sub), 1);
    },
    customer: () => Promise.reject(new Error('unused')),
    searchCustomers: () => Promise.reject(new Error('unused')),
    revenueMovements: () => Promise.reject(new Error('unused')),
  } satisfies WidgetClient;
  return { client, queries, subscribers, release: () => held.splice(0).forEach((go) => go()), setFail: (e: TallyApiError | undefined) => void (fail = e) };
}

const settle = async (el: RevenueTrend) => {
  await loadTimeSeriesChart();
  for (let i = 0; i < 4; i++) {
    await new Promise((r) => requestAnimationFrame(r));
    await el.updateComplete;
  }
};
const stateOf = (el: RevenueTrend) => shadowQuery(el, '[part="base"]').dataset.state;

async function mount(markup: string, fake: ReturnType<typeof fakeClient>) {
  const el = await fixture<RevenueTrend>(markup, (e) => (e.client = fake.client));
  await settle(el);
  return el;
}

describe('<revenue-trend>', () => {
  afterEach(cleanupFixtures);

  it('shows current MRR in the main currency, its change, an area chart and a table', async () => {
    const fake = fakeClient();
    const el = await mount('<revenue-trend locale="en-US" style="width: 480px"></revenue-trend>', fake);
    assertEqual(fake.queries, [{ metric: 'mrr', range: '12mo', granularity: 'month', groupBy: 'currency' }], 'query');
    assertEqual(stateOf(el), 'ready', 'state');
    assertEqual(textOf(shadowQuery(el, '[part="title"]')), 'MRR', 'title');
    assertMatch(textOf(shadowQuery(el, '[part="summary"]')), /^\$12,000 ▲ 20% since January 2026$/, 'summary');
    const svg = shadowQuery(el, '[part="chart"] svg');
    assertEqual(svg.getAttribute('aria-label'), 'MRR from $10,000.00 to $12,000.00', 'chart name');
    assert(svg.querySelector('path') !== null, 'drawn');
    const rows = [...el.shadowRoot!.querySelectorAll('[part="table"] tbody tr')].map(textOf);
    assertEqual(rows, ['January 2026 $10,000.00', 'February 2026 $10,500.00', 'March 2026 $11,000.00', 'April 2026 $12,000.00'], 'table');
    assertEqual([...shadowQuery<HTMLSelectElement>(el, '[part="currency"]').options].map((o) => o.value), ['USD', 'EUR'], 'currencies, main first');
  });

  it('reflects attributes: measure, range, granularity, timezone, currency and label', async () => {
    const fake = fakeClient();
    const el = await mount('<revenue-trend measure="arr" range="90d" granularity="week" timezone="Europe/Paris" currency="EUR" locale="en-US"></revenue-trend>', fake);
    assertEqual(fake.queries[0], { metric: 'arr', range: '90d', granularity: 'week', timezone: 'Europe/Paris', filters: { currency: ['EUR'] } }, 'query');
    assertEqual(textOf(shadowQuery(el, '[part="title"]')), 'ARR', 'title');
    assertMatch(textOf(shadowQuery(el, '.figure-value')), /^€27,600$/, 'EUR ARR');
    el.setAttribute('label', 'Annual run rate');
    el.setAttribute('theme', 'dark');
    await settle(el);
    assertEqual(textOf(shadowQuery(el, '[part="title"]')), 'Annual run rate', 'label');
    assertEqual(getComputedStyle(shadowQuery(el, '[part="base"]')).backgroundColor, 'rgb(13, 17, 23)', 'dark');
  });

  it('live: subscribes and a push changes the figure', async () => {
    const fake = fakeClient();
    const el = await mount('<revenue-trend live locale="en-US"></revenue-trend>', fake);
    assertEqual(fake.queries.length, 0, 'no one-off query when live');
    assertEqual(fake.subscribers.length, 1, 'subscribed');
    fake.subscribers[0]!.push(answer(fake.subscribers[0]!.query));
    await settle(el);
    assertEqual(textOf(shadowQuery(el, '.figure-value')), '$12,000', 'first push');
    fake.subscribers[0]!.push(answer(fake.subscribers[0]!.query, 2));
    await settle(el);
    assertEqual(textOf(shadowQuery(el, '.figure-value')), '$24,000', 'second push');
  });

  it('shows loading, empty and the API error with Retry', async () => {
    const slow = await mount('<revenue-trend></revenue-trend>', fakeClient({ hold: true }));
    assertEqual(stateOf(slow), 'loading', 'loading');
    const empty = await mount('<revenue-trend></revenue-trend>', fakeClient({ empty: true }));
    assertEqual(textOf(shadowQuery(empty, '[part="message"]')), 'No MRR in this range yet.', 'empty');
    const failing = fakeClient({ fail: new TallyApiError('forbidden', 'metric: this token may not read mrr', { status: 403 }) });
    const el = await mount('<revenue-trend></revenue-trend>', failing);
    assertMatch(textOf(shadowQuery(el, '[role="alert"]')), /may not read mrr Retry$/, 'error');
    failing.setFail(undefined);
    shadowQuery(el, '[part="retry"]').click();
    await settle(el);
    assertEqual(stateOf(el), 'ready', 'after retry');
  });

  it('names a bad measure and fires tally-error', async () => {
    const details: TallyErrorDetail[] = [];
    const fake = fakeClient();
    const el = await fixture<RevenueTrend>('<revenue-trend measure="revenue"></revenue-trend>', (e) => {
      e.client = fake.client;
      e.addEventListener('tally-error', (ev) => details.push(ev.detail));
    });
    await settle(el);
    assertEqual(details, [{ code: 'invalid_attribute', attribute: 'measure', message: 'invalid measure: "revenue"; expected mrr or arr' }], 'event');
    assertEqual(fake.queries.length, 0, 'no query');
  });

  it('fits 320 px and is a figure named by its title with a table toggle', async () => {
    const el = await mount('<revenue-trend style="width: 320px" locale="en-US"></revenue-trend>', fakeClient());
    const base = shadowQuery(el, '[part="base"]');
    assert(base.scrollWidth <= base.clientWidth, `fits: ${base.scrollWidth} > ${base.clientWidth}`);
    assertEqual(el.shadowRoot!.getElementById(base.getAttribute('aria-labelledby')!)?.textContent, 'MRR', 'named');
    const toggle = shadowQuery(el, '[part="table-toggle"]');
    toggle.click();
    await el.updateComplete;
    assertEqual(toggle.getAttribute('aria-pressed'), 'true', 'pressed');
    assert(!shadowQuery(el, '[part="table"]').classList.contains('visually-hidden'), 'table shown');
  });
});

describe('revenue trend model', () => {
  it('asks by currency unless one is given, and picks the largest currency', () => {
    assertEqual(trendQuery({ measure: 'mrr', range: '12mo', granularity: 'month', timezone: undefined, currency: undefined }).groupBy, 'currency');
    const trend = trendOf(answer({ metric: 'mrr', range: '12mo', groupBy: 'currency' }), undefined);
    assertEqual([trend?.currency, trend?.last, trend?.first], ['USD', 12_000, 10_000], 'main currency in major units');
  });
});
