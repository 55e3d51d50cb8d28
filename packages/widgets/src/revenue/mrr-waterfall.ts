import type { RevenueMovementsResponse } from '@tally/client-sdk';
import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { waterfall, waterfallBars } from '../charts/waterfall.ts';
import type { WidgetClient } from '../data/client-context.ts';
import { ResourceController } from '../data/resource-controller.ts';
import { defineElement } from '../define-element.ts';
import type { TallyErrorDetail } from '../events.ts';
import { formatDelta } from '../format-number.ts';
import { HostWidth } from '../host-width.ts';
import { InvalidAttributeReporter } from '../invalid-attribute.ts';
import { chartLoadingState, emptyState, errorState } from '../states.ts';
import { cardView, revenueCard, type CardView } from './card.ts';
import { checkCurrency, checkGranularity, checkLocale, checkRange, checkTimezone, invalid, show, trimmed } from './inputs.ts';
import { moneyFormat } from './money.ts';
import { reloadOnPush } from './reload-on-push.ts';
import { isEmptyPeriod, movementSteps, spanLabel } from './movements.ts';
import { revenueCardStyles } from './revenue-styles.ts';
import { waterfallStyles } from './waterfall-styles.ts';

/** Below this width (px) the waterfall turns into rows, which fit narrow containers. */
const HORIZONTAL_BELOW = 520;
const THEMES: readonly string[] = ['light', 'dark', 'auto'];

type View = CardView<{ state: 'ready'; data: RevenueMovementsResponse; updating: boolean }>;

/**
 * The MRR waterfall of a range: starting MRR, then what new, expansion and reactivated customers added and
 * what contraction and churn took away, to the ending MRR. Every bar is labelled with its signed value, so
 * the chart reads without colour, and a data table holds the same numbers (the Table button shows it).
 * Below 520 px wide the columns turn into rows.
 *
 * @tagname mrr-waterfall
 * @summary MRR movements as a waterfall: start → new, expansion, reactivated, contraction, churned → end.
 * @example
 * <mrr-waterfall range="12mo" granularity="month" locale="en-US" live></mrr-waterfall>
 *
 * @fires tally-error - `CustomEvent<{ code: 'invalid_attribute', attribute, message }>` for an invalid
 *   attribute; bubbles and is composed.
 *
 * @cssprop --tally-color-accent - Starting and ending MRR bars.
 * @cssprop --tally-color-up - Bars that add MRR.
 * @cssprop --tally-color-down - Bars that remove MRR.
 * @cssprop --tally-color-text - Value labels.
 * @cssprop --tally-color-muted - Category labels, connectors, captions.
 * @cssprop --tally-color-background - Card background.
 * @cssprop --tally-color-border - Card and table borders.
 * @cssprop --tally-color-error - Error message.
 * @cssprop --tally-color-surface - Table and Retry buttons, currency picker.
 * @cssprop --tally-color-skeleton - Loading placeholder.
 * @cssprop --tally-font-family - Font stack.
 * @cssprop --tally-spacing - Card padding. Default: 0.75rem.
 * @cssprop --tally-radius - Corner radius. Default: 0.5rem.
 *
 * @csspart base - The card; carries `data-state` (loading, ready, empty, error).
 * @csspart title - The title.
 * @csspart summary - Ending MRR and the net change.
 * @csspart chart - The box around the SVG.
 * @csspart table - The table of the same numbers (visually hidden until the Table button is pressed).
 * @csspart table-toggle - The Table button.
 * @csspart currency - The currency picker (shown when the tenant has MRR in several currencies).
 * @csspart message - The loading, empty or error message.
 * @csspart retry - The Retry button.
 */
export class MrrWaterfall extends LitElement {
  static override properties: PropertyDeclarations = {
    range: { type: String },
    granularity: { type: String },
    timezone: { type: String },
    currency: { type: String },
    locale: { type: String },
    label: { type: String },
    live: { type: Boolean },
    theme: { type: String, reflect: true },
    client: { attribute: false },
  };

  static override styles = [...revenueCardStyles, waterfallStyles];

