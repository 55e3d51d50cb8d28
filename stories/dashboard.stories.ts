import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { TallyApiError, type DashboardItem, type DashboardLayout, type SavedDashboard } from '@tally/client-sdk';
import { html, nothing } from 'lit';
import '@tally/widgets';
import { createMockClient, type MockClientOptions, type WidgetClient } from './support/mock-client.ts';

/** Story inputs: the dashboard's attributes, the mock client's mode, and whether the mock saves dashboards. */
interface DashboardArgs {
  mode: NonNullable<MockClientOptions['mode']>;
  dashboardId?: string;
  locked: boolean;
  live: boolean;
  theme?: 'light' | 'dark' | 'auto';
  width: string;
  /** `memory`: saves in this page (like the server, with versions); `none`: a client without dashboards. */
  store: 'memory' | 'none' | 'never-loads';
}

const item = (id: string, widget: DashboardItem['widget'], x: number, y: number, w: number, h: number, attributes: Record<string, string>): DashboardItem => ({
  id, widget, x, y, w, h, attributes,
});

/** A revenue overview: trend and waterfall on top, a KPI, a chart and the top customers below, Customer 360 beside. */
const overview = (live: boolean): DashboardLayout => {
  const on: Record<string, string> = live ? { live: '' } : {};
  return {
    items: [
      item('mrr', 'revenue-trend', 0, 0, 6, 3, { measure: 'mrr', range: '12mo', granularity: 'month', height: '250', locale: 'en-US', ...on }),
      item('movements', 'mrr-waterfall', 6, 0, 6, 3, { range: '12mo', locale: 'en-US', ...on }),
      item('customers', 'kpi-tile', 0, 3, 3, 1, { label: 'Paying customers', value: '412', delta: '0.031', locale: 'en-US' }),
      item('signups', 'metric-chart', 3, 3, 5, 3, { metric: 'signups', range: '30d', type: 'bar', locale: 'en-US', ...on }),
      item('top', 'top-customers', 0, 4, 3, 4, { limit: '8', locale: 'en-US', ...on }),
      item('c360', 'customer-360', 8, 3, 4, 5, { 'customer-id': 'cus_1037', locale: 'en-US', ...on }),
    ],
  };
};

/** Saved dashboards kept in this page, answering like the server: versions, `null` when none, 409 on a stale version. */
const saved = new Map<string, SavedDashboard>();

function withStore(base: WidgetClient, store: DashboardArgs['store']): WidgetClient {
  if (store === 'none') return base;
  const dashboard = (id: string) =>
    store === 'never-loads' ? new Promise<SavedDashboard | null>(() => {}) : Promise.resolve(saved.get(id) ?? null);
  const saveDashboard = async (id: string, layout: DashboardLayout, options: { version?: number } = {}) => {
    const current = saved.get(id);
    if (current?.version !== options.version) {
      throw new TallyApiError('conflict', 'version: this dashboard was saved since you loaded it', { status: 409 });
    }
    const next = { id, layout, version: (current?.version ?? 0) + 1, updatedAt: new Date().toISOString() };
    saved.set(id, next);
    return next;
  };
  return Object.assign({ ...base }, { dashboard, saveDashboard });
}

const meta: Meta<DashboardArgs> = {
  title: 'Widgets/tally-dashboard',
  component: 'tally-dashboard',
  render: (args) => {
    const client = withStore(createMockClient({ mode: args.mode, tickMs: args.live ? 2000 : 0 }), args.store);
    return html`<div style="width: ${args.width}; ${args.theme === 'dark' ? 'background: #010409; padding: 1rem;' : ''}">
      <tally-dashboard
        dashboard-id=${args.dashboardId ?? nothing}
        ?locked=${args.locked}
        theme=${args.theme ?? nothing}
        save-delay="500"
        .layout=${overview(args.live)}
        .client=${client}
        @tally-layout-change=${(e: CustomEvent<{ layout: DashboardLayout }>) => console.info('tally-layout-change', e.detail.layout)}
      ></tally-dashboard>
    </div>`;
  },
  argTypes: {
    mode: { control: 'select', options: ['data', 'loading', 'empty', 'error'] },
    theme: { control: 'select', options: ['light', 'dark', 'auto'] },
    store: { control: 'select', options: ['memory', 'none', 'never-loads'] },
  },
  args: { mode: 'data', locked: false, live: false, width: '1100px', store: 'none' },
};

export default meta;
type Story = StoryObj<DashboardArgs>;

/**
 * Six widgets on the 12-column grid. Drag a handle (top right of an item) to move it, its corner to resize;
 * or Tab to an item and use the arrow keys (Shift to resize). Each change logs `tally-layout-change`.
 */
export const Data: Story = {};

/** `dashboard-id`: saved per user (here in this page); move something, reload the story, and it stays. */
export const SavedPerUser: Story = { args: { dashboardId: 'story-home', store: 'memory' } };

/** While the user's saved layout loads. */
export const Loading: Story = { args: { dashboardId: 'story-home', store: 'never-loads' } };

/** Every widget in its loading state (the data never arrives). */
export const WidgetsLoading: Story = { args: { mode: 'loading' } };

/** No items. */
export const Empty: Story = { render: () => html`<tally-dashboard .layout=${{ items: [] }}></tally-dashboard>` };

/** Every widget with no data. */
export const WidgetsEmpty: Story = { args: { mode: 'empty' } };

/** Every widget's API call failed: each shows the message and a Retry button. */
export const WidgetsError: Story = { args: { mode: 'error' } };

/** A layout with an unknown widget and an event-handler attribute: both named and left out, never created. */
export const InvalidLayout: Story = {
  render: () =>
    html`<tally-dashboard
      layout='[{"id":"ok","widget":"kpi-tile","x":0,"y":0,"w":4,"h":1,"attributes":{"label":"MRR","value":"18437","unit":"USD"}},
               {"id":"bad","widget":"iframe","x":4,"y":0,"w":4,"h":1,"attributes":{"src":"https://example.com"}},
               {"id":"evil","widget":"kpi-tile","x":8,"y":0,"w":4,"h":1,"attributes":{"onclick":"alert(1)"}}]'
    ></tally-dashboard>`,
};

/** A bad `dashboard-id`: the dashboard names it and fires `tally-error`. */
export const InvalidDashboardId: Story = { args: { dashboardId: '../home', store: 'memory' } };

/** `live` on every widget: pushes keep them current. */
export const Live: Story = { args: { live: true } };

/** `theme="dark"`, passed on to every widget. */
export const Dark: Story = { args: { theme: 'dark' } };

/** Below `stack-below` (600 px) the items stack in one column, in reading order, and cannot be moved. */
export const Narrow: Story = { args: { width: '360px' } };

/** `locked`: no handles, no keyboard moves. */
export const Locked: Story = { args: { locked: true } };
