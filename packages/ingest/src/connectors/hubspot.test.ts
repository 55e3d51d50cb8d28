/**
 * The fixture follows the documented Webhooks API payload (https://developers.hubspot.com/docs/api/webhooks,
 * "Webhook payloads"): a JSON array of events with objectId, propertyName, propertyValue, changeSource,
 * eventId, subscriptionId, portalId, appId, occurredAt (ms), subscriptionType, attemptNumber, plus
 * `objectTypeId` for generic `object.*` subscriptions. Signatures follow "Validate the v3 request signature"
 * (https://developers.hubspot.com/docs/api/webhooks/validating-requests): base64 HMAC-SHA256 of
 * method + URI (with %3A %2F %3F %40 %21 %24 %27 %28 %29 %2A %2C %3B decoded) + body + timestamp.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hubspotConnector, hubspotSignedUri } from './hubspot.ts';

type Json = Record<string, unknown>;
const batch = JSON.parse(readFileSync(new URL('./fixtures/hubspot/batch.json', import.meta.url), 'utf8')) as Json[];
const normalise = (item: unknown, path = '[0]') => hubspotConnector.normalise(item, { config: {}, path });

describe('hubspot normalise', () => {
  const split = hubspotConnector.items(batch, {});

  it('splits the array into items with paths', () => {
    expect(split).toMatchObject({ ok: true, paths: ['[0]', '[1]', '[2]', '[3]', '[4]', '[5]', '[6]', '[7]'] });
  });

  it('maps each documented event', () => {
    if (!split.ok) throw new Error('split failed');
    const results = split.items.map((item, i) => normalise(item, split.paths[i]));
    expect(results).toEqual([
      {
        ok: true,
        events: [
          {
            id: '33:25:3816279340',
            type: 'crm.account_updated',
            occurredAt: '2026-03-01T10:00:00.000Z',
            customerId: '1246965',
            properties: { changes: { lifecyclestage: 'customer', stage: 'customer' }, changeSource: 'CRM_UI', hubspotEventId: '3816279340' },
          },
        ],
      },
      {
        ok: true,
        events: [
          {
            id: '33:26:3816279341',
            type: 'crm.account_updated',
            occurredAt: '2026-03-01T10:00:01.000Z',
            customerId: '1246965',
            properties: { changes: { hubspot_owner_id: '71623456', owner: '71623456' }, changeSource: 'CRM_UI', hubspotEventId: '3816279341' },
          },
        ],
      },
      {
        ok: true,
        events: [
          {
            id: '33:22:3816279480',
            type: 'crm.account_updated',
            occurredAt: '2026-03-01T10:00:02.000Z',
            customerId: '1246978',
            properties: { changes: {}, created: true, changeSource: 'IMPORT', hubspotEventId: '3816279480' },
          },
        ],
      },
      {
        ok: true,
        events: [
          {
            id: '33:31:3816279512',
            type: 'crm.deal_updated',
            occurredAt: '2026-03-01T10:00:03.000Z',
            properties: { dealId: '9876543210', changes: { dealstage: 'closedwon', stage: 'closedwon' }, changeSource: 'CRM_UI', hubspotEventId: '3816279512' },
          },
        ],
      },
      {
        ok: true,
        events: [
          {
            id: '33:30:3816279600',
            type: 'crm.deal_updated',
            occurredAt: '2026-03-01T10:00:04.000Z',
            properties: { dealId: '9876543211', changes: {}, created: true, changeSource: 'API', hubspotEventId: '3816279600' },
          },
        ],
      },
      {
        ok: true,
        events: [
          {
            id: '33:40:3816279700',
            type: 'crm.account_updated',
            occurredAt: '2026-03-01T10:00:05.000Z',
            customerId: '1246965',
            properties: { changes: { hs_health_score: '72', healthScore: 72 }, changeSource: 'AUTOMATION_PLATFORM', hubspotEventId: '3816279700' },
          },
        ],
      },
      { ok: true, events: [], ignored: 'hubspot subscription type contact.propertyChange is not mapped' },
      { ok: true, events: [], ignored: 'hubspot subscription type company.deletion is not mapped' },
    ]);
  });

  it('keeps a health score that is not a number 0-100 under its raw name only', () => {
    for (const value of ['high', '140', '']) {
      const item = { ...batch[5], propertyValue: value };
      expect(normalise(item)).toMatchObject({ ok: true, events: [{ properties: { changes: { hs_health_score: value } } }] });
      expect(normalise(item)).not.toMatchObject({ ok: true, events: [{ properties: { changes: { healthScore: expect.anything() } } }] });
    }
  });

  it('keeps a cleared property as null', () => {
    const { propertyValue: _, ...cleared } = batch[1]!;
    expect(normalise(cleared)).toMatchObject({ ok: true, events: [{ properties: { changes: { hubspot_owner_id: null, owner: null } } }] });
  });

  it.each([
    ['not an object', 'text', 'invalid_field', '[0]'],
    ['missing eventId', { ...batch[0], eventId: undefined }, 'missing_field', '[0].eventId'],
    ['occurredAt as a word', { ...batch[0], occurredAt: 'today' }, 'invalid_field', '[0].occurredAt'],
    ['objectId as an object', { ...batch[0], objectId: { id: 1 } }, 'invalid_field', '[0].objectId'],
    ['a property change without a name', { ...batch[0], propertyName: undefined }, 'missing_field', '[0].propertyName'],
    ['an object as the value', { ...batch[0], propertyValue: { a: 1 } }, 'invalid_field', '[0].propertyValue'],
    ['missing portalId', { ...batch[0], portalId: undefined }, 'missing_field', '[0].portalId'],
  ])('refuses %s', (_, item, code, field) => {
    expect(normalise(item)).toMatchObject({ ok: false, rejection: { code, field } });
  });
});

describe('hubspot verify', () => {
  const secret = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
  const url = 'https://tally.example.com/v1/webhooks/hubspot?tenant=acme%3Aeu&note=a%20b%2Fc';
  const signedUri = 'https://tally.example.com/v1/webhooks/hubspot?tenant=acme:eu&note=a%20b/c';
  const rawBody = JSON.stringify(batch);
  const timestamp = '1772359260000';
  const now = 1772359290000;
  const sign = (body = rawBody, key = secret, ts = timestamp) => createHmac('sha256', key).update(`POST${signedUri}${body}${ts}`).digest('base64');
  const verify = (headers: Record<string, string | undefined>, body = rawBody, nowMs = now, config: { secret?: string } = { secret }) =>
    hubspotConnector.verify!({ method: 'POST', url, headers, rawBody: body }, config, nowMs);

  it('decodes only the listed escapes in the URI', () => {
    expect(hubspotSignedUri(url)).toBe(signedUri);
    expect(hubspotSignedUri('https://x/%3a%40%21%24%27%28%29%2a%2c%3b%3F%25')).toBe("https://x/:@!$'()*,;?%25");
  });

  it('accepts a valid v3 signature', () => {
    expect(verify({ 'x-hubspot-signature-v3': sign(), 'x-hubspot-request-timestamp': timestamp })).toEqual({ ok: true });
  });

  it('refuses a tampered body and a wrong secret', () => {
    const headers = { 'x-hubspot-signature-v3': sign(), 'x-hubspot-request-timestamp': timestamp };
    expect(verify(headers, rawBody.replace('closedwon', 'closedlost'))).toMatchObject({ ok: false, code: 'signature_invalid' });
    expect(verify({ ...headers, 'x-hubspot-signature-v3': sign(rawBody, 'other-secret') })).toMatchObject({ ok: false, code: 'signature_invalid' });
    expect(verify({ ...headers, 'x-hubspot-request-timestamp': String(Number(timestamp) + 1) })).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('refuses a timestamp more than five minutes old', () => {
    const old = String(now - 5 * 60 * 1000 - 1);
    expect(verify({ 'x-hubspot-signature-v3': sign(rawBody, secret, old), 'x-hubspot-request-timestamp': old })).toMatchObject({ ok: false, code: 'signature_stale' });
  });

  it('refuses missing headers, and says so when no secret is configured', () => {
    expect(verify({ 'x-hubspot-request-timestamp': timestamp })).toMatchObject({ ok: false, code: 'signature_missing' });
    expect(verify({ 'x-hubspot-signature-v3': sign() })).toMatchObject({ ok: false, code: 'signature_missing' });
    expect(verify({ 'x-hubspot-signature-v3': sign(), 'x-hubspot-request-timestamp': timestamp }, rawBody, now, {})).toEqual({
      ok: false,
      code: 'signature_invalid',
      message: expect.stringContaining('no client secret configured'),
    });
  });
});
