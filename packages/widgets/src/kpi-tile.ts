import type { QueryRequest, QueryResponse } from '@tally/client-sdk';
import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import type { WidgetClient } from './data/client-context.ts';
import { ResourceController, toResourceError } from './data/resource-controller.ts';
import { defineElement } from './define-element.ts';
import type { TallyErrorDetail } from './events.ts';
import { InvalidAttributeReporter } from './invalid-attribute.ts';
import { formatDelta, numberFormatter, type DeltaDirection } from './format-number.ts';
import { kpiFigures } from './kpi-tile-data.ts';
import { kpiTileStyles } from './kpi-tile-styles.ts';
import { metricTitle } from './metric-chart-model.ts';
import { metricQuery, type MetricQueryResult } from './metric-chart-query.ts';
import { sparkline } from './sparkline.ts';
import { stateStyles, themeStyles } from './styles/theme.ts';

/** What a `<kpi-tile>` shows. `ready` with no value falls back to `empty`. */
export type KpiTileState = 'loading' | 'ready' | 'empty' | 'error';

const STATES: readonly string[] = ['loading', 'ready', 'empty', 'error'] satisfies KpiTileState[];
const THEMES: readonly string[] = ['light', 'dark', 'auto'];

/** Reads a number attribute; a missing or blank attribute is `undefined`, text that is no number is `NaN`. */
const numberAttribute = {
  fromAttribute: (text: string | null): number | undefined =>
    text === null || text.trim() === '' ? undefined : Number(text),
};

type View =
  | { state: 'loading' }
  | { state: 'empty'; message?: string }
  | { state: 'error'; message: string; retry?: boolean }
  | {
      state: 'ready';
      text: string;
      fullText: string;
      delta: { direction: DeltaDirection; text: string; label: string } | undefined;
      series: readonly number[] | undefined;
    };

/**
 * One key number with its label, relative change and a sparkline: the building block of Tally dashboards.
 * Properties in, rendering out; a wrong attribute shows an error state and fires `tally-error`, never throws.
 *
 * Static, from attributes (`value`, `delta`, `state`) and the `series` property, or bound to a metric: with
 * `metric` set the tile loads through the nearest `<tally-provider>` (or its `client`) and shows the range's
 * total (the server's per-metric aggregation: a sum for flows, the last value for stocks such as MRR, a ratio
 * for ratios), the change against the previous period, and the points as the sparkline; `value`, `delta`,
 * `series` and `state` are then ignored, while `label` and `unit` still apply.
 *
 * @tagname kpi-tile
 * @summary A labelled KPI value with ▲/▼ change and sparkline.
 * @example
 * <kpi-tile label="MRR" value="123456" unit="USD" delta="0.042"></kpi-tile>
 * <script type="module">document.querySelector('kpi-tile').series = [98, 104, 110, 123];</script>
 * <tally-provider server="https://tally.example.com">
 *   <kpi-tile metric="mrr" range="30d" unit="USD" live></kpi-tile>
 * </tally-provider>
 *
 * @fires tally-error - `CustomEvent<{ code: 'invalid_attribute', attribute, message }>` when an input is
 *   invalid; bubbles and is composed. Fired once per distinct problem.
 *
 * @cssprop --tally-font-family - Font stack. Default: the system UI font.
 * @cssprop --tally-color-text - Value color.
 * @cssprop --tally-color-muted - Label, neutral delta and message color.
 * @cssprop --tally-color-background - Tile background.
 * @cssprop --tally-color-border - Tile border color.
 * @cssprop --tally-color-up - Color of a positive delta.
 * @cssprop --tally-color-down - Color of a negative delta.
 * @cssprop --tally-color-error - Color of the error message.
 * @cssprop --tally-color-accent - Accent color; the sparkline's color unless `--tally-color-sparkline` is set.
 * @cssprop --tally-color-sparkline - Sparkline color.
 * @cssprop --tally-color-skeleton - Loading placeholder color.
 * @cssprop --tally-color-surface - Retry button background.
 * @cssprop --tally-spacing - Padding of the tile. Default: 0.75rem.
 * @cssprop --tally-radius - Corner radius. Default: 0.5rem.
 * @cssprop --tally-value-font-size - Size of the value. Default: 1.75rem.
 *
 * @csspart base - The tile box; carries `data-state` (loading, ready, empty, error).
 * @csspart label - The label.
 * @csspart value - The formatted value.
 * @csspart delta - The ▲/▼ change; has class `up`, `down` or `flat`.
 * @csspart sparkline - The box around the sparkline SVG.
 * @csspart message - The loading, empty or error message.
 * @csspart retry - The Retry button of a failed load (metric-bound tiles).
 * @csspart live - The live indicator of a `live` tile.
 */
