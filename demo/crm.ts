/**
 * The mock CRM account page. Everything but the sidebar is the "host app": its account header, deals and
 * notes. The sidebar is Tally's `<customer-360>`, embedded as any host app would: a `<tally-provider>` whose
 * token the host's backend mints for this account only (`filters.customerId`), so the panel can never
 * show another customer.
 */
import '@tally/widgets';
import type { CustomerSummary } from '@tally/client-sdk';
import type { TallyProvider } from '@tally/widgets';
import { mockAccount } from './crm-mock.ts';
import { fetchDemoAccounts, fetchDemoToken, formatMoney } from './demo-api.ts';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const provider = $<TallyProvider>('provider');
const panel = document.querySelector('customer-360')!;
const picker = $<HTMLSelectElement>('account-picker');
const RETRY_MS = 2000;

const date = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric' });
const money = (major: number) => formatMoney(major * 100);

function cell(text: string, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function field(label: string, value: string): HTMLElement {
  const div = document.createElement('div');
  const dt = document.createElement('span');
  dt.className = 'crm-field-label';
  dt.textContent = label;
  const dd = document.createElement('span');
  dd.className = 'crm-field-value';
  dd.textContent = value;
  div.append(dt, dd);
  return div;
}

/** Fills the host page's own parts (header, fields, deals, notes) for `account`. */
function renderAccount(account: CustomerSummary): void {
  const name = account.name ?? account.id;
  const arr = (account.mrr.amountMinor * 12) / 100;
  const crm = mockAccount(account.id, arr);
  document.title = `${name} · Pipeline CRM`;
  $('crumb').textContent = name;
  $('account-name').textContent = name;
  $('account-initials').textContent = name.split(/\s+/).map((w) => w[0]).join('').slice(0, 2).toUpperCase();
  $('account-meta').textContent = `Account ${account.id} · ${crm.industry} · ${crm.region}`;
  $('account-fields').replaceChildren(
    field('Account owner', crm.owner),
    field('Plan', account.plan ?? '—'),
    field('Contract value', `${money(arr)} / yr`),
    field('Primary contact', crm.contact),
    field('Billing', account.billingStatus === 'none' ? 'No subscription' : account.billingStatus.replace('_', ' ')),
  );
  $('deal-count').textContent = String(crm.deals.length);
  $('deals').replaceChildren(
    ...crm.deals.map((deal) => {
      const tr = document.createElement('tr');
      const stage = document.createElement('td');
      const badge = document.createElement('span');
      badge.className = `badge ${deal.stage === 'Verbal commit' ? 'success' : deal.stage === 'Negotiation' ? 'accent' : ''}`;
      badge.textContent = deal.stage;
      stage.append(badge);
      tr.append(cell(deal.name), stage, cell(money(deal.amount), 'num'), cell(date.format(deal.close)));
      return tr;
    }),
  );
  $('notes').replaceChildren(
    ...crm.notes.map((note) => {
      const li = document.createElement('li');
      const head = document.createElement('p');
      head.className = 'crm-note-head';
      head.textContent = `${note.author} · ${date.format(note.at)}`;
      const text = document.createElement('p');
      text.textContent = note.text;
      li.append(head, text);
      return li;
    }),
  );
}

/** Shows `account`: the host's records, and the Tally panel with a token for this customer only. */
function show(account: CustomerSummary): void {
  renderAccount(account);
  picker.value = account.id;
  provider.getToken = () => fetchDemoToken({ role: 'success', customerId: account.id });
  panel.setAttribute('customer-id', account.id);
}

async function load(): Promise<void> {
  let accounts: CustomerSummary[];
  try {
    accounts = await fetchDemoAccounts();
  } catch (error) {
    $('account-name').textContent = `Could not load accounts: ${(error as Error).message}`;
    setTimeout(() => void load(), RETRY_MS);
    return;
  }
  if (accounts.length === 0) {
    // A fresh demo has no customers until its first events are processed.
    $('account-name').textContent = 'Waiting for the demo’s first accounts…';
    setTimeout(() => void load(), RETRY_MS);
    return;
  }
  picker.replaceChildren(
    ...accounts.map((a) => {
      const option = document.createElement('option');
      option.value = a.id;
      option.textContent = `${a.name ?? a.id} (${formatMoney(a.mrr.amountMinor, a.mrr.currency)} MRR)`;
      return option;
    }),
  );
  const wanted = new URLSearchParams(location.search).get('account');
  show(accounts.find((a) => a.id === wanted) ?? accounts[0]!);
  // Another account is another page of the CRM, with a token of its own.
  picker.addEventListener('change', () => location.assign(`?account=${encodeURIComponent(picker.value)}`));
}

void load();
