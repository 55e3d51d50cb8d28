import { TallyApiError, type CustomerDetail, type QueryRequest, type QueryResponse } from '@tally/client-sdk';
import './customer-360.ts';
import type { Customer360 } from './customer-360.ts';
import { healthBand, relativeTime } from './customer-360-format.ts';
import type { WidgetClient } from './data/client-context.ts';
import type { TallyErrorDetail } from './events.ts';
import { afterEach, assert, assertEqual, assertMatch, cleanupFixtures, describe, fixture, it, shadowQuery, textOf } from './test-helpers.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A customer with every section filled; times relative to the real clock so relative times are stable. */
function sampleCustomer(id = 'cus_1', overrides: Partial<CustomerDetail> = {}): CustomerDetail {
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const ticket = (n: number, status: string, ago: number) => ({
    id: `t${n}`, source: 'zendesk', status, priority: 'high', channel: 'email', subject: `Ticket ${n}`,
    openedAt: iso(now - ago), firstResponseSeconds: 60, solvedAt: null, csat: null,
  });
  return {
    id, name: 'Company 3', email: 'ops@company3.example', profile: {}, plan: 'team',
    mrr: { amountMinor: 19900, currency: 'USD' }, billingStatus: 'active', owner: 'owner-1', stage: 'customer', crmHealth: 71,
    firstSeenAt: iso(now - 90 * DAY), lastSeenAt: iso(now - HOUR), subscriptions: [],
    health: {
      score: 82, openTickets: 1, updatedAt: iso(now - 60_000),
      parts: {
        usage: { score: 75, activeUsers14d: 3, previous14d: 3 }, billing: { score: 100, status: 'active' },
        support: { score: 80, openTickets: 1 }, crm: { score: 35 },
      },
    },
    usageTrend: Array.from({ length: 30 }, (_, i) => ({ day: iso(now - (29 - i) * DAY).slice(0, 10), activeUsers: (i * 7) % 5 })),
    featureAdoption: {
      activeUsers: 4,
      features: [
        { feature: 'reports', users: 3, adoption: 0.75 }, { feature: 'alerts', users: 2, adoption: 0.5 },
        { feature: 'export', users: 1, adoption: 0.25 }, { feature: 'api', users: 1, adoption: 0.25 },
        { feature: 'sso', users: 1, adoption: 0.25 }, { feature: 'audit', users: 1, adoption: 0.25 },
      ],
    },
    tickets: { open: [ticket(1, 'open', 2 * HOUR)], recent: [ticket(1, 'open', 2 * HOUR), ticket(2, 'solved', 3 * DAY)] },
    timeline: Array.from({ length: 12 }, (_, i) => ({
      id: `e${i}`, type: i === 0 ? 'billing.invoice_paid' : 'support.ticket_opened', source: i === 0 ? 'stripe' : 'zendesk',
      occurredAt: iso(now - (i === 0 ? 30 * 60_000 : 3 * DAY + i)), properties: {},
      ...(i === 0 ? { revenue: { amountMinor: 19900, currency: 'USD' } } : {}),
    })),
    ...overrides,
  };
}

interface Sub {
  query: QueryRequest;
  push: () => void;
  fail: (error: TallyApiError) => void;
}

/** A client serving `customers` by id (404 otherwise); `hold` keeps loads pending until the test releases them. */
function fakeClient(customers: Record<string, CustomerDetail>, options: { hold?: boolean; failWith?: TallyApiError } = {}) {
  const loads: string[] = [];
  const held: (() => void)[] = [];
  const subs: Sub[] = [];
  let hold = options.hold ?? false;
  let failWith = options.failWith;
  const client = {
    query: () => Promise.reject(new Error('unused')),
    subscribe: (query: QueryRequest, onResult: (r: QueryResponse) => void, opts?: { onError?: (e: TallyApiError) => void }) => {
      const empty: QueryResponse = { series: [], meta: { metric: query.metric, unit: 'users', from: '', to: '', granularity: 'day', timezone: 'UTC', sources: ['raw'], freshAt: null } };
      const sub: Sub = { query, push: () => onResult(empty), fail: (e) => opts?.onError?.(e) };
      subs.push(sub);
      return () => void subs.splice(subs.indexOf(sub), 1);
    },
    customer: (id: string, opts?: { signal?: AbortSignal }) =>
      new Promise<CustomerDetail>((resolve, reject) => {
        loads.push(id);
        opts?.signal?.addEventListener('abort', () => reject(opts.signal!.reason as unknown));
        const answer = () => {
          if (failWith) reject(failWith);
          else if (customers[id]) resolve(structuredClone(customers[id]));
          else reject(new TallyApiError('not_found', `id: no customer ${JSON.stringify(id)}`, { status: 404 }));
        };
        if (hold) held.push(answer);
        else answer();
      }),
    searchCustomers: () => Promise.reject(new Error('unused')),
    revenueMovements: () => Promise.reject(new Error('unused')),
  } satisfies WidgetClient;
  return {
    client, loads, subs, customers,
    release: () => held.splice(0).forEach((answer) => answer()),
    setHold: (value: boolean) => void (hold = value),
    setFail: (value: TallyApiError | undefined) => void (failWith = value),
  };
}

