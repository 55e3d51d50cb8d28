import { linear } from './linear-scale.ts';

/** One step of a waterfall: a total (drawn from zero) or a change (drawn from the running total). */
export interface WaterfallStep {
  label: string;
  value: number;
  /** `total` bars stand on zero and reset the running total; `change` bars move it by `value`. */
  kind: 'total' | 'change';
}

/** A step placed: where its bar starts and ends on the value axis, and which way it goes. */
export interface WaterfallBar {
  label: string;
  value: number;
  kind: 'total' | 'up' | 'down';
  from: number;
  to: number;
}

/** Options of {@link waterfall}. */
export interface WaterfallOptions {
  /** Width in pixels (the SVG's viewBox; it scales to its container). */
  width: number;
  /** Height in pixels. @default 240 (vertical), 28 per step + 8 (horizontal) */
  height?: number;
  /** `vertical` columns, or `horizontal` rows that fit narrow containers. @default 'vertical' */
  orientation?: 'vertical' | 'horizontal';
  /** Formats a total: `$120K`. */
  format: (value: number) => string;
  /** Formats a change with its sign: `+$20K`, `−$4K`. @default format with a + or − in front */
  formatChange?: (value: number) => string;
  /** The accessible name of the chart (`aria-label` of the SVG). */
  label?: string;
}

const MINUS = '\u2212';

/**
 * Places `steps` as bars: totals from 0 to their value, changes from the running total to the running total
 * plus their value (`up` when positive, `down` when negative).
 *
 * @example
 * waterfallBars([{ label: 'Start', value: 100, kind: 'total' }, { label: 'New', value: 20, kind: 'change' }]);
 * // [{ …, kind: 'total', from: 0, to: 100 }, { …, kind: 'up', from: 100, to: 120 }]
 */
export function waterfallBars(steps: readonly WaterfallStep[]): WaterfallBar[] {
  let running = 0;
  return steps.map((step) => {
    if (step.kind === 'total') {
      running = step.value;
      return { label: step.label, value: step.value, kind: 'total', from: 0, to: step.value };
    }
    const from = running;
    running += step.value;
    return { label: step.label, value: step.value, kind: step.value < 0 ? 'down' : 'up', from, to: running };
  });
}

function signed(format: (value: number) => string): (value: number) => string {
  return (value) => (value < 0 ? `${MINUS}${format(-value)}` : `+${format(value)}`);
}

/**
 * A waterfall chart as an SVG element: one bar per step, dashed connectors between them, every bar labelled
 * with its value (changes signed, so it reads without colour). Bars carry the classes `bar total`, `bar up`
 * or `bar down` and draw in `currentColor` unless CSS colours them. The SVG has `role="img"`; give the page
 * a data table of the same numbers as well.
 *
 * @example
 * const svg = waterfall(steps, { width: 480, format: (v) => `$${v}` });
 * container.replaceChildren(svg);
 */
