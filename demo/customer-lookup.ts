import type { CustomerSearchResult, CustomerSummary } from '@tally/client-sdk';
import { formatMoney } from './demo-api.ts';

/** What the lookup needs of the page's client (the `<tally-provider>`'s). */
export interface SearchClient {
  searchCustomers(search: { q: string; limit?: number }, options?: { signal?: AbortSignal }): Promise<CustomerSearchResult>;
}

/** Options of {@link renderCustomerLookup}. */
export interface LookupOptions {
  /** The client to search with, once it is ready; undefined when the provider has none. */
  client: () => Promise<SearchClient | undefined>;
  /** The customer to show first (from the URL), else the first result. */
  selected?: string;
  /** Told when the user picks a customer, to keep it in the URL. */
  onSelect?: (id: string) => void;
}

const SEARCH_DELAY_MS = 150;

function healthBadge(score: number | null): HTMLElement {
  const badge = document.createElement('span');
  badge.className = `badge ${score === null ? '' : score >= 70 ? 'success' : score >= 40 ? 'warning' : 'danger'}`;
  badge.textContent = score === null ? 'no score' : `health ${Math.round(score)}`;
  return badge;
}

function resultRow(customer: CustomerSummary, selected: boolean): HTMLLIElement {
  const li = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'result';
  button.dataset.id = customer.id;
  button.setAttribute('aria-pressed', String(selected));
  const name = document.createElement('span');
  name.className = 'result-name';
  name.textContent = customer.name ?? customer.id;
  const meta = document.createElement('span');
  meta.className = 'result-meta';
  meta.textContent = [customer.id, customer.plan ?? 'no plan', `${formatMoney(customer.mrr.amountMinor, customer.mrr.currency)} MRR`].join(' · ');
  button.append(name, healthBadge(customer.healthScore), meta);
  li.append(button);
  return li;
}

/**
 * The Customer 360 lookup: a search box over `client.searchCustomers` (name or id prefix, highest MRR first),
 * a result list, and `<customer-360 live>` for the picked customer.
 */
export function renderCustomerLookup(options: LookupOptions): HTMLElement & { refresh(): void } {
  const root = document.createElement('div') as HTMLDivElement & { refresh(): void };
  root.className = 'lookup';
  root.innerHTML = `
    <section class="lookup-list card">
      <label class="lookup-label" for="customer-search">Find a customer</label>
      <input class="input" id="customer-search" type="search" autocomplete="off" placeholder="Name or id, e.g. 41000" />
      <p class="lookup-status muted" role="status"></p>
      <ul class="results"></ul>
    </section>
    <section class="lookup-detail"><customer-360 live></customer-360></section>`;
  const input = root.querySelector('input')!;
  const status = root.querySelector<HTMLElement>('.lookup-status')!;
  const list = root.querySelector('ul')!;
  const panel = root.querySelector('customer-360')!;
  let selected = options.selected;
  let pending: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const select = (id: string) => {
    selected = id;
    panel.setAttribute('customer-id', id);
    for (const b of list.querySelectorAll<HTMLButtonElement>('button.result')) b.setAttribute('aria-pressed', String(b.dataset.id === id));
  };

  const search = async () => {
    pending?.abort();
    const controller = (pending = new AbortController());
    const client = await options.client();
    if (client === undefined || controller.signal.aborted) return;
    status.textContent = 'Searching…';
    try {
      const { items } = await client.searchCustomers({ q: input.value.trim(), limit: 8 }, { signal: controller.signal });
      if (controller.signal.aborted) return;
      list.replaceChildren(...items.map((c) => resultRow(c, c.id === selected)));
      status.textContent = items.length === 0 ? 'No customer starts with that.' : '';
      if (selected === undefined && items[0]) select(items[0].id);
      else if (selected !== undefined) panel.setAttribute('customer-id', selected);
    } catch (error) {
      if (controller.signal.aborted) return;
      list.replaceChildren();
      const code = (error as { code?: string }).code;
      status.textContent = code === 'forbidden'
        ? 'This role may not look up customers. Switch to Admin or Success.'
        : `Search failed: ${(error as Error).message}`;
      root.classList.toggle('forbidden', code === 'forbidden');
      return;
    }
    root.classList.remove('forbidden');
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void search(), SEARCH_DELAY_MS);
  });
  // Enter picks the first match, as a search box in a product would.
  input.addEventListener('keydown', (event) => {
    const first = list.querySelector<HTMLButtonElement>('button.result')?.dataset.id;
    if (event.key !== 'Enter' || first === undefined) return;
    select(first);
    options.onSelect?.(first);
  });
  list.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button.result');
    if (!button?.dataset.id) return;
    select(button.dataset.id);
    options.onSelect?.(button.dataset.id);
  });
  if (selected !== undefined) panel.setAttribute('customer-id', selected);
  root.refresh = () => void search();
  return root;
}