export class KpiTile extends LitElement {
  static override properties: PropertyDeclarations = {
    label: { type: String },
    value: { converter: numberAttribute },
    unit: { type: String },
    delta: { converter: numberAttribute },
    state: { type: String },
    errorMessage: { type: String, attribute: 'error-message' },
    locale: { type: String },
    series: { attribute: false },
    metric: { type: String },
    range: { type: String },
    granularity: { type: String },
    compare: { type: String },
    live: { type: Boolean },
    timezone: { type: String },
    theme: { type: String, reflect: true },
    client: { attribute: false },
  };

  static override styles = [themeStyles, stateStyles, kpiTileStyles];

  /** Caption above the value. @default '' */
  declare label: string;
  /** The number to show (attribute `value`); in major units for currencies, a ratio for `%`. @default undefined (empty state) */
  declare value: number | undefined;
  /**
   * `%` (value is a ratio: 0.034 → 3.4%), an ISO 4217 currency code such as `USD`, an Intl unit such as
   * `millisecond`, or none for a plain compact number.
   * @default undefined
   */
  declare unit: string | undefined;
  /** Relative change, `0.12` for +12%: shown as ▲ or ▼. @default undefined (hidden) */
  declare delta: number | undefined;
  /** Set `loading` while fetching, `error` when loading failed; `ready` or none shows the value. @default undefined */
  declare state: KpiTileState | undefined;
  /** Message shown in the `error` state (attribute `error-message`). @default 'Could not load this metric.' */
  declare errorMessage: string | undefined;
  /** BCP 47 locale for number formatting. @default undefined (the browser's locale) */
  declare locale: string | undefined;
  /** Recent values, oldest first, drawn as a sparkline; property only. Non-finite entries are gaps. @default undefined */
  declare series: readonly number[] | undefined;
  /** Catalog metric to load, e.g. `mrr`; binds the tile to data. @default undefined (static) */
  declare metric: string | undefined;
  /** Range of a bound tile: `24h`, `7d`, `90d`, `12mo`. @default '30d' */
  declare range: string | undefined;
  /** Bucket size of the sparkline: `hour`, `day`, `week`, `month`. @default undefined (the server's: day) */
  declare granularity: string | undefined;
  /** `previous_period` (the delta) or `none`. @default 'previous_period' when `metric` is set */
  declare compare: string | undefined;
  /** Keep a bound tile current over the live socket. @default false */
  declare live: boolean;
  /** IANA time zone of the buckets. @default undefined (the server's: UTC) */
  declare timezone: string | undefined;
  /** `light`, `dark`, or `auto` (follows the system). @default undefined (light) */
  declare theme: string | undefined;
  /** A client to use instead of the nearest `<tally-provider>`'s; property only. @default undefined */
  declare client: WidgetClient | undefined;

  #view: View = { state: 'empty' };
  #problem: TallyErrorDetail | undefined;
  readonly #reporter = new InvalidAttributeReporter();
  #query: MetricQueryResult | undefined;

