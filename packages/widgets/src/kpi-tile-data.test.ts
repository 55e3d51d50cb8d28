import './kpi-tile.ts';
import type { KpiTile } from './kpi-tile.ts';
import { kpiFigures } from './kpi-tile-data.ts';
import { answer, fakeClient, settle } from './metric-chart-test-client.ts';
import { sparklineGeometry } from './sparkline.ts';
import { afterEach, assert, assertEqual, assertMatch, cleanupFixtures, describe, fixture, it, shadowQuery, textOf } from './test-helpers.ts';

const stateOf = (el: KpiTile): string | undefined => shadowQuery(el, '[part="base"]').dataset.state;
const text = (el: KpiTile, part: string): string => textOf(shadowQuery(el, `[part="${part}"]`));

async function tile(markup: string, fake = fakeClient()) {
  const el = await fixture<KpiTile>(markup, (t) => {
    t.client = fake.client;
  });
  await settle(el);
  return { el, fake };
}

const mrr = answer({ metric: 'mrr', unit: 'money', values: [1_800_000, 1_843_700], totals: [1_843_700], previous: [1_700_000, 1_760_000], previousTotals: [1_760_000] });

describe('<kpi-tile> bound to a metric', () => {
  afterEach(cleanupFixtures);

  it('shows the total in the unit, the change against the previous period, and the sparkline', async () => {
    const { el, fake } = await tile('<kpi-tile metric="mrr" range="90d" unit="USD" locale="en-US"></kpi-tile>');
    assertEqual(fake.queries.map((q) => q.request), [{ metric: 'mrr', range: '90d', compare: 'previous_period' }], 'compare by default');
    assertEqual(stateOf(el), 'loading', 'loading');
    assertEqual(shadowQuery(el, '[part="base"]').getAttribute('aria-busy'), 'true', 'busy');
    fake.queries[0]!.resolve(mrr);
    await settle(el);
    assertEqual(stateOf(el), 'ready', 'ready');
    assertEqual(text(el, 'label'), 'MRR', 'label from the metric');
    assertEqual(shadowQuery(el, '[part="base"]').getAttribute('aria-label'), 'MRR', 'accessible name');
    assertEqual(text(el, 'value'), '$18,437', 'total in major units');
    assertEqual(text(el, 'delta'), '▲ 4.8%', 'delta');
    assertEqual(shadowQuery(el, '[part="delta"]').getAttribute('aria-label'), 'up 4.8%', 'spoken delta');
    const path = shadowQuery(el, '[part="sparkline"] path').getAttribute('d');
    assertEqual(path, sparklineGeometry([18_000, 18_437])?.path, 'sparkline of the points');
  });

  it('takes the unit from meta.unit, and compare="none" drops the delta', async () => {
    const { el, fake } = await tile('<kpi-tile metric="csat" compare="none" locale="en-US"></kpi-tile>');
    assertEqual(fake.queries[0]!.request, { metric: 'csat', range: '30d' }, 'no compare');
    fake.queries[0]!.resolve(answer({ metric: 'csat', unit: 'ratio', values: [0.8, 0.9], totals: [0.85] }));
    await settle(el);
    assertEqual(text(el, 'value'), '85%', 'ratio as percent');
    assert(el.shadowRoot?.querySelector('[part="delta"]') === null, 'no delta');
  });

  it('shows an error with Retry, empty when there is no total, and not connected without a client', async () => {
    const { el, fake } = await tile('<kpi-tile metric="signups"></kpi-tile>');
    fake.queries[0]!.reject(Object.assign(new Error('Token expired'), { code: 'unauthorized' }));
    await settle(el);
    assertEqual(stateOf(el), 'error', 'error');
    assertMatch(text(el, 'message'), /^Token expired\s?Retry$/);
    shadowQuery<HTMLButtonElement>(el, '[part="retry"]').click();
    await settle(el);
    fake.queries[1]!.resolve(answer({ values: [], totals: [null] }));
    await settle(el);
    assertEqual(stateOf(el), 'empty', 'empty');
    const lonely = await fixture<KpiTile>('<kpi-tile metric="signups"></kpi-tile>');
    assertEqual(text(lonely, 'message'), 'Not connected', 'no client');
  });

  it('names a bad range and fires tally-error instead of querying', async () => {
    const events: string[] = [];
    const fake = fakeClient();
    const el = await fixture<KpiTile>('<kpi-tile metric="signups" range="forever"></kpi-tile>', (t) => {
      t.client = fake.client;
      t.addEventListener('tally-error', (e) => events.push(e.detail.attribute));
    });
    await settle(el);
    assertEqual(stateOf(el), 'error', 'error');
    assertMatch(text(el, 'message'), /^invalid range: "forever"/);
    assertEqual(events, ['range'], 'reported');
    assertEqual(fake.queries.length, 0, 'no query');
  });

  it('updates live, with a live indicator', async () => {
    const { el, fake } = await tile('<kpi-tile metric="signups" live locale="en-US" timezone="UTC"></kpi-tile>');
    assertEqual(fake.subscriptions.length, 1, 'subscribed');
    fake.subscriptions[0]!.push(answer({ values: [10, 20], previous: [10, 10] }));
    await settle(el);
    assertEqual(text(el, 'value'), '30', 'first value');
    assertMatch(text(el, 'live'), /^Live, updated 12:00:05\sPM$/, 'live with freshness for screen readers');
    fake.subscriptions[0]!.push(answer({ values: [10, 32], previous: [10, 10] }));
    await settle(el);
    assertEqual(text(el, 'value'), '42', 'pushed value');
    assertEqual(text(el, 'delta'), '▲ 110%', 'pushed delta');
  });

  it('reflects theme="dark" and switches the tokens', async () => {
    const el = await fixture<KpiTile>('<kpi-tile value="5" theme="dark"></kpi-tile>');
    const background = getComputedStyle(shadowQuery(el, '[part="base"]')).backgroundColor;
    assertEqual(background, 'rgb(13, 17, 23)', 'dark background');
    el.theme = 'light';
    await el.updateComplete;
    assertEqual(getComputedStyle(shadowQuery(el, '[part="base"]')).backgroundColor, 'rgb(255, 255, 255)', 'light background');
    el.style.setProperty('--tally-color-background', 'rgb(1, 2, 3)');
    assertEqual(getComputedStyle(shadowQuery(el, '[part="base"]')).backgroundColor, 'rgb(1, 2, 3)', 'a host value wins');
  });
});

describe('kpiFigures', () => {
  it('uses the server total (last value for stocks), the previous total and the points', () => {
    assertEqual(kpiFigures(mrr, 'EUR'), { value: 18_437, delta: (1_843_700 - 1_760_000) / 1_760_000, series: [18_000, 18_437], unit: 'EUR' });
    assertEqual(kpiFigures(mrr, undefined).unit, '', 'money without a currency is a plain number');
    const seconds = kpiFigures(answer({ unit: 'seconds', values: [3600, 10800], totals: [7200] }), undefined);
    assertEqual([seconds.value, seconds.unit], [2, 'hour'], 'seconds in hours');
    assertEqual(kpiFigures(answer({ values: [1], totals: [5], previous: [0], previousTotals: [0] }), undefined).delta, undefined, 'no change from 0');
  });
});
