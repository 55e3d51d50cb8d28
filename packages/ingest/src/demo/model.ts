import type { Feature, Interval, PlanId } from './catalog.ts';

/**
 * The demo company's data model: its customer accounts and their people, each account's life (trial,
 * subscription, churn), and the "happenings" the vendors report. Times are Unix milliseconds.
 */

/** A day, an hour and a minute in milliseconds. */
export const DAY_MS = 86_400_000;
/** See {@link DAY_MS}. */
export const HOUR_MS = 3_600_000;
/** See {@link DAY_MS}. */
export const MINUTE_MS = 60_000;

/** Vendors by what they report: product analytics, billing, CRM, support. */
export type ProductVendor = 'tally' | 'posthog' | 'amplitude' | 'mixpanel';
/** See {@link ProductVendor}. */
export type BillingVendor = 'stripe' | 'chargebee';
/** See {@link ProductVendor}. */
export type CrmVendor = 'hubspot' | 'salesforce';
/** See {@link ProductVendor}. */
export type SupportVendor = 'zendesk' | 'intercom';

/** Every vendor the demo speaks, by the source name it is sent to. */
export type DemoVendor = ProductVendor | BillingVendor | CrmVendor | SupportVendor;
export const DEMO_VENDORS: readonly DemoVendor[] = ['tally', 'posthog', 'amplitude', 'mixpanel', 'stripe', 'chargebee', 'hubspot', 'salesforce', 'zendesk', 'intercom'];

/** Which kind of customer: self-serve small business, mid-market, or sales-led enterprise. */
export type Segment = 'smb' | 'mid' | 'enterprise';

/** A person at a customer account. */
export interface User {
  /** Position in the account's user list. */
  index: number;
  /** The product's user id (numeric text), used by every vendor that knows the person. */
  id: string;
  name: string;
  email: string;
  role: 'admin' | 'member' | 'viewer';
  /** Chance of being active on a working day when the account is fully engaged. */
  propensity: number;
  joinedAt: number;
}

/** What a subscription costs per billing interval. */
export interface Term {
  plan: PlanId;
  interval: Interval;
  /** Price per interval, in cents. */
  amountMinor: number;
}

/** A stretch of time in which the account can use the product. `to` is Infinity while it lasts. */
export interface AccessWindow {
  from: number;
  to: number;
}

/** The run-up to a voluntary cancellation: usage falls from `from` until `decidedAt`, then stays low until `to`. */
export interface Decline {
  from: number;
  decidedAt: number;
  to: number;
}

/** An account's life, simulated once from the seed. */
export interface Life {
  trialEndsAt: number;
  convertedAt?: number;
  access: AccessWindow[];
  /** The plan from each time on; `null` while not paying. Sorted by time. */
  terms: { at: number; term: Term | null }[];
  declines: Decline[];
  churns: { at: number; kind: 'voluntary' | 'involuntary' }[];
  /** A temporary slump that does not end in churn (so that falling usage is a signal, not a verdict). */
  dip?: { from: number; to: number; depth: number };
}

/** One adopted feature of an account. */
export interface AdoptedFeature {
  feature: Feature;
  adoptedAt: number;
  weight: number;
}

/** A customer account (a company that uses the product). */
export interface Account {
  index: number;
  /** The account id every vendor carries (numeric text: it doubles as HubSpot company and Zendesk organization id). */
  id: string;
  name: string;
  domain: string;
  industry: string;
  employees: number;
  country: string;
  utcOffset: number;
  segment: Segment;
  vendors: { product: ProductVendor; billing: BillingVendor; crm: CrmVendor; support: SupportVendor };
  signupAt: number;
  /** How much this account uses the product when healthy (about 0.5–1.3). */
  baseEngagement: number;
  /** Contract price per month when on Enterprise, in cents. */
  enterpriseMonthlyMinor: number;
  features: AdoptedFeature[];
  /** Sorted by `joinedAt`. */
  users: User[];
  life: Life;
}