  readonly #data = new ResourceController<QueryResponse>(this, {
    key: () => (this.#query?.ok === true ? JSON.stringify(this.#query.request) : undefined),
    live: () => this.live,
    load: (client, signal) => client.query(this.#request(), { signal }),
    subscribe: (client, onValue, onError) => client.subscribe(this.#request(), onValue, { onError: (e) => onError(toResourceError(e)) }),
  });

  constructor() {
    super();
    this.label = '';
    this.value = undefined;
    this.unit = undefined;
    this.delta = undefined;
    this.state = undefined;
    this.errorMessage = undefined;
    this.locale = undefined;
    this.series = undefined;
    this.metric = undefined;
    this.range = undefined;
    this.granularity = undefined;
    this.compare = undefined;
    this.live = false;
    this.timezone = undefined;
    this.theme = undefined;
    this.client = undefined;
  }

  /** The label shown: `label`, else the bound metric's name made readable (`mrr` → MRR). */
  get #caption(): string {
    return this.label || (this.metric?.trim() ? metricTitle(this.metric.trim()) : '');
  }

  protected override willUpdate(): void {
    const bound = Boolean(this.metric?.trim());
    this.#query = bound
      ? metricQuery({ metric: this.metric, range: this.range, granularity: this.granularity, compare: this.compare, timezone: this.timezone }, 'previous_period')
      : undefined;
    if (bound) return; // The view waits for the data controller, which runs after willUpdate: see update().
    const formatter = numberFormatter(this.unit, this.locale);
    this.#problem = this.#validate() ?? (formatter.ok ? undefined : invalid(formatter.attribute, formatter.message));
    if (this.#problem !== undefined) this.#view = { state: 'error', message: this.#problem.message };
    else if (this.state === 'loading') this.#view = { state: 'loading' };
    else if (this.state === 'error') this.#view = { state: 'error', message: this.errorMessage || 'Could not load this metric.' };
    else if (this.state === 'empty' || this.value === undefined || !formatter.ok) this.#view = { state: 'empty' };
    else {
      this.#view = {
        state: 'ready',
        text: formatter.format(this.value),
        fullText: formatter.fullFormat(this.value),
        delta: this.delta === undefined ? undefined : formatDelta(this.delta, this.locale),
        series: this.series,
      };
    }
  }

  /** A metric-bound tile's view depends on the data controller, which starts or stops loading just before this. */
  protected override update(changed: PropertyValues<this>): void {
    if (this.#query !== undefined) this.#boundView();
    super.update(changed);
  }

  /** The view of a metric-bound tile, from the controller's state and the answer. */
  #boundView(): void {
    const query = this.#query;
    this.#problem = query?.ok === false ? query.problem : this.#validateBound();
    const data = this.#data;
    if (this.#problem !== undefined) this.#view = { state: 'error', message: this.#problem.message };
    else if (data.state === 'error') this.#view = { state: 'error', message: data.error?.message ?? 'Could not load this metric.', retry: true };
    else if (data.value === undefined) this.#view = data.state === 'loading' ? { state: 'loading' } : { state: 'empty', message: 'Not connected' };
    else {
      const figures = kpiFigures(data.value, this.unit);
      const formatter = numberFormatter(figures.unit, this.locale);
      if (!formatter.ok) {
        this.#problem = invalid(formatter.attribute, formatter.message);
        this.#view = { state: 'error', message: formatter.message };
      } else if (figures.value === undefined) this.#view = { state: 'empty' };
      else {
        this.#view = {
          state: 'ready',
          text: formatter.format(figures.value),
          fullText: formatter.fullFormat(figures.value),
          delta: figures.delta === undefined ? undefined : formatDelta(figures.delta, this.locale),
          series: figures.series,
        };
      }
    }
  }

  protected override updated(): void {
    this.#reporter.report(this, this.#problem);
  }

