/**
 * Fixtures follow Chargebee's documented Event resource (https://apidocs.chargebee.com/docs/api/events:
 * id, occurred_at, source, object, api_version, event_type, webhook_status, content) with the documented
 * content of each type (subscription_*: subscription + customer; payment_*: transaction + invoice +
 * customer), using Product Catalog 2.0 subscriptions (`subscription_items`, `mrr` in minor units) as in
 * Chargebee's own samples. Webhooks are authenticated with HTTP Basic credentials set on the webhook
 * (https://www.chargebee.com/docs/2.0/webhook_settings.html); Chargebee does not sign payloads.
 */
import { describe, expect, it } from 'vitest';
import { chargebeeConnector } from './chargebee.ts';
import { edit, loadFixture, type Json } from './testing/fixtures.ts';

const load = (name: string): Json => loadFixture('chargebee', name);
const normalise = (item: unknown) => chargebeeConnector.normalise(item, { config: {}, path: '' });

describe('chargebee normalise', () => {
  it('maps subscription_created with Chargebee’s mrr and previous MRR 0', () => {
    expect(normalise(load('subscription_created'))).toEqual({
      ok: true,
      events: [
        {
          id: 'ev_169vvoU3YUvqS75n',
          type: 'billing.subscription_created',
          occurredAt: '2026-03-01T10:00:00.000Z',
          customerId: '16CRpYTwv1YYb63b',
          properties: {
            subscriptionId: '169vvoU3YUvoI75i',
            mrrMinor: 19600,
            previousMrrMinor: 0,
            currency: 'USD',
            plan: 'Growth-USD-Monthly',
            interval: 'month',
            intervalCount: 1,
            status: 'active',
          },
        },
      ],
    });
  });

  it('maps subscription_changed without a previous MRR (Chargebee does not send one)', () => {
    expect(normalise(load('subscription_changed'))).toEqual({
      ok: true,
      events: [
        {
          id: 'ev_16BPgETyVrQbiGhA',
          type: 'billing.subscription_updated',
          occurredAt: '2026-03-15T10:00:00.000Z',
          customerId: '16CRpYTwv1YYb63b',
          properties: {
            subscriptionId: '169vvoU3YUvoI75i',
            mrrMinor: 24500,
            currency: 'USD',
            plan: 'Growth-USD-Yearly',
            interval: 'year',
            intervalCount: 1,
            status: 'active',
          },
        },
      ],
    });
  });

  it('maps subscription_cancelled: MRR 0, previous MRR from the recurring items when mrr is already 0', () => {
    // (€297 plan + 2 × €15 addon) every 3 months = 32 700 / 3 = 10 900 a month.
    expect(normalise(load('subscription_cancelled'))).toEqual({
      ok: true,
      events: [
        {
          id: 'ev_16BPgETyVrQcjHiB',
          type: 'billing.subscription_canceled',
          occurredAt: '2026-04-01T10:00:00.000Z',
          customerId: 'AzZiyRTHp3kWd1DTd',
          properties: {
            subscriptionId: 'AzZiyRTHp3kX41DTe',
            mrrMinor: 0,
            previousMrrMinor: 10900,
            currency: 'EUR',
            plan: 'Basic-EUR-Quarterly',
            interval: 'month',
            intervalCount: 3,
            status: 'cancelled',
            cancelReason: 'not_paid',
          },
        },
      ],
    });
    const reported = edit(load('subscription_cancelled'), 'content.subscription.mrr', 11000);
    expect(normalise(reported)).toMatchObject({ ok: true, events: [{ properties: { mrrMinor: 0, previousMrrMinor: 11000 } }] });
  });

  it('computes MRR from the items when mrr is absent (Product Catalog 1.0 plan_amount too)', () => {
    const pc2 = edit(load('subscription_created'), 'content.subscription.mrr', undefined);
    expect(normalise(pc2)).toMatchObject({ ok: true, events: [{ properties: { mrrMinor: 19600 } }] });
    const pc1 = edit(edit(pc2, 'content.subscription.subscription_items', undefined), 'content.subscription.plan_amount', 12000);
    expect(normalise(edit(pc1, 'content.subscription.billing_period_unit', 'year'))).toMatchObject({
      ok: true,
      events: [{ properties: { mrrMinor: 1000 } }],
    });
  });

  it('maps payment_succeeded to invoice_paid with the transaction amount as revenue', () => {
    expect(normalise(load('payment_succeeded'))).toEqual({
      ok: true,
      events: [
        {
          id: 'ev_169vvoU3YUvrT76o',
          type: 'billing.invoice_paid',
          occurredAt: '2026-03-01T10:01:00.000Z',
          customerId: '16CRpYTwv1YYb63b',
          properties: { transactionId: 'txn_169vvoU3YUvr776p', invoiceId: '42', subscriptionId: '169vvoU3YUvoI75i' },
          revenue: { amountMinor: 69600, currency: 'USD' },
        },
      ],
    });
  });

  it('maps payment_failed with the dunning attempt count', () => {
    expect(normalise(load('payment_failed'))).toEqual({
      ok: true,
      events: [
        {
          id: 'ev_16BPgETyVrQdkIjC',
          type: 'billing.payment_failed',
          occurredAt: '2026-03-20T09:46:40.000Z',
          customerId: 'AzZiyRTHp3kWd1DTd',
          properties: {
            transactionId: 'txn_AzZiyRTHp3kZ61DTg',
            invoiceId: '57',
            subscriptionId: 'AzZiyRTHp3kX41DTe',
            amountMinor: 32700,
            currency: 'EUR',
            attempt: 2,
            errorCode: 'card_declined',
          },
        },
      ],
    });
  });

  it('maps payment_refunded to minus the refund transaction', () => {
    expect(normalise(load('payment_refunded'))).toEqual({
      ok: true,
      events: [
        {
          id: 'ev_16BPgETyVrQelJkD',
          type: 'billing.charge_refunded',
          occurredAt: '2026-03-21T13:33:20.000Z',
          customerId: '16CRpYTwv1YYb63b',
          properties: { transactionId: 'txn_16BPgETyVrQf8KlE', invoiceId: '42', subscriptionId: '169vvoU3YUvoI75i' },
          revenue: { amountMinor: -50000, currency: 'USD' },
        },
      ],
    });
  });

  it('finds the customer and invoice without the customer and invoice objects', () => {
    const bare = edit(edit(load('payment_succeeded'), 'content.customer', undefined), 'content.invoice', undefined);
    expect(normalise(edit(bare, 'content.subscription', undefined))).toMatchObject({
      ok: true,
      events: [{ customerId: '16CRpYTwv1YYb63b', properties: { invoiceId: '42' } }],
    });
  });

  it('ignores unmapped event types', () => {
    const other = { ...load('subscription_created'), event_type: 'customer_changed' };
    expect(normalise(other)).toEqual({ ok: true, events: [], ignored: 'chargebee event type customer_changed is not mapped' });
  });

  it.each([
    ['not an object', [1], 'invalid_item', ''],
    ['missing id', edit(load('payment_succeeded'), 'id', undefined), 'missing_field', 'id'],
    ['occurred_at as text', edit(load('payment_succeeded'), 'occurred_at', 'soon'), 'invalid_field', 'occurred_at'],
    ['no content', edit(load('payment_succeeded'), 'content', undefined), 'missing_field', 'content'],
    ['no transaction', edit(load('payment_succeeded'), 'content.transaction', undefined), 'missing_field', 'content.transaction'],
    ['amount as text', edit(load('payment_succeeded'), 'content.transaction.amount', '696.00'), 'invalid_field', 'content.transaction.amount'],
    ['mrr as a fraction', edit(load('subscription_created'), 'content.subscription.mrr', 196.5), 'invalid_field', 'content.subscription.mrr'],
    ['a bad currency', edit(load('subscription_created'), 'content.subscription.currency_code', 'dollars'), 'invalid_field', 'content.subscription.currency_code'],
  ])('refuses %s', (_, item, code, field) => {
    expect(normalise(item)).toMatchObject({ ok: false, rejection: { code, field } });
  });
});

