import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { keyedIndex, nearestIndex, tooltipLeft } from './charts/chart-pointer.ts';
import type { ChartType, DrawnChart } from './charts/time-series-chart.ts';
import type { TooltipContent } from './metric-chart-view.ts';

/** A chart as drawn, for placing the focus marks: its scales, its type and each bucket's x pixel. */
export interface ExploredChart {
  chart: DrawnChart;
  type: ChartType;
  width: number;
  positions: readonly number[];
}

/**
 * Which bucket of a chart is explored, by keyboard (a focused slider: ←/→, PageUp/PageDown, Home/End,
 * Escape) or pointer (nearest bucket), and where its crosshair, markers and tooltip go. The host renders
 * the tooltip of {@link active}; {@link place} positions it on the drawn chart.
 */
export class ChartExplorer implements ReactiveController {
  /** The explored bucket, or undefined when nothing is. */
  active: number | undefined;

  readonly #host: ReactiveControllerHost;
  readonly #count: () => number;
  readonly #drawn: () => ExploredChart | undefined;

  constructor(host: ReactiveControllerHost, count: () => number, drawn: () => ExploredChart | undefined) {
    this.#host = host;
    this.#count = count;
    this.#drawn = drawn;
    host.addController(this);
  }

  hostUpdate(): void {
    if (this.active !== undefined && this.active >= this.#count()) this.active = undefined;
  }

  /** Explores bucket `index` (undefined: none). */
  set(index: number | undefined): void {
    if (index === this.active) return;
    this.active = index;
    this.#host.requestUpdate();
  }

  readonly onKey = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') return this.set(undefined);
    const next = keyedIndex(event.key, this.active, this.#count());
    if (next === undefined) return;
    event.preventDefault();
    this.set(next);
  };

  /** Focus starts at the newest bucket. */
  readonly onFocus = (): void => {
    if (this.active === undefined && this.#count() > 0) this.set(this.#count() - 1);
  };

  readonly onBlur = (): void => this.set(undefined);

  readonly onPointer = (event: PointerEvent): void => {
    const drawn = this.#drawn();
    if (drawn === undefined) return;
    const px = event.clientX - (event.currentTarget as HTMLElement).getBoundingClientRect().left;
    const index = nearestIndex(drawn.positions, px);
    this.set(index < 0 ? undefined : index);
  };

  /** The pointer leaving keeps a keyboard-focused point. */
  readonly onPointerLeave = (event: PointerEvent): void => {
    const area = event.currentTarget as HTMLElement;
    if ((area.getRootNode() as ShadowRoot).activeElement !== area) this.set(undefined);
  };

  /** Positions the crosshair, markers and tooltip of the active bucket inside `area`. */
  place(area: HTMLElement, tip: TooltipContent | undefined): void {
    const drawn = this.#drawn();
    const index = this.active;
    if (drawn === undefined || index === undefined || tip === undefined) return;
    const x = drawn.positions[index] ?? 0;
    const { frame, y } = drawn.chart;
    const crosshair = area.querySelector<HTMLElement>('.crosshair');
    if (crosshair !== null) Object.assign(crosshair.style, { left: `${x}px`, top: `${frame.top}px`, height: `${frame.bottom - frame.top}px` });
    for (const marker of area.querySelectorAll<HTMLElement>('.marker')) {
      const value = tip.markers.find((m) => m.series === marker.dataset.series)?.value;
      // Stacked bars have no single y per series: the crosshair band says enough.
      if (value === undefined || drawn.type === 'bar') marker.style.display = 'none';
      else Object.assign(marker.style, { display: '', left: `${x}px`, top: `${y(value)}px` });
    }
    const tooltip = area.querySelector<HTMLElement>('.tooltip');
    if (tooltip !== null) Object.assign(tooltip.style, { left: `${tooltipLeft(x, tooltip.offsetWidth, drawn.width)}px`, top: `${frame.top}px` });
  }
}