  /** Relative range ending now: `90d`, `12mo`. @default '12mo' */
  declare range: string | undefined;
  /** Bucket size of the periods in the table: hour, day, week or month. @default 'month' */
  declare granularity: string | undefined;
  /** IANA zone of the period boundaries and dates. @default undefined (the server's UTC) */
  declare timezone: string | undefined;
  /** ISO 4217 code to answer in, when the tenant has MRR in several. @default undefined (the main one) */
  declare currency: string | undefined;
  /** BCP 47 locale for money and dates. @default undefined (the browser's) */
  declare locale: string | undefined;
  /** Title. @default 'MRR movements' */
  declare label: string | undefined;
  /**
   * Reload whenever MRR changes: movements have no live subscription, so the widget subscribes to today's
   * `mrr` and loads the movements again on each push.
   * @default false
   */
  declare live: boolean;
  /** `light`, `dark` or `auto`. @default undefined (light) */
  declare theme: string | undefined;
  /** A client of its own; without it the nearest `<tally-provider>`'s. Property only. */
  declare client: WidgetClient | undefined;

  readonly #data = new ResourceController<RevenueMovementsResponse>(this, {
    key: () => (this.#problem === undefined ? JSON.stringify([this.#range, this.#granularity, trimmed(this.timezone), trimmed(this.currency)]) : undefined),
    live: () => this.live,
    load: (client, signal) => this.#load(client, signal),
    subscribe: (client, onValue, onError) => {
      this.#liveProblem = undefined;
      const currency = trimmed(this.currency);
      const trigger = { metric: 'mrr', range: '1d', granularity: 'day' as const, ...(currency ? { filters: { currency: [currency] } } : {}) };
      return reloadOnPush(client, trigger, (signal) => this.#load(client, signal), {
        onValue,
        onError,
        onTriggerError: (error) => {
          this.#liveProblem = error.message;
          this.requestUpdate();
        },
      }, 'mrr-waterfall');
    },
  });

  #load(client: WidgetClient, signal: AbortSignal): Promise<RevenueMovementsResponse> {
    return client.revenueMovements(
      { range: this.#range, granularity: this.#granularity, timezone: trimmed(this.timezone), currency: trimmed(this.currency) },
      { signal, widget: 'mrr-waterfall' },
    );
  }

  /** The host's width in pixels, measured; 0 until the first measure. */
  readonly #width = new HostWidth(this);
  /** Whether the Table button shows the table instead of the chart. */
  #table = false;
  #view: View = { state: 'loading' };
  #liveProblem: string | undefined;
  #problem: TallyErrorDetail | undefined;
  readonly #reporter = new InvalidAttributeReporter();

  constructor() {
    super();
    this.range = undefined;
    this.granularity = undefined;
    this.timezone = undefined;
    this.currency = undefined;
    this.locale = undefined;
    this.label = undefined;
    this.live = false;
    this.theme = undefined;
    this.client = undefined;
  }

  get #range(): string {
    return trimmed(this.range) ?? '12mo';
  }

  get #granularity(): 'hour' | 'day' | 'week' | 'month' {
    return (trimmed(this.granularity) as 'hour' | 'day' | 'week' | 'month' | undefined) ?? 'month';
  }

  protected override willUpdate(): void {
    this.#problem = this.#validate();
  }

  // Derived after the controller's hostUpdate (which runs after willUpdate) has started loading.
  protected override update(changed: PropertyValues<this>): void {
    const data = this.#data;
    this.#view = cardView(this.#problem, data, 'Could not load MRR movements.', (value) =>
      isEmptyPeriod(value.totals) ? { state: 'empty' } : { state: 'ready', data: value, updating: data.state === 'loading' },
    );
    super.update(changed);
  }

  protected override updated(): void {
    this.#reporter.report(this, this.#problem);
  }

  protected override render(): TemplateResult {
    const view = this.#view;
    const title = trimmed(this.label) ?? 'MRR movements';
    return revenueCard(
      { state: view.state, busy: view.state === 'loading' || (view.state === 'ready' && view.updating), title },
      view.state === 'ready' ? this.#headExtras(view.data) : nothing,
      this.#body(view),
    );
  }

  #headExtras(data: RevenueMovementsResponse): TemplateResult {
    const locale = trimmed(this.locale);
    const span = spanLabel(data.meta.from, data.meta.to, data.meta.granularity, locale, trimmed(this.timezone));
    return html`<span class="sub">${span}</span>
      ${data.currencies.length > 1
        ? html`<label class="sub"
            >Currency
            <select part="currency" @change=${(e: Event) => (this.currency = (e.target as HTMLSelectElement).value)}>
              ${data.currencies.map((c) => html`<option value=${c} ?selected=${c === data.currency}>${c}</option>`)}
            </select></label
          >`
        : nothing}
      <button
        part="table-toggle"
        class="button"
        type="button"
        aria-pressed=${this.#table ? 'true' : 'false'}
        @click=${() => this.#redraw(() => (this.#table = !this.#table))}
      >
        Table
      </button>`;
  }

  #body(view: View): TemplateResult {
    switch (view.state) {
      case 'loading':
        return chartLoadingState('Loading MRR movements…');
      case 'empty':
        return emptyState(this.#data.client !== undefined, 'No MRR in this range yet.');
      case 'error':
        return errorState(view.message, view.retry ? () => this.#data.retry() : undefined);
      case 'ready':
        return this.#chart(view.data);
    }
  }

  #chart(data: RevenueMovementsResponse): TemplateResult {
    const locale = trimmed(this.locale);
    const format = moneyFormat(data.currency, locale, 'compact');
    const full = moneyFormat(data.currency, locale, 'full');
    const steps = movementSteps(data.totals, data.currency);
    const bars = waterfallBars(steps);
    const start = steps[0]!.value;
    const end = steps.at(-1)!.value;
    const net = end - start;
    const delta = start === 0 ? undefined : formatDelta(net / start, locale);
    const width = this.#width.value || 480;
    const svg = waterfall(steps, {
      width,
      orientation: width < HORIZONTAL_BELOW ? 'horizontal' : 'vertical',
      format,
      formatChange: (v) => signed(format, v),
      label: `MRR from ${full(start)} to ${full(end)}: ${bars
        .slice(1, -1)
        .map((b) => `${b.label.toLowerCase()} ${signed(full, b.value)}`)
        .join(', ')}`,
    });
    return html`<div part="summary" class="summary">
        <span class="figure-value" title=${full(end)}>${format(end)}</span>
        <span class="change ${delta?.direction ?? 'flat'}">${signed(format, net)}${delta === undefined ? nothing : html` (${delta.text})`}</span>
      </div>
      <div part="chart" class="chart" ?hidden=${this.#table}>${svg}</div>
      <table part="table" class=${this.#table ? '' : 'visually-hidden'}>
        <caption>MRR movements, ${spanLabel(data.meta.from, data.meta.to, data.meta.granularity, locale, trimmed(this.timezone))}</caption>
        <thead>
          <tr><th scope="col">Step</th><th scope="col">Change</th><th scope="col">MRR after</th></tr>
        </thead>
        <tbody>
          ${bars.map(
            (b) => html`<tr>
              <th scope="row">${b.label}</th>
              <td>${b.kind === 'total' ? '' : signed(full, b.value)}</td>
              <td>${full(b.to)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${this.live && this.#liveProblem !== undefined ? html`<p class="sub" role="status">Not live: ${this.#liveProblem}</p>` : nothing}`;
  }

  /** Changes internal view state and renders again. */
  #redraw(change: () => unknown): void {
    change();
    this.requestUpdate();
  }

  #validate(): TallyErrorDetail | undefined {
    const theme = trimmed(this.theme);
    if (theme !== undefined && !THEMES.includes(theme)) return invalid('theme', `invalid theme: ${show(this.theme)}; expected light, dark or auto`);
    return (
      checkRange(trimmed(this.range)) ??
      checkGranularity(trimmed(this.granularity)) ??
      checkTimezone(this.timezone) ??
      checkCurrency(this.currency) ??
      checkLocale(this.locale)
    );
  }
}

const MINUS = '\u2212';
/** `+$1.2K` / `−$300` / `$0`. */
function signed(format: (v: number) => string, value: number): string {
  return value > 0 ? `+${format(value)}` : value < 0 ? `${MINUS}${format(-value)}` : format(0);
}

defineElement('mrr-waterfall', MrrWaterfall);

declare global {
  interface HTMLElementTagNameMap {
    'mrr-waterfall': MrrWaterfall;
  }
}
