import { TallyApiError, type CustomerSearchRequest, type CustomerSearchResult, type CustomerSummary, type QueryRequest, type QueryResponse } from '@tally/client-sdk';
import type { WidgetClient } from '../data/client-context.ts';
import type { TallyErrorDetail } from '../events.ts';
import { afterEach, assert, assertEqual, assertMatch, cleanupFixtures, describe, fixture, it, shadowQuery, textOf } from '../test-helpers.ts';
import './top-customers.ts';
import type { TopCustomers } from './top-customers.ts';
import { sendKeys } from '@web/test-runner-commands';

const summary = (i: number): CustomerSummary => ({
  id: `cus_${i}`, name: i === 3 ? null : `Company ${i}`, plan: i % 2 ? 'business' : 'team',
  mrr: { amountMinor: 1_000_000 - i * 10_000, currency: 'USD' }, billingStatus: 'active', owner: null,
  healthScore: i === 2 ? null : [90, 55, 20][i % 3]!, lastSeenAt: '2026-11-20T08:00:00.000Z',
});

function fakeClient(items: CustomerSummary[], options: { hold?: boolean } = {}) {
  const requests: CustomerSearchRequest[] = [];
  const held: (() => void)[] = [];
  let failWith: Error | undefined;
  const triggers: { query: QueryRequest; push: () => void; fail: (e: TallyApiError) => void }[] = [];
  const client = {
    query: () => Promise.reject(new Error('unused')),
    subscribe: (query: QueryRequest, onResult: (r: QueryResponse) => void, opts?: { onError?: (e: TallyApiError) => void }) => {
      const t = {
        query,
        push: () => onResult({ series: [], meta: { metric: query.metric, unit: 'money', from: '', to: '', granularity: 'day', timezone: 'UTC', sources: ['rollup'], freshAt: null } }),
        fail: (e: TallyApiError) => opts?.onError?.(e),
      };
      triggers.push(t);
      return () => void triggers.splice(triggers.indexOf(t), 1);
    },
    customer: () => Promise.reject(new Error('unused')),
    revenueMovements: () => Promise.reject(new Error('unused')),
    searchCustomers: (search: CustomerSearchRequest) =>
      new Promise<CustomerSearchResult>((resolve, reject) => {
        requests.push(search);
        const go = () => (failWith ? reject(failWith) : resolve({ items: items.slice(0, search.limit), nextCursor: null }));
        if (options.hold) held.push(go);
        else go();
      }),
  } satisfies WidgetClient;
  return { client, requests, triggers, items, release: () => held.splice(0).forEach((go) => go()), fail: (e: Error | undefined) => void (failWith = e) };
}

const settle = async (el: TopCustomers) => {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r));
    await el.updateComplete;
  }
};
const stateOf = (el: TopCustomers) => shadowQuery(el, '[part="base"]').dataset.state;
const many = Array.from({ length: 12 }, (_, i) => summary(i + 1));

async function mount(markup: string, fake: ReturnType<typeof fakeClient>) {
  const el = await fixture<TopCustomers>(markup, (e) => (e.client = fake.client));
  await settle(el);
  return el;
}

