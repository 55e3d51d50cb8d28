import type { CustomerDetail } from '@tally/client-sdk';
import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { watchCustomer } from './customer-360-live.ts';
import {
  adoptionSection,
  headerSection,
  healthSection,
  ticketsSection,
  timelineSection,
  usageSection,
  type SectionContext,
} from './customer-360-sections.ts';
import { customer360Styles } from './customer-360-styles.ts';
import type { WidgetClient } from './data/client-context.ts';
import { ResourceController } from './data/resource-controller.ts';
import { defineElement } from './define-element.ts';
import type { TallyErrorDetail } from './events.ts';
import { InvalidAttributeReporter } from './invalid-attribute.ts';
import { checkLocale, checkTimezone, invalid, show, trimmed } from './revenue/inputs.ts';
import { NOT_CONNECTED, errorState } from './states.ts';

/** Longest customer id the API accepts. */
const MAX_ID_LENGTH = 200;
/** Timeline events shown before "Show all". */
const TIMELINE_SHOWN = 8;
const THEMES: readonly string[] = ['light', 'dark', 'auto'];

type View =
  | { state: 'loading' }
  | { state: 'empty'; message: string }
  | { state: 'error'; message: string; retry: boolean }
  | { state: 'ready'; customer: CustomerDetail; updating: boolean };

/**
 * Customer 360 for a CRM sidebar: who the customer is (plan, MRR, billing status, owner, stage), how healthy
 * (the score, its band in words and its four parts), how they use the product (active users over 30 days,
 * feature adoption), their open and recent tickets and a timeline of notable events. One column that fits a
 * 320-px sidebar.
 *
 * With `live`, the panel reloads whenever this customer's activity changes: the SDK has no customer
 * subscription, so it subscribes to the customer's daily active users (`dau` filtered on `customer`,
 * range `1d`) and loads the customer again on each push (see `customerTrigger`). When that subscription is
 * refused, the panel stays up and says it is not live.
 *
 * @tagname customer-360
 * @summary One customer's plan, MRR, health, usage, tickets and timeline.
 * @example
 * <tally-provider server="https://tally.example.com">
 *   <customer-360 customer-id="cus_123" live></customer-360>
 * </tally-provider>
 *
 * @fires tally-error - `CustomEvent<{ code: 'invalid_attribute', attribute, message }>` when an attribute is
 *   invalid; bubbles and is composed.
 *
 * @cssprop --tally-font-family - Font stack.
 * @cssprop --tally-color-text - Text color.
 * @cssprop --tally-color-muted - Labels, meta and messages.
 * @cssprop --tally-color-background - Panel background.
 * @cssprop --tally-color-border - Panel and section borders.
 * @cssprop --tally-color-accent - Usage sparkline and adoption bars.
 * @cssprop --tally-color-up - Healthy band and active billing.
 * @cssprop --tally-color-warning - At-risk band and past-due billing. Default: #9a6700 (dark: #d29922).
 * @cssprop --tally-color-down - Critical band and canceled billing.
 * @cssprop --tally-color-error - Error message.
 * @cssprop --tally-color-skeleton - Loading placeholders and bar tracks.
 * @cssprop --tally-color-surface - Retry and "Show all" button background.
 * @cssprop --tally-series-2 - Billing events in the timeline.
 * @cssprop --tally-series-3 - Support events in the timeline.
 * @cssprop --tally-series-4 - CRM events in the timeline.
 * @cssprop --tally-spacing - Padding and gaps. Default: 0.75rem.
 * @cssprop --tally-radius - Corner radius. Default: 0.5rem.
 *
 * @csspart base - The panel; carries `data-state` (loading, ready, empty, error).
 * @csspart header - Name, id and facts.
 * @csspart name - The customer's name.
 * @csspart facts - Plan, MRR, billing, owner and stage.
 * @csspart mrr - The formatted MRR.
 * @csspart badge - The billing status badge.
 * @csspart section - Each section; each also has its own part, below.
 * @csspart health - The health section.
 * @csspart usage - The usage section.
 * @csspart adoption - The feature adoption section.
 * @csspart tickets - The tickets section.
 * @csspart timeline - The timeline section.
 * @csspart health-score - The score with its band.
 * @csspart usage-chart - The box around the usage sparkline.
 * @csspart table - The visually hidden table of the usage numbers.
 * @csspart show-all - The "Show all" timeline button.
 * @csspart message - The loading, empty or error message.
 * @csspart retry - The error state's Retry button.
 */
export class Customer360 extends LitElement {
  static override properties: PropertyDeclarations = {
    customerId: { type: String, attribute: 'customer-id' },
    live: { type: Boolean },
    locale: { type: String },
    timezone: { type: String },
    theme: { type: String, reflect: true },
    client: { attribute: false },
  };

  static override styles = customer360Styles;

  /** Id of the customer to show (attribute `customer-id`). @default undefined (shows "No customer selected") */
  declare customerId: string | undefined;
  /** Reload whenever the customer's activity changes (see the class notes). @default false */
  declare live: boolean;
  /** BCP 47 locale for numbers, money and times. @default undefined (the browser's) */
  declare locale: string | undefined;
  /** IANA time zone for dates and for what "yesterday" means. @default undefined (the browser's) */
  declare timezone: string | undefined;
  /** `light`, `dark` or `auto` (follows the system). @default undefined (light) */
  declare theme: string | undefined;
  /** A client of its own; without it the nearest `<tally-provider>`'s is used. Property only. @default undefined */
  declare client: WidgetClient | undefined;

