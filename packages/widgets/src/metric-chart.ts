import type { QueryRequest, QueryResponse } from '@tally/client-sdk';
import { LitElement, html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { downloadBlob, fileName } from './charts/download.ts';
import { queryCsv } from './charts/export-csv.ts';
import { exportSvg, svgToPng } from './charts/export-png.ts';
import { loadTimeSeriesChart, type TimeSeriesChartModule } from './charts/load-time-series-chart.ts';
import type { ChartType } from './charts/time-series-chart.ts';
import type { WidgetClient } from './data/client-context.ts';
import { ResourceController, toResourceError } from './data/resource-controller.ts';
import { defineElement } from './define-element.ts';
import { styleProps } from './directives/style-props.ts';
import type { TallyErrorDetail } from './events.ts';
import { InvalidAttributeReporter } from './invalid-attribute.ts';
import { numberFormatter } from './format-number.ts';
import { ChartExplorer, type ExploredChart } from './metric-chart-explorer.ts';
import { metricTitle } from './metric-chart-model.ts';
import { legendTemplate, liveTemplate, messageTemplate, toolbarTemplate, tooltipTemplate } from './metric-chart-parts.ts';
import { metricQuery, type MetricQueryResult } from './metric-chart-query.ts';
import { metricChartStyles } from './metric-chart-styles.ts';
import { chartTable } from './metric-chart-table.ts';
import { chartView, type ChartView } from './metric-chart-view.ts';
import { readTheme, stateStyles, tableStyles, themeStyles } from './styles/theme.ts';

/** What the chart box shows (its `data-state`). */
type ChartState = 'idle' | 'loading' | 'ready' | 'empty' | 'error';

const TYPES: readonly string[] = ['line', 'area', 'bar'] satisfies ChartType[];
const THEMES: readonly string[] = ['light', 'dark', 'auto'];

/** Reads a number attribute; a missing or blank attribute is `undefined`, text that is no number is `NaN`. */
const numberAttribute = {
  fromAttribute: (text: string | null): number | undefined => (text === null || text.trim() === '' ? undefined : Number(text)),
};

/**
 * A live time-series chart of one catalog metric: line, area or bars, split by a dimension, with the
 * previous period dashed, a keyboard- and pointer-driven tooltip, a data table, and CSV/PNG export. Data
 * comes from the nearest `<tally-provider>` (or the `client` property); `live` keeps it current.
 *
 * Bars thinner than 3 px (thousands of buckets on a narrow chart) are drawn as an area instead, with a
 * note saying so: lines and areas are one path per series whatever the number of points. Grouped bars
 * stack for units that add up (count, users, money) and stand side by side otherwise (ratios, seconds).
 *
 * Keyboard: Tab focuses the plot, a slider over the buckets whose value text reads the focused bucket's
 * values; ←/→ move one bucket, PageUp/PageDown a tenth of the range, Home/End to the ends, Escape hides
 * the tooltip. The data table (visually hidden until "Show table") has the same numbers, 200 rows a page.
 * Plot loads on the first draw (a separate chunk of the script-tag bundle).
 *
 * @tagname metric-chart
 * @summary A time-series chart of one metric, live, with table and export.
 * @example
 * <tally-provider server="https://tally.example.com">
 *   <metric-chart metric="mrr" range="90d" granularity="week" compare="previous_period" currency="USD" live></metric-chart>
 *   <metric-chart metric="signups" range="30d" group-by="source" type="bar" filters='{"source":["web","ios"]}'></metric-chart>
 * </tally-provider>
 *
 * @fires tally-error - `CustomEvent<{ code: 'invalid_attribute', attribute, message }>` when an attribute is
 *   invalid (the chart shows the message instead); bubbles and is composed. Fired once per distinct problem.
 *
 * @cssprop --tally-font-family - Font stack.
 * @cssprop --tally-color-text - Title and tooltip text.
 * @cssprop --tally-color-muted - Axes, legend, notes.
 * @cssprop --tally-color-background - Chart background.
 * @cssprop --tally-color-surface - Tooltip, buttons and table header.
 * @cssprop --tally-color-border - Border and grid lines.
 * @cssprop --tally-color-accent - Focus ring; the first series unless `--tally-series-1` is set.
 * @cssprop --tally-color-up - The live dot.
 * @cssprop --tally-color-error - Error message.
 * @cssprop --tally-color-skeleton - Loading placeholder.
 * @cssprop --tally-series-1 - Color of the first series (… up to `--tally-series-8`; more series reuse them).
 * @cssprop --tally-spacing - Padding. Default: 0.75rem.
 * @cssprop --tally-radius - Corner radius. Default: 0.5rem.
 *
 * @csspart base - The chart box; carries `data-state` (idle, loading, ready, empty, error).
 * @csspart title - The title.
 * @csspart live - The live indicator with the freshness time.
 * @csspart toolbar - The table toggle and export buttons.
 * @csspart legend - The legend list.
 * @csspart chart - The focusable plot area (a slider over the buckets).
 * @csspart tooltip - The tooltip of the focused or hovered bucket.
 * @csspart table - The data table's wrapper (visually hidden until "Show table").
 * @csspart message - The loading, empty, idle or error message.
 * @csspart retry - The error state's Retry button.
 */
export class MetricChart extends LitElement {
  static override properties: PropertyDeclarations = {
    metric: { type: String },
    range: { type: String },
    from: { type: String },
    to: { type: String },
    granularity: { type: String },
    groupBy: { type: String, attribute: 'group-by' },
    filters: {},
    compare: { type: String },
    type: { type: String },
    live: { type: Boolean },
    label: { type: String },
    locale: { type: String },
    timezone: { type: String },
    currency: { type: String },
    theme: { type: String, reflect: true },
    height: { converter: numberAttribute },
    client: { attribute: false },
  };

  static override styles = [themeStyles, stateStyles, tableStyles, metricChartStyles];

  /** Catalog metric name, e.g. `mrr`. Required. */
  declare metric: string | undefined;
  /** Relative range: `24h`, `7d`, `90d`, `12mo`. Ignored when `from` and `to` are set. @default '30d' */
  declare range: string | undefined;
  /** Start of an absolute range (ISO date or instant); needs `to`. @default undefined */
  declare from: string | undefined;
  /** End of an absolute range, exclusive. @default undefined */
  declare to: string | undefined;
  /** `hour`, `day`, `week` or `month`. @default undefined (the server's: day) */
  declare granularity: string | undefined;
  /** A dimension of the metric to split it by, one series per value (attribute `group-by`). @default undefined */
  declare groupBy: string | undefined;
  /** Dimension filters as JSON (`{"plan":["pro","team"]}`), or the object itself as a property. @default undefined */
  declare filters: string | Readonly<Record<string, readonly string[]>> | undefined;
  /** `previous_period` (or present and empty) to draw the previous period dashed; `none`. @default undefined (none) */
  declare compare: string | undefined;
  /** `line`, `area` or `bar`. @default 'line' */
  declare type: string | undefined;
  /** Keep the chart current over the live socket. @default false */
  declare live: boolean;
  /** Title. @default the metric's name, readable (`mrr` → MRR) */
  declare label: string | undefined;
  /** BCP 47 locale for numbers and dates. @default undefined (the browser's) */
  declare locale: string | undefined;
  /** IANA time zone for buckets and dates. @default undefined (the server's: UTC) */
  declare timezone: string | undefined;
  /**
   * ISO 4217 code of money metrics (their values are minor units); ignored with `group-by="currency"`.
   * @default undefined (a plain number in major units)
   */
  declare currency: string | undefined;
  /** `light`, `dark`, or `auto` (follows the system). @default undefined (light) */
  declare theme: string | undefined;
  /** Height of the plot in pixels (120–2000). @default 240 */
  declare height: number | undefined;
  /** A client to use instead of the nearest `<tally-provider>`'s; property only. @default undefined */
  declare client: WidgetClient | undefined;

  #query: MetricQueryResult = metricQuery({ metric: undefined, range: undefined, compare: undefined, timezone: undefined }, 'none');
  #problem: TallyErrorDetail | undefined;
  readonly #reporter = new InvalidAttributeReporter();
  #view: ChartView | undefined;
  #viewKey: unknown[] = [];
  #showTable = false;
  #tablePage = 0;
  #drawn: (ExploredChart & { reason?: string; key: unknown[] }) | undefined;
  #module: TimeSeriesChartModule | undefined;
  #loading: Promise<void> | undefined;
  /** Why the drawing module did not load, until Retry. */
  #moduleError: string | undefined;
  readonly #resize = new ResizeObserver(() => this.#draw());
  /** `theme="auto"` follows the system: redraw with the other palette when it flips. */
  readonly #scheme = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : undefined;
  readonly #onScheme = (): void => {
    if (this.theme?.trim() === 'auto') this.requestUpdate();
  };

  readonly #data = new ResourceController<QueryResponse>(this, {
    key: () => (this.#query.ok ? JSON.stringify(this.#query.request) : undefined),
    live: () => this.live,
    load: (client, signal) => client.query(this.#request(), { signal }),
    subscribe: (client, onValue, onError) => client.subscribe(this.#request(), onValue, { onError: (e) => onError(toResourceError(e)) }),
  });

  readonly #explorer = new ChartExplorer(
    this,
    () => this.#view?.model.starts.length ?? 0,
    () => this.#drawn,
  );

  constructor() {
    super();
    this.metric = undefined;
    this.range = undefined;
    this.from = undefined;
    this.to = undefined;
    this.granularity = undefined;
    this.groupBy = undefined;
    this.filters = undefined;
    this.compare = undefined;
    this.type = undefined;
    this.live = false;
    this.label = undefined;
    this.locale = undefined;
    this.timezone = undefined;
    this.currency = undefined;
    this.theme = undefined;
    this.height = undefined;
    this.client = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#resize.observe(this);
    this.#scheme?.addEventListener('change', this.#onScheme);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize.disconnect();
    this.#scheme?.removeEventListener('change', this.#onScheme);
  }

  /** Resolves once the chart is drawn, too (the drawing module loads asynchronously the first time). */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await this.#loading;
    return done;
  }

  protected override willUpdate(): void {
    const { metric, range, from, to, granularity, groupBy, filters, compare, timezone } = this;
    this.#query = metricQuery({ metric, range, from, to, granularity, groupBy, filters, compare, timezone }, 'none');
    this.#problem = this.#query.ok ? this.#validate() : this.#query.problem;
    const value = this.#data.value;
    if (this.#problem !== undefined || value === undefined) {
      this.#view = undefined;
      return;
    }
    const theme = readTheme(this);
    const key = [value, this.label, this.locale, this.timezone, this.currency, ...theme.series, theme.text, theme.muted, theme.border];
    if (this.#view !== undefined && key.every((k, i) => k === this.#viewKey[i])) return;
    // Series split by currency are each in their own: no one currency symbol fits the axis.
    const currency = this.groupBy?.trim() === 'currency' ? undefined : this.currency;
    const made = chartView(value, { label: this.label, locale: this.locale, timezone: this.timezone, currency, theme });
    this.#view = made.ok ? made.view : undefined;
    this.#viewKey = key;
    if (!made.ok) this.#problem = { code: 'invalid_attribute', attribute: made.attribute, message: made.message };
  }

  protected override updated(): void {
    this.#reporter.report(this, this.#problem);
    this.#draw();
  }

  protected override render(): TemplateResult {
    const state = this.#state();
    const view = this.#view;
    const title = view?.title ?? (this.label || (this.metric?.trim() ? metricTitle(this.metric.trim()) : 'Chart'));
    const busy = this.#data.state === 'loading';
    return html`<div part="base" class="base" data-state=${state} role="group" aria-labelledby="title" aria-busy=${busy ? 'true' : nothing}>
      <div class="header">
        <div part="title" class="title" id="title">${title}</div>
        ${busy && state === 'ready' ? html`<span class="status">Updating…</span>` : nothing}
        ${this.live && state !== 'error' ? liveTemplate(view) : nothing}
        ${state === 'ready'
          ? toolbarTemplate({ tableShown: this.#showTable, onTable: this.#toggleTable, onCsv: this.#downloadCsv, onPng: this.#downloadPng })
          : nothing}
      </div>
      ${this.#renderBody(state)}
    </div>`;
  }

  #state(): ChartState {
    if (this.#problem !== undefined || this.#data.state === 'error' || this.#moduleError !== undefined) return 'error';
    if (this.#view !== undefined) return this.#view.model.empty ? 'empty' : 'ready';
    return this.#data.state === 'loading' ? 'loading' : 'idle';
  }

  #renderBody(state: ChartState): TemplateResult {
    const height = this.#height();
    switch (state) {
      case 'error': {
        const retry = this.#problem !== undefined ? undefined : this.#moduleError !== undefined ? this.#retryModule : () => this.#data.retry();
        const message = this.#problem?.message ?? this.#data.error?.message ?? this.#moduleError ?? 'Could not load this chart.';
        return messageTemplate(message, height, retry === undefined ? { error: true } : { error: true, retry });
      }
      case 'loading':
        return html`<div class="skeleton chart" ${styleProps({ height: `${height}px` })}></div>
          <span part="message" class="visually-hidden">Loading…</span>`;
      case 'idle':
        return messageTemplate('Not connected: put this chart inside a <tally-provider> or set its client.', height);
      case 'empty':
        return messageTemplate('No data for this range', height);
      case 'ready':
        return this.#renderChart(this.#view!);
    }
  }

  #renderChart(view: ChartView): TemplateResult {
    const active = this.#explorer.active;
    const count = view.model.starts.length;
    const note = this.#drawn?.reason;
    return html`${view.legend.length > 1 ? legendTemplate(view) : nothing}
      <div
        part="chart"
        class="plot-area"
        tabindex="0"
        role="slider"
        aria-label=${`${view.title}: values by date`}
        aria-valuemin="0"
        aria-valuemax=${count - 1}
        aria-valuenow=${active ?? count - 1}
        aria-valuetext=${view.spoken(active ?? count - 1)}
        ?hidden=${this.#showTable}
        @keydown=${this.#explorer.onKey}
        @focus=${this.#explorer.onFocus}
        @blur=${this.#explorer.onBlur}
        @pointermove=${this.#explorer.onPointer}
        @pointerleave=${this.#explorer.onPointerLeave}
      >
        <div class="plot" ${styleProps({ height: `${this.#height()}px` })}></div>
        ${active === undefined ? nothing : tooltipTemplate(view.tooltip(active))}
      </div>
      ${note === undefined ? nothing : html`<div class="note">${note}</div>`}
      ${chartTable(view.table, { shown: this.#showTable, page: this.#tablePage, onPage: this.#turnPage })}`;
  }

  /** Draws (or redraws) the chart into `.plot` when its data, theme or width changed; places the tooltip. */
  #draw(): void {
    const target = this.renderRoot.querySelector<HTMLElement>('.plot');
    const view = this.#view;
    if (target === null || view === undefined || view.model.empty) {
      this.#drawn = undefined;
      return;
    }
    if (this.#module === undefined) {
      this.#loading ??= loadTimeSeriesChart().then(
        (module) => {
          this.#module = module;
          this.#draw();
        },
        (error: unknown) => {
          this.#moduleError = `The chart could not load: ${error instanceof Error ? error.message : String(error)}`;
          this.requestUpdate();
        },
      );
      return;
    }
    const width = Math.floor(target.clientWidth);
    if (width === 0) return;
    const type = (this.type?.trim() || 'line') as ChartType;
    const key = [view, type, this.#height(), width];
    const before = this.#drawn;
    if (before === undefined || target.firstChild !== before.chart.svg || key.some((k, i) => k !== before.key[i])) {
      const drawn = view.draw(this.#module, { type, width, height: this.#height() });
      drawn.chart.svg.setAttribute('aria-hidden', 'true');
      target.replaceChildren(drawn.chart.svg);
      this.#drawn = { ...drawn, key, width, positions: view.positions(drawn) };
      // The "drawn as an area" note depends on the width: render again when it changed.
      if (before?.reason !== drawn.reason) this.requestUpdate();
    }
    const active = this.#explorer.active;
    this.#explorer.place(target.parentElement!, active === undefined ? undefined : view.tooltip(active));
  }

  #retryModule = (): void => {
    this.#moduleError = undefined;
    this.#loading = undefined;
    this.requestUpdate();
  };

  #turnPage = (page: number): void => {
    this.#tablePage = page;
    this.requestUpdate();
  };

  #toggleTable = (): void => {
    this.#showTable = !this.#showTable;
    this.requestUpdate();
  };

  #downloadCsv = (): void => {
    const value = this.#data.value;
    if (value === undefined || this.#view === undefined) return;
    downloadBlob(new Blob([queryCsv(value)], { type: 'text/csv;charset=utf-8' }), fileName(this.#view.title, 'csv'));
  };

  #downloadPng = async (): Promise<void> => {
    const drawn = this.#drawn;
    const view = this.#view;
    if (drawn === undefined || view === undefined) return;
    const theme = readTheme(this);
    const image = exportSvg(drawn.chart.svg, { title: view.title, legend: view.legend, background: theme.background, text: theme.text, fontFamily: theme.fontFamily });
    downloadBlob(await svgToPng(image), fileName(view.title, 'png'));
  };

  #height(): number {
    const height = this.height;
    return typeof height === 'number' && height >= 120 && height <= 2000 ? height : 240;
  }

  #request(): QueryRequest {
    if (!this.#query.ok) throw new Error('metric-chart: no valid query');
    return this.#query.request;
  }

  #validate(): TallyErrorDetail | undefined {
    const invalid = (attribute: string, message: string): TallyErrorDetail => ({ code: 'invalid_attribute', attribute, message });
    const type = this.type?.trim();
    if (type && !TYPES.includes(type)) return invalid('type', `invalid type: ${JSON.stringify(type)}; expected line, area or bar`);
    const theme = this.theme?.trim();
    if (theme && !THEMES.includes(theme)) return invalid('theme', `invalid theme: ${JSON.stringify(theme)}; expected light, dark or auto`);
    const currency = this.currency?.trim();
    if (currency && (!/^[A-Z]{3}$/.test(currency) || !numberFormatter(currency, undefined).ok)) {
      return invalid('currency', `invalid currency: ${JSON.stringify(currency)}; expected an ISO 4217 code such as USD`);
    }
    const locale = numberFormatter(undefined, this.locale);
    if (!locale.ok) return invalid('locale', locale.message);
    const height: unknown = this.height;
    if (height !== undefined && (typeof height !== 'number' || !(height >= 120 && height <= 2000))) {
      return invalid('height', `invalid height: expected a number of pixels from 120 to 2000, got ${JSON.stringify(this.getAttribute('height') ?? height)}`);
    }
    return undefined;
  }
}

defineElement('metric-chart', MetricChart);

declare global {
  interface HTMLElementTagNameMap {
    'metric-chart': MetricChart;
  }
}
