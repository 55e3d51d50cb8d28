/** Path of customer search; one customer is `${CUSTOMERS_PATH}/:id` (see {@link customerPath}). */
export const CUSTOMERS_PATH = '/v1/customers';

/** Path of one customer's Customer 360, with the id URL-encoded. */
export function customerPath(id: string): string {
  return `${CUSTOMERS_PATH}/${encodeURIComponent(id)}`;
}

/** Most customers one search page may hold (`limit`; 25 when omitted). */
export const CUSTOMER_SEARCH_MAX_LIMIT = 100;

/** Longest accepted search text `q`, in characters; longer is `422` naming `q`. */
export const CUSTOMER_SEARCH_MAX_QUERY = 200;

/** Money as integer minor units (cents) and an ISO 4217 currency, `null` when none is known. */
export interface Money {
  amountMinor: number;
  currency: string | null;
}

/** One subscription of a customer, as the billing source last described it. */
export interface CustomerSubscription {
  id: string;
  plan: string | null;
  /** Billing status, e.g. `active`, `past_due`, `canceled`. */
  status: string;
  /** This subscription's MRR (0 once canceled). */
  mrr: Money;
  startedAt: string;
  canceledAt: string | null;
}

/**
 * The health score (0–100) and the four parts it is the weighted mean of (README "Health score"). `null` parts'
 * scores mean the part had no data (the CRM sent no score).
 */
export interface CustomerHealth {
  score: number;
  openTickets: number;
  parts: {
    usage: { score: number; activeUsers14d: number; previous14d: number };
    billing: { score: number; status: string };
    support: { score: number; openTickets: number };
    crm: { score: number | null };
  };
  /** When the score was last recomputed (ISO). */
  updatedAt: string;
}

/** A support ticket or chat conversation of the customer. */
export interface CustomerTicket {
  id: string;
  /** `zendesk`, `intercom`, … */
  source: string;
  status: string;
  priority: string | null;
  channel: string | null;
  subject: string | null;
  openedAt: string;
  firstResponseSeconds: number | null;
  solvedAt: string | null;
  csat: string | null;
}

/** One notable (non-product) event of the customer: billing, support, CRM, identity. */
export interface CustomerTimelineEvent {
  id: string;
  type: string;
  source: string;
  occurredAt: string;
  properties: Record<string, unknown>;
  /** The event's revenue, for billing events that carry one (refunds are negative). */
  revenue?: Money;
}

/**
 * Answer of `GET /v1/customers/:id`: Customer 360.
 *
 * @example
 * {
 *   "id": "4100023", "name": "Company 3", "email": null, "profile": { "industry": "saas" },
 *   "plan": "team", "mrr": { "amountMinor": 19900, "currency": "USD" }, "billingStatus": "active",
 *   "owner": "owner-1", "stage": "customer", "crmHealth": 71,
 *   "firstSeenAt": "2026-09-22T03:10:00.000Z", "lastSeenAt": "2026-11-20T09:41:00.000Z",
 *   "subscriptions": [{ "id": "sub_1", "plan": "team", "status": "active", "mrr": { "amountMinor": 19900, "currency": "USD" },
 *                       "startedAt": "2026-09-22T05:00:00.000Z", "canceledAt": null }],
 *   "health": { "score": 82, "openTickets": 1, "updatedAt": "2026-11-20T11:59:50.000Z",
 *               "parts": { "usage": { "score": 75, "activeUsers14d": 3, "previous14d": 3 }, "billing": { "score": 100, "status": "active" },
 *                          "support": { "score": 80, "openTickets": 1 }, "crm": { "score": 71 } } },
 *   "usageTrend": [{ "day": "2026-10-22", "activeUsers": 2 }, …],
 *   "featureAdoption": { "activeUsers": 4, "features": [{ "feature": "reports", "users": 3, "adoption": 0.75 }] },
 *   "tickets": { "open": [ … ], "recent": [ … ] },
 *   "timeline": [{ "id": "stripe:evt_1", "type": "billing.invoice_paid", "source": "stripe", "occurredAt": "…", "properties": { … },
 *                  "revenue": { "amountMinor": 19900, "currency": "USD" } }, …]
 * }
 */
export interface CustomerDetail {
  id: string;
  name: string | null;
  email: string | null;
  /** Traits from identity events (name, industry, …), as last sent. */
  profile: Record<string, unknown>;
  plan: string | null;
  /** Current MRR: the sum of the customer's subscriptions' MRR. */
  mrr: Money;
  /** `none` (no billing yet), `active`, `past_due`, `canceled`. */
  billingStatus: string;
  owner: string | null;
  stage: string | null;
  /** The CRM's own health score (0–100), when a CRM sent one. */
  crmHealth: number | null;
  firstSeenAt: string;
  lastSeenAt: string;
  subscriptions: CustomerSubscription[];
  /** `null` until the first health refresh after the customer's first event. */
  health: CustomerHealth | null;
  /** Distinct active users per UTC day over the 30 days ending today, oldest first, days without activity as 0. */
  usageTrend: { day: string; activeUsers: number }[];
  /**
   * Feature adoption over the same 30 days: users of each feature ÷ the customer's distinct active users,
   * most adopted first.
   */
  featureAdoption: { activeUsers: number; features: { feature: string; users: number; adoption: number }[] };
  tickets: {
    /** Every ticket not solved or closed, newest first (at most 50). */
    open: CustomerTicket[];
    /** The 10 newest tickets of any status. */
    recent: CustomerTicket[];
  };
  /** The 50 newest notable (non-product) events, newest first. */
  timeline: CustomerTimelineEvent[];
}

/** One customer in search results. */
export interface CustomerSummary {
  id: string;
  name: string | null;
  plan: string | null;
  mrr: Money;
  billingStatus: string;
  owner: string | null;
  healthScore: number | null;
  lastSeenAt: string;
}

/**
 * Answer of `GET /v1/customers?q=&limit=&cursor=`: customers whose name or id starts with `q` (case-insensitive
 * for names), highest MRR first (ties by id). Pass `nextCursor` back as `cursor` for the next page.
 *
 * @example
 * { "items": [{ "id": "acme-cus-7", "name": "Company 7", "plan": "business", "mrr": { "amountMinor": 49900, "currency": "USD" },
 *               "billingStatus": "active", "owner": "owner-2", "healthScore": 88, "lastSeenAt": "2026-11-20T08:00:00.000Z" }],
 *   "nextCursor": "WzQ5OTAwLCJhY21lLWN1cy03Il0" }
 */
export interface CustomerSearchResult {
  items: CustomerSummary[];
  /** Opaque; `null` on the last page. */
  nextCursor: string | null;
}
