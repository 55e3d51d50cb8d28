import type { DashboardItem, DashboardWidget } from '@tally/client-sdk';

const NAMES: Readonly<Record<DashboardWidget, string>> = {
  'metric-chart': 'Metric chart',
  'kpi-tile': 'KPI tile',
  'customer-360': 'Customer 360',
  'revenue-trend': 'Revenue trend',
  'mrr-waterfall': 'MRR waterfall',
  'top-customers': 'Top customers',
};

/**
 * What an item is called in announcements and its accessible name: its `label` attribute, else the widget's
 * name with what it shows (`Metric chart: signups`, `Revenue trend: arr`).
 */
export function itemLabel(item: DashboardItem): string {
  const { label, metric, measure } = item.attributes;
  if (label?.trim()) return label.trim();
  const name = NAMES[item.widget] ?? item.widget;
  const what = metric ?? measure ?? item.attributes['customer-id'];
  return what ? `${name}: ${what}` : name;
}

/** Where an item is, in words: "column 1, row 2, 6 columns wide, 3 rows high" (1-based, as people count). */
export function itemPosition(item: DashboardItem): string {
  const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  return `column ${item.x + 1}, row ${item.y + 1}, ${plural(item.w, 'column')} wide, ${plural(item.h, 'row')} high`;
}
