import type { CustomerSearchResult, CustomerSummary } from '@tally/client-sdk';
import { LitElement, css, html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { healthBand } from '../customer-360-format.ts';
import type { WidgetClient } from '../data/client-context.ts';
import { ResourceController } from '../data/resource-controller.ts';
import { defineElement } from '../define-element.ts';
import type { TallyErrorDetail } from '../events.ts';
import { InvalidAttributeReporter } from '../invalid-attribute.ts';
import { chartLoadingState, emptyState, errorState } from '../states.ts';
import { cardView, revenueCard, type CardView } from './card.ts';
import { checkLocale, invalid, show, trimmed } from './inputs.ts';
import { formatMoney } from './money.ts';
import { reloadOnPush } from './reload-on-push.ts';
import { revenueCardStyles } from './revenue-styles.ts';

/** `detail` of `tally-select-customer`. */
export interface TallySelectCustomerDetail {
  /** The customer's id, for `<customer-360 customer-id>`. */
  id: string;
}

/** Creates the `tally-select-customer` event: bubbles and crosses shadow roots. */
export function tallySelectCustomerEvent(id: string): CustomEvent<TallySelectCustomerDetail> {
  return new CustomEvent('tally-select-customer', { detail: { id }, bubbles: true, composed: true });
}

const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 10;
const THEMES: readonly string[] = ['light', 'dark', 'auto'];

type View = CardView<{ state: 'ready'; items: CustomerSummary[]; updating: boolean }>;

/**
 * The customers with the highest MRR, as a table: rank, name, plan, MRR and health (score and band in
 * words). It links nowhere itself: choosing a customer (click, or Enter/Space on its name) fires
 * `tally-select-customer` with the id, so the host page can open `<customer-360>` for it. In containers
 * narrower than 420 px the plan column is left out.
 *
 * @tagname top-customers
 * @summary The top customers by MRR; selecting one fires `tally-select-customer`.
 * @example
 * <top-customers limit="10" live></top-customers>
 * <customer-360></customer-360>
 * <script type="module">
 *   document.addEventListener('tally-select-customer', (e) => {
 *     document.querySelector('customer-360').customerId = e.detail.id;
 *   });
 * </script>
 *
 * @fires tally-select-customer - `CustomEvent<{ id }>` when a customer is chosen; bubbles and is composed.
 * @fires tally-error - `CustomEvent<{ code: 'invalid_attribute', attribute, message }>` for an invalid
 *   attribute; bubbles and is composed.
 *
 * @cssprop --tally-color-text - Text.
 * @cssprop --tally-color-muted - Rank, headers and captions.
 * @cssprop --tally-color-background - Card background.
 * @cssprop --tally-color-surface - Hovered row.
 * @cssprop --tally-color-border - Card and row borders.
 * @cssprop --tally-color-accent - Customer names (the buttons).
 * @cssprop --tally-color-up - Healthy band.
 * @cssprop --tally-color-warning - At-risk band. Default: #9a6700 (dark: #d29922).
 * @cssprop --tally-color-down - Critical band.
 * @cssprop --tally-color-error - Error message.
 * @cssprop --tally-color-skeleton - Loading placeholder.
 * @cssprop --tally-font-family - Font stack.
 * @cssprop --tally-spacing - Card padding. Default: 0.75rem.
 * @cssprop --tally-radius - Corner radius. Default: 0.5rem.
 *
 * @csspart base - The card; carries `data-state`.
 * @csspart title - The title.
 * @csspart table - The table.
 * @csspart row - Each customer's row.
 * @csspart customer - The button with the customer's name.
 * @csspart message - The loading, empty or error message.
 * @csspart retry - The Retry button.
 */
export class TopCustomers extends LitElement {
  static override properties: PropertyDeclarations = {
    limit: { type: String },
    locale: { type: String },
    label: { type: String },
    live: { type: Boolean },
    theme: { type: String, reflect: true },
    client: { attribute: false },
  };

  static override styles = [
    ...revenueCardStyles,
    css`
      :host {
        --_top-warning: var(--tally-color-warning, #9a6700);
      }
      :host([theme='dark']) {
        --_top-warning: var(--tally-color-warning, #d29922);
      }
      tbody tr {
        cursor: pointer;
      }
      tbody tr:hover {
        background: var(--_tally-color-surface);
      }
      .rank {
        color: var(--_tally-color-muted);
        width: 1.5rem;
      }
      .customer {
        all: unset;
        color: var(--_tally-color-accent);
        cursor: pointer;
        overflow-wrap: anywhere;
      }
      .customer:focus-visible {
        outline: 2px solid var(--_tally-color-accent);
        outline-offset: 2px;
      }
      .name {
        text-align: start;
      }
      td.mrr,
      td.health {
        white-space: nowrap;
      }
      .band-good {
        color: var(--_tally-color-up);
      }
      .band-fair {
        color: var(--_top-warning);
      }
      .band-poor {
        color: var(--_tally-color-down);
      }
      @container (max-width: 420px) {
        .plan {
          display: none;
        }
      }
    `,
  ];

  /** How many customers: 1–100. @default 10 */
  declare limit: string | undefined;
  /** BCP 47 locale for money. @default undefined (the browser's) */
  declare locale: string | undefined;
  /** Title. @default 'Top customers by MRR' */
  declare label: string | undefined;
  /**
   * Reload whenever MRR changes: search has no live subscription, so the widget subscribes to today's `mrr`
   * (which needs the `finance` class; without it the list stays, not live) and searches again on each push.
   * @default false
   */
  declare live: boolean;
  /** `light`, `dark` or `auto`. @default undefined (light) */
  declare theme: string | undefined;
  /** A client of its own; without it the nearest `<tally-provider>`'s. Property only. */
  declare client: WidgetClient | undefined;

  readonly #data = new ResourceController<CustomerSearchResult>(this, {
    key: () => (this.#problem === undefined ? String(this.#limit) : undefined),
    live: () => this.live,
    load: (client, signal) => this.#load(client, signal),
    subscribe: (client, onValue, onError) => {
      this.#liveProblem = undefined;
      return reloadOnPush(client, { metric: 'mrr', range: '1d', granularity: 'day' }, (signal) => this.#load(client, signal), {
        onValue,
        onError,
        onTriggerError: (error) => {
          this.#liveProblem = error.message;
          this.requestUpdate();
        },
      }, 'top-customers');
    },
  });

  /** The top customers: an empty search is every customer, highest MRR first. */
  #load(client: WidgetClient, signal: AbortSignal): Promise<CustomerSearchResult> {
    return client.searchCustomers({ q: '', limit: this.#limit }, { signal, widget: 'top-customers' });
  }

  #view: View = { state: 'loading' };
  #liveProblem: string | undefined;
  #problem: TallyErrorDetail | undefined;
  readonly #reporter = new InvalidAttributeReporter();

  constructor() {
    super();
    this.limit = undefined;
    this.locale = undefined;
    this.label = undefined;
    this.live = false;
    this.theme = undefined;
    this.client = undefined;
  }

  get #limit(): number {
    const text = trimmed(this.limit);
    return text === undefined ? DEFAULT_LIMIT : Number(text);
  }

  protected override willUpdate(): void {
    this.#problem = this.#validate();
  }

  // Derived after the controller's hostUpdate (which runs after willUpdate) has started loading.
  protected override update(changed: PropertyValues<this>): void {
    const data = this.#data;
    this.#view = cardView(this.#problem, data, 'Could not load customers.', (value) => {
      const items = value.items.slice(0, this.#limit);
      return items.length === 0 ? { state: 'empty' } : { state: 'ready', items, updating: data.state === 'loading' };
    });
    super.update(changed);
  }

  protected override updated(): void {
    this.#reporter.report(this, this.#problem);
  }

  protected override render(): TemplateResult {
    const view = this.#view;
    return revenueCard(
      { state: view.state, busy: view.state === 'loading' || (view.state === 'ready' && view.updating), title: trimmed(this.label) ?? 'Top customers by MRR' },
      nothing,
      this.#body(view),
    );
  }

  #body(view: View): TemplateResult {
    switch (view.state) {
      case 'loading':
        return chartLoadingState('Loading customers…');
      case 'empty':
        return emptyState(this.#data.client !== undefined, 'No customers yet.');
      case 'error':
        return errorState(view.message, view.retry ? () => this.#data.retry() : undefined);
      case 'ready':
        return this.#table(view.items);
    }
  }

  #table(items: CustomerSummary[]): TemplateResult {
    const locale = trimmed(this.locale);
    return html`<table part="table">
      <thead>
        <tr>
          <th scope="col" class="rank"><span class="visually-hidden">Rank</span>#</th>
          <th scope="col" class="name">Customer</th>
          <th scope="col" class="plan">Plan</th>
          <th scope="col">MRR</th>
          <th scope="col">Health</th>
        </tr>
      </thead>
      <tbody>
        ${repeat(
          items,
          (c) => c.id,
          (c, i) => {
            const band = c.healthScore === null ? undefined : healthBand(c.healthScore);
            return html`<tr part="row" data-id=${c.id} @click=${() => this.dispatchEvent(tallySelectCustomerEvent(c.id))}>
              <td class="rank">${i + 1}</td>
              <td class="name"><button part="customer" class="customer" type="button">${c.name ?? c.id}</button></td>
              <td class="plan">${c.plan ?? '—'}</td>
              <td class="mrr" title=${formatMoney(c.mrr, locale, 'full')}>${formatMoney(c.mrr, locale)}</td>
              <td class="health ${band ? `band-${band.band}` : ''}">
                ${band ? html`${Math.round(c.healthScore!)} <span class="band-word">${band.label}</span>` : '—'}
              </td>
            </tr>`;
          },
        )}
      </tbody>
    </table>
    ${this.live && this.#liveProblem !== undefined ? html`<p class="sub" role="status">Not live: ${this.#liveProblem}</p>` : nothing}`;
  }

  #validate(): TallyErrorDetail | undefined {
    const limit = this.#limit;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      return invalid('limit', `invalid limit: expected an integer from 1 to ${MAX_LIMIT}, got ${show(this.limit)}`);
    }
    const theme = trimmed(this.theme);
    if (theme !== undefined && !THEMES.includes(theme)) return invalid('theme', `invalid theme: ${show(this.theme)}; expected light, dark or auto`);
    return checkLocale(this.locale);
  }
}

defineElement('top-customers', TopCustomers);

declare global {
  interface HTMLElementTagNameMap {
    'top-customers': TopCustomers;
  }
  interface GlobalEventHandlersEventMap {
    'tally-select-customer': CustomEvent<TallySelectCustomerDetail>;
  }
}
