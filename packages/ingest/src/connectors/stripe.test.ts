/**
 * Fixtures follow Stripe's documented Event object (https://docs.stripe.com/api/events/object: id, object,
 * api_version, created, data.object, data.previous_attributes, livemode, pending_webhooks, request, type)
 * wrapping the documented Customer, Subscription (items.data[].price.recurring), Invoice (`parent.
 * subscription_details` from 2025-03-31.basil, top-level `subscription_details` before it) and Charge
 * objects, as the Stripe CLI fixtures in stripe-ruby-mock render them. Signatures follow "verify manually"
 * (https://docs.stripe.com/webhooks#verify-manually): HMAC-SHA256 over `${t}.${body}`, hex, header
 * `Stripe-Signature: t=…,v1=…`.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { stripeConnector } from './stripe.ts';
import { edit, loadFixture, type Json } from './testing/fixtures.ts';

const load = (name: string): Json => loadFixture('stripe', name);
const normalise = (item: unknown) => stripeConnector.normalise(item, { config: {}, path: '' });

describe('stripe normalise', () => {
  it('maps customer.created, keeping the email out', () => {
    expect(normalise(load('customer.created'))).toEqual({
      ok: true,
      events: [
        {
          id: 'evt_1PcusCreatedA1b2C3d4',
          type: 'billing.customer_created',
          occurredAt: '2026-03-01T10:00:00.000Z',
          customerId: 'acct_acme',
          properties: { stripeCustomerId: 'cus_QaBcDeFgHiJk01', name: 'Acme Corp', delinquent: false },
        },
      ],
    });
  });

  it('maps customer.updated with the names (not values) of the changed fields', () => {
    expect(normalise(load('customer.updated'))).toEqual({
      ok: true,
      events: [
        {
          id: 'evt_1PcusUpdatedE5f6G7h8',
          type: 'billing.customer_updated',
          occurredAt: '2026-03-02T10:00:00.000Z',
          customerId: 'cus_QaBcDeFgHiJk02',
          properties: {
            stripeCustomerId: 'cus_QaBcDeFgHiJk02',
            name: 'Globex GmbH',
            currency: 'EUR',
            delinquent: true,
            changedFields: ['delinquent', 'email'],
          },
        },
      ],
    });
  });

  it('maps customer.subscription.created: MRR of licensed items, metered items count 0', () => {
    expect(normalise(load('customer.subscription.created'))).toEqual({
      ok: true,
      events: [
        {
          id: 'evt_1PsubCreatedI9j0K1l2',
          type: 'billing.subscription_created',
          occurredAt: '2026-03-01T10:01:00.000Z',
          customerId: 'acct_acme',
          properties: {
            subscriptionId: 'sub_1PsubAcme000001',
            mrrMinor: 6000,
            previousMrrMinor: 0,
            currency: 'USD',
            plan: 'Team',
            priceId: 'price_Team_Monthly',
            productId: 'prod_Team',
            quantity: 3,
            interval: 'month',
            intervalCount: 1,
            status: 'active',
            cancelAtPeriodEnd: false,
          },
        },
      ],
    });
  });

  it('maps customer.subscription.updated: previous MRR and status from previous_attributes', () => {
    // Now 5 × €1000/year = 41 666.67/month; before 2 × €299 per 3 months = 19 933.33/month.
    expect(normalise(load('customer.subscription.updated'))).toEqual({
      ok: true,
      events: [
        {
          id: 'evt_1PsubUpdatedM3n4O5p6',
          type: 'billing.subscription_updated',
          occurredAt: '2026-03-15T10:01:00.000Z',
          customerId: 'cus_QaBcDeFgHiJk02',
          properties: {
            subscriptionId: 'sub_1PsubGlobex0001',
            mrrMinor: 41667,
            previousMrrMinor: 19933,
            currency: 'EUR',
            plan: 'price_Business_Yearly',
            priceId: 'price_Business_Yearly',
            productId: 'prod_Business',
            quantity: 5,
            interval: 'year',
            intervalCount: 1,
            status: 'active',
            previousStatus: 'trialing',
            cancelAtPeriodEnd: true,
          },
        },
      ],
    });
  });

  it('maps customer.subscription.deleted: MRR 0, previous MRR from the items it billed', () => {
    // $15 every 2 weeks: 1500 × 52 / 12 / 2 = 3250.
    expect(normalise(load('customer.subscription.deleted'))).toEqual({
      ok: true,
      events: [
        {
          id: 'evt_1PsubDeletedQ7r8S9t0',
          type: 'billing.subscription_canceled',
          occurredAt: '2026-04-01T10:01:40.000Z',
          customerId: 'cus_QinitechCust03',
          properties: {
            subscriptionId: 'sub_1PsubInitech001',
            mrrMinor: 0,
            previousMrrMinor: 3250,
            currency: 'USD',
            plan: 'Starter',
            priceId: 'price_Starter_Weekly',
            productId: 'prod_Starter',
            quantity: 1,
            interval: 'week',
            intervalCount: 2,
            status: 'canceled',
            cancelAtPeriodEnd: false,
          },
        },
      ],
    });
  });

  it('maps invoice.paid (basil: account id from parent.subscription_details)', () => {
    expect(normalise(load('invoice.paid'))).toEqual({
      ok: true,
      events: [
        {
          id: 'evt_1PinvPaidU1v2W3x4',
          type: 'billing.invoice_paid',
          occurredAt: '2026-03-01T10:01:40.000Z',
          customerId: 'acct_acme',
          properties: {
            invoiceId: 'in_1PinvAcme000001',
            subscriptionId: 'sub_1PsubAcme000001',
            billingReason: 'subscription_create',
            number: '7F3A21C9-0001',
          },
          revenue: { amountMinor: 6000, currency: 'USD' },
        },
      ],
    });
  });

  it('maps invoice.payment_failed (account id from subscription_details)', () => {
    expect(normalise(load('invoice.payment_failed'))).toEqual({
      ok: true,
      events: [
        {
          id: 'evt_1PinvFailedY5z6A7b8',
          type: 'billing.payment_failed',
          occurredAt: '2026-03-15T10:01:40.000Z',
          customerId: 'acct_globex',
          properties: {
            invoiceId: 'in_1PinvGlobex0007',
            subscriptionId: 'sub_1PsubGlobex0001',
            billingReason: 'subscription_cycle',
            number: '91BC0D2E-0007',
            amountMinor: 99700,
            currency: 'EUR',
            attempt: 2,
            nextPaymentAttemptAt: '2026-03-18T10:01:40.000Z',
          },
        },
      ],
    });
  });

  it('maps charge.refunded to minus this refund (the running total less the previous total)', () => {
    expect(normalise(load('charge.refunded'))).toEqual({
      ok: true,
      events: [
        {
          id: 'evt_3PchRefundedC9d0E1f2',
          type: 'billing.charge_refunded',
          occurredAt: '2026-03-20T09:46:40.000Z',
          customerId: 'cus_QaBcDeFgHiJk01',
          properties: {
            chargeId: 'ch_3PchAcme0000001',
            invoiceId: 'in_1PinvAcme000001',
            paymentIntentId: 'pi_3PchAcme0000001',
            amountRefundedMinor: 2500,
            totalRefundedMinor: 3500,
            fullyRefunded: false,
          },
          revenue: { amountMinor: -2500, currency: 'USD' },
        },
      ],
    });
    const first = edit(load('charge.refunded'), 'data.previous_attributes', undefined);
    expect(normalise(first)).toMatchObject({ ok: true, events: [{ revenue: { amountMinor: -3500, currency: 'USD' } }] });
  });

  it('ignores invoice.payment_succeeded (counted once through invoice.paid) and unmapped types', () => {
    const succeeded = { ...load('invoice.paid'), type: 'invoice.payment_succeeded' };
    expect(normalise(succeeded)).toEqual({ ok: true, events: [], ignored: expect.stringContaining('invoice.paid') });
    const other = { ...load('invoice.paid'), type: 'payment_intent.created' };
    expect(normalise(other)).toEqual({ ok: true, events: [], ignored: 'stripe event type payment_intent.created is not mapped' });
  });
});

describe('stripe MRR', () => {
  const subscription = (price: Json, status = 'active') =>
    edit(edit(load('customer.subscription.created'), 'data.object.items.data', [{ id: 'si_1', object: 'subscription_item', price, quantity: 2 }]), 'data.object.status', status);
  const mrrOf = (event: unknown) => {
    const result = normalise(event);
    if (!result.ok) throw new Error(result.rejection.message);
    return result.events[0]?.properties;
  };

  it.each([
    ['day', 1, 100, Math.round((2 * 100 * 365) / 12)],
    ['week', 1, 700, Math.round((2 * 700 * 52) / 12)],
    ['month', 6, 6000, 2000],
    ['year', 2, 24000, 2000],
  ])('normalises a %s price every %i to a month', (interval, count, unit, expected) => {
    const event = subscription({ id: 'price_x', currency: 'usd', unit_amount: unit, recurring: { interval, interval_count: count, usage_type: 'licensed' } });
    expect(mrrOf(event)).toMatchObject({ mrrMinor: expected, previousMrrMinor: 0 });
  });

  it('uses unit_amount_decimal when unit_amount is absent', () => {
    const event = subscription({ id: 'price_x', currency: 'usd', unit_amount: null, unit_amount_decimal: '1250.5', recurring: { interval: 'month' } });
    expect(mrrOf(event)).toMatchObject({ mrrMinor: 2501 });
  });

  it('counts no MRR for canceled and incomplete_expired subscriptions', () => {
    const price = { id: 'price_x', currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' } };
    expect(mrrOf(subscription(price, 'incomplete_expired'))).toMatchObject({ mrrMinor: 0 });
    expect(mrrOf(subscription(price, 'trialing'))).toMatchObject({ mrrMinor: 2000 });
  });

  it('keeps MRR and status for an update without previous_attributes', () => {
    const event = edit(load('customer.subscription.updated'), 'data.previous_attributes', undefined);
    expect(mrrOf(event)).toMatchObject({ mrrMinor: 41667, previousMrrMinor: 41667, status: 'active', previousStatus: 'active' });
  });

  it('reads the legacy single-plan shape (top-level plan and quantity)', () => {
    const legacy = {
      id: 'evt_legacy',
      type: 'customer.subscription.updated',
      created: 1772359200,
      data: {
        object: {
          id: 'su_legacy',
          object: 'subscription',
          plan: { id: 'gold', object: 'plan', amount: 5000, currency: 'usd', interval: 'month', interval_count: 1, name: 'Gold' },
          quantity: 3,
          status: 'active',
          customer: 'cus_legacy',
          cancel_at_period_end: false,
        },
        previous_attributes: { plan: { id: 'silver', object: 'plan', amount: 2000, currency: 'usd', interval: 'month', interval_count: 1 } },
      },
    };
    expect(mrrOf(legacy)).toMatchObject({ mrrMinor: 15000, previousMrrMinor: 6000, currency: 'USD', plan: 'gold', quantity: 3 });
  });
});

describe('stripe bad input', () => {
  it.each([
    ['not an object', 'evt', 'invalid_item', ''],
    ['missing id', edit(load('invoice.paid'), 'id', undefined), 'missing_field', 'id'],
    ['created as text', edit(load('invoice.paid'), 'created', 'yesterday'), 'invalid_field', 'created'],
    ['no data.object', edit(load('invoice.paid'), 'data', {}), 'missing_field', 'data.object'],
    ['amount_paid as text', edit(load('invoice.paid'), 'data.object.amount_paid', '60.00'), 'invalid_field', 'data.object.amount_paid'],
    ['an unknown interval', edit(load('customer.subscription.created'), 'data.object.items.data.0.price.recurring.interval', 'fortnight'), 'invalid_field', 'data.object.items.data[0].price.recurring.interval'],
    ['a bad previous item', edit(load('customer.subscription.updated'), 'data.previous_attributes.items.data.0.quantity', 'two'), 'invalid_field', 'data.previous_attributes.items.data[0].quantity'],
  ])('refuses %s', (_, item, code, field) => {
    expect(normalise(item)).toMatchObject({ ok: false, rejection: { code, field } });
  });

  it('takes one event per request', () => {
    const body = load('invoice.paid');
    expect(stripeConnector.items(body, {})).toEqual({ ok: true, items: [body], paths: [''] });
    expect(stripeConnector.items('x', {})).toMatchObject({ ok: false, rejection: { code: 'invalid_item' } });
  });
});

describe('stripe verify', () => {
  const secret = 'whsec_test_5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH';
  const rawBody = JSON.stringify(load('invoice.paid'));
  const now = 1772359300_000;
  const t = 1772359290;
  const sign = (body: string, key = secret, at = t) => createHmac('sha256', key).update(`${at}.${body}`).digest('hex');
  const request = (header: string | undefined, body = rawBody) => ({
    method: 'POST',
    url: 'https://tally.example.com/v1/webhooks/stripe',
    headers: { 'stripe-signature': header },
    rawBody: body,
  });
  const verify = (header: string | undefined, body = rawBody, nowMs = now, config: { secret?: string } = { secret }) =>
    stripeConnector.verify!(request(header, body), config, nowMs);

  it('accepts a valid signature', () => {
    expect(verify(`t=${t},v1=${sign(rawBody)}`)).toEqual({ ok: true });
  });

  it('accepts any of several v1 signatures and skips v0', () => {
    expect(verify(`t=${t},v1=${sign(rawBody, 'whsec_old')},v1=${sign(rawBody)},v0=${'0'.repeat(64)}`)).toEqual({ ok: true });
  });

  it('refuses a tampered body, a wrong secret and a malformed header', () => {
    expect(verify(`t=${t},v1=${sign(rawBody)}`, rawBody.replace('6000', '6001'))).toMatchObject({ ok: false, code: 'signature_invalid' });
    expect(verify(`t=${t},v1=${sign(rawBody, 'whsec_wrong')}`)).toMatchObject({ ok: false, code: 'signature_invalid' });
    expect(verify(`v1=${sign(rawBody)}`)).toMatchObject({ ok: false, code: 'signature_invalid' });
    expect(verify(`t=${t},v0=${sign(rawBody)}`)).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('refuses a timestamp more than 300 s away, signed or not', () => {
    expect(verify(`t=${t},v1=${sign(rawBody)}`, rawBody, (t + 300) * 1000)).toEqual({ ok: true });
    expect(verify(`t=${t},v1=${sign(rawBody)}`, rawBody, (t + 301) * 1000)).toMatchObject({ ok: false, code: 'signature_stale' });
    expect(verify(`t=${t},v1=${sign(rawBody)}`, rawBody, (t - 301) * 1000)).toMatchObject({ ok: false, code: 'signature_stale' });
  });

  it('refuses a missing header, and says so when no secret is configured', () => {
    expect(verify(undefined)).toMatchObject({ ok: false, code: 'signature_missing' });
    expect(verify(`t=${t},v1=${sign(rawBody)}`, rawBody, now, {})).toEqual({
      ok: false,
      code: 'signature_invalid',
      message: expect.stringContaining('no signing secret configured'),
    });
  });
});
