import type { QueryResponse } from '@tally/client-sdk';
import type { TimeSeriesChartModule } from './charts/load-time-series-chart.ts';
import { displayUnit, metricFormat, type MetricFormat } from './charts/metric-format.ts';
import { bucketFormat, hourTickIndexes, tickIndexes } from './charts/time-format.ts';
import type { ChartSeries, ChartType, DrawnChart } from './charts/time-series-chart.ts';
import { chartModel, magnitude, metricTitle, type ChartModel } from './metric-chart-model.ts';
import type { ChartTableData } from './metric-chart-table.ts';
import type { ResolvedTheme } from './styles/theme.ts';

/** A legend entry: a series, or its previous period (dashed). */
export interface LegendItem {
  label: string;
  color: string;
  dashed: boolean;
}

/** The tooltip of one bucket. */
export interface TooltipContent {
  when: string;
  rows: { label: string; value: string; color: string; previous: boolean }[];
  /** Where to put a dot per series (display value), undefined where the value is missing. */
  markers: { series: string; color: string; value: number | undefined }[];
}

/** Everything `<metric-chart>` shows for one answer, formatted; drawing waits for the width. */
export interface ChartView {
  model: ChartModel;
  title: string;
  legend: LegendItem[];
  freshAt: { iso: string; text: string } | undefined;
  table: ChartTableData;
  tooltip(index: number): TooltipContent;
  /** The bucket's values as one sentence, for the slider's `aria-valuetext`. */
  spoken(index: number): string;
  /** Draws at a size; `reason` says why the drawn type differs from the asked one. */
  draw(module: TimeSeriesChartModule, size: { type: ChartType; width: number; height: number }): { chart: DrawnChart; type: ChartType; reason?: string };
  /** The x pixel of each bucket on a drawn chart (its middle for bars). */
  positions(drawn: { chart: DrawnChart; type: ChartType }): number[];
}

/** Inputs of {@link chartView} besides the answer. */
export interface ChartViewOptions {
  label: string | undefined;
  locale: string | undefined;
  timezone: string | undefined;
  currency: string | undefined;
  theme: ResolvedTheme;
}

/** Units whose values add up across groups, so grouped bars stack. */
const ADDITIVE = new Set(['count', 'users', 'money']);

/**
 * Formats a query answer for the chart, legend, tooltip, table and live indicator, or names the attribute
 * (`currency`, `locale`) that makes formatting impossible.
 */
export function chartView(
  response: QueryResponse,
  options: ChartViewOptions,
): { ok: true; view: ChartView } | { ok: false; attribute: string; message: string } {
  const title = options.label?.trim() || metricTitle(response.meta.metric);
  const model = chartModel(response, title);
  const display = displayUnit(model.unit, options.currency, magnitude(model));
  const made = metricFormat(display, options.locale);
  if (!made.ok) {
    const attribute = made.attribute === 'unit' ? 'currency' : made.attribute;
    return { ok: false, attribute, message: made.message.replace(/^invalid unit/, 'invalid currency') };
  }
  const format: MetricFormat = made.format;
  const timeZone = options.timezone?.trim() || model.timezone || undefined;
  const dates = bucketFormat(model.granularity, options.locale, timeZone);
  const scaled = (v: number | null | undefined) => (v === null || v === undefined ? null : v * display.scale);
  const show = (v: number | null | undefined) => {
    const s = scaled(v);
    return s === null ? '—' : format.full(s);
  };
  const colors = model.series.map((_, i) => options.theme.series[i % options.theme.series.length]!);
  const compared = model.series.some((s) => s.previous !== undefined);
  const when = (i: number) => dates.full(model.starts[i]!, model.ends[i]!);
  const previousWhen = (starts: (Date | null)[] | undefined, i: number) => {
    const start = starts?.[i];
    const next = starts?.[i + 1];
    if (start == null) return undefined;
    return dates.full(start, next ?? new Date(start.getTime() + (model.ends[i]!.getTime() - model.starts[i]!.getTime())));
  };

  const legend: LegendItem[] = model.series.flatMap((s, i) => [
    { label: s.label, color: colors[i]!, dashed: false },
    ...(s.previous === undefined ? [] : [{ label: `${s.label}, previous period`, color: colors[i]!, dashed: true }]),
  ]);

  const series: ChartSeries[] = model.series.map((s, i) => ({
    key: s.key || `series-${i}`,
    color: colors[i]!,
    values: s.values.map(scaled),
    previous: s.previous?.map(scaled),
  }));

  const table: ChartTableData = {
    caption: `${title} per ${model.granularity}${compared ? '; previous period values aligned by position' : ''}`,
    columns: model.series.flatMap((s) => [s.label, ...(s.previous === undefined ? [] : [`${s.label}, previous period`])]),
    rowCount: model.starts.length,
    rows: (i) => [when(i), ...model.series.flatMap((s) => [show(s.values[i]), ...(s.previous === undefined ? [] : [show(s.previous[i])])])],
  };

  const freshFormat = new Intl.DateTimeFormat(options.locale?.trim() || undefined, { timeStyle: 'medium', timeZone });
  const view: ChartView = {
    model,
    title,
    legend,
    freshAt: model.freshAt === null ? undefined : { iso: model.freshAt.toISOString(), text: freshFormat.format(model.freshAt) },
    table,
    tooltip: (i) => ({
      when: when(i),
      rows: model.series.flatMap((s, k) => [
        { label: s.label, value: show(s.values[i]), color: colors[k]!, previous: false },
        ...(s.previous === undefined
          ? []
          : [{ label: previousWhen(s.previousStarts, i) ?? 'Previous period', value: show(s.previous[i]), color: colors[k]!, previous: true }]),
      ]),
      markers: series.map((s) => ({ series: s.key, color: s.color, value: s.values[i] ?? undefined })),
    }),
    spoken: (i) => {
      if (model.starts[i] === undefined) return '';
      const parts = model.series.map((s) => {
        const previous = s.previous === undefined ? '' : `, previous period ${show(s.previous[i])}`;
        return `${s.label} ${show(s.values[i])}${previous}`;
      });
      return `${when(i)}: ${parts.join('; ')}`;
    },
    draw: (module, size) => {
      const stack = ADDITIVE.has(model.unit);
      const resolved = module.resolveChartType(size.type, {
        buckets: model.starts.length,
        perBucket: stack ? 1 : series.length,
        width: size.width,
      });
      const axisWidth = size.width - 60;
      const ticks =
        model.granularity === 'hour'
          ? hourTickIndexes(model.starts.length, axisWidth, (i) => dates.startsDay(model.starts[i]!))
          : { indexes: tickIndexes(model.starts.length, axisWidth), coarse: false };
      const chart = module.timeSeriesChart(
        { starts: model.starts, ends: model.ends, series },
        {
          type: resolved.type,
          width: size.width,
          height: size.height,
          stack,
          yTick: format.tick,
          xTick: (d, previous) => dates.tick(d, previous, ticks.coarse),
          xTicks: ticks.indexes,
          colors: { text: options.theme.text, muted: options.theme.muted, grid: options.theme.border },
          fontFamily: options.theme.fontFamily,
        },
      );
      return resolved.reason === undefined ? { chart, type: resolved.type } : { chart, type: resolved.type, reason: resolved.reason };
    },
    positions: ({ chart, type }) =>
      model.starts.map((start, i) =>
        type === 'bar' ? chart.x(new Date((start.getTime() + model.ends[i]!.getTime()) / 2)) : chart.x(start),
      ),
  };
  return { ok: true, view };
}
