/**
 * Fixtures follow Segment's documented shapes, which Tally's API accepts as-is: fixtures/tally/batch.json is
 * the HTTP Tracking API `batch` example (segment-docs src/connections/sources/catalog/libraries/server/http-api,
 * "Batch", with `writeKey` and a batch-level `context`) with messageIds added and more call types; track.json
 * is the "complete example" of src/connections/spec/track.md.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tallyConnector } from './tally.ts';
import type { NormaliseResult } from './types.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/tally/${name}`, import.meta.url), 'utf8'));

function run(body: unknown): NormaliseResult[] {
  const split = tallyConnector.items(body, {});
  if (!split.ok) throw new Error(split.rejection.message);
  return split.items.map((item, i) => tallyConnector.normalise(item, { config: {}, path: split.paths[i] ?? '' }));
}

describe('tally connector', () => {
  it('is the batch source named tally', () => {
    expect(tallyConnector).toMatchObject({ name: 'tally', version: 1, transport: 'batch' });
    expect(tallyConnector.verify).toBeUndefined();
  });

  it('splits a batch with paths and merges the batch-level context', () => {
    const split = tallyConnector.items(fixture('batch.json'), {});
    expect(split.ok && split.paths).toEqual(['batch[0]', 'batch[1]', 'batch[2]', 'batch[3]', 'batch[4]', 'batch[5]', 'batch[6]', 'batch[7]', 'batch[8]']);
  });

  it('maps the documented batch to canonical drafts', () => {
    const events = run(fixture('batch.json')).map((r) => (r.ok ? r.events : r));
    expect(events).toEqual([
      [{
        id: 'msg-identify-1', type: 'identity.user_identified', occurredAt: '2012-12-02T00:30:08.276Z', customerId: 'acct_initech', userId: '019mr8mf4r',
        // identity traits keep the email; the password never leaves the connector
        properties: { email: 'jake@yahoo.com', name: 'Jake Peterson', age: 26 },
      }],
      [{
        id: 'msg-track-1', type: 'product.song_played', occurredAt: '2012-12-02T00:30:12.984Z', userId: '019mr8mf4r',
        properties: { deviceType: 'phone', name: 'Fallin for You', artist: 'Dierks Bentley', event: 'Song Played' },
      }],
      [{
        // no timestamp: originalTimestamp is next in line; anonymousId stands in for the user; accountId is the customer
        id: 'msg-track-2', type: 'product.feature_used', occurredAt: '2015-12-10T04:08:31.905Z', customerId: 'acct_initech',
        userId: '507f191e810c19729de860ea',
        properties: { deviceType: 'phone', anonymousId: '507f191e810c19729de860ea', feature: 'csv_export', accountId: 'acct_initech', event: 'Feature Used' },
      }],
      [{
        // revenue in major units → minor units; lower-case currency accepted; the email in a track's properties is dropped
        id: 'msg-track-3', type: 'product.item_purchased', occurredAt: '2012-12-02T00:30:12.984Z', customerId: 'acct_initech', userId: '019mr8mf4r',
        properties: { deviceType: 'phone', name: 'Leap to Conclusions Mat', revenue: 14.99, currency: 'usd', event: 'Item Purchased' },
        revenue: { amountMinor: 1499, currency: 'USD' },
      }],
      [{
        // JPY has no minor unit
        id: 'msg-track-4', type: 'product.order_completed', occurredAt: '2012-12-02T00:31:00.000Z', customerId: 'acct_tokyo', userId: '971mj8mk7p',
        properties: { deviceType: 'phone', revenue: 1200, currency: 'JPY', account_id: 'acct_tokyo', event: 'Order Completed' },
        revenue: { amountMinor: 1200, currency: 'JPY' },
      }],
      [{
        id: 'msg-page-1', type: 'product.page_viewed', occurredAt: '2012-12-02T00:31:29.738Z', userId: '019mr8mf4r',
        properties: { deviceType: 'phone', path: '/docs', url: 'https://example.com/docs', name: 'Tracking HTTP API' },
      }],
      [{
        id: 'msg-screen-1', type: 'product.screen_viewed', occurredAt: '2012-12-02T00:31:29.738Z', userId: '019mr8mf4r',
        properties: { deviceType: 'phone', name: 'Tracking HTTP API' },
      }],
      [{
        id: 'msg-group-1', type: 'identity.account_identified', occurredAt: '2012-12-02T00:31:38.208Z', customerId: '8e9df332ac', userId: '019mr8mf4r',
        properties: { name: 'Initech', industry: 'Technology', employees: 420 },
      }],
      [{
        id: 'msg-alias-1', type: 'identity.user_aliased', occurredAt: '2012-12-02T00:31:29.738Z', userId: '019mr8mf4r',
        properties: { previousId: '39239-239239-239239-23923' },
      }],
    ]);
  });

  it('never copies the write key', () => {
    expect(JSON.stringify(run(fixture('batch.json')))).not.toContain('YOUR_WRITE_KEY');
  });

  it('maps the complete track example from the spec', () => {
    expect(run(fixture('track.json'))).toEqual([{
      ok: true,
      events: [{
        id: 'ajs-f8ca1e4de5024d9430b3928bd8ac6b96',
        type: 'product.course_clicked',
        occurredAt: '2015-12-12T19:11:01.249Z',
        userId: 'AiUGstSDIg',
        properties: {
          url: 'https://segment.com/academy/',
          path: '/academy/',
          userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/46.0.2490.86 Safari/537.36',
          library: 'analytics.js',
          anonymousId: '23adfd82-aa0f-45a7-a756-24f2a7a4c895',
          title: 'Intro to Analytics',
          event: 'Course Clicked',
        },
      }],
    }]);
  });

  it('refuses a body that is not a message or a batch', () => {
    expect(tallyConnector.items('nope', {})).toMatchObject({ ok: false, rejection: { code: 'invalid_item', field: '' } });
    expect(tallyConnector.items({ batch: {} }, {})).toMatchObject({ ok: false, rejection: { code: 'invalid_field', field: 'batch' } });
  });

  it('names the batch path of a bad message', () => {
    const results = run({ batch: [{ type: 'track', event: 'x', userId: 'u', timestamp: '2024-01-01T00:00:00Z' }, 7] });
    expect(results).toEqual([
      { ok: false, rejection: { code: 'missing_field', field: 'batch[0].messageId', message: 'batch[0].messageId: is required' } },
      { ok: false, rejection: { code: 'invalid_field', field: 'batch[1]', message: 'batch[1]: expected an object, got number' } },
    ]);
  });
});
