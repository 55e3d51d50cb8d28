import { PLANS } from '../catalog.ts';
import { chargebeeId } from '../ids.ts';
import type { Account, BillingHappening, InvoiceState, SubscriptionState } from '../model.ts';
import { seconds, webhookRequest, type EncodeContext, type Outgoing } from './outgoing.ts';

/**
 * Chargebee webhook events (API v2, Product Catalog 2.0), one per request, with the webhook's HTTP Basic
 * credentials. The Chargebee customer id is the account id, which is where the connector reads the customer.
 * Events the connector does not map (renewals, scheduled cancellations) are sent anyway, as Chargebee does.
 */

type Json = Record<string, unknown>;

const subscriptionId = (a: Account, seq: number, ctx: EncodeContext) => chargebeeId(ctx.company.salts.billing, a.index, 1000 + seq);

function subscription(sub: SubscriptionState, a: Account, ctx: EncodeContext, at: number): Json {
  const { term } = sub;
  const itemPriceId = `${PLANS[term.plan].name}-USD-${term.interval === 'year' ? 'Yearly' : 'Monthly'}`;
  const mrr = sub.status === 'canceled' ? 0 : Math.round(term.interval === 'year' ? term.amountMinor / 12 : term.amountMinor);
  return {
    id: subscriptionId(a, sub.seq, ctx),
    billing_period: 1,
    billing_period_unit: term.interval,
    auto_collection: 'on',
    customer_id: a.id,
    status: sub.status === 'canceled' ? 'cancelled' : 'active',
    current_term_start: seconds(sub.periodStart),
    current_term_end: seconds(sub.periodEnd),
    created_at: seconds(sub.createdAt),
    started_at: seconds(sub.createdAt),
    activated_at: seconds(sub.createdAt),
    updated_at: seconds(at),
    ...(sub.status === 'canceled' ? { cancelled_at: seconds(at) } : {}),
    has_scheduled_changes: false,
    channel: 'web',
    resource_version: at,
    deleted: false,
    object: 'subscription',
    currency_code: 'USD',
    subscription_items: [{ item_price_id: itemPriceId, item_type: 'plan', quantity: 1, unit_price: term.amountMinor, amount: term.amountMinor, free_quantity: 0, object: 'subscription_item' }],
    mrr,
  };
}

const customer = (a: Account, at: number): Json => ({ id: a.id, company: a.name, email: `billing@${a.domain}`, auto_collection: 'on', created_at: seconds(at), object: 'customer', preferred_currency_code: 'USD' });

function invoice(inv: InvoiceState, a: Account, ctx: EncodeContext, paid: boolean, dunning: number): Json {
  return {
    id: `${a.id}-${inv.seq + 1}`,
    customer_id: a.id,
    subscription_id: subscriptionId(a, inv.subSeq, ctx),
    recurring: inv.reason !== 'subscription_update',
    status: paid ? 'paid' : 'payment_due',
    date: seconds(inv.createdAt),
    total: inv.amountMinor,
    amount_paid: paid ? inv.amountMinor : 0,
    amount_due: paid ? 0 : inv.amountMinor,
    object: 'invoice',
    first_invoice: inv.reason === 'subscription_create',
    currency_code: 'USD',
    ...(dunning > 0 ? { dunning_attempts: Array.from({ length: dunning }, (_, i) => ({ attempt: i, created_at: seconds(inv.createdAt) + i * 86_400, dunning_type: 'auto_collect', object: 'dunning_attempt' })) } : {}),
  };
}

function transaction(inv: InvoiceState, a: Account, ctx: EncodeContext, at: number, type: 'payment' | 'refund', status: 'success' | 'failure', amount: number, k: number): Json {
  return {
    id: `txn_${chargebeeId(ctx.company.salts.billing, a.index, inv.seq * 8 + k)}`,
    customer_id: a.id,
    subscription_id: subscriptionId(a, inv.subSeq, ctx),
    payment_method: 'card',
    gateway: 'stripe',
    type,
    date: seconds(at),
    amount,
    status,
    ...(status === 'failure' ? { error_code: 'card_declined', error_text: 'Your card was declined.' } : {}),
    object: 'transaction',
    currency_code: 'USD',
    linked_invoices: [{ invoice_id: `${a.id}-${inv.seq + 1}`, applied_amount: amount, invoice_total: inv.amountMinor }],
  };
}

/** `[event_type, content]` for one happening; undefined where Chargebee sends nothing (dunning keeps the subscription active). */
function event(h: BillingHappening, ctx: EncodeContext): [string, Json] | undefined {
  const a = h.account;
  switch (h.type) {
    case 'customer_created':
      return ['customer_created', { customer: customer(a, h.at) }];
    case 'subscription_created':
      return ['subscription_created', { subscription: subscription(h.sub, a, ctx, h.at), customer: customer(a, h.at) }];
    case 'subscription_updated': {
      const types: Record<typeof h.reason, string | undefined> = {
        upgrade: 'subscription_changed',
        downgrade: 'subscription_changed',
        renewal: 'subscription_renewed',
        cancel_scheduled: 'subscription_cancellation_scheduled',
        past_due: undefined,
        recovered: undefined,
      };
      const type = types[h.reason];
      if (type === undefined) return undefined;
      return [type, { subscription: subscription({ ...h.sub, status: 'active' }, a, ctx, h.at), customer: customer(a, h.at) }];
    }
    case 'subscription_canceled':
      return ['subscription_cancelled', { subscription: { ...subscription(h.sub, a, ctx, h.at), ...(h.reason === 'involuntary' ? { cancel_reason: 'not_paid' } : {}) }, customer: customer(a, h.at) }];
    case 'invoice_paid':
      return ['payment_succeeded', { transaction: transaction(h.invoice, a, ctx, h.at, 'payment', 'success', h.invoice.amountMinor, h.invoice.attempt), invoice: invoice(h.invoice, a, ctx, true, 0), customer: customer(a, h.at), subscription: subscription(h.sub, a, ctx, h.at) }];
    case 'payment_failed':
      return ['payment_failed', { transaction: transaction(h.invoice, a, ctx, h.at, 'payment', 'failure', h.invoice.amountMinor, h.invoice.attempt), invoice: invoice(h.invoice, a, ctx, false, h.invoice.attempt), customer: customer(a, h.at) }];
    case 'charge_refunded':
      return ['payment_refunded', { transaction: transaction(h.invoice, a, ctx, h.at, 'refund', 'success', h.refundedMinor, 7), invoice: invoice(h.invoice, a, ctx, true, 0), customer: customer(a, h.at) }];
  }
}

/** The request Chargebee would send for one billing happening, if it sends one. */
export function chargebeeRequest(h: BillingHappening, ctx: EncodeContext): Outgoing | undefined {
  const encoded = event(h, ctx);
  if (!encoded) return undefined;
  const [eventType, content] = encoded;
  const body = JSON.stringify({
    id: `ev_${chargebeeId(ctx.company.salts.billing, h.account.index, h.seq)}`,
    occurred_at: seconds(h.at),
    source: h.type === 'subscription_updated' && h.reason === 'renewal' ? 'scheduled_job' : 'system',
    object: 'event',
    api_version: 'v2',
    content,
    event_type: eventType,
    webhook_status: 'scheduled',
  });
  const { username, password } = ctx.secrets.chargebee;
  const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  return webhookRequest('chargebee', body, 1, ctx, `chargebee:${h.account.id}`, () => ({ authorization }));
}