const settle = async (el: Customer360) => {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r));
    await el.updateComplete;
  }
};
const stateOf = (el: Customer360) => shadowQuery(el, '[part="base"]').dataset.state;

async function mount(markup: string, fake: ReturnType<typeof fakeClient>): Promise<Customer360> {
  const el = await fixture<Customer360>(markup, (e) => {
    e.client = fake.client;
  });
  await settle(el);
  return el;
}

describe('<customer-360>', () => {
  afterEach(cleanupFixtures);

  it('renders the customer: facts, health with its parts, usage, adoption, tickets and timeline', async () => {
    const fake = fakeClient({ cus_1: sampleCustomer() });
    const el = await mount('<customer-360 customer-id="cus_1" locale="en-US" timezone="UTC"></customer-360>', fake);
    assertEqual(stateOf(el), 'ready', 'state');
    assertEqual(textOf(shadowQuery(el, '[part="name"]')), 'Company 3', 'name');
    assertEqual(textOf(shadowQuery(el, '[part="mrr"]')), '$199.00', 'mrr');
    assertEqual(textOf(shadowQuery(el, '[part="badge"]')), 'Active', 'billing status');
    assertMatch(textOf(shadowQuery(el, '[part="facts"]')), /Plan team .*Owner owner-1 Stage Customer/, 'facts');
    assertMatch(textOf(shadowQuery(el, '[part="health-score"]')), /^82\/100 Healthy$/, 'score with band words');
    const meters = [...el.shadowRoot!.querySelectorAll('[role="meter"]')];
    assertEqual(meters.map((m) => m.getAttribute('aria-valuetext')), ['75 of 100, healthy', '100 of 100, healthy', '80 of 100, healthy', '35 of 100, critical'], 'meters');
    assert(meters[3]!.classList.contains('band-poor'), 'critical bar has the poor band class');
    assert(el.shadowRoot!.querySelector('[part="usage-chart"] svg path') !== null, 'usage sparkline');
    assertEqual(el.shadowRoot!.querySelectorAll('[part="table"] tbody tr').length, 30, 'usage table rows');
    const features = [...el.shadowRoot!.querySelectorAll('.feature')].map(textOf);
    assertEqual(features.length, 5, 'top five features');
    assertEqual(features[0], 'reports 75%', 'most adopted first');
    assertMatch(textOf(shadowQuery(el, '#h-tickets')), /Open tickets \(1\)/, 'open ticket count');
    assertMatch(textOf(shadowQuery(el, '.tickets')), /Ticket 1 High · zendesk · Open · 2 hours ago/, 'open ticket');
    const events = [...el.shadowRoot!.querySelectorAll('.event')];
    assertEqual(events.length, 8, 'timeline shows eight');
    assertMatch(textOf(events[0]), /^Invoice paid \$199\.00 stripe · 30 minutes ago$/, 'newest event');
    assertMatch(textOf(events[1]), /3 days ago$/, 'older event');
    assertEqual(events[0]!.querySelector('time')?.getAttribute('datetime'), fake.customers.cus_1!.timeline[0]!.occurredAt, 'time datetime');
    shadowQuery(el, '[part="show-all"]').click();
    await el.updateComplete;
    assertEqual(el.shadowRoot!.querySelectorAll('.event').length, 12, 'show all');
  });

  it('fits a 320-px sidebar without horizontal overflow', async () => {
    const long = 'Averyveryverylongcompanynamewithoutanyspacesatallthatmustwrap'.repeat(2);
    const customer = sampleCustomer('cus_1', { name: long, owner: 'owner-with-a-very-long-handle@example.com' });
    customer.tickets.open[0]!.subject = long;
    const fake = fakeClient({ cus_1: customer });
    const el = await mount('<customer-360 customer-id="cus_1" style="width: 320px"></customer-360>', fake);
    const base = shadowQuery(el, '[part="base"]');
    assertEqual(el.getBoundingClientRect().width, 320, 'host width');
    assert(base.scrollWidth <= base.clientWidth, `no overflow: scrollWidth ${base.scrollWidth} > clientWidth ${base.clientWidth}`);
    for (const node of base.querySelectorAll<HTMLElement>('*')) {
      if (node.closest('.visually-hidden')) continue;
      const right = node.getBoundingClientRect().right;
      assert(right <= el.getBoundingClientRect().right + 0.5, `<${node.localName} class="${node.className}"> overflows: right ${right}`);
    }
  });

  it('reflects attributes: another customer, locale and theme', async () => {
    const fake = fakeClient({ cus_1: sampleCustomer(), cus_2: sampleCustomer('cus_2', { name: 'Other', mrr: { amountMinor: 4990000, currency: 'EUR' } }) });
    const el = await mount('<customer-360 customer-id="cus_1" locale="en-US"></customer-360>', fake);
    el.setAttribute('customer-id', 'cus_2');
    el.setAttribute('locale', 'de-DE');
    await settle(el);
    assertEqual(fake.loads, ['cus_1', 'cus_2'], 'loads');
    assertEqual(textOf(shadowQuery(el, '[part="name"]')), 'Other', 'name');
    assertEqual(textOf(shadowQuery(el, '[part="mrr"]')), '49.900 €', 'mrr in de-DE');
    el.theme = 'dark';
    await el.updateComplete;
    assertEqual(el.getAttribute('theme'), 'dark', 'theme reflects');
    const background = getComputedStyle(shadowQuery(el, '[part="base"]')).backgroundColor;
    assertEqual(background, 'rgb(13, 17, 23)', 'dark background');
  });

  it('shows loading while the customer loads, and not the previous customer', async () => {
    const fake = fakeClient({ cus_1: sampleCustomer(), cus_2: sampleCustomer('cus_2') }, { hold: true });
    const el = await mount('<customer-360 customer-id="cus_1"></customer-360>', fake);
    assertEqual(stateOf(el), 'loading', 'state');
    assertEqual(shadowQuery(el, '[part="base"]').getAttribute('aria-busy'), 'true', 'aria-busy');
    fake.release();
    await settle(el);
    assertEqual(stateOf(el), 'ready', 'loaded');
    el.customerId = 'cus_2';
    await settle(el);
    assertEqual(stateOf(el), 'loading', 'another customer loads from scratch');
  });

  it('shows empty states: no id, no client, and an unknown customer (404)', async () => {
    const fake = fakeClient({});
    const none = await mount('<customer-360></customer-360>', fake);
    assertEqual(stateOf(none), 'empty', 'no id');
    assertEqual(textOf(shadowQuery(none, '[part="message"]')), 'No customer selected.', 'no id message');
    const missing = await mount('<customer-360 customer-id="nope"></customer-360>', fake);
    assertEqual(stateOf(missing), 'empty', '404 is empty');
    assertEqual(textOf(shadowQuery(missing, '[part="message"]')), 'No customer “nope”.', '404 message');
    const detached = await fixture<Customer360>('<customer-360 customer-id="cus_1"></customer-360>');
    assertMatch(textOf(shadowQuery(detached, '[part="message"]')), /^Not connected/, 'no client');
  });

  it('shows the API error with a Retry button that loads again', async () => {
    const fake = fakeClient({ cus_1: sampleCustomer() }, { failWith: new TallyApiError('forbidden', 'metric: this token may not read health_score_distribution', { status: 403 }) });
    const el = await mount('<customer-360 customer-id="cus_1"></customer-360>', fake);
    assertEqual(stateOf(el), 'error', 'state');
    const alert = shadowQuery(el, '[role="alert"]');
    assertMatch(textOf(alert), /this token may not read health_score_distribution Retry$/, 'message');
    fake.setFail(undefined);
    shadowQuery<HTMLButtonElement>(el, 'button[part="retry"]').click();
    await settle(el);
    assertEqual(stateOf(el), 'ready', 'after retry');
    assertEqual(fake.loads.length, 2, 'loaded twice');
  });

  it('names a bad attribute and fires tally-error instead of loading', async () => {
    const details: TallyErrorDetail[] = [];
    const fake = fakeClient({ cus_1: sampleCustomer() });
    const el = await fixture<Customer360>('<customer-360 customer-id="cus_1" timezone="Mars/Olympus"></customer-360>', (e) => {
      e.client = fake.client;
      e.addEventListener('tally-error', (ev) => details.push(ev.detail));
    });
    await settle(el);
    assertEqual(stateOf(el), 'error', 'state');
    assertMatch(textOf(shadowQuery(el, '[part="message"]')), /^invalid timezone: "Mars\/Olympus"/, 'message');
    assert(el.shadowRoot!.querySelector('[part="retry"]') === null, 'no retry for a bad attribute');
    assertEqual(fake.loads, [], 'nothing loaded');
    el.setAttribute('timezone', 'Europe/Paris');
    el.setAttribute('theme', 'sepia');
    await settle(el);
    assertEqual(details.map((d) => d.attribute), ['timezone', 'theme'], 'reported attributes');
    el.removeAttribute('theme');
    await settle(el);
    assertEqual(stateOf(el), 'ready', 'recovers');
  });

  it('exposes a named region, headings, named meters, a captioned table and a real button', async () => {
    const fake = fakeClient({ cus_1: sampleCustomer() });
    const el = await mount('<customer-360 customer-id="cus_1"></customer-360>', fake);
    const base = shadowQuery(el, '[part="base"]');
    assertEqual(base.localName, 'section', 'a section (region) …');
    assertEqual(base.getAttribute('aria-label'), 'Customer 360: Company 3', '… with a name');
    assertEqual([...el.shadowRoot!.querySelectorAll('h3')].map(textOf), ['Health', 'Usage, 30 days', 'Feature adoption', 'Open tickets (1)', 'Timeline'], 'section headings');
    for (const meter of el.shadowRoot!.querySelectorAll('[role="meter"]')) {
      const label = el.shadowRoot!.getElementById(meter.getAttribute('aria-labelledby')!);
      assert(label !== null && textOf(label) !== '', 'each meter is labelled');
    }
    assertEqual(textOf(shadowQuery(el, '[part="table"] caption')), 'Active users per day', 'table caption');
    assertEqual(shadowQuery(el, '[part="show-all"]').localName, 'button', 'show all is a button');
  });

  it('live: subscribes to the customer’s activity and reloads on each push', async () => {
    const fake = fakeClient({ cus_1: sampleCustomer() });
    const el = await mount('<customer-360 customer-id="cus_1" locale="en-US" live></customer-360>', fake);
    assertEqual(fake.subs.map((s) => s.query), [{ metric: 'dau', range: '1d', granularity: 'day', filters: { customer: ['cus_1'] } }], 'trigger');
    assertEqual(textOf(shadowQuery(el, '[part="mrr"]')), '$199.00', 'first value');
    fake.customers.cus_1!.mrr = { amountMinor: 29900, currency: 'USD' };
    fake.subs[0]!.push();
    await settle(el);
    assertEqual(textOf(shadowQuery(el, '[part="mrr"]')), '$299.00', 'pushed change');
    fake.subs[0]!.fail(new TallyApiError('forbidden', 'metric: this token may not read dau', { status: 403 }));
    await settle(el);
    assertMatch(textOf(shadowQuery(el, '.live-note')), /^Not live: metric: this token may not read dau$/, 'trigger refused');
    el.live = false;
    await settle(el);
    assertEqual(fake.subs.length, 0, 'unsubscribed');
  });

  it('coalesces pushes that arrive while a load is in flight into one more load', async () => {
    const fake = fakeClient({ cus_1: sampleCustomer() }, { hold: true });
    const el = await mount('<customer-360 customer-id="cus_1" live></customer-360>', fake);
    fake.subs[0]!.push();
    fake.subs[0]!.push();
    fake.release();
    await settle(el);
    fake.release();
    await settle(el);
    assertEqual(fake.loads.length, 2, 'initial load plus one for both pushes');
    assertEqual(stateOf(el), 'ready', 'state');
  });
});

describe('customer-360 formatting', () => {
  it('counts relative days in the reader’s time zone', () => {
    const now = Date.parse('2026-11-20T00:30:00Z');
    assertEqual(relativeTime('2026-11-19T23:30:00Z', now, 'en', 'UTC'), 'yesterday', 'UTC');
    assertEqual(relativeTime('2026-11-19T23:30:00Z', now, 'en', 'America/New_York'), '1 hour ago', 'New York');
    assertEqual(relativeTime('2026-11-19T23:30:00Z', now, 'fr', 'UTC'), 'hier', 'French');
    assertEqual(relativeTime('2026-10-01T00:00:00Z', now, 'en', 'UTC'), 'last month', 'a month');
  });

  it('bands scores with words', () => {
    assertEqual([95, 70, 69, 40, 39].map((s) => healthBand(s).label), ['Healthy', 'Healthy', 'At risk', 'At risk', 'Critical']);
  });
});
