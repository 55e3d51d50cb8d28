import type { QueryResponse } from '@tally/client-sdk';
import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { loadTimeSeriesChart, type TimeSeriesChartModule } from '../charts/load-time-series-chart.ts';
import { bucketFormat, tickIndexes } from '../charts/time-format.ts';
import type { WidgetClient } from '../data/client-context.ts';
import { ResourceController } from '../data/resource-controller.ts';
import { defineElement } from '../define-element.ts';
import type { TallyErrorDetail } from '../events.ts';
import { formatDelta } from '../format-number.ts';
import { HostWidth } from '../host-width.ts';
import { InvalidAttributeReporter } from '../invalid-attribute.ts';
import { chartLoadingState, emptyState, errorState } from '../states.ts';
import { readTheme } from '../styles/theme.ts';
import { cardView, revenueCard, type CardView } from './card.ts';
import { checkCurrency, checkGranularity, checkLocale, checkRange, checkTimezone, invalid, show, trimmed } from './inputs.ts';
import { moneyFormat } from './money.ts';
import { spanLabel } from './movements.ts';
import { revenueCardStyles } from './revenue-styles.ts';
import { trendOf, trendQuery, type Measure, type Trend } from './trend-model.ts';

const MEASURES: readonly string[] = ['mrr', 'arr'] satisfies Measure[];
const THEMES: readonly string[] = ['light', 'dark', 'auto'];
const TITLES: Readonly<Record<Measure, string>> = { mrr: 'MRR', arr: 'ARR' };

type View = CardView<{ state: 'ready'; trend: Trend; response: QueryResponse; updating: boolean }>;

/**
 * MRR or ARR over time: the current figure with its change over the range, an area chart, and a table of
 * the same numbers (the Table button shows it). The currency comes from the data (the tenant's main one;
 * a picker appears when there are several) or from the `currency` attribute. `live` keeps it current.
 *
 * @tagname revenue-trend
 * @summary MRR or ARR over time, with the current figure and its change.
 * @example
 * <revenue-trend measure="arr" range="12mo" granularity="month" live></revenue-trend>
 *
 * @fires tally-error - `CustomEvent<{ code: 'invalid_attribute', attribute, message }>` for an invalid
 *   attribute; bubbles and is composed.
 *
 * @cssprop --tally-series-1 - The line and area. Default: the accent color.
 * @cssprop --tally-color-text - Figures.
 * @cssprop --tally-color-muted - Axes and captions.
 * @cssprop --tally-color-border - Grid lines, card and table borders.
 * @cssprop --tally-color-background - Card background.
 * @cssprop --tally-color-up - A rise.
 * @cssprop --tally-color-down - A fall.
 * @cssprop --tally-color-error - Error message.
 * @cssprop --tally-color-accent - Focus ring and the pressed Table button; the line and area unless
 *   `--tally-series-1` is set.
 * @cssprop --tally-color-surface - Table and Retry buttons, currency picker.
 * @cssprop --tally-color-skeleton - Loading placeholder.
 * @cssprop --tally-font-family - Font stack.
 * @cssprop --tally-spacing - Card padding. Default: 0.75rem.
 * @cssprop --tally-radius - Corner radius. Default: 0.5rem.
 *
 * @csspart base - The card; carries `data-state` (loading, ready, empty, error).
 * @csspart title - The title.
 * @csspart summary - The current figure and its change.
 * @csspart chart - The box around the chart.
 * @csspart table - The table of the same numbers (visually hidden until the Table button is pressed).
 * @csspart table-toggle - The Table button.
 * @csspart currency - The currency picker.
 * @csspart message - The loading, empty or error message.
 * @csspart retry - The Retry button.
 */
export class RevenueTrend extends LitElement {
  static override properties: PropertyDeclarations = {
    measure: { type: String },
    range: { type: String },
    granularity: { type: String },
    timezone: { type: String },
    currency: { type: String },
    locale: { type: String },
    label: { type: String },
    live: { type: Boolean },
    height: { type: Number },
    theme: { type: String, reflect: true },
    client: { attribute: false },
  };

  static override styles = revenueCardStyles;

  /** `mrr` or `arr`. @default 'mrr' */
  declare measure: string | undefined;
  /** Relative range ending now: `90d`, `12mo`. @default '12mo' */
  declare range: string | undefined;
  /** `day`, `week` or `month` (`hour` works too). @default 'month' */
  declare granularity: string | undefined;
  /** IANA zone of the buckets. @default undefined (the server's UTC) */
  declare timezone: string | undefined;
  /** ISO 4217 code to show; without it the tenant's main currency. @default undefined */
  declare currency: string | undefined;
  /** BCP 47 locale. @default undefined (the browser's) */
  declare locale: string | undefined;
  /** Title. @default 'MRR' or 'ARR' */
  declare label: string | undefined;
  /** Keep it current over the live socket. @default false */
  declare live: boolean;
  /** Height of the chart in pixels. @default 160 */
  declare height: number;
  /** `light`, `dark` or `auto`. @default undefined (light) */
  declare theme: string | undefined;
  /** A client of its own; without it the nearest `<tally-provider>`'s. Property only. */
  declare client: WidgetClient | undefined;

