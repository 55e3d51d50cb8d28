/**
 * The generic webhook has no vendor: its fixtures are the two example bodies of docs/sources/webhook.md (a
 * batch under `/events`, and one event per body), mapped with RFC 6901 pointers. The HMAC cases follow the
 * common `X-Signature: sha256=<hex>` / base64 conventions the options describe.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { genericWebhookConnector as webhook, MAX_ITEM_PROPERTIES_BYTES, parseGenericWebhookOptions } from './generic-webhook.ts';
import type { SignedRequest, SourceConfig } from './types.ts';

const raw = (name: string) => readFileSync(new URL(`./fixtures/webhook/${name}.json`, import.meta.url), 'utf8');
const fixture = (name: string): Record<string, unknown> => JSON.parse(raw(name));

const batchOptions = {
  itemsPointer: '/events',
  id: '/id',
  type: '/event',
  typePrefix: 'product',
  occurredAt: '/timestamp',
  customerId: '/account/id',
  userId: '/user/id',
  revenue: { amountMinor: '/amount', currency: '/currency' },
};
const batchConfig: SourceConfig = { options: batchOptions };

/** Splits and normalises a whole body, as the ingest route does. */
function run(body: unknown, config: SourceConfig) {
  const split = webhook.items(body, config);
  if (!split.ok) return split;
  return split.items.map((item, i) => webhook.normalise(item, { config, path: split.paths[i]! }));
}

describe('parseGenericWebhookOptions', () => {
  it('applies defaults and lower-cases the signature header', () => {
    expect(parseGenericWebhookOptions({ id: '/id', type: { const: 'product.signup' }, occurredAt: '/at', hmac: { header: 'X-Signature' } })).toEqual({
      ok: true,
      options: {
        id: '/id',
        type: { const: 'product.signup' },
        typePrefix: 'custom',
        occurredAt: '/at',
        hmac: { header: 'x-signature', algorithm: 'sha256', encoding: 'hex' },
      },
    });
  });

  it.each([
    [undefined, 'invalid options: '],
    [{ id: 'id', type: '/e', occurredAt: '/t' }, 'invalid id: expected an RFC 6901 JSON pointer'],
    [{ id: '/id', type: { const: 'Signup' }, occurredAt: '/t' }, 'invalid type.const: expected a dotted lower-case name'],
    [{ id: '/id', type: 42, occurredAt: '/t' }, 'invalid type: expected a JSON pointer or { "const": "a.dotted_type" }'],
    [{ id: '/id', type: '/e', occurredAt: '/t', typePrefix: 'My App' }, 'invalid typePrefix: expected a lower-case dotted prefix'],
    [{ id: '/id', type: '/e', occurredAt: '/t', revenue: { amountMinor: '/a', currency: { const: 'usd' } } }, 'invalid revenue.currency'],
    [{ id: '/id', type: '/e', occurredAt: '/t', hmac: { header: 'x-sig', algorithm: 'md5' } }, 'invalid hmac.algorithm'],
    [{ id: '/id', type: '/e', occurredAt: '/t', extra: 1 }, 'invalid options: Unrecognized key: "extra"'],
  ])('refuses %j', (options, message) => {
    const parsed = parseGenericWebhookOptions(options);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain(message);
  });
});

