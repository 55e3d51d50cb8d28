/**
 * @tally/widgets: Lit custom elements that embed Tally analytics. Importing this module registers the elements
 * (`<kpi-tile>`); registering twice is harmless.
 * @packageDocumentation
 */
export { TallyProvider } from './tally-provider.ts';
export { KpiTile } from './kpi-tile.ts';
export type { KpiTileState } from './kpi-tile.ts';
export { MetricChart } from './metric-chart.ts';
export { queryCsv, csvField } from './charts/export-csv.ts';
export { Customer360 } from './customer-360.ts';
export { RevenueTrend } from './revenue/revenue-trend.ts';
export { MrrWaterfall } from './revenue/mrr-waterfall.ts';
export { TopCustomers, tallySelectCustomerEvent } from './revenue/top-customers.ts';
export type { TallySelectCustomerDetail } from './revenue/top-customers.ts';
export { TallyDashboard } from './dashboard/tally-dashboard.ts';
export type { TallyLayoutChangeDetail } from './dashboard/tally-dashboard.ts';
export { waterfall, waterfallBars } from './charts/waterfall.ts';
export type { WaterfallBar, WaterfallOptions, WaterfallStep } from './charts/waterfall.ts';
export { defineElement } from './define-element.ts';
export { tallyErrorEvent } from './events.ts';
export type { TallyErrorDetail, TallyErrorEventCode } from './events.ts';
export { formatDelta, numberFormatter } from './format-number.ts';
export type { DeltaDirection, FormatterResult } from './format-number.ts';
export { sparkline, sparklineGeometry } from './sparkline.ts';
export type { SparklineGeometry, SparklineOptions } from './sparkline.ts';
