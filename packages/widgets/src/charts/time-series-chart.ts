import { areaY, axisX, axisY, dot, gridY, lineY, plot, rect, ruleY, type Markish } from '@observablehq/plot';
import { scaleLinear } from 'd3';

/** How the current period is drawn. */
export type ChartType = 'line' | 'area' | 'bar';

/** One series to draw, in display units (already scaled), one value per bucket; null is a gap. */
export interface ChartSeries {
  key: string;
  color: string;
  values: readonly (number | null)[];
  /** The previous period aligned by position: a dashed, faded line in the same color. */
  previous?: readonly (number | null)[] | undefined;
}

/** What {@link timeSeriesChart} draws: buckets `[starts[i], ends[i])` and the series over them. */
export interface TimeSeriesData {
  starts: readonly Date[];
  ends: readonly Date[];
  series: readonly ChartSeries[];
}

/** Options of {@link timeSeriesChart}. */
export interface TimeSeriesOptions {
  /** @default 'line' */
  type?: ChartType;
  /** Outer size in pixels. */
  width: number;
  height: number;
  /** Stack grouped bars (for additive units); otherwise bars are drawn side by side in one band. @default true */
  stack?: boolean;
  /** Axis label of a y tick (display units). */
  yTick: (value: number) => string;
  /** Axis label of an x tick; `previous` is the tick before, for adding the day or year when it changes. */
  xTick: (date: Date, previous: Date | undefined) => string;
  /** Indexes of the buckets that get an x tick. */
  xTicks: readonly number[];
  /** Concrete colors (a PNG export cannot resolve CSS variables). */
  colors: { text: string; muted: string; grid: string };
  fontFamily?: string;
}

/** A drawn chart: the SVG and the mapping of data to its pixels, for tooltips and focus marks. */
export interface DrawnChart {
  svg: SVGSVGElement;
  x: (date: Date) => number;
  y: (value: number) => number;
  /** The plotting area inside the margins, in pixels from the SVG's top left. */
  frame: { left: number; right: number; top: number; bottom: number };
}

const TICK_FONT_PX = 11;

/**
 * Which type to draw for what was asked, and why it differs: bars thinner than 3 px become an area, so
 * 10,000 buckets never turn into 10,000 rects. `perBucket` is how many bars share a bucket (1 when stacked).
 *
 * @example
 * resolveChartType('bar', { buckets: 8760, perBucket: 1, width: 600 }); // { type: 'area', reason: … }
 */
export function resolveChartType(
  type: ChartType,
  context: { buckets: number; perBucket: number; width: number },
): { type: ChartType; reason?: string } {
  if (type === 'bar' && context.buckets * Math.max(1, context.perBucket) > context.width / 3) {
    return { type: 'area', reason: 'Too many bars for this width: drawn as an area.' };
  }
  return { type };
}

/**
 * Draws a time series with Observable Plot: one line (or area, or bars) per series on a UTC time axis,
 * previous periods dashed, y from zero with nice ticks. The SVG is `width` × `height`; it keeps one path per
 * line or area whatever the number of points (bars draw one rect per bucket and series: see
 * {@link resolveChartType}).
 *
 * @example
 * const { svg } = timeSeriesChart({ starts, ends, series: [{ key: '', color: '#0969da', values }] }, {
 *   width: 600, height: 240, yTick: String, xTick: (d) => d.toISOString().slice(5, 10), xTicks: [0, 7, 14],
 *   colors: { text: '#1f2328', muted: '#59636e', grid: '#d0d7de' },
 * });
 */
