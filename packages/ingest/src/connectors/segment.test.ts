/**
 * Fixtures follow Segment's documented webhook payloads: classic-*.json are the Webhooks (Classic)
 * destination examples (segment-docs src/connections/destinations/catalog/webhooks: Track with the string
 * `"revenue": "39.95"`, Identify, Screen; a messageId added, as every delivered message carries one);
 * group.json and alias.json are the complete examples of src/connections/spec/group.md and alias.md;
 * actions-batch.json is what Webhooks (Actions) posts with batching on (action-destinations
 * webhook/send `performBatch`: a JSON array of the events); delete.json is the classic "Delete" example.
 * Signatures: X-Signature = hex HMAC-SHA1 of the body with the shared secret (webhooks "Authentication");
 * with batching, Segment signs JSON.stringify of the first event only (Twilio support article 51193799782171).
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { segmentConnector } from './segment.ts';
import type { NormaliseResult, SignedRequest, SourceConfig } from './types.ts';

const raw = (name: string) => readFileSync(new URL(`./fixtures/segment/${name}`, import.meta.url), 'utf8');

function run(body: unknown): NormaliseResult[] {
  const split = segmentConnector.items(body, {});
  if (!split.ok) throw new Error(split.rejection.message);
  return split.items.map((item, i) => segmentConnector.normalise(item, { config: {}, path: split.paths[i] ?? '' }));
}
const events = (name: string) => run(JSON.parse(raw(name))).map((r) => (r.ok ? r.events : r));

describe('segment connector: mapping', () => {
  it('is the webhook source named segment', () => {
    expect(segmentConnector).toMatchObject({ name: 'segment', version: 1, transport: 'webhook' });
  });

  it('maps the classic track example, revenue given as text', () => {
    expect(events('classic-track.json')).toEqual([[{
      id: '022bb90c-bbac-11e4-8dfc-aa07a5b093db', type: 'product.purchased_an_item', occurredAt: '2012-12-02T00:30:08.276Z',
      customerId: '12345', userId: '019mr8mf4r',
      properties: { locale: 'en-US', timezone: 'Europe/Amsterdam', revenue: '39.95', shippingMethod: '2-day', event: 'Purchased an Item' },
      revenue: { amountMinor: 3995, currency: 'USD' },
    }]]);
  });

  it('maps the classic identify example, traits and email kept', () => {
    expect(events('classic-identify.json')).toEqual([[{
      id: '022bb90c-bbac-11e4-8dfc-aa07a5b093dc', type: 'identity.user_identified', occurredAt: '2012-12-02T00:30:08.276Z', userId: '019mr8mf4r',
      properties: { email: 'achilles@segment.com', name: 'Achilles', subscriptionPlan: 'Premium', friendCount: 29 },
    }]]);
  });

  it('maps the classic screen example with its device context', () => {
    expect(events('classic-screen.json')).toEqual([[{
      id: '022bb90c-bbac-11e4-8dfc-aa07a5b093dd', type: 'product.screen_viewed', occurredAt: '2012-12-02T00:30:08.276Z', userId: '019mr8mf4r',
      properties: { os: 'iPhone OS', appVersion: '2.0.0', deviceType: 'ios', name: 'Main Screen' },
    }]]);
  });

  it('maps the spec group and alias examples', () => {
    expect(events('group.json')).toEqual([[{
      id: '022bb90c-bbac-11e4-8dfc-aa07a5b093db', type: 'identity.account_identified', occurredAt: '2015-02-23T22:28:55.111Z',
      customerId: '0e8c78ea9d97a7b8185e8632', userId: '97980cfea0067',
      properties: { name: 'Initech', industry: 'Technology', employees: 329, plan: 'enterprise', 'total billed': 830, anonymousId: '507f191e810c19729de860ea' },
    }]]);
    expect(events('alias.json')).toEqual([[{
      id: '022bb90c-bbac-11e4-8dfc-aa07a5b093db', type: 'identity.user_aliased', occurredAt: '2015-02-23T22:28:55.111Z', userId: '507f191e81',
      properties: { previousId: '39239-239239-239239-23923', anonymousId: '507f191e810c19729de860ea' },
    }]]);
  });

  it('splits a batched Actions request into its events', () => {
    const split = segmentConnector.items(JSON.parse(raw('actions-batch.json')), {});
    expect(split.ok && split.paths).toEqual(['[0]', '[1]']);
    expect(events('actions-batch.json')).toEqual([
      [{
        id: 'ajs-next-1', type: 'product.page_viewed', occurredAt: '2012-12-02T00:30:08.276Z', userId: '019mr8mf4r',
        properties: { path: '/pricing', referrer: 'https://segment.com', title: 'Segment Pricing', url: 'https://segment.com/pricing' },
      }],
      [{
        id: 'ajs-next-2', type: 'product.feature_used', occurredAt: '2012-12-02T00:30:09.000Z', customerId: '12345', userId: '019mr8mf4r',
        properties: { feature: 'dashboards', event: 'Feature Used' },
      }],
    ]);
  });

  it('ignores the delete notification', () => {
    expect(run(JSON.parse(raw('delete.json')))).toEqual([{ ok: true, events: [], ignored: 'Segment "delete" messages are not mapped to Tally events' }]);
  });

  it('refuses a message without messageId, naming the field', () => {
    const { messageId: _, ...noId } = JSON.parse(raw('classic-track.json')) as Record<string, unknown>;
    expect(run(noId)).toEqual([{ ok: false, rejection: { code: 'missing_field', field: 'messageId', message: 'messageId: is required' } }]);
  });
});

describe('segment connector: X-Signature', () => {
  const secret = 'whsec-shared-secret';
  const sign = (body: string, key = secret) => createHmac('sha1', key).update(body, 'utf8').digest('hex');
  const request = (rawBody: string, signature?: string): SignedRequest => ({
    method: 'POST',
    url: 'https://tally.example.com/v1/webhooks/segment',
    headers: { 'content-type': 'application/json', 'x-signature': signature },
    rawBody,
  });
  const verify = (req: SignedRequest, config: SourceConfig = { secret }) => segmentConnector.verify?.(req, config, Date.UTC(2024, 0, 1));
  const body = raw('classic-track.json');

  it('accepts the HMAC-SHA1 of the raw body, in either case', () => {
    expect(verify(request(body, sign(body)))).toEqual({ ok: true });
    expect(verify(request(body, sign(body).toUpperCase()))).toEqual({ ok: true });
  });

  it('refuses a tampered body', () => {
    expect(verify(request(body.replace('39.95', '3995.00'), sign(body)))).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('refuses a signature made with another secret', () => {
    expect(verify(request(body, sign(body, 'other-secret')))).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('refuses a request without the header', () => {
    expect(verify(request(body))).toEqual({ ok: false, code: 'signature_missing', message: 'x-signature header is missing' });
    expect(verify(request(body, '  '))).toMatchObject({ ok: false, code: 'signature_missing' });
  });

  it('refuses everything when the source has no secret configured', () => {
    expect(verify(request(body, sign(body)), {})).toEqual({ ok: false, code: 'signature_invalid', message: 'the segment source has no secret configured' });
  });

  it('accepts any one of several signatures in the header', () => {
    expect(verify(request(body, `${sign(body, 'old-secret')}, ${sign(body)}`))).toEqual({ ok: true });
  });

  it('has no timestamp to go stale: an old signed message still verifies (dedup by messageId handles replays)', () => {
    expect(segmentConnector.verify?.(request(body, sign(body)), { secret }, Date.UTC(2099, 0, 1))).toEqual({ ok: true });
  });

  describe('batched Webhooks (Actions), signed over the first event only', () => {
    const batch = raw('actions-batch.json');
    const firstEventSig = sign(JSON.stringify((JSON.parse(batch) as unknown[])[0]));
    const optIn: SourceConfig = { secret, options: { acceptFirstEventSignature: true } };

    it('is refused unless the source opts in', () => {
      expect(verify(request(batch, firstEventSig))).toMatchObject({ ok: false, code: 'signature_invalid' });
    });

    it('is accepted when the source opts in', () => {
      expect(verify(request(batch, firstEventSig), optIn)).toEqual({ ok: true });
    });

    it('still needs the first event intact and the right secret', () => {
      expect(verify(request(batch.replace('/pricing', '/admin'), firstEventSig), optIn)).toMatchObject({ ok: false, code: 'signature_invalid' });
      const wrong = sign(JSON.stringify((JSON.parse(batch) as unknown[])[0]), 'other-secret');
      expect(verify(request(batch, wrong), optIn)).toMatchObject({ ok: false, code: 'signature_invalid' });
    });

    it('still accepts a batch signed over the whole body', () => {
      expect(verify(request(batch, sign(batch)))).toEqual({ ok: true });
    });
  });
});
