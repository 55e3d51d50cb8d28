import { TallyApiError, type QueryRequest, type QueryResponse, type RevenueMovementPeriod, type RevenueMovementsRequest, type RevenueMovementsResponse } from '@tally/client-sdk';
import type { WidgetClient } from '../data/client-context.ts';
import type { TallyErrorDetail } from '../events.ts';
import { afterEach, assert, assertEqual, assertMatch, cleanupFixtures, describe, fixture, it, shadowQuery, textOf } from '../test-helpers.ts';
import './mrr-waterfall.ts';
import type { MrrWaterfall } from './mrr-waterfall.ts';

const period = (start: number, moves: Partial<RevenueMovementPeriod> = {}): RevenueMovementPeriod => {
  const p = { start: '2025-12-01T00:00:00.000Z', startingMrrMinor: start, newMinor: 2_000_000, expansionMinor: 500_000, reactivatedMinor: 100_000, contractionMinor: -300_000, churnedMinor: -800_000, ...moves };
  const net = p.newMinor + p.expansionMinor + p.reactivatedMinor + p.contractionMinor + p.churnedMinor;
  return { ...p, netChangeMinor: net, endingMrrMinor: p.startingMrrMinor + net };
};

const answer = (totals: RevenueMovementPeriod, currency: string | null = 'USD', currencies = currency ? [currency] : []): RevenueMovementsResponse => ({
  currency,
  currencies,
  periods: [totals],
  totals,
  meta: { from: '2025-12-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', granularity: 'month', timezone: 'UTC', sources: ['rollup'] },
});

function fakeClient(respond: (r: RevenueMovementsRequest) => RevenueMovementsResponse | Error) {
  const requests: RevenueMovementsRequest[] = [];
  const held: (() => void)[] = [];
  const triggers: { query: QueryRequest; push: () => void }[] = [];
  let hold = false;
  const client = {
    query: () => Promise.reject(new Error('unused')),
    subscribe: (query: QueryRequest, onResult: (r: QueryResponse) => void) => {
      const t = { query, push: () => onResult({ series: [], meta: { metric: query.metric, unit: 'money', from: '', to: '', granularity: 'day', timezone: 'UTC', sources: ['rollup'], freshAt: null } }) };
      triggers.push(t);
      return () => void triggers.splice(triggers.indexOf(t), 1);
    },
    customer: () => Promise.reject(new Error('unused')),
    searchCustomers: () => Promise.reject(new Error('unused')),
    revenueMovements: (request: RevenueMovementsRequest = {}) =>
      new Promise<RevenueMovementsResponse>((resolve, reject) => {
        requests.push(request);
        const go = () => {
          const out = respond(request);
          if (out instanceof Error) reject(out);
          else resolve(out);
        };
        if (hold) held.push(go);
        else go();
      }),
  } satisfies WidgetClient;
  return { client, requests, triggers, hold: (v: boolean) => void (hold = v), release: () => held.splice(0).forEach((go) => go()) };
}

const settle = async (el: MrrWaterfall) => {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => requestAnimationFrame(r));
    await el.updateComplete;
  }
};
const stateOf = (el: MrrWaterfall) => shadowQuery(el, '[part="base"]').dataset.state;

async function mount(markup: string, fake: ReturnType<typeof fakeClient>) {
  const el = await fixture<MrrWaterfall>(markup, (e) => (e.client = fake.client));
  await settle(el);
  return el;
}

