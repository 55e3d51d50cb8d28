/**
 * `@tally/widgets/react`: typed React components for every Tally element, made with `@lit/react`. Props set the
 * element's properties (objects and callbacks included, not only strings), `ref` gives the element, and each
 * custom event has a camelCase prop: `onTallyError` for `tally-error`. React is the host's: a peer dependency
 * (optional, so Vue and plain pages install nothing), imported here and never bundled.
 *
 * @example
 * import { MetricChart, TallyProvider } from '@tally/widgets/react';
 *
 * <TallyProvider server="https://tally.example.com" getToken={fetchTallyToken}>
 *   <MetricChart metric="mrr" range="90d" live onTallyError={(e) => console.warn(e.detail.message)} />
 * </TallyProvider>
 * @packageDocumentation
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { Customer360 as Customer360Element } from './customer-360.ts';
import { TallyDashboard as TallyDashboardElement, type TallyLayoutChangeDetail } from './dashboard/tally-dashboard.ts';
import type { TallyErrorDetail } from './events.ts';
import { KpiTile as KpiTileElement } from './kpi-tile.ts';
import { MetricChart as MetricChartElement } from './metric-chart.ts';
import { MrrWaterfall as MrrWaterfallElement } from './revenue/mrr-waterfall.ts';
import { RevenueTrend as RevenueTrendElement } from './revenue/revenue-trend.ts';
import { TopCustomers as TopCustomersElement, type TallySelectCustomerDetail } from './revenue/top-customers.ts';
import { TallyProvider as TallyProviderElement } from './tally-provider.ts';

/** `tally-error`: an invalid attribute or a failed load, with a stable `code` (see {@link TallyErrorDetail}). */
const tallyError = 'tally-error' as EventName<CustomEvent<TallyErrorDetail>>;

/** `<tally-provider>`: gives the widgets inside it one client (`server` + `getToken`, or a ready `client`). */
export const TallyProvider = createComponent({
  react: React,
  tagName: 'tally-provider',
  elementClass: TallyProviderElement,
  events: { onTallyError: tallyError },
  displayName: 'TallyProvider',
});

/** `<metric-chart>`: a time-series chart of one metric, live, with table and export. */
export const MetricChart = createComponent({
  react: React,
  tagName: 'metric-chart',
  elementClass: MetricChartElement,
  events: { onTallyError: tallyError },
  displayName: 'MetricChart',
});

/** `<kpi-tile>`: a labelled KPI value with ▲/▼ change and sparkline. */
export const KpiTile = createComponent({
  react: React,
  tagName: 'kpi-tile',
  elementClass: KpiTileElement,
  events: { onTallyError: tallyError },
  displayName: 'KpiTile',
});

/** `<customer-360>`: one customer's plan, MRR, health, usage, tickets and timeline. */
export const Customer360 = createComponent({
  react: React,
  tagName: 'customer-360',
  elementClass: Customer360Element,
  events: { onTallyError: tallyError },
  displayName: 'Customer360',
});

/** `<revenue-trend>`: MRR or ARR over time, with the current figure and its change. */
export const RevenueTrend = createComponent({
  react: React,
  tagName: 'revenue-trend',
  elementClass: RevenueTrendElement,
  events: { onTallyError: tallyError },
  displayName: 'RevenueTrend',
});

/** `<mrr-waterfall>`: MRR movements of a range as a waterfall, start to end. */
export const MrrWaterfall = createComponent({
  react: React,
  tagName: 'mrr-waterfall',
  elementClass: MrrWaterfallElement,
  events: { onTallyError: tallyError },
  displayName: 'MrrWaterfall',
});

/** `<top-customers>`: the customers with the highest MRR; `onTallySelectCustomer` gets the chosen id. */
export const TopCustomers = createComponent({
  react: React,
  tagName: 'top-customers',
  elementClass: TopCustomersElement,
  events: {
    onTallySelectCustomer: 'tally-select-customer' as EventName<CustomEvent<TallySelectCustomerDetail>>,
    onTallyError: tallyError,
  },
  displayName: 'TopCustomers',
});

/** `<tally-dashboard>`: a rearrangeable grid of Tally widgets; `onTallyLayoutChange` gets each new layout. */
export const TallyDashboard = createComponent({
  react: React,
  tagName: 'tally-dashboard',
  elementClass: TallyDashboardElement,
  events: {
    onTallyLayoutChange: 'tally-layout-change' as EventName<CustomEvent<TallyLayoutChangeDetail>>,
    onTallyError: tallyError,
  },
  displayName: 'TallyDashboard',
});

export type { TallyLayoutChangeDetail } from './dashboard/tally-dashboard.ts';
export type { TallyErrorDetail } from './events.ts';
export type { TallySelectCustomerDetail } from './revenue/top-customers.ts';
