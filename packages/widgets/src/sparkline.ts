import { html, nothing, svg, type TemplateResult } from 'lit';
import { linear } from './charts/linear-scale.ts';

/** Size of a {@link sparkline}, in SVG user units; the SVG scales to its container's width, keeping this ratio. */
export interface SparklineOptions {
  /** @default 120 */
  width?: number;
  /** @default 32 */
  height?: number;
  /** Space kept free around the line so its stroke and end dot are not clipped. @default 3 */
  inset?: number;
}

/** The drawn parts of a sparkline: the line's path and its last finite point. */
export interface SparklineGeometry {
  path: string;
  last: { x: number; y: number };
}

const defaults = { width: 120, height: 32, inset: 3 } as const;

/**
 * Geometry of a sparkline over `data`: evenly spaced in x, y scaled to the data's own min and max, gaps where
 * entries are not finite. `null` when fewer than two points are finite.
 *
 * @example
 * sparklineGeometry([1, 3, 2])?.path; // 'M3,29L60,3L117,16'
 */
export function sparklineGeometry(data: readonly number[], options: SparklineOptions = {}): SparklineGeometry | null {
  const { width, height, inset } = { ...defaults, ...options };
  const finite = data.filter(Number.isFinite);
  if (finite.length < 2) return null;
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const x = linear([0, data.length - 1], [inset, width - inset]);
  const y = linear(min === max ? [min - 1, max + 1] : [min, max], [height - inset, inset]);
  let path = '';
  let run = 0; // points in the current unbroken run
  data.forEach((d, i) => {
    if (!Number.isFinite(d)) {
      if (run === 1) path += 'Z';
      run = 0;
      return;
    }
    path += `${run === 0 ? 'M' : 'L'}${round(x(i))},${round(y(d))}`;
    run += 1;
  });
  // A lone point (gaps on both sides) is a closed zero-length subpath: its round cap draws a dot.
  if (run === 1) path += 'Z';
  const lastIndex = data.findLastIndex(Number.isFinite);
  const lastValue = data[lastIndex];
  if (lastValue === undefined) return null;
  return { path, last: { x: x(lastIndex), y: y(lastValue) } };
}

/** Three decimals, as path data needs no more. */
function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * A sparkline as a Lit template: an `<svg>` as wide as its container, drawn in `currentColor`, with a dot on
 * the last point. Renders nothing for fewer than two finite points.
 *
 * @example
 * html`<div class="trend">${sparkline([3, 5, 4, 8], { width: 80, height: 24 })}</div>`
 */
export function sparkline(data: readonly number[], options: SparklineOptions = {}): TemplateResult | typeof nothing {
  const size = { ...defaults, ...options };
  const geometry = sparklineGeometry(data, size);
  if (geometry === null) return nothing;
  const { path, last } = geometry;
  return html`<svg viewBox="0 0 ${size.width} ${size.height}" width="100%" aria-hidden="true" focusable="false">
    ${svg`<path d=${path} fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round"></path>
    <circle cx=${last.x} cy=${last.y} r="2" fill="currentColor"></circle>`}
  </svg>`;
}
