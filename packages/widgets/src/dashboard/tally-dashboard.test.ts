import { TallyApiError, type DashboardItem, type DashboardLayout, type SavedDashboard } from '@tally/client-sdk';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import type { WidgetClient } from '../data/client-context.ts';
import type { TallyErrorDetail } from '../events.ts';
import type { KpiTile } from '../kpi-tile.ts';
import { afterEach, assert, assertEqual, assertMatch, cleanupFixtures, describe, fixture, it, shadowQuery, textOf } from '../test-helpers.ts';
import './tally-dashboard.ts';
import type { TallyDashboard, TallyLayoutChangeDetail } from './tally-dashboard.ts';

const tile = (id: string, x: number, y: number, w: number, h: number, label = id.toUpperCase()): DashboardItem => ({
  id, widget: 'kpi-tile', x, y, w, h, attributes: { label, value: '42' },
});
const LAYOUT: DashboardLayout = { items: [tile('a', 0, 0, 6, 1), tile('b', 6, 0, 6, 1), tile('c', 0, 1, 12, 1)] };
const cells = (layout: DashboardLayout) => layout.items.map((i) => `${i.id}:${i.x},${i.y},${i.w}x${i.h}`);

const noData = {
  query: () => Promise.reject(new Error('unused')),
  subscribe: () => () => {},
  customer: () => Promise.reject(new Error('unused')),
  searchCustomers: () => Promise.reject(new Error('unused')),
  revenueMovements: () => Promise.reject(new Error('unused')),
} satisfies WidgetClient;

/** A client that stores dashboards like the server: versions, `null` when never saved, 409 on a stale version. */
function storeClient(initial: SavedDashboard | null, options: { hold?: boolean } = {}) {
  let stored = initial;
  const saves: { id: string; layout: DashboardLayout; version: number | undefined }[] = [];
  const held: (() => void)[] = [];
  let failSave: TallyApiError | undefined;
  let loads = 0;
  const client = {
    ...noData,
    dashboard: (id: string) =>
      new Promise<SavedDashboard | null>((resolve) => {
        loads += 1;
        const go = () => resolve(stored === null ? null : structuredClone({ ...stored, id }));
        if (options.hold) held.push(go);
        else go();
      }),
    saveDashboard: async (id: string, layout: DashboardLayout, opts: { version?: number } = {}) => {
      saves.push({ id, layout: structuredClone(layout), version: opts.version });
      if (failSave) throw failSave;
      if ((stored?.version ?? undefined) !== opts.version) throw new TallyApiError('conflict', 'version: the dashboard was saved since', { status: 409 });
      stored = { id, layout: structuredClone(layout), version: (stored?.version ?? 0) + 1, updatedAt: new Date().toISOString() };
      return structuredClone(stored);
    },
  };
  return {
    client, saves,
    loads: () => loads,
    release: () => held.splice(0).forEach((go) => go()),
    storeElsewhere: (layout: DashboardLayout) => void (stored = { id: 'x', layout, version: (stored?.version ?? 0) + 1, updatedAt: '' }),
    failSaves: (e: TallyApiError | undefined) => void (failSave = e),
  };
}

const settle = async (el: TallyDashboard) => {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => requestAnimationFrame(r));
    await el.updateComplete;
  }
};
const stateOf = (el: TallyDashboard) => shadowQuery(el, '[part="base"]').dataset.state;
const itemEl = (el: TallyDashboard, id: string) => shadowQuery(el, `[part="item"][data-id="${id}"]`);
const within = (parent: Element, selector: string): HTMLElement => {
  const found = parent.querySelector<HTMLElement>(selector);
  assert(found !== null, `no ${selector}`);
  return found;
};
const announced = (el: TallyDashboard) => textOf(shadowQuery(el, '[role="status"]'));

async function mount(markup: string, before?: (el: TallyDashboard) => void): Promise<TallyDashboard> {
  const el = await fixture<TallyDashboard>(markup, before);
  await settle(el);
  return el;
}

