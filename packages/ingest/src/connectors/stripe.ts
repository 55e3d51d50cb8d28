import { normaliseWith, Reader, splitItems } from './fields.ts';
import { hmac, invalid, missing, safeEqual, stale } from './signatures.ts';
import { readSubscription, sumMrr } from './stripe-mrr.ts';
import type { Connector, EventDraft, NormaliseResult, SignedRequest, SourceConfig, VerifyResult } from './types.ts';
import { draft } from './draft.ts';

/** Stripe's documented tolerance for the signed timestamp `t`: five minutes either way. */
const TOLERANCE_S = 300;

/**
 * Stripe webhook Events (`evt_…`) → billing events. One Event per request, verified with the endpoint's
 * signing secret (`whsec_…`, in `config.secret`). See docs/sources/stripe.md for the mapping.
 *
 * `invoice.payment_succeeded` is ignored on purpose: Stripe sends it together with `invoice.paid` for the
 * same payment, and only `invoice.paid` also covers invoices paid out of band, so counting that one alone
 * books each payment once.
 */
export const stripeConnector: Connector = {
  name: 'stripe',
  version: 1,
  transport: 'webhook',
  items: (body) => splitItems(body, undefined),
  normalise: (item, ctx) => normaliseWith(() => normaliseEvent(new Reader(item, ctx.path))),
  verify: verifyStripe,
};

/**
 * Checks `stripe-signature: t=<unix>,v1=<hex>[,v1=<hex>…][,v0=…]`: HMAC-SHA256 of `${t}.${rawBody}` keyed
 * with the endpoint secret as-is; any `v1` may match (Stripe sends several while a secret rolls).
 */
export function verifyStripe(request: SignedRequest, config: SourceConfig, nowMs: number): VerifyResult {
  if (!config.secret) return invalid('stripe: the source has no signing secret configured');
  const header = request.headers['stripe-signature'];
  if (!header) return missing('stripe: no stripe-signature header');
  let timestamp: string | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') timestamp = value;
    else if (key === 'v1') signatures.push(value);
  }
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || signatures.length === 0) {
    return invalid('stripe: stripe-signature has no timestamp or no v1 signature');
  }
  const expected = hmac('sha256', config.secret, `${timestamp}.${request.rawBody}`, 'hex');
  if (!signatures.some((signature) => safeEqual(signature, expected))) {
    return invalid('stripe: no v1 signature matches the payload');
  }
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > TOLERANCE_S) {
    return stale(`stripe: signed timestamp ${timestamp} is more than ${TOLERANCE_S} s from now`);
  }
  return { ok: true };
}

function normaliseEvent(event: Reader): NormaliseResult | EventDraft[] {
  const id = event.string('id', { max: 256 });
  const type = event.string('type');
  const occurredAt = event.time('created');
  const data = event.object('data');
  const obj = data.object('object');
  const previous = data.optionalObject('previous_attributes');
  const base = { id, occurredAt };

  switch (type) {
    case 'customer.created':
    case 'customer.updated':
      return [
        draft(base, type === 'customer.created' ? 'billing.customer_created' : 'billing.customer_updated', accountId(obj) ?? obj.string('id', { max: 256 }), {
          stripeCustomerId: obj.string('id', { max: 256 }),
          name: obj.optionalString('name'),
          currency: obj.has('currency') ? obj.currency('currency') : undefined,
          delinquent: obj.optionalBoolean('delinquent'),
          // Which attributes changed, never their values: some (email, address) are personal data.
          changedFields: previous ? Object.keys(previous.value).sort() : undefined,
        }),
      ];
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      return [subscriptionEvent(base, type, obj, previous)];
    case 'invoice.paid':
      return [
        draft(base, 'billing.invoice_paid', invoiceAccount(obj), invoiceProperties(obj), {
          amountMinor: obj.integer('amount_paid'),
          currency: obj.currency('currency'),
        }),
      ];
    case 'invoice.payment_succeeded':
      return { ok: true, events: [], ignored: 'invoice.payment_succeeded duplicates invoice.paid, which is the one counted' };
    case 'invoice.payment_failed':
      return [
        draft(base, 'billing.payment_failed', invoiceAccount(obj), {
          ...invoiceProperties(obj),
          amountMinor: obj.integer('amount_due'),
          currency: obj.currency('currency'),
          attempt: obj.optionalInteger('attempt_count'),
          nextPaymentAttemptAt: obj.optionalTime('next_payment_attempt'),
        }),
      ];
    case 'charge.refunded':
      return [refundEvent(base, obj, previous)];
    default:
      return { ok: true, events: [], ignored: `stripe event type ${type} is not mapped` };
  }
}