  protected override render(): TemplateResult {
    const view = this.#view;
    const caption = this.#caption;
    const busy = view.state === 'loading' || (this.#query !== undefined && this.#data.state === 'loading');
    const live = this.#query !== undefined && this.live && view.state !== 'error';
    return html`<div
      part="base"
      class="tile"
      data-state=${view.state}
      role="group"
      aria-label=${caption || nothing}
      aria-busy=${busy ? 'true' : nothing}
    >
      ${caption || live
        ? html`<div class="top">
            ${caption ? html`<div part="label" class="label">${caption}</div>` : nothing}
            ${live
              ? html`<span part="live" class="live" title=${this.#freshness()}
                  ><span class="dot" aria-hidden="true"></span>Live<span class="visually-hidden">${this.#freshness().slice(4)}</span></span
                >`
              : nothing}
          </div>`
        : nothing}
      ${this.#renderBody(view)}
    </div>`;
  }

  #renderBody(view: View): TemplateResult {
    switch (view.state) {
      case 'loading':
        return html`<div class="skeleton"></div>
          <div part="message" class="message">Loading…</div>`;
      case 'empty':
        return html`<div part="message" class="message">${view.message ?? 'No data'}</div>`;
      case 'error':
        return html`<div part="message" class="message error" role="alert">
          ${view.message}${view.retry ? html`<button part="retry" type="button" class="retry" @click=${() => this.#data.retry()}>Retry</button>` : nothing}
        </div>`;
      case 'ready': {
        const line = view.series === undefined ? nothing : sparkline(view.series);
        return html`<div part="value" class="value" title=${view.fullText}>${view.text}</div>
          ${view.delta === undefined
            ? nothing
            : html`<div part="delta" class="delta ${view.delta.direction}" aria-label=${view.delta.label}>
                ${view.delta.text}
              </div>`}
          ${line === nothing ? nothing : html`<div part="sparkline" class="sparkline">${line}</div>`}`;
      }
    }
  }

  #request(): QueryRequest {
    if (this.#query?.ok !== true) throw new Error('kpi-tile: no valid query');
    return this.#query.request;
  }

  /** "Updated 14:03:05" from the answer's freshness, for the live indicator's tooltip. */
  #freshness(): string {
    const fresh = this.#data.value?.meta.freshAt;
    if (!fresh) return 'Live';
    const time = new Intl.DateTimeFormat(this.locale?.trim() || undefined, { timeStyle: 'medium', timeZone: this.timezone?.trim() || undefined });
    return `Live, updated ${time.format(new Date(fresh))}`;
  }

  #validateBound(): TallyErrorDetail | undefined {
    const theme = this.#validateTheme();
    if (theme !== undefined) return theme;
    const locale = numberFormatter(undefined, this.locale);
    return locale.ok ? undefined : invalid(locale.attribute, locale.message);
  }

  #validateTheme(): TallyErrorDetail | undefined {
    const theme = this.theme?.trim();
    return theme && !THEMES.includes(theme) ? invalid('theme', `invalid theme: ${show(theme)}; expected light, dark or auto`) : undefined;
  }

  #validate(): TallyErrorDetail | undefined {
    const theme = this.#validateTheme();
    if (theme !== undefined) return theme;
    const state: unknown = this.state;
    if (state != null && state !== '' && !STATES.includes(state as string)) {
      return invalid('state', `invalid state: ${show(state)}; expected loading, ready, empty or error`);
    }
    for (const name of ['value', 'delta'] as const) {
      const input: unknown = this[name];
      if (input !== undefined && (typeof input !== 'number' || !Number.isFinite(input))) {
        const text = this.getAttribute(name);
        const got = text !== null && Number.isNaN(Number(text)) ? text : input;
        return invalid(name, `invalid ${name}: expected a number, got ${show(got)}`);
      }
    }
    const series: unknown = this.series;
    if (series != null && (!Array.isArray(series) || !series.every((n) => typeof n === 'number'))) {
      return invalid('series', 'invalid series: expected an array of numbers');
    }
    return undefined;
  }
}

function invalid(attribute: string, message: string): TallyErrorDetail {
  return { code: 'invalid_attribute', attribute, message };
}

function show(input: unknown): string {
  return typeof input === 'string' ? JSON.stringify(input) : String(input);
}

defineElement('kpi-tile', KpiTile);

declare global {
  interface HTMLElementTagNameMap {
    'kpi-tile': KpiTile;
  }
}