describe('generic webhook normalise', () => {
  it('maps a batch under itemsPointer, slugging event names under typePrefix', () => {
    expect(run(fixture('batch'), batchConfig)).toEqual([
      {
        ok: true,
        events: [
          {
            id: 'evt_1001',
            type: 'product.report_exported',
            occurredAt: '2026-03-01T09:59:58.000Z',
            customerId: 'acct_42',
            userId: '7001',
            properties: (fixture('batch').events as unknown[])[0],
            revenue: undefined,
          },
        ],
      },
      {
        ok: true,
        events: [
          {
            id: '1002',
            type: 'product.seat_purchased',
            occurredAt: '2026-03-01T10:00:00.000Z',
            customerId: 'acct_42',
            userId: 'u_7002',
            properties: (fixture('batch').events as unknown[])[1],
            revenue: { amountMinor: 4900, currency: 'EUR' },
          },
        ],
      },
    ]);
  });

  it('maps one event per body with a fixed type and named properties (pointers with ~1 escapes)', () => {
    const config = {
      options: {
        id: '/uuid',
        type: { const: 'product.plan_changed' },
        occurredAt: '/occurred',
        customerId: '/org/slug',
        userId: '/actor/external',
        properties: { plan: '/payload/plan', seats: '/payload/seats', slashKey: '/payload/a~1b', missing: '/payload/nope' },
      },
    };
    expect(run(fixture('single'), config)).toEqual([
      {
        ok: true,
        events: [
          {
            id: '2f6c1d1e-8a8b-4c55-9d11-3f0a1b2c3d4e',
            type: 'product.plan_changed',
            occurredAt: '2026-03-01T10:00:00.000Z',
            customerId: 'acme-co',
            userId: 'usr_88',
            properties: { plan: 'team', seats: 12, slashKey: 'slash key' },
            revenue: undefined,
          },
        ],
      },
    ]);
  });

  it('uses the custom prefix by default and a const currency when configured', () => {
    const config = { options: { ...batchOptions, typePrefix: undefined, revenue: { amountMinor: '/amount', currency: { const: 'USD' } } } };
    expect(run(fixture('batch'), config)).toMatchObject([
      { ok: true, events: [{ type: 'custom.report_exported', revenue: undefined }] },
      { ok: true, events: [{ type: 'custom.seat_purchased', revenue: { amountMinor: 4900, currency: 'USD' } }] },
    ]);
  });

  it('caps the whole-item properties and says so', () => {
    const big = { id: 'e1', event: 'x', timestamp: 1772359200, small: 1, huge: 'y'.repeat(MAX_ITEM_PROPERTIES_BYTES), after: 2 };
    const result = webhook.normalise(big, { config: { options: { id: '/id', type: '/event', occurredAt: '/timestamp' } }, path: '' });
    expect(result).toMatchObject({ ok: true, events: [{ properties: { id: 'e1', event: 'x', timestamp: 1772359200, small: 1, after: 2, _truncated: true } }] });
    expect(result.ok && result.events[0]?.properties).not.toHaveProperty('huge');
  });

  const item = (overrides: Record<string, unknown>) => ({ ...(fixture('batch').events as Record<string, unknown>[])[1], ...overrides });
  it.each([
    ['not an object', 'text', 'invalid_field', 'events[0]'],
    ['missing id', item({ id: undefined }), 'missing_field', 'events[0].id'],
    ['id of the wrong type', item({ id: { x: 1 } }), 'invalid_field', 'events[0].id'],
    ['missing event name', item({ event: '' }), 'missing_field', 'events[0].event'],
    ['an event name with no letters', item({ event: '!!!' }), 'invalid_field', 'events[0].event'],
    ['an event name that is not text', item({ event: 42 }), 'invalid_field', 'events[0].event'],
    ['missing time', item({ timestamp: null }), 'missing_field', 'events[0].timestamp'],
    ['a bad time', item({ timestamp: 'yesterday' }), 'invalid_field', 'events[0].timestamp'],
    ['a fractional amount', item({ amount: 49.5 }), 'invalid_field', 'events[0].amount'],
    ['an amount without a currency', item({ currency: undefined }), 'missing_field', 'events[0].currency'],
    ['a bad currency', item({ currency: 'euro' }), 'invalid_field', 'events[0].currency'],
    ['a user id of the wrong type', item({ user: { id: true } }), 'invalid_field', 'events[0].user.id'],
  ])('rejects %s, naming the field', (_, bad, code, field) => {
    expect(webhook.normalise(bad, { config: batchConfig, path: 'events[0]' })).toMatchObject({ ok: false, rejection: { code, field } });
  });

  it('accepts amounts written as integer strings', () => {
    expect(webhook.normalise(item({ amount: '4900' }), { config: batchConfig, path: '' })).toMatchObject({ ok: true, events: [{ revenue: { amountMinor: 4900 } }] });
  });

  it('refuses a body whose items are not where the pointer says', () => {
    expect(webhook.items({ data: [] }, batchConfig)).toEqual({ ok: false, rejection: { code: 'missing_field', field: 'events', message: 'events: is required' } });
    expect(webhook.items({ events: {} }, batchConfig)).toMatchObject({ ok: false, rejection: { code: 'invalid_field', field: 'events' } });
    expect(webhook.items([{ id: 1 }], { options: { ...batchOptions, itemsPointer: '' } })).toEqual({ ok: true, items: [{ id: 1 }], paths: ['[0]'] });
  });

  it('refuses everything while the options are invalid', () => {
    const bad = { options: { id: 'id' } };
    expect(webhook.items({}, bad)).toMatchObject({ ok: false, rejection: { code: 'invalid_item', message: expect.stringContaining('webhook source options: invalid id') } });
    expect(webhook.normalise({}, { config: bad, path: '' })).toMatchObject({ ok: false, rejection: { code: 'invalid_item' } });
  });
});

