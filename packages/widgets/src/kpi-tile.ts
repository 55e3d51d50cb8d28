import { LitElement, html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { defineElement } from './define-element.ts';
import { tallyErrorEvent, type TallyErrorDetail } from './events.ts';
import { formatDelta, numberFormatter, type DeltaDirection } from './format-number.ts';
import { kpiTileStyles } from './kpi-tile-styles.ts';
import { sparkline } from './sparkline.ts';

/** What a `<kpi-tile>` shows. `ready` with no value falls back to `empty`. */
export type KpiTileState = 'loading' | 'ready' | 'empty' | 'error';

const STATES: readonly string[] = ['loading', 'ready', 'empty', 'error'] satisfies KpiTileState[];

/** Reads a number attribute; a missing or blank attribute is `undefined`, text that is no number is `NaN`. */
const numberAttribute = {
  fromAttribute: (text: string | null): number | undefined =>
    text === null || text.trim() === '' ? undefined : Number(text),
};

type View =
  | { state: 'loading' | 'empty' }
  | { state: 'error'; message: string }
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
 * @tagname kpi-tile
 * @summary A labelled KPI value with ▲/▼ change and sparkline.
 * @example
 * <kpi-tile label="MRR" value="123456" unit="USD" delta="0.042"></kpi-tile>
 * <script type="module">document.querySelector('kpi-tile').series = [98, 104, 110, 123];</script>
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
  };

  static override styles = kpiTileStyles;

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

  #view: View = { state: 'empty' };
  #problem: TallyErrorDetail | undefined;
  #reported: string | undefined;

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
  }

  protected override willUpdate(): void {
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

  protected override updated(): void {
    const problem = this.#problem;
    if (problem === undefined) this.#reported = undefined;
    else if (problem.message !== this.#reported) {
      this.#reported = problem.message;
      this.dispatchEvent(tallyErrorEvent(problem));
    }
  }

  protected override render(): TemplateResult {
    const view = this.#view;
    return html`<div
      part="base"
      class="tile"
      data-state=${view.state}
      role="group"
      aria-label=${this.label || nothing}
      aria-busy=${view.state === 'loading' ? 'true' : nothing}
    >
      ${this.label ? html`<div part="label" class="label">${this.label}</div>` : nothing} ${this.#renderBody(view)}
    </div>`;
  }

  #renderBody(view: View): TemplateResult {
    switch (view.state) {
      case 'loading':
        return html`<div class="skeleton"></div>
          <div part="message" class="message">Loading…</div>`;
      case 'empty':
        return html`<div part="message" class="message">No data</div>`;
      case 'error':
        return html`<div part="message" class="message error" role="alert">${view.message}</div>`;
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

  #validate(): TallyErrorDetail | undefined {
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