export function waterfall(steps: readonly WaterfallStep[], options: WaterfallOptions): SVGSVGElement {
  const bars = waterfallBars(steps);
  const horizontal = options.orientation === 'horizontal';
  const width = Math.max(120, options.width);
  const height = options.height ?? (horizontal ? bars.length * 28 + 8 : 240);
  const format = options.format;
  const formatChange = options.formatChange ?? signed(format);
  const text = (bar: WaterfallBar) => (bar.kind === 'total' ? format(bar.value) : formatChange(bar.value));
  const extent = bars.flatMap((b) => [b.from, b.to]);
  const domain: [number, number] = [Math.min(0, ...extent), Math.max(0, ...extent)];
  if (domain[0] === domain[1]) domain[1] = 1;

  const svg = element('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width: '100%',
    class: `waterfall ${horizontal ? 'horizontal' : 'vertical'}`,
    role: 'img',
    'aria-label': options.label ?? bars.map((b) => `${b.label} ${text(b)}`).join(', '),
    'font-size': 11,
  });
  const labels = bars.map((b) => b.label);
  const groups = bars.map((b) => svg.appendChild(element('g', { class: `step ${b.kind}` })));
  const connectors = () => bars.slice(0, -1).map(() => svg.appendChild(element('line', { class: 'connector' })));

  if (horizontal) {
    const labelWidth = Math.min(110, width * 0.32);
    const valueWidth = Math.min(80, width * 0.24);
    const y = band(labels, [4, height - 4], 0.25);
    const x = linear(domain, [labelWidth, width - valueWidth - 6]);
    bars.forEach((b, i) => {
      const top = y.at(b.label);
      const middle = top + y.bandwidth / 2;
      groups[i]!.append(
        element('text', { class: 'category', x: 0, y: middle, dy: '0.35em' }, b.label),
        element('rect', {
          class: `bar ${b.kind}`, fill: 'currentColor',
          x: x(Math.min(b.from, b.to)), width: Math.max(1, Math.abs(x(b.to) - x(b.from))), y: top, height: y.bandwidth,
        }),
        element('text', { class: 'value', x: width, 'text-anchor': 'end', y: middle, dy: '0.35em' }, text(b)),
      );
    });
    connectors().forEach((line, i) => {
      const b = bars[i]!;
      attrs(line, {
        x1: x(b.to), x2: x(b.to), y1: y.at(b.label) + y.bandwidth, y2: y.at(bars[i + 1]!.label),
        stroke: 'currentColor', 'stroke-dasharray': '2 2',
      });
    });
    return svg;
  }

  const margin = { top: 18, bottom: 22 };
  const x = band(labels, [0, width], 0.2);
  const y = linear(domain, [height - margin.bottom, margin.top]);
  bars.forEach((b, i) => {
    const center = x.at(b.label) + x.bandwidth / 2;
    groups[i]!.append(
      element('rect', {
        class: `bar ${b.kind}`, fill: 'currentColor',
        x: x.at(b.label), width: x.bandwidth, y: y(Math.max(b.from, b.to)), height: Math.max(1, Math.abs(y(b.from) - y(b.to))),
      }),
      element('text', { class: 'value', 'text-anchor': 'middle', x: center, y: y(Math.max(b.from, b.to)) - 4 }, text(b)),
      element('text', { class: 'category', 'text-anchor': 'middle', x: center, y: height - 6 }, b.label),
    );
  });
  svg.appendChild(element('line', { class: 'axis', x1: 0, x2: width, y1: y(0), y2: y(0), stroke: 'currentColor' }));
  connectors().forEach((line, i) => {
    const b = bars[i]!;
    attrs(line, {
      y1: y(b.to), y2: y(b.to), x1: x.at(b.label) + x.bandwidth, x2: x.at(bars[i + 1]!.label),
      stroke: 'currentColor', 'stroke-dasharray': '2 2',
    });
  });
  return svg;
}

// Small SVG helpers instead of d3: this module is in the script-tag bundle's entry, which stays free of d3.

const SVG_NS = 'http://www.w3.org/2000/svg';

function attrs<E extends Element>(node: E, values: Record<string, string | number>): E {
  for (const [name, value] of Object.entries(values)) node.setAttribute(name, String(value));
  return node;
}

function element<K extends keyof SVGElementTagNameMap>(tag: K, values: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = attrs(document.createElementNS(SVG_NS, tag), values);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Equal bands for distinct `labels` across `range` (either way round), with `padding` (a fraction of a step) between and around them. */
function band(labels: readonly string[], range: readonly [number, number], padding: number) {
  const distinct = [...new Set(labels)];
  const n = distinct.length;
  const reverse = range[1] < range[0];
  const [lo, hi] = reverse ? [range[1], range[0]] : range;
  const step = (hi - lo) / Math.max(1, n - padding + padding * 2);
  const first = lo + (hi - lo - step * (n - padding)) * 0.5;
  const index = new Map(distinct.map((label, i) => [label, reverse ? n - 1 - i : i]));
  return { bandwidth: step * (1 - padding), at: (label: string) => first + step * index.get(label)! };
}