describe('<tally-dashboard>', () => {
  afterEach(async () => {
    cleanupFixtures();
    await resetMouse();
  });

  it('creates each widget with its attributes and places it on the 12-column grid', async () => {
    const layout = JSON.stringify([tile('a', 0, 0, 6, 2), { id: 'c360', widget: 'customer-360', x: 6, y: 0, w: 6, h: 3, attributes: { 'customer-id': 'cus_1' } }]);
    const el = await mount(`<tally-dashboard style="width: 960px" layout='${layout}'></tally-dashboard>`, (d) => (d.client = noData));
    assertEqual(stateOf(el), 'ready', 'state');
    const kpi = itemEl(el, 'a').querySelector('kpi-tile') as KpiTile;
    assert(kpi instanceof customElements.get('kpi-tile')!, 'a real <kpi-tile>');
    assertEqual([kpi.getAttribute('label'), kpi.getAttribute('value')], ['A', '42'], 'attributes set');
    const c360 = itemEl(el, 'c360').querySelector('customer-360')!;
    assertEqual(c360.getAttribute('customer-id'), 'cus_1', 'customer id');
    assertEqual(c360.client, noData, 'the dashboard’s own client is handed on');
    const style = getComputedStyle(itemEl(el, 'c360'));
    assertEqual([style.gridColumnStart, style.gridColumnEnd, style.gridRowStart, style.gridRowEnd], ['7', 'span 6', '1', 'span 3'], 'grid placement');
    const box = itemEl(el, 'a').getBoundingClientRect();
    assert(Math.abs(box.width - (960 - 11 * 12) / 2 - 5 * 12) < 1, `six of twelve columns wide: ${box.width}`);
  });

  it('refuses unknown tags and event-handler attributes with tally-error, creating nothing for them', async () => {
    const details: TallyErrorDetail[] = [];
    const layout = JSON.stringify([tile('a', 0, 0, 6, 1), { id: 'evil', widget: 'script', x: 6, y: 0, w: 6, h: 1, attributes: {} }, { ...tile('b', 0, 1, 6, 1), attributes: { onmouseover: 'alert(1)' } }]);
    const el = await mount(`<tally-dashboard layout='${layout}'></tally-dashboard>`, (d) => d.addEventListener('tally-error', (e) => details.push(e.detail)));
    assertEqual(details.map((d) => [d.code, d.attribute]), [['invalid_attribute', 'layout']], 'one event');
    assertMatch(details[0]!.message, /^invalid layout: items\[1\]\.widget: "script" is not a dashboard widget/, 'names the item');
    assertMatch(textOf(shadowQuery(el, '[part="problems"]')), /^2 layout items were left out: .*onmouseover: event handlers and style are not allowed$/, 'listed');
    assert(el.shadowRoot!.querySelector('script') === null, 'no script element');
    assertEqual([...el.shadowRoot!.querySelectorAll('[part="item"]')].map((i) => (i as HTMLElement).dataset.id), ['a'], 'only the valid item');
  });

  it('moves with the arrow keys and resizes with Shift, announcing each change and firing tally-layout-change', async () => {
    const changes: TallyLayoutChangeDetail[] = [];
    const el = await mount('<tally-dashboard style="width: 960px"></tally-dashboard>', (d) => {
      d.layout = LAYOUT;
      d.addEventListener('tally-layout-change', (e) => changes.push(e.detail));
    });
    const a = itemEl(el, 'a');
    assertEqual([a.getAttribute('role'), a.getAttribute('aria-roledescription'), a.getAttribute('aria-label'), a.tabIndex], ['group', 'dashboard item', 'A', 0], 'focusable named item');
    a.focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    assertEqual(cells(el.currentLayout), ['a:0,1,6x1', 'b:6,0,6x1', 'c:0,2,12x1'], 'moved down, c pushed');
    assertEqual(announced(el), 'Moved A: column 1, row 2, 6 columns wide, 1 row high. 1 other item moved down.', 'announced');
    assertEqual(el.shadowRoot!.activeElement, a, 'focus stays on the item');
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ up: 'Shift' });
    await el.updateComplete;
    assertEqual(cells(el.currentLayout)[0], 'a:0,1,7x1', 'wider');
    assertMatch(announced(el), /^Resized A: column 1, row 2, 7 columns wide/, 'resize announced');
    await sendKeys({ press: 'ArrowLeft' });
    await el.updateComplete;
    assertEqual(announced(el), 'A cannot move further that way.', 'edge');
    assertEqual(changes.map((c) => cells(c.layout)[0]), ['a:0,1,6x1', 'a:0,1,7x1'], 'events carry the new layout');
    el.locked = true;
    await el.updateComplete;
    assertEqual(itemEl(el, 'a').getAttribute('tabindex'), null, 'locked: not focusable');
  });

  it('moves an item by dragging its handle and resizes it by its corner, snapped to the grid', async () => {
    const changes: DashboardLayout[] = [];
    // Inside the test page's 800-px viewport, where the mouse can reach.
    const el = await mount('<tally-dashboard style="width: 720px"></tally-dashboard>', (d) => {
      d.layout = LAYOUT;
      d.addEventListener('tally-layout-change', (e) => changes.push(e.detail.layout));
    });
    const pitch = (720 - 11 * 12) / 12 + 12;
    const handle = within(itemEl(el, 'b'), '[part="handle"]').getBoundingClientRect();
    const [x, y] = [Math.round(handle.x + handle.width / 2), Math.round(handle.y + handle.height / 2)];
    await sendMouse({ type: 'move', position: [x, y] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [Math.round(x - 2.4 * pitch), y + 10] });
    await el.updateComplete;
    assert(itemEl(el, 'b').classList.contains('dragging'), 'dragging');
    assertEqual(cells(el.currentLayout)[1], 'b:4,0,6x1', 'follows the pointer, snapped');
    assertEqual(changes.length, 0, 'no event until the drop');
    await sendMouse({ type: 'up' });
    await el.updateComplete;
    assertEqual(cells(changes[0]!), ['a:0,1,6x1', 'b:4,0,6x1', 'c:0,2,12x1'], 'dropped: a pushed down');
    const corner = within(itemEl(el, 'c'), '[part="resize"]').getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(corner.x + 4), Math.round(corner.y + 4)] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [Math.round(corner.x + 4 - 3 * pitch), Math.round(corner.y + 4 + 132)] });
    await sendMouse({ type: 'up' });
    await el.updateComplete;
    assertEqual(cells(el.currentLayout)[2], 'c:0,2,9x2', 'resized by three columns and one row');
  });

  it('cancels a drag with Escape', async () => {
    const el = await mount('<tally-dashboard style="width: 720px"></tally-dashboard>', (d) => (d.layout = LAYOUT));
    const handle = within(itemEl(el, 'a'), '[part="handle"]').getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(handle.x + 5), Math.round(handle.y + 5)] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [Math.round(handle.x + 5), Math.round(handle.y + 300)] });
    await el.updateComplete;
    assertEqual(cells(el.currentLayout)[0], 'a:0,2,6x1', 'moving');
    await sendKeys({ press: 'Escape' });
    await sendMouse({ type: 'up' });
    await el.updateComplete;
    assertEqual(cells(el.currentLayout), cells(LAYOUT), 'back where it was');
  });

  it('with dashboard-id: shows the saved layout, saves changes with the version, reloads on conflict', async () => {
    const saved: SavedDashboard = { id: 'home', layout: { items: [tile('s', 0, 0, 4, 1, 'Saved')] }, version: 3, updatedAt: '' };
    const store = storeClient(saved);
    const el = await mount('<tally-dashboard dashboard-id="home" save-delay="60000"></tally-dashboard>', (d) => {
      d.client = store.client as unknown as WidgetClient;
      d.layout = LAYOUT;
    });
    assertEqual(cells(el.currentLayout), ['s:0,0,4x1'], 'the saved layout wins over the default');
    itemEl(el, 's').focus();
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    assertEqual(textOf(shadowQuery(el, '[part="status"]')), 'Saving…', 'pending');
    await el.flushSave();
    await el.updateComplete;
    assertEqual(store.saves.map((s) => [s.id, s.version, cells(s.layout)[0]]), [['home', 3, 's:1,0,4x1']], 'saved with the loaded version');
    assertEqual(textOf(shadowQuery(el, '[part="status"]')), 'Saved', 'saved');
    await sendKeys({ press: 'ArrowRight' });
    await el.flushSave();
    assertEqual(store.saves[1]?.version, 4, 'the next save uses the new version');

    store.storeElsewhere({ items: [tile('other', 0, 0, 12, 2, 'Other tab')] });
    await sendKeys({ press: 'ArrowRight' });
    await el.flushSave();
    await settle(el);
    assertEqual(cells(el.currentLayout), ['other:0,0,12x2'], 'reloaded after 409');
    assertMatch(announced(el), /saved elsewhere/, 'conflict announced');
    assertEqual(store.loads(), 2, 'loaded twice');
  });

  it('falls back to its layout when none is saved, and shows a failed save with Retry', async () => {
    const store = storeClient(null);
    const el = await mount('<tally-dashboard dashboard-id="home" save-delay="60000"></tally-dashboard>', (d) => {
      d.client = store.client as unknown as WidgetClient;
      d.layout = LAYOUT;
    });
    assertEqual(cells(el.currentLayout), cells(LAYOUT), 'the default layout');
    store.failSaves(new TallyApiError('unavailable', 'database: not reachable', { status: 503 }));
    itemEl(el, 'a').focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.flushSave();
    await el.updateComplete;
    assertEqual(store.saves[0]?.version, undefined, 'a first save has no version');
    assertEqual(textOf(shadowQuery(el, '[part="status"]')), 'Could not save: database: not reachable Retry', 'failed');
    store.failSaves(undefined);
    shadowQuery(el, '[part="status"] button').click();
    await el.flushSave();
    await el.updateComplete;
    assertEqual(textOf(shadowQuery(el, '[part="status"]')), 'Saved', 'retried');
    assertEqual(store.saves.length, 2, 'two attempts');
  });

  it('shows loading while the saved layout loads, empty with no items, and an error for a bad dashboard-id', async () => {
    const store = storeClient(null, { hold: true });
    const loading = await mount('<tally-dashboard dashboard-id="home"></tally-dashboard>', (d) => (d.client = store.client as unknown as WidgetClient));
    assertEqual(stateOf(loading), 'loading', 'loading');
    assertEqual(shadowQuery(loading, '[part="base"]').getAttribute('aria-busy'), 'true', 'busy');
    store.release();
    await settle(loading);
    assertEqual(stateOf(loading), 'empty', 'nothing saved, no default');
    assertEqual(textOf(shadowQuery(loading, '[part="message"]')), 'No widgets on this dashboard.', 'empty message');
    const details: TallyErrorDetail[] = [];
    const bad = await mount('<tally-dashboard dashboard-id="../etc/passwd"></tally-dashboard>', (d) => d.addEventListener('tally-error', (e) => details.push(e.detail)));
    assertEqual(stateOf(bad), 'error', 'error');
    assertEqual(details[0]?.attribute, 'dashboard-id', 'named');
  });

  it('stacks into one column in a narrow container, in reading order, without handles', async () => {
    const el = await mount('<tally-dashboard style="width: 400px"></tally-dashboard>', (d) => {
      d.layout = { items: [tile('right', 6, 0, 6, 1), tile('left', 0, 0, 6, 1)] };
    });
    const items = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="item"]')];
    assertEqual(items.map((i) => i.dataset.id), ['left', 'right'], 'reading order');
    assertEqual(items.map((i) => Math.round(i.getBoundingClientRect().width)), [400, 400], 'full width');
    assertEqual(getComputedStyle(within(items[0]!, '[part="handle"]')).display, 'none', 'no handle');
    assertEqual(items[0]!.getAttribute('tabindex'), null, 'not movable');
    const base = shadowQuery(el, '[part="base"]');
    assert(base.scrollWidth <= base.clientWidth, 'no overflow');
  });

  it('passes its theme to widgets that name none', async () => {
    const el = await mount('<tally-dashboard theme="dark"></tally-dashboard>', (d) => {
      d.layout = [tile('a', 0, 0, 6, 1), { ...tile('b', 6, 0, 6, 1), attributes: { theme: 'light' } }];
    });
    assertEqual(itemEl(el, 'a').querySelector('kpi-tile')!.getAttribute('theme'), 'dark', 'inherited');
    assertEqual(itemEl(el, 'b').querySelector('kpi-tile')!.getAttribute('theme'), 'light', 'own theme kept');
    el.theme = undefined;
    await el.updateComplete;
    assertEqual(itemEl(el, 'a').querySelector('kpi-tile')!.getAttribute('theme'), null, 'removed with the dashboard’s');
  });
});