/** A subscription as a vendor would render it at one moment. */
export interface SubscriptionState {
  /** The account's n-th subscription. */
  seq: number;
  createdAt: number;
  term: Term;
  periodStart: number;
  periodEnd: number;
  status: 'active' | 'past_due' | 'canceled';
  cancelAtPeriodEnd: boolean;
  canceledAt?: number;
}

/** An invoice as a vendor would render it at one moment. */
export interface InvoiceState {
  /** The account's n-th invoice. */
  seq: number;
  subSeq: number;
  createdAt: number;
  amountMinor: number;
  reason: 'subscription_create' | 'subscription_cycle' | 'subscription_update';
  periodStart: number;
  periodEnd: number;
  attempt: number;
  status: 'open' | 'paid';
  nextAttemptAt?: number;
}

interface Base {
  at: number;
  account: Account;
  /** Per-account counter that makes this happening's ids unique. */
  seq: number;
}

/** Something the billing system reports. */
export type BillingHappening = Base & { kind: 'billing' } & (
  | { type: 'customer_created' }
  | { type: 'subscription_created'; sub: SubscriptionState }
  | {
      type: 'subscription_updated';
      sub: SubscriptionState;
      previous: Partial<Pick<SubscriptionState, 'term' | 'status' | 'cancelAtPeriodEnd' | 'periodStart' | 'periodEnd'>>;
      reason: 'renewal' | 'upgrade' | 'downgrade' | 'past_due' | 'recovered' | 'cancel_scheduled';
    }
  | { type: 'subscription_canceled'; sub: SubscriptionState; reason: 'voluntary' | 'involuntary' }
  | { type: 'invoice_paid'; sub: SubscriptionState; invoice: InvoiceState }
  | { type: 'payment_failed'; sub: SubscriptionState; invoice: InvoiceState }
  | { type: 'charge_refunded'; invoice: InvoiceState; refundedMinor: number; previousRefundedMinor: number }
);

/** CRM lifecycle stage of a customer. */
export type Stage = 'onboarding' | 'active' | 'at_risk' | 'renewal' | 'churned';

/** Someone who owns accounts in the CRM. */
export interface Owner {
  name: string;
  hubspotId: string;
  salesforceId: string;
}

/** Something the CRM reports: the company record was created, or some of its fields changed. */
export interface CrmHappening extends Base {
  kind: 'crm';
  type: 'created' | 'changed';
  changes: { owner?: Owner; stage?: Stage; health?: number };
}

/** A support ticket (Zendesk) or conversation (Intercom), planned whole when it is opened. */
export interface Ticket {
  account: Account;
  /** The account's n-th ticket. */
  seq: number;
  /** Vendor-wide ticket / conversation number, assigned in order of opening. */
  number: number;
  requester: User;
  /** Index into AGENTS. */
  agent: number;
  /** Index into TICKET_TOPICS. */
  topic: number;
  openedAt: number;
  channel: 'web' | 'email' | 'chat';
  /** Every step of its life, in time order, starting with `opened`. */
  steps: { step: TicketStep; at: number }[];
  /** The requester's rating, when the `rated` step happens: good/bad and a 1–5 score. */
  rating?: { good: boolean; score: number };
}

/** One step of a ticket's life, in the order a vendor reports them. */
export type TicketStep = 'opened' | 'assigned' | 'agent_replied' | 'user_replied' | 'solved' | 'rated';

/** Something the support desk reports. */
export interface SupportHappening extends Base {
  kind: 'support';
  ticket: Ticket;
  step: TicketStep;
  /** The step's position in the ticket's life (0 = opened). */
  stepIndex: number;
}

/** Anything a webhook-style vendor reports (product usage is generated separately, day by day). */
export type Happening = BillingHappening | CrmHappening | SupportHappening;

/** One product analytics event. */
export interface ProductEvent {
  at: number;
  account: Account;
  user: User;
  kind: 'page' | 'feature' | 'identify' | 'group' | 'track';
  /** Page name, track event name, or feature name. */
  name: string;
  /** Page path. */
  path: string;
  /** Per (account, day) counter that makes the event's id unique. */
  counter: number;
  /** Plan at the time, for group traits. */
  plan?: string;
}