  readonly #data = new ResourceController<QueryResponse>(this, {
    key: () => (this.#problem === undefined ? JSON.stringify(this.#query()) : undefined),
    live: () => this.live,
    load: (client, signal) => client.query(this.#query(), { signal, widget: 'revenue-trend' }),
    subscribe: (client, onValue, onError) =>
      client.subscribe(this.#query(), onValue, { onError: (e) => onError({ code: e.code, message: e.message }), widget: 'revenue-trend' }),
  });

  /** The host's width in pixels, measured; 0 until the first measure. */
  readonly #width = new HostWidth(this);
  /** Whether the Table button shows the table instead of the chart. */
  #table = false;
  /** The Plot drawing module, once loaded. */
  #module: TimeSeriesChartModule | undefined;
  #view: View = { state: 'loading' };
  #trend: { value: QueryResponse; currency: string | undefined; trend: Trend | undefined } | undefined;
  #drawn: { key: readonly unknown[]; svg: SVGSVGElement } | undefined;
  #problem: TallyErrorDetail | undefined;
  readonly #reporter = new InvalidAttributeReporter();

  constructor() {
    super();
    this.measure = undefined;
    this.range = undefined;
    this.granularity = undefined;
    this.timezone = undefined;
    this.currency = undefined;
    this.locale = undefined;
    this.label = undefined;
    this.live = false;
    this.height = 160;
    this.theme = undefined;
    this.client = undefined;
  }

  get #measure(): Measure {
    return (trimmed(this.measure) as Measure | undefined) ?? 'mrr';
  }

