import { PLANS } from '../catalog.ts';
import { hex, stripeId } from '../ids.ts';
import type { Account, BillingHappening, InvoiceState, SubscriptionState, Term } from '../model.ts';
import { seconds, sign, webhookRequest, type EncodeContext, type Outgoing } from './outgoing.ts';

/**
 * Stripe webhook Events (API version 2024-06-20), one per request, signed as Stripe signs:
 * `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`. `metadata.account_id` is set on the
 * customer, the subscription (Stripe copies it into invoices' `subscription_details`) and the charge, so
 * every event joins to the account. `invoice.paid` comes with `invoice.payment_succeeded`, as Stripe sends both.
 */

const API_VERSION = '2024-06-20';
type Json = Record<string, unknown>;

const ids = (a: Account, ctx: EncodeContext) => {
  const salt = ctx.company.salts.billing;
  return {
    customer: stripeId('cus', salt, a.index, 0),
    subscription: (seq: number) => stripeId('sub', salt, a.index, seq),
    item: (seq: number) => stripeId('si', salt, a.index, seq),
    invoice: (seq: number) => stripeId('in', salt, a.index, seq),
    charge: (seq: number) => stripeId('ch', salt, a.index, seq),
    paymentIntent: (seq: number) => stripeId('pi', salt, a.index, seq),
    event: (seq: number, k: number) => stripeId('evt', salt, a.index, seq * 4 + k),
  };
};

/** A Stripe Price for a plan term (enterprise prices are per contract). */
export function priceOf(term: Term, account: Account): Json {
  const id = term.plan === 'enterprise' ? `price_enterprise_${account.id}_${term.interval}ly` : `price_${term.plan}_${term.interval}ly`;
  return {
    id,
    object: 'price',
    active: true,
    billing_scheme: 'per_unit',
    currency: 'usd',
    livemode: false,
    nickname: `${PLANS[term.plan].name} (${term.interval}ly)`,
    product: `prod_${term.plan}`,
    recurring: { aggregate_usage: null, interval: term.interval, interval_count: 1, trial_period_days: null, usage_type: 'licensed' },
    type: 'recurring',
    unit_amount: term.amountMinor,
    unit_amount_decimal: String(term.amountMinor),
  };
}

function items(sub: SubscriptionState, term: Term, account: Account, ctx: EncodeContext): Json {
  const id = ids(account, ctx).subscription(sub.seq);
  const item = { id: ids(account, ctx).item(sub.seq), object: 'subscription_item', created: seconds(sub.createdAt), metadata: {}, price: priceOf(term, account), quantity: 1, subscription: id, tax_rates: [] };
  return { object: 'list', data: [item], has_more: false, total_count: 1, url: `/v1/subscription_items?subscription=${id}` };
}

function subscription(sub: SubscriptionState, account: Account, ctx: EncodeContext, endedAt?: number): Json {
  return {
    id: ids(account, ctx).subscription(sub.seq),
    object: 'subscription',
    billing_cycle_anchor: seconds(sub.createdAt),
    cancel_at: sub.cancelAtPeriodEnd ? seconds(sub.periodEnd) : null,
    cancel_at_period_end: sub.cancelAtPeriodEnd,
    canceled_at: sub.canceledAt === undefined ? null : seconds(sub.canceledAt),
    collection_method: 'charge_automatically',
    created: seconds(sub.createdAt),
    currency: 'usd',
    current_period_end: seconds(sub.periodEnd),
    current_period_start: seconds(sub.periodStart),
    customer: ids(account, ctx).customer,
    ended_at: endedAt === undefined ? null : seconds(endedAt),
    items: items(sub, sub.term, account, ctx),
    livemode: false,
    metadata: { account_id: account.id },
    status: sub.status,
  };
}

function invoice(inv: InvoiceState, paid: boolean, account: Account, ctx: EncodeContext): Json {
  const i = ids(account, ctx);
  return {
    id: i.invoice(inv.seq),
    object: 'invoice',
    account_country: 'US',
    account_name: 'Northwind Metrics, Inc.',
    amount_due: inv.amountMinor,
    amount_paid: paid ? inv.amountMinor : 0,
    amount_remaining: paid ? 0 : inv.amountMinor,
    attempt_count: inv.attempt,
    attempted: true,
    billing_reason: inv.reason,
    charge: i.charge(inv.seq),
    collection_method: 'charge_automatically',
    created: seconds(inv.createdAt),
    currency: 'usd',
    customer: i.customer,
    customer_email: `billing@${account.domain}`,
    customer_name: account.name,
    livemode: false,
    metadata: {},
    next_payment_attempt: inv.nextAttemptAt === undefined ? null : seconds(inv.nextAttemptAt),
    number: `${hex(account.index * 2654435761, 8).toUpperCase()}-${String(inv.seq + 1).padStart(4, '0')}`,
    paid,
    payment_intent: i.paymentIntent(inv.seq),
    period_end: seconds(inv.periodEnd),
    period_start: seconds(inv.periodStart),
    status: paid ? 'paid' : 'open',
    subscription: i.subscription(inv.subSeq),
    subscription_details: { metadata: { account_id: account.id } },
    subtotal: inv.amountMinor,
    total: inv.amountMinor,
  };
}

