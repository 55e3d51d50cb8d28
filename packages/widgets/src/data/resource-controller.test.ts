import type { QueryResponse } from '@tally/client-sdk';
import { LitElement, html, type PropertyDeclarations } from 'lit';
import '../tally-provider.ts';
import type { TallyProvider } from '../tally-provider.ts';
import { afterEach, assert, assertEqual, cleanupFixtures, describe, fixture, it, textOf } from '../test-helpers.ts';
import type { WidgetClient } from './client-context.ts';
import { ResourceController } from './resource-controller.ts';

/** A widget that shows the total of one metric, through the controller. */
class TotalProbe extends LitElement {
  static override properties: PropertyDeclarations = { metric: { type: String }, live: { type: Boolean }, client: { attribute: false } };
  declare metric: string | undefined;
  declare live: boolean;
  declare client: WidgetClient | undefined;
  readonly data = new ResourceController<QueryResponse>(this, {
    key: () => this.metric,
    live: () => this.live,
    load: (client, signal) => client.query({ metric: this.metric!, range: '7d' }, { signal }),
    subscribe: (client, onValue) => client.subscribe({ metric: this.metric!, range: '7d' }, onValue),
  });
  constructor() {
    super();
    this.metric = undefined;
    this.live = false;
    this.client = undefined;
  }
  protected override render() {
    return html`<p>${this.data.state}:${this.data.value?.series[0]?.total ?? '-'}</p>`;
  }
}
customElements.define('total-probe', TotalProbe);

const result = (metric: string, total: number): QueryResponse => ({
  series: [{ points: [], total }],
  meta: { metric, unit: 'count', from: '', to: '', granularity: 'day', timezone: 'UTC', sources: ['rollup'], freshAt: null },
});

/** A client whose queries wait until the test resolves them, and whose subscriptions the test drives. */
function fakeClient() {
  const queries: { metric: string; signal: AbortSignal | undefined; resolve: (total: number) => void }[] = [];
  const subscribers = new Map<string, (r: QueryResponse) => void>();
  const client = {
    query: (q, options) =>
      new Promise<QueryResponse>((resolve, reject) => {
        options?.signal?.addEventListener('abort', () => reject(options.signal!.reason as unknown));
        queries.push({ metric: q.metric, signal: options?.signal, resolve: (total) => resolve(result(q.metric, total)) });
      }),
    subscribe: (q, onResult) => {
      subscribers.set(q.metric, onResult);
      return () => subscribers.delete(q.metric);
    },
    customer: () => Promise.reject(new Error('unused')),
    searchCustomers: () => Promise.reject(new Error('unused')),
    revenueMovements: () => Promise.reject(new Error('unused')),
  } satisfies WidgetClient;
  return { client, queries, subscribers };
}

const settle = async (el: LitElement) => {
  await new Promise((r) => setTimeout(r));
  await el.updateComplete;
};

describe('ResourceController with <tally-provider>', () => {
  afterEach(cleanupFixtures);

  it('loads through the provider’s client, reloads on a changed input and drops the outdated answer', async () => {
    const fake = fakeClient();
    const provider = await fixture<TallyProvider>('<tally-provider><total-probe metric="events"></total-probe></tally-provider>', (p) => {
      (p as TallyProvider).client = fake.client;
    });
    const probe = provider.querySelector('total-probe') as TotalProbe;
    await settle(probe);
    assertEqual(textOf(probe.shadowRoot!.querySelector('p')), 'loading:-', 'while loading');
    assertEqual(fake.queries.map((q) => q.metric), ['events'], 'queries sent');

    probe.metric = 'signups';
    await settle(probe);
    assert(fake.queries[0]!.signal?.aborted === true, 'the outdated query is aborted');
    fake.queries[1]!.resolve(12);
    await settle(probe);
    assertEqual(textOf(probe.shadowRoot!.querySelector('p')), 'ready:12', 'after the answer');
  });

  it('waits idle without a client or without inputs, and subscribes when live', async () => {
    const fake = fakeClient();
    const probe = await fixture<TotalProbe>('<total-probe></total-probe>');
    assertEqual(textOf(probe.shadowRoot!.querySelector('p')), 'idle:-', 'no client');
    probe.client = fake.client;
    await settle(probe);
    assertEqual(probe.data.state, 'idle', 'no metric yet');
    probe.metric = 'events';
    probe.live = true;
    await settle(probe);
    assertEqual(fake.queries.length, 0, 'live does not query once');
    fake.subscribers.get('events')!(result('events', 5));
    await settle(probe);
    assertEqual(textOf(probe.shadowRoot!.querySelector('p')), 'ready:5', 'first live value');
    fake.subscribers.get('events')!(result('events', 6));
    await settle(probe);
    assertEqual(textOf(probe.shadowRoot!.querySelector('p')), 'ready:6', 'a pushed value');
    probe.remove();
    assert(!fake.subscribers.has('events'), 'removing the widget unsubscribes');
  });

  it('a provider defined after its widgets still reaches them', async () => {
    const fake = fakeClient();
    const host = await fixture<LitElement>('<div><late-provider><total-probe metric="events"></total-probe></late-provider></div>' as string);
    const probe = host.querySelector('total-probe') as TotalProbe;
    await settle(probe);
    assertEqual(probe.data.state, 'idle', 'no provider yet');
    const { TallyProvider } = await import('../tally-provider.ts');
    customElements.define('late-provider', class extends TallyProvider {});
    (host.querySelector('late-provider') as TallyProvider).client = fake.client;
    await settle(probe);
    assertEqual(fake.queries.map((q) => q.metric), ['events'], 'the late provider’s client is used');
  });
});
