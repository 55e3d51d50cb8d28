/**
 * The portal's dashboards: each a layout of widgets on a 12-column grid, in the shape `<tally-dashboard>`
 * takes (`{ id, widget, x, y, w, h, attributes }`). Every widget is live: numbers move as the demo's events land.
 */

/** A widget on the grid: its tag, its cell (columns from the left, rows from the top) and its attributes. */
export interface LayoutItem {
  id: string;
  widget: 'metric-chart' | 'kpi-tile' | 'customer-360' | 'revenue-trend' | 'mrr-waterfall' | 'top-customers';
  x: number;
  y: number;
  w: number;
  h: number;
  attributes: Record<string, string>;
}

/** One dashboard of the portal. */
export interface Dashboard {
  id: string;
  title: string;
  description: string;
  items: LayoutItem[];
}

/** Plot height of the dashboards' charts, in pixels. */
const PLOT_HEIGHT = 220;

/** A KPI tile in the top row; `unit` as `<kpi-tile>` takes it (`USD` for money, `%` for ratios). */
const kpi = (id: string, x: number, metric: string, label: string, range = '30d', unit?: string): LayoutItem => ({
  id,
  widget: 'kpi-tile',
  x,
  y: 0,
  w: 3,
  h: 1,
  attributes: { metric, range, granularity: range.endsWith('h') ? 'hour' : 'day', label, live: '', ...(unit ? { unit } : {}) },
});

/** A chart three rows high: its plot is {@link PLOT_HEIGHT} pixels. */
const chart = (id: string, x: number, y: number, w: number, attributes: Record<string, string>): LayoutItem => ({
  id,
  widget: 'metric-chart',
  x,
  y,
  w,
  h: 3,
  attributes: { live: '', height: String(PLOT_HEIGHT), ...attributes },
});

export const DASHBOARDS: readonly Dashboard[] = [
  {
    id: 'executive',
    title: 'Executive overview',
    description: 'Northwind Metrics at a glance: revenue, usage and support, updated as events arrive.',
    items: [
      kpi('mrr', 0, 'mrr', 'MRR', '30d', 'USD'),
      kpi('customers', 3, 'paying_customers', 'Paying customers'),
      kpi('active', 6, 'mau', 'Monthly active users'),
      kpi('events-today', 9, 'events', 'Events, last 24 hours', '24h'),
      { id: 'mrr-trend', widget: 'revenue-trend', x: 0, y: 1, w: 8, h: 3, attributes: { measure: 'mrr', range: '12mo', granularity: 'month', live: '' } },
      { id: 'top', widget: 'top-customers', x: 8, y: 1, w: 4, h: 3, attributes: { limit: '6' } },
      chart('events', 0, 4, 8, { metric: 'events', range: '24h', granularity: 'hour', 'group-by': 'source', type: 'area', label: 'Events by source, last 24 hours' }),
      chart('tickets', 8, 4, 4, { metric: 'tickets_opened', range: '30d', granularity: 'day', type: 'bar', label: 'Tickets opened' }),
    ],
  },
  {
    id: 'revenue',
    title: 'Revenue',
    description: 'Recurring revenue and where it moved: new business, expansion, contraction and churn.',
    items: [
      kpi('mrr', 0, 'mrr', 'MRR', '30d', 'USD'),
      kpi('arr', 3, 'arr', 'ARR', '30d', 'USD'),
      kpi('new', 6, 'new_mrr', 'New MRR, 30 days', '30d', 'USD'),
      kpi('churned', 9, 'churned_mrr', 'Churned MRR, 30 days', '30d', 'USD'),
      { id: 'trend', widget: 'revenue-trend', x: 0, y: 1, w: 12, h: 3, attributes: { measure: 'mrr', range: '12mo', granularity: 'month', live: '' } },
      { id: 'waterfall', widget: 'mrr-waterfall', x: 0, y: 4, w: 8, h: 3, attributes: { range: '12mo', granularity: 'month' } },
      chart('invoiced', 8, 4, 4, { metric: 'revenue', range: '90d', granularity: 'week', type: 'bar', currency: 'USD', label: 'Invoiced revenue by week' }),
    ],
  },
  {
    id: 'product',
    title: 'Product adoption',
    description: 'Who uses the product, how often, and which features they reach for.',
    items: [
      kpi('wau', 0, 'wau', 'Weekly active users', '7d'),
      kpi('mau', 3, 'mau', 'Monthly active users'),
      kpi('feature-uses', 6, 'feature_uses', 'Feature uses, 30 days'),
      kpi('events', 9, 'events', 'Events, last 24 hours', '24h'),
      chart('active', 0, 1, 8, { metric: 'dau', range: '90d', granularity: 'day', type: 'line', compare: 'previous_period', label: 'Daily active users, 90 days' }),
      chart('wau', 8, 1, 4, { metric: 'wau', range: '90d', granularity: 'week', type: 'line', label: 'Weekly active users' }),
      chart('features', 0, 4, 12, { metric: 'feature_uses', range: '30d', granularity: 'day', 'group-by': 'feature', type: 'area', label: 'Feature use by feature, 30 days' }),
    ],
  },
  {
    id: 'support',
    title: 'Support',
    description: 'Ticket volume, response times and satisfaction across Zendesk and Intercom.',
    items: [
      kpi('opened', 0, 'tickets_opened', 'Tickets opened, 30 days'),
      kpi('solved', 3, 'tickets_solved', 'Tickets solved, 30 days'),
      kpi('response', 6, 'median_first_response', 'Median first response'),
      kpi('csat', 9, 'csat', 'CSAT', '30d', '%'),
      chart('volume', 0, 1, 8, { metric: 'tickets_opened', range: '90d', granularity: 'week', 'group-by': 'channel', type: 'bar', label: 'Tickets opened by channel' }),
      chart('csat', 8, 1, 4, { metric: 'csat', range: '90d', granularity: 'week', type: 'line', label: 'CSAT by week' }),
      chart('first-response', 0, 4, 6, { metric: 'median_first_response', range: '90d', granularity: 'week', 'group-by': 'source', type: 'line', label: 'Median first response by source' }),
      chart('solved', 6, 4, 6, { metric: 'tickets_solved', range: '30d', granularity: 'day', 'group-by': 'source', type: 'bar', label: 'Tickets solved by source' }),
    ],
  },
];

/** The dashboard with `id`, or the first. */
export function dashboardById(id: string): Dashboard | undefined {
  return DASHBOARDS.find((d) => d.id === id);
}
