/**
 * The canonical event types that connectors produce, in one table (the README's table is generated from the
 * same list by `event-types.test.ts` checking it). Product `track` events keep the customer's own names,
 * slugged: `"Feature Used"` → `product.feature_used`.
 */
export const EVENT_TYPES = {
  // product telemetry
  'product.page_viewed': 'a page view (Segment/Tally page, PostHog $pageview)',
  'product.screen_viewed': 'a mobile screen view',
  'product.feature_used': 'a feature was used; properties.feature names it',
  'product.<name>': 'any other tracked event, its name slugged (Segment track, Mixpanel, Amplitude, PostHog)',
  // identity
  'identity.user_identified': 'traits of a user (Segment identify, PostHog $identify)',
  'identity.account_identified': 'traits of an account/company (Segment group, PostHog $groupidentify)',
  'identity.user_aliased': 'two user ids are one person (Segment alias, PostHog $create_alias)',
  // billing
  'billing.customer_created': 'a billing customer was created',
  'billing.customer_updated': 'a billing customer changed',
  'billing.subscription_created': 'a subscription started; properties.mrrMinor, previousMrrMinor (0), currency, plan, status',
  'billing.subscription_updated': 'plan, quantity or status changed; properties.mrrMinor, previousMrrMinor, currency, plan, status',
  'billing.subscription_canceled': 'a subscription ended; properties.mrrMinor (0), previousMrrMinor, currency',
  'billing.invoice_paid': 'an invoice was paid; revenue = amount paid',
  'billing.payment_failed': 'a payment attempt failed; properties.amountMinor, currency, attempt',
  'billing.charge_refunded': 'money was refunded; revenue = minus the amount refunded',
  // CRM
  'crm.account_updated': 'account/company fields changed; properties.changes = { field: value } (owner, stage, healthScore, …)',
  'crm.deal_updated': 'deal/opportunity fields changed; properties.changes, properties.dealId',
  // support
  'support.ticket_opened': 'a ticket was created; properties.ticketId, priority, channel',
  'support.ticket_updated': 'a ticket changed (status, assignee, a public reply); properties.ticketId, status',
  'support.ticket_solved': 'a ticket was solved or closed; properties.ticketId',
  'support.satisfaction_rated': 'a CSAT rating; properties.score (good/bad or 1-5), ticketId',
  'support.conversation_opened': 'a chat conversation started (Intercom); properties.conversationId',
  'support.conversation_replied': 'a reply in a conversation; properties.conversationId, author (user/admin)',
  'support.conversation_closed': 'a conversation was closed; properties.conversationId',
} as const satisfies Record<string, string>;

export type EventTypeName = Exclude<keyof typeof EVENT_TYPES, 'product.<name>'>;
