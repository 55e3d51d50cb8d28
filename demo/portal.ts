/**
 * The demo portal: pick a role, and every widget on the page reads with that role's embed token. The
 * dashboards are layouts of the Tally elements; the server decides what each role may see (a widget whose
 * query it refuses shows as hidden for the role).
 */
import '@tally/widgets';
import type { TallyProvider } from '@tally/widgets';
import { renderCustomerLookup } from './customer-lookup.ts';
import { renderGrid } from './dashboard-grid.ts';
import { dashboardById, type LayoutItem } from './dashboards.ts';
import { DEMO_ROLES, fetchDemoToken, type DemoRole } from './demo-api.ts';

const ROLE_TEXT: Record<DemoRole, { name: string; text: string; hidden: string }> = {
  admin: { name: 'Admin', text: 'Every metric: revenue, product usage, support and customers.', hidden: '' },
  finance: { name: 'Finance', text: 'Revenue and billing. Product usage, support and customer records are hidden.', hidden: 'product usage, support and customer data' },
  success: { name: 'Success', text: 'Product usage, support and customers. Revenue is hidden.', hidden: 'revenue' },
  viewer: { name: 'Viewer', text: 'Product usage only. Revenue, support and customer records are hidden.', hidden: 'revenue, support and customer data' },
};

/** Titles of the widgets that have no `label`, for their "hidden" card. */
const WIDGET_TITLES: Partial<Record<LayoutItem['widget'], string>> = {
  'revenue-trend': 'MRR trend',
  'mrr-waterfall': 'MRR movements',
  'top-customers': 'Top customers',
  'customer-360': 'Customer 360',
};

const CUSTOMERS = { id: 'customers', title: 'Customer 360', description: 'Look up any customer: health, usage, billing, tickets and timeline, live.' };

const provider = document.getElementById('provider') as TallyProvider;
const picker = document.getElementById('role-picker') as HTMLFieldSetElement;
const dashboard = document.getElementById('dashboard')!;
const notice = document.getElementById('notice')!;
let lookup: ReturnType<typeof renderCustomerLookup> | undefined;

const isRole = (value: string | null): value is DemoRole => DEMO_ROLES.includes(value as DemoRole);

function initialRole(): DemoRole {
  const fromUrl = new URLSearchParams(location.search).get('role');
  if (isRole(fromUrl)) return fromUrl;
  const stored = localStorage.getItem('tally-demo-role');
  return isRole(stored) ? stored : 'admin';
}

let role = initialRole();
let currentId = 'executive';
/** What the current role's token may read; undefined until its token arrives. */
let readable: ReadonlySet<string> | undefined;

function applyRole(next: DemoRole): void {
  role = next;
  localStorage.setItem('tally-demo-role', role);
  const url = new URL(location.href);
  url.searchParams.set('role', role);
  history.replaceState(null, '', url);
  document.body.dataset.role = role;
  for (const input of picker.querySelectorAll<HTMLInputElement>('input[name="role"]')) input.checked = input.value === role;
  document.getElementById('role-name')!.textContent = ROLE_TEXT[role].name;
  document.getElementById('role-text')!.textContent = ROLE_TEXT[role].text;
  // A new token function gives the provider a new client: every widget reloads under the new role.
  readable = undefined;
  provider.getToken = async () => {
    const token = await fetchDemoToken({ role: next });
    if (role === next) {
      readable = new Set(token.readable);
      markLocked();
    }
    return token;
  };
  markLocked();
  lookup?.refresh();
}

/** The metric a widget reads, as the server authorizes it (Customer 360 and search count as customer data). */
function metricOf(item: LayoutItem): string {
  switch (item.widget) {
    case 'revenue-trend':
      return item.attributes.measure ?? 'mrr';
    case 'mrr-waterfall':
      return 'mrr_movements';
    case 'top-customers':
    case 'customer-360':
      return 'health_score_distribution';
    default:
      return item.attributes.metric ?? '';
  }
}

/**
 * Greys out the widgets this role's token may not read, and says so. The widgets ask anyway and the server
 * refuses them (403): the overlay only explains the empty card, from the list the server sent with the token.
 */
function markLocked(): void {
  const items = new Map(dashboardById(currentId)?.items.map((i) => [i.id, i]) ?? []);
  let locked = 0;
  for (const cell of dashboard.querySelectorAll<HTMLElement>('.cell')) {
    const item = items.get(cell.dataset.item ?? '');
    const hidden = readable !== undefined && item !== undefined && !readable.has(metricOf(item));
    cell.classList.toggle('locked', hidden);
    cell.querySelector('.lock')?.remove();
    if (!hidden) continue;
    locked++;
    const lock = document.createElement('div');
    lock.className = 'lock';
    const title = document.createElement('strong');
    title.textContent = item.attributes.label ?? WIDGET_TITLES[item.widget] ?? item.widget;
    const text = document.createElement('span');
    text.textContent = `Not shared with the ${ROLE_TEXT[role].name} role`;
    lock.append(title, text);
    cell.append(lock);
  }
  notice.hidden = locked === 0;
  if (locked === 0) return;
  const { name, hidden } = ROLE_TEXT[role];
  const strong = document.createElement('strong');
  strong.textContent = `${name} can't see ${hidden || 'these metrics'}.`;
  notice.replaceChildren(strong, ` ${locked} ${locked === 1 ? 'widget is' : 'widgets are'} hidden: the server refuses their queries with this role's token. Switch roles above to compare.`);
}

function showDashboard(): void {
  const [id = 'executive', customerId] = location.hash.slice(1).split('/');
  const known = id === CUSTOMERS.id || dashboardById(id) !== undefined;
  const current = known ? id : 'executive';
  for (const link of document.querySelectorAll<HTMLAnchorElement>('#dashboard-nav a')) {
    if (link.dataset.dashboard === current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  currentId = current;
  const spec = current === CUSTOMERS.id ? CUSTOMERS : dashboardById(current)!;
  document.getElementById('dashboard-title')!.textContent = spec.title;
  document.getElementById('dashboard-description')!.textContent = spec.description;
  document.title = `${spec.title} · Tally demo`;
  if (current === CUSTOMERS.id) {
    notice.hidden = true;
    // Picking in the list only replaces the URL; a real navigation (a link, top customers) builds it again.
    lookup = renderCustomerLookup({
      // After the provider's next update, so a role just picked is the one searching.
      client: async () => {
        await customElements.whenDefined('tally-provider');
        await provider.updateComplete;
        return provider.activeClient;
      },
      ...(customerId ? { selected: decodeURIComponent(customerId) } : {}),
      onSelect: (picked) => history.replaceState(null, '', `#customers/${encodeURIComponent(picked)}`),
    });
    dashboard.replaceChildren(lookup);
    lookup.refresh();
    return;
  }
  lookup = undefined;
  dashboard.replaceChildren(renderGrid(dashboardById(current)!.items));
  markLocked();
}

picker.addEventListener('change', (event) => {
  const value = (event.target as HTMLInputElement).value;
  if (isRole(value)) applyRole(value);
});
document.addEventListener('tally-select-customer', (event) => {
  const id = (event as CustomEvent<{ id?: string }>).detail?.id;
  if (id) location.hash = `#customers/${encodeURIComponent(id)}`;
});
window.addEventListener('hashchange', showDashboard);

applyRole(role);
showDashboard();