  #query() {
    return trendQuery({
      measure: this.#measure,
      range: trimmed(this.range) ?? '12mo',
      granularity: (trimmed(this.granularity) as 'hour' | 'day' | 'week' | 'month' | undefined) ?? 'month',
      timezone: trimmed(this.timezone),
      currency: trimmed(this.currency),
    });
  }

  protected override willUpdate(): void {
    this.#problem = this.#validate();
  }

  // Derived after the controller's hostUpdate (which runs after willUpdate) has started loading.
  protected override update(changed: PropertyValues<this>): void {
    const data = this.#data;
    this.#view = cardView(this.#problem, data, `Could not load ${TITLES[this.#measure]}.`, (value) => {
      const currency = trimmed(this.currency);
      if (this.#trend?.value !== value || this.#trend.currency !== currency) {
        this.#trend = { value, currency, trend: trendOf(value, currency) };
      }
      const trend = this.#trend.trend;
      return trend === undefined ? { state: 'empty' } : { state: 'ready', trend, response: value, updating: data.state === 'loading' };
    });
    // Plot is loaded on first use, so pages without charts never fetch it.
    if (this.#view.state === 'ready' && this.#module === undefined) void loadTimeSeriesChart().then((m) => this.#redraw(() => (this.#module = m)));
    super.update(changed);
  }

  protected override updated(): void {
    this.#reporter.report(this, this.#problem);
  }

  protected override render(): TemplateResult {
    const view = this.#view;
    return revenueCard(
      { state: view.state, busy: view.state === 'loading' || (view.state === 'ready' && view.updating), title: trimmed(this.label) ?? TITLES[this.#measure] },
      view.state === 'ready' ? this.#headExtras(view) : nothing,
      this.#body(view),
    );
  }

  #headExtras(view: Extract<View, { state: 'ready' }>): TemplateResult {
    const { trend, response } = view;
    const span = spanLabel(response.meta.from, response.meta.to, response.meta.granularity, trimmed(this.locale), trimmed(this.timezone));
    return html`<span class="sub">${span}</span>
      ${trend.currencies.length > 1
        ? html`<label class="sub"
            >Currency
            <select part="currency" @change=${(e: Event) => (this.currency = (e.target as HTMLSelectElement).value)}>
              ${trend.currencies.map((c) => html`<option value=${c} ?selected=${c === trend.currency}>${c}</option>`)}
            </select></label
          >`
        : nothing}
      <button part="table-toggle" class="button" type="button" aria-pressed=${this.#table ? 'true' : 'false'} @click=${() => this.#redraw(() => (this.#table = !this.#table))}>
        Table
      </button>`;
  }

  #body(view: View): TemplateResult {
    switch (view.state) {
      case 'loading':
        return chartLoadingState(`Loading ${TITLES[this.#measure]}…`);
      case 'empty':
        return emptyState(this.#data.client !== undefined, `No ${TITLES[this.#measure]} in this range yet.`);
      case 'error':
        return errorState(view.message, view.retry ? () => this.#data.retry() : undefined);
      case 'ready':
        return this.#ready(view);
    }
  }

  #ready({ trend, response }: Extract<View, { state: 'ready' }>): TemplateResult {
    const locale = trimmed(this.locale);
    const timeZone = trimmed(this.timezone) ?? response.meta.timezone;
    const compact = moneyFormat(trend.currency, locale, 'compact');
    const full = moneyFormat(trend.currency, locale, 'full');
    const standard = moneyFormat(trend.currency, locale);
    const dates = bucketFormat(response.meta.granularity, locale, timeZone);
    const last = trend.last ?? 0;
    const first = trend.first ?? 0;
    const delta = first === 0 ? undefined : formatDelta((last - first) / first, locale);
    const title = trimmed(this.label) ?? TITLES[this.#measure];
    const since = trend.starts[0] === undefined ? '' : dates.full(trend.starts[0], trend.ends[0]!);
    return html`<div part="summary" class="summary">
        <span class="figure-value" title=${full(last)}>${standard(last)}</span>
        ${delta === undefined
          ? nothing
          : html`<span class="change ${delta.direction}" aria-label="${delta.label} since ${since}">${delta.text} since ${since}</span>`}
      </div>
      <div part="chart" class="chart" ?hidden=${this.#table}>${this.#chart(trend, title, compact, full, dates)}</div>
      <table part="table" class=${this.#table ? '' : 'visually-hidden'}>
        <caption>${title} per ${response.meta.granularity}</caption>
        <thead><tr><th scope="col">Period</th><th scope="col">${title}</th></tr></thead>
        <tbody>
          ${trend.starts.map(
            (start, i) => html`<tr>
              <th scope="row">${dates.full(start, trend.ends[i]!)}</th>
              <td>${trend.values[i] === null ? '—' : full(trend.values[i]!)}</td>
            </tr>`,
          )}
        </tbody>
      </table>`;
  }

  #chart(trend: Trend, title: string, compact: (v: number) => string, full: (v: number) => string, dates: ReturnType<typeof bucketFormat>) {
    const module = this.#module;
    if (module === undefined) return html`<div class="skeleton chart-skeleton" aria-hidden="true"></div>`;
    const width = Math.max(160, this.#width.value || 480);
    const height = Math.max(80, Number.isFinite(this.height) ? this.height : 160);
    const theme = readTheme(this);
    const key = [trend, module, width, height, trimmed(this.locale), JSON.stringify(theme)];
    if (this.#drawn !== undefined && this.#drawn.key.every((k, i) => k === key[i])) return this.#drawn.svg;
    const { svg } = module.timeSeriesChart(
      { starts: trend.starts, ends: trend.ends, series: [{ key: 'trend', color: theme.series[0]!, values: trend.values }] },
      {
        type: 'area',
        width,
        height,
        yTick: compact,
        xTick: dates.tick,
        xTicks: tickIndexes(trend.starts.length, width - 60),
        colors: { text: theme.text, muted: theme.muted, grid: theme.border },
        fontFamily: theme.fontFamily,
      },
    );
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', `${title} from ${full(trend.first ?? 0)} to ${full(trend.last ?? 0)}`);
    this.#drawn = { key, svg };
    return svg;
  }

  /** Changes internal view state and renders again. */
  #redraw(change: () => unknown): void {
    change();
    this.requestUpdate();
  }

  #validate(): TallyErrorDetail | undefined {
    const measure = trimmed(this.measure);
    if (measure !== undefined && !MEASURES.includes(measure)) return invalid('measure', `invalid measure: ${show(this.measure)}; expected mrr or arr`);
    const theme = trimmed(this.theme);
    if (theme !== undefined && !THEMES.includes(theme)) return invalid('theme', `invalid theme: ${show(this.theme)}; expected light, dark or auto`);
    if (!Number.isFinite(this.height) || this.height < 80 || this.height > 2000) {
      return invalid('height', `invalid height: expected 80 to 2000 pixels, got ${show(this.getAttribute('height') ?? this.height)}`);
    }
    return (
      checkRange(trimmed(this.range)) ??
      checkGranularity(trimmed(this.granularity)) ??
      checkTimezone(this.timezone) ??
      checkCurrency(this.currency) ??
      checkLocale(this.locale)
    );
  }
}

defineElement('revenue-trend', RevenueTrend);

declare global {
  interface HTMLElementTagNameMap {
    'revenue-trend': RevenueTrend;
  }
}