  readonly #data = new ResourceController<CustomerDetail>(this, {
    key: () => (this.#problem === undefined ? trimmed(this.customerId) : undefined),
    live: () => this.live,
    load: (client, signal) => client.customer(trimmed(this.customerId)!, { signal, widget: 'customer-360' }),
    subscribe: (client, onValue, onError) => {
      this.#liveProblem = undefined;
      return watchCustomer(client, trimmed(this.customerId)!, {
        onValue,
        onError,
        onTriggerError: (error) => {
          this.#liveProblem = error.message;
          this.requestUpdate();
        },
      });
    },
  });

  #view: View = { state: 'loading' };
  #problem: TallyErrorDetail | undefined;
  readonly #reporter = new InvalidAttributeReporter();
  #liveProblem: string | undefined;
  #timelineShown = TIMELINE_SHOWN;
  #shownFor: string | undefined;

  constructor() {
    super();
    this.customerId = undefined;
    this.live = false;
    this.locale = undefined;
    this.timezone = undefined;
    this.theme = undefined;
    this.client = undefined;
  }

  /** Loads the customer again (what the Retry button does). */
  retry(): void {
    this.#data.retry();
  }

  protected override willUpdate(): void {
    // Runs before the controller's hostUpdate reads key(): a bad attribute stops loading at once.
    this.#problem = this.#validate();
    const id = trimmed(this.customerId);
    if (id !== this.#shownFor) {
      this.#shownFor = id;
      this.#timelineShown = TIMELINE_SHOWN;
    }
  }

  // The view is derived here, after the controller's hostUpdate has started or restarted loading, so the
  // first render already says "loading" (willUpdate runs before controllers).
  protected override update(changed: PropertyValues<this>): void {
    this.#view = this.#deriveView(trimmed(this.customerId));
    super.update(changed);
  }

  #deriveView(id: string | undefined): View {
    if (this.#problem !== undefined) return { state: 'error', message: this.#problem.message, retry: false };
    if (id === undefined) return { state: 'empty', message: 'No customer selected.' };
    const data = this.#data;
    // The last value stays while reloading; never show another customer's in the meantime.
    const value = data.value?.id === id ? data.value : undefined;
    if (data.state === 'error') {
      if (data.error?.code === 'not_found') return { state: 'empty', message: `No customer “${id}”.` };
      return { state: 'error', message: data.error?.message ?? 'Could not load this customer.', retry: true };
    }
    if (value !== undefined) return { state: 'ready', customer: value, updating: data.state === 'loading' };
    if (data.state === 'idle' && data.client === undefined) return { state: 'empty', message: NOT_CONNECTED };
    return { state: 'loading' };
  }

  protected override updated(): void {
    this.#reporter.report(this, this.#problem);
  }

  protected override render(): TemplateResult {
    const view = this.#view;
    const name = view.state === 'ready' ? (view.customer.name ?? view.customer.id) : undefined;
    return html`<section
      part="base"
      class="panel"
      data-state=${view.state}
      aria-label=${name ? `Customer 360: ${name}` : 'Customer 360'}
      aria-busy=${view.state === 'loading' || (view.state === 'ready' && view.updating) ? 'true' : nothing}
    >
      ${this.#body(view)}
    </section>`;
  }

  #body(view: View): TemplateResult {
    switch (view.state) {
      case 'loading':
        return html`<div class="loading" aria-hidden="true">
            <div class="skeleton"></div>
            <div class="skeleton"></div>
            <div class="skeleton"></div>
          </div>
          <p part="message" class="message">Loading customer…</p>`;
      case 'empty':
        return html`<p part="message" class="message">${view.message}</p>`;
      case 'error':
        return errorState(view.message, view.retry ? () => this.#data.retry() : undefined);
      case 'ready': {
        const c = view.customer;
        const ctx: SectionContext = {
          locale: trimmed(this.locale),
          timezone: trimmed(this.timezone),
          now: Date.now(),
          timelineShown: this.#timelineShown,
          onShowAllTimeline: () => {
            this.#timelineShown = Number.POSITIVE_INFINITY;
            this.requestUpdate();
          },
        };
        return html`${headerSection(c, ctx)} ${healthSection(c.health, ctx)} ${usageSection(c, ctx)} ${adoptionSection(c, ctx)}
        ${ticketsSection(c, ctx)} ${timelineSection(c, ctx)}
        ${this.live && this.#liveProblem !== undefined
          ? html`<p class="live-note" role="status">Not live: ${this.#liveProblem}</p>`
          : nothing}`;
      }
    }
  }

  #validate(): TallyErrorDetail | undefined {
    const id = trimmed(this.customerId);
    if (id !== undefined && id.length > MAX_ID_LENGTH) {
      return invalid('customer-id', `invalid customer-id: at most ${MAX_ID_LENGTH} characters, got ${id.length}`);
    }
    const theme = trimmed(this.theme);
    if (theme !== undefined && !THEMES.includes(theme)) {
      return invalid('theme', `invalid theme: ${show(this.theme)}; expected light, dark or auto`);
    }
    return checkLocale(this.locale) ?? checkTimezone(this.timezone);
  }
}

defineElement('customer-360', Customer360);

declare global {
  interface HTMLElementTagNameMap {
    'customer-360': Customer360;
  }
}