describe('<top-customers>', () => {
  afterEach(cleanupFixtures);

  it('lists the top ten customers by MRR with an empty search, with health in words', async () => {
    const fake = fakeClient(many);
    const el = await mount('<top-customers locale="en-US"></top-customers>', fake);
    assertEqual(fake.requests, [{ q: '', limit: 10 }], 'request');
    assertEqual(stateOf(el), 'ready', 'state');
    const rows = [...el.shadowRoot!.querySelectorAll('tbody tr')];
    assertEqual(rows.length, 10, 'rows');
    assertEqual(textOf(rows[0]), '1 Company 1 business $9,900 55 At risk', 'first row');
    assertEqual(textOf(rows[1]), '2 Company 2 team $9,800 —', 'no health score');
    assertEqual(textOf(rows[2]!.querySelector('.name')), 'cus_3', 'id when nameless');
    assert(rows[0]!.querySelector('td:last-child')!.classList.contains('band-fair'), 'band class');
  });

  it('fires tally-select-customer on a row click and on Enter, and links nowhere', async () => {
    const el = await mount('<top-customers limit="3"></top-customers>', fakeClient(many));
    const chosen: string[] = [];
    document.addEventListener('tally-select-customer', (e) => chosen.push(e.detail.id), { once: true });
    shadowQuery(el, 'tbody tr:nth-child(2) td.plan').click();
    assertEqual(chosen, ['cus_2'], 'a click anywhere on the row, heard on document');
    el.addEventListener('tally-select-customer', (e) => chosen.push(e.detail.id));
    const button = shadowQuery<HTMLButtonElement>(el, 'tbody tr:nth-child(3) [part="customer"]');
    button.focus();
    assertEqual(el.shadowRoot!.activeElement, button, 'the name is focusable');
    await sendKeys({ press: 'Enter' });
    assertEqual(chosen, ['cus_2', 'cus_3'], 'Enter on the name');
    assert(el.shadowRoot!.querySelector('a') === null, 'no links');
  });

  it('reflects limit and locale, and hides the plan column when narrow', async () => {
    const fake = fakeClient(many);
    const el = await mount('<top-customers limit="5" locale="en-US" style="width: 320px"></top-customers>', fake);
    assertEqual(el.shadowRoot!.querySelectorAll('tbody tr').length, 5, 'five rows');
    assertEqual(getComputedStyle(shadowQuery(el, 'td.plan')).display, 'none', 'plan hidden at 320 px');
    const base = shadowQuery(el, '[part="base"]');
    assert(base.scrollWidth <= base.clientWidth, 'fits');
    el.setAttribute('limit', '2');
    el.setAttribute('locale', 'de-DE');
    await settle(el);
    assertEqual(fake.requests.at(-1), { q: '', limit: 2 }, 'new request');
    assertEqual(textOf(el.shadowRoot!.querySelector('tbody tr td:nth-child(4)')), '9.900 $', 'German format');
  });

  it('shows loading, empty and the API error with Retry', async () => {
    const slow = fakeClient(many, { hold: true });
    const loading = await mount('<top-customers></top-customers>', slow);
    assertEqual(stateOf(loading), 'loading', 'loading');
    const empty = await mount('<top-customers></top-customers>', fakeClient([]));
    assertEqual(textOf(shadowQuery(empty, '[part="message"]')), 'No customers yet.', 'empty');
    const failing = fakeClient(many);
    failing.fail(new TallyApiError('forbidden', 'metric: this token may not read health_score_distribution', { status: 403 }));
    const el = await mount('<top-customers></top-customers>', failing);
    assertMatch(textOf(shadowQuery(el, '[role="alert"]')), /may not read health_score_distribution Retry$/, 'error');
    failing.fail(undefined);
    shadowQuery(el, '[part="retry"]').click();
    await settle(el);
    assertEqual(stateOf(el), 'ready', 'after retry');
  });

  it('names a bad limit and fires tally-error', async () => {
    const details: TallyErrorDetail[] = [];
    const fake = fakeClient(many);
    const el = await fixture<TopCustomers>('<top-customers limit="500"></top-customers>', (e) => {
      e.client = fake.client;
      e.addEventListener('tally-error', (ev) => details.push(ev.detail));
    });
    await settle(el);
    assertEqual(stateOf(el), 'error', 'state');
    assertEqual(details, [{ code: 'invalid_attribute', attribute: 'limit', message: 'invalid limit: expected an integer from 1 to 100, got "500"' }], 'event');
    assertEqual(fake.requests.length, 0, 'no request');
  });

  it('is a table with column headers inside a figure named by its title', async () => {
    const el = await mount('<top-customers label="Biggest accounts"></top-customers>', fakeClient(many));
    const base = shadowQuery(el, '[part="base"]');
    assertEqual(el.shadowRoot!.getElementById(base.getAttribute('aria-labelledby')!)?.textContent, 'Biggest accounts', 'name');
    assertEqual([...el.shadowRoot!.querySelectorAll('thead th')].map(textOf), ['Rank#', 'Customer', 'Plan', 'MRR', 'Health'], 'headers');
    assertEqual(el.shadowRoot!.querySelectorAll('tbody button').length, 10, 'a button per customer');
  });
  it('live: searches again when MRR is pushed, and says so when the trigger is refused', async () => {
    const list = many.slice(0, 3);
    const fake = fakeClient(list);
    const el = await mount('<top-customers live limit="3"></top-customers>', fake);
    assertEqual(fake.triggers.map((t) => t.query.metric), ['mrr'], 'trigger');
    assertEqual(textOf(shadowQuery(el, 'tbody tr .name')), 'Company 1', 'first');
    list.unshift(summary(99));
    fake.triggers[0]!.push();
    await settle(el);
    assertEqual(textOf(shadowQuery(el, 'tbody tr .name')), 'Company 99', 'a new top customer after the push');
    fake.triggers[0]!.fail(new TallyApiError('forbidden', 'metric: this token may not read mrr', { status: 403 }));
    await settle(el);
    assertEqual(textOf(shadowQuery(el, '[role="status"]')), 'Not live: metric: this token may not read mrr', 'not live');
  });
});