describe('chargebee verify', () => {
  const config = { basicAuth: { username: 'tally', password: 's3cret:with-colon' } };
  const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  const verify = (authorization: string | undefined, cfg: Parameters<NonNullable<typeof chargebeeConnector.verify>>[1] = config) =>
    chargebeeConnector.verify!(
      { method: 'POST', url: 'https://tally.example.com/v1/webhooks/chargebee', headers: { authorization }, rawBody: '{}' },
      cfg,
      Date.UTC(2026, 2, 1),
    );

  it('accepts the configured credentials (the scheme is case-insensitive)', () => {
    expect(verify(basic('tally', 's3cret:with-colon'))).toEqual({ ok: true });
    expect(verify(basic('tally', 's3cret:with-colon').replace('Basic', 'basic'))).toEqual({ ok: true });
  });

  it('refuses wrong credentials or another scheme', () => {
    expect(verify(basic('tally', 'wrong'))).toMatchObject({ ok: false, code: 'signature_invalid' });
    expect(verify(basic('other', 's3cret:with-colon'))).toMatchObject({ ok: false, code: 'signature_invalid' });
    expect(verify('Bearer abc')).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('refuses a missing header, and says so when no credentials are configured', () => {
    expect(verify(undefined)).toMatchObject({ ok: false, code: 'signature_missing' });
    expect(verify(basic('tally', 's3cret:with-colon'), {})).toEqual({
      ok: false,
      code: 'signature_invalid',
      message: expect.stringContaining('no basic-auth credentials configured'),
    });
  });
});