describe('<mrr-waterfall>', () => {
  afterEach(cleanupFixtures);

  it('draws the movements from starting to ending MRR with signed labels and a table of the same numbers', async () => {
    const fake = fakeClient(() => answer(period(10_000_000)));
    const el = await mount('<mrr-waterfall locale="en-US" style="width: 640px"></mrr-waterfall>', fake);
    assertEqual(fake.requests, [{ range: '12mo', granularity: 'month', timezone: undefined, currency: undefined }], 'request');
    assertEqual(stateOf(el), 'ready', 'state');
    const svg = shadowQuery(el, '[part="chart"] svg');
    assert(svg.classList.contains('vertical'), 'columns when wide');
    assertEqual([...svg.querySelectorAll('text.category')].map((t) => t.textContent), ['Starting MRR', 'New', 'Expansion', 'Reactivated', 'Contraction', 'Churned', 'Ending MRR'], 'steps');
    assertEqual([...svg.querySelectorAll('text.value')].map((t) => t.textContent), ['$100K', '+$20K', '+$5K', '+$1K', '−$3K', '−$8K', '$115K'], 'labels');
    assertMatch(textOf(shadowQuery(el, '[part="summary"]')), /^\$115K \+\$15K \(▲ 15%\)$/, 'summary');
    assertMatch(textOf(shadowQuery(el, '.sub')), /^Dec 2025 – Nov 2026$/, 'span');
    const rows = [...el.shadowRoot!.querySelectorAll('[part="table"] tbody tr')].map(textOf);
    assertEqual(rows[1], 'New +$20,000.00 $120,000.00', 'table row');
    assertEqual(rows[6], 'Ending MRR $115,000.00', 'table total row');
    const bars = [...svg.querySelectorAll('rect.bar')];
    assertEqual(getComputedStyle(bars[1]!).fill, 'rgb(26, 127, 55)', 'up bars use --tally-color-up');
    assertEqual(getComputedStyle(bars[5]!).fill, 'rgb(207, 34, 46)', 'down bars use --tally-color-down');
  });

  it('turns into rows in a narrow container and fits it', async () => {
    const fake = fakeClient(() => answer(period(10_000_000)));
    const el = await mount('<mrr-waterfall locale="en-US" style="width: 320px"></mrr-waterfall>', fake);
    const svg = shadowQuery(el, '[part="chart"] svg');
    assert(svg.classList.contains('horizontal'), 'rows when narrow');
    const base = shadowQuery(el, '[part="base"]');
    assert(base.scrollWidth <= base.clientWidth, `no overflow: ${base.scrollWidth} > ${base.clientWidth}`);
  });

  it('reflects attributes: range, granularity, timezone, currency; a currency picker with several', async () => {
    const fake = fakeClient((r) => answer(period(500_000), r.currency ?? 'USD', ['USD', 'EUR']));
    const el = await mount('<mrr-waterfall range="90d" granularity="week" timezone="Europe/Paris" locale="en-US"></mrr-waterfall>', fake);
    assertEqual(fake.requests[0], { range: '90d', granularity: 'week', timezone: 'Europe/Paris', currency: undefined }, 'first request');
    const select = shadowQuery<HTMLSelectElement>(el, 'select[part="currency"]');
    assertEqual([...select.options].map((o) => o.value), ['USD', 'EUR'], 'currencies');
    select.value = 'EUR';
    select.dispatchEvent(new Event('change'));
    await settle(el);
    assertEqual(fake.requests[1]?.currency, 'EUR', 'asked in EUR');
    assertMatch(textOf(shadowQuery(el, '[part="summary"]')), /^€/, 'formatted in EUR');
    el.setAttribute('label', 'Revenue bridge');
    el.setAttribute('theme', 'dark');
    await el.updateComplete;
    assertEqual(textOf(shadowQuery(el, '[part="title"]')), 'Revenue bridge', 'label');
    assertEqual(getComputedStyle(shadowQuery(el, '[part="base"]')).backgroundColor, 'rgb(13, 17, 23)', 'dark');
  });

  it('shows loading, empty (no MRR) and the API error with Retry', async () => {
    let fail = true;
    const fake = fakeClient(() => (fail ? new TallyApiError('forbidden', 'metric: this token may not read mrr_movements', { status: 403 }) : answer(period(0, { newMinor: 0, expansionMinor: 0, reactivatedMinor: 0, contractionMinor: 0, churnedMinor: 0 }), null)));
    fake.hold(true);
    const el = await mount('<mrr-waterfall></mrr-waterfall>', fake);
    assertEqual(stateOf(el), 'loading', 'loading');
    assertEqual(shadowQuery(el, '[part="base"]').getAttribute('aria-busy'), 'true', 'busy');
    fake.hold(false);
    fake.release();
    await settle(el);
    assertEqual(stateOf(el), 'error', 'error');
    assertMatch(textOf(shadowQuery(el, '[role="alert"]')), /may not read mrr_movements Retry$/, 'message');
    fail = false;
    shadowQuery(el, '[part="retry"]').click();
    await settle(el);
    assertEqual(stateOf(el), 'empty', 'empty');
    assertEqual(textOf(shadowQuery(el, '[part="message"]')), 'No MRR in this range yet.', 'empty message');
  });

  it('names a bad attribute and fires tally-error', async () => {
    const details: TallyErrorDetail[] = [];
    const fake = fakeClient(() => answer(period(1)));
    const el = await fixture<MrrWaterfall>('<mrr-waterfall range="forever"></mrr-waterfall>', (e) => {
      e.client = fake.client;
      e.addEventListener('tally-error', (ev) => details.push(ev.detail));
    });
    await settle(el);
    assertEqual(stateOf(el), 'error', 'state');
    assertMatch(textOf(shadowQuery(el, '[part="message"]')), /^invalid range: "forever"/, 'message');
    el.setAttribute('range', '12mo');
    el.setAttribute('granularity', 'fortnight');
    await settle(el);
    el.setAttribute('granularity', 'month');
    el.setAttribute('currency', 'usd');
    await settle(el);
    assertEqual(details.map((d) => d.attribute), ['range', 'granularity', 'currency'], 'reported');
    assertEqual(fake.requests.length, 0, 'nothing loaded while invalid');
  });

  it('is a figure named by its title, with an accessible chart, a toggle button and a table', async () => {
    const fake = fakeClient(() => answer(period(10_000_000)));
    const el = await mount('<mrr-waterfall locale="en-US"></mrr-waterfall>', fake);
    const base = shadowQuery(el, '[part="base"]');
    assertEqual(base.localName, 'figure', 'figure');
    assertEqual(el.shadowRoot!.getElementById(base.getAttribute('aria-labelledby')!)?.textContent, 'MRR movements', 'named by title');
    assertMatch(shadowQuery(el, '[part="chart"] svg').getAttribute('aria-label'), /^MRR from \$100,000\.00 to \$115,000\.00: new \+\$20,000\.00, /, 'chart label');
    const toggle = shadowQuery<HTMLButtonElement>(el, '[part="table-toggle"]');
    const table = shadowQuery(el, '[part="table"]');
    assertEqual(toggle.getAttribute('aria-pressed'), 'false', 'not pressed');
    assert(table.classList.contains('visually-hidden'), 'table for screen readers only');
    toggle.click();
    await el.updateComplete;
    assertEqual(toggle.getAttribute('aria-pressed'), 'true', 'pressed');
    assert(!table.classList.contains('visually-hidden'), 'table shown');
    assert(shadowQuery(el, '[part="chart"]').hidden, 'chart hidden');
  });
  it('live: reloads the movements whenever today’s MRR is pushed', async () => {
    let start = 10_000_000;
    const fake = fakeClient(() => answer(period(start)));
    const el = await mount('<mrr-waterfall live locale="en-US" currency="USD"></mrr-waterfall>', fake);
    assertEqual(fake.triggers.map((t) => t.query), [{ metric: 'mrr', range: '1d', granularity: 'day', filters: { currency: ['USD'] } }], 'trigger');
    assertMatch(textOf(shadowQuery(el, '.figure-value')), /^\$115K$/, 'first load');
    start = 20_000_000;
    fake.triggers[0]!.push();
    await settle(el);
    assertMatch(textOf(shadowQuery(el, '.figure-value')), /^\$215K$/, 'reloaded on push');
    assertEqual(fake.requests.length, 2, 'two loads');
  });
});