export function timeSeriesChart(data: TimeSeriesData, options: TimeSeriesOptions): DrawnChart {
  const { starts, ends, series } = data;
  const type = options.type ?? 'line';
  const stacked = type === 'bar' && options.stack !== false && series.length > 1 ? stack(series) : undefined;
  const [lo, hi] = stacked?.extent ?? extent(series);
  const innerGuess = Math.max(40, options.height - 40);
  const y = scaleLinear()
    .domain([Math.min(0, lo), Math.max(0, hi) || 1])
    .nice(Math.max(2, Math.floor(innerGuess / 40)));
  const yTicks = y.ticks(Math.max(2, Math.floor(innerGuess / 40)));
  const yLabels = yTicks.map(options.yTick);
  const marginLeft = Math.min(96, Math.max(28, Math.max(...yLabels.map((l) => l.length)) * TICK_FONT_PX * 0.62 + 10));
  const xTickDates = options.xTicks.map((i) => starts[i]).filter((d): d is Date => d !== undefined);
  const xLabels = new Map(xTickDates.map((d, i) => [d.getTime(), options.xTick(d, xTickDates[i - 1])]));
  const twoLines = [...xLabels.values()].some((l) => l.includes('\n'));

  const first = starts[0] ?? new Date(0);
  const last = type === 'bar' ? ends[ends.length - 1] : starts[starts.length - 1];
  const xDomain = [first, last !== undefined && last > first ? last : (ends[0] ?? new Date(first.getTime() + 1))];

  const { muted, grid, text } = options.colors;
  const marks: Markish[] = [
    gridY(yTicks, { stroke: grid, strokeOpacity: 1 }),
    axisY(yTicks, { tickSize: 0, tickFormat: (_v: number, i: number) => yLabels[i] ?? '', color: muted, label: null }),
    axisX(xTickDates, {
      tickSize: 4,
      tickFormat: (d: Date) => xLabels.get(d.getTime()) ?? '',
      color: muted,
      label: null,
    }),
  ];
  if (stacked !== undefined) marks.push(...barMarks(starts, ends, stacked.rows));
  else if (type === 'bar') marks.push(...barMarks(starts, ends, sideBySide(series)));
  else marks.push(...lineMarks(starts, series, type === 'area'));
  marks.push(...previousMarks(starts, series), ruleY([0], { stroke: muted, strokeOpacity: 0.6 }));

  const chart = plot({
    width: options.width,
    height: options.height,
    marginLeft,
    marginRight: 14,
    marginTop: 10,
    marginBottom: twoLines ? 34 : 22,
    x: { type: 'utc', domain: xDomain },
    y: { domain: y.domain(), nice: false },
    color: { type: 'identity' },
    style: { color: text, background: 'transparent', fontFamily: options.fontFamily ?? 'system-ui, sans-serif', fontSize: `${TICK_FONT_PX}px`, overflow: 'visible' },
    marks,
  }) as SVGSVGElement & { scale(name: 'x' | 'y'): { apply(v: unknown): number } | undefined };

  // Plot appends a <style> to every chart: an inline style a strict Content-Security-Policy blocks. Its rules
  // live in the widgets' Lit styles (themeStyles), so drop it before the chart reaches the document.
  chart.querySelector(':scope > style')?.remove();
  const xs = chart.scale('x');
  const ys = chart.scale('y');
  return {
    svg: chart,
    x: (d) => xs?.apply(d) ?? 0,
    y: (v) => ys?.apply(v) ?? 0,
    frame: { left: marginLeft, right: options.width - 14, top: 10, bottom: options.height - (twoLines ? 34 : 22) },
  };
}

/** Flat channel arrays over every (series, bucket): Plot draws one path per `z`, so no per-point DOM. */
function columns(starts: readonly Date[], series: readonly ChartSeries[], pick: (s: ChartSeries) => readonly (number | null)[] | undefined) {
  const x: Date[] = [];
  const y: number[] = [];
  const z: string[] = [];
  const color: string[] = [];
  for (const s of series) {
    const values = pick(s);
    if (values === undefined) continue;
    starts.forEach((start, i) => {
      x.push(start);
      y.push(values[i] ?? Number.NaN);
      z.push(s.key);
      color.push(s.color);
    });
  }
  return { x, y, z, color };
}