describe('generic webhook verify', () => {
  const secret = 'whsec_generic';
  const body = raw('batch');
  const hex = (payload: string, key = secret) => createHmac('sha256', key).update(payload).digest('hex');
  const request = (headers: Record<string, string | undefined>, rawBody = body): SignedRequest => ({
    method: 'POST',
    url: 'https://tally.example.com/v1/webhooks/webhook',
    headers,
    rawBody,
  });
  const config = (hmac?: Record<string, unknown>, key: string | null = secret): SourceConfig => ({ secret: key ?? undefined, options: { ...batchOptions, hmac } });
  const verify = webhook.verify!;
  const now = Date.parse('2026-03-01T10:00:00Z');

  it('passes without an hmac option (the route then requires an ingest API key)', () => {
    expect(verify(request({}), { options: batchOptions }, now)).toEqual({ ok: true });
  });

  it('accepts a valid prefixed hex signature', () => {
    expect(verify(request({ 'x-signature': `sha256=${hex(body)}` }), config({ header: 'X-Signature', prefix: 'sha256=' }), now)).toEqual({ ok: true });
  });

  it('accepts a valid base64 sha1 signature', () => {
    const signature = createHmac('sha1', secret).update(body).digest('base64');
    expect(verify(request({ 'x-hook-signature': signature }), config({ header: 'x-hook-signature', algorithm: 'sha1', encoding: 'base64' }), now)).toEqual({ ok: true });
  });

  it('accepts one valid signature among several (secret rotation)', () => {
    const header = `sha256=${hex(body, 'old-secret')}, sha256=${hex(body)}`;
    expect(verify(request({ 'x-signature': header }), config({ header: 'x-signature', prefix: 'sha256=' }), now)).toEqual({ ok: true });
  });

  it('refuses a tampered body', () => {
    expect(verify(request({ 'x-signature': hex(body) }, body.replace('4900', '9900')), config({ header: 'x-signature' }), now)).toMatchObject({
      ok: false,
      code: 'signature_invalid',
    });
  });

  it('refuses a signature made with another secret', () => {
    expect(verify(request({ 'x-signature': hex(body, 'wrong') }), config({ header: 'x-signature' }), now)).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('refuses a signature without the configured prefix', () => {
    expect(verify(request({ 'x-signature': hex(body) }), config({ header: 'x-signature', prefix: 'sha256=' }), now)).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('refuses a missing header', () => {
    expect(verify(request({}), config({ header: 'x-signature' }), now)).toMatchObject({ ok: false, code: 'signature_missing' });
  });

  it('refuses when the source has no secret', () => {
    expect(verify(request({ 'x-signature': hex(body) }), config({ header: 'x-signature' }, null), now)).toEqual({
      ok: false,
      code: 'signature_invalid',
      message: 'the webhook source has no secret configured',
    });
  });

  it('refuses when the options are invalid', () => {
    expect(verify(request({}), { secret, options: { id: 1 } }, now)).toMatchObject({ ok: false, code: 'signature_invalid' });
  });
});
