/** The Plot-based drawing module. */
export type TimeSeriesChartModule = typeof import('./time-series-chart.ts');

let loading: Promise<TimeSeriesChartModule> | undefined;

/**
 * Loads the drawing module, and with it Observable Plot (about 55 KB gzip in the script-tag build), the first time a chart draws:
 * the script-tag bundle stays small and pages without a `<metric-chart>` never fetch Plot. The build writes
 * it as a chunk beside the bundle (dist/chunks/); later calls share the first load.
 */
export function loadTimeSeriesChart(): Promise<TimeSeriesChartModule> {
  // A failed fetch (offline, a deploy replaced the chunk) is not cached: the next call tries again.
  loading ??= import('./time-series-chart.ts').catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