/** The Stripe Events for one billing happening: `[type, data]` pairs. */
function events(h: BillingHappening, ctx: EncodeContext): [string, Json][] {
  const a = h.account;
  switch (h.type) {
    case 'customer_created':
      return [['customer.created', { object: { id: ids(a, ctx).customer, object: 'customer', balance: 0, created: seconds(h.at), currency: null, delinquent: false, email: `billing@${a.domain}`, invoice_prefix: hex(a.index * 2654435761, 8).toUpperCase(), livemode: false, metadata: { account_id: a.id }, name: a.name, preferred_locales: [], tax_exempt: 'none' } }]];
    case 'subscription_created':
      return [['customer.subscription.created', { object: subscription(h.sub, a, ctx) }]];
    case 'subscription_updated': {
      const p = h.previous;
      const previous: Json = {};
      if (p.term) previous.items = items(h.sub, p.term, a, ctx);
      if (p.status) previous.status = p.status;
      if (p.cancelAtPeriodEnd !== undefined) Object.assign(previous, { cancel_at_period_end: p.cancelAtPeriodEnd, cancel_at: null, canceled_at: null });
      if (p.periodStart !== undefined) previous.current_period_start = seconds(p.periodStart);
      if (p.periodEnd !== undefined) previous.current_period_end = seconds(p.periodEnd);
      return [['customer.subscription.updated', { object: subscription(h.sub, a, ctx), previous_attributes: previous }]];
    }
    case 'subscription_canceled':
      return [['customer.subscription.deleted', { object: { ...subscription(h.sub, a, ctx, h.at), cancellation_details: { comment: null, feedback: null, reason: h.reason === 'voluntary' ? 'cancellation_requested' : 'payment_failed' } } }]];
    case 'invoice_paid': {
      const object = invoice(h.invoice, true, a, ctx);
      return [['invoice.paid', { object }], ['invoice.payment_succeeded', { object }]];
    }
    case 'payment_failed':
      return [['invoice.payment_failed', { object: invoice(h.invoice, false, a, ctx) }]];
    case 'charge_refunded': {
      const i = ids(a, ctx);
      const total = h.previousRefundedMinor + h.refundedMinor;
      const charge = {
        id: i.charge(h.invoice.seq),
        object: 'charge',
        amount: h.invoice.amountMinor,
        amount_captured: h.invoice.amountMinor,
        amount_refunded: total,
        captured: true,
        created: seconds(h.invoice.createdAt),
        currency: 'usd',
        customer: i.customer,
        description: 'Subscription update',
        invoice: i.invoice(h.invoice.seq),
        livemode: false,
        metadata: { account_id: a.id },
        paid: true,
        payment_intent: i.paymentIntent(h.invoice.seq),
        payment_method_details: { card: { brand: 'visa', exp_month: 8, exp_year: 2029, funding: 'credit', last4: '4242' }, type: 'card' },
        refunded: total >= h.invoice.amountMinor,
        status: 'succeeded',
      };
      return [['charge.refunded', { object: charge, previous_attributes: { amount_refunded: h.previousRefundedMinor, refunded: false } }]];
    }
  }
}

/** The requests Stripe would send for one billing happening, in order, on the account's lane. */
export function stripeRequests(h: BillingHappening, ctx: EncodeContext): Outgoing[] {
  const secret = ctx.secrets.stripe;
  return events(h, ctx).map(([type, data], k) => {
    const event = { id: ids(h.account, ctx).event(h.seq, k), object: 'event', api_version: API_VERSION, created: seconds(h.at), data, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type };
    return webhookRequest('stripe', JSON.stringify(event), 1, ctx, `stripe:${h.account.id}`, (_url, body, nowMs) => {
      const t = seconds(nowMs);
      return { 'stripe-signature': `t=${t},v1=${sign('sha256', secret, `${t}.${body}`, 'hex')}`, 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' };
    });
  });
}