function subscriptionEvent(base: Pick<EventDraft, 'id' | 'occurredAt'>, type: string, sub: Reader, previous: Reader | undefined): EventDraft {
  const now = readSubscription(sub);
  const first = now.lines[0];
  let mrrMinor = now.mrrMinor;
  let previousMrrMinor: number;
  let previousStatus: string | undefined;
  let canonical: EventDraft['type'];
  if (type === 'customer.subscription.created') {
    canonical = 'billing.subscription_created';
    previousMrrMinor = 0;
  } else if (type === 'customer.subscription.updated') {
    canonical = 'billing.subscription_updated';
    const before = previous ? readSubscription(sub, previous) : now;
    previousMrrMinor = before.mrrMinor;
    previousStatus = before.status;
  } else {
    canonical = 'billing.subscription_canceled';
    mrrMinor = 0;
    // A deleted subscription's items are the ones it was billing until now.
    previousMrrMinor = sumMrr(now.lines);
  }
  return draft(base, canonical, accountId(sub) ?? stripeCustomer(sub), {
    subscriptionId: sub.string('id', { max: 256 }),
    mrrMinor,
    previousMrrMinor,
    currency: sub.has('currency') ? sub.currency('currency') : (first?.currency ?? sub.currency('currency')),
    plan: first ? (first.nickname ?? first.priceId) : undefined,
    priceId: first?.priceId,
    productId: first?.productId,
    quantity: now.lines.reduce((sum, line) => sum + line.quantity, 0),
    interval: first?.interval,
    intervalCount: first?.intervalCount,
    status: now.status,
    previousStatus,
    cancelAtPeriodEnd: sub.optionalBoolean('cancel_at_period_end'),
  });
}

function refundEvent(base: Pick<EventDraft, 'id' | 'occurredAt'>, charge: Reader, previous: Reader | undefined): EventDraft {
  const total = charge.integer('amount_refunded');
  // `amount_refunded` is the running total; the previous total (when Stripe sends it) leaves this refund.
  const before = previous?.optionalInteger('amount_refunded') ?? 0;
  const refunded = total - before;
  return draft(
    base,
    'billing.charge_refunded',
    accountId(charge) ?? stripeCustomer(charge),
    {
      chargeId: charge.string('id', { max: 256 }),
      invoiceId: idOf(charge, 'invoice'),
      paymentIntentId: idOf(charge, 'payment_intent'),
      amountRefundedMinor: refunded,
      totalRefundedMinor: total,
      fullyRefunded: charge.optionalBoolean('refunded'),
    },
    { amountMinor: refunded === 0 ? 0 : -refunded, currency: charge.currency('currency') },
  );
}

function invoiceProperties(invoice: Reader): Record<string, unknown> {
  const parentSubscription = invoice.optionalObject('parent')?.optionalObject('subscription_details');
  return {
    invoiceId: invoice.string('id', { max: 256 }),
    subscriptionId: idOf(invoice, 'subscription') ?? (parentSubscription ? idOf(parentSubscription, 'subscription') : undefined),
    billingReason: invoice.optionalString('billing_reason'),
    number: invoice.optionalString('number'),
  };
}

/** `metadata.account_id` of the invoice, its subscription snapshot (older API versions) or its parent (basil and later). */
function invoiceAccount(invoice: Reader): string | undefined {
  return (
    accountId(invoice) ??
    accountId(invoice.optionalObject('subscription_details')) ??
    accountId(invoice.optionalObject('parent')?.optionalObject('subscription_details')) ??
    stripeCustomer(invoice)
  );
}

/** Tally's own account id, when the Stripe object carries it in `metadata.account_id`. */
function accountId(holder: Reader | undefined): string | undefined {
  return holder?.optionalObject('metadata')?.optionalString('account_id', { max: 256 });
}

function stripeCustomer(obj: Reader): string | undefined {
  return idOf(obj, 'customer');
}

/** An id field that Stripe renders as a string, or as the object itself when expanded. */
function idOf(obj: Reader, key: string): string | undefined {
  return typeof obj.raw(key) === 'object' ? obj.optionalObject(key)?.optionalString('id', { max: 256 }) : obj.optionalString(key, { max: 256 });
}

