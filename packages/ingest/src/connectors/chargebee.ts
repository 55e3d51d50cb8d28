import { createHash } from 'node:crypto';
import { normaliseWith, reject, Reader, splitItems } from './fields.ts';
import { invalid, missing, safeEqual } from './signatures.ts';
import type { Connector, EventDraft, NormaliseResult, SignedRequest, SourceConfig, VerifyResult } from './types.ts';
import { draft } from './draft.ts';

/**
 * Chargebee webhook events (`ev_…`) → billing events. One event per request, authenticated with the HTTP
 * Basic credentials set on the Chargebee webhook (`config.basicAuth`); Chargebee does not sign or timestamp
 * its requests, so there is no staleness check. See docs/sources/chargebee.md for the mapping.
 */
export const chargebeeConnector: Connector = {
  name: 'chargebee',
  version: 1,
  transport: 'webhook',
  items: (body) => splitItems(body, undefined),
  normalise: (item, ctx) => normaliseWith(() => normaliseEvent(new Reader(item, ctx.path))),
  verify: verifyChargebee,
};

/** Checks `authorization: Basic base64(username:password)` against `config.basicAuth` in constant time. */
export function verifyChargebee(request: SignedRequest, config: SourceConfig): VerifyResult {
  if (!config.basicAuth) return invalid('chargebee: the source has no basic-auth credentials configured');
  const header = request.headers['authorization'];
  if (!header) return missing('chargebee: no authorization header');
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) return invalid('chargebee: authorization is not HTTP Basic');
  const given = Buffer.from(match[1], 'base64').toString('utf8');
  const { username, password } = config.basicAuth;
  // Compare digests so that neither the length nor the content of the credentials leaks through timing.
  if (!safeEqual(digest(given), digest(`${username}:${password}`))) return invalid('chargebee: wrong basic-auth credentials');
  return { ok: true };
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const SUBSCRIPTION_TYPES = {
  subscription_created: 'billing.subscription_created',
  subscription_changed: 'billing.subscription_updated',
  subscription_cancelled: 'billing.subscription_canceled',
} as const;

function normaliseEvent(event: Reader): NormaliseResult | EventDraft[] {
  const id = event.string('id', { max: 256 });
  const eventType = event.string('event_type');
  const occurredAt = event.time('occurred_at');
  const content = event.object('content');
  const base = { id, occurredAt };

  if (eventType in SUBSCRIPTION_TYPES) {
    const type = SUBSCRIPTION_TYPES[eventType as keyof typeof SUBSCRIPTION_TYPES];
    return [draft(base, type, customerOf(content), subscriptionProperties(type, content.object('subscription')))];
  }
  if (eventType === 'payment_succeeded' || eventType === 'payment_failed' || eventType === 'payment_refunded') {
    const tx = content.object('transaction');
    const invoice = content.optionalObject('invoice');
    const amountMinor = tx.integer('amount');
    const currency = tx.currency('currency_code');
    const properties = {
      transactionId: tx.string('id', { max: 256 }),
      invoiceId: invoice?.string('id', { max: 256 }) ?? firstLinkedInvoice(tx),
      subscriptionId: tx.optionalString('subscription_id', { max: 256 }) ?? invoice?.optionalString('subscription_id', { max: 256 }),
    };
    const customerId = customerOf(content);
    if (eventType === 'payment_succeeded') {
      return [draft(base, 'billing.invoice_paid', customerId, properties, { amountMinor, currency })];
    }
    if (eventType === 'payment_refunded') {
      return [draft(base, 'billing.charge_refunded', customerId, properties, { amountMinor: amountMinor === 0 ? 0 : -amountMinor, currency })];
    }
    const dunning = invoice?.has('dunning_attempts') ? invoice.array('dunning_attempts') : undefined;
    return [
      draft(base, 'billing.payment_failed', customerId, {
        ...properties,
        amountMinor,
        currency,
        attempt: dunning?.length || undefined,
        errorCode: tx.optionalString('error_code'),
      }),
    ];
  }
  return { ok: true, events: [], ignored: `chargebee event type ${eventType} is not mapped` };
}

function subscriptionProperties(type: EventDraft['type'], sub: Reader): Record<string, unknown> {
  const reported = sub.optionalInteger('mrr');
  const computed = computedMrr(sub);
  const current = reported ?? computed;
  let mrrMinor = current;
  let previousMrrMinor: number | undefined;
  if (type === 'billing.subscription_created') previousMrrMinor = 0;
  if (type === 'billing.subscription_canceled') {
    mrrMinor = 0;
    // A cancelled subscription may already report mrr 0; its items still say what it was worth.
    previousMrrMinor = reported || computed;
  }
  const planItem = sub.has('subscription_items')
    ? sub.array('subscription_items').map((raw, i) => new Reader(raw, `${sub.at('subscription_items')}[${i}]`)).find((item) => item.optionalString('item_type') === 'plan')
    : undefined;
  return {
    subscriptionId: sub.string('id', { max: 256 }),
    mrrMinor,
    previousMrrMinor,
    currency: sub.currency('currency_code'),
    plan: planItem?.optionalString('item_price_id') ?? sub.optionalString('plan_id'),
    interval: sub.optionalString('billing_period_unit'),
    intervalCount: sub.optionalInteger('billing_period'),
    status: sub.optionalString('status'),
    cancelReason: sub.optionalString('cancel_reason'),
  };
}

/** Months per billing period unit. */
const PER_MONTH: Record<string, number> = { day: 365 / 12, week: 52 / 12, month: 1, year: 1 / 12 };

/**
 * MRR from the subscription's recurring items (Product Catalog 2.0 `subscription_items` of type plan and
 * addon, or 1.0 `plan_amount`), for when Chargebee's own `mrr` is missing or already zeroed.
 */
function computedMrr(sub: Reader): number {
  if (!sub.has('billing_period_unit')) return 0;
  const unit = sub.string('billing_period_unit');
  const perMonth = PER_MONTH[unit];
  if (perMonth === undefined) reject('invalid_field', sub.at('billing_period_unit'), `unknown billing period unit ${JSON.stringify(unit)}`);
  const period = sub.optionalInteger('billing_period') ?? 1;
  if (period < 1) reject('invalid_field', sub.at('billing_period'), 'must be at least 1');
  let amount = 0;
  if (sub.has('subscription_items')) {
    sub.array('subscription_items').forEach((raw, i) => {
      const item = new Reader(raw, `${sub.at('subscription_items')}[${i}]`);
      const kind = item.optionalString('item_type');
      if (kind !== 'plan' && kind !== 'addon') return;
      amount += item.optionalInteger('amount') ?? (item.optionalInteger('unit_price') ?? 0) * (item.optionalInteger('quantity') ?? 1);
    });
  } else {
    amount = sub.optionalInteger('plan_amount') ?? (sub.optionalInteger('plan_unit_price') ?? 0) * (sub.optionalInteger('plan_quantity') ?? 1);
  }
  return Math.round((amount * perMonth) / period);
}

function customerOf(content: Reader): string | undefined {
  return (
    content.optionalObject('customer')?.optionalString('id', { max: 256 }) ??
    content.optionalObject('subscription')?.optionalString('customer_id', { max: 256 }) ??
    content.optionalObject('transaction')?.optionalString('customer_id', { max: 256 })
  );
}

function firstLinkedInvoice(tx: Reader): string | undefined {
  const linked = tx.has('linked_invoices') ? tx.array('linked_invoices') : [];
  return linked.length ? new Reader(linked[0], `${tx.at('linked_invoices')}[0]`).optionalString('invoice_id', { max: 256 }) : undefined;
}