function lineMarks(starts: readonly Date[], series: readonly ChartSeries[], area: boolean): Markish[] {
  const c = columns(starts, series, (s) => s.values);
  const marks: Markish[] = [];
  if (area) {
    const zero = c.y.map(() => 0);
    marks.push(areaY(c.x, { x: c.x, y1: zero, y2: c.y, z: c.z, fill: c.color, fillOpacity: series.length > 1 ? 0.12 : 0.2 }));
  }
  marks.push(lineY(c.x, { x: c.x, y: c.y, z: c.z, stroke: c.color, strokeWidth: 1.75 }));
  // A value with gaps on both sides draws no line: give it a dot so it is not lost.
  const lone = c.x.map((_, i) => i).filter((i) => Number.isFinite(c.y[i]) && !joined(c, i, -1) && !joined(c, i, 1));
  if (lone.length > 0) marks.push(dot(lone, { x: (i: number) => c.x[i], y: (i: number) => c.y[i], fill: (i: number) => c.color[i], r: 2.5 }));
  return marks;
}

function joined(c: { y: number[]; z: string[] }, i: number, step: number): boolean {
  return c.z[i + step] === c.z[i] && Number.isFinite(c.y[i + step]);
}

function previousMarks(starts: readonly Date[], series: readonly ChartSeries[]): Markish[] {
  const c = columns(starts, series, (s) => s.previous);
  if (c.x.length === 0) return [];
  return [lineY(c.x, { x: c.x, y: c.y, z: c.z, stroke: c.color, strokeWidth: 1.5, strokeDasharray: '4 3', strokeOpacity: 0.7 })];
}

interface BarRow {
  bucket: number;
  band: [number, number];
  y1: number;
  y2: number;
  color: string;
}

function barMarks(starts: readonly Date[], ends: readonly Date[], rows: readonly BarRow[]): Markish[] {
  const at = (row: BarRow, f: number) => {
    const a = starts[row.bucket]!.getTime();
    const b = ends[row.bucket]!.getTime();
    return new Date(a + (b - a) * f);
  };
  return [
    rect(rows, {
      x1: (r: BarRow) => at(r, r.band[0]),
      x2: (r: BarRow) => at(r, r.band[1]),
      y1: (r: BarRow) => r.y1,
      y2: (r: BarRow) => r.y2,
      fill: (r: BarRow) => r.color,
      insetLeft: 0.5,
      insetRight: 0.5,
    }),
  ];
}

/** Stacked bars: positives stack up from zero and negatives down, as Plot's stackY does. */
function stack(series: readonly ChartSeries[]): { rows: BarRow[]; extent: [number, number] } {
  const rows: BarRow[] = [];
  const length = Math.max(0, ...series.map((s) => s.values.length));
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < length; i++) {
    let up = 0;
    let down = 0;
    for (const s of series) {
      const v = s.values[i];
      if (v === null || v === undefined || v === 0) continue;
      const base = v > 0 ? up : down;
      if (v > 0) up += v;
      else down += v;
      rows.push({ bucket: i, band: [0.08, 0.92], y1: base, y2: base + v, color: s.color });
    }
    hi = Math.max(hi, up);
    lo = Math.min(lo, down);
  }
  for (const s of series) for (const v of s.previous ?? []) if (v !== null) (hi = Math.max(hi, v)), (lo = Math.min(lo, v));
  return { rows, extent: [lo, hi] };
}

/** Unstacked bars: each series gets its own slice of the bucket. */
function sideBySide(series: readonly ChartSeries[]): BarRow[] {
  const rows: BarRow[] = [];
  const n = Math.max(1, series.length);
  series.forEach((s, k) => {
    const band: [number, number] = [0.08 + (0.84 * k) / n, 0.08 + (0.84 * (k + 1)) / n];
    s.values.forEach((v, i) => {
      if (v !== null) rows.push({ bucket: i, band, y1: 0, y2: v, color: s.color });
    });
  });
  return rows;
}

function extent(series: readonly ChartSeries[]): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const s of series) {
    for (const list of [s.values, s.previous ?? []]) {
      for (const v of list) {
        if (v === null) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  return [lo, hi];
}
